#include "core/live/http_server.h"

#include <strings.h>

#include <deque>

#include "core/check.h"
#include "core/live/live_log.h"

namespace logsim {
namespace {

// A client may pipeline this many requests before the server stops reading
// from it until answers have gone out: the bound on memory per connection.
constexpr std::size_t kMaxPending = 64;
// Answers written but not yet taken by the kernel: a client that sends and
// never reads stops being read past this (and is closed when idle).
constexpr std::size_t kMaxBufferedOut = 1 << 20;
constexpr std::size_t kReadBufferBytes = 64 * 1024;

std::uint64_t timeout_ms(TimeNs t) { return static_cast<std::uint64_t>((t + kNsPerMs - 1) / kNsPerMs); }

}  // namespace

struct HttpServer::Connection final : HttpRequestSink {
  explicit Connection(HttpServer* owner)
      : server(owner), parser(HttpRequestLimits{owner->limits_.max_body_bytes, owner->limits_.max_headers}, *this) {}

  void on_request_begin() override { server->arm_timer(this, server->limits_.header_timeout); }
  void on_request_headers(const HttpRequest& request) override { server->on_headers(this, request); }
  // Rearmed per chunk: a body that keeps arriving is not idle.
  void on_request_body() override { server->arm_timer(this, server->limits_.idle_timeout); }
  bool on_request(HttpRequest& request) override { return server->on_request(this, request); }

  uv_tcp_t tcp{};
  uv_timer_t timer{};
  uv_write_t write_req{};
  HttpServer* server;
  HttpRequestParser parser;
  std::uint32_t slot = 0;
  int open_handles = 0;

  bool refused = false;          // over max_connections: gets one 503
  bool counted = false;          // counts toward active_connections_
  bool parsing_stopped = false;  // after an error or a request ending the connection
  bool read_paused = false;      // too many answers pending
  bool reading = false;
  bool in_feed = false;
  bool peer_done = false;  // the client sent EOF
  bool close_after_write = false;
  bool closing = false;
  bool writing = false;
  std::string stash;  // input not parsed yet while reading is paused

  struct Pending {
    bool ready = false;
    bool close = false;
    std::string data;
  };
  std::deque<Pending> pending;
  std::uint64_t front_sequence = 0;  // sequence of pending.front()
  std::string out;                   // handed to uv_write
  std::string next_out;              // gathered while `out` is being written
};

// libuv calls plain functions; these forward to the server.
struct HttpServerCallbacks {
  using Connection = HttpServer::Connection;

  static void on_alloc(uv_handle_t* handle, std::size_t /*suggested*/, uv_buf_t* buf) noexcept {
    auto* c = static_cast<Connection*>(handle->data);
    *buf = uv_buf_init(c->server->read_buffer_.data(), static_cast<unsigned>(c->server->read_buffer_.size()));
  }

  static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) noexcept {
    auto* c = static_cast<Connection*>(stream->data);
    HttpServer* s = c->server;
    if (c->closing) return;
    if (nread < 0) {
      // EOF after pipelined requests still gets their answers (half close),
      // those not answered yet and those still being written; a reset, or
      // an EOF with nothing owed, ends the connection.
      s->set_reading(c, false);
      if (nread == UV_EOF && (!c->pending.empty() || c->writing) && !c->parser.in_message()) {
        c->peer_done = true;
        return;
      }
      s->close_connection(c);
      return;
    }
    if (nread == 0 || c->refused) return;
    s->feed(c, buf->base, static_cast<std::size_t>(nread));
    s->maybe_resume_reading(c);
  }

  static void on_write(uv_write_t* req, int status) noexcept {
    auto* c = static_cast<Connection*>(req->data);
    c->writing = false;
    if (c->closing) return;
    if (status < 0) {
      c->server->close_connection(c);
      return;
    }
    c->out.clear();
    c->out.swap(c->next_out);
    c->server->start_write(c);
    if (!c->closing) c->server->after_output(c);
  }

  static void on_timer(uv_timer_t* timer) noexcept {
    auto* c = static_cast<Connection*>(timer->data);
    HttpServer* s = c->server;
    if (c->closing) return;
    if (c->parser.in_message() && !c->parsing_stopped) {
      ++s->counters_.timeouts;
      s->fail_request(c, 408);
    } else if (c->pending.empty()) {
      s->close_connection(c);
    }
  }

  static void on_close(uv_handle_t* handle) noexcept {
    auto* c = static_cast<Connection*>(handle->data);
    c->server->on_handle_closed(c);
  }

  static void on_connection(uv_stream_t* listener, int status) noexcept {
    auto* s = static_cast<HttpServer*>(listener->data);
    if (!uv_ok(status, "http server: accept")) return;
    s->accept_one();
  }

  static void on_listener_closed(uv_handle_t* handle) noexcept {
    static_cast<HttpServer*>(handle->data)->listener_open_ = false;
  }
};

HttpServer::HttpServer(uv_loop_t* loop, const HttpServerLimits& limits, HttpHandler& handler)
    : loop_(loop), limits_(limits), handler_(handler), read_buffer_(kReadBufferBytes) {}

HttpServer::~HttpServer() {
  // Connections free themselves in their close callbacks; if any is left the
  // loop was not run after close(), and its memory would be used after free.
  LOGSIM_CHECK(open_connections_ == 0 && !listener_open_);
}

bool HttpServer::listen(const Endpoint& endpoint, std::string* error) {
  int rc = uv_tcp_init(loop_, &listener_);
  if (rc != 0) {
    *error = std::string("cannot create a socket: ") + uv_strerror(rc);
    return false;
  }
  listener_.data = this;
  listener_open_ = true;
  rc = uv_tcp_bind(&listener_, reinterpret_cast<const sockaddr*>(&endpoint.address), 0);
  if (rc == 0) rc = uv_listen(reinterpret_cast<uv_stream_t*>(&listener_), 1024, HttpServerCallbacks::on_connection);
  if (rc != 0) {
    *error = "cannot listen on " + endpoint.host_header + ": " + uv_strerror(rc);
    uv_close(reinterpret_cast<uv_handle_t*>(&listener_), HttpServerCallbacks::on_listener_closed);
    return false;
  }
  sockaddr_storage bound{};
  int length = sizeof bound;
  rc = uv_tcp_getsockname(&listener_, reinterpret_cast<sockaddr*>(&bound), &length);
  if (!uv_ok(rc, "http server: getsockname")) {
    port_ = endpoint.port;
  } else if (bound.ss_family == AF_INET6) {
    port_ = ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  } else {
    port_ = ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  }
  listening_ = true;
  return true;
}

void HttpServer::accept_one() {
  auto* c = new Connection(this);
  if (!uv_ok(uv_tcp_init(loop_, &c->tcp), "http server: tcp init")) {
    delete c;
    return;
  }
  c->tcp.data = c;
  c->timer.data = c;
  c->write_req.data = c;
  c->open_handles = 1;
  if (!uv_ok(uv_timer_init(loop_, &c->timer), "http server: timer init")) {
    c->closing = true;
    uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), [](uv_handle_t* h) { delete static_cast<Connection*>(h->data); });
    return;
  }
  c->open_handles = 2;
  if (free_slots_.empty()) {
    free_slots_.push_back(static_cast<std::uint32_t>(connections_.size()));
    connections_.push_back(nullptr);
    generations_.push_back(0);
  }
  c->slot = free_slots_.back();
  free_slots_.pop_back();
  connections_[c->slot] = c;
  ++open_connections_;
  if (!uv_ok(uv_accept(reinterpret_cast<uv_stream_t*>(&listener_), reinterpret_cast<uv_stream_t*>(&c->tcp)),
             "http server: accept")) {
    close_connection(c);
    return;
  }
  if (active_connections_ >= limits_.max_connections) {
    // Answering beats a silent close: the client learns it should back off.
    ++counters_.connections_refused;
    c->refused = true;
    c->parsing_stopped = true;
    c->pending.emplace_back();
    c->pending.back().ready = true;
    c->pending.back().close = true;
    append_http_response(&c->pending.back().data, 503, "text/plain", "too many connections\n", "Retry-After: 1\r\n",
                         true);
    flush(c);
    return;
  }
  ++active_connections_;
  c->counted = true;
  ++counters_.connections_accepted;
  uv_ok(uv_tcp_nodelay(&c->tcp, 1), "http server: nodelay");
  set_reading(c, true);
  arm_timer(c, limits_.header_timeout);
}

void HttpServer::on_headers(Connection* c, const HttpRequest& request) {
  // curl asks before sending bodies over 1 KiB; without an interim answer
  // it waits a second. Only sent when no earlier answer is outstanding, so
  // it cannot overtake one.
  const std::string* expect = request.header("expect");
  if (expect != nullptr && c->pending.empty() && expect->size() == 12 &&
      strncasecmp(expect->c_str(), "100-continue", 12) == 0) {
    (c->writing ? c->next_out : c->out).append("HTTP/1.1 100 Continue\r\n\r\n");
    start_write(c);
  }
  arm_timer(c, limits_.idle_timeout);
}

bool HttpServer::on_request(Connection* c, HttpRequest& request) {
  arm_timer(c, 0);
  const ResponseToken token{c->slot, generations_[c->slot], c->front_sequence + c->pending.size()};
  c->pending.emplace_back();
  c->pending.back().close = !request.keep_alive;
  // After a request that ends the connection, what follows is not answered;
  // past kMaxPending answers owed, reading waits until some have gone out.
  if (!request.keep_alive) c->parsing_stopped = true;
  const bool pause = !request.keep_alive || c->pending.size() >= kMaxPending ||
                     c->out.size() + c->next_out.size() >= kMaxBufferedOut;
  ++counters_.requests;
  handler_.on_request(request, token);
  return pause;
}

void HttpServer::feed(Connection* c, const char* data, std::size_t length) {
  if (c->parsing_stopped || c->closing) return;
  c->in_feed = true;
  std::size_t parsed = 0;
  const HttpRequestParser::Status status = c->parser.feed(data, length, &parsed);
  c->in_feed = false;
  if (c->closing) return;
  switch (status) {
    case HttpRequestParser::Status::kOk:
      return;
    case HttpRequestParser::Status::kPaused:
      if (!c->parsing_stopped) {
        c->stash.assign(data + parsed, length - parsed);
        c->read_paused = true;
      }
      set_reading(c, false);
      return;
    case HttpRequestParser::Status::kError:
      fail_request(c, c->parser.error_status());
      return;
    case HttpRequestParser::Status::kUpgrade:
      // Bytes after an Upgrade belong to a protocol this server does not speak.
      c->parsing_stopped = true;
      set_reading(c, false);
      return;
  }
}

void HttpServer::maybe_resume_reading(Connection* c) {
  while (!c->in_feed && !c->closing && c->read_paused && !c->parsing_stopped && c->pending.size() < kMaxPending / 2 &&
         c->out.size() + c->next_out.size() < kMaxBufferedOut / 2) {
    c->read_paused = false;
    c->parser.resume();
    std::string input;
    input.swap(c->stash);
    feed(c, input.data(), input.size());
    if (!c->read_paused && !c->parsing_stopped && !c->closing) set_reading(c, true);
  }
}

void HttpServer::fail_request(Connection* c, int status) {
  if (status != 408) ++counters_.bad_requests;
  c->parsing_stopped = true;
  set_reading(c, false);
  arm_timer(c, 0);
  c->pending.emplace_back();
  Connection::Pending& p = c->pending.back();
  p.ready = true;
  p.close = true;
  std::string body = std::string(http_status_reason(status)) + "\n";
  append_http_response(&p.data, status, "text/plain", body, {}, true);
  flush(c);
}

void HttpServer::respond(const ResponseToken& token, int status, std::string_view content_type, std::string_view body,
                         std::string_view extra_headers) {
  if (token.connection >= connections_.size() || generations_[token.connection] != token.generation) return;
  Connection* c = connections_[token.connection];
  if (c == nullptr || c->closing || token.sequence < c->front_sequence) return;
  const std::uint64_t index = token.sequence - c->front_sequence;
  if (index >= c->pending.size() || c->pending[index].ready) return;
  Connection::Pending& p = c->pending[index];
  p.ready = true;
  if (index == 0 && p.data.empty()) {
    // The common case: answer the oldest request straight into the output,
    // without an intermediate copy.
    std::string& target = c->writing ? c->next_out : c->out;
    append_http_response(&target, status, content_type, body, extra_headers, p.close);
    if (p.close) {
      c->close_after_write = true;
      c->parsing_stopped = true;
      c->pending.clear();
    } else {
      c->pending.pop_front();
    }
    ++c->front_sequence;
  } else {
    append_http_response(&p.data, status, content_type, body, extra_headers, p.close);
  }
  flush(c);
}

void HttpServer::flush(Connection* c) {
  while (!c->pending.empty() && c->pending.front().ready) {
    Connection::Pending& p = c->pending.front();
    std::string& target = c->writing ? c->next_out : c->out;
    if (target.empty()) {
      target.swap(p.data);
    } else {
      target += p.data;
    }
    ++c->front_sequence;
    if (p.close) {
      // Nothing after a closing answer is sent.
      c->close_after_write = true;
      c->parsing_stopped = true;
      c->pending.clear();
      break;
    }
    c->pending.pop_front();
  }
  start_write(c);
  if (!c->closing) after_output(c);
}

void HttpServer::start_write(Connection* c) {
  while (!c->writing && !c->closing && !c->out.empty()) {
    uv_buf_t buf = uv_buf_init(c->out.data(), static_cast<unsigned>(c->out.size()));
    int written = uv_try_write(reinterpret_cast<uv_stream_t*>(&c->tcp), &buf, 1);
    if (written == UV_EAGAIN) written = 0;
    if (written < 0) {
      close_connection(c);
      return;
    }
    if (static_cast<std::size_t>(written) == c->out.size()) {
      c->out.clear();
      c->out.swap(c->next_out);
      continue;
    }
    // The kernel took part of it: libuv writes the rest from `out`, which
    // stays untouched until on_write (new answers gather in next_out).
    buf = uv_buf_init(c->out.data() + written, static_cast<unsigned>(c->out.size() - written));
    const int rc = uv_write(&c->write_req, reinterpret_cast<uv_stream_t*>(&c->tcp), &buf, 1,
                            HttpServerCallbacks::on_write);
    if (!uv_ok(rc, "http server: write")) {
      close_connection(c);
      return;
    }
    c->writing = true;
  }
}

void HttpServer::after_output(Connection* c) {
  const bool drained = !c->writing && c->out.empty();
  if (drained && (c->close_after_write || (c->peer_done && c->pending.empty()))) {
    close_connection(c);
    return;
  }
  if (c->pending.empty() && !c->parser.in_message() && !c->close_after_write) arm_timer(c, limits_.idle_timeout);
  maybe_resume_reading(c);
}

void HttpServer::set_reading(Connection* c, bool on) {
  if (c->reading == on || c->closing) return;
  auto* stream = reinterpret_cast<uv_stream_t*>(&c->tcp);
  if (on) {
    if (!uv_ok(uv_read_start(stream, HttpServerCallbacks::on_alloc, HttpServerCallbacks::on_read),
               "http server: read start")) {
      close_connection(c);
      return;
    }
  } else {
    uv_ok(uv_read_stop(stream), "http server: read stop");
  }
  c->reading = on;
}

void HttpServer::arm_timer(Connection* c, TimeNs timeout) {
  if (c->closing) return;
  if (timeout <= 0) {
    uv_ok(uv_timer_stop(&c->timer), "http server: timer stop");
    return;
  }
  uv_ok(uv_timer_start(&c->timer, HttpServerCallbacks::on_timer, timeout_ms(timeout), 0), "http server: timer start");
}

void HttpServer::close_connection(Connection* c) {
  if (c->closing) return;
  c->closing = true;
  if (c->counted) --active_connections_;
  // Free the slot now: tokens for this connection must not match again.
  connections_[c->slot] = nullptr;
  ++generations_[c->slot];
  free_slots_.push_back(c->slot);
  uv_close(reinterpret_cast<uv_handle_t*>(&c->timer), HttpServerCallbacks::on_close);
  uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), HttpServerCallbacks::on_close);
}

void HttpServer::on_handle_closed(Connection* c) {
  if (--c->open_handles > 0) return;
  --open_connections_;
  delete c;
}

void HttpServer::stop_listening() {
  if (!listening_) return;
  listening_ = false;
  uv_close(reinterpret_cast<uv_handle_t*>(&listener_), HttpServerCallbacks::on_listener_closed);
}

void HttpServer::close() {
  stop_listening();
  for (Connection* c : connections_) {
    if (c != nullptr) close_connection(c);
  }
}

}  // namespace logsim

#include "core/live/http_client.h"

#include <http_parser.h>

#include <algorithm>

#include "core/check.h"
#include "core/live/http_message.h"
#include "core/live/live_log.h"

namespace logsim {
namespace {

constexpr std::size_t kReadBufferBytes = 16 * 1024;

std::uint64_t timeout_ms(TimeNs t) { return t <= 0 ? 0 : static_cast<std::uint64_t>((t + kNsPerMs - 1) / kNsPerMs); }

}  // namespace

SendOutcome outcome_of_status(int status) {
  if (status >= 200 && status < 300) return SendOutcome::kOk;
  if (status == 429) return SendOutcome::kThrottled;
  if (status >= 500 && status < 600) return SendOutcome::kServerError;
  return SendOutcome::kRejected;
}

struct HttpClient::Request {
  enum class State : std::uint8_t { kFree, kWaiting, kActive, kFailed };
  uv_timer_t timer{};
  HttpClient* client = nullptr;
  std::uint64_t tag = 0;
  State state = State::kFree;
  SendOutcome failed_outcome = SendOutcome::kOk;
  std::string wire;  // the request's bytes until a connection takes them
  Connection* connection = nullptr;
};

struct HttpClient::Connection {
  uv_tcp_t tcp{};
  uv_connect_t connect_req{};
  uv_write_t write_req{};
  http_parser parser{};
  HttpClient* client = nullptr;
  Request* request = nullptr;
  std::string out;  // bytes of the current request
  bool connected = false;
  bool closing = false;
  bool writing = false;
  bool idle = false;
  bool response_done = false;
  bool keep_alive = true;
  int status = 0;
};

struct HttpClientCallbacks {
  using Connection = HttpClient::Connection;
  using Request = HttpClient::Request;

  static int on_message_complete(http_parser* p) noexcept {
    auto* c = static_cast<Connection*>(p->data);
    // 1xx answers are interim; the final one follows on the same stream.
    if (p->status_code >= 100 && p->status_code < 200) return 0;
    c->response_done = true;
    c->status = p->status_code;
    c->keep_alive = http_should_keep_alive(p) != 0;
    http_parser_pause(p, 1);
    return 0;
  }

  static void on_alloc(uv_handle_t* handle, std::size_t /*suggested*/, uv_buf_t* buf) noexcept {
    auto* c = static_cast<Connection*>(handle->data);
    *buf = uv_buf_init(c->client->read_buffer_.data(), static_cast<unsigned>(c->client->read_buffer_.size()));
  }

  static const http_parser_settings& settings() {
    static const http_parser_settings s = [] {
      http_parser_settings v{};
      v.on_message_complete = on_message_complete;
      return v;
    }();
    return s;
  }

  static void on_read(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) noexcept {
    auto* c = static_cast<Connection*>(stream->data);
    HttpClient* client = c->client;
    if (c->closing || nread == 0) return;
    if (c->request == nullptr) {
      // An idle connection: the server closed it (keep-alive timeout), or
      // sent bytes nobody asked for. Either way it cannot be reused.
      client->close_connection(c);
      return;
    }
    if (nread < 0) {
      // A body delimited by the end of the stream completes on EOF.
      if (nread == UV_EOF) http_parser_execute(&c->parser, &settings(), nullptr, 0);
      if (c->response_done) {
        client->finish_response(c, false);
      } else {
        client->fail_connection(c, SendOutcome::kReset);
      }
      return;
    }
    const std::size_t parsed =
        http_parser_execute(&c->parser, &settings(), buf->base, static_cast<std::size_t>(nread));
    if (c->response_done) {
      // Bytes beyond the answer mean the stream is out of step: do not reuse.
      client->finish_response(c, c->keep_alive && parsed == static_cast<std::size_t>(nread));
    } else if (HTTP_PARSER_ERRNO(&c->parser) != HPE_OK) {
      // The analyzer answered, but not in HTTP: a fault on its side.
      client->fail_connection(c, SendOutcome::kServerError);
    }
  }

  static void on_connect(uv_connect_t* req, int status) noexcept {
    auto* c = static_cast<Connection*>(req->data);
    if (c->closing) return;
    if (status < 0) {
      c->client->fail_connection(c, SendOutcome::kRefused);
      return;
    }
    c->connected = true;
    uv_ok(uv_tcp_nodelay(&c->tcp, 1), "http client: nodelay");
    if (!uv_ok(uv_read_start(reinterpret_cast<uv_stream_t*>(&c->tcp), on_alloc, on_read), "http client: read start")) {
      c->client->fail_connection(c, SendOutcome::kReset);
      return;
    }
    c->client->write(c);
  }

  static void on_write(uv_write_t* req, int status) noexcept {
    auto* c = static_cast<Connection*>(req->data);
    c->writing = false;
    if (c->closing) return;
    if (status < 0) c->client->fail_connection(c, SendOutcome::kReset);
  }

  static void on_connection_closed(uv_handle_t* handle) noexcept {
    auto* c = static_cast<Connection*>(handle->data);
    --c->client->open_handles_;
    delete c;
  }

  static void on_timer(uv_timer_t* timer) noexcept {
    auto* r = static_cast<Request*>(timer->data);
    HttpClient* client = r->client;
    switch (r->state) {
      case Request::State::kFree:
        return;
      case Request::State::kFailed:
        client->complete(r, HttpClientResult{r->failed_outcome, 0});
        return;
      case Request::State::kWaiting: {
        auto& w = client->waiting_;
        w.erase(std::find(w.begin(), w.end(), r));
        client->complete(r, HttpClientResult{SendOutcome::kTimeout, 0});
        return;
      }
      case Request::State::kActive: {
        // The connection is mid-request and cannot be reused.
        Connection* c = r->connection;
        c->request = nullptr;
        r->connection = nullptr;
        client->close_connection(c);
        client->complete(r, HttpClientResult{SendOutcome::kTimeout, 0});
        return;
      }
    }
  }

  static void on_timer_closed(uv_handle_t* handle) noexcept { --static_cast<Request*>(handle->data)->client->open_handles_; }
};

HttpClient::HttpClient(uv_loop_t* loop, const Endpoint& endpoint, std::size_t max_connections,
                       HttpClientListener& listener)
    : loop_(loop),
      endpoint_(endpoint),
      max_connections_(std::max<std::size_t>(1, max_connections)),
      listener_(listener),
      read_buffer_(kReadBufferBytes) {}

HttpClient::~HttpClient() {
  // Handles are freed by libuv's close callbacks; the loop must have run them.
  LOGSIM_CHECK(open_handles_ == 0);
}

HttpClient::Request* HttpClient::allocate_request() {
  if (!free_requests_.empty()) {
    Request* r = free_requests_.back();
    free_requests_.pop_back();
    return r;
  }
  auto r = std::make_unique<Request>();
  r->client = this;
  r->timer.data = r.get();
  if (!uv_ok(uv_timer_init(loop_, &r->timer), "http client: timer init")) return nullptr;
  ++open_handles_;
  requests_.push_back(std::move(r));
  return requests_.back().get();
}

void HttpClient::request(std::uint64_t tag, std::string_view method, std::string_view path, std::string_view headers,
                         std::string_view body, TimeNs timeout) {
  LOGSIM_CHECK(!closed_);
  Request* r = allocate_request();
  // Timer creation fails only when the process is out of resources; there is
  // then no way to report later, so this is fatal rather than silent.
  LOGSIM_CHECK(r != nullptr);
  r->tag = tag;
  ++outstanding_;
  std::string& w = r->wire;
  w.clear();
  w.append(method);
  w.push_back(' ');
  w.append(endpoint_.path_prefix);
  w.append(path);
  w.append(" HTTP/1.1\r\nHost: ");
  w.append(endpoint_.host_header);
  w.append("\r\n");
  w.append(headers);
  if (!body.empty() || method == "POST" || method == "PUT") {
    w.append("Content-Length: ");
    append_decimal(&w, body.size());
    w.append("\r\n");
  }
  w.append("\r\n");
  w.append(body);
  LOGSIM_CHECK(uv_ok(uv_timer_start(&r->timer, HttpClientCallbacks::on_timer, timeout_ms(timeout), 0),
                     "http client: timer start"));
  dispatch(r);
}

void HttpClient::dispatch(Request* r) {
  if (!idle_.empty()) {
    Connection* c = idle_.back();
    idle_.pop_back();
    c->idle = false;
    assign(c, r);
  } else if (connections_.size() < max_connections_) {
    open_connection(r);
  } else {
    r->state = Request::State::kWaiting;
    waiting_.push_back(r);
  }
}

void HttpClient::open_connection(Request* r) {
  auto* c = new Connection;
  c->client = this;
  c->tcp.data = c;
  c->connect_req.data = c;
  c->write_req.data = c;
  if (!uv_ok(uv_tcp_init(loop_, &c->tcp), "http client: tcp init")) {
    delete c;
    fail_later(r, SendOutcome::kRefused);
    return;
  }
  ++open_handles_;
  connections_.push_back(c);
  c->request = r;
  r->connection = c;
  r->state = Request::State::kActive;
  c->out.clear();
  c->out.swap(r->wire);
  http_parser_init(&c->parser, HTTP_RESPONSE);
  c->parser.data = c;
  const int rc = uv_tcp_connect(&c->connect_req, &c->tcp, reinterpret_cast<const sockaddr*>(&endpoint_.address),
                                HttpClientCallbacks::on_connect);
  if (rc != 0) fail_connection(c, SendOutcome::kRefused);
}

void HttpClient::assign(Connection* c, Request* r) {
  c->request = r;
  r->connection = c;
  r->state = Request::State::kActive;
  c->out.clear();
  c->out.swap(r->wire);
  c->response_done = false;
  c->status = 0;
  http_parser_init(&c->parser, HTTP_RESPONSE);
  c->parser.data = c;
  write(c);
}

void HttpClient::write(Connection* c) {
  if (!c->connected || c->writing) return;
  uv_buf_t buf = uv_buf_init(c->out.data(), static_cast<unsigned>(c->out.size()));
  int written = uv_try_write(reinterpret_cast<uv_stream_t*>(&c->tcp), &buf, 1);
  if (written == UV_EAGAIN) written = 0;
  if (written < 0) {
    fail_connection(c, SendOutcome::kReset);
    return;
  }
  if (static_cast<std::size_t>(written) == c->out.size()) return;
  // `out` stays untouched until on_write: the connection is busy until its
  // answer arrives, and a timeout closes the connection rather than reuse it.
  buf = uv_buf_init(c->out.data() + written, static_cast<unsigned>(c->out.size() - written));
  const int rc = uv_write(&c->write_req, reinterpret_cast<uv_stream_t*>(&c->tcp), &buf, 1,
                          HttpClientCallbacks::on_write);
  if (!uv_ok(rc, "http client: write")) {
    fail_connection(c, SendOutcome::kReset);
    return;
  }
  c->writing = true;
}

void HttpClient::finish_response(Connection* c, bool reusable) {
  Request* r = c->request;
  const HttpClientResult result{outcome_of_status(c->status), c->status};
  c->request = nullptr;
  r->connection = nullptr;
  // The connection goes back first, so a request made by the listener below
  // can reuse it at once.
  if (reusable && !c->writing) {
    make_idle(c);
  } else {
    close_connection(c);
  }
  complete(r, result);
}

void HttpClient::fail_connection(Connection* c, SendOutcome outcome) {
  Request* r = c->request;
  c->request = nullptr;
  close_connection(c);
  if (r != nullptr) {
    r->connection = nullptr;
    fail_later(r, outcome);
  }
}

void HttpClient::fail_later(Request* r, SendOutcome outcome) {
  // Reported from the request's own timer, so even a failure found inside
  // request() reaches the listener from the loop, never from the call.
  r->state = Request::State::kFailed;
  r->failed_outcome = outcome;
  LOGSIM_CHECK(uv_ok(uv_timer_start(&r->timer, HttpClientCallbacks::on_timer, 0, 0), "http client: timer start"));
}

void HttpClient::complete(Request* r, const HttpClientResult& result) {
  uv_ok(uv_timer_stop(&r->timer), "http client: timer stop");
  r->state = Request::State::kFree;
  r->connection = nullptr;
  const std::uint64_t tag = r->tag;
  free_requests_.push_back(r);
  --outstanding_;
  listener_.on_http_done(tag, result);
}

void HttpClient::make_idle(Connection* c) {
  if (closed_) {
    close_connection(c);
    return;
  }
  if (!waiting_.empty()) {
    Request* next = waiting_.front();
    waiting_.pop_front();
    assign(c, next);
    return;
  }
  c->idle = true;
  idle_.push_back(c);
}

void HttpClient::close_connection(Connection* c) {
  if (c->closing) return;
  c->closing = true;
  if (c->idle) {
    idle_.erase(std::find(idle_.begin(), idle_.end(), c));
    c->idle = false;
  }
  connections_.erase(std::find(connections_.begin(), connections_.end(), c));
  uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp), HttpClientCallbacks::on_connection_closed);
  pump_waiting();
}

void HttpClient::pump_waiting() {
  while (!closed_ && !waiting_.empty() && (idle_.size() > 0 || connections_.size() < max_connections_)) {
    Request* r = waiting_.front();
    waiting_.pop_front();
    dispatch(r);
  }
}

void HttpClient::close() {
  if (closed_) return;
  closed_ = true;
  waiting_.clear();
  while (!connections_.empty()) {
    Connection* c = connections_.back();
    c->request = nullptr;
    close_connection(c);
  }
  for (auto& r : requests_) {
    r->state = Request::State::kFree;
    uv_close(reinterpret_cast<uv_handle_t*>(&r->timer), HttpClientCallbacks::on_timer_closed);
  }
  outstanding_ = 0;
}

}  // namespace logsim

// HTTP/1.1 server on libuv and the nodejs http-parser, shared by live
// mode's distributor and the stand-in analyzer. It keeps connections alive,
// answers pipelined requests in arrival order (whatever order the handler
// answers them in), and defends itself: body and header limits (413, 431),
// a header timeout and an idle timeout, a connection limit, and a 400 for
// anything the parser rejects. Bad input closes one connection, never the
// server.
#pragma once

#include <uv.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/live/endpoint.h"
#include "core/live/http_message.h"
#include "core/live/http_request_parser.h"
#include "core/time.h"

namespace logsim {

struct HttpServerLimits {
  std::uint64_t max_body_bytes = 1 << 20;
  std::uint32_t max_connections = 1024;
  // A request's headers must be complete this long after its first byte (or
  // after the connection opened); 0 = no limit.
  TimeNs header_timeout = 10 * kNsPerSec;
  // A connection with nothing to do, or a body that stalls, is closed after
  // this long; 0 = no limit.
  TimeNs idle_timeout = 60 * kNsPerSec;
  std::uint32_t max_headers = 100;
};

// Names one request: the connection slot, its generation (slots are reused)
// and the request's place on that connection.
struct ResponseToken {
  std::uint32_t connection = 0;
  std::uint32_t generation = 0;
  std::uint64_t sequence = 0;
};

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // A complete request. Answer with HttpServer::respond(token, ...), at once
  // or later. The handler may take the body (std::move); `request` is reused
  // once this returns. A token whose connection has gone is ignored.
  virtual void on_request(HttpRequest& request, const ResponseToken& token) = 0;
};

struct HttpServerCounters {
  std::uint64_t connections_accepted = 0;
  std::uint64_t connections_refused = 0;  // beyond max_connections
  std::uint64_t requests = 0;             // handed to the handler
  std::uint64_t bad_requests = 0;         // answered 400, 413 or 431 by the server
  std::uint64_t timeouts = 0;             // header or body too slow (408)
};

class HttpServer {
 public:
  HttpServer(uv_loop_t* loop, const HttpServerLimits& limits, HttpHandler& handler);
  // The server must be closed and the loop must have run since (handles are
  // freed in libuv's close callbacks).
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; endpoint.port 0 picks a free port (see port()).
  bool listen(const Endpoint& endpoint, std::string* error);
  int port() const { return port_; }

  // Answers the request named by `token`. `extra_headers` is preformatted
  // ("Retry-After: 1\r\n").
  void respond(const ResponseToken& token, int status, std::string_view content_type, std::string_view body,
               std::string_view extra_headers = {});

  // Stops accepting connections; open ones carry on.
  void stop_listening();
  // Stops listening and closes every connection (pending answers are lost).
  void close();

  std::size_t connection_count() const { return active_connections_; }
  const HttpServerCounters& counters() const { return counters_; }

 private:
  struct Connection;
  friend struct HttpServerCallbacks;

  void accept_one();
  void on_headers(Connection* c, const HttpRequest& request);
  bool on_request(Connection* c, HttpRequest& request);
  void feed(Connection* c, const char* data, std::size_t length);
  void fail_request(Connection* c, int status);
  void flush(Connection* c);
  void start_write(Connection* c);
  void after_output(Connection* c);
  void maybe_resume_reading(Connection* c);
  void set_reading(Connection* c, bool on);
  void arm_timer(Connection* c, TimeNs timeout);
  void close_connection(Connection* c);
  void on_handle_closed(Connection* c);

  uv_loop_t* loop_;
  HttpServerLimits limits_;
  HttpHandler& handler_;
  uv_tcp_t listener_{};
  bool listening_ = false;
  bool listener_open_ = false;
  int port_ = 0;
  std::vector<Connection*> connections_;  // slot -> connection, nullptr when free
  std::vector<std::uint32_t> generations_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t active_connections_ = 0;
  std::size_t open_connections_ = 0;  // including refused and closing ones
  HttpServerCounters counters_;
  // One read buffer serves every connection: libuv hands it to the read
  // callback before it asks for the next one.
  std::vector<char> read_buffer_;
};

}  // namespace logsim

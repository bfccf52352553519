// HTTP/1.1 client to one host: a bounded pool of keep-alive connections
// (idle ones are reused, most recently used first), one request per
// connection at a time, each request with its own deadline. Every outcome is
// reported through a listener exactly once and never from inside request(),
// as the runtime seam requires (core/runtime.h).
#pragma once

#include <uv.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/live/endpoint.h"
#include "core/runtime.h"
#include "core/time.h"

namespace logsim {

struct HttpClientResult {
  SendOutcome outcome = SendOutcome::kOk;
  int status = 0;  // the HTTP status; 0 when no complete response arrived
};

class HttpClientListener {
 public:
  virtual ~HttpClientListener() = default;
  virtual void on_http_done(std::uint64_t tag, const HttpClientResult& result) = 0;
};

// SPEC §4.5's reading of a status: 2xx delivered, 429 throttled, 5xx server
// error (both retried), any other status rejected (dead-lettered at once).
SendOutcome outcome_of_status(int status);

class HttpClient {
 public:
  HttpClient(uv_loop_t* loop, const Endpoint& endpoint, std::size_t max_connections, HttpClientListener& listener);
  // close() must have been called and the loop run since.
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `method` {endpoint prefix}{path} with `headers` (preformatted
  // "Name: value\r\n" lines; Host and Content-Length are added) and `body`.
  // The listener hears of `tag` once: refused when no connection could be
  // made, reset when it broke before the answer, timeout after `timeout`.
  void request(std::uint64_t tag, std::string_view method, std::string_view path, std::string_view headers,
               std::string_view body, TimeNs timeout);

  // Closes every connection and timer; outstanding requests are dropped
  // without a report. Idempotent.
  void close();

  std::size_t connection_count() const { return connections_.size(); }
  std::size_t idle_count() const { return idle_.size(); }
  std::size_t outstanding() const { return outstanding_; }
  const Endpoint& endpoint() const { return endpoint_; }

 private:
  struct Request;
  struct Connection;
  friend struct HttpClientCallbacks;

  Request* allocate_request();
  void dispatch(Request* r);
  void assign(Connection* c, Request* r);
  void open_connection(Request* r);
  void write(Connection* c);
  void finish_response(Connection* c, bool reusable);
  void fail_connection(Connection* c, SendOutcome outcome);
  void fail_later(Request* r, SendOutcome outcome);
  void complete(Request* r, const HttpClientResult& result);
  void close_connection(Connection* c);
  void make_idle(Connection* c);
  void pump_waiting();

  uv_loop_t* loop_;
  Endpoint endpoint_;
  std::size_t max_connections_;
  HttpClientListener& listener_;
  std::vector<std::unique_ptr<Request>> requests_;
  std::vector<Request*> free_requests_;
  std::deque<Request*> waiting_;         // for a connection, oldest first
  std::vector<Connection*> connections_; // open and not closing
  std::vector<Connection*> idle_;        // most recently used last
  std::size_t open_handles_ = 0;         // handles whose close callback has not run
  std::size_t outstanding_ = 0;
  bool closed_ = false;
  std::vector<char> read_buffer_;
};

}  // namespace logsim

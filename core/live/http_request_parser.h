// Incremental HTTP/1.1 request parsing on the nodejs http-parser, apart from
// any socket: bytes in, complete requests (or one error status) out. The
// server feeds it what it reads; the fuzz target and tests feed it bytes
// directly. It enforces the request limits itself: body size (413), header
// count and size (431), HTTP major version 1 (505), anything else the
// parser rejects (400).
#pragma once

#include <http_parser.h>

#include <cstddef>
#include <cstdint>

#include "core/live/http_message.h"

namespace logsim {

struct HttpRequestLimits {
  std::uint64_t max_body_bytes = 1 << 20;
  std::uint32_t max_headers = 100;
};

// Told about each request as it is parsed.
class HttpRequestSink {
 public:
  virtual ~HttpRequestSink() = default;
  // The first byte of a request arrived.
  virtual void on_request_begin() {}
  // The request line and headers are complete (the body may follow).
  virtual void on_request_headers(const HttpRequest& /*request*/) {}
  // Part of the body arrived.
  virtual void on_request_body() {}
  // A complete request; the sink may take its body. Returns true to pause
  // parsing after it (feed() then returns kPaused).
  virtual bool on_request(HttpRequest& request) = 0;
};

class HttpRequestParser {
 public:
  enum class Status {
    kOk,      // everything was consumed
    kPaused,  // the sink asked to pause; the rest is unconsumed
    kError,   // malformed or over a limit: answer error_status() and close
    kUpgrade, // an Upgrade request: the bytes after it are another protocol
  };

  HttpRequestParser(const HttpRequestLimits& limits, HttpRequestSink& sink);
  HttpRequestParser(const HttpRequestParser&) = delete;
  HttpRequestParser& operator=(const HttpRequestParser&) = delete;

  // Parses [data, data + length); *consumed is how much was used. After
  // kError nothing more may be fed.
  Status feed(const char* data, std::size_t length, std::size_t* consumed);
  // Continues after kPaused (feed the unconsumed rest next).
  void resume() { http_parser_pause(&parser_, 0); }

  // Between a request's first byte and its end.
  bool in_message() const { return in_message_; }
  int error_status() const { return error_status_; }

 private:
  friend struct HttpRequestParserCallbacks;

  HttpRequestLimits limits_;
  HttpRequestSink& sink_;
  http_parser parser_{};
  HttpRequest request_;
  bool last_was_value_ = false;
  bool in_message_ = false;
  int error_status_ = 0;
};

}  // namespace logsim

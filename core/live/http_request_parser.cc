#include "core/live/http_request_parser.h"

#include <cctype>
#include <climits>

namespace logsim {

struct HttpRequestParserCallbacks {
  static HttpRequestParser* of(http_parser* p) { return static_cast<HttpRequestParser*>(p->data); }

  static int on_message_begin(http_parser* p) noexcept {
    HttpRequestParser* self = of(p);
    self->request_.clear();
    self->in_message_ = true;
    self->last_was_value_ = false;
    self->sink_.on_request_begin();
    return 0;
  }

  static int on_url(http_parser* p, const char* at, std::size_t length) noexcept {
    of(p)->request_.url.append(at, length);
    return 0;
  }

  static int on_header_field(http_parser* p, const char* at, std::size_t length) noexcept {
    HttpRequestParser* self = of(p);
    auto& headers = self->request_.headers;
    if (headers.empty() || self->last_was_value_) {
      if (headers.size() >= self->limits_.max_headers) {
        self->error_status_ = 431;
        return -1;
      }
      headers.emplace_back();
      self->last_was_value_ = false;
    }
    std::string& name = headers.back().name;
    for (std::size_t i = 0; i < length; ++i) {
      name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(at[i]))));
    }
    return 0;
  }

  static int on_header_value(http_parser* p, const char* at, std::size_t length) noexcept {
    HttpRequestParser* self = of(p);
    if (self->request_.headers.empty()) return -1;
    self->request_.headers.back().value.append(at, length);
    self->last_was_value_ = true;
    return 0;
  }

  static int on_headers_complete(http_parser* p) noexcept {
    HttpRequestParser* self = of(p);
    HttpRequest& r = self->request_;
    if (p->http_major != 1) {
      self->error_status_ = 505;
      return -1;
    }
    r.method = p->method;
    const std::string& url = r.url;
    if (!url.empty() && url.front() == '/') {
      r.path = url.substr(0, url.find('?'));
    } else if (url == "*") {
      r.path = url;
    } else {
      // Absolute form ("http://host/path"), which HTTP/1.1 servers must accept.
      http_parser_url parts;
      http_parser_url_init(&parts);
      if (url.empty() || http_parser_parse_url(url.data(), url.size(), 0, &parts) != 0) {
        self->error_status_ = 400;
        return -1;
      }
      r.path = (parts.field_set & (1 << UF_PATH)) != 0
                   ? url.substr(parts.field_data[UF_PATH].off, parts.field_data[UF_PATH].len)
                   : "/";
    }
    const bool sized = (p->flags & F_CHUNKED) == 0 && p->content_length != ULLONG_MAX;
    if (sized && p->content_length > self->limits_.max_body_bytes) {
      self->error_status_ = 413;
      return -1;
    }
    if (sized) r.body.reserve(p->content_length);
    self->sink_.on_request_headers(r);
    return 0;
  }

  static int on_body(http_parser* p, const char* at, std::size_t length) noexcept {
    HttpRequestParser* self = of(p);
    if (self->request_.body.size() + length > self->limits_.max_body_bytes) {
      self->error_status_ = 413;
      return -1;
    }
    self->request_.body.append(at, length);
    self->sink_.on_request_body();
    return 0;
  }

  static int on_message_complete(http_parser* p) noexcept {
    HttpRequestParser* self = of(p);
    self->in_message_ = false;
    self->request_.keep_alive = http_should_keep_alive(p) != 0 && p->upgrade == 0;
    if (self->sink_.on_request(self->request_)) http_parser_pause(p, 1);
    return 0;
  }

  static const http_parser_settings& settings() {
    static const http_parser_settings s = [] {
      http_parser_settings v{};
      v.on_message_begin = on_message_begin;
      v.on_url = on_url;
      v.on_header_field = on_header_field;
      v.on_header_value = on_header_value;
      v.on_headers_complete = on_headers_complete;
      v.on_body = on_body;
      v.on_message_complete = on_message_complete;
      return v;
    }();
    return s;
  }
};

HttpRequestParser::HttpRequestParser(const HttpRequestLimits& limits, HttpRequestSink& sink)
    : limits_(limits), sink_(sink) {
  http_parser_init(&parser_, HTTP_REQUEST);
  parser_.data = this;
}

HttpRequestParser::Status HttpRequestParser::feed(const char* data, std::size_t length, std::size_t* consumed) {
  *consumed = http_parser_execute(&parser_, &HttpRequestParserCallbacks::settings(), data, length);
  const auto err = HTTP_PARSER_ERRNO(&parser_);
  if (err == HPE_PAUSED) return Status::kPaused;
  if (err != HPE_OK) {
    if (error_status_ == 0) error_status_ = err == HPE_HEADER_OVERFLOW ? 431 : 400;
    in_message_ = false;
    return Status::kError;
  }
  if (parser_.upgrade != 0) return Status::kUpgrade;
  return Status::kOk;
}

}  // namespace logsim

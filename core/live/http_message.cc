#include "core/live/http_message.h"

#include <http_parser.h>

#include <charconv>
#include <cstdio>

namespace logsim {

const std::string* HttpRequest::header(std::string_view lower_name) const {
  for (const HttpHeader& h : headers) {
    if (h.name == lower_name) return &h.value;
  }
  return nullptr;
}

const char* HttpRequest::method_name() const { return http_method_str(static_cast<http_method>(method)); }

void HttpRequest::clear() {
  method = 0;
  url.clear();
  path.clear();
  headers.clear();
  body.clear();
  keep_alive = true;
}

const char* http_status_reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

void append_decimal(std::string* out, std::uint64_t value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out->append(digits, result.ptr);
}

void append_http_response(std::string* out, int status, std::string_view content_type, std::string_view body,
                          std::string_view extra_headers, bool close) {
  out->append("HTTP/1.1 ");
  append_decimal(out, static_cast<std::uint64_t>(status));
  out->push_back(' ');
  out->append(http_status_reason(status));
  out->append("\r\n");
  if (!content_type.empty()) {
    out->append("Content-Type: ");
    out->append(content_type);
    out->append("\r\n");
  }
  out->append("Content-Length: ");
  append_decimal(out, body.size());
  out->append("\r\n");
  if (close) out->append("Connection: close\r\n");
  out->append(extra_headers);
  out->append("\r\n");
  out->append(body);
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  // The length is not secret (tokens have a known format); the content is.
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}


}  // namespace logsim

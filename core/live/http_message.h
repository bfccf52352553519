// HTTP/1.1 message pieces shared by the server, the client and the routes:
// a parsed request, response formatting, and the small text helpers that
// HTTP and JSON bodies need.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace logsim {

struct HttpHeader {
  std::string name;  // lower-case: HTTP header names are case-insensitive
  std::string value;
};

struct HttpRequest {
  int method = 0;    // enum http_method
  std::string url;   // as received (origin form)
  std::string path;  // url without the query
  std::vector<HttpHeader> headers;
  std::string body;  // decoded (chunked bodies arrive joined)
  bool keep_alive = true;

  // The value of the first header named `lower_name`, or nullptr.
  const std::string* header(std::string_view lower_name) const;
  const char* method_name() const;
  void clear();
};

// The reason phrase for a status code ("Not Found"); "Unknown" otherwise.
const char* http_status_reason(int status);

// Appends a complete HTTP/1.1 response. `extra_headers` is preformatted
// ("Name: value\r\n" lines); `close` adds "Connection: close".
void append_http_response(std::string* out, int status, std::string_view content_type, std::string_view body,
                          std::string_view extra_headers, bool close);

// Compares in time independent of where the inputs first differ, so a
// bearer token cannot be guessed byte by byte from response timing.
bool constant_time_equals(std::string_view a, std::string_view b);


// Appends the decimal form of `value`.
void append_decimal(std::string* out, std::uint64_t value);

}  // namespace logsim

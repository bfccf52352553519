#include "core/live/endpoint.h"

#include <http_parser.h>
#include <netdb.h>
#include <uv.h>

#include <charconv>
#include <cstring>

namespace logsim {
namespace {

bool parse_port(std::string_view text, bool allow_zero, int* port, std::string* error) {
  int value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < (allow_zero ? 0 : 1) ||
      value > 65535) {
    *error = "port must be a number in " + std::string(allow_zero ? "0" : "1") + "..65535 (got \"" +
             std::string(text) + "\")";
    return false;
  }
  *port = value;
  return true;
}

std::string host_header_of(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

bool parse_http_url(std::string_view url, Endpoint* endpoint, std::string* error) {
  http_parser_url parts;
  http_parser_url_init(&parts);
  if (url.empty() || http_parser_parse_url(url.data(), url.size(), 0, &parts) != 0) {
    *error = "is not a valid URL (got \"" + std::string(url) + "\")";
    return false;
  }
  auto field = [&](http_parser_url_fields f) -> std::string_view {
    if ((parts.field_set & (1 << f)) == 0) return {};
    return url.substr(parts.field_data[f].off, parts.field_data[f].len);
  };
  if (field(UF_SCHEMA) != "http") {
    *error = "must start with http:// (got \"" + std::string(url) + "\")";
    return false;
  }
  if (!field(UF_USERINFO).empty() || !field(UF_QUERY).empty() || !field(UF_FRAGMENT).empty()) {
    *error = "must be http://host:port[/path] without user, query or fragment (got \"" + std::string(url) + "\")";
    return false;
  }
  Endpoint e;
  e.host = std::string(field(UF_HOST));
  if (e.host.empty()) {
    *error = "has no host (got \"" + std::string(url) + "\")";
    return false;
  }
  e.port = 80;
  if ((parts.field_set & (1 << UF_PORT)) != 0 && !parse_port(field(UF_PORT), false, &e.port, error)) return false;
  std::string_view path = field(UF_PATH);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  e.path_prefix = std::string(path);
  e.host_header = host_header_of(e.host, e.port);
  if (!resolve_endpoint(&e, error)) return false;
  *endpoint = std::move(e);
  return true;
}

bool parse_listen_address(std::string_view text, Endpoint* endpoint, std::string* error) {
  Endpoint e;
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      *error = "must be HOST:PORT (got \"" + std::string(text) + "\")";
      return false;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      *error = "must be HOST:PORT (got \"" + std::string(text) + "\")";
      return false;
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  e.host = host.empty() ? "127.0.0.1" : std::string(host);
  if (!parse_port(port, true, &e.port, error)) return false;
  e.host_header = host_header_of(e.host, e.port);
  if (!resolve_endpoint(&e, error)) return false;
  *endpoint = std::move(e);
  return true;
}

bool resolve_endpoint(Endpoint* endpoint, std::string* error) {
  auto* v4 = reinterpret_cast<sockaddr_in*>(&endpoint->address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&endpoint->address);
  if (uv_ip4_addr(endpoint->host.c_str(), endpoint->port, v4) == 0) return true;
  if (uv_ip6_addr(endpoint->host.c_str(), endpoint->port, v6) == 0) return true;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  const int rc = getaddrinfo(endpoint->host.c_str(), nullptr, &hints, &result);
  if (rc != 0 || result == nullptr) {
    *error = "cannot resolve host \"" + endpoint->host + "\": " + gai_strerror(rc);
    return false;
  }
  std::memcpy(&endpoint->address, result->ai_addr, result->ai_addrlen);
  if (result->ai_family == AF_INET) {
    v4->sin_port = htons(static_cast<std::uint16_t>(endpoint->port));
  } else {
    v6->sin6_port = htons(static_cast<std::uint16_t>(endpoint->port));
  }
  freeaddrinfo(result);
  return true;
}

}  // namespace logsim

// Where live mode listens and where it sends: "host:port" listen addresses
// and "http://host:port[/prefix]" analyzer URLs, resolved once at start-up
// (a resolver call per request would put DNS on the hot path).
#pragma once

#include <sys/socket.h>

#include <string>
#include <string_view>

namespace logsim {

struct Endpoint {
  std::string host;         // without IPv6 brackets
  int port = 0;             // 0 when listening: any free port
  std::string path_prefix;  // URL path without trailing '/', "" for none
  std::string host_header;  // value for the Host header ("host:port")
  sockaddr_storage address{};
};

// Parses an http:// URL. https and user info are rejected: live mode speaks
// plain HTTP/1.1 on a trusted network. On failure returns false and sets
// *error to the rule that the text breaks.
bool parse_http_url(std::string_view url, Endpoint* endpoint, std::string* error);

// Parses "host:port", "[v6]:port" or ":port" (meaning 127.0.0.1); port may
// be 0 (any free port).
bool parse_listen_address(std::string_view text, Endpoint* endpoint, std::string* error);

// Fills endpoint->address from host and port: numeric addresses directly,
// names through the system resolver (blocking; called only at start-up).
bool resolve_endpoint(Endpoint* endpoint, std::string* error);

}  // namespace logsim

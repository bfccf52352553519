// Standard base64 (RFC 4648, with padding) for dead-letter bodies: bodies
// are opaque bytes, and JSONL needs text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace logsim {

std::string base64_encode(std::string_view bytes);
// nullopt when `text` is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace logsim

// A small JSON reader for the report, which reads summary.json back (its own
// output, or live mode's). Keeps each number's text as written, so values
// are shown exactly as the run printed them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace logsim {

struct JsonMember;

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string text;                                        // a string's value, or a number as written
  std::vector<JsonValue> items;                            // kArray
  // kObject, in file order. A named struct, not std::pair: clang with
  // libstdc++ rejects a pair of a type that is still incomplete here.
  std::vector<JsonMember> members;

  // The member named `key` of an object; nullptr when absent or not an object.
  const JsonValue* get(std::string_view key) const;
  std::optional<double> number_at(std::string_view key) const;
  std::optional<std::string> string_at(std::string_view key) const;  // strings, and numbers as written
  std::optional<bool> bool_at(std::string_view key) const;
};

struct JsonMember {
  std::string name;
  JsonValue value;
};

// Parses one JSON document (RFC 8259). Returns nullopt with *error naming
// the byte offset on malformed input.
std::optional<JsonValue> parse_json(std::string_view text, std::string* error);

}  // namespace logsim

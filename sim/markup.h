// Escaping text for HTML, SVG and XML (the report and JUnit output). Every
// name or free text that reaches markup goes through here: scenario and
// analyzer names, event details, expectation values.
#pragma once

#include <string>
#include <string_view>

namespace logsim {

// Replaces & < > " ' with entities, so the result is safe both as element
// text and inside a quoted attribute. Control characters that XML 1.0 does
// not allow (all below U+0020 but tab, newline and carriage return) become
// U+FFFD; tab, newline and carriage return become character references so
// attribute values keep them.
std::string escape_markup(std::string_view text);

// As escape_markup, for element text only: tab, newline and carriage return
// stay as they are, so multi-line text reads naturally in the file.
std::string escape_markup_text(std::string_view text);

// Shortest locale-independent decimal text for a coordinate or value, with
// at most `decimals` digits after the point ("12.5", "3", "-0.25").
std::string format_decimal(double value, int decimals);

}  // namespace logsim

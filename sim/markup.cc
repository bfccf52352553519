#include "sim/markup.h"

#include <charconv>
#include <cmath>

namespace logsim {

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          out += "\xEF\xBF\xBD";
        } else {
          out += ch;
        }
    }
  }
  return out;
}

std::string escape_markup_text(std::string_view text) {
  std::string out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n' || text[i] == '\t' || text[i] == '\r') {
      out += escape_markup(text.substr(begin, i - begin));
      if (i < text.size()) out += text[i];
      begin = i + 1;
    }
  }
  return out;
}

std::string format_decimal(double value, int decimals) {
  if (!std::isfinite(value)) return "0";
  char buf[64];
  // Fixed notation for everything a chart or table holds; absurd magnitudes
  // (a corrupt CSV) fall back to the shortest general form.
  auto result = std::fabs(value) < 1e15
                    ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals)
                    : std::to_chars(buf, buf + sizeof buf, value);
  if (result.ec != std::errc()) return "0";
  std::string text(buf, result.ptr);
  if (text.find('.') != std::string::npos && text.find('e') == std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text == "-0" ? std::string("0") : text;
}

}  // namespace logsim

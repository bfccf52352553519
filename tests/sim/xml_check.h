// A strict little XML reader for tests: checks that text is well-formed
// XML 1.0 (one root, balanced tags, quoted attributes, only the five named
// entities and character references, no raw '<' or '&' in text) and gives
// back the element tree so tests can count elements and read attributes.
#pragma once

#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace logsim::testing {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;  // entity references resolved
  std::vector<XmlElement> children;
  std::string text;  // character data directly inside, references resolved

  std::vector<const XmlElement*> all(std::string_view element) const {
    std::vector<const XmlElement*> out;
    collect(element, &out);
    return out;
  }

 private:
  void collect(std::string_view element, std::vector<const XmlElement*>* out) const {
    for (const XmlElement& c : children) {
      if (c.name == element) out->push_back(&c);
      c.collect(element, out);
    }
  }
};

class XmlReader {
 public:
  explicit XmlReader(std::string_view text) : s_(text) {}

  // The root element, or nullopt with error() set.
  std::optional<XmlElement> parse() {
    if (s_.substr(0, 5) == "<?xml") {
      const std::size_t end = s_.find("?>");
      if (end == std::string_view::npos) return fail("unterminated XML declaration");
      pos_ = end + 2;
    }
    skip_space();
    XmlElement root;
    if (!element(&root)) return std::nullopt;
    skip_space();
    if (pos_ != s_.size()) return fail("content after the root element");
    return root;
  }
  const std::string& error() const { return error_; }

 private:
  std::nullopt_t fail(const std::string& message) {
    if (error_.empty()) error_ = message + " at byte " + std::to_string(pos_);
    return std::nullopt;
  }
  bool failed(const std::string& message) {
    fail(message);
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
  }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == ':' || c == '.';
  }
  bool name(std::string* out) {
    const std::size_t begin = pos_;
    while (pos_ < s_.size() && name_char(s_[pos_])) ++pos_;
    *out = std::string(s_.substr(begin, pos_ - begin));
    return !out->empty() || failed("expected a name");
  }
  // Character data up to `stop`, with references resolved.
  bool chars(char stop, std::string* out) {
    while (pos_ < s_.size() && s_[pos_] != stop) {
      const char c = s_[pos_];
      if (c == '<') return failed("raw '<' in text or attribute");
      if (c != '&') {
        *out += c;
        ++pos_;
        continue;
      }
      const std::size_t semi = s_.find(';', pos_);
      if (semi == std::string_view::npos) return failed("unterminated reference");
      const std::string_view ref = s_.substr(pos_ + 1, semi - pos_ - 1);
      if (ref == "amp")
        *out += '&';
      else if (ref == "lt")
        *out += '<';
      else if (ref == "gt")
        *out += '>';
      else if (ref == "quot")
        *out += '"';
      else if (ref == "apos")
        *out += '\'';
      else if (ref.size() > 1 && ref[0] == '#') {
        const bool hex = ref[1] == 'x';
        const long code = std::strtol(std::string(ref.substr(hex ? 2 : 1)).c_str(), nullptr, hex ? 16 : 10);
        if (code <= 0) return failed("bad character reference");
        if (code < 0x80)
          *out += static_cast<char>(code);
        else
          *out += '?';
      } else {
        return failed("unknown entity &" + std::string(ref) + ";");
      }
      pos_ = semi + 1;
    }
    return true;
  }
  bool element(XmlElement* e) {
    if (pos_ >= s_.size() || s_[pos_] != '<') return failed("expected '<'");
    ++pos_;
    if (!name(&e->name)) return false;
    for (;;) {
      skip_space();
      if (pos_ >= s_.size()) return failed("unterminated start tag");
      if (s_.substr(pos_, 2) == "/>") {
        pos_ += 2;
        return true;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      std::string attribute;
      if (!name(&attribute)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '=') return failed("expected '=' after " + attribute);
      ++pos_;
      skip_space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return failed("unquoted attribute");
      const char quote = s_[pos_++];
      std::string value;
      if (!chars(quote, &value)) return false;
      if (pos_ >= s_.size()) return failed("unterminated attribute");
      ++pos_;
      if (!e->attributes.emplace(attribute, value).second) return failed("duplicate attribute " + attribute);
    }
    for (;;) {
      if (!chars('<', &e->text)) return false;
      if (pos_ >= s_.size()) return failed("unterminated element " + e->name);
      if (s_.substr(pos_, 2) == "</") {
        pos_ += 2;
        std::string closing;
        if (!name(&closing)) return false;
        if (closing != e->name) return failed("</" + closing + "> closes <" + e->name + ">");
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '>') return failed("bad end tag");
        ++pos_;
        return true;
      }
      XmlElement child;
      if (!element(&child)) return false;
      e->children.push_back(std::move(child));
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace logsim::testing

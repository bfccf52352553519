#include "sim/toml_overrides.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <vector>

namespace logsim {
namespace {

constexpr std::array<std::string_view, 7> kOverridableTables = {"scenario", "distributor", "analyzer", "traffic",
                                                                "event",    "expect",      "live"};

bool is_table_array(std::string_view name) { return name == "analyzer" || name == "traffic" || name == "event"; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string quote_impl(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (u < 0x20 || u == 0x7f) {
          static constexpr char kHex[] = "0123456789ABCDEF";
          out += "\\u00";
          out += kHex[u >> 4];
          out += kHex[u & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string render_key(std::string_view key) {
  bool bare = !key.empty();
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    bare = bare && ok;
  }
  return bare ? std::string(key) : quote_impl(key);
}

// One part of a dotted override key: a name and any [index] suffixes.
struct Segment {
  std::string name;
  std::vector<std::size_t> indices;
};

// Splits "analyzer[1].latency.mean" or `analyzer."eu.1".weight` into parts.
std::optional<std::vector<Segment>> split_key(std::string_view key, std::string* error) {
  std::vector<Segment> segments;
  std::size_t i = 0;
  while (true) {
    Segment seg;
    if (i < key.size() && key[i] == '"') {
      const std::size_t close = key.find('"', i + 1);
      if (close == std::string_view::npos) {
        *error = "has an unterminated quoted part";
        return std::nullopt;
      }
      seg.name = std::string(key.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      const std::size_t start = i;
      while (i < key.size() && key[i] != '.' && key[i] != '[') ++i;
      seg.name = std::string(key.substr(start, i - start));
    }
    if (seg.name.empty()) {
      *error = "has an empty part";
      return std::nullopt;
    }
    while (i < key.size() && key[i] == '[') {
      const std::size_t close = key.find(']', i);
      if (close == std::string_view::npos) {
        *error = "has an unterminated [index]";
        return std::nullopt;
      }
      const std::string_view digits = key.substr(i + 1, close - i - 1);
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
        *error = "has a bad index [" + std::string(digits) + "] (indices are 0-based integers)";
        return std::nullopt;
      }
      seg.indices.push_back(index);
      i = close + 1;
    }
    segments.push_back(std::move(seg));
    if (i == key.size()) break;
    if (key[i] != '.') {
      *error = "has an unexpected '" + std::string(1, key[i]) + "'";
      return std::nullopt;
    }
    ++i;
  }
  return segments;
}

// Where an override writes: table[leaf], or array[index].
struct Target {
  toml::table* table = nullptr;
  std::string leaf;
  toml::array* array = nullptr;
  std::size_t index = 0;
};

std::string analyzer_names(const toml::array& analyzers) {
  std::string names;
  for (const toml::node& element : analyzers) {
    const toml::table* t = element.as_table();
    const auto name = t ? t->get_as<std::string>("name") : nullptr;
    if (!name) continue;
    if (!names.empty()) names += ", ";
    names += quote_impl(name->get());
  }
  return names.empty() ? "none has a name" : "have " + names;
}

// Finds the [[analyzer]] named by segments[1..j) joined with '.', shortest
// first, so names containing dots still resolve. Returns the index and sets
// *next to the first segment after the name.
std::optional<std::size_t> find_analyzer(const toml::array& analyzers, const std::vector<Segment>& segments,
                                         std::size_t* next) {
  std::string candidate;
  for (std::size_t j = 1; j < segments.size(); ++j) {
    if (!segments[j].indices.empty()) break;
    if (j > 1) candidate += '.';
    candidate += segments[j].name;
    for (std::size_t a = 0; a < analyzers.size(); ++a) {
      const toml::table* t = analyzers[a].as_table();
      const auto name = t ? t->get_as<std::string>("name") : nullptr;
      if (name && name->get() == candidate) {
        *next = j + 1;
        return a;
      }
    }
  }
  return std::nullopt;
}

// Resolves `key` to the place it names. With create, missing tables on the
// way are added; without, resolution stops at the first missing table (the
// rest would be created) as long as no later part needs an existing array.
std::optional<std::string> resolve(toml::table& doc, std::string_view key, bool create, Target* out) {
  std::string error;
  const auto segments = split_key(key, &error);
  if (!segments) return error;
  const std::string& top = (*segments)[0].name;
  if (top == "sweep") return std::string("cannot be set; give sweep axes with --vary");
  bool known = false;
  for (std::string_view name : kOverridableTables) known = known || name == top;
  if (!known) {
    return "names no scenario table \"" + top + "\" (scenario, distributor, analyzer, traffic, event, expect, live)";
  }

  toml::table* current = &doc;
  std::size_t next = 0;
  if (is_table_array(top)) {
    const Segment& first = (*segments)[0];
    toml::node* node = doc.get(top);
    if (node && !node->is_array()) return "[[" + top + "]] is not an array of tables";
    toml::array empty;
    toml::array& items = node ? *node->as_array() : empty;
    std::size_t index = 0;
    if (first.indices.size() > 1) return std::string("has too many indices after " + top);
    if (first.indices.size() == 1) {
      index = first.indices[0];
      next = 1;
    } else if (top == "analyzer" && segments->size() > 1) {
      const auto found = find_analyzer(items, *segments, &next);
      if (!found) {
        return "names no analyzer \"" + (*segments)[1].name + "\" (" + analyzer_names(items) + ")";
      }
      index = *found;
    } else {
      return "needs an index, e.g. " + top + "[0]" + (top == "analyzer" ? " or analyzer.<name>" : "");
    }
    if (index >= items.size()) {
      return "index " + std::to_string(index) + " is out of range (the file has " + std::to_string(items.size()) +
             " [[" + top + "]] tables)";
    }
    if (next == segments->size()) {
      out->array = &items;
      out->index = index;
      return std::nullopt;
    }
    current = items[index].as_table();
    if (!current) return top + "[" + std::to_string(index) + "] is not a table";
  }

  for (std::size_t i = next; i < segments->size(); ++i) {
    const Segment& seg = (*segments)[i];
    const bool last = i + 1 == segments->size();
    if (seg.indices.empty() && last) {
      out->table = current;
      out->leaf = seg.name;
      return std::nullopt;
    }
    toml::node* node = current->get(seg.name);
    if (!node) {
      if (!seg.indices.empty()) return "\"" + seg.name + "\" does not exist, so it has no elements";
      if (!create) {
        for (std::size_t j = i + 1; j < segments->size(); ++j) {
          if (!(*segments)[j].indices.empty()) {
            return "\"" + (*segments)[j].name + "\" does not exist, so it has no elements";
          }
        }
        out->table = nullptr;
        return std::nullopt;
      }
      node = current->insert(seg.name, toml::table{}).first->second.as_table();
    }
    for (std::size_t k = 0; k < seg.indices.size(); ++k) {
      toml::array* array = node->as_array();
      if (!array) return "\"" + seg.name + "\" is not an array";
      const std::size_t index = seg.indices[k];
      if (index >= array->size()) {
        return "index " + std::to_string(index) + " of \"" + seg.name + "\" is out of range (it has " +
               std::to_string(array->size()) + " elements)";
      }
      if (last && k + 1 == seg.indices.size()) {
        out->array = array;
        out->index = index;
        return std::nullopt;
      }
      node = &(*array)[index];
    }
    current = node->as_table();
    if (!current) return "\"" + seg.name + "\" is a value, not a table";
  }
  return std::nullopt;  // unreachable: the last segment returns above
}

}  // namespace

std::optional<OverrideError> apply_override(toml::table& doc, std::string_view assignment) {
  const std::size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    return OverrideError{std::string(trim(assignment)), "must have the form KEY=VALUE"};
  }
  const std::string key(trim(assignment.substr(0, eq)));
  const std::string_view text = trim(assignment.substr(eq + 1));
  if (key.empty()) return OverrideError{std::string(assignment), "has an empty KEY"};

  Target target;
  if (auto error = resolve(doc, key, /*create=*/true, &target)) {
    return OverrideError{key, *error};
  }

  // VALUE is read as the value of a one-key document, so it keeps a source
  // path of "--set"; anything else is a string.
  const std::string document = "v = " + std::string(text);
  std::optional<toml::table> parsed;
  try {
    parsed = toml::parse(std::string_view(document), std::string_view(kOverrideSource));
  } catch (const toml::parse_error&) {
    parsed.reset();
  }
  if (!parsed || parsed->size() != 1 || !parsed->contains("v")) {
    parsed.emplace();
    parsed->insert("v", std::string(text));
  }
  toml::node& value = *parsed->get("v");
  if (target.table) {
    value.visit([&](auto& concrete) { target.table->insert_or_assign(target.leaf, std::move(concrete)); });
  } else if (target.array) {
    value.visit([&](auto& concrete) {
      target.array->replace(target.array->cbegin() + static_cast<std::ptrdiff_t>(target.index), std::move(concrete));
    });
  }
  return std::nullopt;
}

std::optional<OverrideError> check_override_key(const toml::table& doc, std::string_view key) {
  Target target;
  // resolve() without create only reads.
  if (auto error = resolve(const_cast<toml::table&>(doc), key, /*create=*/false, &target)) {
    return OverrideError{std::string(key), *error};
  }
  return std::nullopt;
}

std::string quote_toml_string(std::string_view text) { return quote_impl(text); }

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "?";
  return std::string(buf, end);
}

std::string render_toml_value(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return quote_impl(node.as_string()->get());
    case toml::node_type::integer:
      return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point: {
      std::string text = format_number(node.as_floating_point()->get());
      // TOML needs a '.' or an exponent to read a float back as a float.
      if (text.find_first_of(".en") == std::string::npos) text += ".0";
      return text;
    }
    case toml::node_type::boolean:
      return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::array: {
      std::string out = "[";
      bool first = true;
      for (const toml::node& element : *node.as_array()) {
        if (!first) out += ", ";
        first = false;
        out += render_toml_value(element);
      }
      return out + "]";
    }
    case toml::node_type::table: {
      const toml::table& table = *node.as_table();
      if (table.empty()) return "{}";
      std::string out = "{ ";
      bool first = true;
      for (const auto& [k, v] : table) {
        if (!first) out += ", ";
        first = false;
        out += render_key(k.str()) + " = " + render_toml_value(v);
      }
      return out + " }";
    }
    default: {
      // Dates and times: toml++ prints them in TOML syntax.
      std::ostringstream os;
      node.visit([&](const auto& concrete) {
        if constexpr (toml::is_chronological<decltype(concrete)>) {
          os << concrete;
        }
      });
      return os.str();
    }
  }
}

}  // namespace logsim

#include "sim/toml_reader.h"

#include <algorithm>
#include <cmath>

#include "sim/toml_overrides.h"

namespace logsim {
namespace {

std::string got(const toml::node& node) { return " (got " + render_toml_value(node) + ")"; }

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

// Tables and arrays are shown by type, scalars by value.
std::string got_value_or_type(const toml::node& node) {
  if (node.is_table() || node.is_array()) return std::string(" (got ") + type_name(node) + ")";
  return got(node);
}

bool from_override(const toml::source_region& region) {
  return region.begin.line == 0 || (region.path && *region.path == kOverrideSource);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

int file_rank(const LoadError& e, const std::string& main_file) {
  if (e.file == kOverrideSource) return 0;
  return e.file == main_file ? 1 : 2;
}

}  // namespace

void Diagnostics::add(const toml::node& node, std::string key, std::string message) {
  add(node.source(), std::move(key), std::move(message));
}

void Diagnostics::add(const toml::source_region& region, std::string key, std::string message) {
  if (from_override(region)) {
    add_in_file(std::string(kOverrideSource), 0, 0, std::move(key), std::move(message));
  } else {
    add_in_file(file_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), std::move(key),
                std::move(message));
  }
}

void Diagnostics::add_in_file(std::string file, int line, int column, std::string key, std::string message) {
  errors_.push_back(LoadError{std::move(file), line, column, std::move(key), std::move(message)});
}

std::vector<LoadError> Diagnostics::take_sorted() {
  std::stable_sort(errors_.begin(), errors_.end(), [&](const LoadError& a, const LoadError& b) {
    const int rank_a = file_rank(a, file_);
    const int rank_b = file_rank(b, file_);
    if (rank_a != rank_b) return rank_a < rank_b;
    if (rank_a != 1) return false;
    if (a.line != b.line) return a.line < b.line;
    return a.column < b.column;
  });
  return std::move(errors_);
}

bool Range::contains(double v) const {
  const bool above_min = min_open ? v > min : v >= min;
  const bool below_max = max_open ? v < max : v <= max;
  return above_min && below_max;
}

std::string Range::rule() const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  if (has_min && has_max) {
    return "must be in " + std::string(min_open ? "(" : "[") + format_number(min) + ", " + format_number(max) +
           (max_open ? ")" : "]");
  }
  if (has_min) return std::string("must be ") + (min_open ? "> " : ">= ") + format_number(min);
  if (has_max) return std::string("must be ") + (max_open ? "< " : "<= ") + format_number(max);
  return "must be a finite number";
}

TableReader::TableReader(Diagnostics& diag, const toml::table& table, std::string prefix, const toml::node* anchor)
    : diag_(diag), table_(table), prefix_(std::move(prefix)), anchor_(anchor ? anchor : &table) {}

const toml::node* TableReader::get(std::string_view name) {
  known_.emplace_back(name);
  return table_.get(name);
}

const toml::node* TableReader::require(std::string_view name) {
  const toml::node* node = get(name);
  if (!node) diag_.add(*anchor_, key(name), "is required");
  return node;
}

void TableReader::allow(std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) known_.emplace_back(name);
}

std::string TableReader::key(std::string_view name) const {
  return prefix_.empty() ? std::string(name) : prefix_ + "." + std::string(name);
}

void TableReader::finish(std::initializer_list<std::string_view> elsewhere, std::string_view elsewhere_rule) {
  for (const auto& [k, node] : table_) {
    const std::string_view name = k.str();
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    // A key's own position is more useful than its value's for a misplaced
    // or misspelt key.
    const toml::source_region& where = from_override(node.source()) ? node.source() : k.source();
    if (std::find(elsewhere.begin(), elsewhere.end(), name) != elsewhere.end()) {
      diag_.add(where, key(name), std::string(elsewhere_rule));
      continue;
    }
    std::string message = "is not a known key";
    std::string_view best;
    std::size_t best_distance = 3;  // suggest only near misses and shortened keys
    for (const std::string& candidate : known_) {
      const bool shortened = name.size() >= 3 && candidate.starts_with(name);
      const std::size_t d = shortened ? 1 : edit_distance(name, candidate);
      if (d < best_distance) {
        best_distance = d;
        best = candidate;
      }
    }
    if (!best.empty()) message += " (did you mean \"" + std::string(best) + "\"?)";
    diag_.add(where, key(name), message);
  }
}

std::optional<std::string> as_string(Diagnostics& diag, const toml::node& node, const std::string& key) {
  if (const auto* s = node.as_string()) return s->get();
  diag.add(node, key, "must be a string" + got_value_or_type(node));
  return std::nullopt;
}

std::optional<bool> as_bool(Diagnostics& diag, const toml::node& node, const std::string& key) {
  if (const auto* b = node.as_boolean()) return b->get();
  diag.add(node, key, "must be true or false" + got_value_or_type(node));
  return std::nullopt;
}

std::optional<std::int64_t> as_integer(Diagnostics& diag, const toml::node& node, const std::string& key) {
  if (const auto* i = node.as_integer()) return i->get();
  diag.add(node, key, "must be an integer" + got_value_or_type(node));
  return std::nullopt;
}

std::optional<double> as_number(Diagnostics& diag, const toml::node& node, const std::string& key, Range range) {
  double v = 0;
  if (const auto* i = node.as_integer()) {
    v = static_cast<double>(i->get());
  } else if (const auto* f = node.as_floating_point()) {
    v = f->get();
  } else {
    diag.add(node, key, "must be a number" + got_value_or_type(node));
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    diag.add(node, key, "must be a finite number" + got(node));
    return std::nullopt;
  }
  if (!range.contains(v)) {
    diag.add(node, key, range.rule() + got(node));
    return std::nullopt;
  }
  return v;
}

std::optional<TimeNs> as_duration(Diagnostics& diag, const toml::node& node, const std::string& key, bool positive) {
  std::string error;
  std::optional<TimeNs> t;
  if (const auto* s = node.as_string()) {
    t = parse_duration(s->get(), &error);
  } else if (const auto* i = node.as_integer()) {
    const std::int64_t seconds = i->get();
    if (seconds < 0) {
      error = "must not be negative";
    } else if (seconds > kMaxDuration / kNsPerSec) {
      error = kDurationRangeRule;
    } else {
      t = seconds * kNsPerSec;
    }
  } else if (const auto* f = node.as_floating_point()) {
    t = duration_from_seconds(f->get(), &error);
  } else {
    diag.add(node, key, "must be a duration such as \"20ms\" or a number of seconds" + got_value_or_type(node));
    return std::nullopt;
  }
  if (!t) {
    diag.add(node, key, error + got(node));
    return std::nullopt;
  }
  if (positive && *t == 0) {
    diag.add(node, key, "must be > 0" + got(node));
    return std::nullopt;
  }
  return t;
}

bool read_string(TableReader& r, std::string_view name, std::string* out, bool required) {
  const toml::node* node = required ? r.require(name) : r.get(name);
  if (!node) return !required;
  auto v = as_string(r.diag(), *node, r.key(name));
  if (v) *out = std::move(*v);
  return v.has_value();
}

bool read_bool(TableReader& r, std::string_view name, bool* out) {
  const toml::node* node = r.get(name);
  if (!node) return true;
  const auto v = as_bool(r.diag(), *node, r.key(name));
  if (v) *out = *v;
  return v.has_value();
}

bool read_uint(TableReader& r, std::string_view name, std::uint64_t min, std::uint64_t max, std::uint64_t* out,
               bool required) {
  const toml::node* node = required ? r.require(name) : r.get(name);
  if (!node) return !required;
  const auto v = as_integer(r.diag(), *node, r.key(name));
  if (!v) return false;
  if (*v < 0 || static_cast<std::uint64_t>(*v) < min) {
    r.diag().add(*node, r.key(name), "must be >= " + std::to_string(min) + got(*node));
    return false;
  }
  if (static_cast<std::uint64_t>(*v) > max) {
    r.diag().add(*node, r.key(name), "must be <= " + std::to_string(max) + got(*node));
    return false;
  }
  *out = static_cast<std::uint64_t>(*v);
  return true;
}

bool read_u32(TableReader& r, std::string_view name, std::uint32_t min, std::uint32_t* out) {
  std::uint64_t v = *out;
  const bool ok = read_uint(r, name, min, UINT32_MAX, &v);
  if (ok) *out = static_cast<std::uint32_t>(v);
  return ok;
}

bool read_number(TableReader& r, std::string_view name, Range range, double* out, bool required) {
  const toml::node* node = required ? r.require(name) : r.get(name);
  if (!node) return !required;
  const auto v = as_number(r.diag(), *node, r.key(name), range);
  if (v) *out = *v;
  return v.has_value();
}

bool read_duration(TableReader& r, std::string_view name, bool positive, TimeNs* out, bool required) {
  const toml::node* node = required ? r.require(name) : r.get(name);
  if (!node) return !required;
  const auto v = as_duration(r.diag(), *node, r.key(name), positive);
  if (v) *out = *v;
  return v.has_value();
}

const toml::table* read_table(TableReader& r, std::string_view name) {
  const toml::node* node = r.get(name);
  if (!node) return nullptr;
  if (const toml::table* t = node->as_table()) return t;
  r.diag().add(*node, r.key(name), "must be a table ([" + std::string(name) + "])" + got_value_or_type(*node));
  return nullptr;
}

std::vector<const toml::table*> read_table_array(TableReader& r, std::string_view name) {
  std::vector<const toml::table*> tables;
  const toml::node* node = r.get(name);
  if (!node) return tables;
  const toml::array* array = node->as_array();
  if (!array) {
    r.diag().add(*node, r.key(name),
                 "must be an array of tables: write [[" + std::string(name) + "]]" + got_value_or_type(*node));
    return tables;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = (*array)[i];
    tables.push_back(element.as_table());
    if (!tables.back()) {
      r.diag().add(element, r.key(name) + "[" + std::to_string(i) + "]",
                   "must be a table" + got_value_or_type(element));
    }
  }
  return tables;
}

}  // namespace logsim

// Validated reads from a toml++ document that collect every problem instead
// of stopping at the first: the building blocks of the scenario loader
// (sim/scenario_loader.h). Each problem names file:line:col (from
// node.source(), or "--set" for values that came from an override), the
// dotted key, the rule and the value.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "sim/duration.h"
#include "sim/scenario_loader.h"

namespace logsim {

class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  // A problem with `node`, placed at the node (or at "--set" when an
  // override put it there).
  void add(const toml::node& node, std::string key, std::string message);
  // A problem placed at a region of the scenario file.
  void add(const toml::source_region& region, std::string key, std::string message);
  // A problem in another file (a trace or samples file), or with line 0 when
  // it has no place.
  void add_in_file(std::string file, int line, int column, std::string key, std::string message);

  const std::string& file() const { return file_; }
  std::size_t count() const { return errors_.size(); }

  // The errors: overrides first, then the scenario file by position, then
  // other files in the order found.
  std::vector<LoadError> take_sorted();

 private:
  std::string file_;
  std::vector<LoadError> errors_;
};

// A closed, open or half-open interval for numeric checks, with the message
// that names it ("must be > 0", "must be in [0, 1]").
struct Range {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  static Range any() { return {}; }
  static Range at_least(double v) { return {v, std::numeric_limits<double>::infinity(), false, false}; }
  static Range above(double v) { return {v, std::numeric_limits<double>::infinity(), true, false}; }
  static Range between(double lo, double hi) { return {lo, hi, false, false}; }

  bool contains(double v) const;
  std::string rule() const;  // "must be > 0"
};

// Reads the keys of one table and remembers which keys were asked for, so
// finish() can report the rest as unknown (typos must not pass silently).
class TableReader {
 public:
  // `prefix` is the table's dotted key ("distributor", "analyzer[1]"; empty
  // for the root). Missing required keys are placed at `anchor`, by default
  // the table itself.
  TableReader(Diagnostics& diag, const toml::table& table, std::string prefix, const toml::node* anchor = nullptr);

  // The value at `name`, or nullptr; marks `name` as a known key.
  const toml::node* get(std::string_view name);
  // As get(), and reports "is required" when absent.
  const toml::node* require(std::string_view name);
  // Whether `name` is present (does not mark it as known).
  bool has(std::string_view name) const { return table_.contains(name); }
  // Marks keys as known without reading them (when an earlier error makes
  // checking them meaningless).
  void allow(std::initializer_list<std::string_view> names);

  // The dotted key of `name` in this table.
  std::string key(std::string_view name) const;
  Diagnostics& diag() { return diag_; }
  const toml::node& anchor() const { return *anchor_; }

  // Reports every key never asked for. A key listed in `elsewhere` is valid
  // in another variant of this table and is reported with `elsewhere_rule`
  // ("does not apply to pattern \"burst\"").
  void finish(std::initializer_list<std::string_view> elsewhere = {}, std::string_view elsewhere_rule = {});

 private:
  Diagnostics& diag_;
  const toml::table& table_;
  std::string prefix_;
  const toml::node* anchor_;
  std::vector<std::string> known_;
};

// Node conversions: each reports a wrong type or broken rule under `key` and
// returns nullopt.
std::optional<std::string> as_string(Diagnostics& diag, const toml::node& node, const std::string& key);
std::optional<bool> as_bool(Diagnostics& diag, const toml::node& node, const std::string& key);
std::optional<std::int64_t> as_integer(Diagnostics& diag, const toml::node& node, const std::string& key);
// An integer or a float, finite and inside `range`.
std::optional<double> as_number(Diagnostics& diag, const toml::node& node, const std::string& key, Range range);
// A duration string ("20ms") or a number of seconds; >= 0, and > 0 when
// `positive`.
std::optional<TimeNs> as_duration(Diagnostics& diag, const toml::node& node, const std::string& key, bool positive);

// Table field reads. Each leaves *out unchanged when the key is absent (the
// default stays) and returns false only when it reported an error.
bool read_string(TableReader& r, std::string_view name, std::string* out, bool required = false);
bool read_bool(TableReader& r, std::string_view name, bool* out);
bool read_uint(TableReader& r, std::string_view name, std::uint64_t min, std::uint64_t max, std::uint64_t* out,
               bool required = false);
bool read_u32(TableReader& r, std::string_view name, std::uint32_t min, std::uint32_t* out);
bool read_number(TableReader& r, std::string_view name, Range range, double* out, bool required = false);
bool read_duration(TableReader& r, std::string_view name, bool positive, TimeNs* out, bool required = false);

// The present sub-table `name` of r's table, or nullptr (absent or not a
// table, which is reported).
const toml::table* read_table(TableReader& r, std::string_view name);
// The tables of the array of tables `name` ([[name]]), in file order; an
// element that is not a table is reported and left as nullptr, so indices
// stay those of the file.
std::vector<const toml::table*> read_table_array(TableReader& r, std::string_view name);

}  // namespace logsim

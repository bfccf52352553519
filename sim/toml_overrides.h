// `--set KEY=VALUE` overrides on a parsed scenario document, and the reverse:
// rendering a TOML value as the VALUE text an override would carry (used for
// `[sweep]` axes). Internal to the scenario loader (sim/scenario_loader.h).
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>

namespace logsim {

// Nodes that an override put into the document carry this source path (or no
// source at all), so the loader reports them as coming from "--set".
inline constexpr std::string_view kOverrideSource = "--set";

struct OverrideError {
  std::string key;      // the KEY as given, or the whole argument when it has no '='
  std::string message;  // the rule, e.g. "names no analyzer (have \"a\", \"b\")"
};

// Applies one "KEY=VALUE" to `doc`. KEY is a dotted path whose first part is
// a scenario table ("distributor.workers", "expect.max_reject_rate"); the
// arrays of tables take an index, "traffic[0].rate", and analyzers also a
// name, "analyzer.analyzer-2.weight". Missing tables on the way are created;
// a missing array element is an error. VALUE is read as a TOML value, and
// taken as a plain string when it does not parse as one. Leaves `doc`
// unchanged on error.
std::optional<OverrideError> apply_override(toml::table& doc, std::string_view assignment);

// Checks, without writing, that `key` names a place apply_override could set
// in `doc`.
std::optional<OverrideError> check_override_key(const toml::table& doc, std::string_view key);

// Renders a value as TOML text that apply_override reads back as the same
// value: 1000, 0.5, "20ms", true, [1, 2], { dist = "exponential", mean = "20ms" }.
// Floats use the shortest text that round-trips.
std::string render_toml_value(const toml::node& node);

// A TOML basic string: the text in double quotes, with escapes.
std::string quote_toml_string(std::string_view text);

// The shortest decimal text that reads back as `value` ("0.5", "1e+20");
// integral values get no ".0" here.
std::string format_number(double value);

}  // namespace logsim

// Loads a scenario file (SPEC §3) with toml++ and validates every key.
// Bad input is expected, not exceptional: every problem in the file is
// collected as a LoadError naming file:line:col, the key, the value and the
// rule, and the scenario is returned only when there is none.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "sim/scenario.h"

namespace logsim {

struct LoadError {
  std::string file;
  int line = 0;    // 0 when the problem has no place in the file
  int column = 0;
  std::string key;      // dotted path, e.g. "analyzer[1].weight" or "distributor.workers"
  std::string message;  // the rule and the value, e.g. "must be > 0 (got -2)"

  // "scenarios/outage.toml:14:3: analyzer[1].weight must be > 0 (got -2)"
  std::string to_string() const;
};

struct LoadResult {
  std::optional<Scenario> scenario;
  std::vector<LoadError> errors;
  bool ok() const { return scenario.has_value(); }
};

// `overrides` are "KEY=VALUE" strings as given to `--set`; they are applied
// to the parsed document before validation, as if written in the file.
// KEY is a dotted path: "distributor.queue_capacity", "scenario.seed",
// "analyzer.<name>.weight" or "analyzer[<index>].weight" (0-based),
// "traffic[<index>].rate", "expect.max_reject_rate". VALUE is read as a TOML
// value (42, 0.5, true, "20ms", { dist = "exponential", mean = "20ms" });
// anything that does not parse as TOML is taken as a string.
LoadResult load_scenario_file(const std::string& path,
                              const std::vector<std::string>& overrides = {});

// As above, from text; `path` names the text in messages and anchors
// relative file references (trace and empirical files).
LoadResult load_scenario_text(std::string_view text, const std::string& path,
                              const std::vector<std::string>& overrides = {});

// Parses a duration: a string with a unit ("250us", "20ms", "1.5s", "2m",
// "1h", also "ns") or a plain number of seconds. Negative values are
// rejected. On failure returns nullopt and sets *error to the rule broken.
std::optional<TimeNs> parse_duration(std::string_view text, std::string* error);
std::optional<TimeNs> duration_from_seconds(double seconds, std::string* error);

}  // namespace logsim

// Sweeps (SPEC §2 `logsim sweep`, §5 sweep.csv): the cartesian product of
// a few scenario keys, each combination ("variant") run with the same seed,
// so every variant sees the same arrivals and differs only by what was
// varied. This file names variants, runs them through a caller-supplied
// task runner (sim/ starts no threads; cmd/ brings a thread pool) and
// writes sweep.csv. Variant order, folder names and every output byte are
// independent of how the runner schedules the work.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario.h"
#include "sim/summary.h"

namespace logsim {

// One key set to one value; `value` is the text a `--set KEY=VALUE` carries
// ("1000", "\"20ms\"", "0.5").
struct SweepSetting {
  std::string key;
  std::string value;
};

struct SweepVariant {
  std::vector<SweepSetting> settings;  // one per axis, in axis order
  std::string folder;                  // sweep_folder_name(settings)

  // "KEY=VALUE" strings for load_scenario_file's overrides.
  std::vector<std::string> overrides() const;
  // "distributor.queue_capacity=1000, distributor.workers=8" for people.
  std::string label() const;
};

// Every combination of the axes' values; the first axis varies slowest
// (like nested loops written in axis order). Empty when any axis is empty.
std::vector<SweepVariant> expand_sweep(const std::vector<SweepAxis>& axes);

// Reads `--vary KEY=V1,V2,...`. Values are split at commas outside quotes,
// brackets and braces, so `KEY=[1,2],[3]` gives two array values; each is
// trimmed and must be non-empty. Returns nullopt with *error on bad input.
// The key itself is checked later, by the loader, like a --set key.
std::optional<SweepAxis> parse_vary(std::string_view argument, std::string* error);

// Reads `--vary KEY=LO..HI` (integers, LO <= HI) for `logsim plan`.
struct VaryRange {
  std::string key;
  long long low = 0;
  long long high = 0;
};
std::optional<VaryRange> parse_vary_range(std::string_view argument, std::string* error);

// A value as shown in tables and sweep.csv: a TOML string loses its quotes
// ("\"20ms\"" shows as 20ms), anything else is shown as written.
std::string sweep_display_value(std::string_view value);

// The sub-folder of one variant: "KEY=VALUE" pairs (display values) joined
// with ','. Bytes other than letters, digits and . _ - + [ ] are written as
// %XX (so '=' ',' '/' ' ' '%' inside a key or value never split or escape
// the name, and distinct variants get distinct names); names longer than
// 200 bytes are cut and end in '~' and a 64-bit hash of the full name.
std::string sweep_folder_name(const std::vector<SweepSetting>& settings);
// The same name from values already in display form (a sweep.csv row).
std::string sweep_folder_name_from_display(const std::vector<SweepSetting>& displayed);

// Runs task(i) once for every i in [0, count), in any order, possibly
// concurrently, and returns when all have finished.
using TaskRunner = std::function<void(std::size_t count, const std::function<void(std::size_t)>& task)>;

// The runner that needs no threads: i = 0, 1, ... in turn.
void run_tasks_serially(std::size_t count, const std::function<void(std::size_t)>& task);

struct SweepRunResult {
  Summary summary;
  std::string error;  // non-empty when the variant's files could not be written
  bool ok() const { return error.empty(); }
};

struct SweepRunOptions {
  // Each variant writes its files to out_dir/<variant folder>; empty writes
  // no files.
  std::string out_dir;
  TaskRunner runner = run_tasks_serially;
  // Called from whichever thread runs the variant, at every sample.
  std::function<void(std::size_t variant, TimeNs now, TimeNs horizon)> progress;
  // Called from whichever thread ran the variant, once it has finished.
  std::function<void(std::size_t variant)> finished;
};

// Runs scenarios[i] as variants[i] (both the same length) and returns the
// results in variant order.
std::vector<SweepRunResult> run_sweep(const std::vector<Scenario>& scenarios, const std::vector<SweepVariant>& variants,
                                      const SweepRunOptions& options);

// sweep.csv (SPEC §5): the varied keys, then offered, rejected, reject_rate,
// delivered, dead_lettered, latency_p99_ms, queue_depth_max, passed (1 when
// every expectation held, 0 otherwise); one row per variant, in order.
std::string sweep_csv(const std::vector<SweepVariant>& variants, const std::vector<SweepRunResult>& results);

// The sweep.csv column names after the varied keys.
extern const char* const kSweepMetricColumns[8];

}  // namespace logsim

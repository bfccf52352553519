// Helpers the subcommands share: loading a scenario with --set and --seed
// applied (printing every error), default output folders, and the sweep
// axes a command was given.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cmd/commands.h"
#include "cmd/progress.h"
#include "sim/scenario.h"
#include "sim/sweep.h"

namespace logsim::cmd {

// Loads `path` with --set `overrides` and then `variant`'s settings, and
// sets the seed to --seed unless the variant varies scenario.seed itself.
// Prints every error (naming the variant, if any) and returns nullopt on
// bad input.
std::optional<Scenario> load_scenario(const std::string& path, const RunOptions& options,
                                      const SweepVariant* variant = nullptr);

// results/<name> unless --out was given.
std::string out_dir_for(const Scenario& scenario, const RunOptions& options);

// The axes from --vary arguments, or nullopt (message printed) on bad
// input: an unreadable argument or the same key twice.
std::optional<std::vector<SweepAxis>> vary_axes(const std::vector<std::string>& vary);

// Variants whose folder names collide (same values given twice) are bad
// input; prints the message and returns false.
bool variants_distinct(const std::vector<SweepVariant>& variants);

// A progress callback for SimEngine::Options::progress that drives `bar`
// with `label`.
std::function<void(TimeNs, TimeNs)> progress_callback(ProgressBar& bar, std::string label);

}  // namespace logsim::cmd

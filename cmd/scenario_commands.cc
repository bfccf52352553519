#include <chrono>
#include <cstdio>
#include <iostream>

#include "cmd/commands.h"
#include "sim/engine.h"
#include "sim/scenario_loader.h"

namespace logsim::cmd {
namespace {

// Loads a scenario with --set and --seed applied; prints every error.
std::optional<Scenario> load(const std::string& path, const std::vector<std::string>& overrides,
                             std::optional<std::uint64_t> seed) {
  LoadResult result = load_scenario_file(path, overrides);
  if (!result.ok()) {
    for (const LoadError& e : result.errors) std::cerr << e.to_string() << '\n';
    return std::nullopt;
  }
  if (seed) result.scenario->seed = *seed;
  return std::move(result.scenario);
}

std::string out_dir_for(const Scenario& scenario, const RunOptions& options) {
  return options.out_dir.empty() ? "results/" + scenario.name : options.out_dir;
}

}  // namespace

int run_scenario(const std::string& path, const RunOptions& options) {
  std::optional<Scenario> scenario = load(path, options.overrides, options.seed);
  if (!scenario) return kExitBadInput;
  SimEngine::Options engine_options;
  engine_options.out_dir = out_dir_for(*scenario, options);
  SimEngine engine(*scenario, engine_options);
  // Wall time is reported on the terminal only; files stay deterministic.
  const auto started = std::chrono::steady_clock::now();
  std::string error;
  if (!engine.run(&error)) {
    std::cerr << "logsim: " << error << '\n';
    return kExitRuntimeFailure;
  }
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const Summary& summary = engine.summary();
  if (options.json) {
    std::cout << summary_to_json(summary);
  } else if (!options.quiet) {
    std::cout << summary_to_text(summary);
    std::printf("  results in %s/  (%.3f s wall, %llu events)\n", engine_options.out_dir.c_str(), wall_s,
                static_cast<unsigned long long>(engine.events_processed()));
  }
  return kExitOk;
}

int validate_scenarios(const std::vector<std::string>& paths, const std::vector<std::string>& overrides) {
  int exit_code = kExitOk;
  for (const std::string& path : paths) {
    LoadResult result = load_scenario_file(path, overrides);
    if (result.ok()) {
      std::cout << path << ": ok (" << result.scenario->name << ")\n";
    } else {
      for (const LoadError& e : result.errors) std::cerr << e.to_string() << '\n';
      exit_code = kExitBadInput;
    }
  }
  return exit_code;
}

int check_scenarios(const std::vector<std::string>& paths, const RunOptions& options) {
  int exit_code = kExitOk;
  for (const std::string& path : paths) {
    std::optional<Scenario> scenario = load(path, options.overrides, options.seed);
    if (!scenario) {
      exit_code = kExitBadInput;
      continue;
    }
    SimEngine::Options engine_options;
    // With several files, --out is a parent folder with one folder each.
    engine_options.out_dir = options.out_dir.empty() ? "results/" + scenario->name
                             : paths.size() == 1   ? options.out_dir
                                                   : options.out_dir + "/" + scenario->name;
    SimEngine engine(*scenario, engine_options);
    std::string error;
    if (!engine.run(&error)) {
      std::cerr << "logsim: " << error << '\n';
      exit_code = kExitRuntimeFailure;
      continue;
    }
    const Summary& s = engine.summary();
    if (!options.quiet) {
      std::string detail;
      for (const ExpectationResult& e : s.expectations) {
        if (!detail.empty()) detail += ", ";
        detail += e.name + " " + e.actual + (e.passed ? " ok" : " > limit " + e.limit);
      }
      if (s.expectations.empty()) detail = "no expectations";
      std::cout << (s.passed ? "PASS " : "FAIL ") << scenario->name << " (seed " << s.seed << "): " << detail
                << '\n';
    }
    if (!s.passed && exit_code == kExitOk) exit_code = kExitExpectationFailed;
  }
  return exit_code;
}

}  // namespace logsim::cmd

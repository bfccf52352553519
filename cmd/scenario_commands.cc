// `logsim run` and `logsim validate`.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cmd/cmd_support.h"
#include "cmd/commands.h"
#include "cmd/progress.h"
#include "sim/engine.h"
#include "sim/scenario_loader.h"

namespace logsim::cmd {

int run_scenario(const std::string& path, const RunOptions& options) {
  std::optional<Scenario> scenario = load_scenario(path, options);
  if (!scenario) return kExitBadInput;
  ProgressBar bar(!options.quiet);
  SimEngine::Options engine_options;
  engine_options.out_dir = out_dir_for(*scenario, options);
  engine_options.progress = progress_callback(bar, scenario->name);
  SimEngine engine(*scenario, engine_options);
  // Wall time is reported on the terminal only; files stay deterministic.
  const auto started = std::chrono::steady_clock::now();
  std::string error;
  const bool ok = engine.run(&error);
  bar.clear();
  if (!ok) {
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

}  // namespace logsim::cmd

// `logsim twin SCENARIO.toml`: the scenario in simulation and live over
// loopback, side by side (core/live/twin.h). Exit 0 when every figure is
// within its tolerance, 1 when one is not, 2 bad input, 3 runtime failure.
#include <cstdio>
#include <iostream>

#include "cmd/cmd_support.h"
#include "cmd/commands.h"
#include "core/live/twin.h"

namespace logsim::cmd {

int run_twin_command(const std::string& path, const TwinCommandOptions& options) {
  std::optional<Scenario> scenario = load_scenario(path, options.run);
  if (!scenario) return kExitBadInput;
  TwinOptions twin;
  twin.out_dir = options.run.out_dir;
  twin.quiet = options.run.quiet;
  twin.tolerances.scale = options.tolerance_scale;
  const TwinResult result = run_twin(*scenario, twin);
  if (result.exit_code == kExitBadInput || result.exit_code == kExitRuntimeFailure) {
    std::cerr << "logsim twin: " << result.error << '\n';
    return result.exit_code;
  }
  if (!options.run.quiet) {
    std::printf("twin %s  seed %llu  simulated vs live over loopback (%s)\n", scenario->name.c_str(),
                static_cast<unsigned long long>(scenario->seed),
                options.tolerance_scale == 1.0 ? "stated tolerances" : "tolerances scaled");
    std::fputs(twin_comparison_text(result.comparison).c_str(), stdout);
    if (result.agent_errors > 0) {
      std::printf("  note: the agent saw %llu requests fail (refused, reset or another status)\n",
                  static_cast<unsigned long long>(result.agent_errors));
    }
    std::printf("  results in %s/{sim,live}/ and comparison.csv; `logsim report %s` draws both\n",
                result.out_dir.c_str(), result.out_dir.c_str());
    std::fflush(stdout);
  }
  return result.exit_code;
}

}  // namespace logsim::cmd

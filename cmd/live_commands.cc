// The live-mode subcommands: `--live` (the real distributor), `analyzer`
// (a stand-in analyzer) and `agent` (real-time traffic replay). They load
// and check their input here and hand over to core/live/.
#include <iostream>

#include "cmd/cmd_support.h"
#include "cmd/commands.h"
#include "core/live/agent.h"
#include "core/live/live_app.h"
#include "core/live/stand_in_analyzer.h"
#include "sim/scenario_loader.h"

namespace logsim::cmd {

int run_live_distributor(const std::string& path, const RunOptions& options) {
  std::optional<Scenario> scenario = load_scenario(path, options);
  if (!scenario) return kExitBadInput;
  LiveOptions live;
  live.out_dir = options.out_dir;
  live.quiet = options.quiet;
  return run_live(*scenario, live);
}

int run_analyzer(const AnalyzerCommandOptions& options) {
  StandInOptions stand_in;
  stand_in.listen = options.listen;
  if (!options.latency.empty()) {
    std::string error;
    const auto latency = parse_duration(options.latency, &error);
    if (!latency) {
      std::cerr << "logsim analyzer: --latency " << error << " (got \"" << options.latency << "\")\n";
      return kExitBadInput;
    }
    stand_in.latency = *latency;
  }
  if (options.error_rate < 0 || options.error_rate > 1) {
    std::cerr << "logsim analyzer: --error-rate must be in [0, 1] (got " << options.error_rate << ")\n";
    return kExitBadInput;
  }
  stand_in.error_rate = options.error_rate;
  stand_in.seed = options.seed;
  stand_in.analyze_path = options.analyze_path;
  stand_in.health_path = options.health_path;
  stand_in.quiet = options.quiet;
  return run_stand_in_analyzer(stand_in);
}

int run_agent_replay(const std::string& path, const AgentCommandOptions& options) {
  std::optional<Scenario> scenario = load_scenario(path, options.run);
  if (!scenario) return kExitBadInput;
  AgentOptions agent;
  agent.target = options.target;
  agent.out_dir = options.run.out_dir;
  agent.quiet = options.run.quiet;
  if (options.connections > 0) agent.max_connections = options.connections;
  return run_agent(*scenario, agent);
}

}  // namespace logsim::cmd

// The live-mode subcommands: `--live` (the real distributor), `analyzer`
// (a stand-in analyzer) and `agent` (real-time traffic replay). They load
// and check their input here and hand over to core/live/.
#include <iostream>

#include "cmd/cmd_support.h"
#include "cmd/commands.h"
#include "core/live/agent.h"
#include "core/live/live_app.h"
#include "core/live/model_analyzer.h"
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

namespace {

// `logsim analyzer --model SCENARIO.toml --name NAME`: the scenario's
// analyzer NAME in real time (core/live/model_analyzer.h).
int run_model_analyzer_command(const AnalyzerCommandOptions& options) {
  if (options.latency_given) {
    std::cerr << "logsim analyzer: --latency and --error-rate come from the model; drop them or --model\n";
    return kExitBadInput;
  }
  if (!options.record.empty()) {
    std::cerr << "logsim analyzer: --record is for the plain stand-in, not --model\n";
    return kExitBadInput;
  }
  RunOptions load;
  load.overrides = options.overrides;
  if (options.seed_given) load.seed = options.seed;
  std::optional<Scenario> scenario = load_scenario(options.model, load);
  if (!scenario) return kExitBadInput;
  std::string name = options.name;
  if (name.empty()) {
    if (scenario->analyzers.size() != 1) {
      std::cerr << "logsim analyzer: --model " << options.model << " has " << scenario->analyzers.size()
                << " analyzers; say which with --name\n";
      return kExitBadInput;
    }
    name = scenario->analyzers.front().name;
  }
  ModelAnalyzerOptions model;
  if (options.listen_given) model.listen = options.listen;
  if (options.start_at_ms) model.start_hrtime = hrtime_at_unix_ms(*options.start_at_ms);
  model.quiet = options.quiet;
  return run_model_analyzer(*scenario, name, model);
}

}  // namespace

int run_analyzer(const AnalyzerCommandOptions& options) {
  if (!options.model.empty()) return run_model_analyzer_command(options);
  if (!options.name.empty() || options.start_at_ms) {
    std::cerr << "logsim analyzer: --name and --start-at need --model SCENARIO.toml\n";
    return kExitBadInput;
  }
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
  stand_in.record_path = options.record;
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
  if (options.start_at_ms) agent.start_hrtime = hrtime_at_unix_ms(*options.start_at_ms);
  return run_agent(*scenario, agent);
}

}  // namespace logsim::cmd

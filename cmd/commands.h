// The logsim subcommands. Each returns the process exit code (SPEC §2):
// 0 success, 1 an expectation failed, 2 bad usage or input, 3 runtime failure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace logsim::cmd {

constexpr int kExitOk = 0;
constexpr int kExitExpectationFailed = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitRuntimeFailure = 3;

struct RunOptions {
  std::vector<std::string> overrides;  // --set KEY=VALUE
  std::optional<std::uint64_t> seed;
  std::string out_dir;  // empty: results/<name>
  bool json = false;
  bool quiet = false;
};

struct CheckOptions {
  RunOptions run;
  std::vector<std::string> vary;  // --vary KEY=V1,V2,...: check every variant of every file
  bool sweep = false;             // --sweep: check every variant of each file's [sweep] table
  std::string junit;              // --junit FILE: JUnit XML report
};

struct SweepOptions {
  RunOptions run;
  std::vector<std::string> vary;  // --vary KEY=V1,V2,...; empty: the file's [sweep] table
  unsigned jobs = 0;              // 0: one per hardware thread
};

struct PlanOptions {
  RunOptions run;
  std::string vary;  // --vary KEY=LO..HI
};

struct AnalyzerCommandOptions {
  std::string listen = "127.0.0.1:9001";
  std::string latency;  // a duration; empty: answer at once
  double error_rate = 0.0;
  std::uint64_t seed = 1;
  std::string analyze_path = "/analyze";
  std::string health_path = "/health";
  std::string record;  // --record FILE: append each packet id answered 200
  bool quiet = false;
  // --model SCENARIO.toml --name NAME: behave as that scenario's analyzer
  // (latency, capacity, error rate, scripted events); see docs/twin.md.
  std::string model;
  std::string name;
  std::vector<std::string> overrides;     // --set, applied to the model scenario
  std::optional<std::int64_t> start_at_ms;  // --start-at: t = 0 in ms since the Unix epoch
  bool seed_given = false;                // --seed overrides the model scenario's seed
  bool latency_given = false;             // --latency/--error-rate conflict with --model
  bool listen_given = false;              // without it, --model listens on the analyzer's url
};

struct AgentCommandOptions {
  RunOptions run;
  std::string target;
  std::size_t connections = 0;  // 0: the agent's default
  std::optional<std::int64_t> start_at_ms;  // --start-at: t = 0 in ms since the Unix epoch
};

struct TwinCommandOptions {
  RunOptions run;
  double tolerance_scale = 1.0;  // --tolerance-scale: widens every tolerance
};

int run_scenario(const std::string& path, const RunOptions& options);
int run_live_distributor(const std::string& path, const RunOptions& options);
int run_analyzer(const AnalyzerCommandOptions& options);
int run_agent_replay(const std::string& path, const AgentCommandOptions& options);
int validate_scenarios(const std::vector<std::string>& paths, const std::vector<std::string>& overrides);
int check_scenarios(const std::vector<std::string>& paths, const CheckOptions& options);
int sweep_scenario(const std::string& path, const SweepOptions& options);
int plan_scenario(const std::string& path, const PlanOptions& options);
int report_results(const std::vector<std::string>& dirs, bool quiet);
int run_twin_command(const std::string& path, const TwinCommandOptions& options);

}  // namespace logsim::cmd

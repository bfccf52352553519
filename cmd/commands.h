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

int run_scenario(const std::string& path, const RunOptions& options);
int validate_scenarios(const std::vector<std::string>& paths, const std::vector<std::string>& overrides);
int check_scenarios(const std::vector<std::string>& paths, const RunOptions& options);

}  // namespace logsim::cmd

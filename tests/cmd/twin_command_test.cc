// `logsim twin` and `logsim analyzer --model` on the command line: exit
// codes for bad input (SPEC §2) and one short twin run end to end.
#include <gtest/gtest.h>

#include <filesystem>

#include "cmd_test_support.h"

namespace logsim {
namespace {

using testing::run_logsim;
using testing::source_path;

std::string temp_folder(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("logsim-twin-cmd-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

// "2 bad usage or bad input": a missing scenario file, an unknown key.
TEST(TwinCommand, BadInputExitsTwo) {
  EXPECT_EQ(run_logsim({"twin", "no-such-file.toml"}).exit_code, 2);
  const testing::CommandResult r =
      run_logsim({"twin", source_path("scenarios/overflow.toml"), "--set", "distributor.no_such_key=1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no_such_key"), std::string::npos) << r.err;
}

// --model needs --name when the scenario has several analyzers; the name
// must exist; --latency/--error-rate conflict with the model; --name and
// --start-at need --model.
TEST(AnalyzerModelCommand, BadCombinationsExitTwo) {
  const std::string model = source_path("scenarios/health-monitor.toml");
  testing::CommandResult r = run_logsim({"analyzer", "--model", model, "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--name"), std::string::npos) << r.err;
  r = run_logsim({"analyzer", "--model", model, "--name", "analyzer-9", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("analyzer-2"), std::string::npos) << r.err;  // lists the names it has
  r = run_logsim({"analyzer", "--model", model, "--name", "analyzer-2", "--latency", "5ms"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(run_logsim({"analyzer", "--name", "analyzer-2"}).exit_code, 2);
  EXPECT_EQ(run_logsim({"analyzer", "--start-at", "0"}).exit_code, 2);
  // An analyzer without url or --listen has nowhere to listen.
  r = run_logsim({"analyzer", "--model", model, "--name", "analyzer-2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--listen"), std::string::npos) << r.err;
}

// A one-second scenario end to end: the side-by-side table, the two result
// folders, comparison.csv, and a report that overlays both runs.
TEST(TwinCommand, RunsWritesAndReports) {
  const std::string out = temp_folder("run");
  const testing::CommandResult shown =
      run_logsim({"twin", source_path("scenarios/concurrent-workers.toml"), "--out", out, "--tolerance-scale", "3"});
  EXPECT_EQ(shown.exit_code, 0) << shown.out << shown.err;
  EXPECT_NE(shown.out.find("latency_p50_ms"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("figures within tolerance"), std::string::npos) << shown.out;
  for (const char* file : {"comparison.csv", "sim/summary.json", "live/summary.json", "live/trace.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / file)) << file;
  }
  EXPECT_EQ(run_logsim({"report", out, "--quiet"}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / "report.html"));
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out) / "live" / "report.html"));
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace logsim

#include <gtest/gtest.h>

#include "cmd_test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

// SPEC §2: "logsim SCENARIO.toml [opts] — same as `logsim run`": both write
// the same files and print the same summary.
TEST(RunCommand, BareFileIsTheSameAsRun) {
  TempDir a, b;
  const std::string file = source_path("scenarios/overflow.toml");
  const CommandResult bare = run_logsim({file, "--out", a.path()});
  const CommandResult run = run_logsim({"run", file, "--out", b.path()});
  EXPECT_EQ(bare.exit_code, 0) << bare.err;
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(read_file(a.file("timeline.csv")), read_file(b.file("timeline.csv")));
  EXPECT_NE(bare.out.find("seed 1"), std::string::npos);  // the seed is always printed
}

// --json prints summary.json's content on stdout; --seed and --set apply.
TEST(RunCommand, JsonSeedAndSet) {
  TempDir dir;
  const CommandResult r = run_logsim({"run", source_path("scenarios/overflow.toml"), "--out", dir.path(), "--json",
                                      "--seed", "9", "--set", "distributor.queue_capacity=5000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, read_file(dir.file("summary.json")));
  EXPECT_NE(r.out.find("\"seed\": 9,"), std::string::npos);
  EXPECT_NE(r.out.find("\"rejected\": 0,"), std::string::npos);
}

// --quiet prints nothing on success.
TEST(RunCommand, QuietPrintsNothing) {
  TempDir dir;
  const CommandResult r = run_logsim({"run", source_path("scenarios/normal-flow.toml"), "--out", dir.path(), "--quiet"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

// SPEC §2: exit 2 for bad input, with the file, line, column and key named;
// exit 3 when results cannot be written.
TEST(RunCommand, ExitCodesForBadInputAndRuntimeFailure) {
  TempDir dir;
  const std::string bad = dir.file("bad.toml");
  std::ofstream(bad) << "[scenario]\nduration = \"1s\"\n[distributor]\nworkers = 0\n";
  const CommandResult r = run_logsim({"run", bad, "--out", dir.file("out")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml:4:11: distributor.workers must be >= 1 (got 0)"), std::string::npos) << r.err;

  EXPECT_EQ(run_logsim({"run", source_path("scenarios/overflow.toml"), "--set", "nonsense"}).exit_code, 2);
  EXPECT_EQ(run_logsim({"run", source_path("scenarios/overflow.toml"), "--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(run_logsim({"validate", bad}).exit_code, 2);
  EXPECT_EQ(run_logsim({"validate", source_path("scenarios/overflow.toml")}).exit_code, 0);

  // A folder path that is a file cannot be created.
  std::ofstream(dir.file("blocker")) << "x";
  EXPECT_EQ(run_logsim({"run", source_path("scenarios/overflow.toml"), "--out", dir.file("blocker") + "/x"}).exit_code,
            3);
}

}  // namespace
}  // namespace logsim

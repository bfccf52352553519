#include <gtest/gtest.h>

#include "cmd_test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

// `logsim report` writes report.html for a run and for a sweep (with one per variant); exit 0.
TEST(ReportCommand, WritesReportsForRunAndSweepFolders) {
  TempDir dir;
  const std::string run = dir.file("run");
  const std::string sweep = dir.file("sweep");
  ASSERT_EQ(run_logsim({"run", source_path("scenarios/overflow.toml"), "--out", run, "--quiet"}).exit_code, 0);
  ASSERT_EQ(run_logsim({"sweep", source_path("scenarios/overflow.toml"), "--out", sweep, "--quiet"}).exit_code, 0);
  const CommandResult r = run_logsim({"report", run, sweep});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(and 2 variant reports)"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(run + "/report.html"));
  EXPECT_TRUE(std::filesystem::exists(sweep + "/report.html"));
  EXPECT_TRUE(std::filesystem::exists(sweep + "/distributor.queue_capacity=1000/report.html"));
}

// A folder with no results is bad input: exit 2.
TEST(ReportCommand, FolderWithoutResultsExitsTwo) {
  TempDir dir;
  const CommandResult r = run_logsim({"report", dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not a results folder"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace logsim

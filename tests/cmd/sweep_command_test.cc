#include <gtest/gtest.h>

#include "cmd_test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

const std::string kOverflow = source_path("scenarios/overflow.toml");

// Output does not depend on --jobs: every file byte-identical, the same table.
TEST(SweepCommand, OutputIsByteIdenticalForOneAndFourJobs) {
  TempDir one, four;
  const std::vector<std::string> vary{"--vary", "distributor.queue_capacity=500,1000,1500,5000", "--vary",
                                      "distributor.workers=8,10"};
  std::vector<std::string> a{"sweep", kOverflow, "--jobs", "1", "--out", one.path()};
  std::vector<std::string> b{"sweep", kOverflow, "--jobs", "4", "--out", four.path()};
  a.insert(a.end(), vary.begin(), vary.end());
  b.insert(b.end(), vary.begin(), vary.end());
  const CommandResult ra = run_logsim(a);
  const CommandResult rb = run_logsim(b);
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  ASSERT_EQ(rb.exit_code, 0) << rb.err;
  const auto files_a = folder_contents(one.path());
  EXPECT_EQ(files_a.size(), 1 + 8 * 4u);  // sweep.csv and four files per variant
  EXPECT_EQ(files_a, folder_contents(four.path()));
  std::string out_b = rb.out;
  out_b.replace(out_b.find(four.path()), four.path().size(), one.path());
  EXPECT_EQ(ra.out, out_b);
}

// SPEC §5 sweep.csv columns, one row and one KEY=VALUE folder per variant; the terminal table has a row each.
TEST(SweepCommand, WritesSweepCsvFoldersAndTable) {
  TempDir dir;
  const CommandResult r = run_logsim({"sweep", kOverflow, "--out", dir.path()});  // the file's [sweep] table
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Csv csv = read_csv(dir.file("sweep.csv"));
  EXPECT_EQ(csv.header,
            (std::vector<std::string>{"distributor.queue_capacity", "offered", "rejected", "reject_rate", "delivered",
                                      "dead_lettered", "latency_p99_ms", "queue_depth_max", "passed"}));
  ASSERT_EQ(csv.rows.size(), 2u);
  EXPECT_EQ(csv.rows[0].at("rejected"), "800");
  EXPECT_EQ(csv.rows[1].at("queue_depth_max"), "1800");
  EXPECT_TRUE(std::filesystem::exists(dir.file("distributor.queue_capacity=1000/timeline.csv")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("distributor.queue_capacity=5000/summary.json")));
  EXPECT_NE(r.out.find("16.67 %"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL: max_queue_depth 1800 > limit 1000"), std::string::npos) << r.out;
}

// Sweeps are exploratory: a variant missing its [expect] is reported, and the exit code stays 0.
TEST(SweepCommand, FailingVariantStillExitsZero) {
  TempDir dir;
  const CommandResult r =
      run_logsim({"sweep", kOverflow, "--out", dir.path(), "--quiet", "--vary", "distributor.queue_capacity=100,200"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(read_csv(dir.file("sweep.csv")).rows.at(0).at("passed"), "0");
}

// No [sweep] table and no --vary, a bad value or a repeated key: exit 2 before anything runs.
TEST(SweepCommand, BadInputExitsTwo) {
  TempDir dir;
  const CommandResult none = run_logsim({"sweep", source_path("scenarios/normal-flow.toml"), "--out", dir.path()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no [sweep] table"), std::string::npos) << none.err;
  const CommandResult bad = run_logsim({"sweep", kOverflow, "--out", dir.path(), "--vary", "distributor.workers=4,0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("variant distributor.workers=0"), std::string::npos) << bad.err;
  EXPECT_EQ(run_logsim({"sweep", kOverflow, "--out", dir.path(), "--vary", "distributor.workers=1,1"}).exit_code, 2);
  EXPECT_EQ(run_logsim({"sweep", kOverflow, "--out", dir.path(), "--vary", "distributor.workers=1", "--vary",
                        "distributor.workers=2"})
                .exit_code,
            2);
  EXPECT_EQ(run_logsim({"sweep", kOverflow, "--out", dir.path(), "--vary", "nosuch.key=1"}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.file("sweep.csv")));
}

}  // namespace
}  // namespace logsim

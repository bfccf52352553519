#include <gtest/gtest.h>

#include "cmd_test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

const std::string kOverflow = source_path("scenarios/overflow.toml");

// overflow: arrivals every 0.625 ms from t = 0 (1600/s), ten workers, every
// send exactly 10 ms. Worker k takes packet k at 0.625 k ms and from then on
// starts a packet every 10 ms (16 arrival slots), so in each 16-slot block
// 16 packets arrive and 10 start: after block m the queue holds 6m, and
// within it peaks at 6m + 6 on slot 15. The last arrival before 3 s is slot
// 4799 = 16 * 299 + 15, finding 6 * 299 + 5 = 1799 waiting: a queue of 1800
// takes every packet, 1799 rejects exactly that one.
TEST(PlanCommand, FindsTheSmallestQueueWithoutRejectsForOverflow) {
  TempDir dir;
  const CommandResult r =
      run_logsim({"plan", kOverflow, "--vary", "distributor.queue_capacity=1000..5000", "--set",
                  "expect.max_reject_rate=0", "--set", "expect.max_queue_depth=100000", "--out", dir.path()});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("meeting every expectation: 1800\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("at distributor.queue_capacity=1799: FAIL max_reject_rate 0.000208 > limit 0.000000"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("max_queue_depth        100000         1800           98200 to spare"), std::string::npos)
      << r.out;
  // The values tried are a sweep folder, sorted by value.
  const Csv csv = read_csv(dir.file("sweep.csv"));
  ASSERT_GE(csv.rows.size(), 3u);
  EXPECT_EQ(csv.rows.front().at("distributor.queue_capacity"), "1000");
  EXPECT_EQ(csv.rows.back().at("distributor.queue_capacity"), "5000");
  EXPECT_TRUE(std::filesystem::exists(dir.file("distributor.queue_capacity=1800/summary.json")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("distributor.queue_capacity=1799/summary.json")));
}

// Workers for the same load: ten workers serve 1000/s; 16 serve 1600/s, and each
// packet finds a worker freed at its own arrival instant, so the queue never
// holds more than the one packet passing through it.
TEST(PlanCommand, FindsWorkersForTheLoad) {
  TempDir dir;
  const CommandResult r =
      run_logsim({"plan", kOverflow, "--vary", "distributor.workers=1..64", "--set", "expect.max_reject_rate=0",
                  "--set", "expect.max_queue_depth=1", "--out", dir.path(), "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir.file("distributor.workers=16")));
  EXPECT_EQ(read_csv(dir.file("sweep.csv")).rows.size(), 2 + 6u) << "bisection: both ends, then log2(63) rounds";
  const Csv csv = read_csv(dir.file("sweep.csv"));
  for (const auto& row : csv.rows) {
    EXPECT_EQ(row.at("passed"), std::stoi(row.at("distributor.workers")) >= 16 ? "1" : "0");
  }
}

// When even the largest value fails, the answer is a clear "none" and exit 1.
TEST(PlanCommand, NoValueInRangeExitsOne) {
  TempDir dir;
  const CommandResult r = run_logsim({"plan", kOverflow, "--vary", "distributor.queue_capacity=1000..1500", "--set",
                                      "expect.max_reject_rate=0", "--out", dir.path()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("no value of distributor.queue_capacity in 1000..1500 meets every expectation"),
            std::string::npos)
      << r.out;
}

// Bad input exits 2: a bad range, a bad key, a value the scenario rejects, no [expect].
TEST(PlanCommand, BadInputExitsTwo) {
  TempDir dir;
  for (const char* vary : {"distributor.queue_capacity=5..1", "distributor.queue_capacity=a..b",
                           "distributor.queue_capacity=5", "nosuch.key=1..5", "distributor.workers=0..5"}) {
    const CommandResult r = run_logsim({"plan", kOverflow, "--vary", vary, "--out", dir.path()});
    EXPECT_EQ(r.exit_code, 2) << vary << ": " << r.out;
  }
  const std::string no_expect = dir.file("no-expect.toml");
  std::ofstream(no_expect)
      << "[scenario]\nduration = \"1s\"\n[[analyzer]]\nname = \"a\"\n[[traffic]]\npattern = \"constant\"\nrate = 10\n";
  const CommandResult r = run_logsim({"plan", no_expect, "--vary", "distributor.workers=1..4", "--out", dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no [expect] table"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace logsim

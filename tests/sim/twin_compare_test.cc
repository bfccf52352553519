// `logsim twin`'s verdict (sim/twin_compare.h): which differences between
// a simulated and a live run count as agreement, and how the comparison is
// written out. Pure data: the live half is tested in tests/live/twin_test.cc.
#include "sim/twin_compare.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/sim/test_support.h"

namespace logsim {
namespace {

TwinSide side() {
  TwinSide s;
  Summary& m = s.summary;
  m.totals.offered = 1000;
  m.totals.accepted = 900;
  m.totals.rejected = 100;
  m.totals.delivered = 900;
  m.reject_rate = 0.1;
  m.latency_p50 = 20 * kNsPerMs;
  m.latency_p99 = 100 * kNsPerMs;
  m.queue_depth_max = 500;
  for (const auto& [name, share] : {std::pair{"a1", 0.6}, std::pair{"a2", 0.4}}) {
    AnalyzerSummary a;
    a.name = name;
    a.share = share;
    m.analyzers.push_back(a);
  }
  s.first_rejection = 2 * kNsPerSec;
  return s;
}

TwinMetric metric(const TwinComparison& c, const std::string& name) {
  for (const TwinMetric& m : c.metrics) {
    if (m.name == name) return m;
  }
  throw std::runtime_error("no metric " + name);
}

bool has_metric(const TwinComparison& c, const std::string& name) {
  for (const TwinMetric& m : c.metrics) {
    if (m.name == name) return true;
  }
  return false;
}

// Two identical runs agree on every figure.
TEST(TwinCompare, IdenticalRunsAgree) {
  const TwinComparison c = compare_twin(side(), side(), TwinTolerances{});
  EXPECT_TRUE(c.passed);
  EXPECT_EQ(c.failed_count(), 0u);
  for (const char* name : {"offered", "reject_rate", "delivered", "dead_lettered", "retries", "latency_p50_ms",
                           "latency_p99_ms", "queue_depth_max", "share.a1", "share.a2", "first_503_s"}) {
    EXPECT_TRUE(has_metric(c, name)) << name;
  }
}

// Rates are compared in absolute points: 3 points pass, more fail.
TEST(TwinCompare, RejectRateIsAbsolute) {
  TwinSide live = side();
  live.summary.reject_rate = 0.1 + 0.029;
  EXPECT_TRUE(metric(compare_twin(side(), live, {}), "reject_rate").passed);
  live.summary.reject_rate = 0.1 + 0.031;
  const TwinComparison c = compare_twin(side(), live, {});
  EXPECT_FALSE(metric(c, "reject_rate").passed);
  EXPECT_FALSE(c.passed);
}

// The agent replays the simulator's arrivals, so offered must match exactly.
TEST(TwinCompare, OfferedMustMatchExactly) {
  TwinSide live = side();
  live.summary.totals.offered = 999;
  EXPECT_FALSE(metric(compare_twin(side(), live, {}), "offered").passed);
}

// A latency within 10 % or 2 ms passes; beyond, it passes only inside the
// simulation's rank band around the percentile.
TEST(TwinCompare, LatencyRelativeWithFloorAndRankBand) {
  TwinSide live = side();
  live.summary.latency_p50 = 21900 * kNsPerUs;  // +1.9 ms: within the 2 ms floor
  EXPECT_TRUE(metric(compare_twin(side(), live, {}), "latency_p50_ms").passed);
  live.summary.latency_p50 = 25 * kNsPerMs;  // +25 %
  EXPECT_FALSE(metric(compare_twin(side(), live, {}), "latency_p50_ms").passed);
  TwinSide sim = side();
  sim.latency_bands = LatencyBands{19 * kNsPerMs, 30 * kNsPerMs, 90 * kNsPerMs, 110 * kNsPerMs};
  const TwinMetric m = metric(compare_twin(sim, live, {}), "latency_p50_ms");
  EXPECT_TRUE(m.passed);
  EXPECT_DOUBLE_EQ(m.above, 10.0);
  live.summary.latency_p50 = 17 * kNsPerMs;  // below the band's low end (19) and beyond 2 ms
  EXPECT_FALSE(metric(compare_twin(sim, live, {}), "latency_p50_ms").passed);
}

// A 503 in one run and none in the other is a disagreement; none in both is not.
TEST(TwinCompare, FirstRejectionMustExistOnBothSidesOrNeither) {
  TwinSide live = side();
  live.first_rejection.reset();
  EXPECT_FALSE(metric(compare_twin(side(), live, {}), "first_503_s").passed);
  TwinSide sim = side();
  sim.first_rejection.reset();
  EXPECT_TRUE(metric(compare_twin(sim, live, {}), "first_503_s").passed);
}

// The first 503 may move by 15 % of the fill time (since the queue was last
// empty), at least 100 ms.
TEST(TwinCompare, FirstRejectionToleranceFollowsFillTime) {
  TwinSide sim = side();
  sim.queue_empty_before_rejection = 1 * kNsPerSec;  // fill time 1 s: tolerance 150 ms
  TwinSide live = side();
  live.first_rejection = 2140 * kNsPerMs;
  EXPECT_TRUE(metric(compare_twin(sim, live, {}), "first_503_s").passed);
  live.first_rejection = 2160 * kNsPerMs;
  EXPECT_FALSE(metric(compare_twin(sim, live, {}), "first_503_s").passed);
}

// An analyzer marked down in one run only, or 100 ms apart, disagrees.
TEST(TwinCompare, MarkedDownTimesPerAnalyzer) {
  TwinSide sim = side();
  TwinSide live = side();
  sim.events = {{5 * kNsPerSec, "marked_down", "a2"}, {20 * kNsPerSec, "marked_up", "a2"}};
  live.events = {{5050 * kNsPerMs, "marked_down", "a2"}, {20 * kNsPerSec, "marked_up", "a2"}};
  TwinComparison c = compare_twin(sim, live, {});
  EXPECT_TRUE(metric(c, "marked_down_s.a2").passed);
  EXPECT_TRUE(metric(c, "marked_up_s.a2").passed);
  EXPECT_FALSE(has_metric(c, "marked_down_s.a1"));
  live.events = {{5150 * kNsPerMs, "ejected", "a2"}};
  c = compare_twin(sim, live, {});
  EXPECT_FALSE(metric(c, "marked_down_s.a2").passed);
  EXPECT_FALSE(metric(c, "marked_up_s.a2").passed);  // never came back live
}

// Shares get at least 3 binomial standard deviations: with few deliveries
// the tolerance widens on its own.
TEST(TwinCompare, ShareToleranceWidensForSmallSamples) {
  TwinSide sim = side();
  sim.summary.totals.delivered = 10;
  const TwinMetric m = metric(compare_twin(sim, sim, {}), "share.a1");
  EXPECT_NEAR(m.tolerance, 3 * std::sqrt(0.6 * 0.4 / 10), 1e-12);
  sim.summary.totals.delivered = 100000;
  EXPECT_DOUBLE_EQ(metric(compare_twin(sim, sim, {}), "share.a1").tolerance, 0.03);
}

// --tolerance-scale multiplies every tolerance.
TEST(TwinCompare, ScaleWidensEveryTolerance) {
  TwinSide live = side();
  live.summary.reject_rate = 0.1 + 0.05;
  EXPECT_FALSE(metric(compare_twin(side(), live, {}), "reject_rate").passed);
  TwinTolerances loose;
  loose.scale = 2;
  EXPECT_TRUE(metric(compare_twin(side(), live, loose), "reject_rate").passed);
}

// comparison.csv has its header, one row per figure, and empty cells for
// a side without a value.
TEST(TwinCompare, CsvAndText) {
  TwinSide live = side();
  live.first_rejection.reset();
  const TwinComparison c = compare_twin(side(), live, {});
  const std::string csv = twin_comparison_csv(c);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "metric,unit,sim,live,difference,allowed_below,allowed_above,rule,passed");
  EXPECT_NE(csv.find("\nreject_rate,ratio,0.100000,0.100000,0.000000,0.030000,0.030000,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\nfirst_503_s,s,2.000000,,,"), std::string::npos) << csv;
  const std::string text = twin_comparison_text(c);
  EXPECT_NE(text.find("DIFFERS"), std::string::npos);
  EXPECT_NE(text.find("figures within tolerance: they differ"), std::string::npos) << text;
}

// The twin-sized copies of the seed scenarios load and meet their own
// [expect] tables in simulation (scenarios/twin/*.toml).
TEST(TwinScenarios, LoadAndMeetTheirExpectations) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::source_path("scenarios/twin"))) {
    if (entry.path().extension() != ".toml") continue;
    ++count;
    Scenario s = testing::load_or_die(entry.path().string());
    SimEngine engine(s, {});
    std::string error;
    ASSERT_TRUE(engine.run(&error)) << error;
    EXPECT_TRUE(engine.summary().passed) << entry.path();
    EXPECT_LE(s.duration, 30 * kNsPerSec) << entry.path() << ": twin scenarios run in at most 30 s";
  }
  EXPECT_GE(count, 3);
}

}  // namespace
}  // namespace logsim

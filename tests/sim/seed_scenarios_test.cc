// The seed design's six scenarios (shared/seed/visual-flow-diagrams.md),
// asserted from the CSV files the shipped scenario files produce.
#include <gtest/gtest.h>

#include <cmath>

#include "test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

struct Run {
  TempDir dir;
  Summary summary;
  Csv timeline;
  Csv distribution;
  Csv events;
};

std::unique_ptr<Run> run_shipped(const std::string& name, const std::vector<std::string>& overrides = {}) {
  auto r = std::make_unique<Run>();
  Scenario s = load_or_die(source_path("scenarios/" + name + ".toml"), overrides);
  r->summary = run_into(s, r->dir.path());
  r->timeline = read_csv(r->dir.file("timeline.csv"));
  r->distribution = read_csv(r->dir.file("distribution.csv"));
  r->events = read_csv(r->dir.file("events.csv"));
  return r;
}

// Seed 1: "Client only waited 1ms" and the packet is delivered about one
// analyzer latency (20 ms median) after acceptance: no queueing at 100/s.
TEST(SeedScenarios, NormalFlowDeliversInAboutOneAnalyzerLatency) {
  auto r = run_shipped("normal-flow");
  EXPECT_EQ(r->summary.totals.rejected, 0u);
  EXPECT_NEAR(to_ms(r->summary.latency_p50), 20.0, 1.0);
  EXPECT_LT(r->summary.queue_wait_mean_ms, 1.0);
  for (std::size_t i = 0; i < r->timeline.rows.size(); ++i) EXPECT_LE(r->timeline.num(i, "queue_depth_max"), 2);
}

// Seed 2: "10 packets processed in 28ms! Without async: would take 10 × 20ms".
TEST(SeedScenarios, TenWorkersFinishTenPacketsInAboutOneLatency) {
  auto ten = run_shipped("concurrent-workers");
  auto one = run_shipped("concurrent-workers", {"distributor.workers=1"});
  EXPECT_EQ(ten->summary.totals.delivered, 10u);
  EXPECT_EQ(one->summary.totals.delivered, 10u);
  EXPECT_GE(to_ms(ten->summary.latency_max), 18.0);
  EXPECT_LE(to_ms(ten->summary.latency_max), 22.0);
  EXPECT_GE(to_ms(one->summary.latency_max), 180.0);
  EXPECT_LE(to_ms(one->summary.latency_max), 220.0);
}

// Seed 3 has no analogue (no lock in a single-threaded core); what bounds
// throughput is workers / latency = 10 / 20 ms = 500 packets/s: at 600/s
// offered the delivered rate stays within a few percent of 500/s.
TEST(SeedScenarios, WorkerConcurrencyBoundsThroughput) {
  auto r = run_shipped("lock-contention");
  double delivered_late = 0;
  int rows = 0;
  for (std::size_t i = 0; i < r->timeline.rows.size(); ++i) {
    const double t = r->timeline.num(i, "time_s");
    if (t > 12.0) {
      delivered_late += r->timeline.num(i, "delivered");
      ++rows;
    }
  }
  const double rate = delivered_late / (rows * 0.1);
  EXPECT_NEAR(rate, 500.0, 25.0);
  EXPECT_GT(r->summary.queue_depth_max, 500u);  // the excess 100/s queues
  auto more = run_shipped("lock-contention", {"distributor.workers=15"});
  EXPECT_LT(more->summary.queue_depth_max, 100u);
}

// Seed 4: timeouts at 5 s, retry after 0.5 s on another analyzer, timeout at
// 10.5 s, retry after 1 s on the third, delivered at ≈ 11.52 s.
TEST(SeedScenarios, RetryBackoffDeliversOnTheThirdAnalyzer) {
  auto r = run_shipped("retry-backoff");
  EXPECT_EQ(r->summary.totals.delivered, 20u);
  EXPECT_EQ(r->summary.totals.dead_lettered, 0u);
  std::map<std::string, double> retries_at, delivered_at;
  for (std::size_t i = 0; i < r->timeline.rows.size(); ++i) {
    const std::string t = r->timeline.rows[i].at("time_s");
    if (r->timeline.num(i, "retries") > 0) retries_at[t] = r->timeline.num(i, "retries");
    if (r->timeline.num(i, "delivered") > 0) delivered_at[t] = r->timeline.num(i, "delivered");
  }
  // Retries go out exactly at 5.5 s and 11.5 s (counted in the rows ending then).
  ASSERT_EQ(retries_at.size(), 2u);
  EXPECT_EQ(retries_at.count("5.500"), 1u);
  EXPECT_EQ(retries_at.count("11.500"), 1u);
  // Deliveries: first picks that were analyzer-1, second picks, third picks.
  EXPECT_EQ(delivered_at.count("11.600"), 1u);
  EXPECT_GT(delivered_at["11.600"], 0);
  EXPECT_EQ(delivered_at.size(), 3u);
  // Every packet on its third attempt was delivered by analyzer-1, the only
  // one it had not tried.
  EXPECT_EQ(r->summary.analyzers[0].delivered, 20u);
  EXPECT_EQ(r->summary.analyzers[0].failed, 0u);
  // The hung pair is marked down when the 5 s probe times out at 6 s.
  int marked_down = 0;
  for (const auto& row : r->events.rows) {
    if (row.at("kind") == "marked_down") {
      EXPECT_EQ(row.at("time_s"), "6.000");
      ++marked_down;
    }
  }
  EXPECT_EQ(marked_down, 2);
}

double mean_share(const Csv& d, const std::string& analyzer, double from_s, double to_s) {
  double delivered = 0, total = 0;
  for (std::size_t i = 0; i < d.rows.size(); ++i) {
    const double t = d.num(i, "time_s");
    if (t <= from_s || t > to_s) continue;
    total += d.num(i, "delivered");
    if (d.rows[i].at("analyzer") == analyzer) delivered += d.num(i, "delivered");
  }
  return total > 0 ? delivered / total : 0.0;
}

// Seed 5: crash at 2 s, marked down at the 5 s probe, traffic 57/0/29/14 %,
// back to 40/30/20/10 % once the probe after the recovery passes.
TEST(SeedScenarios, HealthMonitorTakesCrashedAnalyzerOutAndBack) {
  auto r = run_shipped("health-monitor");
  std::vector<std::pair<std::string, std::string>> seen;
  for (const auto& row : r->events.rows) seen.emplace_back(row.at("kind"), row.at("time_s"));
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0], (std::pair<std::string, std::string>{"crash", "2.000"}));
  EXPECT_EQ(seen[1], (std::pair<std::string, std::string>{"marked_down", "5.000"}));
  EXPECT_EQ(seen[2].first, "recover");
  EXPECT_EQ(seen[3].first, "marked_up");
  EXPECT_NEAR(std::stod(seen[3].second), 70.0, 0.1);

  // Binomial tolerance: 5 standard errors at the number of deliveries.
  const double n_down = 200.0 * 58;  // ≈ deliveries between 6 s and 64 s
  const double n_up = 200.0 * 9;     // between 71 s and 80 s
  const double down[] = {0.4 / 0.7, 0.0, 0.2 / 0.7, 0.1 / 0.7};
  const double up[] = {0.4, 0.3, 0.2, 0.1};
  for (int a = 0; a < 4; ++a) {
    const std::string name = "analyzer-" + std::to_string(a + 1);
    const double p = down[a], q = up[a];
    EXPECT_NEAR(mean_share(r->distribution, name, 6, 64), p, 5 * std::sqrt(p * (1 - p) / n_down) + 1e-9) << name;
    EXPECT_NEAR(mean_share(r->distribution, name, 71, 80), q, 5 * std::sqrt(q * (1 - q) / n_up)) << name;
  }
  // effective_weight reports the renormalized weights while it is down.
  for (std::size_t i = 0; i < r->distribution.rows.size(); ++i) {
    const auto& row = r->distribution.rows[i];
    if (row.at("time_s") == "30.000" && row.at("analyzer") == "analyzer-1") {
      EXPECT_EQ(row.at("effective_weight"), "0.571429");
    }
    if (row.at("time_s") == "30.000" && row.at("analyzer") == "analyzer-2") {
      EXPECT_EQ(row.at("healthy"), "0");
      EXPECT_EQ(row.at("effective_weight"), "0.000000");
    }
  }
  EXPECT_EQ(r->summary.totals.dead_lettered, 0u);
}

// Seed 6: 1600/s against 1000/s fills a 1000-packet queue at 1000/600 =
// 1.67 s; with 5000 packets no 503 within 3 s.
TEST(SeedScenarios, OverflowFirst503AtAboutOnePointSixSevenSeconds) {
  auto small = run_shipped("overflow");
  double first_reject = -1;
  for (std::size_t i = 0; i < small->timeline.rows.size(); ++i) {
    if (small->timeline.num(i, "rejected") > 0) {
      first_reject = small->timeline.num(i, "time_s");
      break;
    }
  }
  EXPECT_DOUBLE_EQ(first_reject, 1.7);  // the interval (1.6 s, 1.7 s] holds 1.667 s
  EXPECT_EQ(small->summary.queue_depth_max, 1000u);
  EXPECT_NEAR(small->summary.reject_rate, (3.0 - 1000.0 / 600.0) * 600.0 / 4800.0, 0.01);

  auto big = run_shipped("overflow", {"distributor.queue_capacity=5000"});
  EXPECT_EQ(big->summary.totals.rejected, 0u);
  EXPECT_NEAR(big->summary.queue_depth_max, 600.0 * 3, 20.0);
}

}  // namespace
}  // namespace logsim

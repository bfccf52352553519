// Analytic checks of the engine: with Poisson arrivals, exponential latency,
// one attempt and no failures, logsim is an M/M/c/K queue with c = workers
// and K = workers + queue_capacity (shared/tools/queueing.py documents the
// mapping). Reject rate and mean queue wait must match the exact formulas.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

struct MmckFigures {
  double blocking;     // P(arrival finds K in system)
  double mean_wait_s;  // Wq over accepted packets
};

// Exact M/M/c/K stationary distribution, computed directly.
MmckFigures mmck(double lam, double mu, int c, int k) {
  std::vector<double> p(static_cast<std::size_t>(k) + 1);
  p[0] = 1.0;
  for (int n = 1; n <= k; ++n) p[n] = p[n - 1] * lam / (mu * std::min(n, c));
  double total = 0;
  for (double x : p) total += x;
  double lq = 0;
  for (int n = c + 1; n <= k; ++n) lq += (n - c) * p[n] / total;
  const double blocking = p[k] / total;
  return {blocking, lq / (lam * (1 - blocking))};
}

std::string scenario_text(double lam, int workers, int queue, std::uint64_t seed) {
  return "[scenario]\nduration = \"200s\"\nsample_interval = \"10s\"\nseed = " + std::to_string(seed) +
         "\n[distributor]\nworkers = " + std::to_string(workers) + "\nqueue_capacity = " + std::to_string(queue) +
         "\nmax_attempts = 1\nhealth_interval = \"1h\"\n"
         "[[analyzer]]\nname = \"a\"\nweight = 0.5\nlatency = { dist = \"exponential\", mean = \"20ms\" }\n"
         "[[analyzer]]\nname = \"b\"\nweight = 0.5\nlatency = { dist = \"exponential\", mean = \"20ms\" }\n"
         "[[traffic]]\npattern = \"poisson\"\nrate = " + std::to_string(lam) + "\n";
}

struct Case {
  double lam;
  int workers;
  int queue;
};

class QueueingModel : public ::testing::TestWithParam<Case> {};

// Independent replications (seeds 1..R); the tolerance is 4.5 standard
// errors of the replication mean (a t-test with R-1 = 11 degrees of freedom
// fails by chance with probability < 0.1 %).
TEST_P(QueueingModel, RejectRateAndMeanWaitMatchMmck) {
  const Case c = GetParam();
  const MmckFigures exact = mmck(c.lam, 50.0, c.workers, c.workers + c.queue);
  constexpr int kReplications = 12;
  std::vector<double> blocking, wait;
  for (int r = 1; r <= kReplications; ++r) {
    Scenario s = load_text_or_die(scenario_text(c.lam, c.workers, c.queue, static_cast<std::uint64_t>(r)));
    SimEngine engine(s, SimEngine::Options{});
    std::string error;
    ASSERT_TRUE(engine.run(&error));
    blocking.push_back(engine.summary().reject_rate);
    wait.push_back(engine.summary().queue_wait_mean_ms / 1e3);
  }
  auto check = [&](const std::vector<double>& xs, double expected, const char* what) {
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= static_cast<double>(xs.size());
    double var = 0;
    for (double x : xs) var += (x - mean) * (x - mean);
    var /= static_cast<double>(xs.size() - 1);
    const double se = std::sqrt(var / static_cast<double>(xs.size()));
    // One packet in a replication is the finest step an estimate can take;
    // when every replication saw none, that step is the tolerance.
    const double resolution = 1.0 / (c.lam * 200.0);
    EXPECT_NEAR(mean, expected, std::max(4.5 * se, resolution)) << what << " (se " << se << ")";
  };
  check(blocking, exact.blocking, "blocking probability");
  check(wait, exact.mean_wait_s, "mean wait in queue");
}

INSTANTIATE_TEST_SUITE_P(Mmck, QueueingModel,
                         ::testing::Values(Case{450, 10, 20}, Case{520, 10, 5}, Case{300, 8, 1000}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return "lam" + std::to_string(static_cast<int>(info.param.lam)) + "_c" +
                                  std::to_string(info.param.workers) + "_queue" + std::to_string(info.param.queue);
                         });

// The formula above agrees with shared/tools/queueing.py
// (`queueing.py mmck --lam 450 --mu 50 --c 10 --queue 20`).
TEST(QueueingModelFormula, AgreesWithReferenceTool) {
  const MmckFigures f = mmck(450, 50, 10, 30);
  EXPECT_NEAR(f.blocking, 0.008772084480501938, 1e-12);
  EXPECT_NEAR(f.mean_wait_s, 0.009248418195943131, 1e-12);
}

}  // namespace
}  // namespace logsim

#include "core/picker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace logsim {
namespace {

const std::vector<double> kSeedWeights = {0.4, 0.3, 0.2, 0.1};

// Weighted random picks follow the weights: each share within 5 binomial
// standard errors of its target (n = 100000, so the tolerance is ~0.8 %).
TEST(WeightedRandomPicker, SharesFollowWeightsWithinBinomialTolerance) {
  auto picker = make_weighted_random_picker(kSeedWeights, Rng::stream(1, "picker"));
  const int n = 100000;
  std::vector<int> counts(4);
  for (int i = 0; i < n; ++i) ++counts[picker->pick(0b1111)];
  for (std::size_t a = 0; a < 4; ++a) {
    const double p = kSeedWeights[a];
    const double se = std::sqrt(p * (1 - p) / n);
    EXPECT_NEAR(static_cast<double>(counts[a]) / n, p, 5 * se) << "analyzer " << a;
  }
}

// SPEC §4.3: "weights renormalized over them" — with analyzer 2 excluded the
// shares become 0.4/0.7, 0.2/0.7, 0.1/0.7 (the seed's 57/29/14 %).
TEST(WeightedRandomPicker, RenormalizesOverEligibleAnalyzers) {
  auto picker = make_weighted_random_picker(kSeedWeights, Rng::stream(2, "picker"));
  const int n = 100000;
  std::vector<int> counts(4);
  for (int i = 0; i < n; ++i) ++counts[picker->pick(0b1101)];
  EXPECT_EQ(counts[1], 0);
  for (std::size_t a : {0u, 2u, 3u}) {
    const double p = kSeedWeights[a] / 0.7;
    EXPECT_NEAR(static_cast<double>(counts[a]) / n, p, 5 * std::sqrt(p * (1 - p) / n));
  }
}

// A single eligible analyzer is always chosen.
TEST(WeightedRandomPicker, SingleEligibleIsAlwaysChosen) {
  auto picker = make_weighted_random_picker(kSeedWeights, Rng(5));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(picker->pick(0b0100), 2u);
}

// Smooth WRR gives exact shares over a full cycle and never repeats the
// heaviest analyzer more than needed (nginx's sequence for 5,1,1: a a b a c a a).
TEST(SmoothWrrPicker, ExactSharesAndSmoothSequence) {
  auto picker = make_smooth_wrr_picker({5, 1, 1});
  std::vector<AnalyzerIndex> seq;
  for (int i = 0; i < 7; ++i) seq.push_back(picker->pick(0b111));
  EXPECT_EQ(seq, (std::vector<AnalyzerIndex>{0, 0, 1, 0, 2, 0, 0}));

  auto p2 = make_smooth_wrr_picker(kSeedWeights);
  std::vector<int> counts(4);
  for (int i = 0; i < 1000; ++i) ++counts[p2->pick(0b1111)];
  EXPECT_EQ(counts, (std::vector<int>{400, 300, 200, 100}));
}

// Smooth WRR skips ineligible analyzers.
TEST(SmoothWrrPicker, SkipsIneligible) {
  auto picker = make_smooth_wrr_picker(kSeedWeights);
  for (int i = 0; i < 50; ++i) EXPECT_NE(picker->pick(0b1101), 1u);
}

}  // namespace
}  // namespace logsim

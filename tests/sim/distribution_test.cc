#include "sim/distribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace logsim {
namespace {

constexpr int kN = 200000;

struct Moments {
  double mean;
  double stddev;
  std::vector<double> sorted;
};

Moments draw(const Distribution& d, std::uint64_t seed) {
  Rng rng(seed);
  Moments m{0, 0, {}};
  m.sorted.reserve(kN);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kN; ++i) {
    const double x = d.sample(rng);
    EXPECT_GE(x, 0.0);
    sum += x;
    sum2 += x * x;
    m.sorted.push_back(x);
  }
  m.mean = sum / kN;
  m.stddev = std::sqrt(sum2 / kN - m.mean * m.mean);
  std::sort(m.sorted.begin(), m.sorted.end());
  return m;
}

double quantile(const Moments& m, double q) { return m.sorted[static_cast<std::size_t>(q * (kN - 1))]; }

// Sample means are within 5 standard errors (sigma / sqrt(n)) of the true mean.
TEST(Distribution, ExponentialMeanAndStddev) {
  Distribution d;
  d.kind = DistKind::kExponential;
  d.mean = 20.0;
  const Moments m = draw(d, 1);
  EXPECT_NEAR(m.mean, 20.0, 5 * 20.0 / std::sqrt(kN));
  EXPECT_NEAR(m.stddev, 20.0, 0.02 * 20.0);
}

TEST(Distribution, UniformMeanAndRange) {
  Distribution d;
  d.kind = DistKind::kUniform;
  d.min = 10;
  d.max = 30;
  const Moments m = draw(d, 2);
  const double sigma = 20.0 / std::sqrt(12.0);
  EXPECT_NEAR(m.mean, 20.0, 5 * sigma / std::sqrt(kN));
  EXPECT_GE(m.sorted.front(), 10.0);
  EXPECT_LT(m.sorted.back(), 30.0);
}

// Normal is truncated at 0: far from 0 it keeps its mean and stddev.
TEST(Distribution, NormalMeanAndStddev) {
  Distribution d;
  d.kind = DistKind::kNormal;
  d.mean = 100;
  d.stddev = 10;
  const Moments m = draw(d, 3);
  EXPECT_NEAR(m.mean, 100.0, 5 * 10.0 / std::sqrt(kN));
  EXPECT_NEAR(m.stddev, 10.0, 0.2);
}

// SPEC §3: "lognormal (median, p99)" — the sample median and p99 match the
// parameters (quantile standard error at n = 200000 is well under 1 %).
TEST(Distribution, LognormalMedianAndP99) {
  Distribution d;
  d.kind = DistKind::kLognormal;
  d.median = 18.0;
  d.p99 = 60.0;
  const Moments m = draw(d, 4);
  EXPECT_NEAR(quantile(m, 0.5), 18.0, 0.01 * 18.0);
  EXPECT_NEAR(quantile(m, 0.99), 60.0, 0.03 * 60.0);
  EXPECT_NEAR(m.mean, d.expected(), 0.01 * d.expected());
}

TEST(Distribution, ConstantAndEmpirical) {
  Rng rng(5);
  EXPECT_EQ(Distribution::constant(7.5).sample(rng), 7.5);
  Distribution e;
  e.kind = DistKind::kEmpirical;
  e.samples = {1, 2, 3};
  const Moments m = draw(e, 6);
  EXPECT_NEAR(m.mean, 2.0, 5 * std::sqrt(2.0 / 3.0) / std::sqrt(kN));
  EXPECT_EQ(m.sorted.front(), 1.0);
  EXPECT_EQ(m.sorted.back(), 3.0);
}

// The same seed gives the same values (no hidden state between draws).
TEST(Distribution, SameSeedSameValues) {
  Distribution d;
  d.kind = DistKind::kLognormal;
  d.median = 18;
  d.p99 = 60;
  Rng a(9), b(9);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(d.sample(a), d.sample(b));
}

}  // namespace
}  // namespace logsim

#include "core/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/rng.h"

namespace logsim {
namespace {

// Percentiles are within 1/128 of the exact order statistic.
TEST(LatencyHistogram, PercentilesWithinRelativeErrorOfExactOrderStatistics) {
  Rng rng(7);
  LatencyHistogram h;
  std::vector<TimeNs> values;
  for (int i = 0; i < 20000; ++i) {
    const TimeNs v = static_cast<TimeNs>(rng.next_below(500 * kNsPerMs)) + 1;
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double q : {0.5, 0.9, 0.99, 0.999}) {
    const auto rank = static_cast<std::size_t>(std::ceil(q * values.size())) - 1;
    const double exact = static_cast<double>(values[rank]);
    EXPECT_NEAR(static_cast<double>(h.percentile(q)), exact, exact / 128.0) << "q=" << q;
  }
  EXPECT_EQ(h.count(), 20000u);
  EXPECT_EQ(h.max(), values.back());
  EXPECT_EQ(h.min(), values.front());
}

// Small values (below the sub-bucket count) are exact.
TEST(LatencyHistogram, SmallValuesAreExact) {
  LatencyHistogram h;
  for (TimeNs v : {1, 2, 3, 100}) h.record(v);
  EXPECT_EQ(h.percentile(0.25), 1);
  EXPECT_EQ(h.percentile(1.0), 100);
  EXPECT_DOUBLE_EQ(h.mean(), 26.5);
}

// clear() forgets everything; merge() adds counts.
TEST(LatencyHistogram, ClearAndMerge) {
  LatencyHistogram a, b;
  a.record(5 * kNsPerMs);
  b.record(10 * kNsPerMs);
  b.record(20 * kNsPerMs);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.max(), 20 * kNsPerMs);
  a.clear();
  EXPECT_EQ(a.count(), 0u);
  EXPECT_EQ(a.percentile(0.5), 0);
  a.record(3);
  EXPECT_EQ(a.percentile(0.5), 3);
}

}  // namespace
}  // namespace logsim

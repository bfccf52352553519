#include "sim/chart_scale.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace logsim {
namespace {

bool is_nice(double step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
  const double f = step / magnitude;
  return std::fabs(f - 1) < 1e-9 || std::fabs(f - 2) < 1e-9 || std::fabs(f - 5) < 1e-9;
}

// Ticks step by 1, 2 or 5 times a power of ten, whatever the range.
TEST(NiceTicks, StepsAreOneTwoOrFiveTimesAPowerOfTen) {
  for (double high : {0.7, 1.0, 3.0, 17.0, 99.0, 1000.0, 1800.0, 3600.0, 86400.0, 123456.0}) {
    const AxisTicks t = nice_ticks(0, high, 5, true);
    EXPECT_TRUE(is_nice(t.step)) << high << " -> " << t.step;
    EXPECT_GE(t.values.size(), 3u) << high;
    EXPECT_LE(t.values.size(), 12u) << high;
  }
}

// A value axis grows outwards to whole steps, so the data always fits.
TEST(NiceTicks, ValueAxisCoversTheData) {
  const AxisTicks t = nice_ticks(0, 1800, 5, true);
  EXPECT_EQ(t.step, 500);
  EXPECT_EQ(t.low, 0);
  EXPECT_EQ(t.high, 2000);
  EXPECT_EQ(t.values, (std::vector<double>{0, 500, 1000, 1500, 2000}));
}

// A time axis ends where the run ended; ticks stay inside it and read cleanly.
TEST(NiceTicks, TimeAxisStaysWithinTheRange) {
  const AxisTicks t = nice_ticks(0, 3.05, 31, false);
  EXPECT_EQ(t.step, 0.1);
  EXPECT_EQ(t.high, 3.05);
  ASSERT_EQ(t.values.size(), 31u);
  EXPECT_EQ(t.values.back(), 3.0);
  EXPECT_EQ(t.values[3], 0.3) << "multiples of a decimal step are the decimal values";
}

// An empty or inverted range still gets an axis.
TEST(NiceTicks, EmptyRangeIsWidened) {
  const AxisTicks t = nice_ticks(5, 5, 5, true);
  EXPECT_LT(t.low, t.high);
  EXPECT_FALSE(t.values.empty());
}

// Labels carry as many decimals as the step needs, and k/M for big numbers.
TEST(FormatTick, UsesTheStepsDecimalsAndSuffixes) {
  EXPECT_EQ(format_tick(0.3, 0.1), "0.3");
  EXPECT_EQ(format_tick(0.25, 0.05), "0.25");
  EXPECT_EQ(format_tick(1500, 500), "1500");
  EXPECT_EQ(format_tick(20000, 5000), "20k");
  EXPECT_EQ(format_tick(12500, 2500), "12.5k");
  EXPECT_EQ(format_tick(3000000, 1000000), "3M");
  EXPECT_EQ(format_tick(0, 0.5), "0");
}

// Hour-long runs: at most about two points per pixel column, and no spike or dip is lost.
TEST(Downsample, KeepsEverySpikeAndDip) {
  std::vector<double> x, y;
  for (int i = 0; i < 36000; ++i) {
    x.push_back(i * 0.1);
    y.push_back(100 + (i % 7));
  }
  y[12345] = 5000;  // a single-sample spike
  y[30001] = 0;     // a single-sample dip
  const auto pieces = downsample_min_max(x, y, 0, 3600, 800);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_LE(pieces[0].size(), 2 * 800u + 2);
  bool spike = false, dip = false;
  for (const ChartPoint& p : pieces[0]) {
    spike = spike || (p.y == 5000 && p.x == x[12345]);
    dip = dip || (p.y == 0 && p.x == x[30001]);
  }
  EXPECT_TRUE(spike);
  EXPECT_TRUE(dip);
  for (std::size_t i = 1; i < pieces[0].size(); ++i) EXPECT_LE(pieces[0][i - 1].x, pieces[0][i].x);
}

// Short series pass through untouched; a missing value (NaN) breaks the line.
TEST(Downsample, KeepsShortSeriesAndBreaksAtGaps) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto pieces = downsample_min_max({1, 2, 3, 4, 5}, {10, 20, nan, 40, 50}, 0, 5, 800);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].size(), 2u);
  EXPECT_EQ(pieces[1].size(), 2u);
  EXPECT_EQ(pieces[1][0].y, 40);
}

}  // namespace
}  // namespace logsim

// The numeric side of the report's charts: "nice" axis ticks (steps of 1, 2
// or 5 times a power of ten), their labels, and min/max downsampling that
// keeps an hour-long timeline readable without ever dropping a spike.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace logsim {

struct AxisTicks {
  double step = 1;
  std::vector<double> values;  // multiples of step, ascending
  double low = 0;              // the axis range the ticks were made for
  double high = 1;
};

// A step of 1, 2 or 5 x 10^k giving about `target` intervals over
// [low, high]. With extend, the range grows outwards to whole steps (a value
// axis); without, it stays as given and only ticks inside it are listed (a
// time axis that ends where the run ended). An empty or inverted range is
// widened to one unit.
AxisTicks nice_ticks(double low, double high, int target, bool extend);

// A tick label with as many decimals as the step needs; values from 10 000
// on use k and M (12k, 1.5M).
std::string format_tick(double value, double step);

// One point of a drawn line.
struct ChartPoint {
  double x = 0;
  double y = 0;
};

// Reduces a series (x ascending; NaN y = no value, which breaks the line)
// to at most about two points per pixel column: in each column with more
// than two points the lowest and the highest are kept, in their original
// order, so every spike and every dip survives. Returns the line's pieces
// between gaps. `x_low`..`x_high` maps onto `columns` pixel columns.
std::vector<std::vector<ChartPoint>> downsample_min_max(const std::vector<double>& x, const std::vector<double>& y,
                                                        double x_low, double x_high, std::size_t columns);

// Every value times `factor` (ratios as percent, say).
std::vector<double> scaled(const std::vector<double>& values, double factor);

// Per-interval counts as rates: count / interval length, the first interval
// starting at 0; NaN where an interval has no length.
std::vector<double> per_second(const std::vector<double>& time_s, const std::vector<double>& counts);

}  // namespace logsim

#include "sim/chart_scale.h"

#include <algorithm>
#include <cmath>

#include "sim/markup.h"

namespace logsim {
namespace {

// The smallest 1, 2 or 5 x 10^k at least `raw`.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  double nice = 10;
  if (fraction <= 1.0 + 1e-9) {
    nice = 1;
  } else if (fraction <= 2.0 + 1e-9) {
    nice = 2;
  } else if (fraction <= 5.0 + 1e-9) {
    nice = 5;
  }
  return nice * magnitude;
}

}  // namespace

AxisTicks nice_ticks(double low, double high, int target, bool extend) {
  if (!std::isfinite(low) || !std::isfinite(high)) {
    low = 0;
    high = 1;
  }
  if (high <= low) high = low + 1;
  target = std::max(target, 1);
  AxisTicks t;
  t.step = nice_step((high - low) / target);
  const double first = std::floor(low / t.step + 1e-9) * t.step;
  const double last = std::ceil(high / t.step - 1e-9) * t.step;
  t.low = extend ? first : low;
  t.high = extend ? last : high;
  const double begin = extend ? first : std::ceil(low / t.step - 1e-9) * t.step;
  for (long long i = 0;; ++i) {
    const double v = begin + static_cast<double>(i) * t.step;
    if (v > t.high + t.step * 1e-9) break;
    // Snap to the step's grid so labels never read 0.30000000000000004.
    t.values.push_back(std::round(v / t.step) * t.step);
  }
  return t;
}

std::string format_tick(double value, double step) {
  const char* suffix = "";
  double scale = 1;
  if (std::fabs(value) >= 1e6 && step >= 1e4) {
    suffix = "M";
    scale = 1e6;
  } else if (std::fabs(value) >= 1e4 && step >= 10) {
    suffix = "k";
    scale = 1e3;
  }
  const double scaled_step = step / scale;
  const int decimals = scaled_step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(scaled_step) - 1e-9));
  return format_decimal(value / scale, std::clamp(decimals, 0, 9)) + suffix;
}

std::vector<std::vector<ChartPoint>> downsample_min_max(const std::vector<double>& x, const std::vector<double>& y,
                                                        double x_low, double x_high, std::size_t columns) {
  std::vector<std::vector<ChartPoint>> pieces;
  const std::size_t n = std::min(x.size(), y.size());
  columns = std::max<std::size_t>(columns, 1);
  const double width = x_high > x_low ? x_high - x_low : 1.0;
  const auto column_of = [&](double v) {
    const double c = std::floor((v - x_low) / width * static_cast<double>(columns));
    return static_cast<long long>(std::clamp(c, -1.0, static_cast<double>(columns)));
  };

  std::vector<ChartPoint> piece;  // the current unbroken run, not yet reduced
  const auto flush = [&] {
    if (piece.empty()) return;
    std::vector<ChartPoint> out;
    std::size_t i = 0;
    while (i < piece.size()) {
      const long long column = column_of(piece[i].x);
      std::size_t j = i;
      std::size_t lo = i;
      std::size_t hi = i;
      while (j < piece.size() && column_of(piece[j].x) == column) {
        if (piece[j].y < piece[lo].y) lo = j;
        if (piece[j].y > piece[hi].y) hi = j;
        ++j;
      }
      if (j - i <= 2) {
        out.insert(out.end(), piece.begin() + static_cast<std::ptrdiff_t>(i),
                   piece.begin() + static_cast<std::ptrdiff_t>(j));
      } else if (lo == hi) {
        out.push_back(piece[lo]);
      } else {
        out.push_back(piece[std::min(lo, hi)]);
        out.push_back(piece[std::max(lo, hi)]);
      }
      i = j;
    }
    pieces.push_back(std::move(out));
    piece.clear();
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(y[i]) && std::isfinite(x[i])) {
      piece.push_back(ChartPoint{x[i], y[i]});
    } else {
      flush();
    }
  }
  flush();
  return pieces;
}

}  // namespace logsim

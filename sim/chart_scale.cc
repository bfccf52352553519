#include "sim/chart_scale.h"

#include <limits>
#include <algorithm>
#include <cmath>

#include "sim/markup.h"

namespace logsim {
namespace {

// The smallest 1, 2 or 5 x 10^k at least `raw`, as mantissa and exponent.
struct Step {
  double mantissa = 1;  // 1, 2 or 5
  int exponent = 0;
  double value() const {
    return exponent >= 0 ? mantissa * std::pow(10.0, exponent) : mantissa / std::pow(10.0, -exponent);
  }
  // The n-th multiple, computed so that decimal steps give the nearest
  // double to the decimal value (3 x 0.1 is 0.3, not 0.30000000000000004).
  double multiple(long long n) const {
    const double m = static_cast<double>(n) * mantissa;
    return exponent >= 0 ? m * std::pow(10.0, exponent) : m / std::pow(10.0, -exponent);
  }
};

Step nice_step(double raw) {
  Step step;
  step.exponent = static_cast<int>(std::floor(std::log10(raw)));
  const double fraction = raw / std::pow(10.0, step.exponent);
  if (fraction <= 1.0 + 1e-9) {
    step.mantissa = 1;
  } else if (fraction <= 2.0 + 1e-9) {
    step.mantissa = 2;
  } else if (fraction <= 5.0 + 1e-9) {
    step.mantissa = 5;
  } else {
    step.mantissa = 1;
    ++step.exponent;
  }
  return step;
}

}  // namespace

AxisTicks nice_ticks(double low, double high, int target, bool extend) {
  if (!std::isfinite(low) || !std::isfinite(high)) {
    low = 0;
    high = 1;
  }
  // Keep step counts within integer range whatever a CSV holds.
  low = std::clamp(low, -1e15, 1e15);
  high = std::clamp(high, -1e15, 1e15);
  if (high <= low) high = low + 1;
  target = std::max(target, 1);
  AxisTicks t;
  const Step step = nice_step((high - low) / target);
  t.step = step.value();
  const auto first = static_cast<long long>(std::floor(low / t.step + 1e-9));
  const auto last = static_cast<long long>(std::ceil(high / t.step - 1e-9));
  t.low = extend ? step.multiple(first) : low;
  t.high = extend ? step.multiple(last) : high;
  const long long begin = extend ? first : static_cast<long long>(std::ceil(low / t.step - 1e-9));
  const long long end = extend ? last : static_cast<long long>(std::floor(high / t.step + 1e-9));
  for (long long n = begin; n <= end; ++n) t.values.push_back(step.multiple(n));
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
  // As many decimals as the step has (2.5k steps need one).
  const double scaled_step = step / scale;
  int decimals = 0;
  while (decimals < 9) {
    const double shifted = scaled_step * std::pow(10.0, decimals);
    if (std::fabs(shifted - std::round(shifted)) < 1e-6 * std::max(1.0, shifted)) break;
    ++decimals;
  }
  return format_decimal(value / scale, decimals) + suffix;
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

std::vector<double> scaled(const std::vector<double>& values, double factor) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(v * factor);
  return out;
}

std::vector<double> per_second(const std::vector<double>& time_s, const std::vector<double>& counts) {
  std::vector<double> out;
  for (std::size_t i = 0; i < counts.size() && i < time_s.size(); ++i) {
    const double dt = time_s[i] - (i ? time_s[i - 1] : 0.0);
    out.push_back(dt > 0 ? counts[i] / dt : std::numeric_limits<double>::quiet_NaN());
  }
  return out;
}

}  // namespace logsim

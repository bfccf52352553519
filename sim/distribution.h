// Random distributions for latencies and packet sizes, sampled with the
// project's own code from an Rng (never std::*_distribution), so a seed gives
// the same values on every standard library.
#pragma once

#include <string>
#include <vector>

#include "core/rng.h"

namespace logsim {

enum class DistKind { kConstant, kExponential, kUniform, kNormal, kLognormal, kEmpirical };

// Parameters are in the distribution's own unit (nanoseconds for latencies,
// bytes for packet sizes). Which fields matter depends on kind:
//   constant: value; exponential: mean; uniform: min, max;
//   normal: mean, stddev (truncated at 0); lognormal: median, p99 (> median);
//   empirical: samples (drawn uniformly at random, non-empty).
struct Distribution {
  DistKind kind = DistKind::kConstant;
  double value = 0;
  double mean = 0;
  double min = 0;
  double max = 0;
  double stddev = 0;
  double median = 0;
  double p99 = 0;
  std::vector<double> samples;

  static Distribution constant(double v) {
    Distribution d;
    d.kind = DistKind::kConstant;
    d.value = v;
    return d;
  }

  // Draws one value (>= 0).
  double sample(Rng& rng) const;

  // The distribution's mean, for documentation and capacity estimates.
  double expected() const;
};

const char* dist_kind_name(DistKind kind);

// Standard normal deviate by the polar method (own code, deterministic).
double sample_standard_normal(Rng& rng);

}  // namespace logsim

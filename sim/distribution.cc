#include "sim/distribution.h"

#include <algorithm>
#include <cmath>

namespace logsim {

namespace {
// Standard normal quantile at 0.99, for the lognormal (median, p99) form.
constexpr double kZ99 = 2.3263478740408408;
}  // namespace

const char* dist_kind_name(DistKind kind) {
  switch (kind) {
    case DistKind::kConstant: return "constant";
    case DistKind::kExponential: return "exponential";
    case DistKind::kUniform: return "uniform";
    case DistKind::kNormal: return "normal";
    case DistKind::kLognormal: return "lognormal";
    case DistKind::kEmpirical: return "empirical";
  }
  return "?";
}

double sample_standard_normal(Rng& rng) {
  // Marsaglia's polar method; the second deviate is dropped so each call
  // consumes a whole number of draws without hidden state.
  for (;;) {
    const double u = 2.0 * rng.next_double() - 1.0;
    const double v = 2.0 * rng.next_double() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * std::log(s) / s);
  }
}

double Distribution::sample(Rng& rng) const {
  switch (kind) {
    case DistKind::kConstant:
      return value;
    case DistKind::kExponential:
      return -mean * std::log(rng.next_double_open0());
    case DistKind::kUniform:
      return min + (max - min) * rng.next_double();
    case DistKind::kNormal:
      // Truncated at 0 by rejection, so the shape above 0 is kept.
      for (int i = 0; i < 64; ++i) {
        const double x = mean + stddev * sample_standard_normal(rng);
        if (x >= 0) return x;
      }
      return 0.0;
    case DistKind::kLognormal: {
      const double mu = std::log(median);
      const double sigma = (std::log(p99) - mu) / kZ99;
      return std::exp(mu + sigma * sample_standard_normal(rng));
    }
    case DistKind::kEmpirical:
      if (samples.empty()) return 0.0;
      return samples[rng.next_below(samples.size())];
  }
  return 0.0;
}

double Distribution::expected() const {
  switch (kind) {
    case DistKind::kConstant: return value;
    case DistKind::kExponential: return mean;
    case DistKind::kUniform: return (min + max) / 2.0;
    case DistKind::kNormal: return std::max(mean, 0.0);  // ignores truncation
    case DistKind::kLognormal: {
      const double sigma = (std::log(p99) - std::log(median)) / kZ99;
      return median * std::exp(sigma * sigma / 2.0);
    }
    case DistKind::kEmpirical: {
      double sum = 0;
      for (double s : samples) sum += s;
      return samples.empty() ? 0.0 : sum / static_cast<double>(samples.size());
    }
  }
  return 0.0;
}

}  // namespace logsim

#include "core/retry_policy.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace logsim {

RetryPolicy::RetryPolicy(const DistributorConfig& config, Rng rng)
    : max_attempts_(config.max_attempts),
      base_ns_(static_cast<double>(config.backoff_base)),
      multiplier_(config.backoff_multiplier),
      max_ns_(static_cast<double>(config.backoff_max)),
      jitter_(config.backoff_jitter),
      rng_(rng) {}

TimeNs RetryPolicy::delay_before_retry(std::uint32_t n) {
  LOGSIM_CHECK(n >= 1);
  double delay = base_ns_ * std::pow(multiplier_, static_cast<double>(n - 1));
  delay = std::min(delay, max_ns_);
  if (jitter_ > 0) delay *= 1.0 + jitter_ * (2.0 * rng_.next_double() - 1.0);
  return static_cast<TimeNs>(std::llround(std::max(delay, 0.0)));
}

}  // namespace logsim

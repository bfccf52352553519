// Exponential backoff (after Envoy's BackOffStrategy): the policy only
// computes delays; the distributor arms the timer.
#pragma once

#include <cstdint>

#include "core/config.h"
#include "core/rng.h"
#include "core/time.h"

namespace logsim {

class RetryPolicy {
 public:
  RetryPolicy(const DistributorConfig& config, Rng rng);

  // True when a packet that has made `attempts` sends may make another.
  bool may_retry(std::uint32_t attempts) const { return attempts < max_attempts_; }

  // Delay before retry n (n = 1, 2, ...): base * multiplier^(n-1), capped at
  // backoff_max, then scaled by 1 + jitter * U(-1, 1). The cap applies before
  // jitter so that jittered retries of capped delays still spread out.
  TimeNs delay_before_retry(std::uint32_t n);

 private:
  std::uint32_t max_attempts_;
  double base_ns_;
  double multiplier_;
  double max_ns_;
  double jitter_;
  Rng rng_;
};

}  // namespace logsim

#include "core/retry_policy.h"

#include <gtest/gtest.h>

namespace logsim {
namespace {

// SPEC §3: "delay before retry n (n = 1, 2, ...) = base * multiplier^(n-1)",
// capped at backoff_max: 0.5 s, 1 s, 2 s, ... as in the seed's scenario 4.
TEST(RetryPolicy, ExponentialScheduleWithCap) {
  DistributorConfig c;
  c.backoff_base = 500 * kNsPerMs;
  c.backoff_multiplier = 2.0;
  c.backoff_max = 3 * kNsPerSec;
  RetryPolicy policy(c, Rng(1));
  EXPECT_EQ(policy.delay_before_retry(1), 500 * kNsPerMs);
  EXPECT_EQ(policy.delay_before_retry(2), 1000 * kNsPerMs);
  EXPECT_EQ(policy.delay_before_retry(3), 2000 * kNsPerMs);
  EXPECT_EQ(policy.delay_before_retry(4), 3000 * kNsPerMs);
  EXPECT_EQ(policy.delay_before_retry(10), 3000 * kNsPerMs);
}

// SPEC §3: "backoff_jitter: delay *= 1 + jitter * U(-1, 1)" — stays within
// the band and actually varies.
TEST(RetryPolicy, JitterStaysWithinBand) {
  DistributorConfig c;
  c.backoff_base = 1 * kNsPerSec;
  c.backoff_jitter = 0.25;
  RetryPolicy policy(c, Rng(2));
  TimeNs lo = kTimeNever, hi = 0;
  for (int i = 0; i < 1000; ++i) {
    const TimeNs d = policy.delay_before_retry(1);
    ASSERT_GE(d, 750 * kNsPerMs);
    ASSERT_LE(d, 1250 * kNsPerMs);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_LT(lo, 800 * kNsPerMs);
  EXPECT_GT(hi, 1200 * kNsPerMs);
}

// SPEC §3: "max_attempts: total sends per packet".
TEST(RetryPolicy, MayRetryBelowMaxAttempts) {
  DistributorConfig c;
  c.max_attempts = 3;
  RetryPolicy policy(c, Rng(1));
  EXPECT_TRUE(policy.may_retry(1));
  EXPECT_TRUE(policy.may_retry(2));
  EXPECT_FALSE(policy.may_retry(3));
}

}  // namespace
}  // namespace logsim

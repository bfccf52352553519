// Latency histogram with log-linear buckets (HdrHistogram's layout): values
// within one power of two are split into 128 sub-buckets, so any reported
// percentile is within 1/128 (< 0.8 %) of a recorded value. Fixed memory,
// O(1) record, deterministic.
#pragma once

#include <array>
#include <cstdint>

#include "core/time.h"

namespace logsim {

class LatencyHistogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  // Values from 0 up to 2^44 ns (about 4.9 hours) are kept; larger ones are
  // counted in the top bucket (and still reach max()).
  static constexpr int kMaxExponent = 44;
  static constexpr int kBucketCount = (kMaxExponent - kSubBucketBits + 1) * kSubBuckets + kSubBuckets;

  void record(TimeNs value);
  void clear();
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  TimeNs min() const { return count_ ? min_ : 0; }
  TimeNs max() const { return count_ ? max_ : 0; }
  // Exact mean of the recorded values (the sum is kept exactly).
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }

  // The value at quantile q in [0, 1]: the midpoint of the bucket holding the
  // ceil(q * count)-th smallest value, clamped to [min, max]. 0 when empty.
  TimeNs percentile(double q) const;

 private:
  static int bucket_of(std::uint64_t value);
  static std::uint64_t bucket_low(int bucket);
  static std::uint64_t bucket_high(int bucket);  // exclusive

  std::array<std::uint64_t, kBucketCount> counts_{};
  std::uint64_t count_ = 0;
  __int128 sum_ = 0;
  TimeNs min_ = 0;
  TimeNs max_ = 0;
  int lowest_bucket_ = kBucketCount;  // range touched since clear(), to clear cheaply
  int highest_bucket_ = -1;
};

}  // namespace logsim

#include "core/histogram.h"

#include <algorithm>
#include <cmath>

namespace logsim {

int LatencyHistogram::bucket_of(std::uint64_t value) {
  if (value < static_cast<std::uint64_t>(kSubBuckets)) return static_cast<int>(value);
  const int msb = 63 - __builtin_clzll(value);  // >= kSubBucketBits
  if (msb > kMaxExponent) return kBucketCount - 1;
  const int shift = msb - kSubBucketBits;
  const int sub = static_cast<int>((value >> shift) & (kSubBuckets - 1));
  return (shift + 1) * kSubBuckets + sub;
}

std::uint64_t LatencyHistogram::bucket_low(int bucket) {
  if (bucket < kSubBuckets) return static_cast<std::uint64_t>(bucket);
  const int shift = bucket / kSubBuckets - 1;
  const std::uint64_t sub = static_cast<std::uint64_t>(bucket % kSubBuckets);
  return (static_cast<std::uint64_t>(kSubBuckets) + sub) << shift;
}

std::uint64_t LatencyHistogram::bucket_high(int bucket) {
  if (bucket < kSubBuckets) return static_cast<std::uint64_t>(bucket) + 1;
  const int shift = bucket / kSubBuckets - 1;
  return bucket_low(bucket) + (std::uint64_t{1} << shift);
}

void LatencyHistogram::record(TimeNs value) {
  if (value < 0) value = 0;
  const int bucket = bucket_of(static_cast<std::uint64_t>(value));
  ++counts_[static_cast<std::size_t>(bucket)];
  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  ++count_;
  sum_ += value;
  lowest_bucket_ = std::min(lowest_bucket_, bucket);
  highest_bucket_ = std::max(highest_bucket_, bucket);
}

void LatencyHistogram::clear() {
  if (highest_bucket_ >= lowest_bucket_) {
    std::fill(counts_.begin() + lowest_bucket_, counts_.begin() + highest_bucket_ + 1, 0);
  }
  count_ = 0;
  sum_ = 0;
  min_ = max_ = 0;
  lowest_bucket_ = kBucketCount;
  highest_bucket_ = -1;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (int b = other.lowest_bucket_; b <= other.highest_bucket_; ++b) {
    counts_[static_cast<std::size_t>(b)] += other.counts_[static_cast<std::size_t>(b)];
  }
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  sum_ += other.sum_;
  lowest_bucket_ = std::min(lowest_bucket_, other.lowest_bucket_);
  highest_bucket_ = std::max(highest_bucket_, other.highest_bucket_);
}

TimeNs LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (int b = lowest_bucket_; b <= highest_bucket_; ++b) {
    seen += counts_[static_cast<std::size_t>(b)];
    if (seen >= rank) {
      const std::uint64_t low = bucket_low(b);
      const std::uint64_t high = bucket_high(b);
      const auto mid = static_cast<TimeNs>(low + (high - 1 - low) / 2);
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

}  // namespace logsim

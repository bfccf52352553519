// What the distributor counts. Totals are cumulative; the samplers of both
// modes diff them per interval. The few figures that cannot be diffed (the
// queue's peak, the latency distribution) also have an interval part that
// the sampler resets with begin_interval().
#pragma once

#include <cstdint>
#include <vector>

#include "core/histogram.h"

namespace logsim {

struct Counters {
  std::uint64_t offered = 0;
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dead_lettered = 0;
  std::uint64_t retries = 0;  // sends after the first, per packet
};

struct AnalyzerCounters {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t failed = 0;  // every send that was not a 2xx
};

struct Stats {
  Counters totals;
  std::vector<AnalyzerCounters> analyzers;
  LatencyHistogram latency;           // delivery - acceptance, whole run
  LatencyHistogram latency_interval;  // the same, since begin_interval()
  std::uint32_t queue_depth_max = 0;           // whole run
  std::uint32_t queue_depth_max_interval = 0;  // since begin_interval()
  // Time packets spent in the admission queue before a worker took them.
  __int128 queue_wait_sum_ns = 0;
  std::uint64_t queue_wait_count = 0;

  double mean_queue_wait_s() const {
    return queue_wait_count ? static_cast<double>(queue_wait_sum_ns) / 1e9 / static_cast<double>(queue_wait_count) : 0.0;
  }

  void begin_interval(std::uint32_t queue_depth_now) {
    latency_interval.clear();
    queue_depth_max_interval = queue_depth_now;
  }
};

}  // namespace logsim

// What live mode reports while it runs: GET /metrics in the Prometheus text
// format (version 0.0.4) and GET /stats as JSON with summary.json's fields.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/distributor.h"
#include "core/time.h"
#include "sim/scenario.h"

namespace logsim {

// Delivery latency in Prometheus' cumulative-bucket form. The core's
// LatencyHistogram answers percentiles; scrapers want fixed upper bounds
// that stay the same between scrapes, so they are kept here.
class LatencyBuckets {
 public:
  static constexpr std::array<double, 14> kBoundsSeconds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                            0.25,  0.5,    1.0,   2.5,  5.0,   10.0, 30.0};
  void record(TimeNs latency);
  // Observations <= kBoundsSeconds[i] (cumulative).
  std::uint64_t cumulative(std::size_t i) const;
  std::uint64_t count() const { return count_; }
  double sum_seconds() const { return static_cast<double>(sum_ns_) / 1e9; }

 private:
  std::array<std::uint64_t, kBoundsSeconds.size()> counts_{};  // per bucket, not cumulative
  std::uint64_t count_ = 0;
  __int128 sum_ns_ = 0;
};

struct LiveExtraMetrics {
  std::uint64_t dead_letter_write_failures = 0;
  std::uint64_t http_bad_requests = 0;
  std::uint64_t http_connections = 0;
  bool accepting = true;
};

std::string render_prometheus(const Distributor& distributor, const LatencyBuckets& latency,
                              const LiveExtraMetrics& extra);

// summary.json's document for the run so far; `now` is the time since start.
std::string render_stats_json(const Scenario& scenario, const Distributor& distributor, TimeNs now);

}  // namespace logsim

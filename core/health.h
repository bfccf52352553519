// Health of the analyzers: active probes with consecutive-result thresholds
// (unhealthy_after / healthy_after) and optional passive ejection after
// eject_after_failures consecutive failed sends. It returns decisions; the
// distributor acts on them and reports them.
#pragma once

#include <cstdint>
#include <vector>

#include "core/config.h"
#include "core/runtime.h"

namespace logsim {

enum class HealthChange : std::uint8_t { kNone, kMarkedDown, kMarkedUp, kEjected };

const char* health_change_name(HealthChange change);

class HealthMonitor {
 public:
  HealthMonitor(const DistributorConfig& config, std::size_t analyzer_count);

  bool healthy(AnalyzerIndex a) const { return state_[a].healthy; }
  std::uint64_t healthy_mask() const { return healthy_mask_; }

  // A probe may start unless the previous one has not answered yet.
  bool begin_probe(AnalyzerIndex a);
  HealthChange on_probe_result(AnalyzerIndex a, bool ok);

  // Every finished send: a success resets the failure streak; a retryable
  // failure extends it and may eject the analyzer.
  HealthChange on_send_result(AnalyzerIndex a, bool failed);

  std::uint32_t consecutive_send_failures(AnalyzerIndex a) const { return state_[a].send_failures_in_row; }

 private:
  struct State {
    bool healthy = true;
    bool probe_in_flight = false;
    std::uint32_t probe_failures_in_row = 0;
    std::uint32_t probe_successes_in_row = 0;
    std::uint32_t send_failures_in_row = 0;
  };

  void set_healthy(AnalyzerIndex a, bool healthy);

  std::uint32_t unhealthy_after_;
  std::uint32_t healthy_after_;
  std::uint32_t eject_after_failures_;
  std::vector<State> state_;
  std::uint64_t healthy_mask_ = 0;
};

}  // namespace logsim

#include "core/health.h"

#include "core/check.h"

namespace logsim {

const char* health_change_name(HealthChange change) {
  switch (change) {
    case HealthChange::kNone: return "none";
    case HealthChange::kMarkedDown: return "marked_down";
    case HealthChange::kMarkedUp: return "marked_up";
    case HealthChange::kEjected: return "ejected";
  }
  return "?";
}

HealthMonitor::HealthMonitor(const DistributorConfig& config, std::size_t analyzer_count)
    : unhealthy_after_(config.unhealthy_after),
      healthy_after_(config.healthy_after),
      eject_after_failures_(config.eject_after_failures),
      state_(analyzer_count) {
  LOGSIM_CHECK(analyzer_count <= kMaxAnalyzers);
  for (std::size_t a = 0; a < analyzer_count; ++a) healthy_mask_ |= std::uint64_t{1} << a;
}

void HealthMonitor::set_healthy(AnalyzerIndex a, bool healthy) {
  state_[a].healthy = healthy;
  if (healthy) {
    healthy_mask_ |= std::uint64_t{1} << a;
  } else {
    healthy_mask_ &= ~(std::uint64_t{1} << a);
  }
}

bool HealthMonitor::begin_probe(AnalyzerIndex a) {
  if (state_[a].probe_in_flight) return false;
  state_[a].probe_in_flight = true;
  return true;
}

HealthChange HealthMonitor::on_probe_result(AnalyzerIndex a, bool ok) {
  State& s = state_[a];
  s.probe_in_flight = false;
  if (ok) {
    s.probe_failures_in_row = 0;
    ++s.probe_successes_in_row;
    if (!s.healthy && s.probe_successes_in_row >= healthy_after_) {
      set_healthy(a, true);
      s.send_failures_in_row = 0;
      return HealthChange::kMarkedUp;
    }
  } else {
    s.probe_successes_in_row = 0;
    ++s.probe_failures_in_row;
    if (s.healthy && s.probe_failures_in_row >= unhealthy_after_) {
      set_healthy(a, false);
      return HealthChange::kMarkedDown;
    }
  }
  return HealthChange::kNone;
}

HealthChange HealthMonitor::on_send_result(AnalyzerIndex a, bool failed) {
  State& s = state_[a];
  if (!failed) {
    s.send_failures_in_row = 0;
    return HealthChange::kNone;
  }
  ++s.send_failures_in_row;
  if (eject_after_failures_ > 0 && s.healthy && s.send_failures_in_row >= eject_after_failures_) {
    set_healthy(a, false);
    // The analyzer must earn its way back with healthy_after good probes.
    s.probe_successes_in_row = 0;
    s.send_failures_in_row = 0;
    return HealthChange::kEjected;
  }
  return HealthChange::kNone;
}

}  // namespace logsim

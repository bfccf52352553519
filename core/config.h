// Distributor settings shared by scenario mode and live mode. Values here are
// already validated by the loader (sim/scenario_loader.h); the core checks
// only its own invariants.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace logsim {

enum class SelectionPolicy { kWeightedRandom, kSmoothWeightedRoundRobin };

// The most analyzers one distributor handles: a packet remembers the
// analyzers it tried as a 64-bit mask.
constexpr std::size_t kMaxAnalyzers = 64;

struct AnalyzerConfig {
  std::string name;
  double weight = 1.0;  // relative, > 0
  std::string url;      // live mode only
};

struct DistributorConfig {
  std::uint32_t queue_capacity = 5000;  // waiting packets only
  std::uint32_t workers = 10;
  TimeNs request_timeout = 5 * kNsPerSec;
  std::uint32_t max_attempts = 3;  // total sends per packet, >= 1
  TimeNs backoff_base = 500 * kNsPerMs;
  double backoff_multiplier = 2.0;
  TimeNs backoff_max = 30 * kNsPerSec;
  double backoff_jitter = 0.0;  // 0..1
  bool retry_holds_worker = true;
  SelectionPolicy selection = SelectionPolicy::kWeightedRandom;
  TimeNs health_interval = 5 * kNsPerSec;
  TimeNs health_timeout = 1 * kNsPerSec;
  std::uint32_t unhealthy_after = 1;
  std::uint32_t healthy_after = 1;
  std::uint32_t eject_after_failures = 0;  // 0 = passive ejection off
  std::vector<AnalyzerConfig> analyzers;
};

}  // namespace logsim

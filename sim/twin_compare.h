// `logsim twin`'s verdict: does the simulation predict the live run? Both
// sides of the same scenario are reduced to the figures a user plans with
// (reject rate, delivered, dead-lettered, latency p50/p99, max queue depth,
// per-analyzer shares, when the first 503 came, when each failed analyzer
// was marked down and up again), and each figure is checked against a
// tolerance stated here and justified in docs/twin.md. Pure data: no clock,
// no socket; core/live/twin.h produces the two sides.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "sim/summary.h"

namespace logsim {

// Allowed |live - sim| per figure. Rates are compared in absolute terms
// (a 503 rate of 0 must stay near 0, not within a percentage of 0);
// latencies and counts relative to the simulated value with a floor for
// what the simulation leaves out on purpose (HTTP over loopback, millisecond
// timers); times of events in absolute time.
struct TwinTolerances {
  double reject_rate_abs = 0.03;  // fraction of offered
  double delivered_rel = 0.05;    // of the simulated count
  double delivered_floor = 2;     // packets
  // Counts of failure-driven events (dead letters, retries) scatter like
  // Poisson counts: max(3 sqrt(sim), rel x sim, floor).
  double failures_rel = 0.10;
  double failures_floor = 2;  // packets
  // Latency percentiles: rel x sim or the floor, or anywhere in the
  // simulation's rank band around the percentile (p50: p45..p55, p99:
  // p98.5..p99.5), whichever allows more; the band covers percentiles that
  // sit on a steep part of the distribution (a queue starting to build).
  double latency_p50_rel = 0.10;
  TimeNs latency_p50_floor = 2 * kNsPerMs;
  double latency_p99_rel = 0.20;
  TimeNs latency_p99_floor = 5 * kNsPerMs;
  double queue_depth_rel = 0.20;
  double queue_depth_floor = 10;  // packets
  double share_abs = 0.03;        // at least; widened to 3 binomial standard deviations
  // Of the fill time: from when the simulated queue was last empty before
  // its first 503 to that 503 (a service-rate error stretches that span).
  double first_rejection_rel = 0.15;
  TimeNs first_rejection_floor = 100 * kNsPerMs;
  TimeNs health_change_abs = 100 * kNsPerMs;  // marked down / marked up
  // Multiplies every tolerance above: > 1 for a loaded CI machine.
  double scale = 1.0;
};

// A health change or scripted event on one side.
struct TwinEvent {
  TimeNs time = 0;
  std::string kind;  // marked_down, ejected, marked_up, crash, ...
  std::string analyzer;
};

// The simulation's latency around the percentiles compared.
struct LatencyBands {
  TimeNs p45 = 0;
  TimeNs p55 = 0;
  TimeNs p98_5 = 0;
  TimeNs p99_5 = 0;
};

// One side of the comparison.
struct TwinSide {
  Summary summary;
  // When the first packet answered 503 arrived (simulation) or was due
  // (live: the agent's schedule); nullopt when none was.
  std::optional<TimeNs> first_rejection;
  // Simulation only: when the queue was last empty before first_rejection.
  std::optional<TimeNs> queue_empty_before_rejection;
  std::optional<LatencyBands> latency_bands;  // simulation only
  std::vector<TwinEvent> events;
};

enum class TwinUnit { kCount, kRatio, kMs, kSeconds };

struct TwinMetric {
  std::string name;  // reject_rate, latency_p99_ms, share.analyzer-2, marked_down_s.analyzer-2, ...
  TwinUnit unit = TwinUnit::kCount;
  std::optional<double> sim;  // in `unit` (ratios as fractions)
  std::optional<double> live;
  double tolerance = 0;  // allowed |live - sim|, in `unit`
  std::string rule;      // how the tolerance was derived, for people
  // Extra room on one side (latency rank bands): live may go down to
  // sim - max(tolerance, below) and up to sim + max(tolerance, above).
  double below = 0;
  double above = 0;
  bool passed = true;
};

struct TwinComparison {
  std::vector<TwinMetric> metrics;
  bool passed = true;  // every metric within its tolerance
  std::size_t failed_count() const;
};

TwinComparison compare_twin(const TwinSide& sim, const TwinSide& live, const TwinTolerances& tolerances);

// The side-by-side table for the terminal.
std::string twin_comparison_text(const TwinComparison& comparison);

// comparison.csv: metric,unit,sim,live,difference,allowed_below,
// allowed_above,rule,passed (empty cells where a side has no value; allowed_*
// are how far live may lie below and above sim; passed is 1 or 0).
// Ratios are fractions, latencies ms, times seconds.
std::string twin_comparison_csv(const TwinComparison& comparison);

}  // namespace logsim

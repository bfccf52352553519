// The end-of-run summary (SPEC §5 summary.json and the terminal summary),
// and the [expect] verdicts. Built from the distributor's totals, so live
// mode's /stats can share it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/distributor.h"
#include "sim/scenario.h"

namespace logsim {

struct AnalyzerSummary {
  std::string name;
  bool healthy = true;  // at the end of the run
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t failed = 0;
  double share = 0;         // delivered / all delivered
  double target_share = 0;  // weight / sum of weights
};

struct ExpectationResult {
  std::string name;  // the [expect] key
  std::string limit;
  std::string actual;
  bool passed = false;
};

struct Summary {
  std::string scenario;
  std::uint64_t seed = 0;
  TimeNs duration = 0;
  TimeNs end_time = 0;  // later than duration when drain = true
  bool drained = false; // drain was asked for and queue and in-flight emptied
  bool live = false;    // a live run: times are wall-clock
  Counters totals;
  std::uint64_t queued = 0;     // at the end
  std::uint64_t in_flight = 0;  // at the end
  double reject_rate = 0;       // rejected / offered
  double delivered_ratio = 0;   // delivered / accepted
  TimeNs latency_p50 = 0;
  TimeNs latency_p90 = 0;
  TimeNs latency_p99 = 0;
  TimeNs latency_max = 0;
  double latency_mean_ms = 0;
  double queue_wait_mean_ms = 0;
  std::uint32_t queue_depth_max = 0;
  // Settings the report draws against (the queue-depth chart's capacity line).
  std::uint32_t queue_capacity = 0;
  std::uint32_t workers = 0;
  std::uint64_t events = 0;  // rows written to events.csv
  std::vector<AnalyzerSummary> analyzers;
  std::vector<ExpectationResult> expectations;
  bool passed = true;  // every expectation held
};

// Fills the totals and per-analyzer figures from the distributor.
Summary summarize(const std::string& name, std::uint64_t seed, const Distributor& distributor);

// Checks each [expect] limit against the summary and sets `passed`.
void evaluate_expectations(const Expectations& expect, Summary* summary);

std::string summary_to_json(const Summary& summary);

// `text` as a JSON string literal, quotes included (RFC 8259 escaping).
std::string json_quote(std::string_view text);

// The one-screen terminal summary.
std::string summary_to_text(const Summary& summary);

}  // namespace logsim

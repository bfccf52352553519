// Timeline sampling (SPEC §5), shared by scenario mode and live mode: at the
// end of each sample interval the Sampler reads the distributor's counters,
// turns them into one timeline row and one distribution row per analyzer,
// and hands them to a sink (the CSV writer, or nothing in benchmarks).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/distributor.h"
#include "core/time.h"

namespace logsim {

struct TimelineRow {
  TimeNs time = 0;  // end of the interval
  std::uint64_t offered = 0;
  std::uint64_t accepted = 0;
  std::uint64_t rejected = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dead_lettered = 0;
  std::uint64_t retries = 0;
  std::uint32_t queue_depth = 0;      // at `time`
  std::uint32_t queue_depth_max = 0;  // over the interval
  std::uint64_t in_flight = 0;
  double reject_rate = 0;             // rejected / offered in the interval (0 when none offered)
  bool has_latency = false;           // false when nothing was delivered in the interval
  TimeNs latency_p50 = 0;
  TimeNs latency_p99 = 0;
};

struct DistributionRow {
  TimeNs time = 0;
  AnalyzerIndex analyzer = 0;
  bool healthy = true;
  double weight = 0;
  double effective_weight = 0;
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t failed = 0;
  double share = 0;  // this analyzer's delivered / all delivered in the interval
};

// events.csv: scripted events and what the distributor noticed.
struct EventRow {
  TimeNs time = 0;
  std::string kind;      // crash, hang, slow, errors, recover, marked_down, marked_up, ejected, ...
  std::string analyzer;  // may be empty
  std::string detail;
};

class TimelineSink {
 public:
  virtual ~TimelineSink() = default;
  virtual void on_timeline(const TimelineRow& /*row*/) {}
  virtual void on_distribution(const DistributionRow& /*row*/) {}
  virtual void on_event(const EventRow& /*row*/) {}
  // End of an interval's rows: live mode flushes files here.
  virtual void end_interval() {}
};

class Sampler {
 public:
  Sampler(const Distributor& distributor, Stats& stats, TimelineSink& sink);

  // Emits the rows for the interval ending at `now` and starts the next one.
  void sample(TimeNs now);

  std::uint64_t intervals() const { return intervals_; }

 private:
  const Distributor& distributor_;
  Stats& stats_;
  TimelineSink& sink_;
  Counters previous_;
  std::vector<AnalyzerCounters> previous_analyzers_;
  std::uint64_t intervals_ = 0;
};

}  // namespace logsim

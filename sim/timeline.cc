#include "sim/timeline.h"

namespace logsim {

Sampler::Sampler(const Distributor& distributor, Stats& stats, TimelineSink& sink)
    : distributor_(distributor),
      stats_(stats),
      sink_(sink),
      previous_(stats.totals),
      previous_analyzers_(stats.analyzers) {
  stats_.begin_interval(distributor_.queue_depth());
}

void Sampler::sample(TimeNs now) {
  const Counters& c = stats_.totals;
  TimelineRow row;
  row.time = now;
  row.offered = c.offered - previous_.offered;
  row.accepted = c.accepted - previous_.accepted;
  row.rejected = c.rejected - previous_.rejected;
  row.delivered = c.delivered - previous_.delivered;
  row.dead_lettered = c.dead_lettered - previous_.dead_lettered;
  row.retries = c.retries - previous_.retries;
  row.queue_depth = distributor_.queue_depth();
  row.queue_depth_max = stats_.queue_depth_max_interval;
  row.in_flight = distributor_.in_flight();
  row.reject_rate = row.offered ? static_cast<double>(row.rejected) / static_cast<double>(row.offered) : 0.0;
  row.has_latency = stats_.latency_interval.count() > 0;
  if (row.has_latency) {
    row.latency_p50 = stats_.latency_interval.percentile(0.50);
    row.latency_p99 = stats_.latency_interval.percentile(0.99);
  }
  sink_.on_timeline(row);

  for (AnalyzerIndex a = 0; a < stats_.analyzers.size(); ++a) {
    const AnalyzerCounters& now_a = stats_.analyzers[a];
    const AnalyzerCounters& was = previous_analyzers_[a];
    DistributionRow d;
    d.time = now;
    d.analyzer = a;
    d.healthy = distributor_.healthy(a);
    d.weight = distributor_.config().analyzers[a].weight;
    d.effective_weight = distributor_.effective_weight(a);
    d.sent = now_a.sent - was.sent;
    d.delivered = now_a.delivered - was.delivered;
    d.failed = now_a.failed - was.failed;
    d.share = row.delivered ? static_cast<double>(d.delivered) / static_cast<double>(row.delivered) : 0.0;
    sink_.on_distribution(d);
  }
  sink_.end_interval();

  previous_ = c;
  previous_analyzers_ = stats_.analyzers;
  stats_.begin_interval(distributor_.queue_depth());
  ++intervals_;
}

}  // namespace logsim

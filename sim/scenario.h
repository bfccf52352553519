// A scenario as loaded from TOML (SPEC §3): distributor settings, analyzers,
// traffic, scripted events and expectations. Every value here has passed
// validation; times are nanoseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/time.h"
#include "sim/distribution.h"

namespace logsim {

struct AnalyzerModel {
  std::string name;
  double weight = 1.0;
  Distribution latency = Distribution::constant(20.0 * kNsPerMs);  // ns
  std::uint32_t capacity = 0;  // concurrent requests served; 0 = unlimited
  double error_rate = 0.0;     // fraction of sends answered 5xx
  std::string url;             // live mode only
};

enum class TrafficPattern { kConstant, kPoisson, kBurst, kRamp, kTrace };

struct TraceArrival {
  TimeNs time = 0;           // relative to the trace start, before `speed`
  std::uint32_t bytes = 0;   // 0 = draw from the source's packet_bytes
};

struct TrafficSource {
  std::string name;  // "traffic-<index>" (1-based), used for its random stream
  TrafficPattern pattern = TrafficPattern::kPoisson;
  double rate = 0;  // packets/s (constant, poisson)
  TimeNs start = 0;
  TimeNs end = 0;   // defaults to the scenario duration
  Distribution packet_bytes = Distribution::constant(512);
  // burst
  TimeNs at = 0;
  std::uint64_t count = 0;
  TimeNs spread = 0;
  // ramp
  double from_rate = 0;
  double to_rate = 0;
  // trace
  std::string file;  // as written in the scenario
  double speed = 1.0;
  std::vector<TraceArrival> trace;  // loaded, sorted by time
};

enum class EventAction { kCrash, kHang, kSlow, kErrors, kRecover };

struct ScriptedEvent {
  TimeNs at = 0;
  std::string analyzer;
  std::uint32_t analyzer_index = 0;
  EventAction action = EventAction::kCrash;
  double factor = 1.0;  // slow
  double rate = 0.0;    // errors
  TimeNs duration = 0;  // `for`: auto-recover after this long; 0 = never
};

struct Expectations {
  std::optional<double> max_reject_rate;
  std::optional<double> min_delivered_ratio;
  std::optional<std::uint64_t> max_dead_lettered;
  std::optional<TimeNs> max_latency_p99;
  std::optional<std::uint64_t> max_queue_depth;
  bool empty() const {
    return !max_reject_rate && !min_delivered_ratio && !max_dead_lettered && !max_latency_p99 &&
           !max_queue_depth;
  }
};

// One `[sweep]` entry: a key and the values to try, kept as the text that a
// `--set KEY=VALUE` override would carry.
struct SweepAxis {
  std::string key;
  std::vector<std::string> values;
};

struct LiveSettings {
  std::string listen = "127.0.0.1:8000";
  std::string ingest_path = "/ingest";
  std::string analyze_path = "/analyze";
  std::string health_path = "/health";
  std::uint64_t max_body_bytes = 1 << 20;
  std::uint32_t max_connections = 1024;
  TimeNs header_timeout = 10 * kNsPerSec;
  TimeNs idle_timeout = 60 * kNsPerSec;
  std::string auth_token;  // empty = no token required
  std::string dead_letter = "results/live/dead-letter.jsonl";
  TimeNs shutdown_grace = 10 * kNsPerSec;
  std::string record_trace;  // empty = do not record
};

struct Scenario {
  std::string path;  // the file it came from
  std::string name;
  std::string description;
  TimeNs duration = 0;
  std::uint64_t seed = 1;
  TimeNs sample_interval = 100 * kNsPerMs;
  bool drain = false;

  DistributorConfig distributor;  // analyzers' names, weights and urls mirrored from `analyzers`
  std::vector<AnalyzerModel> analyzers;
  std::vector<TrafficSource> traffic;
  std::vector<ScriptedEvent> events;  // sorted by `at`, stable
  Expectations expect;
  std::vector<SweepAxis> sweep;
  LiveSettings live;
};

}  // namespace logsim

// `logsim agent`: replays a scenario's [[traffic]] against a running
// distributor in real time, over keep-alive connections, and writes what it
// saw per sample interval to agent.csv:
//   time_s,sent,accepted_202,rejected_503,errors,latency_p50_ms,latency_p99_ms
// Arrival times come from the simulator's own generators (sim/traffic.h), so
// the agent offers exactly the arrivals scenario mode simulates for the same
// seed. Latency is measured from each packet's scheduled time, not from when
// a connection was free, so a slow target cannot hide its queueing
// (coordinated omission).
#pragma once

#include <uv.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/live/loop_wakeup.h"
#include "core/histogram.h"
#include "core/live/http_client.h"
#include "sim/scenario.h"
#include "sim/traffic.h"

namespace logsim {

struct AgentOptions {
  std::string target;  // http://host:port[/path]; without a path, the scenario's [live] ingest_path
  std::string out_dir;  // empty: results/<scenario name>/
  std::size_t max_connections = 64;
  TimeNs request_timeout = 10 * kNsPerSec;
  std::string auth_token;  // empty: the scenario's [live] auth_token
  bool handle_signals = true;  // SIGINT/SIGTERM stop sending; answers still awaited
  bool quiet = false;
  // t = 0 of the traffic on uv_hrtime()'s clock, so that other processes or
  // threads (stand-in analyzers, `logsim twin`) share it; 0: when run() starts.
  std::uint64_t start_hrtime = 0;
};

struct AgentTotals {
  std::uint64_t sent = 0;
  std::uint64_t accepted = 0;  // 202
  std::uint64_t rejected = 0;  // 503
  std::uint64_t errors = 0;    // anything else: other statuses, refused, reset, timeout
  LatencyHistogram latency;    // every answered request
  // When the earliest packet answered 503 was due (since t = 0); -1: none.
  TimeNs first_rejected_at = -1;
};

// Replays the traffic to options.target. Returns 0 when the replay ran (its
// errors are in the output), 2 for a bad target URL, 3 when agent.csv
// cannot be written.
int run_agent(const Scenario& scenario, const AgentOptions& options);

class Agent final : private HttpClientListener {
 public:
  Agent(const Scenario& scenario, const AgentOptions& options);
  ~Agent() override;
  Agent(const Agent&) = delete;
  Agent& operator=(const Agent&) = delete;

  int start(std::string* error);
  // Replays until the traffic ends and every answer is in; returns 0.
  int run();
  // Stops sending (answers to what was sent are still awaited). Thread-safe.
  void stop();

  const AgentTotals& totals() const { return totals_; }
  const std::string& csv_path() const { return csv_path_; }

 private:
  friend struct AgentCallbacks;

  void on_http_done(std::uint64_t tag, const HttpClientResult& result) override;
  TimeNs now() const;
  void pace();
  void send(const Arrival& arrival);
  void sample_tick();
  void write_row(TimeNs time);
  void check_finished();
  void close_handles();

  Scenario scenario_;
  AgentOptions options_;
  std::string path_;
  std::string headers_;
  std::string csv_path_;
  std::FILE* csv_ = nullptr;
  uv_loop_t loop_{};
  bool loop_open_ = false;
  std::unique_ptr<HttpClient> client_;
  std::vector<ArrivalGenerator> sources_;
  std::vector<Arrival> next_;      // per source: its next arrival
  std::vector<bool> has_next_;
  std::vector<TimeNs> scheduled_;  // per request tag: when it was due
  std::vector<std::uint32_t> free_tags_;
  std::string body_;
  std::uint64_t sequence_ = 0;
  std::uint64_t start_ns_ = 0;
  bool sending_done_ = false;
  bool finished_ = false;
  uv_timer_t pace_timer_{};
  uv_timer_t sample_timer_{};
  uv_signal_t sigint_{};
  uv_signal_t sigterm_{};
  LoopWakeup wakeup_;
  std::vector<uv_handle_t*> handles_;
  std::atomic<bool> stop_requested_{false};
  std::uint64_t samples_ = 0;
  AgentTotals totals_;
  AgentTotals interval_;
};

}  // namespace logsim

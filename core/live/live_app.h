// `logsim --live`: the real distributor (SPEC §6). It wires the core to
// libuv: an HTTP ingest server, the live runtime (timers, analyzer pools),
// packet bodies, the dead-letter file, live CSV files and the shutdown drain
// on SIGINT/SIGTERM. Everything runs on one loop thread; only
// request_shutdown() may be called from elsewhere.
#pragma once

#include <uv.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/live/loop_wakeup.h"
#include "core/distributor.h"
#include "core/live/body_store.h"
#include "core/live/dead_letter_log.h"
#include "core/live/endpoint.h"
#include "core/live/http_server.h"
#include "core/live/live_metrics.h"
#include "core/live/live_runtime.h"
#include "sim/csv_output.h"
#include "sim/scenario.h"
#include "sim/summary.h"
#include "sim/timeline.h"

namespace logsim {

struct LiveOptions {
  std::string out_dir;         // empty: results/<scenario name>/
  bool handle_signals = true;  // SIGINT/SIGTERM start the drain; a second one cuts it short
  bool quiet = false;          // no terminal output but errors
};

// Exit codes (SPEC §2).
constexpr int kExitOk = 0;
constexpr int kExitBadInput = 2;
constexpr int kExitRuntimeFailure = 3;

// Runs the distributor until SIGINT/SIGTERM and the drain that follows.
// Returns 0 after a clean shutdown, 2 when the [live] settings or an
// analyzer URL are unusable, 3 when the port or an output file is not.
int run_live(const Scenario& scenario, const LiveOptions& options);

class LiveApp final : private HttpHandler, private DistributorObserver, private LiveRuntimeHooks {
 public:
  LiveApp(const Scenario& scenario, const LiveOptions& options);
  ~LiveApp() override;
  LiveApp(const LiveApp&) = delete;
  LiveApp& operator=(const LiveApp&) = delete;

  // Binds the port and opens the output files. Returns kExitOk, or an exit
  // code with *error saying what is wrong.
  int start(std::string* error);
  int port() const { return server_ ? server_->port() : 0; }
  // t = 0 of the live clock (uv_hrtime()), once start() has succeeded: other
  // threads or processes align their schedules with it (`logsim twin`).
  std::uint64_t start_hrtime() const { return runtime_ ? runtime_->start_hrtime() : 0; }
  const std::string& out_dir() const { return out_dir_; }
  const std::string& dead_letter_path() const { return scenario_.live.dead_letter; }

  // Serves until shut down and drained; returns the exit code.
  int run();

  // Starts the drain as SIGTERM does. Thread-safe; a second call (or
  // signal) skips what is left of the grace period.
  void request_shutdown();

  // The end-of-run summary (valid after run() returned).
  const Summary& summary() const { return summary_; }

 private:
  enum class Phase { kRunning, kDraining, kFinalizing, kStopped };
  friend struct LiveAppCallbacks;

  // HttpHandler
  void on_request(HttpRequest& request, const ResponseToken& token) override;
  // DistributorObserver
  void on_health_change(AnalyzerIndex analyzer, HealthChange change) override;
  void on_delivered(PacketSlot slot, const Packet& packet) override;
  void on_dead_letter(PacketSlot slot, const Packet& packet, DeadLetterReason reason) override;
  // LiveRuntimeHooks
  void after_core_event() override;

  bool authorized(const HttpRequest& request) const;
  void ingest(HttpRequest& request, const ResponseToken& token);
  void begin_shutdown(const char* why);
  void begin_finalizing();
  void check_drained();
  void finish();
  void sample_tick();
  void arm_sample_timer();
  void close_handles();

  Scenario scenario_;
  LiveOptions options_;
  std::string out_dir_;
  std::string bearer_;  // the Authorization value ingest and admin routes need
  uv_loop_t loop_{};
  bool loop_open_ = false;
  BodyStore bodies_;
  DeadLetterLog dead_letters_;
  LatencyBuckets latency_;
  std::unique_ptr<LiveRuntime> runtime_;
  std::unique_ptr<Distributor> distributor_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<CsvOutput> csv_;
  std::unique_ptr<Sampler> sampler_;
  std::FILE* trace_ = nullptr;  // [live] record_trace: arrivals as a trace file
  uv_timer_t sample_timer_{};
  uv_timer_t grace_timer_{};
  uv_signal_t sigint_{};
  uv_signal_t sigterm_{};
  LoopWakeup wakeup_;
  std::vector<uv_handle_t*> handles_;  // initialized handles to close at the end
  std::atomic<int> shutdown_requests_{0};
  int shutdown_seen_ = 0;
  Phase phase_ = Phase::kRunning;
  std::uint64_t samples_ = 0;
  std::uint64_t shutdown_dead_letters_ = 0;
  Summary summary_;
  std::string accepted_body_;  // reused for 202 answers
};

}  // namespace logsim

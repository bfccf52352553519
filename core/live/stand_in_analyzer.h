// `logsim analyzer`: a stand-in analyzer for trying live mode without the
// real thing. POST {analyze_path} answers 200 after `latency`, or 500 with
// probability error_rate (drawn from the project's Rng, so a seed replays);
// GET {health_path} answers 200; GET /stats reports what it received and
// GET /received lists the packet ids forwarded in X-Logsim-Packet-Id (for
// soak tests that check every packet arrived).
#pragma once

#include <uv.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/live/loop_wakeup.h"
#include "core/live/http_server.h"
#include "core/rng.h"
#include "core/time.h"

namespace logsim {

struct StandInOptions {
  std::string listen = "127.0.0.1:9001";  // port 0: any free port
  TimeNs latency = 0;
  double error_rate = 0.0;
  std::uint64_t seed = 1;
  std::string analyze_path = "/analyze";
  std::string health_path = "/health";
  bool record_ids = true;
  bool record_bodies = false;  // keeps every body in memory: tests only
  // Non-empty: each packet answered 200 has its X-Logsim-Packet-Id appended
  // to this file, one per line, each with one write(2) before the answer
  // goes out: the record survives a kill -9 (soak tests, `--record FILE`).
  std::string record_path;
  bool handle_signals = true;  // SIGINT/SIGTERM stop it
  bool quiet = false;
};

// Serves until SIGINT/SIGTERM. Returns 0, 2 for a bad --listen, 3 when the
// port cannot be bound.
int run_stand_in_analyzer(const StandInOptions& options);

class StandInAnalyzer final : private HttpHandler {
 public:
  explicit StandInAnalyzer(const StandInOptions& options);
  ~StandInAnalyzer() override;
  StandInAnalyzer(const StandInAnalyzer&) = delete;
  StandInAnalyzer& operator=(const StandInAnalyzer&) = delete;

  // Binds; returns 0 or an exit code with *error.
  int start(std::string* error);
  int port() const { return port_; }
  // Serves until stop(); returns 0.
  int run();
  // Closes the listener and every connection at once, as a crash would
  // (requests being served see their connection drop). Thread-safe.
  void stop();

  // Thread-safe knobs: a test turns the analyzer gray or slow while it runs.
  void set_latency(TimeNs latency) { latency_ns_.store(latency); }
  void set_error_rate(double rate) { error_rate_.store(rate); }
  void set_health(bool healthy) { healthy_.store(healthy); }

  // Thread-safe counts and records.
  std::uint64_t received() const { return received_.load(); }
  std::uint64_t answered_ok() const { return ok_.load(); }
  std::uint64_t answered_error() const { return errors_.load(); }
  std::vector<std::uint64_t> received_ids() const;
  std::vector<std::string> received_bodies() const;
  std::vector<std::string> received_content_types() const;

 private:
  struct Delay {
    uv_timer_t timer{};
    StandInAnalyzer* owner = nullptr;
    ResponseToken token{};
    bool error = false;
    std::uint64_t record_id = 0;  // 0: nothing to record
  };
  friend struct StandInCallbacks;

  void on_request(HttpRequest& request, const ResponseToken& token) override;
  // `record_id` (when not 0) goes to options_.record_path if the answer is 200.
  void answer(const ResponseToken& token, bool error, std::uint64_t record_id = 0);
  void close_handles();

  StandInOptions options_;
  uv_loop_t loop_{};
  bool loop_open_ = false;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  Rng rng_;
  std::vector<std::unique_ptr<Delay>> delays_;
  std::vector<Delay*> free_delays_;
  std::size_t open_delays_ = 0;
  LoopWakeup wakeup_;
  uv_signal_t sigint_{};
  uv_signal_t sigterm_{};
  std::vector<uv_handle_t*> handles_;
  std::atomic<bool> stop_requested_{false};
  bool stopped_ = false;
  std::atomic<TimeNs> latency_ns_{0};
  std::atomic<double> error_rate_{0};
  std::atomic<bool> healthy_{true};
  std::atomic<std::uint64_t> received_{0};
  std::atomic<std::uint64_t> ok_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::uint64_t bytes_ = 0;
  mutable std::mutex records_mutex_;
  std::vector<std::uint64_t> ids_;
  std::vector<std::string> bodies_;
  std::vector<std::string> content_types_;
  int record_fd_ = -1;  // options_.record_path, open from start()
};

}  // namespace logsim

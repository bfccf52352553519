// `logsim analyzer --model SCENARIO.toml --name NAME`: a stand-in analyzer
// that behaves in real time as the scenario's analyzer NAME does in virtual
// time (SPEC §3 "Analyzer states"). Its draws and state changes are the
// simulator's own (sim/sim_analyzer.h, seeded from (seed, "analyzer/NAME")
// like scenario mode); only the clock and the sockets are real:
//
//   POST {analyze_path}  answered after a latency draw (x the `slow` factor),
//                        500 with the error rate in force; at most
//                        `capacity` requests are served at once, the rest
//                        wait in arrival order (one that waited past the
//                        distributor's request_timeout is dropped, as its
//                        client gave up)
//   GET {health_path}    200 after a draw from the probe stream; it ignores
//                        capacity and the `errors` state
//   GET /stats           what it received and answered, and its condition
//
// and the scenario's [[event]]s for NAME, at their times after t = 0 (the
// start, or a shared start time): crash closes the listener and every
// connection (sends in flight fail, new ones are refused) and listens again
// on recover; hang accepts and never answers; slow and errors change the
// draws; `for` recovers by itself.
#pragma once

#include <uv.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/live/loop_wakeup.h"
#include "core/live/endpoint.h"
#include "core/live/http_server.h"
#include "core/time.h"
#include "sim/scenario.h"
#include "sim/sim_analyzer.h"

namespace logsim {

struct ModelAnalyzerOptions {
  // HOST:PORT; empty: the host and port of the analyzer's `url`.
  std::string listen;
  // t = 0 of the scenario on uv_hrtime()'s clock (CLOCK_MONOTONIC, shared by
  // every process of the machine); 0: when start() runs.
  std::uint64_t start_hrtime = 0;
  bool handle_signals = true;  // SIGINT/SIGTERM stop it
  bool quiet = false;
};

// A scripted event as the stand-in applied it; `time` is when it did, since
// t = 0, in whole milliseconds.
struct AppliedEvent {
  TimeNs time = 0;
  std::string kind;  // crash, hang, slow, errors, recover
  std::string detail;
};

struct ModelAnalyzerCounts {
  std::uint64_t received = 0;  // analyze requests
  std::uint64_t ok = 0;        // answered 200
  std::uint64_t errors = 0;    // answered 500
  std::uint64_t held = 0;      // arrived while hung: never answered
  std::uint64_t expired = 0;   // waited for a server past request_timeout: dropped
  std::uint64_t probes = 0;    // health requests
  std::uint64_t crashes = 0;
};

// The uv_hrtime() reading at which the wall clock shows `unix_ms`
// (milliseconds since 1970), so that processes started apart share a t = 0
// (--start-at). Never 0 (which means "now" to the options that take it).
std::uint64_t hrtime_at_unix_ms(std::int64_t unix_ms);

// The analyzer's address from --listen or its url; false with *error.
bool model_listen_address(const Scenario& scenario, const std::string& name, const std::string& listen,
                          std::string* address, std::string* error);

// Serves until SIGINT/SIGTERM. Returns 0, 2 for an unknown analyzer or a bad
// address, 3 when the port cannot be bound.
int run_model_analyzer(const Scenario& scenario, const std::string& name, const ModelAnalyzerOptions& options);

class ModelAnalyzer final : private HttpHandler {
 public:
  ModelAnalyzer(const Scenario& scenario, std::string name, ModelAnalyzerOptions options);
  ~ModelAnalyzer() override;
  ModelAnalyzer(const ModelAnalyzer&) = delete;
  ModelAnalyzer& operator=(const ModelAnalyzer&) = delete;

  // Binds; returns 0 or an exit code (2 bad input, 3 runtime) with *error.
  int start(std::string* error);
  int port() const { return port_; }
  const std::string& name() const { return name_; }
  // Moves t = 0 (uv_hrtime() clock). Only before run().
  void set_start_hrtime(std::uint64_t start_hrtime) { start_hrtime_ = start_hrtime; }
  // Applies the events already due, then serves until stop(); returns 0.
  int run();
  // Closes everything at once, as a crash would. Thread-safe.
  void stop();

  // Thread-safe.
  ModelAnalyzerCounts counts() const;
  std::vector<AppliedEvent> applied_events() const;

 private:
  enum class AnswerKind : std::uint8_t { kService, kProbe, kRelease };
  // What to answer, and which listener and crash epoch it belongs to.
  struct AnswerInfo {
    AnswerKind kind = AnswerKind::kService;
    ResponseToken token{};
    std::uint32_t server_generation = 0;  // servers_.size() when it came in
    std::uint32_t crash_epoch = 0;        // SimAnalyzer::epoch() when it was scheduled
    bool error = false;
  };
  // A timer that answers one request later.
  struct Answer {
    uv_timer_t timer{};
    ModelAnalyzer* owner = nullptr;
    AnswerInfo info;
  };
  // A request waiting for a server (capacity-limited analyzers).
  struct Waiting {
    ResponseToken token;
    std::uint32_t server_generation;
    std::uint64_t arrived_hrtime;
    TimeNs latency;
    bool error;
  };
  friend struct ModelAnalyzerCallbacks;

  void on_request(HttpRequest& request, const ResponseToken& token) override;
  TimeNs now() const;  // since t = 0; negative before it
  void schedule(AnswerKind kind, const ResponseToken& token, std::uint32_t generation, TimeNs delay, bool error);
  void fire(Answer* answer);
  void answer_now(const AnswerInfo& info);
  void start_service(const ResponseToken& token, std::uint32_t generation, TimeNs latency, bool error);
  void pump_waiting();
  void hold(const ResponseToken& token, TimeNs release_after);
  void apply_due_events();
  void apply(const ScriptedEvent& event);
  bool open_listener(std::string* error);
  void close_listener();
  void retry_listen();
  void respond(std::uint32_t generation, const ResponseToken& token, int status, const char* body);
  void close_handles();

  const Scenario scenario_;
  const std::string name_;
  ModelAnalyzerOptions options_;
  std::unique_ptr<SimAnalyzer> model_;
  std::vector<ScriptedEvent> script_;  // this analyzer's events and auto-recoveries, in order
  std::size_t next_event_ = 0;
  Endpoint endpoint_;
  uv_loop_t loop_{};
  bool loop_open_ = false;
  // One server per listening period: a crash closes it, a recovery opens a
  // new one on the same port. Closed ones stay until the loop has run.
  std::vector<std::unique_ptr<HttpServer>> servers_;
  bool listening_ = false;
  int listen_retries_ = 0;
  int port_ = 0;
  std::uint64_t start_hrtime_ = 0;
  std::vector<std::unique_ptr<Answer>> answers_;
  std::vector<Answer*> free_answers_;
  std::size_t open_answers_ = 0;
  std::deque<Waiting> waiting_;
  std::uint32_t in_service_ = 0;
  uv_timer_t script_timer_{};
  uv_timer_t relisten_timer_{};
  LoopWakeup wakeup_;
  uv_signal_t sigint_{};
  uv_signal_t sigterm_{};
  std::vector<uv_handle_t*> handles_;
  std::atomic<bool> stop_requested_{false};
  bool stopped_ = false;
  mutable std::mutex counts_mutex_;
  ModelAnalyzerCounts counts_;
  std::vector<AppliedEvent> applied_;
};

}  // namespace logsim

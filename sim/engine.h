// Scenario mode: runs a Scenario in virtual time. The engine is the
// simulator's implementation of the runtime seam (a peer of core/live/, not
// a mock): a Scheduler for time and timers, SimAnalyzers answering sends and
// probes, ArrivalGenerators offering packets, and a Sampler writing the
// timeline.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/distributor.h"
#include "sim/scenario.h"
#include "sim/scheduler.h"
#include "sim/sim_analyzer.h"
#include "sim/summary.h"
#include "sim/timeline.h"
#include "sim/traffic.h"

namespace logsim {

// After `duration`, a drain runs at most this much longer (an analyzer that
// never recovers would otherwise keep it going forever).
constexpr TimeNs kDrainLimit = 3600 * kNsPerSec;

class SimEngine final : private Runtime, private DistributorObserver {
 public:
  struct Options {
    // Where timeline/distribution/events CSVs and summary.json go; empty
    // writes no files.
    std::string out_dir;
    // Checks the accounting identities after every event (LOGSIM_CHECK).
    bool check_invariants = false;
    // Called after every event, for tests that check their own invariants.
    std::function<void(const SimEngine&)> after_event;
    // Called for every send the distributor starts, before the analyzer
    // sees it (tests check where packets go).
    std::function<void(const SimEngine&, PacketSlot, AnalyzerIndex)> on_send;
    // Receives every row as well as the CSV files (tests, benchmarks).
    TimelineSink* extra_sink = nullptr;
    // Called at every sample with the virtual time and the scenario's
    // duration (`now` passes it while a drain runs), for progress display.
    std::function<void(TimeNs now, TimeNs horizon)> progress;
  };

  SimEngine(const Scenario& scenario, Options options);
  ~SimEngine() override;

  // Runs to the end. Returns false (with *error) only when output files
  // cannot be written; expectation failures are in the summary.
  bool run(std::string* error);

  const Summary& summary() const { return summary_; }
  const Distributor& distributor() const { return *distributor_; }
  const Scenario& scenario() const { return scenario_; }
  TimeNs now() const override { return scheduler_.now(); }
  std::uint64_t events_processed() const { return events_processed_; }
  // The analyzer the last send went to, and whether it was healthy then:
  // for invariant checks in tests.
  const SimAnalyzer& analyzer(AnalyzerIndex a) const { return *analyzers_[a]; }

 private:
  // Runtime
  void arm_timer(TimeNs delay, TimerTag tag) override;
  void send(AnalyzerIndex analyzer, PacketSlot slot, TimeNs timeout) override;
  void probe(AnalyzerIndex analyzer, TimeNs timeout) override;
  // DistributorObserver
  void on_health_change(AnalyzerIndex analyzer, HealthChange change) override;
  void on_send(PacketSlot slot, AnalyzerIndex analyzer) override;

  struct SendRecord {
    std::uint32_t serial = 0;
    bool active = false;
    bool timeout_armed = false;
    AnalyzerIndex analyzer = 0;
    std::uint32_t outstanding_pos = 0;
    TimeNs started = 0;
    TimeNs timeout = 0;
    SendOutcome outcome = SendOutcome::kOk;
    SimAnalyzer::Service service{0, false};
  };

  void handle(const Event& event);
  void handle_arrival(std::uint32_t source);
  void handle_scripted(std::uint32_t index);
  void start_service(AnalyzerIndex analyzer, PacketSlot slot);
  void server_free(AnalyzerIndex analyzer, PacketSlot slot, std::uint32_t epoch, std::uint32_t serial);
  void complete(PacketSlot slot, std::uint32_t serial, SendOutcome outcome);
  void take_sample(TimeNs at);
  SendRecord& record(PacketSlot slot);
  void emit_event(TimeNs at, std::string kind, std::string analyzer, std::string detail);

  Scenario scenario_;
  Options options_;
  Scheduler scheduler_;
  std::vector<std::unique_ptr<SimAnalyzer>> analyzers_;
  std::vector<ArrivalGenerator> sources_;
  std::vector<Arrival> pending_arrival_;  // per source: the next arrival
  std::vector<ScriptedEvent> script_;     // scenario events plus auto-recoveries
  std::vector<SendRecord> sends_;         // indexed by packet slot
  std::vector<std::uint32_t> probe_serial_;
  std::vector<bool> probe_result_;
  std::unique_ptr<Distributor> distributor_;
  std::unique_ptr<TimelineSink> csv_;
  std::unique_ptr<TimelineSink> fanout_;
  std::unique_ptr<Sampler> sampler_;
  Summary summary_;
  std::uint64_t events_processed_ = 0;
  std::uint64_t event_rows_ = 0;
  bool finished_ = false;
};

}  // namespace logsim

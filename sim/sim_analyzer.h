// A simulated analyzer (SPEC §3 "Analyzer states"): its latency
// distribution, capacity and error rate, and the state scripted events put
// it in. It decides what a send or a probe would experience; the engine
// turns those decisions into scheduled events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/ring_queue.h"
#include "core/runtime.h"
#include "sim/scenario.h"

namespace logsim {

enum class AnalyzerCondition : std::uint8_t { kNormal, kCrashed, kHung };

// "crash", "hang", "slow", "errors", "recover": events.csv's kind.
const char* event_action_name(EventAction action);

class SimAnalyzer {
 public:
  SimAnalyzer(const AnalyzerModel& model, std::uint64_t seed);

  const AnalyzerModel& model() const { return model_; }
  AnalyzerCondition condition() const { return condition_; }

  // Applies a scripted event's change of state (both the simulator and
  // live mode's model analyzers call this) and returns the detail text that
  // events.csv shows for it ("factor=5", "rate=0.5 for=30.000s", ...).
  // What a crash does to work in progress is the caller's business.
  std::string apply(const ScriptedEvent& event);

  // Scripted events. crash and hang replace each other; slow and errors
  // stack on whatever condition holds; recover restores the model.
  void crash() { condition_ = AnalyzerCondition::kCrashed; ++epoch_; }
  void hang() { condition_ = AnalyzerCondition::kHung; }
  void slow(double factor) { latency_factor_ = factor; }
  void errors(double rate) { error_rate_ = rate; }
  void recover();

  // Service time for one request, and whether it will answer 5xx. Both are
  // drawn for every send so the stream does not depend on outcomes.
  struct Service {
    TimeNs latency;
    bool server_error;
  };
  Service draw_service();
  // Time a /health probe takes to answer (it ignores capacity and errors).
  TimeNs draw_probe_latency();

  // Capacity: whether a server is free for one more request right now.
  bool has_free_server() const { return model_.capacity == 0 || busy_ < model_.capacity; }
  void occupy() { ++busy_; }
  void release() { --busy_; }
  bool limited() const { return model_.capacity != 0; }
  // Crashes invalidate work in progress; events carry the epoch they began in.
  std::uint32_t epoch() const { return epoch_; }
  void reset_servers() { busy_ = 0; }

  // Requests waiting for a server (capacity-limited analyzers only).
  struct Waiting {
    PacketSlot slot;
    std::uint32_t serial;
  };
  RingQueue<Waiting>& waiting() { return waiting_; }

  // The packets whose sends are outstanding here, for crash handling.
  std::vector<PacketSlot>& outstanding() { return outstanding_; }

 private:
  AnalyzerModel model_;
  Rng rng_;
  Rng probe_rng_;
  AnalyzerCondition condition_ = AnalyzerCondition::kNormal;
  double latency_factor_ = 1.0;
  double error_rate_;
  std::uint32_t busy_ = 0;
  std::uint32_t epoch_ = 0;
  RingQueue<Waiting> waiting_;
  std::vector<PacketSlot> outstanding_;
};

}  // namespace logsim

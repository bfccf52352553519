// The distributor core (SPEC §4): admission into a bounded FIFO, workers,
// analyzer choice, retries with backoff, health, and the accounting. It is
// a deterministic state machine driven by a Runtime: it never reads a clock
// or touches a socket, so scenario mode and live mode run the same code.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/config.h"
#include "core/health.h"
#include "core/packet.h"
#include "core/picker.h"
#include "core/retry_policy.h"
#include "core/ring_queue.h"
#include "core/runtime.h"
#include "core/stats.h"

namespace logsim {

constexpr PacketSlot kNoSlot = UINT32_MAX;

enum class DeadLetterReason : std::uint8_t {
  kAttemptsExhausted,  // max_attempts retryable failures
  kRejectedByAnalyzer, // a 4xx other than 429
  kShutdown,           // still held when live mode's drain grace ran out
};

const char* dead_letter_reason_name(DeadLetterReason reason);

// Notified of what the distributor does; every method has a no-op default.
// Observers must not call back into the distributor.
class DistributorObserver {
 public:
  virtual ~DistributorObserver() = default;
  virtual void on_health_change(AnalyzerIndex /*analyzer*/, HealthChange /*change*/) {}
  // Before each send, with the packet as it was before it (attempts made so
  // far, analyzers tried so far).
  virtual void on_send(PacketSlot /*slot*/, AnalyzerIndex /*analyzer*/) {}
  virtual void on_delivered(PacketSlot /*slot*/, const Packet& /*packet*/) {}
  virtual void on_dead_letter(PacketSlot /*slot*/, const Packet& /*packet*/, DeadLetterReason /*reason*/) {}
};

class Distributor {
 public:
  // `seed` derives the picker's and the retry policy's random streams.
  Distributor(const DistributorConfig& config, Runtime& runtime, std::uint64_t seed,
              DistributorObserver* observer = nullptr);
  ~Distributor();
  Distributor(const Distributor&) = delete;
  Distributor& operator=(const Distributor&) = delete;

  // Arms the first health check (at health_interval).
  void start();

  // Admission (SPEC §4.1): returns the packet's slot when accepted, or
  // kNoSlot when the queue is full (or intake has stopped). `payload` is kept
  // with the packet for the runtime (live mode's body handle).
  PacketSlot offer(std::uint32_t bytes, std::uint64_t payload = 0);

  void on_timer(TimerTag tag);
  void on_send_done(PacketSlot slot, SendOutcome outcome);
  void on_probe_done(AnalyzerIndex analyzer, bool healthy);

  // Live mode's shutdown: refuse new packets; later dead-letter what is left.
  void stop_accepting() { accepting_ = false; }
  bool accepting() const { return accepting_; }
  // Dead-letters every queued or backing-off packet (reason kShutdown).
  // Packets with a send outstanding stay until their send finishes.
  void dead_letter_waiting();

  const DistributorConfig& config() const { return config_; }
  const Stats& stats() const { return stats_; }
  Stats& mutable_stats() { return stats_; }
  const Packet& packet(PacketSlot slot) const { return pool_[slot]; }
  std::uint32_t queue_depth() const { return static_cast<std::uint32_t>(queue_.size()); }
  // Accepted packets that have left the queue but are not finished: sending,
  // backing off, or back from backoff and waiting for a worker.
  std::uint64_t in_flight() const { return in_flight_; }
  std::uint32_t busy_workers() const { return busy_workers_; }
  std::size_t analyzer_count() const { return config_.analyzers.size(); }
  bool healthy(AnalyzerIndex a) const { return health_.healthy(a); }
  std::uint64_t healthy_mask() const { return health_.healthy_mask(); }
  // weight / sum of healthy weights; 0 while the analyzer is down.
  double effective_weight(AnalyzerIndex a) const;

  // True when offered = accepted + rejected and
  // accepted = delivered + dead_lettered + queued + in_flight, the queue is
  // within its capacity and no more workers are busy than exist.
  bool accounting_holds() const;

 private:
  void dispatch();
  void send_now(PacketSlot slot, AnalyzerIndex analyzer);
  // The analyzer for this packet, or -1 when none is healthy.
  int choose(const Packet& packet);
  void finish(PacketSlot slot);
  void release_worker(Packet& packet);
  void dead_letter(PacketSlot slot, DeadLetterReason reason);
  void apply_health_change(AnalyzerIndex analyzer, HealthChange change);
  void health_tick();

  DistributorConfig config_;
  Runtime& runtime_;
  DistributorObserver* observer_;
  std::unique_ptr<Picker> picker_;
  RetryPolicy retry_;
  HealthMonitor health_;
  PacketPool pool_;
  RingQueue<PacketSlot> queue_;  // admission queue, bounded by queue_capacity
  RingQueue<PacketSlot> ready_;  // back from backoff; dispatched before queue_
  Stats stats_;
  std::uint64_t next_packet_id_ = 1;
  std::uint64_t in_flight_ = 0;
  std::uint32_t busy_workers_ = 0;
  bool accepting_ = true;
  bool dispatching_ = false;
};

}  // namespace logsim

// The runtime seam: everything the distributor core knows of the world.
// The core never reads a clock, sleeps, starts a thread or opens a socket;
// it asks a Runtime for the time, for timers and for sends and probes, and
// the Runtime reports back through the Distributor's on_* methods.
//
// Two peer implementations exist: sim/ (a virtual-time scheduler with
// simulated analyzers) and core/live/ (libuv and HTTP).
#pragma once

#include <cstdint>

#include "core/time.h"

namespace logsim {

using AnalyzerIndex = std::uint32_t;
using PacketSlot = std::uint32_t;

// What became of one send. Everything but kOk and kRejected is retryable.
enum class SendOutcome : std::uint8_t {
  kOk,        // 2xx: delivered
  kRefused,   // connection refused (crashed analyzer)
  kReset,     // connection reset or closed mid-request
  kTimeout,   // no answer within request_timeout
  kServerError,  // 5xx
  kThrottled,    // 429
  kRejected,     // other 4xx: the analyzer refuses this packet; not retried
};

const char* send_outcome_name(SendOutcome outcome);
inline bool is_retryable(SendOutcome outcome) {
  return outcome != SendOutcome::kOk && outcome != SendOutcome::kRejected;
}

// Core timers carry a typed tag instead of a callback: the runtime hands the
// tag back to Distributor::on_timer, which dispatches on kind.
enum class TimerKind : std::uint8_t { kRetry, kHealthTick };
struct TimerTag {
  TimerKind kind;
  std::uint32_t id;  // kRetry: packet slot
};

class Runtime {
 public:
  virtual ~Runtime() = default;

  virtual TimeNs now() const = 0;

  // Fires Distributor::on_timer(tag) after `delay` (>= 0). Timers at the same
  // instant fire in the order they were armed.
  virtual void arm_timer(TimeNs delay, TimerTag tag) = 0;

  // Sends packet `slot` to analyzer `analyzer`. The runtime must answer with
  // exactly one Distributor::on_send_done(slot, outcome), never from inside
  // this call, and no later than `timeout` after it (then with kTimeout).
  virtual void send(AnalyzerIndex analyzer, PacketSlot slot, TimeNs timeout) = 0;

  // Probes the analyzer's health endpoint. The runtime must answer with one
  // Distributor::on_probe_done(analyzer, healthy), never from inside this
  // call, and no later than `timeout` after it.
  virtual void probe(AnalyzerIndex analyzer, TimeNs timeout) = 0;
};

}  // namespace logsim

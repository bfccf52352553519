// The virtual-time event queue. Events carry a small typed tag instead of a
// callback; they are ordered by (time, sequence number), so events at the
// same instant run in the order they were scheduled, as in libuv and
// FoundationDB, and a run is the same every time.
#pragma once

#include <cstdint>
#include <vector>

#include "core/check.h"
#include "core/time.h"

namespace logsim {

enum class EventKind : std::uint8_t {
  kArrival,      // a: traffic source
  kCoreTimer,    // a: TimerKind, b: timer id
  kSendReply,    // a: packet slot, b: send serial
  kSendTimeout,  // a: packet slot, b: send serial
  kServerFree,   // a: analyzer, b: packet slot, c: analyzer epoch; d: send serial
  kProbeReply,   // a: analyzer, b: probe serial
  kScripted,     // a: scripted event index
  kSample,
};

struct Event {
  TimeNs time;
  std::uint64_t seq;
  EventKind kind;
  std::uint32_t a;
  std::uint32_t b;
  std::uint32_t c;
  std::uint32_t d;
};

class Scheduler {
 public:
  TimeNs now() const { return now_; }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const {
    LOGSIM_CHECK(!heap_.empty());
    return heap_.front();
  }

  // Schedules at absolute time `at` (>= now).
  void schedule(TimeNs at, EventKind kind, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0,
                std::uint32_t d = 0);

  // Removes the earliest event and advances the clock to its time.
  Event pop();

 private:
  static bool earlier(const Event& x, const Event& y) {
    return x.time != y.time ? x.time < y.time : x.seq < y.seq;
  }
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
  TimeNs now_ = 0;
};

}  // namespace logsim

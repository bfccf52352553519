// Virtual and real time share one representation: signed 64-bit nanoseconds.
// Floating point never carries time through the core, so the same inputs
// always give the same ordering of events.
#pragma once

#include <cstdint>

namespace logsim {

using TimeNs = std::int64_t;

constexpr TimeNs kNsPerUs = 1000;
constexpr TimeNs kNsPerMs = 1000 * kNsPerUs;
constexpr TimeNs kNsPerSec = 1000 * kNsPerMs;
constexpr TimeNs kTimeNever = INT64_MAX;

// Rounds a non-negative count of nanoseconds to the nearest integer (halves
// up), saturating at kTimeNever; negative inputs give 0. Cheaper than
// std::llround on the simulator's hot path, and just as deterministic.
constexpr TimeNs round_to_ns(double ns) {
  if (!(ns > 0)) return 0;
  if (ns >= 9.2e18) return kTimeNever;
  return static_cast<TimeNs>(ns + 0.5);
}

constexpr double to_seconds(TimeNs t) { return static_cast<double>(t) / 1e9; }
constexpr double to_ms(TimeNs t) { return static_cast<double>(t) / 1e6; }

}  // namespace logsim

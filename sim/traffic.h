// Arrival generators for the traffic patterns of SPEC §3: constant, poisson,
// burst, ramp (linear rate, Poisson arrivals) and trace. Each source draws
// from its own random stream, derived from (seed, source name), so two runs
// that differ only in distributor settings see the same arrivals.
#pragma once

#include <cstdint>

#include "core/rng.h"
#include "core/time.h"
#include "sim/scenario.h"

namespace logsim {

struct Arrival {
  TimeNs time = 0;
  std::uint32_t bytes = 0;
};

class ArrivalGenerator {
 public:
  ArrivalGenerator(const TrafficSource& source, std::uint64_t seed, TimeNs horizon);

  // The next arrival, in non-decreasing time order; false when the source
  // has no more arrivals before its end (or the horizon).
  bool next(Arrival* arrival);

 private:
  std::uint32_t draw_bytes();

  const TrafficSource& source_;
  Rng rng_;
  TimeNs end_;
  std::uint64_t index_ = 0;  // arrivals produced so far
  double elapsed_s_ = 0;     // poisson and ramp: time since start, seconds
  double ramp_slope_ = 0;    // ramp: packets/s per second
};

}  // namespace logsim

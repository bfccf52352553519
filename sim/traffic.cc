#include "sim/traffic.h"

#include <algorithm>
#include <cmath>

namespace logsim {

ArrivalGenerator::ArrivalGenerator(const TrafficSource& source, std::uint64_t seed, TimeNs horizon)
    : source_(source), rng_(Rng::stream(seed, "traffic/" + source.name)), end_(std::min(source.end, horizon)) {
  if (source_.pattern == TrafficPattern::kRamp && source_.end > source_.start) {
    ramp_slope_ = (source_.to_rate - source_.from_rate) / to_seconds(source_.end - source_.start);
  }
}

std::uint32_t ArrivalGenerator::draw_bytes() {
  const double b = source_.packet_bytes.sample(rng_);
  return static_cast<std::uint32_t>(std::clamp(std::llround(b), 0LL, static_cast<long long>(UINT32_MAX)));
}

bool ArrivalGenerator::next(Arrival* arrival) {
  TimeNs t = 0;
  switch (source_.pattern) {
    case TrafficPattern::kConstant: {
      // From the index, not by adding intervals, so rounding never drifts.
      const double offset_s = static_cast<double>(index_) / source_.rate;
      t = source_.start + round_to_ns(offset_s * 1e9);
      break;
    }
    case TrafficPattern::kPoisson: {
      elapsed_s_ += -std::log(rng_.next_double_open0()) / source_.rate;
      t = source_.start + round_to_ns(elapsed_s_ * 1e9);
      break;
    }
    case TrafficPattern::kRamp: {
      // Invert the cumulative intensity L(x) = r0 x + s x^2 / 2 at
      // L(elapsed) + Exp(1).
      const double r0 = source_.from_rate;
      const double s = ramp_slope_;
      const double target = r0 * elapsed_s_ + s * elapsed_s_ * elapsed_s_ / 2.0 - std::log(rng_.next_double_open0());
      double x;
      if (std::fabs(s) < 1e-12) {
        if (r0 <= 0) return false;
        x = target / r0;
      } else {
        const double disc = r0 * r0 + 2.0 * s * target;
        if (disc < 0) return false;  // a falling rate reached zero first
        x = (-r0 + std::sqrt(disc)) / s;
      }
      elapsed_s_ = x;
      t = source_.start + round_to_ns(x * 1e9);
      break;
    }
    case TrafficPattern::kBurst: {
      if (index_ >= source_.count) return false;
      const auto offset = static_cast<TimeNs>(static_cast<__int128>(source_.spread) * static_cast<__int128>(index_) /
                                              static_cast<__int128>(source_.count));
      t = source_.at + offset;
      break;
    }
    case TrafficPattern::kTrace: {
      if (index_ >= source_.trace.size()) return false;
      const TraceArrival& a = source_.trace[index_];
      t = source_.start + static_cast<TimeNs>(std::llround(static_cast<double>(a.time) / source_.speed));
      if (t >= end_) return false;
      arrival->time = t;
      arrival->bytes = a.bytes != 0 ? a.bytes : draw_bytes();
      ++index_;
      return true;
    }
  }
  if (t >= end_) return false;
  arrival->time = t;
  arrival->bytes = draw_bytes();
  ++index_;
  return true;
}

}  // namespace logsim

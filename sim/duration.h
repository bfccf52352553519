// Durations as scenario files write them (SPEC §3): "250us", "20ms", "1.5s",
// "2m", "1h", or a plain number of seconds. parse_duration() and
// duration_from_seconds(), declared with the loader in sim/scenario_loader.h,
// live in duration.cc beside the limit and the formatting below.
#pragma once

#include <string>
#include <string_view>

#include "core/time.h"

namespace logsim {

// The largest duration accepted anywhere (2^61 - 1 ns, about 73 years), so
// that a time plus a few durations cannot overflow TimeNs.
constexpr TimeNs kMaxDuration = kTimeNever / 4;
inline constexpr std::string_view kDurationRangeRule = "is out of range (at most about 73 years)";

// The value in the largest unit that divides it exactly ("1500ms", "2m",
// "0s"), as text parse_duration() reads back.
std::string format_duration(TimeNs ns);

}  // namespace logsim

// Diagnostics for live mode. Live mode talks to the network, so failures
// there are expected events: they are reported on stderr and counted, never
// thrown (an exception must not unwind through a libuv callback).
#pragma once

#include <cstdint>

namespace logsim {

// printf-style line on stderr, prefixed with "logsim: ".
void live_log(const char* format, ...) __attribute__((format(printf, 1, 2)));

// Silences live_log (tests that provoke errors on purpose, --quiet).
void set_live_log_enabled(bool enabled);

// Returns true when `rc` (a uv_* return value) is 0 or positive; otherwise
// logs "`what`: <uv error>" and counts it.
bool uv_ok(int rc, const char* what);

// uv_* calls that failed since the process started.
std::uint64_t uv_error_count();

}  // namespace logsim

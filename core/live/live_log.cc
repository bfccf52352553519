#include "core/live/live_log.h"

#include <uv.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>

namespace logsim {
namespace {

// Several loops (one per component) may run on different threads in tests.
std::atomic<bool> g_enabled{true};
std::atomic<std::uint64_t> g_uv_errors{0};

}  // namespace

void live_log(const char* format, ...) {
  if (!g_enabled.load(std::memory_order_relaxed)) return;
  char line[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(line, sizeof line, format, args);
  va_end(args);
  std::fprintf(stderr, "logsim: %s\n", line);
}

void set_live_log_enabled(bool enabled) { g_enabled.store(enabled, std::memory_order_relaxed); }

bool uv_ok(int rc, const char* what) {
  if (rc >= 0) return true;
  g_uv_errors.fetch_add(1, std::memory_order_relaxed);
  live_log("%s: %s", what, uv_strerror(rc));
  return false;
}

std::uint64_t uv_error_count() { return g_uv_errors.load(std::memory_order_relaxed); }

}  // namespace logsim

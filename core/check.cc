#include "core/check.h"

#include <cstdio>
#include <cstdlib>

namespace logsim {
namespace {
// Per thread: sweeps run several engines at once, each with its own context.
thread_local CheckContextFn g_context_fn = nullptr;
thread_local const void* g_context_arg = nullptr;
}  // namespace

void set_check_context(CheckContextFn fn, const void* arg) {
  g_context_fn = fn;
  g_context_arg = arg;
}

void check_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "logsim: internal check failed: %s at %s:%d", condition, file, line);
  if (g_context_fn != nullptr) {
    std::string context = g_context_fn(g_context_arg);
    std::fprintf(stderr, " (%s)", context.c_str());
  }
  std::fputc('\n', stderr);
  std::abort();
}

}  // namespace logsim

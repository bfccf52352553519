// Always-on assertion for bugs (never for external input). On failure it
// prints the condition, file:line and whatever context the running mode
// registered (scenario mode registers the seed and the virtual time), then
// aborts.
#pragma once

#include <string>

namespace logsim {

// Returns a one-line description of the current run ("seed=42 t=1.250000000s").
using CheckContextFn = std::string (*)(const void* arg);

// Registers the context printer used by failing checks; pass nullptr to clear.
void set_check_context(CheckContextFn fn, const void* arg);

[[noreturn]] void check_failed(const char* condition, const char* file, int line);

}  // namespace logsim

#define LOGSIM_CHECK(cond)                                          \
  do {                                                              \
    if (!(cond)) ::logsim::check_failed(#cond, __FILE__, __LINE__); \
  } while (0)

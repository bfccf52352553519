// libFuzzer target: duration parsing accepts or rejects any text with a
// reason, never crashes; accepted durations are non-negative.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/check.h"
#include "sim/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string error;
  const auto d = logsim::parse_duration(text, &error);
  if (d) {
    LOGSIM_CHECK(*d >= 0);
  } else {
    LOGSIM_CHECK(!error.empty());
  }
  return 0;
}

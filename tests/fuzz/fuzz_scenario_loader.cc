// libFuzzer target: any bytes given to the scenario loader yield a valid
// scenario or located errors — never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/check.h"
#include "sim/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  logsim::LoadResult result = logsim::load_scenario_text(text, "/nonexistent-fuzz-dir/fuzz.toml");
  // Exactly one of the two outcomes, and every error names its place.
  LOGSIM_CHECK(result.ok() == result.errors.empty());
  for (const auto& e : result.errors) LOGSIM_CHECK(!e.to_string().empty());
  return 0;
}

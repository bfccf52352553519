// libFuzzer target: any text as an analyzer's latency or a source's
// packet_bytes is a distribution or a located error; accepted ones sample
// non-negative values.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/check.h"
#include "core/rng.h"
#include "sim/scenario_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string value(reinterpret_cast<const char*>(data), size);
  if (value.find('\n') != std::string::npos) return 0;  // one TOML value, one line
  const std::string text = "[scenario]\nduration = \"1s\"\n[[analyzer]]\nname = \"a\"\nlatency = " + value +
                           "\n[[traffic]]\npattern = \"constant\"\nrate = 1\npacket_bytes = " + value + "\n";
  logsim::LoadResult result = logsim::load_scenario_text(text, "/nonexistent-fuzz-dir/fuzz.toml");
  if (!result.ok()) return 0;
  logsim::Rng rng(1);
  for (int i = 0; i < 16; ++i) {
    LOGSIM_CHECK(result.scenario->analyzers[0].latency.sample(rng) >= 0);
    LOGSIM_CHECK(result.scenario->traffic[0].packet_bytes.sample(rng) >= 0);
  }
  return 0;
}

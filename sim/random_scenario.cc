#include "sim/random_scenario.h"

#include <vector>

#include "core/rng.h"

namespace logsim {
namespace {

// Draws from the generator's own stream; integer milliseconds keep the text
// exact.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : rng_(Rng::stream(seed, "fault-simulation")) {}
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + rng_.next_below(hi - lo + 1); }
  bool chance(double p) { return rng_.next_double() < p; }
  std::string ms(std::uint64_t lo, std::uint64_t hi) { return "\"" + std::to_string(between(lo, hi)) + "ms\""; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[rng_.next_below(items.size())];
  }

 private:
  Rng rng_;
};

std::string latency(Draw& d) {
  switch (d.between(0, 4)) {
    case 0: return d.ms(1, 200);
    case 1: return "{ dist = \"exponential\", mean = " + d.ms(1, 100) + " }";
    case 2: {
      const auto lo = d.between(1, 50);
      return "{ dist = \"uniform\", min = \"" + std::to_string(lo) + "ms\", max = \"" +
             std::to_string(lo + d.between(0, 100)) + "ms\" }";
    }
    case 3: {
      const auto median = d.between(2, 50);
      return "{ dist = \"lognormal\", median = \"" + std::to_string(median) + "ms\", p99 = \"" +
             std::to_string(median + d.between(1, 400)) + "ms\" }";
    }
    default:
      return "{ dist = \"normal\", mean = " + d.ms(5, 80) + ", stddev = " + d.ms(0, 40) + " }";
  }
}

}  // namespace

std::string random_scenario_toml(std::uint64_t seed) {
  Draw d(seed);
  const std::uint64_t duration_ms = d.between(1000, 12000);
  std::string t = "# Fault simulation, seed " + std::to_string(seed) + "\n[scenario]\n";
  t += "name = \"fault-" + std::to_string(seed) + "\"\n";
  t += "duration = \"" + std::to_string(duration_ms) + "ms\"\n";
  t += "seed = " + std::to_string(seed) + "\n";
  t += "sample_interval = " + d.ms(50, 1000) + "\n";
  t += "drain = true\n";

  t += "\n[distributor]\n";
  t += "queue_capacity = " + std::to_string(d.between(0, 300)) + "\n";
  t += "workers = " + std::to_string(d.between(1, 24)) + "\n";
  t += "request_timeout = " + d.ms(20, 2000) + "\n";
  t += "max_attempts = " + std::to_string(d.between(1, 5)) + "\n";
  const auto base = d.between(1, 500);
  t += "backoff_base = \"" + std::to_string(base) + "ms\"\n";
  t += "backoff_multiplier = " + std::to_string(d.between(10, 30) / 10) + "." + std::to_string(d.between(0, 9)) + "\n";
  t += "backoff_max = \"" + std::to_string(base + d.between(0, 3000)) + "ms\"\n";
  t += "backoff_jitter = 0." + std::to_string(d.between(0, 9)) + "\n";
  t += std::string("retry_holds_worker = ") + (d.chance(0.5) ? "true" : "false") + "\n";
  t += std::string("selection = ") +
       (d.chance(0.7) ? "\"weighted_random\"" : "\"smooth_weighted_round_robin\"") + "\n";
  t += "health_interval = " + d.ms(100, 3000) + "\n";
  // Probes must be able to pass once faults are over (or nothing could
  // drain): the timeout stays above nearly every latency drawn below.
  t += "health_timeout = " + d.ms(800, 2000) + "\n";
  t += "unhealthy_after = " + std::to_string(d.between(1, 3)) + "\n";
  t += "healthy_after = " + std::to_string(d.between(1, 3)) + "\n";
  t += "eject_after_failures = " + std::to_string(d.chance(0.5) ? 0 : d.between(1, 5)) + "\n";

  const auto analyzers = d.between(1, 6);
  for (std::uint64_t a = 1; a <= analyzers; ++a) {
    t += "\n[[analyzer]]\nname = \"a" + std::to_string(a) + "\"\n";
    t += "weight = " + std::to_string(d.between(1, 100)) + "\n";
    t += "latency = " + latency(d) + "\n";
    t += "capacity = " + std::to_string(d.chance(0.7) ? 0 : d.between(1, 8)) + "\n";
    t += "error_rate = 0." + std::to_string(d.chance(0.6) ? 0 : d.between(1, 30)) + "\n";
  }

  const auto sources = d.between(1, 3);
  for (std::uint64_t s = 0; s < sources; ++s) {
    t += "\n[[traffic]]\n";
    switch (d.between(0, 3)) {
      case 0:
        t += "pattern = \"poisson\"\nrate = " + std::to_string(d.between(1, 600)) + "\n";
        break;
      case 1:
        t += "pattern = \"constant\"\nrate = " + std::to_string(d.between(1, 600)) + "\n";
        break;
      case 2:
        t += "pattern = \"burst\"\nat = \"" + std::to_string(d.between(0, duration_ms - 1)) + "ms\"\ncount = " +
             std::to_string(d.between(1, 800)) + "\nspread = " + d.ms(0, 1000) + "\n";
        break;
      default:
        t += "pattern = \"ramp\"\nfrom_rate = " + std::to_string(d.between(1, 400)) +
             "\nto_rate = " + std::to_string(d.between(0, 800)) + "\n";
        break;
    }
    t += "packet_bytes = " + std::to_string(d.between(1, 4096)) + "\n";
  }

  const std::vector<std::string> actions = {"crash", "hang", "slow", "errors"};
  const auto faults = d.between(0, 8);
  for (std::uint64_t f = 0; f < faults; ++f) {
    const std::string& action = d.pick(actions);
    t += "\n[[event]]\nat = \"" + std::to_string(d.between(0, duration_ms - 1)) + "ms\"\n";
    t += "analyzer = \"a" + std::to_string(d.between(1, analyzers)) + "\"\naction = \"" + action + "\"\n";
    if (action == "slow") t += "factor = " + std::to_string(d.between(2, 20)) + ".0\n";
    if (action == "errors") t += "rate = 0." + std::to_string(d.between(1, 9)) + "\n";
    if (d.chance(0.5)) t += "for = " + d.ms(10, 4000) + "\n";
  }
  // Every analyzer is back to normal when traffic stops.
  for (std::uint64_t a = 1; a <= analyzers; ++a) {
    t += "\n[[event]]\nat = \"" + std::to_string(duration_ms) + "ms\"\nanalyzer = \"a" + std::to_string(a) +
         "\"\naction = \"recover\"\n";
  }
  return t;
}

}  // namespace logsim

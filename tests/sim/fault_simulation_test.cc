// Seeded fault simulation: per seed a random scenario (traffic shapes,
// settings, crash / hang / slow / errors schedules) runs with the
// invariants checked after every event, and must drain once every analyzer
// is back and traffic has stopped.
//
// LOGSIM_FAULT_SEEDS=N runs seeds 1..N (default 1500); LOGSIM_FAULT_SEED=S
// runs seed S alone. A failure prints the seed and how to replay it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "sim/random_scenario.h"
#include "test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

// Returns an empty string when every invariant held, else what broke.
std::string run_seed(std::uint64_t seed) {
  const std::string text = random_scenario_toml(seed);
  LoadResult loaded = load_scenario_text(text, "fault.toml");
  if (!loaded.ok()) return "generated scenario does not load: " + loaded.errors[0].to_string();
  const Scenario& s = *loaded.scenario;
  std::string failure;
  auto fail = [&](const SimEngine& e, const std::string& what) {
    if (failure.empty()) failure = what + " at t=" + std::to_string(e.now()) + "ns";
  };
  SimEngine::Options options;
  options.after_event = [&](const SimEngine& e) {
    const Distributor& d = e.distributor();
    if (!d.accounting_holds()) fail(e, "accounting identity broken");
    if (d.queue_depth() > s.distributor.queue_capacity) fail(e, "queue above capacity");
    if (d.busy_workers() > s.distributor.workers) fail(e, "more busy workers than workers");
  };
  options.on_send = [&](const SimEngine& e, PacketSlot slot, AnalyzerIndex a) {
    const Distributor& d = e.distributor();
    const Packet& p = d.packet(slot);
    if (!d.healthy(a)) fail(e, "send to analyzer " + std::to_string(a) + " while it is marked down");
    if (p.attempts >= s.distributor.max_attempts) fail(e, "more than max_attempts sends");
    if ((p.tried_mask >> a) & 1 && (d.healthy_mask() & ~p.tried_mask) != 0) {
      fail(e, "retry to an analyzer already tried while an untried healthy one remains");
    }
  };
  SimEngine engine(s, options);
  std::string error;
  if (!engine.run(&error)) return error;
  if (!failure.empty()) return failure;
  const Summary& sum = engine.summary();
  if (!sum.drained || sum.queued != 0 || sum.in_flight != 0) {
    return "liveness: did not drain (queued " + std::to_string(sum.queued) + ", in flight " +
           std::to_string(sum.in_flight) + ")";
  }
  return "";
}

TEST(FaultSimulation, InvariantsAndLivenessHoldForEverySeed) {
  std::uint64_t first = 1, last = 1500;
  if (const char* n = std::getenv("LOGSIM_FAULT_SEEDS")) last = std::strtoull(n, nullptr, 10);
  if (const char* one = std::getenv("LOGSIM_FAULT_SEED")) first = last = std::strtoull(one, nullptr, 10);
  int failures = 0;
  for (std::uint64_t seed = first; seed <= last && failures < 5; ++seed) {
    const std::string problem = run_seed(seed);
    if (problem.empty()) continue;
    ++failures;
    const std::string file = ::testing::TempDir() + "logsim-fault-" + std::to_string(seed) + ".toml";
    std::ofstream(file) << random_scenario_toml(seed);
    ADD_FAILURE() << "seed " << seed << ": " << problem << "\n  replay: LOGSIM_FAULT_SEED=" << seed
                  << " logsim_tests --gtest_filter=FaultSimulation.*\n  or: logsim run " << file;
  }
}

// The generator is deterministic: one seed, one scenario.
TEST(FaultSimulation, GeneratorIsDeterministic) {
  EXPECT_EQ(random_scenario_toml(77), random_scenario_toml(77));
  EXPECT_NE(random_scenario_toml(77), random_scenario_toml(78));
}

}  // namespace
}  // namespace logsim

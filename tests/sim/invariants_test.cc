#include <gtest/gtest.h>

#include "test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

// SPEC §4.8: "Accounting holds at every instant" — checked after every event
// of every shipped scenario, with the queue bound, the worker bound, the
// attempt limit and "nothing sent to an analyzer while it is marked down".
TEST(Invariants, HoldAfterEveryEventOfEveryShippedScenario) {
  for (const std::string& path : shipped_scenarios()) {
    SCOPED_TRACE(path);
    Scenario s = load_or_die(path);
    std::uint64_t checked = 0;
    SimEngine::Options options;
    options.after_event = [&](const SimEngine& e) {
      const Distributor& d = e.distributor();
      ASSERT_TRUE(d.accounting_holds()) << "t=" << e.now();
      ASSERT_LE(d.queue_depth(), s.distributor.queue_capacity);
      ASSERT_LE(d.busy_workers(), s.distributor.workers);
      ++checked;
    };
    options.on_send = [&](const SimEngine& e, PacketSlot slot, AnalyzerIndex a) {
      const Distributor& d = e.distributor();
      ASSERT_TRUE(d.healthy(a)) << "sent to analyzer " << a << " while down, t=" << e.now();
      const Packet& p = d.packet(slot);
      ASSERT_LT(p.attempts, s.distributor.max_attempts);
      // SPEC §4.3: "an analyzer this packet already tried is excluded while
      // another healthy one remains".
      if (p.tried_mask & (std::uint64_t{1} << a)) {
        ASSERT_EQ(d.healthy_mask() & ~p.tried_mask, 0u);
      }
    };
    SimEngine engine(s, options);
    std::string error;
    ASSERT_TRUE(engine.run(&error)) << error;
    EXPECT_GT(checked, 0u);
  }
}

// The timeline's per-interval counts add up to the summary's totals, and
// the distribution rows add up to the timeline's deliveries.
TEST(Invariants, TimelineAddsUpToTotals) {
  for (const std::string& path : shipped_scenarios()) {
    SCOPED_TRACE(path);
    Scenario s = load_or_die(path);
    TempDir dir;
    const Summary sum = run_into(s, dir.path());
    const Csv t = read_csv(dir.file("timeline.csv"));
    const Csv d = read_csv(dir.file("distribution.csv"));
    std::uint64_t offered = 0, rejected = 0, delivered = 0, dead = 0, retries = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
      offered += static_cast<std::uint64_t>(t.num(i, "offered"));
      rejected += static_cast<std::uint64_t>(t.num(i, "rejected"));
      delivered += static_cast<std::uint64_t>(t.num(i, "delivered"));
      dead += static_cast<std::uint64_t>(t.num(i, "dead_lettered"));
      retries += static_cast<std::uint64_t>(t.num(i, "retries"));
    }
    EXPECT_EQ(offered, sum.totals.offered);
    EXPECT_EQ(rejected, sum.totals.rejected);
    EXPECT_EQ(delivered, sum.totals.delivered);
    EXPECT_EQ(dead, sum.totals.dead_lettered);
    EXPECT_EQ(retries, sum.totals.retries);
    std::uint64_t by_analyzer = 0;
    for (std::size_t i = 0; i < d.rows.size(); ++i) by_analyzer += static_cast<std::uint64_t>(d.num(i, "delivered"));
    EXPECT_EQ(by_analyzer, sum.totals.delivered);
    EXPECT_EQ(d.rows.size(), t.rows.size() * s.analyzers.size());
  }
}

}  // namespace
}  // namespace logsim

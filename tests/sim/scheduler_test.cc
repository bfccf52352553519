#include "sim/scheduler.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace logsim {
namespace {

// Events run in time order; at the same instant, in the order scheduled.
TEST(Scheduler, OrdersByTimeThenSequence) {
  Scheduler s;
  s.schedule(20, EventKind::kSample, 1);
  s.schedule(10, EventKind::kSample, 2);
  s.schedule(10, EventKind::kSample, 3);
  s.schedule(20, EventKind::kSample, 4);
  s.schedule(10, EventKind::kSample, 5);
  std::vector<std::uint32_t> order;
  while (!s.empty()) order.push_back(s.pop().a);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{2, 3, 5, 1, 4}));
  EXPECT_EQ(s.now(), 20);
}

// Model test: random schedules and pops agree with a sorted reference.
TEST(Scheduler, MatchesSortedReferenceUnderRandomOperations) {
  Scheduler s;
  Rng rng(8);
  std::vector<std::pair<TimeNs, std::uint32_t>> ref;  // (time, id) in insertion order
  std::uint32_t id = 0;
  for (int i = 0; i < 5000; ++i) {
    if (rng.next_below(3) != 0 || s.empty()) {
      const TimeNs t = s.now() + static_cast<TimeNs>(rng.next_below(50));
      s.schedule(t, EventKind::kArrival, id);
      ref.emplace_back(t, id++);
    } else {
      auto best = ref.begin();
      for (auto it = ref.begin(); it != ref.end(); ++it) {
        if (it->first < best->first) best = it;
      }
      const Event e = s.pop();
      ASSERT_EQ(e.a, best->second);
      ASSERT_EQ(e.time, best->first);
      ref.erase(best);
    }
  }
}

// Scheduling in the past is a bug, caught by the check.
TEST(SchedulerDeathTest, RejectsEventsInThePast) {
  Scheduler s;
  s.schedule(10, EventKind::kSample);
  s.pop();
  EXPECT_DEATH(s.schedule(5, EventKind::kSample), "internal check failed");
}

}  // namespace
}  // namespace logsim

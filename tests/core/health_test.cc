#include "core/health.h"

#include <gtest/gtest.h>

namespace logsim {
namespace {

DistributorConfig thresholds(std::uint32_t down, std::uint32_t up, std::uint32_t eject) {
  DistributorConfig c;
  c.unhealthy_after = down;
  c.healthy_after = up;
  c.eject_after_failures = eject;
  return c;
}

// SPEC §4.7: "state changes after unhealthy_after / healthy_after consecutive results".
TEST(HealthMonitor, ChangesStateAfterConsecutiveProbeResults) {
  HealthMonitor h(thresholds(2, 3, 0), 2);
  EXPECT_EQ(h.on_probe_result(0, false), HealthChange::kNone);
  EXPECT_EQ(h.on_probe_result(0, true), HealthChange::kNone);  // streak broken
  EXPECT_EQ(h.on_probe_result(0, false), HealthChange::kNone);
  EXPECT_EQ(h.on_probe_result(0, false), HealthChange::kMarkedDown);
  EXPECT_FALSE(h.healthy(0));
  EXPECT_EQ(h.healthy_mask(), 0b10u);
  EXPECT_EQ(h.on_probe_result(0, true), HealthChange::kNone);
  EXPECT_EQ(h.on_probe_result(0, true), HealthChange::kNone);
  EXPECT_EQ(h.on_probe_result(0, true), HealthChange::kMarkedUp);
  EXPECT_TRUE(h.healthy(0));
}

// SPEC §3: "eject_after_failures: >0: that many consecutive failed sends mark it down at once".
TEST(HealthMonitor, PassiveEjectionAfterConsecutiveSendFailures) {
  HealthMonitor h(thresholds(1, 1, 3), 1);
  EXPECT_EQ(h.on_send_result(0, true), HealthChange::kNone);
  EXPECT_EQ(h.on_send_result(0, true), HealthChange::kNone);
  EXPECT_EQ(h.on_send_result(0, false), HealthChange::kNone);  // a success resets the streak
  EXPECT_EQ(h.on_send_result(0, true), HealthChange::kNone);
  EXPECT_EQ(h.on_send_result(0, true), HealthChange::kNone);
  EXPECT_EQ(h.on_send_result(0, true), HealthChange::kEjected);
  EXPECT_FALSE(h.healthy(0));
  EXPECT_EQ(h.on_probe_result(0, true), HealthChange::kMarkedUp);
}

// With eject_after_failures = 0 sends never change health.
TEST(HealthMonitor, NoPassiveEjectionWhenDisabled) {
  HealthMonitor h(thresholds(1, 1, 0), 1);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(h.on_send_result(0, true), HealthChange::kNone);
  EXPECT_TRUE(h.healthy(0));
}

// A probe is not started while the previous one is unanswered.
TEST(HealthMonitor, OneProbeInFlightPerAnalyzer) {
  HealthMonitor h(thresholds(1, 1, 0), 1);
  EXPECT_TRUE(h.begin_probe(0));
  EXPECT_FALSE(h.begin_probe(0));
  h.on_probe_result(0, true);
  EXPECT_TRUE(h.begin_probe(0));
}

}  // namespace
}  // namespace logsim

#include "core/distributor.h"

#include <gtest/gtest.h>

#include <deque>

#include "fake_runtime.h"

namespace logsim {
namespace {

using testing::FakeRuntime;
using testing::config_with_analyzers;

struct Recorder : DistributorObserver {
  void on_health_change(AnalyzerIndex a, HealthChange c) override { changes.push_back({a, c}); }
  void on_delivered(PacketSlot, const Packet& p) override { delivered_ids.push_back(p.id); }
  void on_dead_letter(PacketSlot, const Packet& p, DeadLetterReason r) override {
    dead.push_back({p.id, r});
  }
  std::vector<std::pair<AnalyzerIndex, HealthChange>> changes;
  std::vector<std::uint64_t> delivered_ids;
  std::vector<std::pair<std::uint64_t, DeadLetterReason>> dead;
};

// SPEC §4.1: "if fewer than queue_capacity packets wait, the packet joins the
// FIFO queue (accepted); otherwise it is rejected".
TEST(Distributor, RejectsWhenQueueFullAndCountsWaitingOnly) {
  FakeRuntime rt;
  DistributorConfig c = config_with_analyzers({1.0});
  c.queue_capacity = 3;
  c.workers = 2;
  Distributor d(c, rt, 1);
  for (int i = 0; i < 5; ++i) EXPECT_NE(d.offer(100), kNoSlot) << i;  // 2 sending + 3 waiting
  EXPECT_EQ(d.offer(100), kNoSlot);
  EXPECT_EQ(d.queue_depth(), 3u);
  EXPECT_EQ(d.in_flight(), 2u);
  EXPECT_EQ(d.stats().totals.rejected, 1u);
  EXPECT_TRUE(d.accounting_holds());
}

// SPEC §4.2: the worker takes the oldest packet (FIFO).
TEST(Distributor, DispatchesInFifoOrder) {
  FakeRuntime rt;
  DistributorConfig c = config_with_analyzers({1.0});
  c.workers = 1;
  Recorder rec;
  Distributor d(c, rt, 1, &rec);
  for (int i = 0; i < 4; ++i) d.offer(10);
  for (int i = 0; i < 4; ++i) {
    auto s = rt.take_send();
    d.on_send_done(s.slot, SendOutcome::kOk);
  }
  EXPECT_EQ(rec.delivered_ids, (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

// SPEC §4.4: "Latency = delivery time − acceptance time".
TEST(Distributor, LatencyIsDeliveryMinusAcceptance) {
  FakeRuntime rt;
  Distributor d(config_with_analyzers({1.0}), rt, 1);
  rt.now_ = 1000;
  d.offer(10);
  rt.now_ = 1000 + 20 * kNsPerMs;
  d.on_send_done(rt.take_send().slot, SendOutcome::kOk);
  EXPECT_EQ(d.stats().latency.max(), 20 * kNsPerMs);
}

// SPEC §4.5 and §4.3: a failed send is retried after the backoff, on an
// analyzer this packet has not tried while another healthy one remains.
TEST(Distributor, RetriesOnUntriedAnalyzerAfterBackoff) {
  FakeRuntime rt;
  DistributorConfig c = config_with_analyzers({0.4, 0.3, 0.2, 0.1});
  c.max_attempts = 4;
  Distributor d(c, rt, 11);
  d.offer(10);
  std::uint64_t tried = 0;
  TimeNs expected_delay = 500 * kNsPerMs;
  for (int attempt = 0; attempt < 4; ++attempt) {
    ASSERT_EQ(rt.sends.size(), 1u);
    auto s = rt.take_send();
    EXPECT_EQ(tried & (1u << s.analyzer), 0u) << "attempt " << attempt << " reused analyzer " << s.analyzer;
    tried |= 1u << s.analyzer;
    if (attempt == 3) break;
    d.on_send_done(s.slot, SendOutcome::kTimeout);
    ASSERT_EQ(rt.timers.size(), 1u);
    EXPECT_EQ(rt.timers[0].at - rt.now_, expected_delay);
    expected_delay *= 2;
    rt.advance_to(rt.timers[0].at, d);
  }
  EXPECT_EQ(tried, 0b1111u);
  EXPECT_EQ(d.stats().totals.retries, 3u);
}

// SPEC §4.5: "then dead-lettered" after max_attempts; other 4xx at once.
TEST(Distributor, DeadLettersAfterMaxAttemptsAndOn4xx) {
  FakeRuntime rt;
  DistributorConfig c = config_with_analyzers({1.0, 1.0});
  c.max_attempts = 2;
  Recorder rec;
  Distributor d(c, rt, 3, &rec);
  d.offer(10);
  d.on_send_done(rt.take_send().slot, SendOutcome::kServerError);
  rt.advance_to(rt.timers[0].at, d);
  d.on_send_done(rt.take_send().slot, SendOutcome::kServerError);
  ASSERT_EQ(rec.dead.size(), 1u);
  EXPECT_EQ(rec.dead[0].second, DeadLetterReason::kAttemptsExhausted);

  d.offer(10);
  d.on_send_done(rt.take_send().slot, SendOutcome::kRejected);
  ASSERT_EQ(rec.dead.size(), 2u);
  EXPECT_EQ(rec.dead[1].second, DeadLetterReason::kRejectedByAnalyzer);
  EXPECT_EQ(d.stats().totals.dead_lettered, 2u);
  EXPECT_EQ(d.busy_workers(), 0u);
  EXPECT_TRUE(d.accounting_holds());
}

// SPEC §3: "retry_holds_worker = true: the worker sleeps through the
// backoff"; false frees it for the next packet.
TEST(Distributor, RetryHoldsWorkerOrFreesIt) {
  for (bool holds : {true, false}) {
    FakeRuntime rt;
    DistributorConfig c = config_with_analyzers({1.0});
    c.workers = 1;
    c.retry_holds_worker = holds;
    Distributor d(c, rt, 1);
    d.offer(10);
    d.offer(10);
    d.on_send_done(rt.take_send().slot, SendOutcome::kReset);
    EXPECT_EQ(rt.sends.size(), holds ? 0u : 1u) << "holds=" << holds;
    EXPECT_EQ(d.in_flight(), holds ? 1u : 2u);
    EXPECT_TRUE(d.accounting_holds());
  }
}

// SPEC §4.6: "No analyzer healthy: packets wait in the queue; none are dropped."
TEST(Distributor, PacketsWaitWhileNoAnalyzerIsHealthy) {
  FakeRuntime rt;
  DistributorConfig c = config_with_analyzers({1.0});
  Recorder rec;
  Distributor d(c, rt, 1, &rec);
  d.start();
  rt.advance_to(c.health_interval, d);
  ASSERT_EQ(rt.probes.size(), 1u);
  d.on_probe_done(0, false);
  ASSERT_EQ(rec.changes.size(), 1u);
  EXPECT_EQ(rec.changes[0].second, HealthChange::kMarkedDown);
  for (int i = 0; i < 5; ++i) d.offer(10);
  EXPECT_TRUE(rt.sends.empty());
  EXPECT_EQ(d.queue_depth(), 5u);
  d.on_probe_done(0, true);
  EXPECT_EQ(rt.sends.size(), 5u);
  EXPECT_EQ(d.queue_depth(), 0u);
  EXPECT_TRUE(d.accounting_holds());
}

// A retry that comes due while every analyzer is down waits, first in line,
// and goes out when one comes back.
TEST(Distributor, RetryWaitsForHealthyAnalyzerAndGoesFirst) {
  FakeRuntime rt;
  DistributorConfig c = config_with_analyzers({1.0});
  c.workers = 1;
  c.eject_after_failures = 1;
  Recorder rec;
  Distributor d(c, rt, 1, &rec);
  d.offer(10);                                            // id 1
  d.on_send_done(rt.take_send().slot, SendOutcome::kRefused);  // ejected; backoff
  d.offer(10);                                            // id 2 waits
  rt.advance_to(rt.timers[0].at, d);
  EXPECT_TRUE(rt.sends.empty());
  EXPECT_EQ(d.busy_workers(), 0u);
  d.on_probe_done(0, true);
  ASSERT_EQ(rt.sends.size(), 1u);
  d.on_send_done(rt.take_send().slot, SendOutcome::kOk);
  d.on_send_done(rt.take_send().slot, SendOutcome::kOk);
  EXPECT_EQ(rec.delivered_ids, (std::vector<std::uint64_t>{1, 2}));
}

// Live mode's shutdown dead-letters queued and backing-off packets and
// keeps the accounting whole.
TEST(Distributor, ShutdownDeadLettersWaitingPackets) {
  FakeRuntime rt;
  DistributorConfig c = config_with_analyzers({1.0});
  c.workers = 2;
  Recorder rec;
  Distributor d(c, rt, 1, &rec);
  for (int i = 0; i < 5; ++i) d.offer(10);
  d.on_send_done(rt.take_send().slot, SendOutcome::kTimeout);  // backoff
  d.stop_accepting();
  EXPECT_EQ(d.offer(10), kNoSlot);
  d.dead_letter_waiting();
  EXPECT_EQ(rec.dead.size(), 4u);  // 3 queued + 1 backing off
  EXPECT_EQ(d.in_flight(), 1u);    // one send still outstanding
  EXPECT_TRUE(d.accounting_holds());
  for (auto& t : rt.timers) d.on_timer(t.tag);  // stale retry timer is ignored
  EXPECT_TRUE(d.accounting_holds());
}

// Model test: random offers and answers against a trivial reference of the
// counts; the accounting identities hold after every step.
TEST(Distributor, RandomOperationsMatchReferenceCounts) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    FakeRuntime rt;
    DistributorConfig c = config_with_analyzers({1.0, 2.0, 3.0});
    c.queue_capacity = 7;
    c.workers = 3;
    c.max_attempts = 2;
    c.retry_holds_worker = seed % 2 == 0;
    Distributor d(c, rt, seed);
    Rng rng(seed);
    std::uint64_t offered = 0, rejected = 0;
    for (int step = 0; step < 2000; ++step) {
      const auto op = rng.next_below(10);
      if (op < 4) {
        ++offered;
        if (d.offer(1) == kNoSlot) ++rejected;
      } else if (op < 8 && !rt.sends.empty()) {
        const auto s = rt.take_send();
        const SendOutcome outcomes[] = {SendOutcome::kOk, SendOutcome::kOk, SendOutcome::kTimeout,
                                        SendOutcome::kRejected};
        d.on_send_done(s.slot, outcomes[rng.next_below(4)]);
      } else {
        rt.advance_to(rt.now_ + static_cast<TimeNs>(rng.next_below(kNsPerSec)), d);
        if (!rt.probes.empty()) {
          d.on_probe_done(rt.probes.back(), rng.next_below(3) != 0);
          rt.probes.pop_back();
        }
      }
      ASSERT_TRUE(d.accounting_holds()) << "seed " << seed << " step " << step;
      ASSERT_LE(rt.sends.size(), c.workers);
    }
    EXPECT_EQ(d.stats().totals.offered, offered);
    EXPECT_EQ(d.stats().totals.rejected, rejected);
  }
}

}  // namespace
}  // namespace logsim

// A hand-driven Runtime for core unit tests: time moves only when the test
// says so, timers and sends are recorded for the test to answer.
#pragma once

#include <algorithm>
#include <vector>

#include "core/distributor.h"
#include "core/runtime.h"

namespace logsim::testing {

class FakeRuntime : public Runtime {
 public:
  struct Timer {
    TimeNs at;
    TimerTag tag;
  };
  struct Send {
    AnalyzerIndex analyzer;
    PacketSlot slot;
    TimeNs timeout;
  };

  TimeNs now() const override { return now_; }
  void arm_timer(TimeNs delay, TimerTag tag) override { timers.push_back(Timer{now_ + delay, tag}); }
  void send(AnalyzerIndex analyzer, PacketSlot slot, TimeNs timeout) override {
    sends.push_back(Send{analyzer, slot, timeout});
  }
  void probe(AnalyzerIndex analyzer, TimeNs /*timeout*/) override { probes.push_back(analyzer); }

  // Advances time to `t`, firing due timers on `d` in (time, arming) order.
  void advance_to(TimeNs t, Distributor& d) {
    for (;;) {
      auto due = std::min_element(timers.begin(), timers.end(),
                                  [](const Timer& x, const Timer& y) { return x.at < y.at; });
      if (due == timers.end() || due->at > t) break;
      Timer timer = *due;
      timers.erase(due);
      now_ = timer.at;
      d.on_timer(timer.tag);
    }
    now_ = t;
  }

  // Removes and returns the oldest unanswered send.
  Send take_send() {
    Send s = sends.front();
    sends.erase(sends.begin());
    return s;
  }

  TimeNs now_ = 0;
  std::vector<Timer> timers;
  std::vector<Send> sends;
  std::vector<AnalyzerIndex> probes;
};

inline DistributorConfig config_with_analyzers(std::vector<double> weights) {
  DistributorConfig c;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    c.analyzers.push_back(AnalyzerConfig{"analyzer-" + std::to_string(i + 1), weights[i], ""});
  }
  return c;
}

}  // namespace logsim::testing

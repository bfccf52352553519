// The live implementation of the runtime seam (core/runtime.h) on libuv:
// monotonic time from uv_hrtime, core timers on pooled uv_timer handles
// carrying the core's typed tags, sends and probes over one keep-alive HTTP
// client pool per analyzer. The simulator's engine (sim/engine.h) is its
// peer: the distributor cannot tell them apart.
#pragma once

#include <uv.h>

#include <memory>
#include <string>
#include <vector>

#include "core/distributor.h"
#include "core/live/body_store.h"
#include "core/live/endpoint.h"
#include "core/live/http_client.h"
#include "core/runtime.h"

namespace logsim {

// What the owner of the runtime hears besides the distributor.
class LiveRuntimeHooks {
 public:
  virtual ~LiveRuntimeHooks() = default;
  // After each call the runtime made into the distributor (a timer, a
  // finished send, a finished probe): the moment to check for a drain.
  virtual void after_core_event() = 0;
};

struct LiveRuntimeSettings {
  std::string analyze_path = "/analyze";
  std::string health_path = "/health";
  // Bound of each analyzer's pool. The distributor never has more than
  // `workers` sends and one probe outstanding, so workers + 1 never queues.
  std::size_t connections_per_analyzer = 16;
};

class LiveRuntime final : public Runtime, private HttpClientListener {
 public:
  // `analyzers` are in the distributor's analyzer order. Packet bodies are
  // read from `bodies` through Packet::payload.
  LiveRuntime(uv_loop_t* loop, const std::vector<Endpoint>& analyzers, const LiveRuntimeSettings& settings,
              const BodyStore& bodies, LiveRuntimeHooks* hooks);
  // close() must have been called and the loop run since.
  ~LiveRuntime() override;
  LiveRuntime(const LiveRuntime&) = delete;
  LiveRuntime& operator=(const LiveRuntime&) = delete;

  // The distributor is built with this runtime, so it is attached after.
  void attach(Distributor* distributor) { distributor_ = distributor; }

  TimeNs now() const override;
  // The uv_hrtime() reading now() counts from.
  std::uint64_t start_hrtime() const { return start_ns_; }
  void arm_timer(TimeNs delay, TimerTag tag) override;
  void send(AnalyzerIndex analyzer, PacketSlot slot, TimeNs timeout) override;
  void probe(AnalyzerIndex analyzer, TimeNs timeout) override;

  // Closes every timer and connection; the distributor hears nothing more.
  void close();

  std::size_t outstanding_sends() const { return outstanding_sends_; }
  std::size_t armed_timers() const { return timers_.size() - free_timers_.size(); }

 private:
  struct TimerSlot {
    uv_timer_t handle{};
    LiveRuntime* owner = nullptr;
    TimerTag tag{};
  };
  friend struct LiveRuntimeCallbacks;

  void on_http_done(std::uint64_t tag, const HttpClientResult& result) override;
  void fire(TimerSlot* slot);

  uv_loop_t* loop_;
  LiveRuntimeSettings settings_;
  const BodyStore& bodies_;
  LiveRuntimeHooks* hooks_;
  Distributor* distributor_ = nullptr;
  std::uint64_t start_ns_;
  std::vector<std::unique_ptr<HttpClient>> clients_;
  std::vector<std::unique_ptr<TimerSlot>> timers_;
  std::vector<TimerSlot*> free_timers_;
  std::size_t open_timers_ = 0;
  std::size_t outstanding_sends_ = 0;
  std::string headers_;  // reused for each send's header lines
  bool closed_ = false;
};

}  // namespace logsim

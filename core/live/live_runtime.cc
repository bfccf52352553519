#include "core/live/live_runtime.h"

#include "core/check.h"
#include "core/live/http_message.h"
#include "core/live/live_log.h"

namespace logsim {
namespace {

// Request tags carry the kind in the high half: a packet slot for sends, an
// analyzer index for probes.
enum class RequestKind : std::uint64_t { kSend = 1, kProbe = 2 };

std::uint64_t make_tag(RequestKind kind, std::uint32_t id) { return static_cast<std::uint64_t>(kind) << 32 | id; }

}  // namespace

struct LiveRuntimeCallbacks {
  static void on_timer(uv_timer_t* handle) noexcept {
    auto* slot = static_cast<LiveRuntime::TimerSlot*>(handle->data);
    slot->owner->fire(slot);
  }
  static void on_timer_closed(uv_handle_t* handle) noexcept {
    --static_cast<LiveRuntime::TimerSlot*>(handle->data)->owner->open_timers_;
  }
};

LiveRuntime::LiveRuntime(uv_loop_t* loop, const std::vector<Endpoint>& analyzers, const LiveRuntimeSettings& settings,
                         const BodyStore& bodies, LiveRuntimeHooks* hooks)
    : loop_(loop), settings_(settings), bodies_(bodies), hooks_(hooks), start_ns_(uv_hrtime()) {
  clients_.reserve(analyzers.size());
  for (const Endpoint& e : analyzers) {
    clients_.push_back(std::make_unique<HttpClient>(loop, e, settings_.connections_per_analyzer,
                                                    static_cast<HttpClientListener&>(*this)));
  }
}

LiveRuntime::~LiveRuntime() { LOGSIM_CHECK(open_timers_ == 0); }

TimeNs LiveRuntime::now() const { return static_cast<TimeNs>(uv_hrtime() - start_ns_); }

void LiveRuntime::arm_timer(TimeNs delay, TimerTag tag) {
  LOGSIM_CHECK(!closed_);
  TimerSlot* slot;
  if (!free_timers_.empty()) {
    slot = free_timers_.back();
    free_timers_.pop_back();
  } else {
    auto fresh = std::make_unique<TimerSlot>();
    fresh->owner = this;
    fresh->handle.data = fresh.get();
    // Failing here means the process is out of resources; a core timer that
    // never fires would strand a packet, so this is fatal, not ignored.
    LOGSIM_CHECK(uv_ok(uv_timer_init(loop_, &fresh->handle), "runtime: timer init"));
    ++open_timers_;
    slot = fresh.get();
    timers_.push_back(std::move(fresh));
  }
  slot->tag = tag;
  // libuv timers have millisecond resolution; rounding up keeps "not before
  // `delay`". Equal deadlines fire in arming order (libuv's start_id).
  const auto ms = static_cast<std::uint64_t>((delay + kNsPerMs - 1) / kNsPerMs);
  LOGSIM_CHECK(uv_ok(uv_timer_start(&slot->handle, LiveRuntimeCallbacks::on_timer, delay > 0 ? ms : 0, 0),
                     "runtime: timer start"));
}

void LiveRuntime::fire(TimerSlot* slot) {
  const TimerTag tag = slot->tag;
  free_timers_.push_back(slot);
  if (closed_ || distributor_ == nullptr) return;
  distributor_->on_timer(tag);
  if (hooks_ != nullptr) hooks_->after_core_event();
}

void LiveRuntime::send(AnalyzerIndex analyzer, PacketSlot slot, TimeNs timeout) {
  LOGSIM_CHECK(distributor_ != nullptr && analyzer < clients_.size());
  const Packet& packet = distributor_->packet(slot);
  const StoredBody& body = bodies_.get(packet.payload);
  headers_.clear();
  if (!body.content_type.empty()) {
    headers_ += "Content-Type: ";
    headers_ += body.content_type;
    headers_ += "\r\n";
  }
  // Analyzers (and the stand-in) may use the id to spot duplicates: a retry
  // after a timeout can deliver a packet twice (at-least-once).
  headers_ += "X-Logsim-Packet-Id: ";
  append_decimal(&headers_, packet.id);
  headers_ += "\r\n";
  ++outstanding_sends_;
  clients_[analyzer]->request(make_tag(RequestKind::kSend, slot), "POST", settings_.analyze_path, headers_, body.body,
                              timeout);
}

void LiveRuntime::probe(AnalyzerIndex analyzer, TimeNs timeout) {
  LOGSIM_CHECK(analyzer < clients_.size());
  clients_[analyzer]->request(make_tag(RequestKind::kProbe, analyzer), "GET", settings_.health_path, {}, {}, timeout);
}

void LiveRuntime::on_http_done(std::uint64_t tag, const HttpClientResult& result) {
  if (closed_ || distributor_ == nullptr) return;
  const auto id = static_cast<std::uint32_t>(tag);
  switch (static_cast<RequestKind>(tag >> 32)) {
    case RequestKind::kSend:
      --outstanding_sends_;
      distributor_->on_send_done(id, result.outcome);
      break;
    case RequestKind::kProbe:
      distributor_->on_probe_done(id, result.outcome == SendOutcome::kOk);
      break;
  }
  if (hooks_ != nullptr) hooks_->after_core_event();
}

void LiveRuntime::close() {
  if (closed_) return;
  closed_ = true;
  for (auto& client : clients_) client->close();
  for (auto& slot : timers_) {
    uv_close(reinterpret_cast<uv_handle_t*>(&slot->handle), LiveRuntimeCallbacks::on_timer_closed);
  }
}

}  // namespace logsim

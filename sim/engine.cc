#include "sim/engine.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/check.h"
#include "sim/csv_output.h"

namespace logsim {
namespace {

// Sends every row to up to two sinks (the CSV files and a caller's sink).
class FanoutSink final : public TimelineSink {
 public:
  FanoutSink(TimelineSink* first, TimelineSink* second) : first_(first), second_(second) {}
  void on_timeline(const TimelineRow& row) override {
    if (first_) first_->on_timeline(row);
    if (second_) second_->on_timeline(row);
  }
  void on_distribution(const DistributionRow& row) override {
    if (first_) first_->on_distribution(row);
    if (second_) second_->on_distribution(row);
  }
  void on_event(const EventRow& row) override {
    if (first_) first_->on_event(row);
    if (second_) second_->on_event(row);
  }
  void end_interval() override {
    if (first_) first_->end_interval();
    if (second_) second_->end_interval();
  }

 private:
  TimelineSink* first_;
  TimelineSink* second_;
};

std::string check_context(const void* arg) {
  const auto* engine = static_cast<const SimEngine*>(arg);
  return "scenario " + engine->scenario().name + " seed=" + std::to_string(engine->scenario().seed) +
         " t=" + format_seconds(engine->now()) + "s";
}

}  // namespace

SimEngine::SimEngine(const Scenario& scenario, Options options)
    : scenario_(scenario), options_(std::move(options)) {
  for (const AnalyzerModel& m : scenario_.analyzers) {
    analyzers_.push_back(std::make_unique<SimAnalyzer>(m, scenario_.seed));
  }
  probe_serial_.assign(analyzers_.size(), 0);
  probe_result_.assign(analyzers_.size(), false);
  for (const TrafficSource& source : scenario_.traffic) {
    sources_.emplace_back(source, scenario_.seed, scenario_.duration);
  }
  pending_arrival_.resize(sources_.size());

  script_ = scenario_.events;
  for (const ScriptedEvent& e : scenario_.events) {
    if (e.duration > 0 && e.action != EventAction::kRecover) {
      ScriptedEvent back = e;
      back.at = e.at + e.duration;
      back.action = EventAction::kRecover;
      back.duration = 0;
      script_.push_back(back);
    }
  }
  std::stable_sort(script_.begin(), script_.end(),
                   [](const ScriptedEvent& x, const ScriptedEvent& y) { return x.at < y.at; });

  Runtime& runtime = *this;
  DistributorObserver* observer = this;
  distributor_ = std::make_unique<Distributor>(scenario_.distributor, runtime, scenario_.seed, observer);
  sends_.resize(std::size_t{scenario_.distributor.queue_capacity} + scenario_.distributor.workers);
}

SimEngine::~SimEngine() { set_check_context(nullptr, nullptr); }

SimEngine::SendRecord& SimEngine::record(PacketSlot slot) {
  if (slot >= sends_.size()) sends_.resize(std::max<std::size_t>(slot + 1, sends_.size() * 2));
  return sends_[slot];
}

void SimEngine::emit_event(TimeNs at, std::string kind, std::string analyzer, std::string detail) {
  ++event_rows_;
  fanout_->on_event(EventRow{at, std::move(kind), std::move(analyzer), std::move(detail)});
}

bool SimEngine::run(std::string* error) {
  set_check_context(&check_context, this);
  std::unique_ptr<CsvOutput> csv;
  if (!options_.out_dir.empty()) {
    std::vector<std::string> names;
    for (const AnalyzerModel& m : scenario_.analyzers) names.push_back(m.name);
    csv = std::make_unique<CsvOutput>(std::move(names), false);
    if (!csv->open(options_.out_dir, error)) return false;
  }
  fanout_ = std::make_unique<FanoutSink>(csv.get(), options_.extra_sink);
  sampler_ = std::make_unique<Sampler>(*distributor_, distributor_->mutable_stats(), *fanout_);

  // Scripted events first: at equal times the world changes before traffic
  // arrives and before the health check looks at it.
  for (std::uint32_t i = 0; i < script_.size(); ++i) scheduler_.schedule(script_[i].at, EventKind::kScripted, i);
  for (std::uint32_t i = 0; i < sources_.size(); ++i) {
    if (sources_[i].next(&pending_arrival_[i])) scheduler_.schedule(pending_arrival_[i].time, EventKind::kArrival, i);
  }
  if (scenario_.sample_interval < scenario_.duration) {
    scheduler_.schedule(scenario_.sample_interval, EventKind::kSample);
  }
  distributor_->start();

  // Phase 1: everything before the horizon; the sample at the horizon is
  // taken after all of it, so the timeline adds up to the totals.
  while (!scheduler_.empty() && scheduler_.top().time < scenario_.duration) {
    handle(scheduler_.pop());
  }
  take_sample(scenario_.duration);
  TimeNs end = scenario_.duration;

  // Phase 2 (drain): arrivals have ended; run on, sampling on the same grid,
  // until the queue and in-flight are empty or the drain limit is reached.
  bool drained = distributor_->queue_depth() == 0 && distributor_->in_flight() == 0;
  if (scenario_.drain && !drained) {
    const TimeNs limit = scenario_.duration + kDrainLimit;
    TimeNs next_sample = (scenario_.duration / scenario_.sample_interval + 1) * scenario_.sample_interval;
    while (!drained && next_sample <= limit) {
      while (!scheduler_.empty() && scheduler_.top().time < next_sample) handle(scheduler_.pop());
      take_sample(next_sample);
      end = next_sample;
      drained = distributor_->queue_depth() == 0 && distributor_->in_flight() == 0;
      next_sample += scenario_.sample_interval;
    }
  }

  summary_ = summarize(scenario_.name, scenario_.seed, *distributor_);
  summary_.duration = scenario_.duration;
  summary_.end_time = end;
  summary_.drained = scenario_.drain && drained;
  summary_.events = event_rows_;
  evaluate_expectations(scenario_.expect, &summary_);

  if (csv) {
    csv->close();
    const std::string path = (std::filesystem::path(options_.out_dir) / "summary.json").string();
    std::ofstream out(path, std::ios::binary);
    out << summary_to_json(summary_);
    if (!out) {
      *error = "cannot write " + path;
      return false;
    }
  }
  set_check_context(nullptr, nullptr);
  return true;
}

void SimEngine::take_sample(TimeNs at) {
  sampler_->sample(at);
  if (options_.progress) options_.progress(at, scenario_.duration);
}

void SimEngine::handle(const Event& e) {
  switch (e.kind) {
    case EventKind::kArrival:
      handle_arrival(e.a);
      break;
    case EventKind::kCoreTimer:
      distributor_->on_timer(TimerTag{static_cast<TimerKind>(e.a), e.b});
      break;
    case EventKind::kSendReply: {
      SendRecord& r = record(e.a);
      complete(e.a, e.b, r.outcome);
      break;
    }
    case EventKind::kSendTimeout:
      complete(e.a, e.b, SendOutcome::kTimeout);
      break;
    case EventKind::kServerFree:
      server_free(e.a, e.b, e.c, e.d);
      break;
    case EventKind::kProbeReply:
      if (e.b == probe_serial_[e.a]) distributor_->on_probe_done(e.a, probe_result_[e.a]);
      break;
    case EventKind::kScripted:
      handle_scripted(e.a);
      break;
    case EventKind::kSample: {
      take_sample(e.time);
      const TimeNs next = e.time + scenario_.sample_interval;
      if (next < scenario_.duration) scheduler_.schedule(next, EventKind::kSample);
      break;
    }
  }
  ++events_processed_;
  if (options_.check_invariants) LOGSIM_CHECK(distributor_->accounting_holds());
  if (options_.after_event) options_.after_event(*this);
}

void SimEngine::handle_arrival(std::uint32_t source) {
  // Every arrival of this source at this instant (bursts with no spread).
  const TimeNs now = scheduler_.now();
  Arrival& next = pending_arrival_[source];
  do {
    distributor_->offer(next.bytes);
    if (!sources_[source].next(&next)) return;
  } while (next.time == now);
  scheduler_.schedule(next.time, EventKind::kArrival, source);
}

void SimEngine::handle_scripted(std::uint32_t index) {
  const ScriptedEvent& e = script_[index];
  SimAnalyzer& a = *analyzers_[e.analyzer_index];
  const std::string detail = a.apply(e);
  if (e.action == EventAction::kCrash) {
    // Sends in flight fail at the crash instant (connection reset).
    for (PacketSlot slot : a.outstanding()) {
      SendRecord& r = record(slot);
      r.outcome = SendOutcome::kReset;
      scheduler_.schedule(scheduler_.now(), EventKind::kSendReply, slot, r.serial);
    }
    while (!a.waiting().empty()) a.waiting().pop_front();
    a.reset_servers();
  }
  emit_event(scheduler_.now(), event_action_name(e.action), e.analyzer, detail);
  // Work that queued at a capacity-limited analyzer while it hung resumes.
  if (e.action == EventAction::kRecover && a.limited()) {
    while (!a.waiting().empty() && a.has_free_server()) {
      const SimAnalyzer::Waiting w = a.waiting().pop_front();
      SendRecord& r = record(w.slot);
      if (r.active && r.serial == w.serial) start_service(e.analyzer_index, w.slot);
    }
  }
}

void SimEngine::arm_timer(TimeNs delay, TimerTag tag) {
  LOGSIM_CHECK(delay >= 0);
  scheduler_.schedule(scheduler_.now() + delay, EventKind::kCoreTimer, static_cast<std::uint32_t>(tag.kind), tag.id);
}

void SimEngine::send(AnalyzerIndex analyzer, PacketSlot slot, TimeNs timeout) {
  SendRecord& r = record(slot);
  LOGSIM_CHECK(!r.active);
  ++r.serial;
  r.active = true;
  r.timeout_armed = false;
  r.analyzer = analyzer;
  r.started = scheduler_.now();
  r.timeout = timeout;
  SimAnalyzer& a = *analyzers_[analyzer];
  r.outstanding_pos = static_cast<std::uint32_t>(a.outstanding().size());
  a.outstanding().push_back(slot);
  const TimeNs now = scheduler_.now();

  switch (a.condition()) {
    case AnalyzerCondition::kCrashed:
      r.outcome = SendOutcome::kRefused;
      scheduler_.schedule(now, EventKind::kSendReply, slot, r.serial);
      return;
    case AnalyzerCondition::kHung:
      r.timeout_armed = true;
      scheduler_.schedule(now + timeout, EventKind::kSendTimeout, slot, r.serial);
      return;
    case AnalyzerCondition::kNormal:
      break;
  }
  r.service = a.draw_service();
  if (!a.limited()) {
    // The hot path: one event per send.
    if (r.service.latency <= timeout) {
      r.outcome = r.service.server_error ? SendOutcome::kServerError : SendOutcome::kOk;
      scheduler_.schedule(now + r.service.latency, EventKind::kSendReply, slot, r.serial);
    } else {
      r.timeout_armed = true;
      scheduler_.schedule(now + timeout, EventKind::kSendTimeout, slot, r.serial);
    }
    return;
  }
  if (a.has_free_server()) {
    start_service(analyzer, slot);
  } else {
    a.waiting().push_back(SimAnalyzer::Waiting{slot, r.serial});
    r.timeout_armed = true;
    scheduler_.schedule(now + timeout, EventKind::kSendTimeout, slot, r.serial);
  }
}

void SimEngine::start_service(AnalyzerIndex analyzer, PacketSlot slot) {
  SimAnalyzer& a = *analyzers_[analyzer];
  SendRecord& r = record(slot);
  a.occupy();
  r.outcome = r.service.server_error ? SendOutcome::kServerError : SendOutcome::kOk;
  const TimeNs finish = scheduler_.now() + r.service.latency;
  scheduler_.schedule(finish, EventKind::kServerFree, analyzer, slot, a.epoch(), r.serial);
  if (finish > r.started + r.timeout && !r.timeout_armed) {
    r.timeout_armed = true;
    scheduler_.schedule(r.started + r.timeout, EventKind::kSendTimeout, slot, r.serial);
  }
}

void SimEngine::server_free(AnalyzerIndex analyzer, PacketSlot slot, std::uint32_t epoch, std::uint32_t serial) {
  SimAnalyzer& a = *analyzers_[analyzer];
  if (epoch != a.epoch()) return;  // the crash already freed this server
  a.release();
  // The reply reaches the client unless it gave up (timeout) first.
  complete(slot, serial, record(slot).outcome);
  if (a.condition() != AnalyzerCondition::kNormal) return;
  while (!a.waiting().empty() && a.has_free_server()) {
    const SimAnalyzer::Waiting w = a.waiting().pop_front();
    SendRecord& r = record(w.slot);
    if (r.active && r.serial == w.serial) start_service(analyzer, w.slot);
  }
}

void SimEngine::complete(PacketSlot slot, std::uint32_t serial, SendOutcome outcome) {
  SendRecord& r = record(slot);
  if (!r.active || r.serial != serial) return;  // already answered
  r.active = false;
  std::vector<PacketSlot>& list = analyzers_[r.analyzer]->outstanding();
  const PacketSlot moved = list.back();
  list[r.outstanding_pos] = moved;
  record(moved).outstanding_pos = r.outstanding_pos;
  list.pop_back();
  distributor_->on_send_done(slot, outcome);
}

void SimEngine::probe(AnalyzerIndex analyzer, TimeNs timeout) {
  SimAnalyzer& a = *analyzers_[analyzer];
  const std::uint32_t serial = ++probe_serial_[analyzer];
  const TimeNs now = scheduler_.now();
  switch (a.condition()) {
    case AnalyzerCondition::kCrashed:
      probe_result_[analyzer] = false;
      scheduler_.schedule(now, EventKind::kProbeReply, analyzer, serial);
      return;
    case AnalyzerCondition::kHung:
      probe_result_[analyzer] = false;
      scheduler_.schedule(now + timeout, EventKind::kProbeReply, analyzer, serial);
      return;
    case AnalyzerCondition::kNormal: {
      const TimeNs latency = a.draw_probe_latency();
      probe_result_[analyzer] = latency <= timeout;
      scheduler_.schedule(now + std::min(latency, timeout), EventKind::kProbeReply, analyzer, serial);
      return;
    }
  }
}

void SimEngine::on_send(PacketSlot slot, AnalyzerIndex analyzer) {
  if (options_.on_send) options_.on_send(*this, slot, analyzer);
}

void SimEngine::on_health_change(AnalyzerIndex analyzer, HealthChange change) {
  std::string detail;
  switch (change) {
    case HealthChange::kMarkedDown: detail = "health probe failed"; break;
    case HealthChange::kMarkedUp: detail = "health probe ok"; break;
    case HealthChange::kEjected:
      detail = std::to_string(scenario_.distributor.eject_after_failures) + " consecutive failed sends";
      break;
    case HealthChange::kNone: return;
  }
  emit_event(scheduler_.now(), health_change_name(change), scenario_.analyzers[analyzer].name, detail);
}

}  // namespace logsim

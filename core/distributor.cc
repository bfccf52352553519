#include "core/distributor.h"

#include <algorithm>

#include "core/check.h"

namespace logsim {

const char* send_outcome_name(SendOutcome outcome) {
  switch (outcome) {
    case SendOutcome::kOk: return "ok";
    case SendOutcome::kRefused: return "refused";
    case SendOutcome::kReset: return "reset";
    case SendOutcome::kTimeout: return "timeout";
    case SendOutcome::kServerError: return "server_error";
    case SendOutcome::kThrottled: return "throttled";
    case SendOutcome::kRejected: return "rejected";
  }
  return "?";
}

const char* dead_letter_reason_name(DeadLetterReason reason) {
  switch (reason) {
    case DeadLetterReason::kAttemptsExhausted: return "attempts_exhausted";
    case DeadLetterReason::kRejectedByAnalyzer: return "rejected_by_analyzer";
    case DeadLetterReason::kShutdown: return "shutdown";
  }
  return "?";
}

namespace {

std::vector<double> weights_of(const DistributorConfig& config) {
  std::vector<double> weights;
  weights.reserve(config.analyzers.size());
  for (const auto& a : config.analyzers) weights.push_back(a.weight);
  return weights;
}

}  // namespace

Distributor::Distributor(const DistributorConfig& config, Runtime& runtime, std::uint64_t seed,
                         DistributorObserver* observer)
    : config_(config),
      runtime_(runtime),
      observer_(observer),
      picker_(make_picker(config.selection, weights_of(config), Rng::stream(seed, "distributor/picker"))),
      retry_(config, Rng::stream(seed, "distributor/retry")),
      health_(config, config.analyzers.size()),
      pool_(std::size_t{config.queue_capacity} + config.workers),
      queue_(std::min<std::size_t>(config.queue_capacity, 1 << 16)),
      ready_(config.workers) {
  LOGSIM_CHECK(!config_.analyzers.empty() && config_.analyzers.size() <= kMaxAnalyzers);
  LOGSIM_CHECK(config_.workers >= 1 && config_.max_attempts >= 1);
  stats_.analyzers.resize(config_.analyzers.size());
}

Distributor::~Distributor() = default;

void Distributor::start() { runtime_.arm_timer(config_.health_interval, TimerTag{TimerKind::kHealthTick, 0}); }

PacketSlot Distributor::offer(std::uint32_t bytes, std::uint64_t payload) {
  ++stats_.totals.offered;
  if (!accepting_ || queue_.size() >= config_.queue_capacity) {
    ++stats_.totals.rejected;
    return kNoSlot;
  }
  const PacketSlot slot = pool_.allocate();
  Packet& p = pool_[slot];
  p.id = next_packet_id_++;
  p.accepted_at = runtime_.now();
  p.bytes = bytes;
  p.payload = payload;
  p.state = PacketState::kQueued;
  queue_.push_back(slot);
  ++stats_.totals.accepted;
  const auto depth = static_cast<std::uint32_t>(queue_.size());
  stats_.queue_depth_max = std::max(stats_.queue_depth_max, depth);
  stats_.queue_depth_max_interval = std::max(stats_.queue_depth_max_interval, depth);
  dispatch();
  return slot;
}

int Distributor::choose(const Packet& packet) {
  const std::uint64_t healthy = health_.healthy_mask();
  if (healthy == 0) return -1;
  const std::uint64_t untried = healthy & ~packet.tried_mask;
  return static_cast<int>(picker_->pick(untried != 0 ? untried : healthy));
}

void Distributor::dispatch() {
  // A send never completes inside Runtime::send, but a health change seen
  // while dispatching could ask for another round: one loop suffices.
  if (dispatching_) return;
  dispatching_ = true;
  while (busy_workers_ < config_.workers && health_.healthy_mask() != 0) {
    PacketSlot slot;
    if (!ready_.empty()) {
      slot = ready_.pop_front();
    } else if (!queue_.empty()) {
      slot = queue_.pop_front();
      Packet& p = pool_[slot];
      p.dispatched_at = runtime_.now();
      stats_.queue_wait_sum_ns += p.dispatched_at - p.accepted_at;
      ++stats_.queue_wait_count;
      ++in_flight_;
    } else {
      break;
    }
    Packet& p = pool_[slot];
    p.holds_worker = true;
    ++busy_workers_;
    send_now(slot, static_cast<AnalyzerIndex>(choose(p)));
  }
  dispatching_ = false;
}

void Distributor::send_now(PacketSlot slot, AnalyzerIndex analyzer) {
  Packet& p = pool_[slot];
  LOGSIM_CHECK(p.holds_worker);
  // Observers see the packet as it was before this send (attempts made,
  // analyzers tried), so checks can judge the choice.
  if (observer_ != nullptr) observer_->on_send(slot, analyzer);
  ++p.attempts;
  if (p.attempts > 1) ++stats_.totals.retries;
  p.tried_mask |= std::uint64_t{1} << analyzer;
  p.last_analyzer = analyzer;
  p.state = PacketState::kSending;
  ++stats_.analyzers[analyzer].sent;
  runtime_.send(analyzer, slot, config_.request_timeout);
}

void Distributor::on_send_done(PacketSlot slot, SendOutcome outcome) {
  Packet& p = pool_[slot];
  LOGSIM_CHECK(p.state == PacketState::kSending);
  const AnalyzerIndex a = p.last_analyzer;
  p.last_outcome = outcome;
  if (outcome == SendOutcome::kOk) {
    ++stats_.analyzers[a].delivered;
  } else {
    ++stats_.analyzers[a].failed;
  }
  apply_health_change(a, health_.on_send_result(a, is_retryable(outcome)));

  if (outcome == SendOutcome::kOk) {
    ++stats_.totals.delivered;
    const TimeNs latency = runtime_.now() - p.accepted_at;
    stats_.latency.record(latency);
    stats_.latency_interval.record(latency);
    if (observer_ != nullptr) observer_->on_delivered(slot, p);
    release_worker(p);
    finish(slot);
  } else if (outcome == SendOutcome::kRejected) {
    dead_letter(slot, DeadLetterReason::kRejectedByAnalyzer);
  } else if (retry_.may_retry(p.attempts)) {
    p.state = PacketState::kBackoff;
    if (!config_.retry_holds_worker) release_worker(p);
    runtime_.arm_timer(retry_.delay_before_retry(p.attempts), TimerTag{TimerKind::kRetry, slot});
  } else {
    dead_letter(slot, DeadLetterReason::kAttemptsExhausted);
  }
  dispatch();
}

void Distributor::on_timer(TimerTag tag) {
  switch (tag.kind) {
    case TimerKind::kHealthTick:
      health_tick();
      return;
    case TimerKind::kRetry: {
      const PacketSlot slot = tag.id;
      Packet& p = pool_[slot];
      // A shutdown may have dead-lettered the packet during its backoff;
      // intake is closed by then, so the slot has not been reused.
      if (p.state != PacketState::kBackoff) return;
      if (p.holds_worker) {
        const int a = choose(p);
        if (a >= 0) {
          send_now(slot, static_cast<AnalyzerIndex>(a));
          return;
        }
        release_worker(p);
      }
      p.state = PacketState::kReady;
      ready_.push_back(slot);
      dispatch();
      return;
    }
  }
}

void Distributor::health_tick() {
  for (AnalyzerIndex a = 0; a < analyzer_count(); ++a) {
    if (health_.begin_probe(a)) runtime_.probe(a, config_.health_timeout);
  }
  runtime_.arm_timer(config_.health_interval, TimerTag{TimerKind::kHealthTick, 0});
}

void Distributor::on_probe_done(AnalyzerIndex analyzer, bool healthy) {
  apply_health_change(analyzer, health_.on_probe_result(analyzer, healthy));
}

void Distributor::apply_health_change(AnalyzerIndex analyzer, HealthChange change) {
  if (change == HealthChange::kNone) return;
  if (observer_ != nullptr) observer_->on_health_change(analyzer, change);
  if (change == HealthChange::kMarkedUp) dispatch();
}

void Distributor::release_worker(Packet& packet) {
  if (!packet.holds_worker) return;
  packet.holds_worker = false;
  LOGSIM_CHECK(busy_workers_ > 0);
  --busy_workers_;
}

void Distributor::finish(PacketSlot slot) {
  LOGSIM_CHECK(in_flight_ > 0);
  --in_flight_;
  pool_.release(slot);
}

void Distributor::dead_letter(PacketSlot slot, DeadLetterReason reason) {
  Packet& p = pool_[slot];
  ++stats_.totals.dead_lettered;
  if (observer_ != nullptr) observer_->on_dead_letter(slot, p, reason);
  release_worker(p);
  if (p.state == PacketState::kQueued) {
    pool_.release(slot);
  } else {
    finish(slot);
  }
}

void Distributor::dead_letter_waiting() {
  while (!queue_.empty()) dead_letter(queue_.pop_front(), DeadLetterReason::kShutdown);
  while (!ready_.empty()) dead_letter(ready_.pop_front(), DeadLetterReason::kShutdown);
  for (PacketSlot slot = 0; slot < pool_.capacity(); ++slot) {
    if (pool_[slot].state == PacketState::kBackoff) dead_letter(slot, DeadLetterReason::kShutdown);
  }
}

double Distributor::effective_weight(AnalyzerIndex a) const {
  if (!health_.healthy(a)) return 0.0;
  double total = 0;
  for (AnalyzerIndex i = 0; i < analyzer_count(); ++i) {
    if (health_.healthy(i)) total += config_.analyzers[i].weight;
  }
  return config_.analyzers[a].weight / total;
}

bool Distributor::accounting_holds() const {
  const Counters& c = stats_.totals;
  return c.offered == c.accepted + c.rejected &&
         c.accepted == c.delivered + c.dead_lettered + queue_.size() + in_flight_ &&
         queue_.size() <= config_.queue_capacity && busy_workers_ <= config_.workers &&
         pool_.live() == queue_.size() + in_flight_;
}

}  // namespace logsim

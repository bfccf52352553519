#include "core/live/agent.h"

#include <csignal>
#include <filesystem>

#include "core/check.h"
#include "core/live/http_message.h"
#include "core/live/live_log.h"
#include "sim/csv_output.h"

namespace logsim {
namespace {

// Sends per timer callback at most: a burst of many thousand arrivals due at
// once must not starve the loop of reading answers.
constexpr int kMaxSendsPerTick = 2000;

}  // namespace

struct AgentCallbacks {
  static Agent* of(void* handle) { return static_cast<Agent*>(static_cast<uv_handle_t*>(handle)->data); }
  static void on_pace(uv_timer_t* t) noexcept { of(t)->pace(); }
  static void on_sample(uv_timer_t* t) noexcept { of(t)->sample_tick(); }
  static void on_stop(Agent* a) {
    a->sending_done_ = true;
    uv_ok(uv_timer_stop(&a->pace_timer_), "agent: pace timer stop");
    a->check_finished();
  }
  static void on_signal(uv_signal_t* s, int /*signum*/) noexcept { on_stop(of(s)); }
  static void on_wakeup(uv_async_t* w) noexcept {
    Agent* a = of(w);
    if (a->stop_requested_.load()) on_stop(a);
  }
};

int run_agent(const Scenario& scenario, const AgentOptions& options) {
  Agent agent(scenario, options);
  std::string error;
  const int rc = agent.start(&error);
  if (rc != 0) {
    std::fprintf(stderr, "logsim: %s\n", error.c_str());
    return rc;
  }
  return agent.run();
}

Agent::Agent(const Scenario& scenario, const AgentOptions& options) : scenario_(scenario), options_(options) {}

Agent::~Agent() {
  if (loop_open_) {
    close_handles();
    // Runs the close callbacks; uv_loop_close below reports anything left.
    (void)uv_run(&loop_, UV_RUN_DEFAULT);
    uv_ok(uv_loop_close(&loop_), "agent: loop close");
  }
  if (csv_ != nullptr) std::fclose(csv_);
}

int Agent::start(std::string* error) {
  std::signal(SIGPIPE, SIG_IGN);
  Endpoint target;
  if (!parse_http_url(options_.target, &target, error)) {
    *error = "--target " + *error;
    return 2;
  }
  // A target with a path names the ingest route itself.
  path_ = target.path_prefix.empty() ? scenario_.live.ingest_path : target.path_prefix;
  target.path_prefix.clear();
  headers_ = "Content-Type: text/plain\r\n";
  const std::string& token = options_.auth_token.empty() ? scenario_.live.auth_token : options_.auth_token;
  if (!token.empty()) headers_ += "Authorization: Bearer " + token + "\r\n";

  const std::string dir = options_.out_dir.empty() ? "results/" + scenario_.name : options_.out_dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  csv_path_ = dir + "/agent.csv";
  csv_ = std::fopen(csv_path_.c_str(), "w");
  if (csv_ == nullptr) {
    *error = "cannot write " + csv_path_;
    return 3;
  }
  std::fputs("time_s,sent,accepted_202,rejected_503,errors,latency_p50_ms,latency_p99_ms\n", csv_);

  for (const TrafficSource& source : scenario_.traffic) sources_.emplace_back(source, scenario_.seed, scenario_.duration);
  next_.resize(sources_.size());
  has_next_.resize(sources_.size());
  for (std::size_t i = 0; i < sources_.size(); ++i) has_next_[i] = sources_[i].next(&next_[i]);

  int rc = uv_loop_init(&loop_);
  if (rc != 0) {
    *error = std::string("cannot start the event loop: ") + uv_strerror(rc);
    return 3;
  }
  loop_open_ = true;
  client_ = std::make_unique<HttpClient>(&loop_, target, options_.max_connections,
                                         static_cast<HttpClientListener&>(*this));
  for (uv_timer_t* t : {&pace_timer_, &sample_timer_}) {
    if (!uv_ok(uv_timer_init(&loop_, t), "agent: timer init")) {
      *error = "cannot create timers";
      return 3;
    }
    t->data = this;
    handles_.push_back(reinterpret_cast<uv_handle_t*>(t));
  }
  if (!wakeup_.open(&loop_, AgentCallbacks::on_wakeup, this, error)) return 3;
  if (options_.handle_signals) {
    for (auto [handle, signum] : {std::pair{&sigint_, SIGINT}, std::pair{&sigterm_, SIGTERM}}) {
      if (!uv_ok(uv_signal_init(&loop_, handle), "agent: signal init")) return 3;
      handle->data = this;
      handles_.push_back(reinterpret_cast<uv_handle_t*>(handle));
      if (!uv_ok(uv_signal_start(handle, AgentCallbacks::on_signal, signum), "agent: signal start")) return 3;
    }
  }
  return 0;
}

int Agent::run() {
  LOGSIM_CHECK(loop_open_);
  start_ns_ = options_.start_hrtime != 0 ? options_.start_hrtime : uv_hrtime();
  if (!options_.quiet) {
    std::fprintf(stderr, "logsim: agent replaying %s (%zu traffic sources, %ss) to %s%s\n", scenario_.name.c_str(),
                 sources_.size(), format_seconds(scenario_.duration).c_str(), client_->endpoint().host_header.c_str(),
                 path_.c_str());
  }
  uv_update_time(&loop_);
  uv_ok(uv_timer_start(&pace_timer_, AgentCallbacks::on_pace, 0, 0), "agent: pace timer");
  // The first row is due one interval after t = 0, which a shared start
  // time may put slightly in the past.
  const TimeNs first_row_wait = std::max<TimeNs>(0, std::max<TimeNs>(scenario_.sample_interval, kNsPerMs) - now());
  uv_ok(uv_timer_start(&sample_timer_, AgentCallbacks::on_sample, static_cast<std::uint64_t>(first_row_wait / kNsPerMs),
                       0),
        "agent: sample timer");
  if (stop_requested_.load()) AgentCallbacks::on_stop(this);
  // Returns once every handle is closed (non-zero only after uv_stop, which
  // nothing calls).
  (void)uv_run(&loop_, UV_RUN_DEFAULT);
  if (!options_.quiet) {
    const double offered = static_cast<double>(totals_.sent);
    std::printf("agent: sent %llu  accepted %llu  rejected %llu (%.2f %%)  errors %llu  latency p50 %s ms  p99 %s ms\n",
                static_cast<unsigned long long>(totals_.sent), static_cast<unsigned long long>(totals_.accepted),
                static_cast<unsigned long long>(totals_.rejected),
                offered > 0 ? 100.0 * static_cast<double>(totals_.rejected) / offered : 0.0,
                static_cast<unsigned long long>(totals_.errors), format_ms(totals_.latency.percentile(0.5)).c_str(),
                format_ms(totals_.latency.percentile(0.99)).c_str());
    std::printf("agent: per-interval figures in %s\n", csv_path_.c_str());
    std::fflush(stdout);
  }
  return 0;
}

void Agent::stop() {
  stop_requested_.store(true);
  wakeup_.send();
}

TimeNs Agent::now() const { return static_cast<TimeNs>(uv_hrtime() - start_ns_); }

void Agent::pace() {
  if (sending_done_) return;
  const TimeNs t = now();
  for (int sent = 0; sent < kMaxSendsPerTick; ++sent) {
    std::size_t best = sources_.size();
    for (std::size_t i = 0; i < sources_.size(); ++i) {
      if (has_next_[i] && (best == sources_.size() || next_[i].time < next_[best].time)) best = i;
    }
    if (best == sources_.size()) {
      sending_done_ = true;
      check_finished();
      return;
    }
    if (next_[best].time > t) {
      const auto wait_ms = static_cast<std::uint64_t>((next_[best].time - t + kNsPerMs - 1) / kNsPerMs);
      uv_ok(uv_timer_start(&pace_timer_, AgentCallbacks::on_pace, wait_ms, 0), "agent: pace timer");
      return;
    }
    send(next_[best]);
    has_next_[best] = sources_[best].next(&next_[best]);
  }
  uv_ok(uv_timer_start(&pace_timer_, AgentCallbacks::on_pace, 0, 0), "agent: pace timer");
}

void Agent::send(const Arrival& arrival) {
  std::uint32_t tag;
  if (!free_tags_.empty()) {
    tag = free_tags_.back();
    free_tags_.pop_back();
  } else {
    tag = static_cast<std::uint32_t>(scheduled_.size());
    scheduled_.push_back(0);
  }
  scheduled_[tag] = arrival.time;
  // A recognisable, exactly sized body: "seq=N " and filler.
  body_.assign("seq=");
  append_decimal(&body_, ++sequence_);
  body_.push_back(' ');
  body_.resize(arrival.bytes, 'x');
  ++totals_.sent;
  ++interval_.sent;
  client_->request(tag, "POST", path_, headers_, body_, options_.request_timeout);
}

void Agent::on_http_done(std::uint64_t tag, const HttpClientResult& result) {
  const TimeNs latency = std::max<TimeNs>(0, now() - scheduled_[tag]);
  free_tags_.push_back(static_cast<std::uint32_t>(tag));
  for (AgentTotals* t : {&totals_, &interval_}) {
    if (result.status == 202) {
      ++t->accepted;
    } else if (result.status == 503) {
      ++t->rejected;
      if (t->first_rejected_at < 0 || scheduled_[tag] < t->first_rejected_at) t->first_rejected_at = scheduled_[tag];
    } else {
      ++t->errors;
    }
    if (result.status != 0) t->latency.record(latency);
  }
  check_finished();
}

void Agent::sample_tick() {
  if (finished_) return;
  const TimeNs interval = std::max<TimeNs>(scenario_.sample_interval, kNsPerMs);
  ++samples_;
  write_row(static_cast<TimeNs>(samples_) * interval);
  const TimeNs wait = std::max<TimeNs>(0, static_cast<TimeNs>(samples_ + 1) * interval - now());
  uv_ok(uv_timer_start(&sample_timer_, AgentCallbacks::on_sample, static_cast<std::uint64_t>(wait / kNsPerMs), 0),
        "agent: sample timer");
}

void Agent::write_row(TimeNs time) {
  const LatencyHistogram& h = interval_.latency;
  std::string row = format_seconds(time) + "," + std::to_string(interval_.sent) + "," +
                    std::to_string(interval_.accepted) + "," + std::to_string(interval_.rejected) + "," +
                    std::to_string(interval_.errors) + ",";
  if (h.count() > 0) row += format_ms(h.percentile(0.50)) + "," + format_ms(h.percentile(0.99));
  else row += ",";
  row += "\n";
  std::fputs(row.c_str(), csv_);
  std::fflush(csv_);
  interval_.sent = interval_.accepted = interval_.rejected = interval_.errors = 0;
  interval_.latency.clear();
}

void Agent::check_finished() {
  if (finished_ || !sending_done_ || client_->outstanding() > 0) return;
  finished_ = true;
  if (interval_.sent + interval_.accepted + interval_.rejected + interval_.errors > 0) {
    // The last, partial interval: its end in whole milliseconds, after the
    // last full interval.
    const TimeNs interval = std::max<TimeNs>(scenario_.sample_interval, kNsPerMs);
    const TimeNs end = (now() + kNsPerMs - 1) / kNsPerMs * kNsPerMs;
    write_row(std::max(end, static_cast<TimeNs>(samples_) * interval + kNsPerMs));
  }
  std::fclose(csv_);
  csv_ = nullptr;
  close_handles();
}

void Agent::close_handles() {
  if (client_) client_->close();
  for (uv_handle_t* h : handles_) {
    if (!uv_is_closing(h)) uv_close(h, nullptr);
  }
  wakeup_.close();
}

}  // namespace logsim

#include "core/live/live_app.h"

#include <http_parser.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/check.h"
#include "core/live/live_log.h"

namespace logsim {
namespace {

// Live times in output files are rounded to the millisecond: finer digits
// would be scheduling noise, and whole milliseconds read like scenario mode.
TimeNs to_whole_ms(TimeNs t) { return (t + kNsPerMs / 2) / kNsPerMs * kNsPerMs; }

}  // namespace

struct LiveAppCallbacks {
  static LiveApp* of(uv_handle_t* h) { return static_cast<LiveApp*>(h->data); }
  static void on_sample(uv_timer_t* t) noexcept { of(reinterpret_cast<uv_handle_t*>(t))->sample_tick(); }
  static void on_grace(uv_timer_t* t) noexcept {
    LiveApp* app = of(reinterpret_cast<uv_handle_t*>(t));
    if (app->phase_ == LiveApp::Phase::kDraining) {
      if (!app->options_.quiet) live_log("shutdown grace over: dead-lettering what is still waiting");
      app->begin_finalizing();
    }
  }
  static void on_signal(uv_signal_t* s, int signum) noexcept {
    of(reinterpret_cast<uv_handle_t*>(s))->begin_shutdown(signum == SIGINT ? "SIGINT" : "SIGTERM");
  }
  static void on_wakeup(uv_async_t* a) noexcept {
    LiveApp* app = of(reinterpret_cast<uv_handle_t*>(a));
    const int requested = app->shutdown_requests_.load();
    while (app->shutdown_seen_ < requested) {
      ++app->shutdown_seen_;
      app->begin_shutdown("shutdown requested");
    }
  }
};

int run_live(const Scenario& scenario, const LiveOptions& options) {
  LiveApp app(scenario, options);
  std::string error;
  const int rc = app.start(&error);
  if (rc != kExitOk) {
    std::fprintf(stderr, "logsim: %s\n", error.c_str());
    return rc;
  }
  return app.run();
}

LiveApp::LiveApp(const Scenario& scenario, const LiveOptions& options) : scenario_(scenario), options_(options) {
  out_dir_ = options_.out_dir.empty() ? "results/" + scenario_.name : options_.out_dir;
  bearer_ = "Bearer " + scenario_.live.auth_token;
}

LiveApp::~LiveApp() {
  if (!loop_open_) return;
  close_handles();
  // Runs the close callbacks, after which every handle's memory may go;
  // uv_loop_close below reports any handle left open.
  (void)uv_run(&loop_, UV_RUN_DEFAULT);
  uv_ok(uv_loop_close(&loop_), "live: loop close");
  if (trace_ != nullptr) std::fclose(trace_);
}

int LiveApp::start(std::string* error) {
  // A peer that closes early must cost a failed write, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  const LiveSettings& live = scenario_.live;
  Endpoint listen;
  if (!parse_listen_address(live.listen, &listen, error)) {
    *error = "live.listen " + *error;
    return kExitBadInput;
  }
  std::vector<Endpoint> analyzers;
  for (std::size_t i = 0; i < scenario_.distributor.analyzers.size(); ++i) {
    const AnalyzerConfig& a = scenario_.distributor.analyzers[i];
    Endpoint e;
    if (a.url.empty()) {
      *error = "analyzer[" + std::to_string(i) + "] (" + a.name + ") needs a url in live mode";
      return kExitBadInput;
    }
    if (!parse_http_url(a.url, &e, error)) {
      *error = "analyzer[" + std::to_string(i) + "].url " + *error;
      return kExitBadInput;
    }
    analyzers.push_back(std::move(e));
  }
  if (analyzers.empty()) {
    *error = "live mode needs at least one [[analyzer]]";
    return kExitBadInput;
  }

  int rc = uv_loop_init(&loop_);
  if (rc != 0) {
    *error = std::string("cannot start the event loop: ") + uv_strerror(rc);
    return kExitRuntimeFailure;
  }
  loop_open_ = true;

  if (!dead_letters_.open(live.dead_letter, error)) return kExitRuntimeFailure;
  std::vector<std::string> names;
  for (const AnalyzerConfig& a : scenario_.distributor.analyzers) names.push_back(a.name);
  csv_ = std::make_unique<CsvOutput>(names, /*flush_each_interval=*/true);
  if (!csv_->open(out_dir_, error)) return kExitRuntimeFailure;
  if (!live.record_trace.empty()) {
    std::error_code ec;
    const std::filesystem::path p(live.record_trace);
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
    trace_ = std::fopen(live.record_trace.c_str(), "w");
    if (trace_ == nullptr) {
      *error = "cannot write live.record_trace " + live.record_trace;
      return kExitRuntimeFailure;
    }
    std::fputs("time_s,bytes\n", trace_);
  }

  LiveRuntimeSettings rs;
  rs.analyze_path = live.analyze_path;
  rs.health_path = live.health_path;
  rs.connections_per_analyzer = std::size_t{scenario_.distributor.workers} + 1;
  runtime_ = std::make_unique<LiveRuntime>(&loop_, analyzers, rs, bodies_, static_cast<LiveRuntimeHooks*>(this));
  distributor_ = std::make_unique<Distributor>(scenario_.distributor, *runtime_, scenario_.seed,
                                               static_cast<DistributorObserver*>(this));
  runtime_->attach(distributor_.get());

  HttpServerLimits limits;
  limits.max_body_bytes = live.max_body_bytes;
  limits.max_connections = live.max_connections;
  limits.header_timeout = live.header_timeout;
  limits.idle_timeout = live.idle_timeout;
  server_ = std::make_unique<HttpServer>(&loop_, limits, static_cast<HttpHandler&>(*this));
  if (!server_->listen(listen, error)) return kExitRuntimeFailure;

  auto add = [&](uv_handle_t* h, int init_rc, const char* what) {
    if (init_rc != 0) {
      *error = std::string(what) + ": " + uv_strerror(init_rc);
      return false;
    }
    h->data = this;
    handles_.push_back(h);
    return true;
  };
  if (!add(reinterpret_cast<uv_handle_t*>(&sample_timer_), uv_timer_init(&loop_, &sample_timer_), "sample timer") ||
      !add(reinterpret_cast<uv_handle_t*>(&grace_timer_), uv_timer_init(&loop_, &grace_timer_), "grace timer")) {
    return kExitRuntimeFailure;
  }
  if (!wakeup_.open(&loop_, LiveAppCallbacks::on_wakeup, this, error)) return kExitRuntimeFailure;
  if (options_.handle_signals) {
    if (!add(reinterpret_cast<uv_handle_t*>(&sigint_), uv_signal_init(&loop_, &sigint_), "SIGINT handler") ||
        !add(reinterpret_cast<uv_handle_t*>(&sigterm_), uv_signal_init(&loop_, &sigterm_), "SIGTERM handler")) {
      return kExitRuntimeFailure;
    }
    if (!uv_ok(uv_signal_start(&sigint_, LiveAppCallbacks::on_signal, SIGINT), "live: SIGINT") ||
        !uv_ok(uv_signal_start(&sigterm_, LiveAppCallbacks::on_signal, SIGTERM), "live: SIGTERM")) {
      *error = "cannot install the SIGINT/SIGTERM handlers";
      return kExitRuntimeFailure;
    }
  }

  sampler_ = std::make_unique<Sampler>(*distributor_, distributor_->mutable_stats(), *csv_);
  // The loop's clock stands where uv_loop_init left it, before the files
  // above were opened; timers armed from it (the first health check, the
  // first sample) would fire early by that much.
  uv_update_time(&loop_);
  distributor_->start();
  arm_sample_timer();
  if (!options_.quiet) {
    std::fprintf(stderr, "logsim: live %s listening on http://%s:%d%s (%zu analyzers, seed %llu), writing %s/\n",
                 scenario_.name.c_str(), listen.host.c_str(), server_->port(), live.ingest_path.c_str(),
                 analyzers.size(), static_cast<unsigned long long>(scenario_.seed), out_dir_.c_str());
  }
  // A shutdown requested before the loop existed is honoured now.
  if (shutdown_requests_.load() > 0) wakeup_.send();
  return kExitOk;
}

int LiveApp::run() {
  LOGSIM_CHECK(loop_open_);
  // Returns once every handle is closed (non-zero only after uv_stop, which
  // nothing calls).
  (void)uv_run(&loop_, UV_RUN_DEFAULT);
  return phase_ == Phase::kStopped ? kExitOk : kExitRuntimeFailure;
}

void LiveApp::request_shutdown() {
  shutdown_requests_.fetch_add(1);
  wakeup_.send();
}

bool LiveApp::authorized(const HttpRequest& request) const {
  if (scenario_.live.auth_token.empty()) return true;
  const std::string* given = request.header("authorization");
  return given != nullptr && constant_time_equals(*given, bearer_);
}

void LiveApp::on_request(HttpRequest& request, const ResponseToken& token) {
  const LiveSettings& live = scenario_.live;
  const std::string& path = request.path;
  const bool is_ingest = path == live.ingest_path;
  const bool is_admin = path == "/stats" || path == "/metrics";
  if (!is_ingest && !is_admin && path != "/health") {
    server_->respond(token, 404, "text/plain", "not found\n");
    return;
  }
  const int wanted = is_ingest ? HTTP_POST : HTTP_GET;
  if (request.method != wanted) {
    server_->respond(token, 405, "text/plain", "method not allowed\n", is_ingest ? "Allow: POST\r\n" : "Allow: GET\r\n");
    return;
  }
  if ((is_ingest || is_admin) && !authorized(request)) {
    server_->respond(token, 401, "text/plain", "missing or wrong bearer token\n", "WWW-Authenticate: Bearer\r\n");
    return;
  }
  if (is_ingest) {
    ingest(request, token);
  } else if (path == "/stats") {
    server_->respond(token, 200, "application/json", render_stats_json(scenario_, *distributor_, runtime_->now()));
  } else if (path == "/metrics") {
    LiveExtraMetrics extra;
    extra.dead_letter_write_failures = dead_letters_.failed();
    extra.http_bad_requests = server_->counters().bad_requests;
    extra.http_connections = server_->connection_count();
    extra.accepting = distributor_->accepting();
    server_->respond(token, 200, "text/plain; version=0.0.4", render_prometheus(*distributor_, latency_, extra));
  } else if (phase_ == Phase::kRunning) {
    server_->respond(token, 200, "text/plain", "ok\n");
  } else {
    // Tells a load balancer in front to stop sending while this one drains.
    server_->respond(token, 503, "text/plain", "draining\n");
  }
}

void LiveApp::ingest(HttpRequest& request, const ResponseToken& token) {
  const auto bytes = static_cast<std::uint32_t>(std::min<std::size_t>(request.body.size(), UINT32_MAX));
  if (trace_ != nullptr) std::fprintf(trace_, "%s,%u\n", format_seconds(runtime_->now()).c_str(), bytes);
  // The body is stored before offer(): an accepted packet may be sent (and
  // its body read) inside offer().
  const std::uint64_t payload = bodies_.reserve();
  const std::string* content_type = request.header("content-type");
  bodies_.fill(payload, std::move(request.body), content_type != nullptr ? *content_type : std::string_view());
  const PacketSlot slot = distributor_->offer(bytes, payload);
  if (slot == kNoSlot) {
    bodies_.release(payload);
    server_->respond(token, 503, "application/json",
                     distributor_->accepting() ? "{\"status\":\"rejected\",\"reason\":\"queue_full\"}"
                                               : "{\"status\":\"rejected\",\"reason\":\"draining\"}",
                     "Retry-After: 1\r\n");
    return;
  }
  accepted_body_.assign("{\"status\":\"accepted\",\"id\":");
  append_decimal(&accepted_body_, distributor_->packet(slot).id);
  accepted_body_.push_back('}');
  server_->respond(token, 202, "application/json", accepted_body_);
}

void LiveApp::on_health_change(AnalyzerIndex analyzer, HealthChange change) {
  const std::string& name = scenario_.distributor.analyzers[analyzer].name;
  const char* detail = change == HealthChange::kMarkedDown ? "health probe failed"
                       : change == HealthChange::kMarkedUp ? "health probe answered"
                                                           : "consecutive failed sends";
  csv_->on_event(EventRow{to_whole_ms(runtime_->now()), health_change_name(change), name, detail});
  if (!options_.quiet) live_log("%s %s (%s)", name.c_str(), health_change_name(change), detail);
}

void LiveApp::on_delivered(PacketSlot /*slot*/, const Packet& packet) {
  latency_.record(runtime_->now() - packet.accepted_at);
  bodies_.release(packet.payload);
}

void LiveApp::on_dead_letter(PacketSlot /*slot*/, const Packet& packet, DeadLetterReason reason) {
  const StoredBody& body = bodies_.get(packet.payload);
  DeadLetterRecord r;
  r.time = to_whole_ms(runtime_->now());
  r.id = packet.id;
  r.attempts = packet.attempts;
  r.last_error = packet.attempts == 0 ? "none" : send_outcome_name(packet.last_outcome);
  for (AnalyzerIndex a = 0; a < scenario_.distributor.analyzers.size(); ++a) {
    if ((packet.tried_mask >> a & 1) != 0) r.analyzers_tried.push_back(scenario_.distributor.analyzers[a].name);
  }
  r.reason = dead_letter_reason_name(reason);
  r.content_type = body.content_type;
  r.body = body.body;
  dead_letters_.write(r);
  if (reason == DeadLetterReason::kShutdown) ++shutdown_dead_letters_;
  bodies_.release(packet.payload);
}

void LiveApp::after_core_event() {
  if (phase_ == Phase::kFinalizing) {
    // A send that failed just now went into backoff; nobody will retry it.
    distributor_->dead_letter_waiting();
  }
  check_drained();
}

void LiveApp::begin_shutdown(const char* why) {
  if (phase_ == Phase::kRunning) {
    phase_ = Phase::kDraining;
    distributor_->stop_accepting();
    if (!options_.quiet) {
      live_log("%s: draining %u queued and %llu in-flight packets (grace %ss); send again to stop at once", why,
               distributor_->queue_depth(), static_cast<unsigned long long>(distributor_->in_flight()),
               format_seconds(scenario_.live.shutdown_grace).c_str());
    }
    const auto grace_ms = static_cast<std::uint64_t>((scenario_.live.shutdown_grace + kNsPerMs - 1) / kNsPerMs);
    if (grace_ms == 0 || !uv_ok(uv_timer_start(&grace_timer_, LiveAppCallbacks::on_grace, grace_ms, 0),
                                "live: grace timer")) {
      begin_finalizing();
      return;
    }
    check_drained();
  } else if (phase_ == Phase::kDraining) {
    if (!options_.quiet) live_log("%s again: dead-lettering what is still waiting", why);
    begin_finalizing();
  }
}

void LiveApp::begin_finalizing() {
  phase_ = Phase::kFinalizing;
  uv_ok(uv_timer_stop(&grace_timer_), "live: grace timer stop");
  distributor_->dead_letter_waiting();
  if (distributor_->in_flight() > 0 && !options_.quiet) {
    live_log("waiting for %zu outstanding sends (at most request_timeout %ss)", runtime_->outstanding_sends(),
             format_seconds(scenario_.distributor.request_timeout).c_str());
  }
  check_drained();
}

void LiveApp::check_drained() {
  if (phase_ != Phase::kDraining && phase_ != Phase::kFinalizing) return;
  if (distributor_->queue_depth() == 0 && distributor_->in_flight() == 0) finish();
}

void LiveApp::finish() {
  phase_ = Phase::kStopped;
  const TimeNs now = runtime_->now();
  LOGSIM_CHECK(distributor_->accounting_holds());
  // The last, partial interval ends now (and after the last full one).
  const TimeNs interval = std::max<TimeNs>(scenario_.sample_interval, kNsPerMs);
  sampler_->sample(std::max(to_whole_ms(now), static_cast<TimeNs>(samples_) * interval + kNsPerMs));
  csv_->close();
  if (trace_ != nullptr) {
    std::fclose(trace_);
    trace_ = nullptr;
  }
  summary_ = summarize(scenario_.name, scenario_.seed, *distributor_);
  summary_.duration = now;
  summary_.end_time = now;
  summary_.drained = shutdown_dead_letters_ == 0;
  summary_.live = true;
  evaluate_expectations(scenario_.expect, &summary_);
  const std::string json_path = out_dir_ + "/summary.json";
  std::ofstream json(json_path);
  json << summary_to_json(summary_);
  if (!json) live_log("cannot write %s", json_path.c_str());
  if (!options_.quiet) {
    std::fputs(summary_to_text(summary_).c_str(), stdout);
    if (dead_letters_.written() > 0) {
      std::printf("  dead letters: %llu written to %s\n", static_cast<unsigned long long>(dead_letters_.written()),
                  dead_letters_.path().c_str());
    }
    std::fflush(stdout);
  }
  close_handles();
}

void LiveApp::arm_sample_timer() {
  // Samples are due at whole multiples of the interval since start, so the
  // timeline does not drift by the loop's lateness.
  const TimeNs interval = std::max<TimeNs>(scenario_.sample_interval, kNsPerMs);
  const TimeNs due = static_cast<TimeNs>(samples_ + 1) * interval;
  const TimeNs wait = std::max<TimeNs>(0, due - runtime_->now());
  uv_ok(uv_timer_start(&sample_timer_, LiveAppCallbacks::on_sample, static_cast<std::uint64_t>(wait / kNsPerMs), 0),
        "live: sample timer");
}

void LiveApp::sample_tick() {
  if (phase_ == Phase::kStopped) return;
  const TimeNs interval = std::max<TimeNs>(scenario_.sample_interval, kNsPerMs);
  ++samples_;
  sampler_->sample(static_cast<TimeNs>(samples_) * interval);
  if (trace_ != nullptr) std::fflush(trace_);
  arm_sample_timer();
}

void LiveApp::close_handles() {
  if (server_) server_->close();
  if (runtime_) runtime_->close();
  for (uv_handle_t* h : handles_) {
    if (!uv_is_closing(h)) uv_close(h, nullptr);
  }
  wakeup_.close();
}

}  // namespace logsim

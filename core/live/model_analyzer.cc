#include "core/live/model_analyzer.h"

#include <http_parser.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>

#include "core/check.h"
#include "core/live/live_log.h"
#include "sim/csv_output.h"

namespace logsim {
namespace {

// A request that arrives while the analyzer hangs is never answered; once
// its client has certainly given up (its timeout and this margin), the
// stand-in answers into the closed connection, which frees the socket. A
// long hang under load would otherwise pile up half-closed connections.
constexpr TimeNs kReleaseMargin = 1 * kNsPerSec;
// A recovery re-binds the port a crash released; should something else hold
// it for a moment, the stand-in tries again this often, this many times.
constexpr std::uint64_t kRelistenEveryMs = 20;
constexpr int kRelistenTries = 250;

const char* condition_name(AnalyzerCondition c) {
  switch (c) {
    case AnalyzerCondition::kNormal:
      return "normal";
    case AnalyzerCondition::kCrashed:
      return "crashed";
    case AnalyzerCondition::kHung:
      return "hung";
  }
  return "?";
}

const AnalyzerModel* find_model(const Scenario& scenario, const std::string& name) {
  for (const AnalyzerModel& m : scenario.analyzers) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string host_port(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Milliseconds to arm a libuv timer with so that it fires at `due` (a
// uv_hrtime() reading) on average. libuv counts a timer from the loop's
// clock, uv_now(), which stands at the (whole) millisecond the current loop
// iteration began; it fires on the first iteration whose clock has reached
// that due millisecond, a fraction of a millisecond past it on average.
// Counting down from the loop's clock and rounding down cancels both, so a
// latency distribution keeps its mean and not just its order (measured in
// docs/twin.md). Where libuv reads a coarse clock (kernels with HZ=1000),
// uv_now() lags and answers come up to a millisecond late.
std::uint64_t timer_ms_until(uv_loop_t* loop, std::uint64_t due) {
  const std::uint64_t loop_ns = uv_now(loop) * static_cast<std::uint64_t>(kNsPerMs);
  if (due <= loop_ns) return 0;
  return (due - loop_ns) / static_cast<std::uint64_t>(kNsPerMs);
}

// A JSON string literal (quotes, backslashes and control bytes escaped).
std::string json_text(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

}  // namespace

struct ModelAnalyzerCallbacks {
  static void on_answer(uv_timer_t* t) noexcept {
    auto* a = static_cast<ModelAnalyzer::Answer*>(t->data);
    a->owner->fire(a);
  }
  static void on_answer_closed(uv_handle_t* h) noexcept {
    --static_cast<ModelAnalyzer::Answer*>(h->data)->owner->open_answers_;
  }
  static void on_script(uv_timer_t* t) noexcept { static_cast<ModelAnalyzer*>(t->data)->apply_due_events(); }
  static void on_relisten(uv_timer_t* t) noexcept { static_cast<ModelAnalyzer*>(t->data)->retry_listen(); }
  static void on_wakeup(uv_async_t* a) noexcept {
    auto* s = static_cast<ModelAnalyzer*>(a->data);
    if (s->stop_requested_.load()) s->close_handles();
  }
  static void on_signal(uv_signal_t* h, int /*signum*/) noexcept {
    static_cast<ModelAnalyzer*>(h->data)->close_handles();
  }
};

std::uint64_t hrtime_at_unix_ms(std::int64_t unix_ms) {
  const std::int64_t now_unix_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const auto now_hr = static_cast<std::int64_t>(uv_hrtime());
  const std::int64_t at = now_hr + (unix_ms * kNsPerMs - now_unix_ns);
  return at > 0 ? static_cast<std::uint64_t>(at) : 1;
}

bool model_listen_address(const Scenario& scenario, const std::string& name, const std::string& listen,
                          std::string* address, std::string* error) {
  const AnalyzerModel* model = find_model(scenario, name);
  if (model == nullptr) {
    std::string names;
    for (const AnalyzerModel& m : scenario.analyzers) names += (names.empty() ? "" : ", ") + m.name;
    *error = "--name " + name + ": no such analyzer in " + scenario.path + " (it has " + names + ")";
    return false;
  }
  if (!listen.empty()) {
    *address = listen;
    return true;
  }
  if (model->url.empty()) {
    *error = "analyzer " + name + " has no url in " + scenario.path + ": give --listen HOST:PORT";
    return false;
  }
  Endpoint e;
  if (!parse_http_url(model->url, &e, error)) {
    *error = "analyzer " + name + " url " + *error;
    return false;
  }
  *address = host_port(e.host, e.port);
  return true;
}

int run_model_analyzer(const Scenario& scenario, const std::string& name, const ModelAnalyzerOptions& options) {
  ModelAnalyzer analyzer(scenario, name, options);
  std::string error;
  const int rc = analyzer.start(&error);
  if (rc != 0) {
    std::fprintf(stderr, "logsim: %s\n", error.c_str());
    return rc;
  }
  return analyzer.run();
}

ModelAnalyzer::ModelAnalyzer(const Scenario& scenario, std::string name, ModelAnalyzerOptions options)
    : scenario_(scenario), name_(std::move(name)), options_(std::move(options)) {
  start_hrtime_ = options_.start_hrtime;
}

ModelAnalyzer::~ModelAnalyzer() {
  if (!loop_open_) return;
  close_handles();
  // Runs the close callbacks; uv_loop_close below reports anything left.
  (void)uv_run(&loop_, UV_RUN_DEFAULT);
  uv_ok(uv_loop_close(&loop_), "model analyzer: loop close");
}

int ModelAnalyzer::start(std::string* error) {
  std::signal(SIGPIPE, SIG_IGN);
  std::string address;
  if (!model_listen_address(scenario_, name_, options_.listen, &address, error)) return 2;
  const AnalyzerModel* model = find_model(scenario_, name_);
  if (!parse_listen_address(address, &endpoint_, error)) {
    *error = "--listen " + *error;
    return 2;
  }
  model_ = std::make_unique<SimAnalyzer>(*model, scenario_.seed);

  // The engine's script (sim/engine.cc): scenario events and the automatic
  // recoveries of `for`, stably sorted by time; then this analyzer's part.
  std::vector<ScriptedEvent> all = scenario_.events;
  for (const ScriptedEvent& e : scenario_.events) {
    if (e.duration > 0 && e.action != EventAction::kRecover) {
      ScriptedEvent back = e;
      back.at = e.at + e.duration;
      back.action = EventAction::kRecover;
      back.duration = 0;
      all.push_back(back);
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const ScriptedEvent& x, const ScriptedEvent& y) { return x.at < y.at; });
  for (const ScriptedEvent& e : all) {
    if (e.analyzer == name_) script_.push_back(e);
  }

  int rc = uv_loop_init(&loop_);
  if (rc != 0) {
    *error = std::string("cannot start the event loop: ") + uv_strerror(rc);
    return 3;
  }
  loop_open_ = true;
  if (!open_listener(error)) return 3;
  for (uv_timer_t* t : {&script_timer_, &relisten_timer_}) {
    if (!uv_ok(uv_timer_init(&loop_, t), "model analyzer: timer init")) {
      *error = "cannot create timers";
      return 3;
    }
    t->data = this;
    handles_.push_back(reinterpret_cast<uv_handle_t*>(t));
  }
  if (!wakeup_.open(&loop_, ModelAnalyzerCallbacks::on_wakeup, this, error)) return 3;
  if (options_.handle_signals) {
    for (auto [handle, signum] : {std::pair{&sigint_, SIGINT}, std::pair{&sigterm_, SIGTERM}}) {
      if (!uv_ok(uv_signal_init(&loop_, handle), "model analyzer: signal init")) return 3;
      handle->data = this;
      handles_.push_back(reinterpret_cast<uv_handle_t*>(handle));
      if (!uv_ok(uv_signal_start(handle, ModelAnalyzerCallbacks::on_signal, signum), "model analyzer: signal start")) {
        return 3;
      }
    }
  }
  if (start_hrtime_ == 0) start_hrtime_ = uv_hrtime();
  if (!options_.quiet) {
    std::fprintf(stderr, "logsim: model analyzer %s of %s (seed %llu, %zu scripted events) on http://%s%s; t=0 %s\n",
                 name_.c_str(), scenario_.name.c_str(), static_cast<unsigned long long>(scenario_.seed), script_.size(),
                 host_port(endpoint_.host, port_).c_str(), scenario_.live.analyze_path.c_str(),
                 options_.start_hrtime != 0 ? "at the given start time" : "now");
  }
  if (stop_requested_.load()) close_handles();
  return 0;
}

bool ModelAnalyzer::open_listener(std::string* error) {
  HttpServerLimits limits;
  limits.max_body_bytes = 64 << 20;
  auto server = std::make_unique<HttpServer>(&loop_, limits, static_cast<HttpHandler&>(*this));
  const bool ok = server->listen(endpoint_, error);
  servers_.push_back(std::move(server));  // even a failed one: its handle closes asynchronously
  if (!ok) return false;
  listening_ = true;
  if (port_ == 0) {
    // Port 0 picked a free port; a recovery must come back on that one.
    port_ = servers_.back()->port();
    std::string ignored;
    Endpoint bound;
    if (parse_listen_address(host_port(endpoint_.host, port_), &bound, &ignored)) endpoint_ = bound;
  }
  return true;
}

void ModelAnalyzer::close_listener() {
  if (!listening_) return;
  listening_ = false;
  servers_.back()->close();
}

void ModelAnalyzer::retry_listen() {
  if (stopped_ || listening_ || model_->condition() == AnalyzerCondition::kCrashed) return;
  std::string error;
  if (open_listener(&error)) {
    listen_retries_ = 0;
    return;
  }
  if (++listen_retries_ >= kRelistenTries) {
    live_log("%s: %s; giving up (it stays unreachable)", name_.c_str(), error.c_str());
    return;
  }
  uv_ok(uv_timer_start(&relisten_timer_, ModelAnalyzerCallbacks::on_relisten, kRelistenEveryMs, 0),
        "model analyzer: relisten timer");
}

int ModelAnalyzer::run() {
  LOGSIM_CHECK(loop_open_);
  apply_due_events();
  // Returns once every handle is closed (non-zero only after uv_stop, which
  // nothing calls).
  (void)uv_run(&loop_, UV_RUN_DEFAULT);
  return 0;
}

void ModelAnalyzer::stop() {
  stop_requested_.store(true);
  wakeup_.send();
}

TimeNs ModelAnalyzer::now() const { return static_cast<TimeNs>(uv_hrtime()) - static_cast<TimeNs>(start_hrtime_); }

ModelAnalyzerCounts ModelAnalyzer::counts() const {
  std::lock_guard<std::mutex> lock(counts_mutex_);
  return counts_;
}

std::vector<AppliedEvent> ModelAnalyzer::applied_events() const {
  std::lock_guard<std::mutex> lock(counts_mutex_);
  return applied_;
}

void ModelAnalyzer::apply_due_events() {
  if (stopped_) return;
  while (next_event_ < script_.size() && script_[next_event_].at <= now()) apply(script_[next_event_++]);
  if (next_event_ < script_.size()) {
    // Rounded up: a scripted event never comes early (it would overtake a
    // health probe due at the same time, which the engine runs after it).
    const TimeNs wait = script_[next_event_].at - now();
    const auto ms = static_cast<std::uint64_t>((std::max<TimeNs>(wait, 0) + kNsPerMs - 1) / kNsPerMs);
    uv_ok(uv_timer_start(&script_timer_, ModelAnalyzerCallbacks::on_script, ms, 0), "model analyzer: script timer");
  }
}

void ModelAnalyzer::apply(const ScriptedEvent& e) {
  SimAnalyzer& a = *model_;
  const AnalyzerCondition before = a.condition();
  const std::string detail = a.apply(e);
  if (e.action == EventAction::kCrash) {
    waiting_.clear();
    a.reset_servers();
    in_service_ = 0;
    close_listener();
  }
  if (before == AnalyzerCondition::kCrashed && a.condition() != AnalyzerCondition::kCrashed) {
    listen_retries_ = 0;
    retry_listen();
  }
  const TimeNs at = (std::max<TimeNs>(now(), 0) + kNsPerMs / 2) / kNsPerMs * kNsPerMs;
  {
    std::lock_guard<std::mutex> lock(counts_mutex_);
    if (e.action == EventAction::kCrash) ++counts_.crashes;
    applied_.push_back(AppliedEvent{at, event_action_name(e.action), detail});
  }
  if (!options_.quiet) {
    live_log("%s: %s%s%s at t=%ss (scripted at %ss), now %s", name_.c_str(), event_action_name(e.action),
             detail.empty() ? "" : " ", detail.c_str(), format_seconds(at).c_str(), format_seconds(e.at).c_str(),
             condition_name(a.condition()));
  }
  // Work that queued while the analyzer hung resumes (sim/engine.cc does the same).
  if (e.action == EventAction::kRecover) pump_waiting();
}

void ModelAnalyzer::on_request(HttpRequest& request, const ResponseToken& token) {
  const std::string& path = request.path;
  const LiveSettings& live = scenario_.live;
  HttpServer& server = *servers_.back();
  if (path == live.analyze_path) {
    if (request.method != HTTP_POST) {
      server.respond(token, 405, "text/plain", "method not allowed\n", "Allow: POST\r\n");
      return;
    }
    {
      std::lock_guard<std::mutex> lock(counts_mutex_);
      ++counts_.received;
    }
    switch (model_->condition()) {
      case AnalyzerCondition::kCrashed:  // not listening; a request parsed in the same loop turn
      case AnalyzerCondition::kHung:
        hold(token, scenario_.distributor.request_timeout);
        return;
      case AnalyzerCondition::kNormal:
        break;
    }
    // Drawn for every send, as the engine does, so the stream does not
    // depend on outcomes or on capacity.
    const SimAnalyzer::Service service = model_->draw_service();
    const auto generation = static_cast<std::uint32_t>(servers_.size());
    if (model_->has_free_server()) {
      start_service(token, generation, service.latency, service.server_error);
    } else {
      waiting_.push_back(Waiting{token, generation, uv_hrtime(), service.latency, service.server_error});
    }
    return;
  }
  if (path == live.health_path) {
    if (request.method != HTTP_GET) {
      server.respond(token, 405, "text/plain", "method not allowed\n", "Allow: GET\r\n");
      return;
    }
    {
      std::lock_guard<std::mutex> lock(counts_mutex_);
      ++counts_.probes;
    }
    if (model_->condition() != AnalyzerCondition::kNormal) {
      hold(token, scenario_.distributor.health_timeout);
      return;
    }
    schedule(AnswerKind::kProbe, token, static_cast<std::uint32_t>(servers_.size()), model_->draw_probe_latency(),
             false);
    return;
  }
  if (path == "/stats") {
    const ModelAnalyzerCounts c = counts();
    std::string body = "{\"analyzer\":" + json_text(name_) + ",\"condition\":\"" + condition_name(model_->condition()) +
                       "\",\"received\":" + std::to_string(c.received) + ",\"ok\":" + std::to_string(c.ok) +
                       ",\"errors\":" + std::to_string(c.errors) + ",\"held\":" + std::to_string(c.held) +
                       ",\"expired\":" + std::to_string(c.expired) + ",\"probes\":" + std::to_string(c.probes) +
                       ",\"busy\":" + std::to_string(in_service_) + ",\"waiting\":" + std::to_string(waiting_.size()) +
                       "}\n";
    server.respond(token, 200, "application/json", body);
    return;
  }
  server.respond(token, 404, "text/plain", "not found\n");
}

void ModelAnalyzer::hold(const ResponseToken& token, TimeNs client_timeout) {
  {
    std::lock_guard<std::mutex> lock(counts_mutex_);
    ++counts_.held;
  }
  schedule(AnswerKind::kRelease, token, static_cast<std::uint32_t>(servers_.size()), client_timeout + kReleaseMargin,
           false);
}

void ModelAnalyzer::start_service(const ResponseToken& token, std::uint32_t generation, TimeNs latency, bool error) {
  model_->occupy();
  ++in_service_;
  schedule(AnswerKind::kService, token, generation, latency, error);
}

void ModelAnalyzer::schedule(AnswerKind kind, const ResponseToken& token, std::uint32_t generation, TimeNs delay,
                             bool error) {
  const AnswerInfo info{kind, token, generation, model_->epoch(), error};
  Answer* a;
  if (!free_answers_.empty()) {
    a = free_answers_.back();
    free_answers_.pop_back();
  } else {
    auto fresh = std::make_unique<Answer>();
    fresh->owner = this;
    fresh->timer.data = fresh.get();
    if (!uv_ok(uv_timer_init(&loop_, &fresh->timer), "model analyzer: timer init")) {
      // Out of resources: answering at once beats never answering.
      answer_now(info);
      return;
    }
    ++open_answers_;
    a = fresh.get();
    answers_.push_back(std::move(fresh));
  }
  a->info = info;
  const std::uint64_t due = uv_hrtime() + static_cast<std::uint64_t>(std::max<TimeNs>(delay, 0));
  if (!uv_ok(uv_timer_start(&a->timer, ModelAnalyzerCallbacks::on_answer, timer_ms_until(&loop_, due), 0),
             "model analyzer: timer start")) {
    free_answers_.push_back(a);
    answer_now(info);
  }
}

void ModelAnalyzer::fire(Answer* a) {
  free_answers_.push_back(a);
  answer_now(a->info);
}

void ModelAnalyzer::answer_now(const AnswerInfo& a) {
  if (stopped_) return;
  switch (a.kind) {
    case AnswerKind::kService: {
      // A crash since the service began already freed its server and
      // dropped its connection.
      if (a.crash_epoch != model_->epoch()) return;
      model_->release();
      --in_service_;
      {
        std::lock_guard<std::mutex> lock(counts_mutex_);
        ++(a.error ? counts_.errors : counts_.ok);
      }
      if (a.error) {
        respond(a.server_generation, a.token, 500, "{\"status\":\"error\"}");
      } else {
        respond(a.server_generation, a.token, 200, "{\"status\":\"ok\"}");
      }
      pump_waiting();
      return;
    }
    case AnswerKind::kProbe:
      respond(a.server_generation, a.token, 200, "ok\n");
      return;
    case AnswerKind::kRelease:
      respond(a.server_generation, a.token, 503, "hung\n");
      return;
  }
}

void ModelAnalyzer::pump_waiting() {
  const auto timeout = static_cast<std::uint64_t>(scenario_.distributor.request_timeout);
  while (model_->condition() == AnalyzerCondition::kNormal && !waiting_.empty() && model_->has_free_server()) {
    const Waiting w = waiting_.front();
    waiting_.pop_front();
    if (uv_hrtime() - w.arrived_hrtime >= timeout) {
      // Its client timed out while it waited (the engine skips it the same way).
      std::lock_guard<std::mutex> lock(counts_mutex_);
      ++counts_.expired;
      continue;
    }
    start_service(w.token, w.server_generation, w.latency, w.error);
  }
}

void ModelAnalyzer::respond(std::uint32_t generation, const ResponseToken& token, int status, const char* body) {
  // Tokens of a closed listener could name a connection of the new one.
  if (!listening_ || generation != servers_.size()) return;
  servers_.back()->respond(token, status, body[0] == '{' ? "application/json" : "text/plain", body);
}

void ModelAnalyzer::close_handles() {
  if (stopped_) return;
  stopped_ = true;
  close_listener();
  for (auto& a : answers_) {
    uv_close(reinterpret_cast<uv_handle_t*>(&a->timer), ModelAnalyzerCallbacks::on_answer_closed);
  }
  for (uv_handle_t* h : handles_) {
    if (!uv_is_closing(h)) uv_close(h, nullptr);
  }
  wakeup_.close();
}

}  // namespace logsim

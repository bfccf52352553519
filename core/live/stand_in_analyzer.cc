#include "core/live/stand_in_analyzer.h"

#include <fcntl.h>
#include <http_parser.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "core/check.h"
#include "core/live/live_log.h"

namespace logsim {

struct StandInCallbacks {
  static void on_delay(uv_timer_t* t) noexcept {
    auto* d = static_cast<StandInAnalyzer::Delay*>(t->data);
    StandInAnalyzer* owner = d->owner;
    owner->free_delays_.push_back(d);
    owner->answer(d->token, d->error, d->record_id);
  }
  static void on_delay_closed(uv_handle_t* h) noexcept {
    --static_cast<StandInAnalyzer::Delay*>(h->data)->owner->open_delays_;
  }
  static void on_wakeup(uv_async_t* a) noexcept {
    auto* s = static_cast<StandInAnalyzer*>(a->data);
    if (s->stop_requested_.load()) s->close_handles();
  }
  static void on_signal(uv_signal_t* h, int /*signum*/) noexcept {
    static_cast<StandInAnalyzer*>(h->data)->close_handles();
  }
};

int run_stand_in_analyzer(const StandInOptions& options) {
  StandInAnalyzer analyzer(options);
  std::string error;
  const int rc = analyzer.start(&error);
  if (rc != 0) {
    std::fprintf(stderr, "logsim: %s\n", error.c_str());
    return rc;
  }
  return analyzer.run();
}

StandInAnalyzer::StandInAnalyzer(const StandInOptions& options)
    : options_(options), rng_(Rng::stream(options.seed, "stand-in/" + options.listen)) {
  latency_ns_.store(options.latency);
  error_rate_.store(options.error_rate);
}

StandInAnalyzer::~StandInAnalyzer() {
  if (record_fd_ >= 0) ::close(record_fd_);
  if (!loop_open_) return;
  close_handles();
  // Runs the close callbacks; uv_loop_close below reports anything left.
  (void)uv_run(&loop_, UV_RUN_DEFAULT);
  uv_ok(uv_loop_close(&loop_), "stand-in: loop close");
}

int StandInAnalyzer::start(std::string* error) {
  std::signal(SIGPIPE, SIG_IGN);
  Endpoint listen;
  if (!parse_listen_address(options_.listen, &listen, error)) {
    *error = "--listen " + *error;
    return 2;
  }
  if (!options_.record_path.empty()) {
    record_fd_ = ::open(options_.record_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (record_fd_ < 0) {
      *error = "cannot open --record file " + options_.record_path + ": " + std::strerror(errno);
      return 3;
    }
  }
  int rc = uv_loop_init(&loop_);
  if (rc != 0) {
    *error = std::string("cannot start the event loop: ") + uv_strerror(rc);
    return 3;
  }
  loop_open_ = true;
  HttpServerLimits limits;
  limits.max_body_bytes = 64 << 20;
  server_ = std::make_unique<HttpServer>(&loop_, limits, static_cast<HttpHandler&>(*this));
  if (!server_->listen(listen, error)) return 3;
  port_ = server_->port();
  if (!wakeup_.open(&loop_, StandInCallbacks::on_wakeup, this, error)) return 3;
  if (options_.handle_signals) {
    for (auto [handle, signum] : {std::pair{&sigint_, SIGINT}, std::pair{&sigterm_, SIGTERM}}) {
      if (!uv_ok(uv_signal_init(&loop_, handle), "stand-in: signal init")) return 3;
      handle->data = this;
      handles_.push_back(reinterpret_cast<uv_handle_t*>(handle));
      if (!uv_ok(uv_signal_start(handle, StandInCallbacks::on_signal, signum), "stand-in: signal start")) return 3;
    }
  }
  if (!options_.quiet) {
    std::fprintf(stderr, "logsim: stand-in analyzer on http://%s:%d%s (latency %sms, error rate %g)\n",
                 listen.host.c_str(), port_, options_.analyze_path.c_str(),
                 std::to_string(to_ms(options_.latency)).c_str(), options_.error_rate);
  }
  if (stop_requested_.load()) close_handles();
  return 0;
}

int StandInAnalyzer::run() {
  LOGSIM_CHECK(loop_open_);
  // Returns once every handle is closed (non-zero only after uv_stop, which
  // nothing calls).
  (void)uv_run(&loop_, UV_RUN_DEFAULT);
  return 0;
}

void StandInAnalyzer::stop() {
  stop_requested_.store(true);
  wakeup_.send();
}

void StandInAnalyzer::on_request(HttpRequest& request, const ResponseToken& token) {
  const std::string& path = request.path;
  if (path == options_.analyze_path) {
    if (request.method != HTTP_POST) {
      server_->respond(token, 405, "text/plain", "method not allowed\n", "Allow: POST\r\n");
      return;
    }
    received_.fetch_add(1);
    bytes_ += request.body.size();
    if (options_.record_ids || options_.record_bodies) {
      std::lock_guard<std::mutex> lock(records_mutex_);
      if (options_.record_ids) {
        if (const std::string* id = request.header("x-logsim-packet-id")) {
          std::uint64_t value = 0;
          const auto r = std::from_chars(id->data(), id->data() + id->size(), value);
          if (r.ec == std::errc()) ids_.push_back(value);
        }
      }
      if (options_.record_bodies) {
        bodies_.push_back(std::move(request.body));
        const std::string* type = request.header("content-type");
        content_types_.push_back(type != nullptr ? *type : std::string());
      }
    }
    const bool error = rng_.next_double() < error_rate_.load();
    std::uint64_t record_id = 0;
    if (record_fd_ >= 0) {
      if (const std::string* id = request.header("x-logsim-packet-id")) {
        std::from_chars(id->data(), id->data() + id->size(), record_id);
      }
    }
    const TimeNs latency = latency_ns_.load();
    if (latency <= 0) {
      answer(token, error, record_id);
      return;
    }
    Delay* d;
    if (!free_delays_.empty()) {
      d = free_delays_.back();
      free_delays_.pop_back();
    } else {
      auto fresh = std::make_unique<Delay>();
      fresh->owner = this;
      fresh->timer.data = fresh.get();
      if (!uv_ok(uv_timer_init(&loop_, &fresh->timer), "stand-in: timer init")) {
        answer(token, true);
        return;
      }
      ++open_delays_;
      d = fresh.get();
      delays_.push_back(std::move(fresh));
    }
    d->token = token;
    d->error = error;
    d->record_id = record_id;
    const auto ms = static_cast<std::uint64_t>((latency + kNsPerMs - 1) / kNsPerMs);
    if (!uv_ok(uv_timer_start(&d->timer, StandInCallbacks::on_delay, ms, 0), "stand-in: timer start")) {
      free_delays_.push_back(d);
      answer(token, true);
    }
    return;
  }
  if (path == options_.health_path || path == "/stats" || path == "/received") {
    if (request.method != HTTP_GET) {
      server_->respond(token, 405, "text/plain", "method not allowed\n", "Allow: GET\r\n");
    } else if (path == options_.health_path) {
      if (healthy_.load()) {
        server_->respond(token, 200, "text/plain", "ok\n");
      } else {
        server_->respond(token, 503, "text/plain", "unhealthy\n");
      }
    } else if (path == "/stats") {
      std::string body = "{\"received\":" + std::to_string(received_.load()) +
                         ",\"ok\":" + std::to_string(ok_.load()) + ",\"errors\":" + std::to_string(errors_.load()) +
                         ",\"bytes\":" + std::to_string(bytes_) + "}\n";
      server_->respond(token, 200, "application/json", body);
    } else {
      std::string body;
      {
        std::lock_guard<std::mutex> lock(records_mutex_);
        for (std::uint64_t id : ids_) body += std::to_string(id) + "\n";
      }
      server_->respond(token, 200, "text/plain", body);
    }
    return;
  }
  server_->respond(token, 404, "text/plain", "not found\n");
}

void StandInAnalyzer::answer(const ResponseToken& token, bool error, std::uint64_t record_id) {
  if (stopped_) return;
  if (!error && record_id != 0) {
    // Written before the answer: whoever saw the 200 can find the line.
    char line[24];
    char* end = std::to_chars(line, line + 20, record_id).ptr;
    *end++ = '\n';
    ssize_t n;
    do {
      n = ::write(record_fd_, line, static_cast<std::size_t>(end - line));
    } while (n < 0 && errno == EINTR);
    if (n != end - line) {
      live_log("stand-in: cannot append to %s: %s", options_.record_path.c_str(), std::strerror(errno));
    }
  }
  if (error) {
    errors_.fetch_add(1);
    server_->respond(token, 500, "application/json", "{\"status\":\"error\"}");
  } else {
    ok_.fetch_add(1);
    server_->respond(token, 200, "application/json", "{\"status\":\"ok\"}");
  }
}

void StandInAnalyzer::close_handles() {
  if (stopped_) return;
  stopped_ = true;
  if (server_) server_->close();
  for (auto& d : delays_) uv_close(reinterpret_cast<uv_handle_t*>(&d->timer), StandInCallbacks::on_delay_closed);
  for (uv_handle_t* h : handles_) {
    if (!uv_is_closing(h)) uv_close(h, nullptr);
  }
  wakeup_.close();
}

std::vector<std::uint64_t> StandInAnalyzer::received_ids() const {
  std::lock_guard<std::mutex> lock(records_mutex_);
  return ids_;
}

std::vector<std::string> StandInAnalyzer::received_bodies() const {
  std::lock_guard<std::mutex> lock(records_mutex_);
  return bodies_;
}

std::vector<std::string> StandInAnalyzer::received_content_types() const {
  std::lock_guard<std::mutex> lock(records_mutex_);
  return content_types_;
}

}  // namespace logsim

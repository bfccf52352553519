// Helpers for the live-over-loopback tests: a blocking HTTP client on plain
// sockets (independent of the code under test), threads that run a live
// component's loop, and scenario builders. Timeouts here are failure guards
// only; no test asserts on elapsed wall time.
#pragma once

#include <arpa/inet.h>
#include <http_parser.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/live/live_app.h"
#include "core/live/stand_in_analyzer.h"
#include "sim/scenario.h"

namespace logsim::testing {

constexpr auto kGuard = std::chrono::seconds(20);

// Polls `condition` every few milliseconds; false if it never held.
inline bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds limit = kGuard) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

struct HttpReply {
  int status = 0;  // 0: no complete response (connection closed or timed out)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  bool keep_alive = true;

  std::string header(const std::string& lower_name) const {
    for (const auto& [k, v] : headers) {
      if (k == lower_name) return v;
    }
    return {};
  }
};

// One client connection on a blocking socket, with a receive timeout as the
// failure guard.
class TestConnection {
 public:
  explicit TestConnection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    http_parser_init(&parser_, HTTP_RESPONSE);
    parser_.data = this;
  }
  ~TestConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  bool connected() const { return connected_; }

  bool send_raw(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads one response (status 0 if the stream ends or times out first).
  HttpReply read_reply() {
    replies_done_ = 0;
    current_ = HttpReply{};
    while (true) {
      if (!buffered_.empty()) {
        const std::string input = std::move(buffered_);
        buffered_.clear();
        const std::size_t parsed = http_parser_execute(&parser_, &settings(), input.data(), input.size());
        if (HTTP_PARSER_ERRNO(&parser_) == HPE_PAUSED) {
          http_parser_pause(&parser_, 0);
          buffered_ = input.substr(parsed);
        } else if (HTTP_PARSER_ERRNO(&parser_) != HPE_OK) {
          return HttpReply{};
        }
        if (replies_done_ > 0) return current_;
      }
      char buf[16384];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        http_parser_execute(&parser_, &settings(), nullptr, 0);
        if (replies_done_ > 0) return current_;
        closed_ = true;
        return HttpReply{};
      }
      buffered_.append(buf, static_cast<std::size_t>(n));
    }
  }

  // True when the peer has closed the connection (reads EOF or reset).
  bool peer_closed() {
    if (closed_) return true;
    char c;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    closed_ = n <= 0;
    return closed_;
  }

  HttpReply request(const std::string& method, const std::string& path, const std::string& body = {},
                    const std::string& extra_headers = {}) {
    std::string r = method + " " + path + " HTTP/1.1\r\nHost: test\r\n" + extra_headers;
    if (!body.empty() || method == "POST") r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    r += "\r\n" + body;
    if (!send_raw(r)) return HttpReply{};
    return read_reply();
  }

 private:
  static int on_header_field(http_parser* p, const char* at, std::size_t n) {
    auto* self = static_cast<TestConnection*>(p->data);
    if (!self->in_field_) self->current_.headers.emplace_back();
    self->in_field_ = true;
    for (std::size_t i = 0; i < n; ++i) {
      self->current_.headers.back().first += static_cast<char>(std::tolower(static_cast<unsigned char>(at[i])));
    }
    return 0;
  }
  static int on_header_value(http_parser* p, const char* at, std::size_t n) {
    auto* self = static_cast<TestConnection*>(p->data);
    self->in_field_ = false;
    self->current_.headers.back().second.append(at, n);
    return 0;
  }
  static int on_body(http_parser* p, const char* at, std::size_t n) {
    static_cast<TestConnection*>(p->data)->current_.body.append(at, n);
    return 0;
  }
  static int on_complete(http_parser* p) {
    auto* self = static_cast<TestConnection*>(p->data);
    self->current_.status = p->status_code;
    self->current_.keep_alive = http_should_keep_alive(p) != 0;
    ++self->replies_done_;
    self->in_field_ = false;
    http_parser_pause(p, 1);
    return 0;
  }
  static const http_parser_settings& settings() {
    static const http_parser_settings s = [] {
      http_parser_settings v{};
      v.on_header_field = on_header_field;
      v.on_header_value = on_header_value;
      v.on_body = on_body;
      v.on_message_complete = on_complete;
      return v;
    }();
    return s;
  }

  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
  http_parser parser_{};
  std::string buffered_;
  HttpReply current_;
  int replies_done_ = 0;
  bool in_field_ = false;
};

inline HttpReply http_get(int port, const std::string& path, const std::string& headers = {}) {
  TestConnection c(port);
  return c.request("GET", path, {}, headers);
}

inline HttpReply http_post(int port, const std::string& path, const std::string& body,
                           const std::string& headers = {}) {
  TestConnection c(port);
  return c.request("POST", path, body, headers);
}

// A JSON number field of a flat or nested JSON text ("\"name\": 12").
inline long long json_number(const std::string& json, const std::string& name, std::size_t from = 0) {
  const std::string key = "\"" + name + "\":";
  auto at = json.find(key, from);
  if (at == std::string::npos) return -1;
  at += key.size();
  while (at < json.size() && json[at] == ' ') ++at;
  return std::atoll(json.c_str() + at);
}

// The part of /stats about one analyzer ("{"name": "a1", ...}").
inline std::string analyzer_json(const std::string& stats, const std::string& name) {
  const auto at = stats.find("\"name\": \"" + name + "\"");
  if (at == std::string::npos) return {};
  return stats.substr(at, stats.find('}', at) - at);
}

// A port that was free a moment ago (bound, read back, released).
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

inline std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("logsim-live-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A stand-in analyzer running its loop on its own thread.
class StandInThread {
 public:
  explicit StandInThread(StandInOptions options) {
    options.handle_signals = false;
    options.quiet = true;
    analyzer_ = std::make_unique<StandInAnalyzer>(options);
    std::string error;
    started_ = analyzer_->start(&error) == 0;
    if (started_) thread_ = std::thread([this] { analyzer_->run(); });
  }
  ~StandInThread() { stop(); }
  bool started() const { return started_; }
  int port() const { return analyzer_->port(); }
  StandInAnalyzer& analyzer() { return *analyzer_; }
  // Stops as a crash would: connections drop, nothing more is answered.
  void stop() {
    if (thread_.joinable()) {
      analyzer_->stop();
      thread_.join();
    }
  }

 private:
  std::unique_ptr<StandInAnalyzer> analyzer_;
  std::thread thread_;
  bool started_ = false;
};

inline StandInOptions stand_in_on(int port, TimeNs latency = 0) {
  StandInOptions o;
  o.listen = "127.0.0.1:" + std::to_string(port);
  o.latency = latency;
  o.record_bodies = true;
  return o;
}

// The live distributor running its loop on its own thread.
class LiveAppThread {
 public:
  LiveAppThread(const Scenario& scenario, LiveOptions options) {
    options.quiet = true;
    app_ = std::make_unique<LiveApp>(scenario, options);
    start_rc_ = app_->start(&error_);
    if (start_rc_ == kExitOk) thread_ = std::thread([this] { exit_code_ = app_->run(); });
  }
  ~LiveAppThread() { shutdown(); }
  int start_rc() const { return start_rc_; }
  const std::string& error() const { return error_; }
  int port() const { return app_->port(); }
  LiveApp& app() { return *app_; }
  // Requests the drain and waits for run() to return; the exit code.
  int shutdown() {
    if (thread_.joinable()) {
      app_->request_shutdown();
      thread_.join();
    }
    return exit_code_;
  }
  // Waits for run() to return on its own (after a signal).
  int join() {
    if (thread_.joinable()) thread_.join();
    return exit_code_;
  }

 private:
  std::unique_ptr<LiveApp> app_;
  std::thread thread_;
  int start_rc_ = -1;
  int exit_code_ = -1;
  std::string error_;
};

// A scenario for live tests: fast health checks and backoff so that tests
// stay short, analyzers at the given ports and weights.
inline Scenario live_scenario(const std::string& name, const std::vector<int>& ports,
                              const std::vector<double>& weights, const std::string& dir) {
  Scenario s;
  s.name = name;
  s.seed = 7;
  s.duration = 10 * kNsPerSec;
  s.sample_interval = 100 * kNsPerMs;
  DistributorConfig& d = s.distributor;
  d.queue_capacity = 1000;
  d.workers = 8;
  d.request_timeout = 2 * kNsPerSec;
  d.max_attempts = 3;
  d.backoff_base = 10 * kNsPerMs;
  d.backoff_max = 100 * kNsPerMs;
  d.health_interval = 100 * kNsPerMs;
  d.health_timeout = 500 * kNsPerMs;
  for (std::size_t i = 0; i < ports.size(); ++i) {
    AnalyzerConfig a;
    a.name = "a" + std::to_string(i + 1);
    a.weight = weights[i];
    a.url = "http://127.0.0.1:" + std::to_string(ports[i]);
    d.analyzers.push_back(a);
    AnalyzerModel m;
    m.name = a.name;
    m.weight = a.weight;
    m.url = a.url;
    s.analyzers.push_back(m);
  }
  s.live.listen = "127.0.0.1:0";
  s.live.dead_letter = dir + "/dead-letter.jsonl";
  s.live.shutdown_grace = 2 * kNsPerSec;
  return s;
}

inline LiveOptions live_options(const std::string& dir) {
  LiveOptions o;
  o.out_dir = dir + "/out";
  o.handle_signals = false;
  o.quiet = true;
  return o;
}

}  // namespace logsim::testing

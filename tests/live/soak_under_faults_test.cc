// The live distributor soaked under analyzer faults: `logsim --live` and
// stand-in analyzers (`logsim analyzer --record FILE`) run as separate
// processes; in-test clients offer steady load while a seeded schedule kills
// (SIGKILL, SIGTERM), freezes (SIGSTOP/SIGCONT) and restarts the analyzers.
// At the end, every packet the distributor accepted is in an analyzer's
// record file or in the dead-letter file (at-least-once), duplicates are
// counted and reported, and the distributor's resident memory stayed
// bounded. The CI run is short; bench/live_soak.sh runs the same test for as
// long as asked through the LOGSIM_SOAK_* variables below.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include "core/rng.h"
#include "tests/live/live_test_util.h"

extern char** environ;

namespace logsim {
namespace {

using namespace logsim::testing;
using Clock = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan's quarantine and shadow memory make RSS meaningless
#else
constexpr bool kSanitized = false;
#endif

double env_number(const char* name, double fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atof(v) : fallback;
}

std::string env_string(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

// Run settings: the CI defaults, or LOGSIM_SOAK_SECONDS, _SEED, _RATE,
// _ANALYZERS, _REPORT (a file that gets the numbers as key=value lines).
struct SoakSettings {
  double load_seconds = env_number("LOGSIM_SOAK_SECONDS", 12);
  std::uint64_t seed = static_cast<std::uint64_t>(env_number("LOGSIM_SOAK_SEED", 1));
  double rate = env_number("LOGSIM_SOAK_RATE", 400);  // packets/s offered
  int analyzers = static_cast<int>(env_number("LOGSIM_SOAK_ANALYZERS", 3));
  std::string report_path = env_string("LOGSIM_SOAK_REPORT");
};

// A child process started with posix_spawn, stdout and stderr appended to
// `log_path`.
pid_t spawn_process(const std::vector<std::string>& args, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits for `pid` to exit within `limit`; its exit status, or -1 (still
// running, or not a normal exit).
int wait_exit(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (r < 0 || Clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

// A loopback port below the kernel's ephemeral range (so no outgoing
// connection can hold it while its analyzer is down), free right now.
int stable_port(std::set<int>* taken) {
  int low = 32768;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> low;
  const int span = std::max(1000, low - 11000);
  const int first = 10000 + static_cast<int>(static_cast<long long>(::getpid()) * 7919 % span);
  for (int i = 0; i < span; ++i) {
    const int port = 10000 + (first - 10000 + i) % span;
    if (taken->count(port) != 0) continue;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    if (free) {
      taken->insert(port);
      return port;
    }
  }
  return 0;
}

long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

// One stand-in analyzer process and the faults done to it.
struct Analyzer {
  enum class State { kUp, kStopped, kDown };
  int port = 0;
  std::string record_path;
  std::string log_path;
  std::uint64_t seed = 1;
  pid_t pid = -1;
  State state = State::kDown;
  int starts = 0;

  void start() {
    pid = spawn_process(
        {LOGSIM_BINARY, "analyzer", "--listen", "127.0.0.1:" + std::to_string(port), "--latency", "5ms", "--error-rate",
         "0.02", "--seed", std::to_string(seed + starts), "--record", record_path, "--quiet"},
        log_path);
    state = pid > 0 ? State::kUp : State::kDown;
    ++starts;
  }
  // Sends `signum`. After SIGKILL or SIGTERM waits for the exit and returns
  // the exit code (-1 when killed by a signal): 0 after SIGTERM, or, in the
  // ASan build, non-zero if LeakSanitizer found a leak at exit.
  int signal(int signum) {
    if (pid > 0) ::kill(pid, signum);
    if (signum == SIGSTOP) state = State::kStopped;
    if (signum == SIGCONT) state = State::kUp;
    int code = 0;
    if (signum == SIGKILL || signum == SIGTERM) {
      code = wait_exit(pid, std::chrono::seconds(10));
      if (code == -1 && signum == SIGTERM) {
        ::kill(pid, SIGKILL);
        wait_exit(pid, std::chrono::seconds(10));
      }
      pid = -1;
      state = State::kDown;
    }
    return code;
  }
  // A restarted analyzer that could not bind its port exits (code 3): it
  // counts as down, and a later step starts it again.
  void reap() {
    int status = 0;
    if (pid > 0 && state == State::kUp && ::waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      state = State::kDown;
    }
  }
};

std::string soak_config(const std::string& dir, const SoakSettings& settings, const std::vector<Analyzer>& analyzers) {
  std::string t = "[scenario]\nname = \"soak\"\nduration = \"1s\"\nseed = " + std::to_string(settings.seed) +
                  "\nsample_interval = \"500ms\"\n\n"
                  "[distributor]\nqueue_capacity = 2000\nworkers = 16\nrequest_timeout = \"300ms\"\n"
                  "max_attempts = 2\nbackoff_base = \"20ms\"\nbackoff_max = \"200ms\"\nretry_holds_worker = false\n"
                  "health_interval = \"100ms\"\nhealth_timeout = \"100ms\"\nunhealthy_after = 1\nhealthy_after = 2\n"
                  "eject_after_failures = 3\n\n";
  for (std::size_t i = 0; i < analyzers.size(); ++i) {
    t += "[[analyzer]]\nname = \"a" + std::to_string(i + 1) +
         "\"\nweight = 1\nurl = \"http://127.0.0.1:" + std::to_string(analyzers[i].port) + "\"\n\n";
  }
  t += "[live]\nlisten = \"127.0.0.1:0\"\ndead_letter = \"" + dir + "/dead-letter.jsonl\"\nshutdown_grace = \"10s\"\n";
  return t;
}

// The port `logsim --live` reports on stderr ("listening on http://H:P/").
int listening_port(const std::string& log_path) {
  for (const std::string& line : read_lines(log_path)) {
    const auto at = line.find("listening on http://127.0.0.1:");
    if (at != std::string::npos) return std::atoi(line.c_str() + at + 30);
  }
  return 0;
}

struct LoadTotals {
  std::uint64_t offered = 0;
  std::vector<std::uint64_t> accepted_ids;  // from each 202's body
  std::uint64_t rejected = 0;               // 503
  std::uint64_t errors = 0;                 // no answer or another status
};

// Steady load: `clients` threads on keep-alive connections, each sending
// its share of the packets at their due times.
class Load {
 public:
  Load(int port, double rate, double seconds, std::uint64_t seed, int clients = 4) {
    totals_.offered = static_cast<std::uint64_t>(rate * seconds);
    const auto start = Clock::now();
    for (int k = 0; k < clients; ++k) {
      threads_.emplace_back([=, this] { run(port, rate, seed, k, clients, start); });
    }
  }
  ~Load() { join(); }
  bool done() const { return finished_.load() == static_cast<int>(threads_.size()); }
  const LoadTotals& join() {
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    return totals_;
  }

 private:
  void run(int port, double rate, std::uint64_t seed, int k, int clients, Clock::time_point start) {
    Rng rng = Rng::stream(seed, "soak/client-" + std::to_string(k));
    auto c = std::make_unique<TestConnection>(port);
    std::vector<std::uint64_t> ids;
    std::uint64_t rejected = 0, errors = 0;
    for (auto seq = static_cast<std::uint64_t>(k); seq < totals_.offered; seq += static_cast<std::uint64_t>(clients)) {
      std::this_thread::sleep_until(start + std::chrono::microseconds(static_cast<long long>(1e6 * seq / rate)));
      std::string body = "soak seq=" + std::to_string(seq) + " ";
      body.resize(64 + rng.next_below(960), 'x');
      const HttpReply r = c->request("POST", "/ingest", body, "Content-Type: text/plain\r\n");
      if (r.status == 202) {
        ids.push_back(static_cast<std::uint64_t>(json_number(r.body, "id")));
      } else if (r.status == 503) {
        ++rejected;
      } else {
        ++errors;
        c = std::make_unique<TestConnection>(port);
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    totals_.accepted_ids.insert(totals_.accepted_ids.end(), ids.begin(), ids.end());
    totals_.rejected += rejected;
    totals_.errors += errors;
    finished_.fetch_add(1);
  }

  LoadTotals totals_;
  std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::atomic<int> finished_{0};
};

// Samples the distributor's VmRSS every 100 ms while it runs (for at most
// `limit` samples).
class RssSampler {
 public:
  RssSampler(pid_t pid, long limit)
      : thread_([this, pid, limit] {
          for (long i = 0; i < limit && !stop_.load(); ++i) {
            const long kb = rss_kb(pid);
            if (kb > 0) {
              std::lock_guard<std::mutex> lock(mutex_);
              samples_.push_back(kb);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
          }
        }) {}
  ~RssSampler() { stop(); }
  void stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  std::vector<long> samples() {
    std::lock_guard<std::mutex> lock(mutex_);
    return samples_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<long> samples_;
  std::thread thread_;
};

// How often each id appears in the analyzers' record files.
std::map<std::uint64_t, int> read_id_counts(const std::vector<std::string>& paths, std::uint64_t* lines) {
  std::map<std::uint64_t, int> counts;
  for (const std::string& p : paths) {
    for (const std::string& line : read_lines(p)) {
      ++counts[std::strtoull(line.c_str(), nullptr, 10)];
      ++*lines;
    }
  }
  return counts;
}

std::string read_file(const std::string& path) {
  std::stringstream s;
  s << std::ifstream(path).rdbuf();
  return s.str();
}

struct FaultCounts {
  int kills = 0;  // SIGKILL
  int terms = 0;  // SIGTERM: the stand-in drops its connections at once
  int stops = 0;  // SIGSTOP
  int continues = 0;
  int restarts = 0;
  int bad_exits = 0;  // a SIGTERM that did not end in exit code 0
};

// Until the load is done, every 100-500 ms: one analyzer drawn from the
// seed gets the next fault its state allows. The draws are the seed's; what
// they hit depends on timing.
FaultCounts run_fault_schedule(const Load& load, std::vector<Analyzer>& analyzers, std::uint64_t seed,
                               Clock::time_point guard) {
  FaultCounts f;
  Rng rng = Rng::stream(seed, "soak/faults");
  while (!load.done() && Clock::now() < guard) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng.next_below(400)));
    Analyzer& a = analyzers[rng.next_below(analyzers.size())];
    const double roll = rng.next_double();
    a.reap();
    switch (a.state) {
      case Analyzer::State::kUp:
        if (roll < 0.4) {
          a.signal(SIGKILL);
          ++f.kills;
        } else if (roll < 0.5) {
          if (a.signal(SIGTERM) != 0) ++f.bad_exits;
          ++f.terms;
        } else if (roll < 0.9) {
          a.signal(SIGSTOP);
          ++f.stops;
        }
        break;
      case Analyzer::State::kStopped:
        a.signal(SIGCONT);
        ++f.continues;
        break;
      case Analyzer::State::kDown:
        a.start();
        ++f.restarts;
        break;
    }
  }
  return f;
}

// Kills whatever still runs when the test ends early.
struct ProcessCleanup {
  std::vector<Analyzer>* analyzers;
  pid_t* distributor;
  ~ProcessCleanup() {
    for (Analyzer& a : *analyzers) {
      if (a.pid > 0) {
        ::kill(a.pid, SIGKILL);
        wait_exit(a.pid, std::chrono::seconds(10));
      }
    }
    if (*distributor > 0) {
      ::kill(*distributor, SIGKILL);
      wait_exit(*distributor, std::chrono::seconds(10));
    }
  }
};

// Steady load through the distributor while a seeded schedule kills,
// freezes and restarts its analyzers: nothing accepted is lost (each packet
// reached an analyzer or the dead-letter file), duplicates are counted, the
// distributor drains and exits 0, and its RSS stays bounded.
TEST(LiveSoak, EveryAcceptedPacketIsDeliveredOrDeadLetteredUnderFaults) {
  const SoakSettings settings;
  const std::string dir = temp_dir("soak");
  std::printf("[soak] seed %llu, %.0f s at %.0f packets/s, %d analyzers, files in %s\n",
              static_cast<unsigned long long>(settings.seed), settings.load_seconds, settings.rate, settings.analyzers,
              dir.c_str());
  std::fflush(stdout);
  std::set<int> ports;
  std::vector<Analyzer> analyzers(static_cast<std::size_t>(std::max(1, settings.analyzers)));
  std::vector<std::string> record_paths;
  pid_t distributor = -1;
  const ProcessCleanup cleanup{&analyzers, &distributor};
  for (std::size_t i = 0; i < analyzers.size(); ++i) {
    Analyzer& a = analyzers[i];
    a.port = stable_port(&ports);
    ASSERT_NE(a.port, 0);
    a.record_path = dir + "/received-a" + std::to_string(i + 1) + ".txt";
    a.log_path = dir + "/analyzer-a" + std::to_string(i + 1) + ".log";
    a.seed = settings.seed * 1000 + i * 100;
    a.start();
    ASSERT_GT(a.pid, 0);
    record_paths.push_back(a.record_path);
  }
  for (const Analyzer& a : analyzers) {
    ASSERT_TRUE(wait_until([&] { return http_get(a.port, "/health").status == 200; })) << read_file(a.log_path);
  }

  const std::string config = dir + "/soak.toml";
  std::ofstream(config) << soak_config(dir, settings, analyzers);
  const std::string log = dir + "/distributor.log";
  distributor = spawn_process({LOGSIM_BINARY, "--live", config, "--out", dir + "/out"}, log);
  ASSERT_GT(distributor, 0);
  int port = 0;
  ASSERT_TRUE(wait_until([&] { return (port = listening_port(log)) != 0; })) << read_file(log);
  RssSampler rss(distributor, 10 * (static_cast<long>(settings.load_seconds) + 300));

  FaultCounts faults;
  LoadTotals load;
  {
    Load l(port, settings.rate, settings.load_seconds, settings.seed);
    const auto guard = Clock::now() + std::chrono::seconds(static_cast<long long>(settings.load_seconds) + 60);
    faults = run_fault_schedule(l, analyzers, settings.seed, guard);
    load = l.join();
  }
  // Everything back up, so the distributor can drain.
  for (Analyzer& a : analyzers) {
    a.reap();
    if (a.state == Analyzer::State::kStopped) a.signal(SIGCONT);
    for (int attempt = 0; attempt < 50 && a.state == Analyzer::State::kDown; ++attempt) {
      a.start();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      a.reap();
    }
    EXPECT_EQ(a.state, Analyzer::State::kUp) << read_file(a.log_path);
  }
  EXPECT_TRUE(wait_until(
      [&] {
        const std::string stats = http_get(port, "/stats").body;
        return json_number(stats, "queued") == 0 && json_number(stats, "in_flight") == 0;
      },
      std::chrono::seconds(60)))
      << http_get(port, "/stats").body;

  ::kill(distributor, SIGTERM);
  const int exit_code = wait_exit(distributor, std::chrono::seconds(30));
  EXPECT_EQ(exit_code, 0) << read_file(log);
  if (exit_code != -1) distributor = -1;
  rss.stop();
  for (Analyzer& a : analyzers) {
    if (a.state != Analyzer::State::kDown && a.signal(SIGTERM) != 0) ++faults.bad_exits;
  }

  // What the distributor says it did ...
  const std::string summary = read_file(dir + "/out/summary.json");
  const long long accepted = json_number(summary, "accepted");
  const long long delivered = json_number(summary, "delivered");
  const long long dead_lettered = json_number(summary, "dead_lettered");
  const long long retries = json_number(summary, "retries");
  // ... and what the analyzers' records and the dead-letter file say.
  std::uint64_t record_lines = 0;
  const std::map<std::uint64_t, int> received = read_id_counts(record_paths, &record_lines);
  std::set<std::uint64_t> dead;
  std::uint64_t dead_lines = 0;
  for (const std::string& line : read_lines(dir + "/dead-letter.jsonl")) {
    dead.insert(static_cast<std::uint64_t>(json_number(line, "id")));
    ++dead_lines;
  }
  const std::set<std::uint64_t> accepted_ids(load.accepted_ids.begin(), load.accepted_ids.end());
  std::uint64_t lost = 0, delivered_and_dead = 0, unknown = 0;
  for (std::uint64_t id : accepted_ids) {
    const bool got = received.count(id) != 0;
    const bool dead_lettered_id = dead.count(id) != 0;
    if (!got && !dead_lettered_id && ++lost <= 10) {
      ADD_FAILURE() << "packet " << id << " was accepted but neither delivered nor dead-lettered";
    }
    if (got && dead_lettered_id) ++delivered_and_dead;
  }
  for (const auto& entry : received) unknown += accepted_ids.count(entry.first) == 0 ? 1 : 0;
  const std::uint64_t duplicates = record_lines - received.size();

  const std::vector<long> samples = rss.samples();
  ASSERT_FALSE(samples.empty());
  const long rss_min = *std::min_element(samples.begin(), samples.end());
  const long rss_max = *std::max_element(samples.begin(), samples.end());
  // The largest sample of the first and of the last fifth of the run.
  const auto fifth = static_cast<long>(std::max<std::size_t>(1, samples.size() / 5));
  const long rss_early = *std::max_element(samples.begin(), samples.begin() + fifth);
  const long rss_late = *std::max_element(samples.end() - fifth, samples.end());

  std::string report;
  auto add = [&](const char* key, long long value) { report += std::string(key) + "=" + std::to_string(value) + "\n"; };
  add("seed", static_cast<long long>(settings.seed));
  add("load_seconds", static_cast<long long>(settings.load_seconds));
  add("offered", static_cast<long long>(load.offered));
  add("accepted", accepted);
  add("rejected_503", static_cast<long long>(load.rejected));
  add("client_errors", static_cast<long long>(load.errors));
  add("delivered", delivered);
  add("dead_lettered", dead_lettered);
  add("retries", retries);
  add("sigkill", faults.kills);
  add("sigterm", faults.terms);
  add("sigstop", faults.stops);
  add("sigcont", faults.continues);
  add("restarts", faults.restarts);
  add("received_distinct", static_cast<long long>(received.size()));
  add("received_lines", static_cast<long long>(record_lines));
  add("duplicates", static_cast<long long>(duplicates));
  add("delivered_and_dead_lettered", static_cast<long long>(delivered_and_dead));
  add("lost", static_cast<long long>(lost));
  add("rss_samples", static_cast<long long>(samples.size()));
  add("rss_min_kb", rss_min);
  add("rss_max_kb", rss_max);
  add("rss_first_fifth_max_kb", rss_early);
  add("rss_last_fifth_max_kb", rss_late);
  std::printf("[soak] results:\n%s", report.c_str());
  std::fflush(stdout);
  if (!settings.report_path.empty()) std::ofstream(settings.report_path) << report;

  EXPECT_EQ(load.errors, 0u) << "every ingest request gets 202 or 503: the distributor is never faulted";
  EXPECT_EQ(faults.bad_exits, 0) << "a stand-in did not exit 0 on SIGTERM (see its log)";
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(unknown, 0u) << "an analyzer recorded an id no client was told was accepted";
  EXPECT_EQ(accepted_ids.size(), load.accepted_ids.size()) << "an id was handed out twice";
  EXPECT_EQ(accepted, static_cast<long long>(accepted_ids.size()));
  EXPECT_EQ(accepted, delivered + dead_lettered);
  EXPECT_EQ(dead_lettered, static_cast<long long>(dead_lines));
  EXPECT_EQ(dead.size(), dead_lines) << "a packet was dead-lettered twice";
  // The stand-in records before it answers 200, so each packet the
  // distributor counts as delivered has a record line.
  EXPECT_GE(static_cast<long long>(received.size()), delivered);
  // The schedule did what it is for.
  EXPECT_GT(faults.kills + faults.terms, 0);
  EXPECT_GT(faults.stops, 0);
  EXPECT_GT(retries, 0);
  if (!kSanitized) {
    // The distributor holds at most queue_capacity (2000) bodies of at most
    // 1 KiB, workers' packets and fixed pools: 64 MiB is far above what a
    // correct run needs. The last fifth of the run may not exceed the first
    // by more than 16 MiB: a leak of every packet (a body is ~0.5 KiB)
    // would, at this rate, within about a minute.
    EXPECT_LT(rss_max, 64 * 1024) << "distributor RSS in kB";
    EXPECT_LE(rss_late, rss_early + 16 * 1024) << "distributor RSS kept growing (kB)";
  }
}

}  // namespace
}  // namespace logsim

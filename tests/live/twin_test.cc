// The digital twin (docs/twin.md): model analyzers that behave as a
// scenario's analyzers in real time, record-and-replay of live arrivals,
// and short `logsim twin` runs whose live half must agree with the
// simulation. Timeouts and waits are failure guards only; no test asserts
// on elapsed wall time. The twin runs compare live and simulated figures
// with the stated tolerances widened (kCiScale), because CI shares two
// cores with other suites and may run under AddressSanitizer.
#include "core/live/twin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "core/live/agent.h"
#include "core/live/model_analyzer.h"
#include "sim/csv_reader.h"
#include "sim/engine.h"
#include "sim/report.h"
#include "sim/scenario_loader.h"
#include "sim/sim_analyzer.h"
#include "tests/live/live_test_util.h"

namespace logsim {
namespace {

using namespace logsim::testing;

constexpr double kCiScale = 3.0;

Scenario load_text(const std::string& text, const std::string& path = "twin-test.toml") {
  LoadResult r = load_scenario_text(text, path);
  std::string errors;
  for (const LoadError& e : r.errors) errors += e.to_string() + "\n";
  if (!r.ok()) throw std::runtime_error(errors);
  return *r.scenario;
}

// A model analyzer serving on its own thread.
class ModelThread {
 public:
  ModelThread(const Scenario& scenario, const std::string& name) {
    ModelAnalyzerOptions o;
    o.listen = "127.0.0.1:0";
    o.handle_signals = false;
    o.quiet = true;
    analyzer_ = std::make_unique<ModelAnalyzer>(scenario, name, o);
    rc_ = analyzer_->start(&error_);
    if (rc_ == 0) thread_ = std::thread([this] { analyzer_->run(); });
  }
  ~ModelThread() {
    if (thread_.joinable()) {
      analyzer_->stop();
      thread_.join();
    }
  }
  int rc() const { return rc_; }
  const std::string& error() const { return error_; }
  int port() const { return analyzer_->port(); }
  ModelAnalyzer& analyzer() { return *analyzer_; }

 private:
  std::unique_ptr<ModelAnalyzer> analyzer_;
  std::thread thread_;
  int rc_ = -1;
  std::string error_;
};

// A plain blocking socket connected to 127.0.0.1:port, or -1.
int connect_loopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

const char* kOneAnalyzer = R"(
[scenario]
name = "model"
duration = "10s"
seed = 11

[distributor]
request_timeout = "10s"
health_timeout = "10s"

[[analyzer]]
name = "solo"
latency = "0ms"
error_rate = 0.5

[[traffic]]
pattern = "constant"
rate = 1
)";

// The stand-in draws from the simulator's own analyzer model, seeded like
// scenario mode: the n-th request gets the n-th simulated draw.
TEST(ModelAnalyzer, AnswersWithTheSimulatorsDraws) {
  const Scenario s = load_text(kOneAnalyzer);
  ModelThread model(s, "solo");
  ASSERT_EQ(model.rc(), 0) << model.error();
  SimAnalyzer reference(s.analyzers[0], s.seed);
  TestConnection c(model.port());
  int errors = 0;
  for (int i = 0; i < 40; ++i) {
    const bool error = reference.draw_service().server_error;
    errors += error ? 1 : 0;
    EXPECT_EQ(c.request("POST", "/analyze", "x").status, error ? 500 : 200) << "request " << i;
  }
  EXPECT_GT(errors, 5);
  EXPECT_LT(errors, 35);
  // /health ignores the error rate (a gray failure only passive ejection sees).
  EXPECT_EQ(c.request("GET", "/health").status, 200);
  const std::string stats = c.request("GET", "/stats").body;
  EXPECT_EQ(json_number(stats, "received"), 40);
  EXPECT_EQ(json_number(stats, "errors"), errors);
}

// --name must name one of the scenario's analyzers (exit 2, listing them).
TEST(ModelAnalyzer, UnknownAnalyzerIsBadInput) {
  const Scenario s = load_text(kOneAnalyzer);
  ModelAnalyzerOptions o;
  o.listen = "127.0.0.1:0";
  o.quiet = true;
  o.handle_signals = false;
  ModelAnalyzer model(s, "nobody", o);
  std::string error;
  EXPECT_EQ(model.start(&error), 2);
  EXPECT_NE(error.find("solo"), std::string::npos) << error;
}

// crash closes the port (connections are refused), `for` brings it back on
// the same port, and the applied events are recorded.
TEST(ModelAnalyzer, CrashRefusesConnectionsUntilRecovery) {
  const Scenario s = load_text(std::string(kOneAnalyzer) + R"(
[[event]]
at = "0s"
analyzer = "solo"
action = "crash"
for = "300ms"
)");
  ModelThread model(s, "solo");
  ASSERT_EQ(model.rc(), 0) << model.error();
  ASSERT_TRUE(wait_until([&] { return model.analyzer().applied_events().size() >= 1; }));
  // Refused at least once while crashed, then serving again.
  bool refused = false;
  ASSERT_TRUE(wait_until([&] {
    TestConnection c(model.port());
    if (!c.connected()) {
      refused = true;
      return false;
    }
    return refused && c.request("GET", "/health").status == 200;
  }));
  const std::vector<AppliedEvent> applied = model.analyzer().applied_events();
  ASSERT_EQ(applied.size(), 2u);
  EXPECT_EQ(applied[0].kind, "crash");
  EXPECT_EQ(applied[1].kind, "recover");
  EXPECT_EQ(model.analyzer().counts().crashes, 1u);
}

// hang accepts and never answers (the request is held); errors = 1 answers
// 500 while /health stays 200.
TEST(ModelAnalyzer, HangHoldsAndErrorsFail) {
  const Scenario s = load_text(R"(
[scenario]
name = "model"
duration = "10s"

[distributor]
request_timeout = "30s"
health_timeout = "30s"

[[analyzer]]
name = "stuck"
latency = "1ms"

[[analyzer]]
name = "gray"
latency = "1ms"

[[traffic]]
pattern = "constant"
rate = 1

[[event]]
at = "0s"
analyzer = "stuck"
action = "hang"

[[event]]
at = "0s"
analyzer = "gray"
action = "errors"
rate = 1.0
)");
  ModelThread stuck(s, "stuck");
  ModelThread gray(s, "gray");
  ASSERT_EQ(stuck.rc(), 0) << stuck.error();
  ASSERT_EQ(gray.rc(), 0) << gray.error();

  const int held = connect_loopback(stuck.port());
  ASSERT_GE(held, 0);
  const std::string request = "POST /analyze HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx";
  ASSERT_EQ(::send(held, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
  ASSERT_TRUE(wait_until([&] { return stuck.analyzer().counts().held == 1; }));
  char byte;
  EXPECT_EQ(::recv(held, &byte, 1, MSG_DONTWAIT), -1) << "a hung analyzer answered";
  ::close(held);
  EXPECT_EQ(stuck.analyzer().counts().ok + stuck.analyzer().counts().errors, 0u);

  TestConnection c(gray.port());
  EXPECT_EQ(c.request("POST", "/analyze", "x").status, 500);
  EXPECT_EQ(c.request("GET", "/health").status, 200);
}

// capacity = 1: a second request waits while the first is served, then is
// served too.
TEST(ModelAnalyzer, CapacityQueuesTheExcess) {
  const Scenario s = load_text(R"(
[scenario]
name = "model"
duration = "10s"

[[analyzer]]
name = "narrow"
latency = "300ms"
capacity = 1

[[traffic]]
pattern = "constant"
rate = 1
)");
  ModelThread model(s, "narrow");
  ASSERT_EQ(model.rc(), 0) << model.error();
  TestConnection first(model.port());
  TestConnection second(model.port());
  ASSERT_TRUE(first.send_raw("POST /analyze HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\n1"));
  ASSERT_TRUE(wait_until([&] { return model.analyzer().counts().received == 1; }));
  ASSERT_TRUE(second.send_raw("POST /analyze HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\n2"));
  ASSERT_TRUE(wait_until([&] { return model.analyzer().counts().received == 2; }));
  const std::string stats = http_get(model.port(), "/stats").body;
  if (model.analyzer().counts().ok == 0) {
    EXPECT_EQ(json_number(stats, "busy"), 1) << stats;
    EXPECT_EQ(json_number(stats, "waiting"), 1) << stats;
  }
  EXPECT_EQ(first.read_reply().status, 200);
  EXPECT_EQ(second.read_reply().status, 200);
  EXPECT_EQ(model.analyzer().counts().ok, 2u);
}

// Record and replay (docs/twin.md): a live run records every arrival
// ([live] record_trace, `time_s,bytes`); a scenario with that file as a
// `trace` source offers exactly those arrivals, at the recorded times, in
// virtual time.
TEST(RecordReplay, LiveArrivalsReplayInScenarioMode) {
  const std::string dir = temp_dir("record-replay");
  StandInThread analyzer(stand_in_on(0, 2 * kNsPerMs));
  ASSERT_TRUE(analyzer.started());
  Scenario s = live_scenario("record", {analyzer.port()}, {1.0}, dir);
  s.duration = 1 * kNsPerSec;
  s.live.record_trace = dir + "/recorded/trace.csv";
  TrafficSource t;
  t.name = "traffic-1";
  t.pattern = TrafficPattern::kPoisson;
  t.rate = 300;
  t.end = s.duration;
  Distribution bytes;
  bytes.kind = DistKind::kUniform;
  bytes.min = 100;
  bytes.max = 900;
  t.packet_bytes = bytes;
  s.traffic.push_back(t);
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  AgentOptions o;
  o.target = "http://127.0.0.1:" + std::to_string(app.port());
  o.out_dir = dir + "/agent";
  o.handle_signals = false;
  o.quiet = true;
  Agent agent(s, o);
  std::string error;
  ASSERT_EQ(agent.start(&error), 0) << error;
  ASSERT_EQ(agent.run(), 0);
  ASSERT_EQ(app.shutdown(), kExitOk);
  const std::uint64_t sent = agent.totals().sent;
  ASSERT_GT(sent, 100u);

  // The recording: one row per arrival, sizes as the agent sent them.
  CsvTable recorded;
  ASSERT_TRUE(read_csv_file(s.live.record_trace, &recorded, &error)) << error;
  ASSERT_EQ(recorded.header, (std::vector<std::string>{"time_s", "bytes"}));
  ASSERT_EQ(recorded.rows.size(), sent);
  std::vector<std::uint32_t> planned_bytes;
  {
    ArrivalGenerator plan(s.traffic[0], s.seed, s.duration);
    for (Arrival a; plan.next(&a);) planned_bytes.push_back(a.bytes);
  }
  std::vector<std::uint32_t> recorded_bytes;
  for (const auto& row : recorded.rows) recorded_bytes.push_back(static_cast<std::uint32_t>(std::stoul(row[1])));
  std::sort(planned_bytes.begin(), planned_bytes.end());
  std::sort(recorded_bytes.begin(), recorded_bytes.end());
  EXPECT_EQ(recorded_bytes, planned_bytes);

  // The replay: a scenario file next to the recording refers to it.
  std::ofstream(dir + "/recorded/replay.toml") << R"(
[scenario]
name = "replay"
duration = "1h"

[[analyzer]]
name = "a1"
latency = "2ms"

[[traffic]]
pattern = "trace"
file = "trace.csv"
)";
  const LoadResult loaded = load_scenario_file(dir + "/recorded/replay.toml");
  ASSERT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  const Scenario& replay = *loaded.scenario;
  ArrivalGenerator gen(replay.traffic[0], replay.seed, replay.duration);
  std::vector<std::pair<TimeNs, std::uint32_t>> replayed;
  for (Arrival a; gen.next(&a);) replayed.emplace_back(a.time, a.bytes);
  ASSERT_EQ(replayed.size(), sent);
  std::vector<std::pair<TimeNs, std::uint32_t>> file_rows;
  for (const auto& row : recorded.rows) {
    std::string why;
    const auto time = parse_duration(row[0], &why);
    ASSERT_TRUE(time) << row[0] << ": " << why;
    file_rows.emplace_back(*time, static_cast<std::uint32_t>(std::stoul(row[1])));
  }
  std::stable_sort(file_rows.begin(), file_rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // The recording keeps nanoseconds; the replay offers at exactly those times.
  EXPECT_EQ(replayed, file_rows);

  SimEngine engine(replay, {});
  ASSERT_TRUE(engine.run(&error)) << error;
  EXPECT_EQ(engine.summary().totals.offered, sent);
}

// Runs one scenario as a twin into a temporary folder with the CI
// tolerances and checks that it agrees and wrote what it promises.
void expect_twin_agrees(const Scenario& scenario, const std::string& name) {
  TwinOptions o;
  o.out_dir = temp_dir("twin-" + name);
  o.quiet = true;
  o.tolerances.scale = kCiScale;
  const TwinResult r = run_twin(scenario, o);
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.error;
  std::printf("twin %s (tolerances x %g):\n%s", name.c_str(), kCiScale, twin_comparison_text(r.comparison).c_str());
  EXPECT_EQ(r.exit_code, 0) << twin_comparison_text(r.comparison);
  EXPECT_TRUE(r.comparison.passed);
  for (const char* file : {"comparison.csv", "sim/timeline.csv", "sim/summary.json", "live/timeline.csv",
                           "live/summary.json", "live/events.csv", "live/agent.csv", "live/trace.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(o.out_dir) / file)) << file;
  }
  const ReportResult report = write_report(o.out_dir);
  ASSERT_EQ(report.status, ReportStatus::kOk) << report.error;
  ASSERT_EQ(report.written.size(), 3u);
  std::ifstream html(report.written[0]);
  std::stringstream text;
  text << html.rdbuf();
  EXPECT_NE(text.str().find("logsim twin report"), std::string::npos);
  EXPECT_NE(text.str().find("Simulation against live"), std::string::npos);
}

// A crash, the refused sends retried elsewhere, the probe that marks it
// down and the one that marks it up after its recovery, in 4 s.
TEST(Twin, CrashAndRecoveryAgree) {
  expect_twin_agrees(load_text(R"(
[scenario]
name = "twin-crash"
duration = "4s"
seed = 3
sample_interval = "250ms"

[distributor]
workers = 20
request_timeout = "1s"
backoff_base = "100ms"
health_interval = "1s"
health_timeout = "300ms"

[[analyzer]]
name = "analyzer-1"
weight = 0.5
latency = { dist = "lognormal", median = "10ms", p99 = "30ms" }

[[analyzer]]
name = "analyzer-2"
weight = 0.3
latency = { dist = "lognormal", median = "10ms", p99 = "30ms" }

[[analyzer]]
name = "analyzer-3"
weight = 0.2
latency = { dist = "lognormal", median = "10ms", p99 = "30ms" }

[[traffic]]
pattern = "poisson"
rate = 150

[[event]]
at = "0.5s"
analyzer = "analyzer-2"
action = "crash"

[[event]]
at = "2.1s"
analyzer = "analyzer-2"
action = "recover"
)"),
                     "crash");
}

// Hung analyzers: timeouts, backoff and retries on untried analyzers, the
// probe that times out (retry-backoff.toml at a quarter of the time).
TEST(Twin, HangAndTimeoutsAgree) {
  expect_twin_agrees(load_text(R"(
[scenario]
name = "twin-hang"
duration = "3s"
sample_interval = "100ms"

[distributor]
workers = 20
request_timeout = "1s"
max_attempts = 3
backoff_base = "100ms"
health_interval = "1s"
health_timeout = "200ms"

[[analyzer]]
name = "analyzer-1"
weight = 0.1
latency = "20ms"

[[analyzer]]
name = "analyzer-2"
weight = 0.45
latency = "20ms"

[[analyzer]]
name = "analyzer-3"
weight = 0.45
latency = "20ms"

[[traffic]]
pattern = "burst"
at = "0s"
count = 20
spread = "0s"

[[event]]
at = "0s"
analyzer = "analyzer-2"
action = "hang"

[[event]]
at = "0s"
analyzer = "analyzer-3"
action = "hang"
)"),
                     "hang");
}

// Overload: a small queue fills and 503s begin; a capacity-limited
// analyzer, a `slow` window and an `errors` window on the way. Latencies of
// tens of milliseconds keep the per-send overhead small beside them even
// under AddressSanitizer on a busy machine.
TEST(Twin, OverflowCapacitySlowAndErrorsAgree) {
  expect_twin_agrees(load_text(R"(
[scenario]
name = "twin-overflow"
duration = "3s"
sample_interval = "100ms"

[distributor]
queue_capacity = 50
workers = 4
request_timeout = "2s"
backoff_base = "50ms"

[[analyzer]]
name = "analyzer-1"
weight = 0.6
latency = "40ms"
capacity = 2

[[analyzer]]
name = "analyzer-2"
weight = 0.4
latency = { dist = "exponential", mean = "40ms" }

[[traffic]]
pattern = "constant"
rate = 150

[[event]]
at = "1s"
analyzer = "analyzer-1"
action = "slow"
factor = 2.0
for = "1s"

[[event]]
at = "0.5s"
analyzer = "analyzer-2"
action = "errors"
rate = 0.2
for = "1s"
)"),
                     "overflow");
}

}  // namespace
}  // namespace logsim

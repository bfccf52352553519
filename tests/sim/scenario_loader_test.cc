// The scenario loader (SPEC §3, §6 [live]): it fills a Scenario with values
// and defaults, applies --set overrides, and reports every broken rule with
// file:line:col, the key, the rule and the value.
#include "sim/scenario_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace logsim {
namespace {

constexpr const char* kPath = "scenarios/test.toml";

// The smallest valid scenario: a duration and one analyzer.
const std::string kMinimal = R"([scenario]
duration = "3s"

[[analyzer]]
name = "a1"
)";

LoadResult load(std::string_view text, const std::vector<std::string>& overrides = {}) {
  return load_scenario_text(text, kPath, overrides);
}

std::string error_text(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += "  " + e.to_string() + "\n";
  return out;
}

// "scenarios/test.toml:LINE:COL" of a place in `text`: the first occurrence
// of `needle` without its '^', at the '^' (or at the start when it has none).
std::string loc(std::string_view text, std::string_view needle, const std::string& file = kPath) {
  std::string plain(needle);
  const std::size_t caret = plain.find('^');
  std::size_t offset = 0;
  if (caret != std::string::npos) {
    plain.erase(caret, 1);
    offset = caret;
  }
  const std::size_t found = text.find(plain);
  if (found == std::string_view::npos) {
    ADD_FAILURE() << "needle not in text: " << plain;
    return "?";
  }
  const std::size_t at = found + offset;
  const std::size_t line_start = text.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
  const std::size_t column = line_start == std::string_view::npos || at == 0 ? at + 1 : at - line_start;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

::testing::AssertionResult HasError(const LoadResult& r, std::string_view expected) {
  if (r.ok()) return ::testing::AssertionFailure() << "loaded without errors; expected " << expected;
  for (const LoadError& e : r.errors) {
    if (e.to_string().find(expected) != std::string::npos) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no error contains\n  " << expected << "\nerrors:\n" << error_text(r);
}

::testing::AssertionResult Loads(const LoadResult& r) {
  if (r.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "errors:\n" << error_text(r);
}

// ---------------------------------------------------------------------------
// Valid scenarios

const std::string kFull = R"([scenario]
name = "overflow"
description = "Monday burst"
duration = "3s"
seed = 42
sample_interval = "50ms"
drain = true

[distributor]
queue_capacity = 4000
workers = 12
request_timeout = "4s"
max_attempts = 4
backoff_base = "250ms"
backoff_multiplier = 1.5
backoff_max = "10s"
backoff_jitter = 0.25
retry_holds_worker = false
selection = "smooth_weighted_round_robin"
health_interval = "2s"
health_timeout = "500ms"
unhealthy_after = 2
healthy_after = 3
eject_after_failures = 5

[[analyzer]]
name = "analyzer-1"
weight = 0.4
latency = { dist = "lognormal", median = "18ms", p99 = "60ms" }
capacity = 8
error_rate = 0.01
url = "http://127.0.0.1:9001"

[[analyzer]]
name = "analyzer-2"
weight = 0.6
latency = "25ms"

[[analyzer]]
name = "analyzer-3"
latency = { dist = "uniform", min = 0.01, max = "30ms" }

[[traffic]]
pattern = "poisson"
rate = 1600
end = "1.27s"
packet_bytes = { dist = "normal", mean = 512, stddev = 64 }

[[traffic]]
pattern = "burst"
at = "0.5s"
count = 2000
spread = "10ms"

[[traffic]]
pattern = "ramp"
from_rate = 100
to_rate = 2000
start = 1

[[event]]
at = "2s"
analyzer = "analyzer-2"
action = "slow"
factor = 5.0
for = "500ms"

[[event]]
at = "1s"
analyzer = "analyzer-3"
action = "crash"

[[event]]
at = "1s"
analyzer = "analyzer-1"
action = "errors"
rate = 0.5

[expect]
max_reject_rate = 0.05
min_delivered_ratio = 0.95
max_dead_lettered = 0
max_latency_p99 = "30ms"
max_queue_depth = 4000

[sweep]
"distributor.queue_capacity" = [1000, 5000]

[live]
listen = "0.0.0.0:8080"
ingest_path = "/in"
analyze_path = "/an"
health_path = "/hc"
max_body_bytes = 65536
max_connections = 100
header_timeout = "5s"
idle_timeout = "30s"
auth_token = "secret"
dead_letter = "dl.jsonl"
shutdown_grace = "2s"
record_trace = "trace.csv"
)";

// Every table of a full SPEC §3 scenario lands in the Scenario with its values.
TEST(ScenarioLoader, LoadsFullScenario) {
  const LoadResult r = load(kFull);
  ASSERT_TRUE(Loads(r));
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.path, kPath);
  EXPECT_EQ(s.name, "overflow");
  EXPECT_EQ(s.description, "Monday burst");
  EXPECT_EQ(s.duration, 3 * kNsPerSec);
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.sample_interval, 50 * kNsPerMs);
  EXPECT_TRUE(s.drain);

  const DistributorConfig& d = s.distributor;
  EXPECT_EQ(d.queue_capacity, 4000u);
  EXPECT_EQ(d.workers, 12u);
  EXPECT_EQ(d.request_timeout, 4 * kNsPerSec);
  EXPECT_EQ(d.max_attempts, 4u);
  EXPECT_EQ(d.backoff_base, 250 * kNsPerMs);
  EXPECT_DOUBLE_EQ(d.backoff_multiplier, 1.5);
  EXPECT_EQ(d.backoff_max, 10 * kNsPerSec);
  EXPECT_DOUBLE_EQ(d.backoff_jitter, 0.25);
  EXPECT_FALSE(d.retry_holds_worker);
  EXPECT_EQ(d.selection, SelectionPolicy::kSmoothWeightedRoundRobin);
  EXPECT_EQ(d.health_interval, 2 * kNsPerSec);
  EXPECT_EQ(d.health_timeout, 500 * kNsPerMs);
  EXPECT_EQ(d.unhealthy_after, 2u);
  EXPECT_EQ(d.healthy_after, 3u);
  EXPECT_EQ(d.eject_after_failures, 5u);

  ASSERT_EQ(s.analyzers.size(), 3u);
  const AnalyzerModel& a1 = s.analyzers[0];
  EXPECT_EQ(a1.name, "analyzer-1");
  EXPECT_DOUBLE_EQ(a1.weight, 0.4);
  EXPECT_EQ(a1.latency.kind, DistKind::kLognormal);
  EXPECT_DOUBLE_EQ(a1.latency.median, 18e6);
  EXPECT_DOUBLE_EQ(a1.latency.p99, 60e6);
  EXPECT_EQ(a1.capacity, 8u);
  EXPECT_DOUBLE_EQ(a1.error_rate, 0.01);
  EXPECT_EQ(a1.url, "http://127.0.0.1:9001");
  EXPECT_EQ(s.analyzers[1].latency.kind, DistKind::kConstant);
  EXPECT_DOUBLE_EQ(s.analyzers[1].latency.value, 25e6);
  EXPECT_EQ(s.analyzers[2].latency.kind, DistKind::kUniform);
  EXPECT_DOUBLE_EQ(s.analyzers[2].latency.min, 10e6);
  EXPECT_DOUBLE_EQ(s.analyzers[2].latency.max, 30e6);
  EXPECT_DOUBLE_EQ(s.analyzers[2].weight, 1.0);

  ASSERT_EQ(s.traffic.size(), 3u);
  const TrafficSource& poisson = s.traffic[0];
  EXPECT_EQ(poisson.pattern, TrafficPattern::kPoisson);
  EXPECT_DOUBLE_EQ(poisson.rate, 1600);
  EXPECT_EQ(poisson.start, 0);
  EXPECT_EQ(poisson.end, 1'270'000'000);
  EXPECT_EQ(poisson.packet_bytes.kind, DistKind::kNormal);
  EXPECT_DOUBLE_EQ(poisson.packet_bytes.mean, 512);
  EXPECT_DOUBLE_EQ(poisson.packet_bytes.stddev, 64);
  const TrafficSource& burst = s.traffic[1];
  EXPECT_EQ(burst.pattern, TrafficPattern::kBurst);
  EXPECT_EQ(burst.at, 500 * kNsPerMs);
  EXPECT_EQ(burst.count, 2000u);
  EXPECT_EQ(burst.spread, 10 * kNsPerMs);
  EXPECT_EQ(burst.end, 3 * kNsPerSec);  // the engine stops every source at its end
  const TrafficSource& ramp = s.traffic[2];
  EXPECT_EQ(ramp.pattern, TrafficPattern::kRamp);
  EXPECT_DOUBLE_EQ(ramp.from_rate, 100);
  EXPECT_DOUBLE_EQ(ramp.to_rate, 2000);
  EXPECT_EQ(ramp.start, kNsPerSec);
  EXPECT_EQ(ramp.end, 3 * kNsPerSec);

  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(s.events[2].action, EventAction::kSlow);
  EXPECT_EQ(s.events[2].analyzer, "analyzer-2");
  EXPECT_EQ(s.events[2].analyzer_index, 1u);
  EXPECT_DOUBLE_EQ(s.events[2].factor, 5.0);
  EXPECT_EQ(s.events[2].duration, 500 * kNsPerMs);
  EXPECT_EQ(s.events[1].action, EventAction::kErrors);
  EXPECT_DOUBLE_EQ(s.events[1].rate, 0.5);

  EXPECT_EQ(s.expect.max_reject_rate, 0.05);
  EXPECT_EQ(s.expect.min_delivered_ratio, 0.95);
  EXPECT_EQ(s.expect.max_dead_lettered, 0u);
  EXPECT_EQ(s.expect.max_latency_p99, 30 * kNsPerMs);
  EXPECT_EQ(s.expect.max_queue_depth, 4000u);

  ASSERT_EQ(s.sweep.size(), 1u);
  EXPECT_EQ(s.sweep[0].key, "distributor.queue_capacity");
  EXPECT_EQ(s.sweep[0].values, (std::vector<std::string>{"1000", "5000"}));

  EXPECT_EQ(s.live.listen, "0.0.0.0:8080");
  EXPECT_EQ(s.live.ingest_path, "/in");
  EXPECT_EQ(s.live.analyze_path, "/an");
  EXPECT_EQ(s.live.health_path, "/hc");
  EXPECT_EQ(s.live.max_body_bytes, 65536u);
  EXPECT_EQ(s.live.max_connections, 100u);
  EXPECT_EQ(s.live.header_timeout, 5 * kNsPerSec);
  EXPECT_EQ(s.live.idle_timeout, 30 * kNsPerSec);
  EXPECT_EQ(s.live.auth_token, "secret");
  EXPECT_EQ(s.live.dead_letter, "dl.jsonl");
  EXPECT_EQ(s.live.shutdown_grace, 2 * kNsPerSec);
  EXPECT_EQ(s.live.record_trace, "trace.csv");
}

// SPEC §3 defaults: "name ... default: file name without .toml", "seed ...
// default 1", "sample_interval ... default 100ms", distributor settings as in
// core/config.h, "start ... default 0", "end ... default: scenario duration",
// "packet_bytes ... default 512".
TEST(ScenarioLoader, FillsDefaults) {
  const LoadResult r = load(kMinimal + "\n[[traffic]]\npattern = \"constant\"\nrate = 10\n");
  ASSERT_TRUE(Loads(r));
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.name, "test");
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.sample_interval, 100 * kNsPerMs);
  EXPECT_FALSE(s.drain);

  const DistributorConfig defaults;
  EXPECT_EQ(s.distributor.queue_capacity, defaults.queue_capacity);
  EXPECT_EQ(s.distributor.workers, defaults.workers);
  EXPECT_EQ(s.distributor.request_timeout, defaults.request_timeout);
  EXPECT_EQ(s.distributor.max_attempts, defaults.max_attempts);
  EXPECT_EQ(s.distributor.backoff_base, defaults.backoff_base);
  EXPECT_EQ(s.distributor.backoff_multiplier, defaults.backoff_multiplier);
  EXPECT_EQ(s.distributor.backoff_max, defaults.backoff_max);
  EXPECT_EQ(s.distributor.backoff_jitter, defaults.backoff_jitter);
  EXPECT_EQ(s.distributor.retry_holds_worker, defaults.retry_holds_worker);
  EXPECT_EQ(s.distributor.selection, defaults.selection);
  EXPECT_EQ(s.distributor.health_interval, defaults.health_interval);
  EXPECT_EQ(s.distributor.health_timeout, defaults.health_timeout);
  EXPECT_EQ(s.distributor.unhealthy_after, defaults.unhealthy_after);
  EXPECT_EQ(s.distributor.healthy_after, defaults.healthy_after);
  EXPECT_EQ(s.distributor.eject_after_failures, defaults.eject_after_failures);

  const AnalyzerModel analyzer_defaults;
  ASSERT_EQ(s.analyzers.size(), 1u);
  EXPECT_EQ(s.analyzers[0].weight, analyzer_defaults.weight);
  EXPECT_EQ(s.analyzers[0].latency.kind, DistKind::kConstant);
  EXPECT_EQ(s.analyzers[0].latency.value, analyzer_defaults.latency.value);
  EXPECT_EQ(s.analyzers[0].capacity, 0u);
  EXPECT_EQ(s.analyzers[0].error_rate, 0.0);
  EXPECT_EQ(s.analyzers[0].url, "");

  ASSERT_EQ(s.traffic.size(), 1u);
  EXPECT_EQ(s.traffic[0].start, 0);
  EXPECT_EQ(s.traffic[0].end, 3 * kNsPerSec);
  EXPECT_EQ(s.traffic[0].packet_bytes.kind, DistKind::kConstant);
  EXPECT_EQ(s.traffic[0].packet_bytes.value, 512);

  EXPECT_TRUE(s.events.empty());
  EXPECT_TRUE(s.expect.empty());
  EXPECT_TRUE(s.sweep.empty());
  const LiveSettings live;
  EXPECT_EQ(s.live.listen, live.listen);
  EXPECT_EQ(s.live.dead_letter, live.dead_letter);
  EXPECT_EQ(s.live.shutdown_grace, live.shutdown_grace);
  EXPECT_EQ(s.live.record_trace, "");
}

// "plain numbers meaning seconds": TOML integers and floats are durations too.
TEST(ScenarioLoader, ReadsPlainNumbersAsSeconds) {
  const LoadResult r = load(
      "[scenario]\nduration = 3\nsample_interval = 0.05\n\n[[analyzer]]\n"
      "name = \"a1\"\nlatency = 0.02\n");
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->duration, 3 * kNsPerSec);
  EXPECT_EQ(r.scenario->sample_interval, 50 * kNsPerMs);
  EXPECT_DOUBLE_EQ(r.scenario->analyzers[0].latency.value, 20e6);
}

// The distributor sees the analyzers' names, weights and urls in file order.
TEST(ScenarioLoader, MirrorsAnalyzersIntoDistributor) {
  const LoadResult r = load(kFull);
  ASSERT_TRUE(Loads(r));
  const auto& mirrored = r.scenario->distributor.analyzers;
  ASSERT_EQ(mirrored.size(), 3u);
  for (std::size_t i = 0; i < mirrored.size(); ++i) {
    EXPECT_EQ(mirrored[i].name, r.scenario->analyzers[i].name);
    EXPECT_EQ(mirrored[i].weight, r.scenario->analyzers[i].weight);
    EXPECT_EQ(mirrored[i].url, r.scenario->analyzers[i].url);
  }
}

// Events are sorted by `at`; events at the same instant keep file order.
TEST(ScenarioLoader, SortsEventsByTimeStably) {
  const LoadResult r = load(kFull);
  ASSERT_TRUE(Loads(r));
  const auto& events = r.scenario->events;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].at, kNsPerSec);
  EXPECT_EQ(events[0].analyzer, "analyzer-3");
  EXPECT_EQ(events[0].analyzer_index, 2u);
  EXPECT_EQ(events[1].at, kNsPerSec);
  EXPECT_EQ(events[1].analyzer, "analyzer-1");
  EXPECT_EQ(events[1].analyzer_index, 0u);
  EXPECT_EQ(events[2].at, 2 * kNsPerSec);
}

// Traffic sources are named "traffic-<index>", 1-based, for their random streams.
TEST(ScenarioLoader, NamesTrafficSourcesOneBased) {
  const LoadResult r = load(kFull);
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->traffic[0].name, "traffic-1");
  EXPECT_EQ(r.scenario->traffic[2].name, "traffic-3");
}

// Every distribution kind is read with its parameters in its unit.
TEST(ScenarioLoader, ReadsEveryDistributionKind) {
  const LoadResult r = load(kMinimal + R"(
[[analyzer]]
name = "a2"
latency = { dist = "exponential", mean = "20ms" }
[[analyzer]]
name = "a3"
latency = { dist = "constant", value = "1.5ms" }
[[analyzer]]
name = "a4"
latency = { dist = "empirical", samples = ["1ms", 0.002] }
[[traffic]]
pattern = "constant"
rate = 5
packet_bytes = { dist = "lognormal", median = 400, p99 = 1400 }
)");
  ASSERT_TRUE(Loads(r));
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.analyzers[1].latency.kind, DistKind::kExponential);
  EXPECT_DOUBLE_EQ(s.analyzers[1].latency.mean, 20e6);
  EXPECT_EQ(s.analyzers[2].latency.kind, DistKind::kConstant);
  EXPECT_DOUBLE_EQ(s.analyzers[2].latency.value, 1.5e6);
  EXPECT_EQ(s.analyzers[3].latency.kind, DistKind::kEmpirical);
  EXPECT_EQ(s.analyzers[3].latency.samples, (std::vector<double>{1e6, 2e6}));
  EXPECT_EQ(s.traffic[0].packet_bytes.kind, DistKind::kLognormal);
  EXPECT_DOUBLE_EQ(s.traffic[0].packet_bytes.median, 400);
  EXPECT_DOUBLE_EQ(s.traffic[0].packet_bytes.p99, 1400);
}

// ---------------------------------------------------------------------------
// Validation rules: one should-fail case each.

struct RuleCase {
  std::string name;      // test name suffix
  std::string spec;      // the sentence (SPEC §3/§6 or core/config.h) the rule enforces
  std::string text;      // the scenario
  std::string at;        // where the error is placed: a needle, '^' marks the spot
  std::string expected;  // "key rule (got value)"
};

std::string scenario_doc(const std::string& scenario_lines) {
  return "[scenario]\n" + scenario_lines + "\n\n[[analyzer]]\nname = \"a1\"\n";
}
std::string with_scenario(const std::string& line) { return scenario_doc("duration = \"3s\"\n" + line); }
std::string with_distributor(const std::string& lines) { return kMinimal + "\n[distributor]\n" + lines + "\n"; }
std::string with_analyzer(const std::string& lines) { return kMinimal + lines + "\n"; }
std::string with_latency(const std::string& value) { return with_analyzer("latency = " + value); }
std::string with_traffic(const std::string& lines) { return kMinimal + "\n[[traffic]]\n" + lines + "\n"; }
std::string with_event(const std::string& lines) { return kMinimal + "\n[[event]]\n" + lines + "\n"; }
std::string with_expect(const std::string& line) { return kMinimal + "\n[expect]\n" + line + "\n"; }
std::string with_sweep(const std::string& line) { return kMinimal + "\n[sweep]\n" + line + "\n"; }
std::string with_live(const std::string& line) { return kMinimal + "\n[live]\n" + line + "\n"; }

std::string many_analyzers(int n) {
  std::string text = "[scenario]\nduration = \"3s\"\n";
  for (int i = 0; i < n; ++i) text += "[[analyzer]]\nname = \"a" + std::to_string(i) + "\"\n";
  return text;
}

// Places `needle` at its nth occurrence by prefixing the text before it.
std::string nth_analyzer_header(int n) {
  std::string needle;
  for (int i = 0; i < n; ++i) needle += "[[analyzer]]\nname = \"a" + std::to_string(i) + "\"\n";
  return needle + "^[[analyzer]]";
}

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

class Rule : public ::testing::TestWithParam<RuleCase> {};

// Each case breaks one rule; the error names the place, the key, the rule and
// the value, and the case's `spec` quotes the sentence it enforces.
TEST_P(Rule, IsReportedWithPlaceKeyAndValue) {
  const RuleCase& c = GetParam();
  SCOPED_TRACE("rule: " + c.spec);
  const LoadResult r = load(c.text);
  EXPECT_TRUE(HasError(r, loc(c.text, c.at) + ": " + c.expected)) << c.text;
}

std::string case_name(const ::testing::TestParamInfo<RuleCase>& info) { return info.param.name; }

const std::vector<RuleCase> kScenarioRules = {
    {"DurationMissing", "duration = \"3s\"  # simulated horizon (required)", scenario_doc("seed = 1"), "^[scenario]",
     "scenario.duration is required"},
    {"DurationMissingWithoutTable", "duration = \"3s\"  # simulated horizon (required)",
     "[[analyzer]]\nname = \"a1\"\n", "^[[analyzer]]", "scenario.duration is required"},
    {"DurationZero", "scenario: duration > 0", scenario_doc("duration = \"0s\""), "duration = ^\"0s\"",
     "scenario.duration must be > 0 (got \"0s\")"},
    {"DurationNegative", "Durations ... negative values are rejected", scenario_doc("duration = -3"), "duration = ^-3",
     "scenario.duration must not be negative (got -3)"},
    {"DurationUnknownUnit", "Durations are strings with a unit (\"250us\", \"20ms\", \"1.5s\", \"2m\", \"1h\")",
     scenario_doc("duration = \"3 secs\""), "duration = ^\"3 secs\"",
     "scenario.duration has unknown unit \"secs\" (use ns, us, ms, s, m or h) (got \"3 secs\")"},
    {"DurationWrongType", "Durations are strings with a unit ... or plain numbers meaning seconds",
     scenario_doc("duration = true"), "duration = ^true",
     "scenario.duration must be a duration such as \"20ms\" or a number of seconds (got true)"},
    {"SampleIntervalZero", "sample_interval = \"100ms\"  # timeline resolution", with_scenario("sample_interval = 0"),
     "sample_interval = ^0", "scenario.sample_interval must be > 0 (got 0)"},
    {"SeedNegative", "seed = 42  # default 1 (a non-negative integer)", with_scenario("seed = -1"), "seed = ^-1",
     "scenario.seed must be >= 0 (got -1)"},
    {"SeedNotInteger", "seed = 42  # default 1 (a non-negative integer)", with_scenario("seed = 1.5"), "seed = ^1.5",
     "scenario.seed must be an integer (got 1.5)"},
    {"NameWithSlash", "default output folder results/<scenario-name>/", with_scenario("name = \"a/b\""),
     "name = ^\"a/b\"", "scenario.name must be a non-empty folder name without '/' (got \"a/b\")"},
    {"DrainNotBoolean", "drain = false  # true: ... run on until queue and in-flight are empty",
     with_scenario("drain = \"yes\""), "drain = ^\"yes\"", "scenario.drain must be true or false (got \"yes\")"},
    {"ScenarioNotTable", "[scenario] is a table", "scenario = 5\n[[analyzer]]\nname = \"a1\"\n", "scenario = ^5",
     "scenario must be a table ([scenario]) (got 5)"},
};
INSTANTIATE_TEST_SUITE_P(Scenario, Rule, ::testing::ValuesIn(kScenarioRules), case_name);

const std::vector<RuleCase> kDistributorRules = {
    {"QueueCapacityNegative", "queue_capacity = 5000  # waiting packets only (>= 0)",
     with_distributor("queue_capacity = -1"), "queue_capacity = ^-1",
     "distributor.queue_capacity must be >= 0 (got -1)"},
    {"QueueCapacityOverflow", "queue_capacity is a 32-bit count", with_distributor("queue_capacity = 4294967296"),
     "queue_capacity = ^4294967296", "distributor.queue_capacity must be <= 4294967295 (got 4294967296)"},
    {"WorkersZero", "workers = 10  # max packets being sent ... at once (>= 1)", with_distributor("workers = 0"),
     "workers = ^0", "distributor.workers must be >= 1 (got 0)"},
    {"WorkersNotInteger", "workers = 10", with_distributor("workers = \"ten\""), "workers = ^\"ten\"",
     "distributor.workers must be an integer (got \"ten\")"},
    {"RequestTimeoutZero", "request_timeout = \"5s\" (> 0)", with_distributor("request_timeout = \"0ms\""),
     "request_timeout = ^\"0ms\"", "distributor.request_timeout must be > 0 (got \"0ms\")"},
    {"MaxAttemptsZero", "max_attempts = 3  # total sends per packet (>= 1)", with_distributor("max_attempts = 0"),
     "max_attempts = ^0", "distributor.max_attempts must be >= 1 (got 0)"},
    {"BackoffBaseNegative", "backoff_base = \"500ms\"", with_distributor("backoff_base = \"-1s\""),
     "backoff_base = ^\"-1s\"", "distributor.backoff_base must not be negative (got \"-1s\")"},
    {"BackoffMultiplierBelowOne", "delay before retry n = base * multiplier^(n-1) (multiplier >= 1)",
     with_distributor("backoff_multiplier = 0.5"), "backoff_multiplier = ^0.5",
     "distributor.backoff_multiplier must be >= 1 (got 0.5)"},
    {"BackoffJitterAboveOne", "backoff_jitter = 0.0  # 0..1", with_distributor("backoff_jitter = 1.5"),
     "backoff_jitter = ^1.5", "distributor.backoff_jitter must be in [0, 1] (got 1.5)"},
    {"BackoffJitterNegative", "backoff_jitter = 0.0  # 0..1", with_distributor("backoff_jitter = -0.1"),
     "backoff_jitter = ^-0.1", "distributor.backoff_jitter must be in [0, 1] (got -0.1)"},
    {"BackoffMaxBelowBase", "backoff_max caps the delay (backoff_max >= backoff_base)",
     with_distributor("backoff_base = \"2s\"\nbackoff_max = \"1s\""), "backoff_max = ^\"1s\"",
     "distributor.backoff_max must be >= distributor.backoff_base (2s) (got 1s)"},
    {"BackoffBaseAboveDefaultMax", "backoff_max caps the delay (backoff_max >= backoff_base)",
     with_distributor("backoff_base = \"60s\""), "backoff_base = ^\"60s\"",
     "distributor.backoff_base must be <= distributor.backoff_max (30s, the default) (got 1m)"},
    {"SelectionUnknown", "selection = \"weighted_random\"  # or \"smooth_weighted_round_robin\"",
     with_distributor("selection = \"round_robin\""), "selection = ^\"round_robin\"",
     "distributor.selection must be \"weighted_random\" or \"smooth_weighted_round_robin\" (got "
     "\"round_robin\")"},
    {"HealthIntervalZero", "health_interval = \"5s\" (> 0)", with_distributor("health_interval = 0"),
     "health_interval = ^0", "distributor.health_interval must be > 0 (got 0)"},
    {"HealthTimeoutZero", "health_timeout = \"1s\" (> 0)", with_distributor("health_timeout = \"0s\""),
     "health_timeout = ^\"0s\"", "distributor.health_timeout must be > 0 (got \"0s\")"},
    {"UnhealthyAfterZero", "unhealthy_after = 1  # consecutive failed probes to mark an analyzer down",
     with_distributor("unhealthy_after = 0"), "unhealthy_after = ^0",
     "distributor.unhealthy_after must be >= 1 (got 0)"},
    {"HealthyAfterZero", "healthy_after = 1  # consecutive good probes to mark it up again",
     with_distributor("healthy_after = 0"), "healthy_after = ^0", "distributor.healthy_after must be >= 1 (got 0)"},
    {"EjectAfterFailuresNegative", "eject_after_failures = 0  # >0: that many consecutive failed sends",
     with_distributor("eject_after_failures = -1"), "eject_after_failures = ^-1",
     "distributor.eject_after_failures must be >= 0 (got -1)"},
    {"RetryHoldsWorkerNotBoolean", "retry_holds_worker = true", with_distributor("retry_holds_worker = 1"),
     "retry_holds_worker = ^1", "distributor.retry_holds_worker must be true or false (got 1)"},
    {"UnknownKey", "Unknown keys are errors (typos must not pass silently)", with_distributor("queue_capacty = 10"),
     "^queue_capacty", "distributor.queue_capacty is not a known key (did you mean \"queue_capacity\"?)"},
};
INSTANTIATE_TEST_SUITE_P(Distributor, Rule, ::testing::ValuesIn(kDistributorRules), case_name);

const std::vector<RuleCase> kAnalyzerRules = {
    {"WeightZero", "weight = 0.4  # relative (> 0)", with_analyzer("weight = 0"), "weight = ^0",
     "analyzer[0].weight must be > 0 (got 0)"},
    {"WeightNegative", "weight = 0.4  # relative (> 0)", kMinimal + "[[analyzer]]\nname = \"a2\"\nweight = -2\n",
     "weight = ^-2", "analyzer[1].weight must be > 0 (got -2)"},
    {"CapacityNegative", "capacity = 0  # concurrent requests it serves; 0 = unlimited", with_analyzer("capacity = -1"),
     "capacity = ^-1", "analyzer[0].capacity must be >= 0 (got -1)"},
    {"ErrorRateAboveOne", "error_rate = 0.0  # fraction of sends answered 5xx", with_analyzer("error_rate = 1.5"),
     "error_rate = ^1.5", "analyzer[0].error_rate must be in [0, 1] (got 1.5)"},
    {"UrlWithoutScheme", "url = \"http://127.0.0.1:9001\"  # live mode only", with_analyzer("url = \"127.0.0.1:9001\""),
     "url = ^\"127.0.0.1:9001\"", "analyzer[0].url must start with http:// (got \"127.0.0.1:9001\")"},
    {"NameMissing", "[[analyzer]] name = \"analyzer-1\"", "[scenario]\nduration = \"3s\"\n\n[[analyzer]]\nweight = 1\n",
     "^[[analyzer]]", "analyzer[0].name is required"},
    {"NameEmpty", "analyzer names appear in CSV columns",
     "[scenario]\nduration = \"3s\"\n\n[[analyzer]]\nname = \"\"\n", "name = ^\"\"",
     "analyzer[0].name must be non-empty, without commas, quotes or control characters (got \"\")"},
    {"NameDuplicate", "events and --set name analyzers, so names are unique",
     kMinimal + "[[analyzer]]\nweight = 2\nname = \"a1\"\n", "weight = 2\nname = ^\"a1\"",
     "analyzer[1].name must be unique; analyzer[0] has the same name (got \"a1\")"},
    {"NoAnalyzer", "at least one [[analyzer]]", "[scenario]\nduration = \"3s\"\n", "^[scenario]",
     "analyzer needs at least one [[analyzer]] table"},
    {"MoreThan64", "kMaxAnalyzers = 64: a packet remembers the analyzers it tried as a 64-bit mask", many_analyzers(65),
     nth_analyzer_header(64), "analyzer must have at most 64 tables (got 65)"},
    {"NotArrayOfTables", "[[analyzer]] is an array of tables",
     "[scenario]\nduration = \"3s\"\n[analyzer]\nname = \"a1\"\n", "^[analyzer]",
     "analyzer must be an array of tables: write [[analyzer]] (got a table)"},
    {"UnknownKey", "Unknown keys are errors (typos must not pass silently)", with_analyzer("wieght = 1"), "^wieght",
     "analyzer[0].wieght is not a known key (did you mean \"weight\"?)"},
};
INSTANTIATE_TEST_SUITE_P(Analyzer, Rule, ::testing::ValuesIn(kAnalyzerRules), case_name);

const std::vector<RuleCase> kDistributionRules = {
    {"BareLatencyNegative", "a bare value means constant (a duration for latency)", with_latency("\"-5ms\""),
     "latency = ^\"-5ms\"", "analyzer[0].latency must not be negative (got \"-5ms\")"},
    {"DistUnknown", "dist = constant | exponential | uniform | normal | lognormal | empirical",
     with_latency("{ dist = \"pareto\", mean = \"1ms\" }"), "dist = ^\"pareto\"",
     "analyzer[0].latency.dist must be one of constant, exponential, uniform, normal, lognormal, "
     "empirical (got \"pareto\")"},
    {"DistMissing", "otherwise an inline table with `dist`", with_latency("{ mean = \"1ms\" }"), "latency = ^{",
     "analyzer[0].latency.dist is required"},
    {"ConstantValueMissing", "constant (value)", with_latency("{ dist = \"constant\" }"), "latency = ^{",
     "analyzer[0].latency.value is required"},
    {"ExponentialMeanZero", "exponential (mean)", with_latency("{ dist = \"exponential\", mean = \"0ms\" }"),
     "mean = ^\"0ms\"", "analyzer[0].latency.mean must be > 0 (got \"0ms\")"},
    {"UniformMinAboveMax", "uniform (min, max)", with_latency("{ dist = \"uniform\", min = \"30ms\", max = \"10ms\" }"),
     "max = ^\"10ms\"", "analyzer[0].latency.max must be >= min (30ms) (got 10ms)"},
    {"UniformMaxMissing", "uniform (min, max)", with_latency("{ dist = \"uniform\", min = \"30ms\" }"), "latency = ^{",
     "analyzer[0].latency.max is required"},
    {"NormalStddevNegative", "normal (mean, stddev; truncated at 0)",
     with_latency("{ dist = \"normal\", mean = \"20ms\", stddev = -0.001 }"), "stddev = ^-0.001",
     "analyzer[0].latency.stddev must not be negative (got -0.001)"},
    {"LognormalP99NotAboveMedian", "lognormal (median, p99)",
     with_latency("{ dist = \"lognormal\", median = \"60ms\", p99 = \"18ms\" }"), "p99 = ^\"18ms\"",
     "analyzer[0].latency.p99 must be > median (60ms) (got 18ms)"},
    {"LognormalMedianZero", "lognormal (median, p99)",
     with_latency("{ dist = \"lognormal\", median = 0, p99 = \"1ms\" }"), "median = ^0",
     "analyzer[0].latency.median must be > 0 (got 0)"},
    {"ParameterOfAnotherDist", "Unknown keys are errors",
     with_latency("{ dist = \"exponential\", mean = \"20ms\", stddev = \"1ms\" }"), "^stddev",
     "analyzer[0].latency.stddev does not apply to dist \"exponential\""},
    {"EmpiricalWithoutSamples", "empirical (file of samples)", with_latency("{ dist = \"empirical\" }"), "latency = ^{",
     "analyzer[0].latency.file is required for dist \"empirical\" (or give samples)"},
    {"EmpiricalEmptySamples", "empirical (file of samples)", with_latency("{ dist = \"empirical\", samples = [] }"),
     "samples = ^[]", "analyzer[0].latency.samples must be a non-empty array"},
    {"EmpiricalBadSample", "empirical samples of a latency are durations",
     with_latency("{ dist = \"empirical\", samples = [\"1ms\", \"x\"] }"), "^\"x\"",
     "analyzer[0].latency.samples[1] does not start with a number (got \"x\")"},
    {"EmpiricalFileAndSamples", "empirical: a file or inline samples",
     with_latency("{ dist = \"empirical\", file = \"s.txt\", samples = [1] }"), "samples = ^[1]",
     "analyzer[0].latency.samples cannot be given together with file"},
    {"PacketBytesNegative", "packet_bytes = 512  # number or distribution",
     with_traffic("pattern = \"constant\"\nrate = 1\npacket_bytes = -1"), "packet_bytes = ^-1",
     "traffic[0].packet_bytes must be >= 0 (got -1)"},
    {"PacketBytesUniformMinAboveMax", "uniform (min, max)",
     with_traffic("pattern = \"constant\"\nrate = 1\npacket_bytes = { dist = \"uniform\", min = 900, max = 100 }"),
     "max = ^100", "traffic[0].packet_bytes.max must be >= min (900) (got 100)"},
};
INSTANTIATE_TEST_SUITE_P(Distribution, Rule, ::testing::ValuesIn(kDistributionRules), case_name);

const std::vector<RuleCase> kTrafficRules = {
    {"PatternMissing", "pattern = \"poisson\"  # constant | poisson | burst | ramp | trace", with_traffic("rate = 10"),
     "^[[traffic]]", "traffic[0].pattern is required"},
    {"PatternUnknown", "pattern = \"poisson\"  # constant | poisson | burst | ramp | trace",
     with_traffic("pattern = \"steady\""), "pattern = ^\"steady\"",
     "traffic[0].pattern must be one of constant, poisson, burst, ramp, trace (got \"steady\")"},
    {"RateZero", "rate = 1600  # packets/s (constant, poisson)", with_traffic("pattern = \"poisson\"\nrate = 0"),
     "rate = ^0", "traffic[0].rate must be > 0 (got 0)"},
    {"RateMissing", "rate = 1600  # packets/s (constant, poisson)", with_traffic("pattern = \"constant\""),
     "^[[traffic]]", "traffic[0].rate is required"},
    {"EndNotAfterStart", "start = \"0s\"  # default 0; end = \"1.27s\"",
     with_traffic("pattern = \"poisson\"\nrate = 10\nstart = \"2s\"\nend = \"1s\""), "end = ^\"1s\"",
     "traffic[0].end must be > start (2s) (got 1s)"},
    {"StartAfterDefaultEnd", "end = \"1.27s\"  # default: scenario duration",
     with_traffic("pattern = \"ramp\"\nfrom_rate = 1\nto_rate = 2\nstart = \"5s\""), "start = ^\"5s\"",
     "traffic[0].start must be < the scenario duration (3s) when end is not given (got 5s)"},
    {"BurstCountZero", "burst: at = \"0.5s\", count = 2000, spread = \"10ms\"",
     with_traffic("pattern = \"burst\"\nat = \"1s\"\ncount = 0"), "count = ^0",
     "traffic[0].count must be >= 1 (got 0)"},
    {"BurstSpreadNegative", "burst: at = \"0.5s\", count = 2000, spread = \"10ms\"",
     with_traffic("pattern = \"burst\"\nat = \"1s\"\ncount = 5\nspread = \"-10ms\""), "spread = ^\"-10ms\"",
     "traffic[0].spread must not be negative (got \"-10ms\")"},
    {"BurstAtMissing", "burst: at = \"0.5s\", count = 2000, spread = \"10ms\"",
     with_traffic("pattern = \"burst\"\ncount = 5"), "^[[traffic]]", "traffic[0].at is required"},
    {"RampBothZero", "ramp: from_rate = 100, to_rate = 2000 (linear, Poisson arrivals)",
     with_traffic("pattern = \"ramp\"\nfrom_rate = 0\nto_rate = 0"), "to_rate = ^0",
     "traffic[0].to_rate must be > 0 when from_rate is 0 (got 0)"},
    {"RampNegative", "ramp: from_rate = 100, to_rate = 2000 (linear, Poisson arrivals)",
     with_traffic("pattern = \"ramp\"\nfrom_rate = 10\nto_rate = -5"), "to_rate = ^-5",
     "traffic[0].to_rate must be >= 0 (got -5)"},
    {"TraceSpeedZero", "trace: file = \"traces/monday.csv\" ..., speed = 1.0",
     with_traffic("pattern = \"trace\"\nfile = \"t.csv\"\nspeed = 0"), "speed = ^0",
     "traffic[0].speed must be > 0 (got 0)"},
    {"TraceFileMissing", "trace: file = \"traces/monday.csv\" (relative to this file)",
     with_traffic("pattern = \"trace\"\nfile = \"no-such.csv\""), "file = ^\"no-such.csv\"",
     "traffic[0].file cannot read \"scenarios/no-such.csv\": No such file or directory"},
    {"KeyOfAnotherPattern", "Unknown keys are errors",
     with_traffic("pattern = \"burst\"\nat = \"1s\"\ncount = 5\nrate = 10"), "^rate",
     "traffic[0].rate does not apply to pattern \"burst\""},
    {"NotArrayOfTables", "[[traffic]] is an array of tables", "traffic = 5\n" + kMinimal, "traffic = ^5",
     "traffic must be an array of tables: write [[traffic]] (got 5)"},
};
INSTANTIATE_TEST_SUITE_P(Traffic, Rule, ::testing::ValuesIn(kTrafficRules), case_name);

const std::vector<RuleCase> kEventRules = {
    {"AnalyzerUnknown", "analyzer = \"analyzer-2\" (an existing [[analyzer]])",
     with_event("at = \"1s\"\nanalyzer = \"a9\"\naction = \"crash\""), "analyzer = ^\"a9\"",
     "event[0].analyzer must name an [[analyzer]] (got \"a9\"; analyzers: \"a1\")"},
    {"ActionUnknown", "action = \"crash\"  # crash | hang | slow | errors | recover",
     with_event("at = \"1s\"\nanalyzer = \"a1\"\naction = \"explode\""), "action = ^\"explode\"",
     "event[0].action must be one of crash, hang, slow, errors, recover (got \"explode\")"},
    {"SlowWithoutFactor", "slow: factor = 5.0 (latency multiplied)",
     with_event("at = \"1s\"\nanalyzer = \"a1\"\naction = \"slow\""), "^[[event]]", "event[0].factor is required"},
    {"SlowFactorZero", "slow: factor = 5.0 (latency multiplied)",
     with_event("at = \"1s\"\nanalyzer = \"a1\"\naction = \"slow\"\nfactor = 0"), "factor = ^0",
     "event[0].factor must be > 0 (got 0)"},
    {"ErrorsWithoutRate", "errors: rate = 0.5", with_event("at = \"1s\"\nanalyzer = \"a1\"\naction = \"errors\""),
     "^[[event]]", "event[0].rate is required"},
    {"ErrorsRateAboveOne", "errors: sends answer 5xx with probability `rate`",
     with_event("at = \"1s\"\nanalyzer = \"a1\"\naction = \"errors\"\nrate = 1.5"), "rate = ^1.5",
     "event[0].rate must be in [0, 1] (got 1.5)"},
    {"ForZero", "any: for = \"60s\" (auto-recover)",
     with_event("at = \"1s\"\nanalyzer = \"a1\"\naction = \"hang\"\nfor = \"0s\""), "for = ^\"0s\"",
     "event[0].for must be > 0 (got \"0s\")"},
    {"FactorOnCrash", "slow: factor = 5.0",
     with_event("at = \"1s\"\nanalyzer = \"a1\"\naction = \"crash\"\nfactor = 2.0"), "^factor",
     "event[0].factor does not apply to action \"crash\""},
    {"AtMissing", "[[event]] at = \"2s\"", with_event("analyzer = \"a1\"\naction = \"crash\""), "^[[event]]",
     "event[0].at is required"},
    {"AtNegative", "[[event]] at = \"2s\"", with_event("at = \"-1s\"\nanalyzer = \"a1\"\naction = \"crash\""),
     "at = ^\"-1s\"", "event[0].at must not be negative (got \"-1s\")"},
};
INSTANTIATE_TEST_SUITE_P(Event, Rule, ::testing::ValuesIn(kEventRules), case_name);

const std::vector<RuleCase> kExpectRules = {
    {"MaxRejectRateAboveOne", "max_reject_rate = 0.05  # rejected / offered", with_expect("max_reject_rate = 1.5"),
     "max_reject_rate = ^1.5", "expect.max_reject_rate must be in [0, 1] (got 1.5)"},
    {"MinDeliveredRatioNegative", "min_delivered_ratio = 0.95  # delivered / accepted",
     with_expect("min_delivered_ratio = -0.5"), "min_delivered_ratio = ^-0.5",
     "expect.min_delivered_ratio must be in [0, 1] (got -0.5)"},
    {"MaxDeadLetteredNegative", "max_dead_lettered = 0", with_expect("max_dead_lettered = -1"),
     "max_dead_lettered = ^-1", "expect.max_dead_lettered must be >= 0 (got -1)"},
    {"MaxQueueDepthNotInteger", "max_queue_depth = 4000", with_expect("max_queue_depth = 10.5"),
     "max_queue_depth = ^10.5", "expect.max_queue_depth must be an integer (got 10.5)"},
    {"MaxLatencyP99NotDuration", "max_latency_p99 = \"30ms\"", with_expect("max_latency_p99 = \"30 msec\""),
     "max_latency_p99 = ^\"30 msec\"",
     "expect.max_latency_p99 has unknown unit \"msec\" (use ns, us, ms, s, m or h) (got \"30 msec\")"},
    {"UnknownKey", "Unknown keys are errors", with_expect("max_reject = 0.1"), "^max_reject",
     "expect.max_reject is not a known key (did you mean \"max_reject_rate\"?)"},
};
INSTANTIATE_TEST_SUITE_P(Expect, Rule, ::testing::ValuesIn(kExpectRules), case_name);

const std::vector<RuleCase> kSweepRules = {
    {"ValueNotArray", "\"distributor.queue_capacity\" = [1000, 5000]", with_sweep("\"distributor.workers\" = 4"),
     "= ^4", "sweep.\"distributor.workers\" must be a non-empty array of values, e.g. [1000, 5000] (got 4)"},
    {"EmptyArray", "\"distributor.queue_capacity\" = [1000, 5000]", with_sweep("\"distributor.workers\" = []"), "= ^[]",
     "sweep.\"distributor.workers\" must be a non-empty array of values, e.g. [1000, 5000] (got [])"},
    {"KeyNamesNoTable", "--set KEY=VALUE override any scenario key", with_sweep("\"distributer.workers\" = [1, 2]"),
     "= ^[1, 2]", "sweep.\"distributer.workers\" is not a key --set accepts: names no scenario table \"distributer\""},
    {"KeyNamesNoAnalyzer", "--set KEY=VALUE override any scenario key", with_sweep("\"analyzer.a9.weight\" = [1, 2]"),
     "= ^[1, 2]", "sweep.\"analyzer.a9.weight\" is not a key --set accepts: names no analyzer \"a9\" (have \"a1\")"},
};
INSTANTIATE_TEST_SUITE_P(Sweep, Rule, ::testing::ValuesIn(kSweepRules), case_name);

const std::vector<RuleCase> kLiveRules = {
    {"ListenWithoutPort", "listen = \"127.0.0.1:8000\"", with_live("listen = \"localhost\""), "listen = ^\"localhost\"",
     "live.listen must be HOST:PORT, e.g. \"127.0.0.1:8000\" (got \"localhost\")"},
    {"ListenPortTooLarge", "listen = \"127.0.0.1:8000\"", with_live("listen = \"127.0.0.1:70000\""),
     "listen = ^\"127.0.0.1:70000\"",
     "live.listen must be HOST:PORT, e.g. \"127.0.0.1:8000\" (got \"127.0.0.1:70000\")"},
    {"PathWithoutSlash", "ingest_path = \"/ingest\"", with_live("ingest_path = \"ingest\""),
     "ingest_path = ^\"ingest\"", "live.ingest_path must start with '/' (got \"ingest\")"},
    {"MaxConnectionsZero", "max_connections", with_live("max_connections = 0"), "max_connections = ^0",
     "live.max_connections must be >= 1 (got 0)"},
    {"MaxBodyBytesZero", "413 over max_body_bytes", with_live("max_body_bytes = 0"), "max_body_bytes = ^0",
     "live.max_body_bytes must be >= 1 (got 0)"},
    {"HeaderTimeoutZero", "header_timeout", with_live("header_timeout = \"0s\""), "header_timeout = ^\"0s\"",
     "live.header_timeout must be > 0 (got \"0s\")"},
    {"ShutdownGraceNegative", "shutdown_grace = \"10s\"", with_live("shutdown_grace = \"-1s\""),
     "shutdown_grace = ^\"-1s\"", "live.shutdown_grace must not be negative (got \"-1s\")"},
    {"DeadLetterEmpty", "dead_letter = \"results/live/dead-letter.jsonl\"", with_live("dead_letter = \"\""),
     "dead_letter = ^\"\"", "live.dead_letter must be a file path (got \"\")"},
    {"AuthTokenNotString", "auth_token (optional bearer token)", with_live("auth_token = 42"), "auth_token = ^42",
     "live.auth_token must be a string (got 42)"},
};
INSTANTIATE_TEST_SUITE_P(Live, Rule, ::testing::ValuesIn(kLiveRules), case_name);

const std::vector<RuleCase> kDocumentRules = {
    {"UnknownTable", "Unknown keys are errors (typos must not pass silently)",
     kMinimal + "[distributer]\nworkers = 1\n", "[^distributer]",
     "distributer is not a known key (did you mean \"distributor\"?)"},
    {"UnknownTopLevelKey", "Unknown keys are errors", "seed = 3\n" + kMinimal, "^seed", "seed is not a known key"},
};
INSTANTIATE_TEST_SUITE_P(Document, Rule, ::testing::ValuesIn(kDocumentRules), case_name);

// ---------------------------------------------------------------------------
// Error reporting

// STYLE.md: "report file:line:col, key, value and rule".
TEST(LoadError, FormatsPlaceKeyAndMessage) {
  const LoadError placed{"scenarios/outage.toml", 14, 3, "analyzer[1].weight", "must be > 0 (got -2)"};
  EXPECT_EQ(placed.to_string(), "scenarios/outage.toml:14:3: analyzer[1].weight must be > 0 (got -2)");
  const LoadError unplaced{"--set", 0, 0, "distributor.workers", "must be >= 1 (got 0)"};
  EXPECT_EQ(unplaced.to_string(), "--set: distributor.workers must be >= 1 (got 0)");
  const LoadError keyless{"x.toml", 2, 5, "", "expected value"};
  EXPECT_EQ(keyless.to_string(), "x.toml:2:5: expected value");
}

// "report every error in the file, not just the first", in file order.
TEST(LoadError, ReportsEveryErrorInFileOrder) {
  const std::string text = R"([scenario]
duration = "0s"

[distributor]
workers = 0

[[analyzer]]
name = "a1"
weight = -1

[[event]]
at = "1s"
analyzer = "nobody"
action = "crash"
)";
  const LoadResult r = load(text);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 4u) << error_text(r);
  EXPECT_EQ(r.errors[0].to_string(), loc(text, "duration = ^\"0s\"") + ": scenario.duration must be > 0 (got \"0s\")");
  EXPECT_EQ(r.errors[1].to_string(), loc(text, "workers = ^0") + ": distributor.workers must be >= 1 (got 0)");
  EXPECT_EQ(r.errors[2].to_string(), loc(text, "weight = ^-1") + ": analyzer[0].weight must be > 0 (got -1)");
  EXPECT_EQ(r.errors[3].key, "event[0].analyzer");
}

// A TOML syntax error is one error, placed where toml++ stopped.
TEST(LoadError, ReportsSyntaxErrorWithPlace) {
  const LoadResult r = load("[scenario]\nduration = \n");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u) << error_text(r);
  EXPECT_EQ(r.errors[0].file, kPath);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_GT(r.errors[0].column, 0);
  EXPECT_EQ(r.errors[0].key, "");
}

// A TOML duplicate key is a syntax error too.
TEST(LoadError, ReportsDuplicateKeyAsSyntaxError) {
  const LoadResult r = load(kMinimal + "[scenario]\nseed = 2\n");
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.errors.size(), 1u) << error_text(r);
  EXPECT_EQ(r.errors[0].line, 6);
}

// A scenario is returned only when there is no error at all.
TEST(LoadError, ReturnsNoScenarioWhenAnyErrorIsFound) {
  const LoadResult r = load(with_distributor("workers = 0"));
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.scenario.has_value());
  EXPECT_EQ(r.errors.size(), 1u);
}

// ---------------------------------------------------------------------------
// Overrides: "--set KEY=VALUE (repeatable) override any scenario key"

// A scalar override replaces the file's value before validation.
TEST(Override, SetsScalar) {
  const LoadResult r = load(kMinimal, {"distributor.queue_capacity=1000", "scenario.seed = 7"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->distributor.queue_capacity, 1000u);
  EXPECT_EQ(r.scenario->seed, 7u);
}

const std::string kTwoAnalyzers = kMinimal + "weight = 1\n\n[[analyzer]]\nname = \"a2\"\nweight = 1\n";

// "analyzer.<name>.weight" finds the analyzer by name.
TEST(Override, SetsAnalyzerByName) {
  const LoadResult r = load(kTwoAnalyzers, {"analyzer.a2.weight=0.25"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->analyzers[0].weight, 1.0);
  EXPECT_EQ(r.scenario->analyzers[1].weight, 0.25);
  EXPECT_EQ(r.scenario->distributor.analyzers[1].weight, 0.25);
}

// "analyzer[<index>].weight" finds the analyzer by 0-based index.
TEST(Override, SetsAnalyzerByIndex) {
  const LoadResult r = load(kTwoAnalyzers, {"analyzer[0].weight=3"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->analyzers[0].weight, 3.0);
}

// Analyzer names that contain dots still resolve.
TEST(Override, SetsAnalyzerWhoseNameHasDots) {
  const LoadResult r = load("[scenario]\nduration = 1\n[[analyzer]]\nname = \"eu.1\"\n", {"analyzer.eu.1.capacity=4"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->analyzers[0].capacity, 4u);
}

// A VALUE may be an inline table, e.g. a latency distribution.
TEST(Override, SetsInlineTable) {
  const LoadResult r = load(kMinimal, {"analyzer[0].latency={ dist = \"exponential\", mean = \"20ms\" }"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->analyzers[0].latency.kind, DistKind::kExponential);
  EXPECT_DOUBLE_EQ(r.scenario->analyzers[0].latency.mean, 20e6);
}

// A key inside an inline table can be set on its own.
TEST(Override, SetsKeyInsideInlineTable) {
  const LoadResult r =
      load(with_latency("{ dist = \"exponential\", mean = \"20ms\" }"), {"analyzer.a1.latency.mean=\"5ms\""});
  ASSERT_TRUE(Loads(r));
  EXPECT_DOUBLE_EQ(r.scenario->analyzers[0].latency.mean, 5e6);
}

// "anything that does not parse as TOML is taken as a string".
TEST(Override, TakesNonTomlValueAsString) {
  const LoadResult r = load(kMinimal, {"scenario.duration=20ms", "distributor.selection=smooth_weighted_round_robin"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->duration, 20 * kNsPerMs);
  EXPECT_EQ(r.scenario->distributor.selection, SelectionPolicy::kSmoothWeightedRoundRobin);
}

// Setting a key of a table the file lacks creates the table.
TEST(Override, CreatesMissingTable) {
  const LoadResult r = load(kMinimal, {"expect.max_reject_rate=0.01"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->expect.max_reject_rate, 0.01);
}

// Overrides apply in order, so the last one for a key wins.
TEST(Override, LaterOverrideWins) {
  const LoadResult r = load(kMinimal, {"distributor.workers=2", "distributor.workers=5"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->distributor.workers, 5u);
}

// Overrides apply before validation: they can fix a bad value in the file.
TEST(Override, AppliesBeforeValidation) {
  const LoadResult r = load(with_distributor("workers = 0"), {"distributor.workers=4"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->distributor.workers, 4u);
}

// Traffic sources are set by index.
TEST(Override, SetsTrafficByIndex) {
  const LoadResult r = load(with_traffic("pattern = \"poisson\"\nrate = 10"), {"traffic[0].rate=250"});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->traffic[0].rate, 250);
}

// An override without '=' is reported under "--set".
TEST(Override, RejectsMissingEquals) {
  const LoadResult r = load(kMinimal, {"distributor.workers"});
  EXPECT_TRUE(HasError(r, "--set: distributor.workers must have the form KEY=VALUE"));
}

// A KEY whose first part is no scenario table is reported under "--set".
TEST(Override, RejectsUnknownTable) {
  const LoadResult r = load(kMinimal, {"distributer.workers=4"});
  EXPECT_TRUE(HasError(r, "--set: distributer.workers names no scenario table \"distributer\""));
}

// An analyzer name that matches none is reported with the names there are.
TEST(Override, RejectsUnknownAnalyzerName) {
  const LoadResult r = load(kTwoAnalyzers, {"analyzer.a9.weight=1"});
  EXPECT_TRUE(HasError(r, "--set: analyzer.a9.weight names no analyzer \"a9\" (have \"a1\", \"a2\")"));
}

// An index past the end of an array of tables is reported.
TEST(Override, RejectsIndexOutOfRange) {
  const LoadResult r = load(with_traffic("pattern = \"poisson\"\nrate = 10"), {"traffic[3].rate=5"});
  EXPECT_TRUE(HasError(r, "--set: traffic[3].rate index 3 is out of range (the file has 1 [[traffic]] tables)"));
}

// Arrays of tables other than analyzers need an index.
TEST(Override, RejectsTrafficWithoutIndex) {
  const LoadResult r = load(kMinimal, {"traffic.rate=5"});
  EXPECT_TRUE(HasError(r, "--set: traffic.rate needs an index, e.g. traffic[0]"));
}

// Sweep axes are not overridable; --vary is for that.
TEST(Override, RejectsSweepKey) {
  const LoadResult r = load(kMinimal, {"sweep.x=[1]"});
  EXPECT_TRUE(HasError(r, "--set: sweep.x cannot be set; give sweep axes with --vary"));
}

// Setting inside a plain value is reported.
TEST(Override, RejectsPathThroughValue) {
  const LoadResult r = load(kMinimal, {"distributor.workers=4", "distributor.workers.x=4"});
  EXPECT_TRUE(HasError(r, "--set: distributor.workers.x \"workers\" is a value, not a table"));
}

// "A value given by override that then fails validation" is reported at --set.
TEST(Override, ReportsInvalidValueAtSet) {
  const LoadResult r = load(kMinimal, {"distributor.workers=0"});
  ASSERT_EQ(r.errors.size(), 1u) << error_text(r);
  EXPECT_EQ(r.errors[0].to_string(), "--set: distributor.workers must be >= 1 (got 0)");
}

// A misspelt key given by override is an unknown key at --set.
TEST(Override, ReportsUnknownLeafKeyAtSet) {
  const LoadResult r = load(kMinimal, {"distributor.workerz=4"});
  EXPECT_TRUE(HasError(r, "--set: distributor.workerz is not a known key (did you mean \"workers\"?)"));
}

// Errors from overrides come before the file's, and all are reported.
TEST(Override, ReportsOverrideAndFileErrorsTogether) {
  const LoadResult r = load(with_distributor("workers = 0"), {"scenario.seed=-1", "bogus"});
  ASSERT_EQ(r.errors.size(), 3u) << error_text(r);
  EXPECT_EQ(r.errors[0].file, "--set");
  EXPECT_EQ(r.errors[1].file, "--set");
  EXPECT_EQ(r.errors[2].file, kPath);
}

// ---------------------------------------------------------------------------
// [sweep]: "used by `sweep` when no --vary is given"

const std::string kSweep = kMinimal + R"(
[sweep]
"distributor.queue_capacity" = [1000, 5000]
"analyzer.a1.latency" = ["20ms", { dist = "exponential", mean = "20ms" }]
"distributor.backoff_jitter" = [0.5, 1.0, 1e-7]
"scenario.drain" = [true, false]
)";

// Axis values are kept as TOML text that --set accepts, in file order.
TEST(SweepAxes, KeepsValuesAsOverrideText) {
  const LoadResult r = load(kSweep);
  ASSERT_TRUE(Loads(r));
  const auto& sweep = r.scenario->sweep;
  ASSERT_EQ(sweep.size(), 4u);
  EXPECT_EQ(sweep[0].key, "distributor.queue_capacity");
  EXPECT_EQ(sweep[0].values, (std::vector<std::string>{"1000", "5000"}));
  EXPECT_EQ(sweep[1].key, "analyzer.a1.latency");
  EXPECT_EQ(sweep[1].values, (std::vector<std::string>{"\"20ms\"", "{ dist = \"exponential\", mean = \"20ms\" }"}));
  EXPECT_EQ(sweep[2].key, "distributor.backoff_jitter");
  EXPECT_EQ(sweep[2].values, (std::vector<std::string>{"0.5", "1.0", "1e-07"}));
  EXPECT_EQ(sweep[3].values, (std::vector<std::string>{"true", "false"}));
}

// Every axis value, given back as --set KEY=VALUE, loads.
TEST(SweepAxes, ValuesRoundTripThroughSet) {
  const LoadResult r = load(kSweep);
  ASSERT_TRUE(Loads(r));
  for (const SweepAxis& axis : r.scenario->sweep) {
    for (const std::string& value : axis.values) {
      EXPECT_TRUE(Loads(load(kSweep, {axis.key + "=" + value}))) << axis.key << "=" << value;
    }
  }
  const LoadResult jitter = load(kSweep, {"distributor.backoff_jitter=" + r.scenario->sweep[2].values[2]});
  ASSERT_TRUE(Loads(jitter));
  EXPECT_EQ(jitter.scenario->distributor.backoff_jitter, 1e-7);
}

// TOML's dotted-key form names the same axis as the quoted form.
TEST(SweepAxes, AcceptsDottedKeyForm) {
  const LoadResult r = load(with_sweep("distributor.workers = [2, 4]"));
  ASSERT_TRUE(Loads(r));
  ASSERT_EQ(r.scenario->sweep.size(), 1u);
  EXPECT_EQ(r.scenario->sweep[0].key, "distributor.workers");
}

// ---------------------------------------------------------------------------
// Files: trace CSVs, empirical samples, scenario files on disk.

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) /
           (std::string("logsim_loader_") + info->test_suite_name() + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `text` to dir_/name (creating folders) and returns the path.
  std::string write(const std::string& name, std::string_view text) {
    const std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  std::filesystem::path dir_;
};

using TraceFile = TempDirTest;
using EmpiricalFile = TempDirTest;
using ScenarioFile = TempDirTest;

const std::string kTraceScenario =
    kMinimal + "\n[[traffic]]\npattern = \"trace\"\nfile = \"traces/monday.csv\"\nspeed = 2.0\n";

// "file = ... (columns time_s[,bytes]; relative to this file)": a header,
// comments and blank lines are skipped and arrivals come back sorted.
TEST_F(TraceFile, LoadsRelativeToScenarioSorted) {
  write("traces/monday.csv", "time_s,bytes\n0.5,100\n# a comment\n0.25\n\n1.5e-1, 0\n0.25,7\n");
  const std::string path = write("monday.toml", kTraceScenario);
  const LoadResult r = load_scenario_file(path);
  ASSERT_TRUE(Loads(r));
  const TrafficSource& src = r.scenario->traffic[0];
  EXPECT_EQ(src.pattern, TrafficPattern::kTrace);
  EXPECT_EQ(src.file, "traces/monday.csv");
  EXPECT_EQ(src.speed, 2.0);
  EXPECT_EQ(src.end, 3 * kNsPerSec);
  ASSERT_EQ(src.trace.size(), 4u);
  EXPECT_EQ(src.trace[0].time, 150 * kNsPerMs);
  EXPECT_EQ(src.trace[0].bytes, 0u);
  EXPECT_EQ(src.trace[1].time, 250 * kNsPerMs);
  EXPECT_EQ(src.trace[1].bytes, 0u);
  EXPECT_EQ(src.trace[2].time, 250 * kNsPerMs);
  EXPECT_EQ(src.trace[2].bytes, 7u);
  EXPECT_EQ(src.trace[3].time, 500 * kNsPerMs);
  EXPECT_EQ(src.trace[3].bytes, 100u);
}

// Bad lines are reported at their own file, line and column.
TEST_F(TraceFile, ReportsBadLinesWithTheirPlace) {
  const std::string csv = write("traces/monday.csv", "0.1\nabc,5\n0.2,-3\n0.3,1,2\n-1\n");
  const LoadResult r = load_scenario_file(write("monday.toml", kTraceScenario));
  EXPECT_TRUE(HasError(r, csv + ":2:1: traffic[0].file time_s does not start with a number (got \"abc\")"));
  EXPECT_TRUE(HasError(r, csv + ":3:5: traffic[0].file bytes must be an integer in [0, 4294967295] (got \"-3\")"));
  EXPECT_TRUE(HasError(r, csv + ":4:1: traffic[0].file line must have the columns time_s[,bytes]"));
  EXPECT_TRUE(HasError(r, csv + ":5:1: traffic[0].file time_s must not be negative (got \"-1\")"));
}

// Only the first ten bad lines are listed; the rest are counted.
TEST_F(TraceFile, CapsBadLineReports) {
  std::string csv_text;
  for (int i = 0; i < 15; ++i) csv_text += "x\n";
  csv_text = "0\n" + csv_text;
  const std::string csv = write("traces/monday.csv", csv_text);
  const LoadResult r = load_scenario_file(write("monday.toml", kTraceScenario));
  ASSERT_EQ(r.errors.size(), 11u) << error_text(r);
  EXPECT_EQ(r.errors.back().to_string(), csv + ": traffic[0].file has 5 more bad lines");
}

// A trace without arrivals is rejected.
TEST_F(TraceFile, RejectsEmptyTrace) {
  write("traces/monday.csv", "time_s,bytes\n# nothing\n");
  const std::string text = kTraceScenario;
  const std::string path = write("monday.toml", text);
  const LoadResult r = load_scenario_file(path);
  EXPECT_TRUE(HasError(r, loc(text, "file = ^\"traces", path) + ": traffic[0].file \"" +
                              (dir_ / "traces/monday.csv").string() + "\" has no arrivals"));
}

// "empirical (file of samples)": one sample per line, seconds for latencies.
TEST_F(EmpiricalFile, LoadsLatencySamplesInSeconds) {
  write("samples/latency.txt", "seconds\n0.010\n0.020\n# c\n\n0.5e-1\n");
  const std::string path = write("s.toml", with_latency("{ dist = \"empirical\", file = \"samples/latency.txt\" }"));
  const LoadResult r = load_scenario_file(path);
  ASSERT_TRUE(Loads(r));
  const Distribution& d = r.scenario->analyzers[0].latency;
  EXPECT_EQ(d.kind, DistKind::kEmpirical);
  EXPECT_EQ(d.samples, (std::vector<double>{10e6, 20e6, 50e6}));
}

// Packet-size samples are plain numbers of bytes.
TEST_F(EmpiricalFile, LoadsByteSamples) {
  write("sizes.txt", "100\n1500.5\n");
  const std::string path =
      write("s.toml", with_traffic("pattern = \"constant\"\nrate = 1\n"
                                   "packet_bytes = { dist = \"empirical\", file = \"sizes.txt\" }"));
  const LoadResult r = load_scenario_file(path);
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->traffic[0].packet_bytes.samples, (std::vector<double>{100, 1500.5}));
}

// A bad sample is reported at its line; a missing file at the scenario key.
TEST_F(EmpiricalFile, ReportsBadSampleAndMissingFile) {
  const std::string sizes = write("sizes.txt", "100\n-5\n");
  const std::string text = with_traffic(
      "pattern = \"constant\"\nrate = 1\npacket_bytes = { dist = \"empirical\", file = \"sizes.txt\" }\n"
      "[[traffic]]\npattern = \"constant\"\nrate = 1\n"
      "packet_bytes = { dist = \"empirical\", file = \"gone.txt\" }");
  const std::string path = write("s.toml", text);
  const LoadResult r = load_scenario_file(path);
  EXPECT_TRUE(
      HasError(r, sizes + ":2:1: traffic[0].packet_bytes.file sample must be a number of bytes >= 0 (got \"-5\")"));
  EXPECT_TRUE(HasError(r, loc(text, "file = ^\"gone.txt\"", path) + ": traffic[1].packet_bytes.file cannot read \"" +
                              (dir_ / "gone.txt").string() + "\": No such file or directory"));
}

// "name ... default: file name without .toml".
TEST_F(ScenarioFile, NameDefaultsToFileStem) {
  const LoadResult r = load_scenario_file(write("monday-burst.toml", kMinimal));
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->name, "monday-burst");
  EXPECT_EQ(r.scenario->path, (dir_ / "monday-burst.toml").string());
}

// Overrides apply to files as they do to text.
TEST_F(ScenarioFile, AppliesOverrides) {
  const LoadResult r = load_scenario_file(write("s.toml", kMinimal), {"scenario.name=\"renamed\""});
  ASSERT_TRUE(Loads(r));
  EXPECT_EQ(r.scenario->name, "renamed");
}

// "An unreadable file is an error too": one error with line 0.
TEST_F(ScenarioFile, ReportsUnreadableFile) {
  const std::string path = (dir_ / "missing.toml").string();
  const LoadResult r = load_scenario_file(path);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 0);
  EXPECT_EQ(r.errors[0].to_string(), path + ": cannot read the file: No such file or directory");
}

// A directory is not a scenario file.
TEST_F(ScenarioFile, ReportsDirectory) {
  const LoadResult r = load_scenario_file(dir_.string());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(), dir_.string() + ": cannot read the file: is a directory");
}

}  // namespace
}  // namespace logsim

// The stand-in analyzer and the traffic agent: the two tools that let a
// user try live mode without real analyzers or real clients.
#include <gtest/gtest.h>

#include "core/live/agent.h"
#include "core/live/stand_in_analyzer.h"
#include "tests/live/live_test_util.h"

namespace logsim {
namespace {

using namespace logsim::testing;

// error_rate 1 answers every analyze request 500; /health stays 200 (a gray
// failure), and /stats and /received report what arrived.
TEST(StandInAnalyzer, ErrorsStatsAndReceivedIds) {
  StandInOptions o = stand_in_on(0);
  o.error_rate = 1.0;
  StandInThread analyzer(o);
  ASSERT_TRUE(analyzer.started());
  TestConnection c(analyzer.port());
  EXPECT_EQ(c.request("POST", "/analyze", "x", "X-Logsim-Packet-Id: 17\r\n").status, 500);
  EXPECT_EQ(c.request("POST", "/analyze", "y", "X-Logsim-Packet-Id: 18\r\n").status, 500);
  EXPECT_EQ(c.request("GET", "/health").status, 200);
  const std::string stats = c.request("GET", "/stats").body;
  EXPECT_EQ(json_number(stats, "received"), 2);
  EXPECT_EQ(json_number(stats, "errors"), 2);
  EXPECT_EQ(c.request("GET", "/received").body, "17\n18\n");
  EXPECT_EQ(c.request("GET", "/analyze").status, 405);
  EXPECT_EQ(c.request("GET", "/other").status, 404);
  analyzer.analyzer().set_health(false);
  EXPECT_EQ(c.request("GET", "/health").status, 503);
}

Scenario agent_scenario(const std::string& dir, int analyzer_port) {
  Scenario s = live_scenario("agent", {analyzer_port}, {1.0}, dir);
  s.duration = 500 * kNsPerMs;
  s.sample_interval = 100 * kNsPerMs;
  return s;
}

// Constant traffic of 200 packets/s for 0.5 s: exactly 100 packets sent,
// all accepted and delivered, and agent.csv accounts for every one.
TEST(Agent, ReplaysConstantTrafficInRealTime) {
  const std::string dir = temp_dir("agent");
  StandInThread analyzer(stand_in_on(0));
  ASSERT_TRUE(analyzer.started());
  Scenario s = agent_scenario(dir, analyzer.port());
  TrafficSource t;
  t.name = "traffic-1";
  t.pattern = TrafficPattern::kConstant;
  t.rate = 200;
  t.end = s.duration;
  t.packet_bytes = Distribution::constant(64);
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
  EXPECT_EQ(agent.run(), 0);
  EXPECT_EQ(agent.totals().sent, 100u);
  EXPECT_EQ(agent.totals().accepted, 100u);
  EXPECT_EQ(agent.totals().errors, 0u);

  const auto lines = read_lines(o.out_dir + "/agent.csv");
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "time_s,sent,accepted_202,rejected_503,errors,latency_p50_ms,latency_p99_ms");
  long long sent = 0, accepted = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    long long row_sent = 0, row_accepted = 0;
    ASSERT_EQ(std::sscanf(lines[i].c_str(), "%*[^,],%lld,%lld", &row_sent, &row_accepted), 2) << lines[i];
    sent += row_sent;
    accepted += row_accepted;
  }
  EXPECT_EQ(sent, 100);
  EXPECT_EQ(accepted, 100);
  ASSERT_TRUE(wait_until([&] { return analyzer.analyzer().answered_ok() == 100; }));
  for (const std::string& body : analyzer.analyzer().received_bodies()) EXPECT_EQ(body.size(), 64u);
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// A burst far beyond the queue meets 503s, and the agent counts them.
TEST(Agent, CountsRejectionsOfABurst) {
  const std::string dir = temp_dir("agent-burst");
  StandInThread analyzer(stand_in_on(0, 50 * kNsPerMs));
  ASSERT_TRUE(analyzer.started());
  Scenario s = agent_scenario(dir, analyzer.port());
  s.distributor.workers = 1;
  s.distributor.queue_capacity = 10;
  s.live.shutdown_grace = 0;
  TrafficSource t;
  t.name = "traffic-1";
  t.pattern = TrafficPattern::kBurst;
  t.at = 0;
  t.count = 200;
  t.spread = 1 * kNsPerMs;
  t.end = s.duration;
  s.traffic.push_back(t);
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  AgentOptions o;
  o.target = "http://127.0.0.1:" + std::to_string(app.port()) + "/ingest";
  o.out_dir = dir + "/agent";
  o.handle_signals = false;
  o.quiet = true;
  Agent agent(s, o);
  std::string error;
  ASSERT_EQ(agent.start(&error), 0) << error;
  EXPECT_EQ(agent.run(), 0);
  EXPECT_EQ(agent.totals().sent, 200u);
  EXPECT_EQ(agent.totals().accepted + agent.totals().rejected, 200u);
  EXPECT_GT(agent.totals().rejected, 0u);
  EXPECT_LE(agent.totals().accepted, 11u + 10u);  // the queue, the worker, and whatever drained meanwhile
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// A target that is not a URL is bad usage (exit 2).
TEST(Agent, RejectsBadTarget) {
  Scenario s = agent_scenario(temp_dir("agent-bad"), 9);
  AgentOptions o;
  o.target = "localhost:8000";
  o.out_dir = temp_dir("agent-bad");
  Agent agent(s, o);
  std::string error;
  EXPECT_EQ(agent.start(&error), 2);
  EXPECT_NE(error.find("--target"), std::string::npos);
}

}  // namespace
}  // namespace logsim

// Live mode when analyzers fail (SPEC §4.5-7): retries go elsewhere, the
// health monitor marks analyzers down and up, packets wait while none is
// healthy, and packets an analyzer refuses are dead-lettered with reasons.
#include <gtest/gtest.h>

#include "core/live/base64.h"
#include "core/live/live_app.h"
#include "tests/live/live_test_util.h"
#include "tests/live/scripted_server.h"

namespace logsim {
namespace {

using namespace logsim::testing;

bool analyzer_healthy(int port, const std::string& name, bool want) {
  const std::string a = analyzer_json(http_get(port, "/stats").body, name);
  return a.find(want ? "\"healthy\": true" : "\"healthy\": false") != std::string::npos;
}

bool events_contain(const std::string& path, const std::string& text) {
  for (const std::string& line : read_lines(path)) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

// An analyzer that dies mid-run: its in-flight packets and the ones sent to
// it before the next probe are retried on the other one; it is marked down
// at that probe and back up once it answers again; nothing is lost.
TEST(LiveFailover, KilledAnalyzerIsRetriedElsewhereAndReturns) {
  const std::string dir = temp_dir("killed");
  auto slow = std::make_unique<StandInThread>(stand_in_on(0, 300 * kNsPerMs));
  StandInThread steady(stand_in_on(0));
  ASSERT_TRUE(slow->started() && steady.started());
  const int slow_port = slow->port();
  Scenario s = live_scenario("killed", {slow_port, steady.port()}, {0.5, 0.5}, dir);
  s.distributor.max_attempts = 5;
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  TestConnection c(app.port());
  for (int i = 0; i < 40; ++i) ASSERT_EQ(c.request("POST", "/ingest", "p" + std::to_string(i)).status, 202);
  ASSERT_TRUE(wait_until([&] { return slow->analyzer().received() >= 2; }));
  slow->stop();

  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "delivered") == 40; }));
  const std::string stats = http_get(app.port(), "/stats").body;
  EXPECT_EQ(json_number(stats, "dead_lettered"), 0);
  EXPECT_GT(json_number(stats, "retries"), 0);
  ASSERT_TRUE(wait_until([&] { return analyzer_healthy(app.port(), "a1", false); }));
  // events.csv is flushed at the end of each sample interval.
  EXPECT_TRUE(wait_until([&] { return events_contain(dir + "/out/events.csv", ",marked_down,a1,"); }));

  slow = std::make_unique<StandInThread>(stand_in_on(slow_port));
  ASSERT_TRUE(slow->started());
  ASSERT_TRUE(wait_until([&] { return analyzer_healthy(app.port(), "a1", true); }));
  for (int i = 0; i < 40; ++i) ASSERT_EQ(c.request("POST", "/ingest", "q" + std::to_string(i)).status, 202);
  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "delivered") == 80; }));
  EXPECT_GT(slow->analyzer().answered_ok(), 0u);
  EXPECT_EQ(app.shutdown(), kExitOk);
  EXPECT_TRUE(events_contain(dir + "/out/events.csv", ",marked_up,a1,"));
  EXPECT_EQ(app.app().summary().totals.dead_lettered, 0u);
}

// "No analyzer healthy: packets wait in the queue ... none are dropped."
TEST(LiveFailover, AllAnalyzersDownPacketsWaitThenFlow) {
  const std::string dir = temp_dir("alldown");
  const std::vector<int> ports = {free_port(), free_port()};
  Scenario s = live_scenario("alldown", ports, {0.5, 0.5}, dir);
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  ASSERT_TRUE(wait_until([&] {
    return analyzer_healthy(app.port(), "a1", false) && analyzer_healthy(app.port(), "a2", false);
  }));

  TestConnection c(app.port());
  for (int i = 0; i < 10; ++i) ASSERT_EQ(c.request("POST", "/ingest", "w").status, 202);
  std::string stats = c.request("GET", "/stats").body;
  EXPECT_EQ(json_number(stats, "queued"), 10);
  EXPECT_EQ(json_number(stats, "dead_lettered"), 0);

  StandInThread a1(stand_in_on(ports[0]));
  StandInThread a2(stand_in_on(ports[1]));
  ASSERT_TRUE(a1.started() && a2.started());
  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "delivered") == 10; }));
  stats = http_get(app.port(), "/stats").body;
  EXPECT_EQ(json_number(stats, "dead_lettered"), 0);
  EXPECT_EQ(a1.analyzer().received() + a2.analyzer().received(), 10u);
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// "Other 4xx: dead-lettered at once"; the dead letter names the packet, its
// attempts, last error, the analyzers tried, the reason and the body.
TEST(LiveFailover, RejectedPacketIsDeadLetteredWithDetails) {
  const std::string dir = temp_dir("rejected");
  ScriptedServer refuser(ScriptedServer::Action::kReply, reply_with(422));
  Scenario s = live_scenario("rejected", {refuser.port()}, {1.0}, dir);
  s.distributor.health_interval = 60 * kNsPerSec;  // the scripted server answers probes 422 too
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  const std::string body = std::string("bin\0ary\xff", 8);
  ASSERT_EQ(http_post(app.port(), "/ingest", body, "Content-Type: application/octet-stream\r\n").status, 202);
  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "dead_lettered") == 1; }));
  EXPECT_EQ(app.shutdown(), kExitOk);

  const auto lines = read_lines(s.live.dead_letter);
  ASSERT_EQ(lines.size(), 1u);
  const std::string& line = lines[0];
  EXPECT_NE(line.find("\"id\":1,"), std::string::npos) << line;
  EXPECT_NE(line.find("\"attempts\":1,"), std::string::npos) << line;
  EXPECT_NE(line.find("\"last_error\":\"rejected\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"analyzers\":[\"a1\"]"), std::string::npos) << line;
  EXPECT_NE(line.find("\"reason\":\"rejected_by_analyzer\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"content_type\":\"application/octet-stream\""), std::string::npos) << line;
  const auto b64 = line.find("\"body_base64\":\"") + 15;
  EXPECT_EQ(base64_decode(line.substr(b64, line.find('"', b64) - b64)), body);
  EXPECT_EQ(std::filesystem::status(s.live.dead_letter).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

// Sends that keep failing are dead-lettered after max_attempts, having
// tried each analyzer before repeating one.
TEST(LiveFailover, ExhaustedRetriesAreDeadLettered) {
  const std::string dir = temp_dir("exhausted");
  StandInOptions failing = stand_in_on(0);
  failing.error_rate = 1.0;
  StandInThread a1(failing);
  StandInThread a2(failing);
  Scenario s = live_scenario("exhausted", {a1.port(), a2.port()}, {0.5, 0.5}, dir);
  s.distributor.max_attempts = 2;
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  ASSERT_EQ(http_post(app.port(), "/ingest", "doomed").status, 202);
  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "dead_lettered") == 1; }));
  EXPECT_EQ(app.shutdown(), kExitOk);
  const auto lines = read_lines(s.live.dead_letter);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"attempts\":2,"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"last_error\":\"server_error\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"analyzers\":[\"a1\",\"a2\"]"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"reason\":\"attempts_exhausted\""), std::string::npos) << lines[0];
}

}  // namespace
}  // namespace logsim

// Live mode's shutdown (SPEC §6): "SIGINT/SIGTERM: stop accepting, drain
// within shutdown_grace, dead-letter what remains, exit 0" — and every
// accepted packet ends up either at an analyzer or in the dead-letter file.
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <set>

#include "core/live/base64.h"
#include "core/live/live_app.h"
#include "tests/live/live_test_util.h"

namespace logsim {
namespace {

using namespace logsim::testing;

struct DeadLetter {
  std::uint64_t id = 0;
  std::string reason;
  std::string body;
};

std::vector<DeadLetter> read_dead_letters(const std::string& path) {
  std::vector<DeadLetter> out;
  for (const std::string& line : read_lines(path)) {
    DeadLetter d;
    d.id = static_cast<std::uint64_t>(json_number(line, "id"));
    const auto r = line.find("\"reason\":\"") + 10;
    d.reason = line.substr(r, line.find('"', r) - r);
    const auto b = line.find("\"body_base64\":\"") + 15;
    d.body = base64_decode(line.substr(b, line.find('"', b) - b)).value_or("<bad base64>");
    out.push_back(d);
  }
  return out;
}

// More packets than the grace period can deliver: ingest answers 503 while
// draining, the rest is dead-lettered with its body, the run exits 0, and
// delivered plus dead-lettered is exactly what was accepted.
TEST(LiveShutdown, DrainDeliversOrDeadLettersEveryAcceptedPacket) {
  const std::string dir = temp_dir("drain");
  StandInThread analyzer(stand_in_on(0, 100 * kNsPerMs));
  ASSERT_TRUE(analyzer.started());
  Scenario s = live_scenario("drain", {analyzer.port()}, {1.0}, dir);
  s.distributor.workers = 2;
  s.live.shutdown_grace = 500 * kNsPerMs;
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  constexpr int kPackets = 30;
  std::map<std::uint64_t, std::string> bodies;
  TestConnection c(app.port());
  for (int i = 0; i < kPackets; ++i) {
    const std::string body = "packet-" + std::to_string(i);
    const HttpReply r = c.request("POST", "/ingest", body);
    ASSERT_EQ(r.status, 202);
    bodies[static_cast<std::uint64_t>(json_number(r.body, "id"))] = body;
  }
  app.app().request_shutdown();
  ASSERT_TRUE(wait_until([&] { return http_get(app.port(), "/health").status == 503; }));
  const HttpReply late = http_post(app.port(), "/ingest", "too late");
  EXPECT_EQ(late.status, 503);
  EXPECT_EQ(late.body, "{\"status\":\"rejected\",\"reason\":\"draining\"}");
  EXPECT_EQ(app.join(), kExitOk);

  const Summary& summary = app.app().summary();
  EXPECT_EQ(summary.totals.accepted, static_cast<std::uint64_t>(kPackets));
  EXPECT_EQ(summary.totals.delivered + summary.totals.dead_lettered, static_cast<std::uint64_t>(kPackets));
  EXPECT_GT(summary.totals.dead_lettered, 0u);
  EXPECT_EQ(summary.queued + summary.in_flight, 0u);

  std::set<std::uint64_t> seen;
  for (std::uint64_t id : analyzer.analyzer().received_ids()) EXPECT_TRUE(seen.insert(id).second) << id;
  for (const DeadLetter& d : read_dead_letters(s.live.dead_letter)) {
    EXPECT_TRUE(seen.insert(d.id).second) << "packet " << d.id << " both delivered and dead-lettered";
    EXPECT_EQ(d.reason, "shutdown");
    EXPECT_EQ(d.body, bodies[d.id]);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kPackets));
}

// With nothing in flight, shutdown is immediate and the output is complete.
TEST(LiveShutdown, IdleShutdownWritesSummary) {
  const std::string dir = temp_dir("idle");
  StandInThread analyzer(stand_in_on(0));
  LiveAppThread app(live_scenario("idle", {analyzer.port()}, {1.0}, dir), live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  EXPECT_EQ(app.shutdown(), kExitOk);
  EXPECT_TRUE(std::filesystem::exists(dir + "/out/summary.json"));
  EXPECT_TRUE(app.app().summary().drained);
}

// A real SIGTERM (through libuv's signal handling) starts the same drain.
TEST(LiveShutdown, SigtermDrainsAndExitsZero) {
  const std::string dir = temp_dir("sigterm");
  StandInThread analyzer(stand_in_on(0, 20 * kNsPerMs));
  ASSERT_TRUE(analyzer.started());
  LiveOptions options = live_options(dir);
  options.handle_signals = true;
  LiveAppThread app(live_scenario("sigterm", {analyzer.port()}, {1.0}, dir), options);
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  TestConnection c(app.port());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(c.request("POST", "/ingest", "s").status, 202);
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  EXPECT_EQ(app.join(), kExitOk);
  EXPECT_EQ(app.app().summary().totals.delivered, 5u);
  EXPECT_EQ(analyzer.analyzer().received_ids().size(), 5u);
}

}  // namespace
}  // namespace logsim

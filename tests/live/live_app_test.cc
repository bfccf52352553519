// Live mode end to end over loopback (SPEC §6): ingest to a stand-in
// analyzer, the weighted split, admission control, the admin routes and the
// live output files.
#include "core/live/live_app.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/live/live_test_util.h"

namespace logsim {
namespace {

using namespace logsim::testing;

// "POST /ingest → 202 {"status":"accepted","id":N} ... the body is
// forwarded as-is" with its Content-Type.
TEST(LiveApp, IngestReachesAnalyzerWithBodyIntact) {
  const std::string dir = temp_dir("ingest");
  StandInThread analyzer(stand_in_on(0));
  ASSERT_TRUE(analyzer.started());
  LiveAppThread app(live_scenario("ingest", {analyzer.port()}, {1.0}, dir), live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  const std::string body = "{\"level\":\"error\",\"msg\":\"disk full\",\"bytes\":\"\\u0000\\r\\n\"}";
  const HttpReply reply = http_post(app.port(), "/ingest", body, "Content-Type: application/json\r\n");
  ASSERT_EQ(reply.status, 202);
  EXPECT_EQ(reply.body, "{\"status\":\"accepted\",\"id\":1}");

  ASSERT_TRUE(wait_until([&] { return analyzer.analyzer().answered_ok() == 1; }));
  EXPECT_EQ(analyzer.analyzer().received_bodies(), std::vector<std::string>{body});
  EXPECT_EQ(analyzer.analyzer().received_content_types(), std::vector<std::string>{"application/json"});
  EXPECT_EQ(analyzer.analyzer().received_ids(), std::vector<std::uint64_t>{1});
  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "delivered") == 1; }));
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// Weighted random choice (SPEC §4.3): each analyzer's count is binomial
// (n, weight); the tolerance is 4.5 standard deviations of that count, so a
// correct picker fails less than once in 10^5 runs.
TEST(LiveApp, SplitFollowsWeights) {
  const std::string dir = temp_dir("split");
  const std::vector<double> weights = {0.4, 0.3, 0.2, 0.1};
  std::vector<std::unique_ptr<StandInThread>> analyzers;
  std::vector<int> ports;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    StandInOptions o = stand_in_on(0);
    o.record_bodies = false;
    analyzers.push_back(std::make_unique<StandInThread>(o));
    ASSERT_TRUE(analyzers.back()->started());
    ports.push_back(analyzers.back()->port());
  }
  Scenario s = live_scenario("split", ports, weights, dir);
  s.distributor.queue_capacity = 5000;
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  constexpr int kPackets = 2000;
  TestConnection c(app.port());
  for (int i = 0; i < kPackets; ++i) ASSERT_EQ(c.request("POST", "/ingest", "packet").status, 202) << i;
  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "delivered") == kPackets; }));
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double expected = kPackets * weights[i];
    const double sigma = std::sqrt(kPackets * weights[i] * (1 - weights[i]));
    const auto got = static_cast<double>(analyzers[i]->analyzer().answered_ok());
    EXPECT_NEAR(got, expected, 4.5 * sigma) << "analyzer " << i + 1;
  }
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// "if fewer than queue_capacity packets wait, the packet joins the queue
// (202); otherwise it is rejected (HTTP 503 with Retry-After)".
TEST(LiveApp, FullQueueAnswers503WithRetryAfter) {
  const std::string dir = temp_dir("full");
  StandInThread analyzer(stand_in_on(0, 30 * kNsPerSec));  // holds the one worker
  ASSERT_TRUE(analyzer.started());
  Scenario s = live_scenario("full", {analyzer.port()}, {1.0}, dir);
  s.distributor.workers = 1;
  s.distributor.queue_capacity = 2;
  s.distributor.request_timeout = 60 * kNsPerSec;
  s.live.shutdown_grace = 0;
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  TestConnection c(app.port());
  EXPECT_EQ(c.request("POST", "/ingest", "1").status, 202);  // taken by the worker
  ASSERT_TRUE(wait_until([&] { return analyzer.analyzer().received() == 1; }));
  EXPECT_EQ(c.request("POST", "/ingest", "2").status, 202);
  EXPECT_EQ(c.request("POST", "/ingest", "3").status, 202);
  const HttpReply full = c.request("POST", "/ingest", "4");
  EXPECT_EQ(full.status, 503);
  EXPECT_EQ(full.header("retry-after"), "1");
  EXPECT_EQ(full.body, "{\"status\":\"rejected\",\"reason\":\"queue_full\"}");
  const std::string stats = c.request("GET", "/stats").body;
  EXPECT_EQ(json_number(stats, "offered"), 4);
  EXPECT_EQ(json_number(stats, "rejected"), 1);
  EXPECT_EQ(json_number(stats, "queued"), 2);

  analyzer.stop();  // the held send fails, and shutdown dead-letters the rest
  EXPECT_EQ(app.shutdown(), kExitOk);
  EXPECT_EQ(app.app().summary().totals.dead_lettered, 3u);
  EXPECT_EQ(read_lines(s.live.dead_letter).size(), 3u);
}

// "auth_token (optional bearer token for ingest and admin routes)"; the
// health route stays open for load balancers.
TEST(LiveApp, BearerTokenGuardsIngestAndAdminRoutes) {
  const std::string dir = temp_dir("auth");
  StandInThread analyzer(stand_in_on(0));
  Scenario s = live_scenario("auth", {analyzer.port()}, {1.0}, dir);
  s.live.auth_token = "s3cret";
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  EXPECT_EQ(http_post(app.port(), "/ingest", "x").status, 401);
  EXPECT_EQ(http_post(app.port(), "/ingest", "x", "Authorization: Bearer wrong!\r\n").status, 401);
  EXPECT_EQ(http_post(app.port(), "/ingest", "x", "Authorization: Bearer s3cret\r\n").status, 202);
  EXPECT_EQ(http_get(app.port(), "/stats").status, 401);
  EXPECT_EQ(http_get(app.port(), "/metrics").status, 401);
  EXPECT_EQ(http_get(app.port(), "/metrics", "Authorization: Bearer s3cret\r\n").status, 200);
  EXPECT_EQ(http_get(app.port(), "/health").status, 200);
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// Unknown paths are 404; known paths with the wrong method are 405 with Allow.
TEST(LiveApp, UnknownRoutesAndMethods) {
  const std::string dir = temp_dir("routes");
  StandInThread analyzer(stand_in_on(0));
  LiveAppThread app(live_scenario("routes", {analyzer.port()}, {1.0}, dir), live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();

  EXPECT_EQ(http_get(app.port(), "/nope").status, 404);
  const HttpReply get_ingest = http_get(app.port(), "/ingest");
  EXPECT_EQ(get_ingest.status, 405);
  EXPECT_EQ(get_ingest.header("allow"), "POST");
  EXPECT_EQ(http_post(app.port(), "/stats", "x").status, 405);
  EXPECT_EQ(http_get(app.port(), "/health?verbose=1").status, 200);
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// GET /metrics speaks the Prometheus text format: counters, per-analyzer
// series with an analyzer label, gauges and a latency histogram.
TEST(LiveApp, MetricsInPrometheusFormat) {
  const std::string dir = temp_dir("metrics");
  StandInThread analyzer(stand_in_on(0));
  LiveAppThread app(live_scenario("metrics", {analyzer.port()}, {1.0}, dir), live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  for (int i = 0; i < 3; ++i) ASSERT_EQ(http_post(app.port(), "/ingest", "m").status, 202);
  ASSERT_TRUE(wait_until([&] { return json_number(http_get(app.port(), "/stats").body, "delivered") == 3; }));

  const HttpReply m = http_get(app.port(), "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.header("content-type"), "text/plain; version=0.0.4");
  for (const char* line : {"# TYPE logsim_offered_total counter\nlogsim_offered_total 3\n",
                           "logsim_accepted_total 3\n", "logsim_delivered_total 3\n", "logsim_rejected_total 0\n",
                           "logsim_dead_lettered_total 0\n", "logsim_retries_total 0\n",
                           "logsim_analyzer_sent_total{analyzer=\"a1\"} 3\n",
                           "logsim_analyzer_delivered_total{analyzer=\"a1\"} 3\n",
                           "logsim_analyzer_failed_total{analyzer=\"a1\"} 0\n", "# TYPE logsim_queue_depth gauge\n",
                           "logsim_in_flight 0\n", "logsim_analyzer_healthy{analyzer=\"a1\"} 1\n",
                           "# TYPE logsim_delivery_latency_seconds histogram\n",
                           "logsim_delivery_latency_seconds_bucket{le=\"+Inf\"} 3\n",
                           "logsim_delivery_latency_seconds_count 3\n"}) {
    EXPECT_NE(m.body.find(line), std::string::npos) << line;
  }
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// "The timeline, distribution and events CSVs are written live (flushed
// each interval), in the same format" — readable while the run goes on.
TEST(LiveApp, WritesCsvFilesWhileRunning) {
  const std::string dir = temp_dir("csv");
  StandInThread analyzer(stand_in_on(0));
  Scenario s = live_scenario("csv", {analyzer.port()}, {1.0}, dir);
  s.sample_interval = 20 * kNsPerMs;
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  ASSERT_EQ(http_post(app.port(), "/ingest", "csv").status, 202);
  const std::string out = dir + "/out";
  // Columns 1 and 4 are offered and delivered per interval.
  auto column_total = [&](std::size_t column) {
    long long total = 0;
    const auto lines = read_lines(out + "/timeline.csv");
    for (std::size_t i = 1; i < lines.size(); ++i) {
      std::stringstream row(lines[i]);
      std::string cell;
      for (std::size_t k = 0; k <= column && std::getline(row, cell, ','); ++k) {
      }
      total += std::atoll(cell.c_str());
    }
    return total;
  };
  ASSERT_TRUE(wait_until([&] { return column_total(1) == 1 && column_total(4) == 1; }));
  EXPECT_EQ(read_lines(out + "/timeline.csv").front().rfind("time_s,offered,accepted,rejected,delivered", 0), 0u);
  EXPECT_GE(read_lines(out + "/distribution.csv").size(), 2u);
  EXPECT_EQ(app.shutdown(), kExitOk);
  EXPECT_TRUE(std::filesystem::exists(out + "/events.csv"));
  EXPECT_TRUE(std::filesystem::exists(out + "/summary.json"));
}

// Settings that cannot work are bad input (exit 2), a port in use is a
// runtime failure (exit 3).
TEST(LiveApp, StartRejectsBadSettings) {
  const std::string dir = temp_dir("bad");
  Scenario s = live_scenario("bad", {9}, {1.0}, dir);
  s.distributor.analyzers[0].url = "";
  std::string error;
  EXPECT_EQ(LiveApp(s, live_options(dir)).start(&error), kExitBadInput);
  EXPECT_NE(error.find("needs a url"), std::string::npos) << error;
  s.distributor.analyzers[0].url = "https://127.0.0.1:9";
  EXPECT_EQ(LiveApp(s, live_options(dir)).start(&error), kExitBadInput);

  StandInThread taken(stand_in_on(0));
  s = live_scenario("bad", {9}, {1.0}, dir);
  s.live.listen = "127.0.0.1:" + std::to_string(taken.port());
  EXPECT_EQ(LiveApp(s, live_options(dir)).start(&error), kExitRuntimeFailure);
  EXPECT_NE(error.find("cannot listen"), std::string::npos) << error;
}

}  // namespace
}  // namespace logsim

// The HTTP/1.1 server under hostile and unusual clients: malformed input,
// oversized bodies, slow and idle clients, pipelining, chunked bodies and
// the connection limit. After each, the server must keep serving others.
// Exercised through the live distributor and the stand-in, which are the
// server's real handlers.
#include "core/live/http_server.h"

#include <gtest/gtest.h>

#include "core/live/live_app.h"
#include "tests/live/live_test_util.h"

namespace logsim {
namespace {

using namespace logsim::testing;

class HttpServerTest : public ::testing::Test {
 protected:
  void start(const std::function<void(Scenario&)>& tweak = {}) {
    dir_ = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    analyzer_ = std::make_unique<StandInThread>(stand_in_on(0));
    ASSERT_TRUE(analyzer_->started());
    Scenario s = live_scenario("server", {analyzer_->port()}, {1.0}, dir_);
    if (tweak) tweak(s);
    app_ = std::make_unique<LiveAppThread>(s, live_options(dir_));
    ASSERT_EQ(app_->start_rc(), kExitOk) << app_->error();
  }
  void TearDown() override {
    if (app_) {
      EXPECT_EQ(app_->shutdown(), kExitOk);
    }
  }
  int port() const { return app_->port(); }
  void expect_still_serving() { EXPECT_EQ(http_get(port(), "/health").status, 200); }

  std::string dir_;
  std::unique_ptr<StandInThread> analyzer_;
  std::unique_ptr<LiveAppThread> app_;
};

// "400 malformed": garbage gets a 400 and a closed connection.
TEST_F(HttpServerTest, MalformedRequestGets400AndClose) {
  start();
  for (const char* garbage : {"GARBAGE\r\n\r\n", "GET /health HTTP/1.1\r\nBad Header\r\n\r\n",
                              "POST /ingest HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                              "POST /ingest HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n"}) {
    TestConnection c(port());
    ASSERT_TRUE(c.send_raw(garbage));
    const HttpReply r = c.read_reply();
    EXPECT_EQ(r.status, 400) << garbage;
    EXPECT_FALSE(r.keep_alive) << garbage;
    EXPECT_TRUE(c.peer_closed()) << garbage;
  }
  TestConnection future(port());
  ASSERT_TRUE(future.send_raw("GET /health HTTP/9.9\r\n\r\n"));
  EXPECT_EQ(future.read_reply().status, 505);
  TestConnection binary(port());
  ASSERT_TRUE(binary.send_raw(std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03", 11)));  // a TLS hello
  EXPECT_EQ(binary.read_reply().status, 400);
  expect_still_serving();
}

// "413 over max_body_bytes", whether the size is declared or chunked.
TEST_F(HttpServerTest, OversizedBodyGets413) {
  start([](Scenario& s) { s.live.max_body_bytes = 1000; });
  EXPECT_EQ(http_post(port(), "/ingest", std::string(1000, 'x')).status, 202);
  EXPECT_EQ(http_post(port(), "/ingest", std::string(1001, 'x')).status, 413);
  TestConnection chunked(port());
  std::string req = "POST /ingest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) req += "1f4\r\n" + std::string(500, 'y') + "\r\n";
  req += "0\r\n\r\n";
  ASSERT_TRUE(chunked.send_raw(req));
  EXPECT_EQ(chunked.read_reply().status, 413);
  expect_still_serving();
  const std::string stats = http_get(port(), "/stats").body;
  EXPECT_EQ(json_number(stats, "offered"), 1);
}

// Headers beyond the parser's limit get 431, not a crash.
TEST_F(HttpServerTest, HugeHeaderGets431) {
  start();
  TestConnection c(port());
  ASSERT_TRUE(c.send_raw("GET /health HTTP/1.1\r\nX-Big: " + std::string(100 * 1024, 'h') + "\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 431);
  expect_still_serving();
}

// A chunked body is decoded and forwarded as one body.
TEST_F(HttpServerTest, ChunkedBodyIsForwardedWhole) {
  start();
  TestConnection c(port());
  ASSERT_TRUE(c.send_raw("POST /ingest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                         "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 202);
  ASSERT_TRUE(wait_until([&] { return analyzer_->analyzer().answered_ok() == 1; }));
  EXPECT_EQ(analyzer_->analyzer().received_bodies(), std::vector<std::string>{"hello world"});
}

// Pipelined requests sent in one write are answered in order on one
// connection.
TEST_F(HttpServerTest, PipelinedRequestsAnsweredInOrder) {
  start();
  TestConnection c(port());
  ASSERT_TRUE(c.send_raw("POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\na"
                         "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n"
                         "POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nb"
                         "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
  HttpReply r = c.read_reply();
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "{\"status\":\"accepted\",\"id\":1}");
  EXPECT_EQ(c.read_reply().status, 404);
  r = c.read_reply();
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "{\"status\":\"accepted\",\"id\":2}");
  EXPECT_EQ(c.read_reply().status, 200);
}

// Many pipelined requests (beyond the server's per-connection backlog, so
// reading pauses and resumes) are all answered, in order.
TEST_F(HttpServerTest, DeepPipelineIsAnsweredCompletely) {
  start([](Scenario& s) { s.distributor.queue_capacity = 5000; });
  TestConnection c(port());
  std::string burst;
  for (int i = 0; i < 500; ++i) burst += "POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nz";
  ASSERT_TRUE(c.send_raw(burst));
  for (int i = 1; i <= 500; ++i) {
    const HttpReply r = c.read_reply();
    ASSERT_EQ(r.status, 202) << i;
    ASSERT_EQ(json_number(r.body, "id"), i);
  }
}

// A handler that answers later (the stand-in's latency) still keeps the
// answers in request order.
TEST(HttpServerOrder, DelayedAnswerKeepsPipelineOrder) {
  StandInThread analyzer(stand_in_on(0, 100 * kNsPerMs));
  ASSERT_TRUE(analyzer.started());
  TestConnection c(analyzer.port());
  ASSERT_TRUE(c.send_raw("POST /analyze HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx"
                         "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"));
  HttpReply first = c.read_reply();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "{\"status\":\"ok\"}");
  HttpReply second = c.read_reply();
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "ok\n");
}

// header_timeout: a client that never finishes its headers gets 408 and is
// closed; others are served meanwhile.
TEST_F(HttpServerTest, SlowHeadersGet408) {
  start([](Scenario& s) { s.live.header_timeout = 200 * kNsPerMs; });
  TestConnection slow(port());
  ASSERT_TRUE(slow.send_raw("POST /ingest HTTP/1.1\r\nHost: t\r\n"));
  expect_still_serving();
  const HttpReply r = slow.read_reply();
  EXPECT_EQ(r.status, 408);
  EXPECT_TRUE(slow.peer_closed());
  expect_still_serving();
}

// A body that stalls is cut off like slow headers.
TEST_F(HttpServerTest, StalledBodyGets408) {
  start([](Scenario& s) { s.live.idle_timeout = 200 * kNsPerMs; });
  TestConnection slow(port());
  ASSERT_TRUE(slow.send_raw("POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_EQ(slow.read_reply().status, 408);
  expect_still_serving();
  EXPECT_EQ(json_number(http_get(port(), "/stats").body, "offered"), 0);
}

// idle_timeout: a keep-alive connection with nothing to do is closed.
TEST_F(HttpServerTest, IdleConnectionIsClosed) {
  start([](Scenario& s) { s.live.idle_timeout = 200 * kNsPerMs; });
  TestConnection idle(port());
  ASSERT_EQ(idle.request("GET", "/health").status, 200);
  EXPECT_TRUE(idle.peer_closed());
  expect_still_serving();
}

// A client that pipelines requests but never reads the answers stops being
// read once a bounded amount of answers is buffered, and is closed when the
// idle timeout passes; the server's memory does not grow with its requests.
TEST_F(HttpServerTest, ClientThatNeverReadsIsCutOff) {
  start([](Scenario& s) { s.live.idle_timeout = 300 * kNsPerMs; });
  {
    TestConnection hog(port());
    std::string burst;
    for (int i = 0; i < 2000; ++i) burst += "GET /health HTTP/1.1\r\nHost: t\r\n\r\n";
    for (int i = 0; i < 40 && hog.send_raw(burst); ++i) {
    }
    EXPECT_TRUE(wait_until([&] {
      return http_get(port(), "/metrics").body.find("logsim_http_connections 1\n") != std::string::npos;
    }));
  }
  expect_still_serving();
}

// max_connections: connections beyond the limit get 503 and are closed;
// capacity returns when a connection closes.
TEST_F(HttpServerTest, ConnectionLimitRefusesExtraConnections) {
  start([](Scenario& s) { s.live.max_connections = 2; });
  auto first = std::make_unique<TestConnection>(port());
  TestConnection second(port());
  ASSERT_EQ(first->request("GET", "/health").status, 200);
  ASSERT_EQ(second.request("GET", "/health").status, 200);
  TestConnection third(port());
  const HttpReply refused = third.read_reply();
  EXPECT_EQ(refused.status, 503);
  EXPECT_TRUE(third.peer_closed());
  first.reset();
  EXPECT_TRUE(wait_until([&] { return http_get(port(), "/health").status == 200; }));
}

// "Expect: 100-continue" (curl, bodies over 1 KiB) gets its interim answer
// before the body is sent.
TEST_F(HttpServerTest, ExpectContinueGetsInterimAnswer) {
  start();
  TestConnection c(port());
  const std::string body(2000, 'e');
  ASSERT_TRUE(c.send_raw("POST /ingest HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2000\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 100);
  ASSERT_TRUE(c.send_raw(body));
  EXPECT_EQ(c.read_reply().status, 202);
}

// HTTP/1.0 without keep-alive gets its answer and a closed connection.
TEST_F(HttpServerTest, Http10ClosesAfterAnswer) {
  start();
  TestConnection c(port());
  ASSERT_TRUE(c.send_raw("GET /health HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(c.read_reply().status, 200);
  EXPECT_TRUE(c.peer_closed());
}

}  // namespace
}  // namespace logsim

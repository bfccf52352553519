// The HTTP client to analyzers: how each way a send can end maps onto a
// SendOutcome (SPEC §4.5), keep-alive reuse, and the runtime seam's
// contract (one report per request, never from inside request(), within the
// timeout).
#include "core/live/http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>

#include "tests/live/live_test_util.h"
#include "tests/live/loop_thread.h"
#include "tests/live/scripted_server.h"

namespace logsim {
namespace {

using testing::LoopThread;
using testing::ScriptedServer;
using testing::reply_with;
using testing::wait_until;


// Records every report, and whether one arrived from inside request().
class Recorder final : public HttpClientListener {
 public:
  void on_http_done(std::uint64_t tag, const HttpClientResult& result) override {
    if (inside_request) reported_inside = true;
    std::lock_guard<std::mutex> lock(mutex);
    results[tag].push_back(result);
    ++count;
  }
  std::vector<HttpClientResult> of(std::uint64_t tag) {
    std::lock_guard<std::mutex> lock(mutex);
    return results[tag];
  }
  bool inside_request = false;
  std::atomic<bool> reported_inside{false};
  std::atomic<int> count{0};
  std::mutex mutex;
  std::map<std::uint64_t, std::vector<HttpClientResult>> results;
};

// Runs requests against `port` from the loop thread and returns the first
// report of each.
class ClientFixture {
 public:
  explicit ClientFixture(int port, std::size_t max_connections = 4) {
    Endpoint e;
    std::string error;
    EXPECT_TRUE(parse_http_url("http://127.0.0.1:" + std::to_string(port), &e, &error)) << error;
    loop_.run_sync([&] { client_ = std::make_unique<HttpClient>(loop_.loop(), e, max_connections, recorder_); });
  }
  ~ClientFixture() {
    loop_.stop([this] { client_->close(); });
    // The loop ran the close callbacks before it stopped.
    client_.reset();
  }
  void send(std::uint64_t tag, TimeNs timeout = 5 * kNsPerSec, const std::string& body = "payload") {
    loop_.run_sync([&] {
      recorder_.inside_request = true;
      client_->request(tag, "POST", "/analyze", "Content-Type: text/plain\r\n", body, timeout);
      recorder_.inside_request = false;
    });
  }
  HttpClientResult wait(std::uint64_t tag) {
    EXPECT_TRUE(wait_until([&] { return !recorder_.of(tag).empty(); })) << "no report for tag " << tag;
    auto r = recorder_.of(tag);
    return r.empty() ? HttpClientResult{SendOutcome::kOk, -1} : r.front();
  }
  Recorder& recorder() { return recorder_; }
  std::size_t connections() {
    std::size_t n = 0;
    loop_.run_sync([&] { n = client_->connection_count(); });
    return n;
  }

 private:
  LoopThread loop_;
  Recorder recorder_;
  std::unique_ptr<HttpClient> client_;
};

struct StatusCase {
  int status;
  SendOutcome outcome;
};

class HttpClientStatus : public ::testing::TestWithParam<StatusCase> {};

// "Success (2xx): delivered ... Failure (refused, reset, timeout, 5xx, 429):
// retry ... Other 4xx: dead-lettered at once" (SPEC §4.4-5).
TEST_P(HttpClientStatus, MapsStatusToOutcome) {
  ScriptedServer server(ScriptedServer::Action::kReply, reply_with(GetParam().status));
  ClientFixture client(server.port());
  client.send(1);
  const HttpClientResult r = client.wait(1);
  EXPECT_EQ(r.status, GetParam().status);
  EXPECT_EQ(r.outcome, GetParam().outcome);
}

INSTANTIATE_TEST_SUITE_P(Statuses, HttpClientStatus,
                         ::testing::Values(StatusCase{200, SendOutcome::kOk}, StatusCase{204, SendOutcome::kOk},
                                           StatusCase{500, SendOutcome::kServerError},
                                           StatusCase{503, SendOutcome::kServerError},
                                           StatusCase{429, SendOutcome::kThrottled},
                                           StatusCase{400, SendOutcome::kRejected},
                                           StatusCase{404, SendOutcome::kRejected}));

// A port nobody listens on is a crashed analyzer: refused.
TEST(HttpClient, ClosedPortIsRefused) {
  ClientFixture client(testing::free_port());
  client.send(1);
  EXPECT_EQ(client.wait(1).outcome, SendOutcome::kRefused);
  EXPECT_FALSE(client.recorder().reported_inside);
}

// A connection closed after the request went out, before any answer: reset.
TEST(HttpClient, CloseMidRequestIsReset) {
  ScriptedServer server(ScriptedServer::Action::kClose);
  ClientFixture client(server.port());
  client.send(1);
  EXPECT_EQ(client.wait(1).outcome, SendOutcome::kReset);
}

// No answer within the request's timeout: timeout, reported once.
TEST(HttpClient, SilentServerTimesOut) {
  ScriptedServer server(ScriptedServer::Action::kSilent);
  ClientFixture client(server.port());
  client.send(1, 100 * kNsPerMs);
  EXPECT_EQ(client.wait(1).outcome, SendOutcome::kTimeout);
  EXPECT_EQ(client.recorder().of(1).size(), 1u);
}

// Keep-alive: sequential requests travel over one connection.
TEST(HttpClient, ReusesIdleConnection) {
  ScriptedServer server(ScriptedServer::Action::kReply, reply_with(200));
  ClientFixture client(server.port());
  for (std::uint64_t tag = 1; tag <= 5; ++tag) {
    client.send(tag);
    EXPECT_EQ(client.wait(tag).outcome, SendOutcome::kOk);
  }
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(server.requests(), 5);
}

// A response saying "Connection: close" is honoured: the next request opens
// a new connection and still succeeds.
TEST(HttpClient, HonoursConnectionClose) {
  ScriptedServer server(ScriptedServer::Action::kReply, reply_with(200, "Connection: close\r\n"));
  ClientFixture client(server.port());
  client.send(1);
  EXPECT_EQ(client.wait(1).outcome, SendOutcome::kOk);
  client.send(2);
  EXPECT_EQ(client.wait(2).outcome, SendOutcome::kOk);
  EXPECT_EQ(server.accepted(), 2);
}

// The pool is bounded: more concurrent requests than connections wait for
// one, and every request is still answered exactly once.
TEST(HttpClient, BoundedPoolQueuesExcessRequests) {
  StandInOptions o = testing::stand_in_on(0, 20 * kNsPerMs);
  testing::StandInThread analyzer(o);
  ASSERT_TRUE(analyzer.started());
  ClientFixture client(analyzer.port(), 2);
  for (std::uint64_t tag = 1; tag <= 10; ++tag) client.send(tag);
  for (std::uint64_t tag = 1; tag <= 10; ++tag) EXPECT_EQ(client.wait(tag).outcome, SendOutcome::kOk);
  EXPECT_LE(client.connections(), 2u);
  EXPECT_EQ(client.recorder().count.load(), 10);
  EXPECT_EQ(analyzer.analyzer().received(), 10u);
}

}  // namespace
}  // namespace logsim

// The HTTP server (through the live distributor and the stand-in, its real
// handlers) against hostile clients that http_server_test.cc does not
// already cover: many idle connections past max_connections, slowloris
// headers, trickling bodies, oversized header blocks, bad chunked and
// framing variants, pipelined garbage, abrupt disconnects mid-request,
// random non-HTTP bytes, a half-close after a deep pipeline, and memory
// over repeated rounds. Each gets the right status or a close, a bystander
// client on its own keep-alive connection is served throughout, and
// nothing a hostile client sent is accepted unless it was a complete
// request. Also the safe defaults of live mode (loopback, the token check,
// header values that cannot inject into the forwarded request).
#include <gtest/gtest.h>
#include <poll.h>

#include <atomic>

#include "cmd/commands.h"
#include "core/live/live_app.h"
#include "core/rng.h"
#include "sim/scenario_loader.h"
#include "tests/live/live_test_util.h"

namespace logsim {
namespace {

using namespace logsim::testing;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // ASan's quarantine makes RSS meaningless
#else
constexpr bool kSanitized = false;
#endif

// A client on a raw blocking socket, for what TestConnection cannot do:
// half-close, reset, trickle, and read everything up to the server's close.
class RawClient {
 public:
  explicit RawClient(int port, int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{10, 0};  // failure guard only
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  int fd() const { return fd_; }
  // False once the server has gone.
  bool send(std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }
  // Closes with a reset (RST) instead of an orderly FIN.
  void reset() {
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd_);
    fd_ = -1;
  }
  // True when the server has sent something (or closed).
  bool readable() {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }
  // Everything the server sends until it closes (or the guard passes).
  std::string read_to_close() {
    std::string all;
    char buf[65536];
    for (int i = 0; i < 100000; ++i) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = n == 0 || errno == ECONNRESET;
        break;
      }
      all.append(buf, static_cast<std::size_t>(n));
    }
    return all;
  }
  // Whether read_to_close ended with the server's close (not the guard).
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool closed_ = false;
};

// The status of the first response in `bytes`, 0 if there is none.
int first_status(const std::string& bytes) {
  if (bytes.rfind("HTTP/1.1 ", 0) != 0 || bytes.size() < 12) return 0;
  return std::atoi(bytes.c_str() + 9);
}

std::vector<int> statuses(const std::string& bytes) {
  std::vector<int> out;
  for (std::size_t at = bytes.find("HTTP/1.1 "); at != std::string::npos; at = bytes.find("HTTP/1.1 ", at + 1)) {
    out.push_back(std::atoi(bytes.c_str() + at + 9));
  }
  return out;
}

long self_rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

long long metric(int port, const std::string& name) {
  const std::string body = http_get(port, "/metrics").body;
  const auto at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::atoll(body.c_str() + at + name.size() + 2);
}

// An ordinary client that keeps posting on one keep-alive connection while
// a test is hostile to the server; every one of its packets must be
// accepted.
class Bystander {
 public:
  explicit Bystander(int port) : connection_(port) {
    thread_ = std::thread([this] {
      for (int i = 0; i < 100000 && !stop_.load(); ++i) {
        const HttpReply r = connection_.request("POST", "/ingest", "bystander " + std::to_string(i));
        (r.status == 202 ? accepted_ : failed_).fetch_add(1);
        if (r.status != 202) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  ~Bystander() { stop(); }
  void stop() {
    stop_.store(true);
    if (thread_.joinable()) thread_.join();
  }
  std::uint64_t accepted() const { return accepted_.load(); }
  std::uint64_t failed() const { return failed_.load(); }

 private:
  TestConnection connection_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::thread thread_;
};

class HostileClients : public ::testing::Test {
 protected:
  void start(const std::function<void(Scenario&)>& tweak = {}) {
    dir_ = temp_dir(std::string("hostile-") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    StandInOptions o = stand_in_on(0);
    o.record_bodies = false;
    analyzer_ = std::make_unique<StandInThread>(o);
    ASSERT_TRUE(analyzer_->started());
    Scenario s = live_scenario("hostile", {analyzer_->port()}, {1.0}, dir_);
    s.distributor.queue_capacity = 5000;
    if (tweak) tweak(s);
    app_ = std::make_unique<LiveAppThread>(s, live_options(dir_));
    ASSERT_EQ(app_->start_rc(), kExitOk) << app_->error();
    bystander_ = std::make_unique<Bystander>(port());
    ASSERT_TRUE(wait_until([&] { return bystander_->accepted() > 0; }));
  }
  // Stops the bystander (which must never have failed) and checks that the
  // distributor was offered exactly its packets plus `extra`, and still
  // answers its health route.
  void expect_only_bystander_offered(long long extra = 0) {
    bystander_->stop();
    EXPECT_EQ(bystander_->failed(), 0u) << "the bystander was refused service";
    EXPECT_EQ(json_number(http_get(port(), "/stats").body, "offered"),
              static_cast<long long>(bystander_->accepted()) + extra);
    EXPECT_EQ(http_get(port(), "/health").status, 200);
  }
  void TearDown() override {
    if (bystander_) bystander_->stop();
    if (app_) {
      EXPECT_EQ(app_->shutdown(), kExitOk);
    }
  }
  int port() const { return app_->port(); }

  std::string dir_;
  std::unique_ptr<StandInThread> analyzer_;
  std::unique_ptr<LiveAppThread> app_;
  std::unique_ptr<Bystander> bystander_;
};

// "max_connections: further connections get a 503 and are closed"; idle
// connections that never send a byte are closed at header_timeout, which
// gives the capacity back. A client already connected is served throughout.
TEST_F(HostileClients, IdleConnectionsPastTheLimitAreRefusedThenReaped) {
  constexpr int kLimit = 16;
  constexpr int kIdle = 64;
  start([](Scenario& s) {
    s.live.max_connections = kLimit;
    s.live.header_timeout = 1 * kNsPerSec;
  });
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < kIdle; ++i) {
    idle.push_back(std::make_unique<RawClient>(port()));
    ASSERT_TRUE(idle.back()->connected());
  }
  int refused = 0, reaped = 0;
  for (auto& c : idle) {
    const std::string got = c->read_to_close();
    EXPECT_TRUE(c->closed());
    if (got.empty()) {
      ++reaped;  // idle past header_timeout: closed without an answer
    } else {
      EXPECT_EQ(first_status(got), 503) << got;
      EXPECT_NE(got.find("Retry-After: 1\r\n"), std::string::npos) << got;
      ++refused;
    }
  }
  EXPECT_EQ(refused + reaped, kIdle);
  EXPECT_GT(refused, 0);
  EXPECT_GE(reaped, kLimit - 1);  // the bystander holds one slot
  // Capacity is back: only the bystander's and this request's connections.
  EXPECT_TRUE(wait_until([&] { return metric(port(), "logsim_http_connections") == 2; }));
  expect_only_bystander_offered();
}

// header_timeout runs from a request's first byte, so a slowloris client
// that keeps sending one header byte at a time is still cut off with 408.
TEST_F(HostileClients, SlowlorisHeadersAreCutOffWith408) {
  start([](Scenario& s) {
    s.live.header_timeout = 300 * kNsPerMs;
    s.live.idle_timeout = 30 * kNsPerSec;
  });
  RawClient slow(port());
  ASSERT_TRUE(slow.send("POST /ingest HTTP/1.1\r\nHost: t\r\nX-Slow: "));
  for (int i = 0; i < 2000 && !slow.readable() && slow.send("a"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const std::string got = slow.read_to_close();
  EXPECT_EQ(first_status(got), 408) << got;
  EXPECT_TRUE(slow.closed());
  expect_only_bystander_offered();
}

// idle_timeout applies between reads of a body, not to the whole body: a
// body that trickles in faster than that is accepted, and costs one
// connection slot and at most max_body_bytes meanwhile.
TEST_F(HostileClients, TricklingBodyIsAcceptedWhileOthersAreServed) {
  start([](Scenario& s) { s.live.idle_timeout = 1 * kNsPerSec; });
  const std::string body(40, 'b');
  TestConnection trickle(port());
  ASSERT_TRUE(trickle.send_raw("POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 40\r\n\r\n"));
  for (char ch : body) {
    ASSERT_TRUE(trickle.send_raw(std::string(1, ch)));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(trickle.read_reply().status, 202);
  expect_only_bystander_offered(1);
}

// Header blocks over the parser's limits (100 headers, 80 KiB including the
// request line) get 431 and a close.
TEST_F(HostileClients, OversizedHeaderBlocksGet431) {
  start();
  std::string many = "GET /health HTTP/1.1\r\n";
  for (int i = 0; i < 101; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  std::string wide = "GET /health HTTP/1.1\r\n";
  for (int i = 0; i < 90; ++i) wide += "X-H" + std::to_string(i) + ": " + std::string(1000, 'v') + "\r\n";
  const std::string long_url = "GET /" + std::string(100 * 1024, 'u') + " HTTP/1.1\r\n";
  for (const std::string& request : {many + "\r\n", wide + "\r\n", long_url + "\r\n"}) {
    RawClient c(port());
    c.send(request);
    c.shutdown_write();
    const std::string got = c.read_to_close();
    EXPECT_EQ(first_status(got), 431) << request.substr(0, 60);
    EXPECT_TRUE(c.closed());
  }
  expect_only_bystander_offered();
}

// Bad chunked encodings and contradictory framing get 400 and a close; none
// of them becomes a packet. (The parser is lenient where RFC 9112 lets a
// server be: chunk extensions are ignored, and a chunk longer than its size
// line reads as the start of the next one, which then never completes.)
TEST_F(HostileClients, BadChunkedAndFramingGet400OrClose) {
  start();
  const std::string chunked = "POST /ingest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::pair<std::string, int> cases[] = {
      {chunked + "zz\r\nhello\r\n0\r\n\r\n", 400},               // size not hex
      {chunked + "fffffffffffffffffff\r\nx\r\n0\r\n\r\n", 400},  // size overflows 64 bits
      {chunked + "-5\r\nhello\r\n0\r\n\r\n", 400},               // negative size
      {chunked + "5\r\nhello0\r\n\r\n", 400},                    // no CRLF after the data
      {chunked + "5\r\nhello\r\n0\r\nno colon\r\n\r\n", 400},    // bad trailer
      {chunked + "3\r\nabcdef\r\n0\r\n\r\n", 0},                 // longer than its size: never completes
      {"POST /ingest HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400},
      {"POST /ingest HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\nhello", 400},
      {"POST /ingest HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400},
      {"POST /ingest HTTP/1.1\r\nContent-Length: -1\r\n\r\nab", 400},
      {"POST /ingest HTTP/1.1\r\nContent-Length: 1x\r\n\r\nab", 400},
      {"POST /ingest HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\nab", 400},
  };
  for (const auto& [request, status] : cases) {
    RawClient c(port());
    c.send(request);
    c.shutdown_write();
    const std::string got = c.read_to_close();
    EXPECT_EQ(first_status(got), status) << request;
    EXPECT_TRUE(c.closed()) << request;
  }
  expect_only_bystander_offered();
}

// Garbage after valid pipelined requests: the valid ones are answered (and
// the packet accepted exactly once), then 400 and a close; nothing after the
// garbage is read.
TEST_F(HostileClients, PipelinedGarbageIsAnsweredInOrderThenClosed) {
  start();
  RawClient c(port());
  c.send(
      "POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\na"
      "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"
      "\x16\x03\x01 not http\r\n\r\n"
      "POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nb");
  const std::string got = c.read_to_close();
  EXPECT_EQ(statuses(got), (std::vector<int>{202, 200, 400})) << got;
  EXPECT_TRUE(c.closed());
  expect_only_bystander_offered(1);
}

// The same when the handler answers later (the stand-in's latency): the 400
// waits for the earlier answer and goes out after it.
TEST(HostileClientsStandIn, GarbageAfterAPendingRequestWaitsForItsAnswer) {
  StandInThread analyzer(stand_in_on(0, 100 * kNsPerMs));
  ASSERT_TRUE(analyzer.started());
  RawClient c(analyzer.port());
  c.send(
      "POST /analyze HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nx"
      "BREW /pot HTCPCP/1.0\r\n\r\n");
  const std::string got = c.read_to_close();
  EXPECT_EQ(statuses(got), (std::vector<int>{200, 400})) << got;
  EXPECT_EQ(analyzer.analyzer().answered_ok(), 1u);
}

// Clients that vanish mid-request (FIN or RST, in the headers or the body)
// cost nothing: no packet, no connection left behind. A client that sends a
// complete request and leaves before reading has had its packet accepted:
// the 202 it never read is the client's at-least-once problem (it must
// resend), not a loss.
TEST_F(HostileClients, AbruptDisconnectsLeaveNothingBehind) {
  start();
  const std::string head = "POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n";
  int complete = 0;
  for (int i = 0; i < 40; ++i) {
    RawClient c(port());
    ASSERT_TRUE(c.connected());
    switch (i % 5) {
      case 0:
        c.send(head.substr(0, 20));  // mid request line, then FIN
        break;
      case 1:
        c.send(head + std::string(500, 'x'));  // mid body, then FIN
        break;
      case 2:
        c.send(head + std::string(500, 'x'));  // mid body, then RST
        c.reset();
        break;
      case 3:
        c.send(head.substr(0, 40));  // mid headers, then RST
        c.reset();
        break;
      case 4:
        c.send(head + std::string(1000, 'x'));  // complete, then gone unread
        ++complete;
        break;
    }
  }
  // Once every hostile connection is closed, all it sent has been read.
  EXPECT_TRUE(wait_until([&] { return metric(port(), "logsim_http_connections") == 2; }));
  expect_only_bystander_offered(complete);
  EXPECT_TRUE(wait_until([&] {
    const std::string stats = http_get(port(), "/stats").body;
    return json_number(stats, "delivered") == json_number(stats, "accepted");
  }));
}

// Bytes that are not HTTP (seeded random bytes, a TLS hello, an SSH banner,
// the HTTP/2 preface, NULs) get a 4xx/5xx and a close, or just a close when
// they never form a request; none is accepted.
TEST_F(HostileClients, NonHttpBytesGetAnErrorOrAClose) {
  start([](Scenario& s) { s.live.header_timeout = 500 * kNsPerMs; });
  std::vector<std::string> inputs = {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
                                     "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n",
                                     "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
                                     std::string(16, '\0'),
                                     "\r\n\r\n\r\n",
                                     "get /health HTTP/1.1\r\n\r\n",
                                     "GET /health HTTP/1.1\r\nHost: t\r\n\x01\x02: x\r\n\r\n"};
  Rng rng = Rng::stream(1, "hostile/non-http");
  for (int i = 0; i < 100; ++i) {
    std::string bytes(1 + rng.next_below(300), '\0');
    for (char& ch : bytes) ch = static_cast<char>(rng.next_below(256));
    inputs.push_back(bytes);
  }
  int answered = 0;
  for (const std::string& bytes : inputs) {
    RawClient c(port());
    c.send(bytes);
    c.shutdown_write();
    const std::string got = c.read_to_close();
    EXPECT_TRUE(c.closed());
    if (got.empty()) continue;
    const int status = first_status(got);
    EXPECT_TRUE(status == 400 || status == 408 || status == 431 || status == 505) << status;
    ++answered;
  }
  EXPECT_GT(answered, 100);
  expect_only_bystander_offered();
}

// "EOF after pipelined requests still gets their answers": a client that
// half-closes after a pipeline too deep for the socket buffers gets every
// answer, in order, before the server closes. (The server used to close at
// the EOF while answers still waited in its own output buffer.)
TEST(HostileClientsStandIn, HalfCloseAfterDeepPipelineGetsEveryAnswer) {
  StandInOptions o = stand_in_on(0);
  o.record_bodies = false;
  StandInThread analyzer(o);
  ASSERT_TRUE(analyzer.started());
  constexpr int kRequests = 150000;  // ~10 MB of answers: more than loopback buffers hold
  RawClient c(analyzer.port(), 64 * 1024);
  std::string all;
  std::thread reader([&] {
    char buf[16384];
    for (int i = 0; i < 1000000; ++i) {
      const ssize_t n = ::recv(c.fd(), buf, sizeof buf, 0);
      if (n <= 0) break;
      all.append(buf, static_cast<std::size_t>(n));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a slow reader: the server's buffers fill
    }
  });
  std::string pipeline;
  for (int i = 0; i < kRequests; ++i) pipeline += "GET /health HTTP/1.1\r\nHost: t\r\n\r\n";
  EXPECT_TRUE(c.send(pipeline));
  c.shutdown_write();
  reader.join();
  std::size_t answers = 0;
  for (std::size_t at = all.find("HTTP/1.1 200 OK"); at != std::string::npos;
       at = all.find("HTTP/1.1 200 OK", at + 1)) {
    ++answers;
  }
  EXPECT_EQ(answers, static_cast<std::size_t>(kRequests));
}

// Memory stays bounded: rounds of hostile connections (garbage, oversized
// bodies, half-sent requests, resets, deep pipelines that are never read)
// leave no connection behind, and the process's RSS after the tenth round
// is within a few MiB of the RSS after the first.
TEST_F(HostileClients, MemoryStaysBoundedOverRepeatedRounds) {
  start([](Scenario& s) {
    s.live.max_body_bytes = 64 * 1024;
    s.live.idle_timeout = 300 * kNsPerMs;
  });
  std::string pipeline;
  for (int i = 0; i < 2000; ++i) pipeline += "GET /health HTTP/1.1\r\nHost: t\r\n\r\n";
  const std::string big =
      "POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n" + std::string(256 * 1024, 'z');
  auto round = [&] {
    for (int i = 0; i < 50; ++i) {
      RawClient c(port(), i % 5 == 4 ? 4096 : 0);
      switch (i % 5) {
        case 0:
          c.send("\x01\x02garbage\r\n\r\n");
          break;
        case 1:
          c.send(big);  // 413, then reset while still sending
          break;
        case 2:
          c.send("POST /ingest HTTP/1.1\r\nContent-Length: 100\r\n\r\nhalf");
          break;
        case 3:
          c.send("POST /ingest HTTP/1.1\r\nContent-Length: 100\r\n\r\nhalf");
          c.reset();
          break;
        case 4:
          c.send(pipeline);  // never reads the answers
          break;
      }
    }
    return wait_until([&] { return metric(port(), "logsim_http_connections") == 2; });
  };
  ASSERT_TRUE(round());
  const long rss_first = self_rss_kb();
  for (int r = 0; r < 9; ++r) ASSERT_TRUE(round()) << "round " << r + 2;
  const long rss_last = self_rss_kb();
  std::printf("[hostile] RSS after round 1: %ld kB, after round 10: %ld kB\n", rss_first, rss_last);
  if (!kSanitized) {
    EXPECT_LT(rss_last, rss_first + 8 * 1024) << "kB";
  }
  expect_only_bystander_offered();
}

// Safe defaults: live mode and the stand-in listen on loopback unless told
// otherwise, also when a scenario has no [live] table.
TEST(SafeDefaults, ListenOnLoopbackUnlessTold) {
  EXPECT_EQ(LiveSettings{}.listen, "127.0.0.1:8000");
  EXPECT_EQ(StandInOptions{}.listen, "127.0.0.1:9001");
  EXPECT_EQ(cmd::AnalyzerCommandOptions{}.listen, "127.0.0.1:9001");
  const LoadResult r = load_scenario_text(
      "[scenario]\nduration = \"1s\"\n[[analyzer]]\nname = \"a\"\nweight = 1\nurl = \"http://127.0.0.1:9001\"\n",
      "defaults.toml");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().to_string());
  EXPECT_EQ(r.scenario->live.listen, "127.0.0.1:8000");
}

// The bearer token is compared whole (constant_time_equals, no early exit
// on the first differing byte): a prefix, an extension, another scheme or
// another case of the token are all refused.
TEST(SafeDefaults, TokenMustMatchExactly) {
  const std::string dir = temp_dir("token");
  StandInThread analyzer(stand_in_on(0));
  ASSERT_TRUE(analyzer.started());
  Scenario s = live_scenario("token", {analyzer.port()}, {1.0}, dir);
  s.live.auth_token = "s3cret-token";
  LiveAppThread app(s, live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  for (const char* header : {"Authorization: Bearer s3cret-toke\r\n", "Authorization: Bearer s3cret-token2\r\n",
                             "Authorization: Bearer S3CRET-TOKEN\r\n", "Authorization: Basic s3cret-token\r\n",
                             "Authorization: s3cret-token\r\n", "Authorization: Bearer \r\n", "Authorization:\r\n",
                             "X-Authorization: Bearer s3cret-token\r\n"}) {
    EXPECT_EQ(http_post(app.port(), "/ingest", "x", header).status, 401) << header;
  }
  EXPECT_EQ(http_post(app.port(), "/ingest", "x", "Authorization: Bearer s3cret-token\r\n").status, 202);
  EXPECT_EQ(app.shutdown(), kExitOk);
}

// No request data reaches a file path or another request's framing: paths
// are matched exactly against the configured routes (never mapped to
// files), and header values with CR, LF or control bytes are refused, so a
// Content-Type cannot smuggle a header into the forwarded request.
TEST(SafeDefaults, RequestDataNeverBecomesAPathOrAHeader) {
  const std::string dir = temp_dir("inject");
  StandInThread analyzer(stand_in_on(0));
  ASSERT_TRUE(analyzer.started());
  LiveAppThread app(live_scenario("inject", {analyzer.port()}, {1.0}, dir), live_options(dir));
  ASSERT_EQ(app.start_rc(), kExitOk) << app.error();
  for (const char* path : {"/../dead-letter.jsonl", "/out/summary.json", "/%2e%2e/%2e%2e/etc/passwd",
                           "/ingest/../stats", "//ingest", "/ingest/", "/INGEST"}) {
    EXPECT_EQ(http_get(app.port(), path).status, 404) << path;
  }
  for (const char* header : {"Content-Type: text/plain\rX-Injected: 1\r\n",
                             "Content-Type: a\x01"
                             "b\r\n",
                             "Content-Type: a\x7f\r\n"}) {
    RawClient c(app.port());
    c.send(std::string("POST /ingest HTTP/1.1\r\nHost: t\r\n") + header + "Content-Length: 1\r\n\r\nx");
    c.shutdown_write();
    EXPECT_EQ(first_status(c.read_to_close()), 400) << header;
  }
  // Folded (obs-fold) values arrive unfolded, without their line break.
  RawClient folded(app.port());
  folded.send(
      "POST /ingest HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain;\r\n charset=utf-8\r\nContent-Length: 1\r\n\r\nx");
  folded.shutdown_write();
  const int folded_status = first_status(folded.read_to_close());
  EXPECT_TRUE(folded_status == 202 || folded_status == 400) << folded_status;
  if (folded_status == 202) {
    ASSERT_TRUE(wait_until([&] { return analyzer.analyzer().answered_ok() == 1; }));
    for (const std::string& type : analyzer.analyzer().received_content_types()) {
      EXPECT_EQ(type.find_first_of("\r\n"), std::string::npos) << type;
    }
  }
  EXPECT_EQ(app.shutdown(), kExitOk);
}

}  // namespace
}  // namespace logsim

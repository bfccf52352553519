// Request parsing apart from sockets: any split of the input gives the same
// requests, limits give their status, and arbitrary bytes give either
// requests or one error status, never a crash (a seeded mutation run: the
// libFuzzer target explores further).
#include "core/live/http_request_parser.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace logsim {
namespace {

class Collector final : public HttpRequestSink {
 public:
  bool on_request(HttpRequest& request) override {
    requests.push_back(request);
    return pause_each;
  }
  std::vector<HttpRequest> requests;
  bool pause_each = false;
};

const std::string kPipeline =
    "POST /ingest?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"
    "POST /ingest HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    "GET http://a/health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

void expect_pipeline(const std::vector<HttpRequest>& r) {
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].path, "/ingest");
  EXPECT_EQ(r[0].body, "hello");
  ASSERT_NE(r[0].header("content-type"), nullptr);
  EXPECT_EQ(*r[0].header("content-type"), "text/plain");
  EXPECT_TRUE(r[0].keep_alive);
  EXPECT_EQ(r[1].body, "abcde");
  EXPECT_EQ(r[2].path, "/health");
  EXPECT_FALSE(r[2].keep_alive);
}

// Requests split at any byte boundary parse the same as in one piece.
TEST(HttpRequestParser, AnySplitGivesTheSameRequests) {
  for (std::size_t cut = 0; cut <= kPipeline.size(); ++cut) {
    Collector sink;
    HttpRequestParser parser(HttpRequestLimits{}, sink);
    std::size_t used = 0;
    ASSERT_EQ(parser.feed(kPipeline.data(), cut, &used), HttpRequestParser::Status::kOk);
    ASSERT_EQ(parser.feed(kPipeline.data() + cut, kPipeline.size() - cut, &used), HttpRequestParser::Status::kOk);
    expect_pipeline(sink.requests);
  }
}

// A sink that pauses after each request gets them one at a time.
TEST(HttpRequestParser, PausesAfterEachRequestWhenAsked) {
  Collector sink;
  sink.pause_each = true;
  HttpRequestParser parser(HttpRequestLimits{}, sink);
  std::string_view rest = kPipeline;
  int pauses = 0;
  while (!rest.empty()) {
    std::size_t used = 0;
    const auto status = parser.feed(rest.data(), rest.size(), &used);
    rest.remove_prefix(used);
    if (status == HttpRequestParser::Status::kPaused) {
      ++pauses;
      parser.resume();
    } else {
      ASSERT_EQ(status, HttpRequestParser::Status::kOk);
    }
  }
  EXPECT_EQ(pauses, 3);
  expect_pipeline(sink.requests);
}

int status_of(const std::string& input, HttpRequestLimits limits = {}) {
  Collector sink;
  HttpRequestParser parser(limits, sink);
  std::size_t used = 0;
  return parser.feed(input.data(), input.size(), &used) == HttpRequestParser::Status::kError ? parser.error_status()
                                                                                               : 0;
}

TEST(HttpRequestParser, LimitsGiveTheirStatus) {
  HttpRequestLimits small;
  small.max_body_bytes = 4;
  small.max_headers = 2;
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", small), 413);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", small), 413);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", small), 431);
  EXPECT_EQ(status_of("GET / HTTP/1.1\r\nA: " + std::string(100000, 'a') + "\r\n\r\n"), 431);
  EXPECT_EQ(status_of("GET / HTTP/2.0\r\n\r\n"), 505);
  EXPECT_EQ(status_of("GET nonsense HTTP/1.1\r\n\r\n"), 400);
  EXPECT_EQ(status_of("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"), 400);
  EXPECT_EQ(status_of("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"), 400);
}

// Seeded mutations of valid requests (byte flips, insertions, deletions,
// truncation): each run ends in requests or one known error status.
TEST(HttpRequestParser, MutatedInputNeverBreaksTheParser) {
  Rng rng(20240601);
  const char specials[] = {'\r', '\n', ':', ' ', '0', 'f', ';', '\0', '\x7f', '\xff'};
  for (int round = 0; round < 20000; ++round) {
    std::string input = kPipeline;
    const int edits = 1 + static_cast<int>(rng.next_below(6));
    for (int e = 0; e < edits && !input.empty(); ++e) {
      const std::size_t at = rng.next_below(input.size());
      const char byte = rng.next_below(2) ? specials[rng.next_below(sizeof specials)]
                                          : static_cast<char>(rng.next_below(256));
      switch (rng.next_below(4)) {
        case 0: input[at] = byte; break;
        case 1: input.insert(input.begin() + static_cast<std::ptrdiff_t>(at), byte); break;
        case 2: input.erase(at, 1 + rng.next_below(8)); break;
        case 3: input.resize(at); break;
      }
    }
    Collector sink;
    HttpRequestLimits limits;
    limits.max_body_bytes = 64;
    HttpRequestParser parser(limits, sink);
    std::size_t used = 0;
    const auto status = parser.feed(input.data(), input.size(), &used);
    if (status == HttpRequestParser::Status::kError) {
      const int s = parser.error_status();
      ASSERT_TRUE(s == 400 || s == 413 || s == 431 || s == 505) << s;
    } else {
      ASSERT_LE(used, input.size());
    }
    for (const HttpRequest& r : sink.requests) ASSERT_LE(r.body.size(), 64u);
  }
}

}  // namespace
}  // namespace logsim

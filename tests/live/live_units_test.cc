// Small pieces of live mode: base64, URL and listen-address parsing, the
// body slab and the dead-letter line format.
#include <gtest/gtest.h>

#include "core/live/base64.h"
#include "core/live/body_store.h"
#include "core/live/dead_letter_log.h"
#include "core/live/endpoint.h"
#include "core/live/http_message.h"
#include "sim/scenario_loader.h"

namespace logsim {
namespace {

// RFC 4648 §10 test vectors, and a round trip through every byte value.
TEST(Base64, MatchesRfcVectorsAndRoundTrips) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},
                                                         {"foo", "Zm9v"},  {"foob", "Zm9vYg=="},  {"fooba", "Zm9vYmE="},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain);
  }
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(base64_decode(base64_encode(all)), all);
  EXPECT_FALSE(base64_decode("Zm9").has_value());
  EXPECT_FALSE(base64_decode("Z=9v").has_value());
}

TEST(Endpoint, ParsesAnalyzerUrls) {
  Endpoint e;
  std::string error;
  ASSERT_TRUE(parse_http_url("http://127.0.0.1:9001", &e, &error)) << error;
  EXPECT_EQ(e.port, 9001);
  EXPECT_EQ(e.path_prefix, "");
  EXPECT_EQ(e.host_header, "127.0.0.1:9001");
  ASSERT_TRUE(parse_http_url("http://[::1]:9002/api/", &e, &error)) << error;
  EXPECT_EQ(e.host, "::1");
  EXPECT_EQ(e.path_prefix, "/api");
  EXPECT_EQ(e.host_header, "[::1]:9002");
  EXPECT_FALSE(parse_http_url("https://127.0.0.1:9001", &e, &error));
  EXPECT_FALSE(parse_http_url("127.0.0.1:9001", &e, &error));
  EXPECT_FALSE(parse_http_url("http://127.0.0.1:99999", &e, &error));
  EXPECT_FALSE(parse_http_url("http://127.0.0.1:9001/?q=1", &e, &error));
}

TEST(Endpoint, ParsesListenAddresses) {
  Endpoint e;
  std::string error;
  ASSERT_TRUE(parse_listen_address("127.0.0.1:8000", &e, &error)) << error;
  EXPECT_EQ(e.port, 8000);
  ASSERT_TRUE(parse_listen_address("127.0.0.1:0", &e, &error)) << error;
  ASSERT_TRUE(parse_listen_address("[::1]:8000", &e, &error)) << error;
  EXPECT_EQ(e.host, "::1");
  EXPECT_FALSE(parse_listen_address("8000", &e, &error));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:http", &e, &error));
}

// Handles are reused after release and each keeps its own body.
TEST(BodyStore, ReusesReleasedEntries) {
  BodyStore store;
  const auto a = store.reserve();
  store.fill(a, "alpha", "text/plain");
  const auto b = store.reserve();
  store.fill(b, "beta", "");
  EXPECT_EQ(store.get(a).body, "alpha");
  EXPECT_EQ(store.get(a).content_type, "text/plain");
  EXPECT_EQ(store.get(b).body, "beta");
  store.release(a);
  EXPECT_EQ(store.live(), 1u);
  const auto c = store.reserve();
  EXPECT_EQ(c, a);
  EXPECT_EQ(store.get(c).body, "");
}

TEST(DeadLetterLog, LineIsOneJsonObject) {
  DeadLetterRecord r;
  r.time = 1500 * kNsPerMs;
  r.id = 42;
  r.attempts = 3;
  r.last_error = "timeout";
  r.analyzers_tried = {"a\"1", "a2"};
  r.reason = "attempts_exhausted";
  r.content_type = "text/plain";
  r.body = "hi\n";
  EXPECT_EQ(dead_letter_json(r),
            "{\"time_s\":1.500,\"id\":42,\"attempts\":3,\"last_error\":\"timeout\",\"analyzers\":[\"a\\\"1\",\"a2\"],"
            "\"reason\":\"attempts_exhausted\",\"content_type\":\"text/plain\",\"bytes\":3,\"body_base64\":\"aGkK\"}\n");
}

TEST(HttpMessage, ConstantTimeEquals) {
  EXPECT_TRUE(constant_time_equals("Bearer abc", "Bearer abc"));
  EXPECT_FALSE(constant_time_equals("Bearer abd", "Bearer abc"));
  EXPECT_FALSE(constant_time_equals("Bearer ab", "Bearer abc"));
  EXPECT_FALSE(constant_time_equals("", "x"));
}

// The shipped live example loads and points at the documented addresses.
TEST(LiveLocalScenario, LoadsWithFourLoopbackAnalyzers) {
  const LoadResult r = load_scenario_file(LOGSIM_SOURCE_DIR "/scenarios/live-local.toml");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().to_string());
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.live.listen, "127.0.0.1:8000");
  ASSERT_EQ(s.distributor.analyzers.size(), 4u);
  const double weights[] = {0.4, 0.3, 0.2, 0.1};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(s.distributor.analyzers[i].url, "http://127.0.0.1:900" + std::to_string(i + 1));
    EXPECT_DOUBLE_EQ(s.distributor.analyzers[i].weight, weights[i]);
  }
}

}  // namespace
}  // namespace logsim

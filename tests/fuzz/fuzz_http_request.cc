// libFuzzer target: any bytes sent to live mode's HTTP server parse into
// requests or one error status (400, 413, 431, 505), never a crash; bodies
// stay within max_body_bytes. The first input byte picks where the stream
// is split, so the fuzzer also explores requests arriving in pieces.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/check.h"
#include "core/live/http_request_parser.h"

namespace {

class Sink final : public logsim::HttpRequestSink {
 public:
  bool on_request(logsim::HttpRequest& request) override {
    LOGSIM_CHECK(request.body.size() <= 4096);
    // Pausing after some requests exercises resume() as the server does.
    return (++requests_ & 1) == 0;
  }

 private:
  unsigned requests_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t cut = data[0] % size;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  Sink sink;
  logsim::HttpRequestLimits limits;
  limits.max_body_bytes = 4096;
  limits.max_headers = 32;
  logsim::HttpRequestParser parser(limits, sink);
  for (std::string_view piece : {input.substr(0, cut), input.substr(std::min(cut, input.size()))}) {
    while (!piece.empty()) {
      std::size_t used = 0;
      const auto status = parser.feed(piece.data(), piece.size(), &used);
      LOGSIM_CHECK(used <= piece.size());
      if (status == logsim::HttpRequestParser::Status::kError) {
        const int s = parser.error_status();
        LOGSIM_CHECK(s == 400 || s == 413 || s == 431 || s == 505);
        return 0;
      }
      if (status == logsim::HttpRequestParser::Status::kUpgrade) return 0;
      piece.remove_prefix(used);
      if (status == logsim::HttpRequestParser::Status::kPaused) {
        parser.resume();
      } else {
        break;
      }
    }
  }
  return 0;
}

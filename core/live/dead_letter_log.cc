#include "core/live/dead_letter_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/live/base64.h"
#include "core/live/http_message.h"
#include "core/live/live_log.h"
#include "sim/csv_output.h"
#include "sim/summary.h"

namespace logsim {

std::string dead_letter_json(const DeadLetterRecord& r) {
  std::string j = "{\"time_s\":" + format_seconds(r.time) + ",\"id\":";
  append_decimal(&j, r.id);
  j += ",\"attempts\":";
  append_decimal(&j, r.attempts);
  j += ",\"last_error\":" + json_quote(r.last_error) + ",\"analyzers\":[";
  for (std::size_t i = 0; i < r.analyzers_tried.size(); ++i) {
    if (i > 0) j += ',';
    j += json_quote(r.analyzers_tried[i]);
  }
  j += "],\"reason\":" + json_quote(r.reason) + ",\"content_type\":" + json_quote(r.content_type) + ",\"bytes\":";
  append_decimal(&j, r.body.size());
  j += ",\"body_base64\":\"" + base64_encode(r.body) + "\"}\n";
  return j;
}

DeadLetterLog::~DeadLetterLog() { close(); }

bool DeadLetterLog::open(const std::string& path, std::string* error) {
  close();
  const std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) {
      *error = "cannot create " + p.parent_path().string() + ": " + ec.message();
      return false;
    }
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    *error = "cannot open dead-letter file " + path + ": " + std::strerror(errno);
    return false;
  }
  path_ = path;
  return true;
}

bool DeadLetterLog::write(const DeadLetterRecord& record) {
  line_ = dead_letter_json(record);
  std::size_t done = 0;
  while (fd_ >= 0 && done < line_.size()) {
    const ssize_t n = ::write(fd_, line_.data() + done, line_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  if (done != line_.size()) {
    ++failed_;
    live_log("dead-letter file %s: cannot write packet %llu: %s", path_.c_str(),
             static_cast<unsigned long long>(record.id), fd_ < 0 ? "not open" : std::strerror(errno));
    return false;
  }
  ++written_;
  return true;
}

void DeadLetterLog::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

}  // namespace logsim

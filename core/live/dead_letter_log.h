// The dead-letter file (SPEC §4.5, §6): one JSON object per line for every
// accepted packet that could not be delivered, with its body, so nothing
// accepted is ever dropped silently. Lines go to the kernel with one
// write(2) each (no user-space buffer to lose in a crash); the file is
// append-only and private to the user (mode 0600: bodies may hold secrets).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace logsim {

struct DeadLetterRecord {
  TimeNs time = 0;  // since the run started
  std::uint64_t id = 0;
  std::uint32_t attempts = 0;
  std::string_view last_error;  // send_outcome_name, or "none" when never sent
  std::vector<std::string_view> analyzers_tried;
  std::string_view reason;  // dead_letter_reason_name
  std::string_view content_type;
  std::string_view body;
};

class DeadLetterLog {
 public:
  DeadLetterLog() = default;
  ~DeadLetterLog();
  DeadLetterLog(const DeadLetterLog&) = delete;
  DeadLetterLog& operator=(const DeadLetterLog&) = delete;

  // Creates the parent folders and opens `path` for appending (mode 0600 if
  // new). Returns false with *error when it cannot.
  bool open(const std::string& path, std::string* error);
  // Appends one line; false (and counted) when the write failed.
  bool write(const DeadLetterRecord& record);
  void close();

  const std::string& path() const { return path_; }
  std::uint64_t written() const { return written_; }
  std::uint64_t failed() const { return failed_; }

 private:
  int fd_ = -1;
  std::string path_;
  std::string line_;  // reused between records
  std::uint64_t written_ = 0;
  std::uint64_t failed_ = 0;
};

// The record as one JSON line (with the trailing newline).
std::string dead_letter_json(const DeadLetterRecord& record);

}  // namespace logsim

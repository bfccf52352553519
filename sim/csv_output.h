// Writes timeline.csv, distribution.csv and events.csv (SPEC §5) into a
// folder. Numbers are formatted with std::to_chars, independent of locale,
// so the same run gives byte-identical files everywhere.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "sim/timeline.h"

namespace logsim {

class CsvOutput final : public TimelineSink {
 public:
  // `analyzer_names` label distribution rows. `flush_each_interval` is for
  // live mode, where files are read while the run goes on.
  CsvOutput(std::vector<std::string> analyzer_names, bool flush_each_interval);
  ~CsvOutput() override;
  CsvOutput(const CsvOutput&) = delete;
  CsvOutput& operator=(const CsvOutput&) = delete;

  // Creates `dir` (and parents) and the three files with their headers.
  // Returns false and sets *error when a file cannot be written.
  bool open(const std::string& dir, std::string* error);
  void close();

  void on_timeline(const TimelineRow& row) override;
  void on_distribution(const DistributionRow& row) override;
  void on_event(const EventRow& row) override;
  void end_interval() override;

 private:
  std::vector<std::string> analyzer_names_;
  bool flush_each_interval_;
  std::FILE* timeline_ = nullptr;
  std::FILE* distribution_ = nullptr;
  std::FILE* events_ = nullptr;
};

// Number formatting used by every output file: seconds with the precision
// needed (no trailing zeros beyond milliseconds), ratios with 6 decimals.
std::string format_seconds(TimeNs t);
std::string format_ms(TimeNs t);         // milliseconds, 3 decimals
std::string format_ratio(double value);  // 6 decimals
std::string format_number(double value); // shortest round-trip form
// Quotes a CSV field when it holds a comma, quote or newline.
std::string csv_field(const std::string& text);

}  // namespace logsim

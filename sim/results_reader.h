// Reads a results folder back for the report: timeline.csv,
// distribution.csv and events.csv (SPEC §5, written by scenario mode or
// live mode alike) and, when present, summary.json; or a sweep folder's
// sweep.csv. Missing optional files and unfinished last lines (a live run
// still writing) are tolerated and noted, never fatal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/csv_reader.h"
#include "sim/json_reader.h"

namespace logsim {

// timeline.csv as columns; latency is NaN where the file leaves it empty.
struct TimelineData {
  std::vector<double> time_s;
  std::vector<double> offered;
  std::vector<double> rejected;
  std::vector<double> delivered;
  std::vector<double> queue_depth;
  std::vector<double> queue_depth_max;
  std::vector<double> reject_rate;
  std::vector<double> latency_p50_ms;
  std::vector<double> latency_p99_ms;
};

// distribution.csv rows of one analyzer, in time order.
struct AnalyzerData {
  std::string name;
  std::vector<double> time_s;
  std::vector<bool> healthy;
  std::vector<double> weight;
  std::vector<double> effective_weight;
  std::vector<double> share;
  double delivered = 0;  // summed over the rows
};

struct EventData {
  double time_s = 0;
  std::string kind;
  std::string analyzer;
  std::string detail;
};

struct RunData {
  std::string dir;
  TimelineData timeline;
  std::vector<AnalyzerData> analyzers;  // in order of first appearance
  std::vector<EventData> events;
  std::optional<JsonValue> summary;  // summary.json, when present and readable
  std::vector<std::string> notes;    // what was missing or skipped, for the reader
};

// Reads `dir`. Returns false with *error only when timeline.csv is missing,
// unreadable or lacks its columns; every other problem becomes a note.
bool read_run_data(const std::string& dir, RunData* data, std::string* error);

// sweep.csv: the varied keys are the columns before "offered".
struct SweepData {
  std::string dir;
  CsvTable table;
  std::vector<std::string> keys;
};

// Returns false with *error when sweep.csv is unreadable or lacks the SPEC
// §5 columns.
bool read_sweep_data(const std::string& dir, SweepData* data, std::string* error);

}  // namespace logsim

// `logsim report RESULTS_DIR` (SPEC §2): one self-contained report.html per
// results folder: inline SVG charts, inline CSS, no script, no network.
//
// A run folder (timeline.csv, from scenario or live mode) gets: the summary
// and every expectation (when summary.json is there), queue depth against
// capacity, the 503 rate, delivered throughput, latency p50/p99, each
// analyzer's share against its target with down periods shaded, scripted
// events and detected health changes as markers, and the events table.
// A sweep folder (sweep.csv) gets the comparison table and overlaid charts,
// one line per variant; each variant's folder gets its own report too,
// linked from the table. A twin folder (live/ and sim/) gets both runs on
// the same charts (sim/report_twin.cc).
#pragma once

#include <string>
#include <vector>

#include "sim/results_reader.h"

namespace logsim {

enum class ReportStatus { kOk, kBadInput, kWriteFailed };

struct ReportResult {
  ReportStatus status = ReportStatus::kOk;
  std::string error;                 // when status is not kOk
  std::vector<std::string> written;  // report.html files, the folder's own first
  std::vector<std::string> notes;    // what was left out and why
};

// Writes report.html into `dir` (and into each variant folder of a sweep).
ReportResult write_report(const std::string& dir);

// The HTML of a run folder's report. `heading` names the run when
// summary.json does not; `back_link` (may be empty) leads to a parent report
// called `back_label`.
std::string render_run_report(const RunData& run, const std::string& heading, const std::string& back_link,
                              const std::string& back_label = "sweep report");

// A `logsim twin` folder: live/ and sim/ run folders side by side (and
// comparison.csv). Its report overlays both timelines on the same charts,
// with the comparison table; live/ and sim/ get their own reports too.
bool is_twin_folder(const std::string& dir);
ReportResult write_twin_report(const std::string& dir);
std::string render_twin_report(const RunData& sim, const RunData& live, const CsvTable* comparison,
                               const std::string& heading);

// The HTML of a sweep folder's report. `variants[i]` is row i's run data
// (nullptr when its folder is unreadable); `folders[i]` its sub-folder.
std::string render_sweep_report(const SweepData& sweep, const std::vector<const RunData*>& variants,
                                const std::vector<std::string>& folders, const std::string& heading);

}  // namespace logsim

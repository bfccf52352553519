// Building blocks shared by the run report and the sweep report
// (sim/report.h): the HTML page frame with its inline stylesheet, tables,
// the time axis unit, event markers and per-series figures printed under
// each chart so every line can be traced back to its CSV column.
#pragma once

#include <string>
#include <vector>

#include "sim/results_reader.h"
#include "sim/svg_chart.h"

namespace logsim {

// `<!DOCTYPE html>` through `<body>`; the title is escaped here.
std::string page_begin(const std::string& title);
std::string page_end();

// A table; cells are escaped unless the column index is in `raw_columns`
// (cells the caller built as markup, e.g. links or verdict badges).
std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<std::size_t>& raw_columns = {});

// A PASS/FAIL badge.
std::string verdict_badge(bool passed);

// The unit of the time axis: seconds up to 10 minutes, then minutes up to
// 10 hours, then hours, so tick labels stay short on long runs.
struct TimeUnit {
  double seconds = 1;  // seconds per unit
  std::string name;    // "s", "min", "h"
  std::vector<double> scale(const std::vector<double>& time_s) const;
  std::string axis_label() const { return "time (" + name + ")"; }
};
TimeUnit time_unit_for(double end_s);

// events.csv rows as chart markers: scripted events solid, what the
// distributor noticed dashed; red for trouble, green for recovery.
std::vector<ChartMarker> event_markers(const std::vector<EventData>& events, const TimeUnit& unit);

// "max 1000 at 1.7 s, mean 512.3, last 1000 (240 samples)" for one series
// (NaN values skipped); `unit` follows the numbers.
std::string series_figures(const std::vector<double>& time_s, const std::vector<double>& values,
                           const std::string& unit);

// A number for tables and figures: up to `decimals` decimals, no trailing
// zeros, locale-independent.
std::string figure(double value, int decimals = 3);

}  // namespace logsim

// The sweep half of sim/report.h: the comparison table from sweep.csv and
// overlaid charts, one line per variant.
#include <algorithm>
#include <cmath>

#include "sim/chart_scale.h"
#include "sim/markup.h"
#include "sim/report.h"
#include "sim/report_page.h"
#include "sim/svg_chart.h"

namespace logsim {
namespace {

std::string variant_label(const SweepData& sweep, std::size_t row) {
  std::string label;
  for (std::size_t k = 0; k < sweep.keys.size(); ++k) {
    if (!label.empty()) label += ", ";
    label += sweep.keys[k] + "=" + sweep.table.rows[row][k];
  }
  return label;
}

}  // namespace

std::string render_sweep_report(const SweepData& sweep, const std::vector<const RunData*>& variants,
                                const std::vector<std::string>& folders, const std::string& heading) {
  const std::size_t count = sweep.table.rows.size();
  std::string name = heading;
  for (const RunData* run : variants) {
    if (run && run->summary) {
      name = run->summary->string_at("scenario").value_or(heading);
      break;
    }
  }
  std::string html = page_begin("logsim sweep report: " + name);
  html += "<h1>logsim sweep report: " + escape_markup(name) + "</h1>\n";
  std::string keys;
  for (const std::string& k : sweep.keys) keys += (keys.empty() ? "" : ", ") + k;
  html += "<p class=\"meta\">" +
          escape_markup("folder " + sweep.dir + " · " + std::to_string(count) + " variants varying " + keys +
                        " · every variant ran with the same seed, so they saw the same arrivals") +
          "</p>\n";

  // The comparison table: sweep.csv as written, the variant linked to its
  // own report, `passed` as a badge.
  const auto passed_column = sweep.table.column("passed");
  std::vector<std::string> header{"variant"};
  header.insert(header.end(), sweep.table.header.begin(), sweep.table.header.end());
  std::vector<std::vector<std::string>> rows;
  std::size_t failed = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string label = escape_markup(variant_label(sweep, i));
    std::vector<std::string> row{
        variants[i] ? "<a href=\"" + escape_markup(folders[i]) + "/report.html\">" + label + "</a>" : label};
    for (std::size_t c = 0; c < sweep.table.header.size(); ++c) {
      const std::string& cell = sweep.table.rows[i][c];
      if (passed_column && c == *passed_column) {
        row.push_back(verdict_badge(cell == "1" || cell == "true"));
        if (!(cell == "1" || cell == "true")) ++failed;
      } else {
        row.push_back(escape_markup(cell));
      }
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> raw(header.size());
  for (std::size_t c = 0; c < raw.size(); ++c) raw[c] = c;
  html += "<h2 id=\"comparison\">Comparison</h2>\n";
  html += "<p>" + std::to_string(count - failed) + " of " + std::to_string(count) +
          " variants meet every expectation.</p>\n";
  html += html_table(header, rows, raw);

  // Overlaid charts over the longest variant's time.
  double end_s = 0;
  for (const RunData* run : variants) {
    if (run && !run->timeline.time_s.empty()) end_s = std::max(end_s, run->timeline.time_s.back());
  }
  if (end_s <= 0) end_s = 1;
  const TimeUnit unit = time_unit_for(end_s);
  ChartSpec queue;
  queue.id = "sweep-queue";
  queue.title = "Queue depth (max per interval), by variant";
  queue.y_label = "packets waiting";
  ChartSpec rejects;
  rejects.id = "sweep-rejects";
  rejects.title = "503 rate (rejected / offered per interval), by variant";
  rejects.y_label = "% of offered";
  ChartSpec latency;
  latency.id = "sweep-latency";
  latency.title = "Latency p99 per interval, by variant";
  latency.y_label = "ms";
  std::vector<std::pair<double, std::vector<std::size_t>>> capacities;  // value, variants using it
  for (ChartSpec* spec : {&queue, &rejects, &latency}) {
    spec->x_label = unit.axis_label();
    spec->x_high = end_s / unit.seconds;
  }
  std::string figures = "<p class=\"figures\">";
  for (std::size_t i = 0; i < count; ++i) {
    const RunData* run = variants[i];
    if (run == nullptr) continue;
    const std::string label = variant_label(sweep, i);
    const std::string color = chart_color(i);
    const bool dashed = i >= 10;  // the palette repeats; dashes tell the second round apart
    const std::vector<double> x = unit.scale(run->timeline.time_s);
    const std::vector<double> percent = scaled(run->timeline.reject_rate, 100.0);
    queue.series.push_back({label, color, x, run->timeline.queue_depth_max, dashed});
    rejects.series.push_back({label, color, x, percent, dashed});
    latency.series.push_back({label, color, x, run->timeline.latency_p99_ms, dashed});
    if (run->summary) {
      const auto capacity = run->summary->number_at("queue_capacity");
      if (capacity && *capacity > 0) {
        auto it =
            std::find_if(capacities.begin(), capacities.end(), [&](const auto& c) { return c.first == *capacity; });
        if (it == capacities.end()) it = capacities.insert(capacities.end(), {*capacity, {}});
        it->second.push_back(i);
      }
    }
    figures += escape_markup(label + ": queue_depth_max " +
                             series_figures(run->timeline.time_s, run->timeline.queue_depth_max, "packets") +
                             "; reject_rate " + series_figures(run->timeline.time_s, percent, "%")) +
               "<br>";
  }
  figures += "</p>\n";
  // A capacity only one variant has takes that variant's color; one far
  // above every queue does not squash the chart (the legend says it is above).
  double peak = 0;
  for (const ChartSeries& s : queue.series) {
    for (double v : s.y) {
      if (std::isfinite(v)) peak = std::max(peak, v);
    }
  }
  for (const auto& [value, users] : capacities) {
    queue.reference_lines.push_back({value, "capacity " + figure(value, 0),
                                     users.size() == 1 ? chart_color(users.front()) : "#666", peak >= value / 4});
  }
  html += "<h2 id=\"charts\">Over time</h2>\n";
  html += render_chart(queue) + render_chart(rejects) + render_chart(latency) + figures;

  std::vector<std::string> missing;
  for (std::size_t i = 0; i < count; ++i) {
    if (variants[i] == nullptr) missing.push_back(folders[i]);
  }
  if (!missing.empty()) {
    html += "<h2>Notes</h2>\n<ul>\n";
    for (const std::string& m : missing) {
      html += "<li>" + escape_markup(m + ": no readable timeline.csv, left out of the charts") + "</li>\n";
    }
    html += "</ul>\n";
  }
  return html + page_end();
}

}  // namespace logsim

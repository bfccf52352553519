// The twin half of sim/report.h: a `logsim twin` folder (sim/ and live/ run
// folders and comparison.csv) gets one report with both timelines on the
// same charts — simulation solid, live dashed — and the comparison table.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "sim/chart_scale.h"
#include "sim/markup.h"
#include "sim/report.h"
#include "sim/report_page.h"
#include "sim/svg_chart.h"

namespace logsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kSimColor = "#4e79a7";
constexpr const char* kLiveColor = "#e15759";

bool is_detected(const std::string& kind) { return kind == "marked_down" || kind == "marked_up" || kind == "ejected"; }

// Scripted events once (the simulation's; the live run applied the same
// script), health changes from both runs, labelled with their run.
std::vector<ChartMarker> twin_markers(const RunData& sim, const RunData& live, const TimeUnit& unit,
                                      const std::string& analyzer) {
  const auto pick = [&](const RunData& run, bool detected) {
    std::vector<EventData> out;
    for (const EventData& e : run.events) {
      if (is_detected(e.kind) != detected) continue;
      if (!analyzer.empty() && !e.analyzer.empty() && e.analyzer != analyzer) continue;
      out.push_back(e);
    }
    return out;
  };
  std::vector<ChartMarker> markers = event_markers(pick(sim, false), unit);
  for (const auto& [run, label] : {std::pair{&sim, "sim "}, std::pair{&live, "live "}}) {
    for (ChartMarker m : event_markers(pick(*run, true), unit)) {
      m.label = label + m.label;
      m.title = label + m.title;
      markers.push_back(std::move(m));
    }
  }
  std::stable_sort(markers.begin(), markers.end(),
                   [](const ChartMarker& a, const ChartMarker& b) { return a.x < b.x; });
  return markers;
}

std::string cell_value(const std::string& unit, const std::string& text) {
  const auto v = csv_number(text);
  if (!v) return text.empty() ? "–" : text;
  if (unit == "ratio") return figure(*v * 100, 2) + " %";
  if (unit == "ms") return figure(*v, 2) + " ms";
  if (unit == "s") return figure(*v, 3) + " s";
  return figure(*v, 0);
}

std::string comparison_section(const CsvTable* table) {
  std::string html = "<h2 id=\"comparison\">Simulation against live</h2>\n";
  if (table == nullptr) return html + "<p class=\"note\">No comparison.csv in this folder: charts only.</p>\n";
  const auto col = [&](const char* name) { return table->column(name); };
  const auto metric = col("metric"), unit = col("unit"), sim = col("sim"), live = col("live"),
             difference = col("difference"), below = col("allowed_below"), above = col("allowed_above"),
             rule = col("rule"), passed = col("passed");
  if (!metric || !unit || !sim || !live || !difference || !below || !above || !rule || !passed) {
    return html + "<p class=\"note\">comparison.csv lacks its columns: charts only.</p>\n";
  }
  std::vector<std::vector<std::string>> rows;
  std::size_t failed = 0;
  std::size_t judged = 0;
  for (const auto& r : table->rows) {
    const std::string& u = r[*unit];
    std::string allowed = "–";
    if (!r[*below].empty()) {
      allowed = r[*below] == r[*above] ? "± " + cell_value(u, r[*below])
                                       : "− " + cell_value(u, r[*below]) + " / + " + cell_value(u, r[*above]);
    }
    std::string verdict;
    if (!r[*passed].empty()) {
      ++judged;
      const bool ok = r[*passed] == "1";
      failed += ok ? 0 : 1;
      verdict = verdict_badge(ok);
    }
    rows.push_back({escape_markup(r[*metric]), escape_markup(cell_value(u, r[*sim])),
                    escape_markup(cell_value(u, r[*live])), escape_markup(cell_value(u, r[*difference])),
                    escape_markup(allowed), escape_markup(r[*rule]), verdict});
  }
  html += "<p>" + std::to_string(judged - failed) + " of " + std::to_string(judged) +
          " figures within tolerance: " + verdict_badge(failed == 0) +
          " (tolerances and their reasons: docs/twin.md)</p>\n";
  return html +
         html_table({"figure", "sim", "live", "live − sim", "allowed", "rule", "verdict"}, rows, {0, 1, 2, 3, 4, 5, 6});
}

std::string events_table(const RunData& sim, const RunData& live) {
  std::string html = "<h2 id=\"events\">Events</h2>\n";
  struct Row {
    double time;
    std::string run, kind, analyzer, detail;
  };
  std::vector<Row> rows;
  for (const auto& [run, label] : {std::pair{&sim, "sim"}, std::pair{&live, "live"}}) {
    for (const EventData& e : run->events) rows.push_back({e.time_s, label, e.kind, e.analyzer, e.detail});
  }
  if (rows.empty()) return html + "<p class=\"note\">No scripted events and no health changes.</p>\n";
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.time < b.time; });
  std::vector<std::vector<std::string>> cells;
  for (const Row& r : rows) cells.push_back({figure(r.time, 6), r.run, r.kind, r.analyzer, r.detail});
  return html + html_table({"time (s)", "run", "kind", "analyzer", "detail"}, cells);
}

const AnalyzerData* find_analyzer(const RunData& run, const std::string& name) {
  for (const AnalyzerData& a : run.analyzers) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

bool write_file(const std::string& path, const std::string& text, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

}  // namespace

bool is_twin_folder(const std::string& dir) {
  const std::filesystem::path root(dir);
  return std::filesystem::exists(root / "sim" / "timeline.csv") &&
         std::filesystem::exists(root / "live" / "timeline.csv");
}

std::string render_twin_report(const RunData& sim, const RunData& live, const CsvTable* comparison,
                               const std::string& heading) {
  const std::string name = sim.summary ? sim.summary->string_at("scenario").value_or(heading) : heading;
  std::string html = page_begin("logsim twin report: " + name);
  html += "<h1>logsim twin report: " + escape_markup(name) + "</h1>\n";
  const double sim_end = sim.timeline.time_s.empty() ? 0.0 : sim.timeline.time_s.back();
  const double live_end = live.timeline.time_s.empty() ? 0.0 : live.timeline.time_s.back();
  const double end_s = std::max({sim_end, live_end, 1e-3});
  std::string meta = "the same scenario in virtual time (sim/, " + figure(sim_end, 3) +
                     " s) and for real over "
                     "loopback (live/, " +
                     figure(live_end, 3) + " s)";
  if (sim.summary) {
    if (auto seed = sim.summary->string_at("seed")) meta += " · seed " + *seed;
  }
  html += "<p class=\"meta\">" + escape_markup(meta) + "</p>\n";
  html +=
      "<nav><a href=\"#comparison\">comparison</a><a href=\"#charts\">charts</a><a href=\"#analyzers\">analyzers</a>"
      "<a href=\"#events\">events</a><a href=\"sim/report.html\">sim report</a>"
      "<a href=\"live/report.html\">live report</a></nav>\n";
  html += comparison_section(comparison);

  const TimeUnit unit = time_unit_for(end_s);
  const std::vector<double> xs = unit.scale(sim.timeline.time_s);
  const std::vector<double> xl = unit.scale(live.timeline.time_s);
  const std::vector<ChartMarker> markers = twin_markers(sim, live, unit, "");
  const auto base = [&](const char* id, const char* title, const char* y_label) {
    ChartSpec spec;
    spec.id = id;
    spec.title = title;
    spec.x_label = unit.axis_label();
    spec.y_label = y_label;
    spec.x_high = end_s / unit.seconds;
    spec.markers = markers;
    return spec;
  };
  const auto figures = [](const std::vector<std::pair<std::string, std::string>>& entries) {
    std::string out = "<p class=\"figures\">";
    for (std::size_t i = 0; i < entries.size(); ++i) {
      out += (i ? "<br>" : "") + escape_markup(entries[i].first) + ": " + escape_markup(entries[i].second);
    }
    return out + "</p>\n";
  };

  html += "<h2 id=\"charts\">Over time: simulation (solid) and live (dashed)</h2>\n";
  html +=
      "<p class=\"note\">Vertical lines: scripted events (solid) and health changes each run detected (dashed, "
      "labelled sim or live); hover for details.</p>\n";
  {
    ChartSpec spec = base("twin-queue", "Queue depth (max per interval)", "packets waiting");
    spec.series.push_back({"sim", kSimColor, xs, sim.timeline.queue_depth_max, false});
    spec.series.push_back({"live", kLiveColor, xl, live.timeline.queue_depth_max, true});
    if (sim.summary) {
      if (auto capacity = sim.summary->number_at("queue_capacity"); capacity && *capacity > 0) {
        double peak = 0;
        for (const auto* series : {&sim.timeline.queue_depth_max, &live.timeline.queue_depth_max}) {
          for (double v : *series) {
            if (std::isfinite(v)) peak = std::max(peak, v);
          }
        }
        spec.reference_lines.push_back(
            {*capacity, "capacity " + figure(*capacity, 0), "#c62828", peak >= *capacity / 4});
      }
    }
    html += render_chart(spec);
    html += figures({{"sim", series_figures(sim.timeline.time_s, sim.timeline.queue_depth_max, "packets")},
                     {"live", series_figures(live.timeline.time_s, live.timeline.queue_depth_max, "packets")}});
  }
  {
    ChartSpec spec = base("twin-rejects", "503 rate (rejected / offered per interval)", "% of offered");
    const std::vector<double> s = scaled(sim.timeline.reject_rate, 100.0);
    const std::vector<double> l = scaled(live.timeline.reject_rate, 100.0);
    spec.series.push_back({"sim", kSimColor, xs, s, false});
    spec.series.push_back({"live", kLiveColor, xl, l, true});
    html += render_chart(spec);
    html += figures(
        {{"sim", series_figures(sim.timeline.time_s, s, "%")}, {"live", series_figures(live.timeline.time_s, l, "%")}});
  }
  {
    ChartSpec spec = base("twin-throughput", "Delivered throughput", "packets/s");
    const std::vector<double> s = per_second(sim.timeline.time_s, sim.timeline.delivered);
    const std::vector<double> l = per_second(live.timeline.time_s, live.timeline.delivered);
    spec.series.push_back({"sim", kSimColor, xs, s, false});
    spec.series.push_back({"live", kLiveColor, xl, l, true});
    html += render_chart(spec);
    html += figures({{"sim", series_figures(sim.timeline.time_s, s, "packets/s")},
                     {"live", series_figures(live.timeline.time_s, l, "packets/s")}});
  }
  {
    ChartSpec spec = base("twin-latency", "Latency p50 and p99 per interval (acceptance to delivery)", "ms");
    spec.series.push_back({"sim p50", kSimColor, xs, sim.timeline.latency_p50_ms, false});
    spec.series.push_back({"live p50", kLiveColor, xl, live.timeline.latency_p50_ms, true});
    spec.series.push_back({"sim p99", chart_color(4), xs, sim.timeline.latency_p99_ms, false});
    spec.series.push_back({"live p99", chart_color(1), xl, live.timeline.latency_p99_ms, true});
    html += render_chart(spec);
    html += figures({{"sim p50", series_figures(sim.timeline.time_s, sim.timeline.latency_p50_ms, "ms")},
                     {"live p50", series_figures(live.timeline.time_s, live.timeline.latency_p50_ms, "ms")},
                     {"sim p99", series_figures(sim.timeline.time_s, sim.timeline.latency_p99_ms, "ms")},
                     {"live p99", series_figures(live.timeline.time_s, live.timeline.latency_p99_ms, "ms")}});
  }

  html += "<h2 id=\"analyzers\">Analyzers: share of deliveries</h2>\n";
  html +=
      "<p class=\"note\">Target: the weight renormalized over the analyzers the simulation had healthy at that "
      "moment. Shaded: sample intervals that ended with the analyzer down in the simulation.</p>\n";
  for (std::size_t i = 0; i < sim.analyzers.size(); ++i) {
    const AnalyzerData& a = sim.analyzers[i];
    const AnalyzerData* b = find_analyzer(live, a.name);
    ChartSpec spec = base("", "", "% of deliveries");
    spec.id = "twin-analyzer-" + std::to_string(i);
    spec.title = a.name;
    spec.height = 220;
    spec.y_high = 100;
    spec.markers = twin_markers(sim, live, unit, a.name);
    const std::vector<double> s = scaled(a.share, 100.0);
    spec.series.push_back({"sim", kSimColor, unit.scale(a.time_s), s, false});
    std::vector<double> l;
    if (b != nullptr) {
      l = scaled(b->share, 100.0);
      spec.series.push_back({"live", kLiveColor, unit.scale(b->time_s), l, true});
    }
    spec.series.push_back({"target (sim)", "#333", unit.scale(a.time_s), scaled(a.effective_weight, 100.0), true});
    for (std::size_t k = 0; k < a.time_s.size(); ++k) {
      if (a.healthy[k]) continue;
      const double x0 = (k ? a.time_s[k - 1] : 0.0) / unit.seconds;
      const double x1 = a.time_s[k] / unit.seconds;
      if (!spec.spans.empty() && spec.spans.back().x1 >= x0) {
        spec.spans.back().x1 = x1;
      } else {
        spec.spans.push_back(ChartSpan{x0, x1});
      }
    }
    spec.span_label = "down (sim)";
    html += render_chart(spec);
    html += figures(
        {{"sim", series_figures(a.time_s, s, "%") + ", " + figure(a.delivered, 0) + " delivered"},
         {"live", b ? series_figures(b->time_s, l, "%") + ", " + figure(b->delivered, 0) + " delivered" : "no rows"}});
  }

  html += events_table(sim, live);
  std::vector<std::string> notes;
  for (const auto& [run, label] : {std::pair{&sim, "sim/"}, std::pair{&live, "live/"}}) {
    for (const std::string& n : run->notes) notes.push_back(label + std::string(": ") + n);
  }
  if (!notes.empty()) {
    html += "<h2>Notes</h2>\n<ul>\n";
    for (const std::string& n : notes) html += "<li>" + escape_markup(n) + "</li>\n";
    html += "</ul>\n";
  }
  return html + page_end();
}

ReportResult write_twin_report(const std::string& dir) {
  ReportResult result;
  const std::filesystem::path root(dir);
  RunData sim;
  RunData live;
  if (!read_run_data((root / "sim").string(), &sim, &result.error) ||
      !read_run_data((root / "live").string(), &live, &result.error)) {
    result.status = ReportStatus::kBadInput;
    return result;
  }
  CsvTable comparison;
  std::string error;
  const bool has_comparison = std::filesystem::exists(root / "comparison.csv") &&
                              read_csv_file((root / "comparison.csv").string(), &comparison, &error);
  if (!has_comparison) result.notes.push_back("no readable comparison.csv: charts only");
  std::string heading = root.filename().string();
  if (heading.empty() || heading == ".") heading = root.parent_path().filename().string();
  const std::string path = (root / "report.html").string();
  if (!write_file(path, render_twin_report(sim, live, has_comparison ? &comparison : nullptr, heading),
                  &result.error)) {
    result.status = ReportStatus::kWriteFailed;
    return result;
  }
  result.written.push_back(path);
  for (const auto& [run, name] : {std::pair{&sim, "sim"}, std::pair{&live, "live"}}) {
    const std::string sub = (root / name / "report.html").string();
    if (!write_file(sub, render_run_report(*run, name, "../report.html", "twin report"), &result.error)) {
      result.status = ReportStatus::kWriteFailed;
      return result;
    }
    result.written.push_back(sub);
  }
  return result;
}

}  // namespace logsim

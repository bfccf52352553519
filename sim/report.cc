#include "sim/report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "sim/chart_scale.h"
#include "sim/markup.h"
#include "sim/report_page.h"
#include "sim/svg_chart.h"
#include "sim/sweep.h"

namespace logsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxEventRows = 1000;

std::string figures_line(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out = "<p class=\"figures\">";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    out += (i ? "<br>" : "") + escape_markup(entries[i].first) + ": " + escape_markup(entries[i].second);
  }
  return out + "</p>\n";
}

std::string scalar_text(const JsonValue& v) {
  switch (v.type) {
    case JsonValue::Type::kBool:
      return v.boolean ? "true" : "false";
    case JsonValue::Type::kNull:
      return "null";
    default:
      return v.text;
  }
}

std::string summary_section(const JsonValue& summary) {
  std::string html = "<h2 id=\"summary\">Summary</h2>\n";
  const JsonValue* expectations = summary.get("expectations");
  const bool has_expectations =
      expectations && expectations->type == JsonValue::Type::kArray && !expectations->items.empty();
  if (has_expectations) {
    html += "<p>Expectations: " + verdict_badge(summary.bool_at("passed").value_or(false)) + "</p>\n";
    std::vector<std::vector<std::string>> rows;
    for (const JsonValue& e : expectations->items) {
      const bool passed = e.bool_at("passed").value_or(false);
      rows.push_back({e.string_at("name").value_or("?"), e.string_at("limit").value_or(""),
                      e.string_at("actual").value_or(""), verdict_badge(passed)});
    }
    html += html_table({"expectation", "limit", "actual", "verdict"}, rows, {3});
  } else {
    html += "<p class=\"note\">No [expect] table: nothing to pass or fail.</p>\n";
  }
  std::vector<std::vector<std::string>> figures;
  for (const auto& [name, value] : summary.members) {
    if (value.type == JsonValue::Type::kArray || value.type == JsonValue::Type::kObject) continue;
    figures.push_back({name, scalar_text(value)});
  }
  html += "<h3>Totals</h3>\n" + html_table({"figure", "value"}, figures);
  const JsonValue* analyzers = summary.get("analyzers");
  if (analyzers && analyzers->type == JsonValue::Type::kArray && !analyzers->items.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const JsonValue& a : analyzers->items) {
      const auto percent = [&](const char* key) {
        const auto v = a.number_at(key);
        return v ? figure(*v * 100, 2) + " %" : std::string();
      };
      const auto healthy = a.bool_at("healthy");
      rows.push_back({a.string_at("name").value_or("?"), healthy ? (*healthy ? "up" : "down") : "",
                      a.string_at("sent").value_or(""), a.string_at("delivered").value_or(""),
                      a.string_at("failed").value_or(""), percent("share"), percent("target_share")});
    }
    html += "<h3>Analyzers</h3>\n" +
            html_table({"analyzer", "state at end", "sent", "delivered", "failed", "share", "target share"}, rows);
  }
  return html;
}

std::string events_section(const std::vector<EventData>& events) {
  std::string html = "<h2 id=\"events\">Events</h2>\n";
  if (events.empty()) return html + "<p class=\"note\">No scripted events and no health changes.</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < events.size() && i < kMaxEventRows; ++i) {
    rows.push_back({figure(events[i].time_s, 6), events[i].kind, events[i].analyzer, events[i].detail});
  }
  html += html_table({"time (s)", "kind", "analyzer", "detail"}, rows);
  if (events.size() > kMaxEventRows) {
    html += "<p class=\"note\">" + std::to_string(events.size() - kMaxEventRows) +
            " more events in events.csv (all are drawn as markers).</p>\n";
  }
  return html;
}

// Spans over every sample interval that ended with the analyzer down.
std::vector<ChartSpan> down_spans(const AnalyzerData& a, const TimeUnit& unit) {
  std::vector<ChartSpan> spans;
  for (std::size_t i = 0; i < a.time_s.size(); ++i) {
    if (a.healthy[i]) continue;
    const double x0 = (i ? a.time_s[i - 1] : 0.0) / unit.seconds;
    const double x1 = a.time_s[i] / unit.seconds;
    if (!spans.empty() && spans.back().x1 >= x0) {
      spans.back().x1 = x1;
    } else {
      spans.push_back(ChartSpan{x0, x1});
    }
  }
  return spans;
}

}  // namespace

std::string render_run_report(const RunData& run, const std::string& heading, const std::string& back_link,
                              const std::string& back_label) {
  const TimelineData& t = run.timeline;
  const std::string name = run.summary ? run.summary->string_at("scenario").value_or(heading) : heading;
  std::string html = page_begin("logsim report: " + name);
  html += "<h1>logsim report: " + escape_markup(name) + "</h1>\n";
  if (!back_link.empty()) {
    html += "<p><a href=\"" + escape_markup(back_link) + "\">&larr; " + escape_markup(back_label) + "</a></p>\n";
  }

  const double end_s = t.time_s.empty() ? 1.0 : t.time_s.back();
  const TimeUnit unit = time_unit_for(end_s);
  std::string meta =
      "folder " + run.dir + " · " + std::to_string(t.time_s.size()) + " samples over " + figure(end_s, 3) + " s";
  if (t.time_s.size() >= 2) meta += " · sample interval " + figure(t.time_s[1] - t.time_s[0], 6) + " s";
  if (run.summary) {
    if (auto seed = run.summary->string_at("seed")) meta += " · seed " + *seed;
  }
  html += "<p class=\"meta\">" + escape_markup(meta) + "</p>\n";
  html +=
      "<nav><a href=\"#summary\">summary</a><a href=\"#queue\">queue</a><a href=\"#rejects\">503s</a>"
      "<a href=\"#throughput\">throughput</a><a href=\"#latency\">latency</a><a href=\"#analyzers\">analyzers</a>"
      "<a href=\"#events\">events</a></nav>\n";

  if (run.summary) {
    html += summary_section(*run.summary);
  } else {
    html +=
        "<h2 id=\"summary\">Summary</h2>\n<p class=\"note\">No summary.json in this folder (a live run that "
        "is still going writes it when it stops): charts only.</p>\n";
  }

  const std::vector<double> x = unit.scale(t.time_s);
  const std::vector<ChartMarker> markers = event_markers(run.events, unit);
  const auto base = [&](const char* id, const char* title, const char* y_label) {
    ChartSpec spec;
    spec.id = id;
    spec.title = title;
    spec.x_label = unit.axis_label();
    spec.y_label = y_label;
    spec.x_low = 0;
    spec.x_high = end_s / unit.seconds;
    spec.markers = markers;
    return spec;
  };

  html += "<h2 id=\"charts\">Over time</h2>\n";
  if (!run.events.empty()) {
    html +=
        "<p class=\"note\">Vertical lines: scripted events (solid) and health changes the distributor "
        "detected (dashed); hover for details.</p>\n";
  }
  {
    ChartSpec spec = base("queue", "Queue depth against capacity", "packets waiting");
    spec.series.push_back({"max in interval", chart_color(0), x, t.queue_depth_max, false});
    spec.series.push_back({"at interval end", chart_color(1), x, t.queue_depth, true});
    std::string capacity_text = "unknown (no summary.json)";
    if (run.summary) {
      if (auto capacity = run.summary->number_at("queue_capacity"); capacity && *capacity > 0) {
        // A queue that never came near its capacity is drawn at its own
        // scale; the legend says the capacity line is above.
        double peak = 0;
        for (double v : t.queue_depth_max) {
          if (std::isfinite(v)) peak = std::max(peak, v);
        }
        spec.reference_lines.push_back(
            {*capacity, "capacity " + figure(*capacity, 0), "#c62828", peak >= *capacity / 4});
        capacity_text = figure(*capacity, 0);
      }
    }
    html += "<div id=\"queue\">" + render_chart(spec) + "</div>\n";
    html += figures_line({{"queue_depth_max", series_figures(t.time_s, t.queue_depth_max, "packets")},
                          {"queue_depth", series_figures(t.time_s, t.queue_depth, "packets")},
                          {"queue_capacity", capacity_text}});
  }
  {
    ChartSpec spec = base("rejects", "503 rate (rejected / offered per interval)", "% of offered");
    const std::vector<double> percent = scaled(t.reject_rate, 100.0);
    spec.series.push_back({"503 rate", chart_color(2), x, percent, false});
    html += "<div id=\"rejects\">" + render_chart(spec) + "</div>\n";
    html += figures_line({{"reject_rate", series_figures(t.time_s, percent, "%")}});
  }
  {
    ChartSpec spec = base("throughput", "Throughput", "packets/s");
    const std::vector<double> delivered = per_second(t.time_s, t.delivered);
    const std::vector<double> offered = per_second(t.time_s, t.offered);
    spec.series.push_back({"delivered", chart_color(4), x, delivered, false});
    spec.series.push_back({"offered", "#888", x, offered, true});
    html += "<div id=\"throughput\">" + render_chart(spec) + "</div>\n";
    html += figures_line({{"delivered", series_figures(t.time_s, delivered, "packets/s")},
                          {"offered", series_figures(t.time_s, offered, "packets/s")}});
  }
  {
    ChartSpec spec = base("latency", "Latency (acceptance to delivery)", "ms");
    spec.series.push_back({"p50", chart_color(0), x, t.latency_p50_ms, false});
    spec.series.push_back({"p99", chart_color(6), x, t.latency_p99_ms, false});
    html += "<div id=\"latency\">" + render_chart(spec) + "</div>\n";
    html += figures_line({{"latency_p50_ms", series_figures(t.time_s, t.latency_p50_ms, "ms")},
                          {"latency_p99_ms", series_figures(t.time_s, t.latency_p99_ms, "ms")}});
  }

  html += "<h2 id=\"analyzers\">Analyzers: share of deliveries against target</h2>\n";
  if (run.analyzers.empty()) {
    html += "<p class=\"note\">No distribution.csv rows.</p>\n";
  } else {
    html +=
        "<p class=\"note\">Target: the analyzer's weight renormalized over the analyzers healthy at that "
        "moment (effective_weight). Shaded: sample intervals that ended with the analyzer down.</p>\n";
  }
  for (std::size_t i = 0; i < run.analyzers.size(); ++i) {
    const AnalyzerData& a = run.analyzers[i];
    ChartSpec spec = base("", "", "% of deliveries");
    spec.id = "analyzer-" + std::to_string(i);
    spec.title = a.name;
    spec.height = 220;
    spec.y_high = 100;
    const std::vector<double> share = scaled(a.share, 100.0);
    const std::vector<double> target = scaled(a.effective_weight, 100.0);
    const std::vector<double> ax = unit.scale(a.time_s);
    spec.series.push_back({"share", chart_color(i), ax, share, false});
    spec.series.push_back({"target (effective weight)", "#333", ax, target, true});
    spec.spans = down_spans(a, unit);
    // Only this analyzer's events (and events about no analyzer in particular).
    std::vector<EventData> own;
    for (const EventData& e : run.events) {
      if (e.analyzer.empty() || e.analyzer == a.name) own.push_back(e);
    }
    spec.markers = event_markers(own, unit);
    spec.span_label = "down";
    html += render_chart(spec);
    html += figures_line({{"share", series_figures(a.time_s, share, "%")},
                          {"effective_weight", series_figures(a.time_s, target, "%")},
                          {"delivered", figure(a.delivered, 0) + " packets"}});
  }

  html += events_section(run.events);
  if (!run.notes.empty()) {
    html += "<h2>Notes</h2>\n<ul>\n";
    for (const std::string& n : run.notes) html += "<li>" + escape_markup(n) + "</li>\n";
    html += "</ul>\n";
  }
  html +=
      "<p class=\"note\">Long series are drawn as the minimum and maximum per pixel column, so no spike is "
      "lost; the figures under each chart come from every sample.</p>\n";
  return html + page_end();
}

namespace {

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

std::string folder_heading(const std::string& dir) {
  std::filesystem::path p(dir);
  std::string name = p.filename().string();
  if (name.empty() || name == ".") name = p.parent_path().filename().string();
  return name.empty() ? dir : name;
}

}  // namespace

ReportResult write_report(const std::string& dir) {
  ReportResult result;
  if (!std::filesystem::is_directory(dir)) {
    result.status = ReportStatus::kBadInput;
    result.error = dir + ": not a folder";
    return result;
  }
  const std::filesystem::path root(dir);
  if (is_twin_folder(dir)) return write_twin_report(dir);
  if (std::filesystem::exists(root / "sweep.csv")) {
    SweepData sweep;
    if (!read_sweep_data(dir, &sweep, &result.error)) {
      result.status = ReportStatus::kBadInput;
      return result;
    }
    std::vector<RunData> runs(sweep.table.rows.size());
    std::vector<const RunData*> pointers;
    std::vector<std::string> folders;
    std::vector<std::string> variant_reports;
    for (std::size_t i = 0; i < sweep.table.rows.size(); ++i) {
      std::vector<SweepSetting> settings;
      for (std::size_t k = 0; k < sweep.keys.size(); ++k) settings.push_back({sweep.keys[k], sweep.table.rows[i][k]});
      folders.push_back(sweep_folder_name_from_display(settings));
      std::string error;
      if (read_run_data((root / folders.back()).string(), &runs[i], &error)) {
        pointers.push_back(&runs[i]);
        const std::string path = (root / folders.back() / "report.html").string();
        if (!write_file(path, render_run_report(runs[i], folders.back(), "../report.html"), &result.error)) {
          result.status = ReportStatus::kWriteFailed;
          return result;
        }
        variant_reports.push_back(path);
      } else {
        pointers.push_back(nullptr);
        result.notes.push_back(error);
      }
    }
    const std::string path = (root / "report.html").string();
    if (!write_file(path, render_sweep_report(sweep, pointers, folders, folder_heading(dir)), &result.error)) {
      result.status = ReportStatus::kWriteFailed;
      return result;
    }
    result.written.push_back(path);
    result.written.insert(result.written.end(), variant_reports.begin(), variant_reports.end());
    return result;
  }
  RunData run;
  if (!read_run_data(dir, &run, &result.error)) {
    result.status = ReportStatus::kBadInput;
    return result;
  }
  result.notes = run.notes;
  const std::string path = (root / "report.html").string();
  if (!write_file(path, render_run_report(run, folder_heading(dir), ""), &result.error)) {
    result.status = ReportStatus::kWriteFailed;
    return result;
  }
  result.written.push_back(path);
  return result;
}

}  // namespace logsim

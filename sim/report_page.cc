#include "sim/report_page.h"

#include <algorithm>
#include <cmath>

#include "sim/markup.h"

namespace logsim {
namespace {

constexpr const char* kStyle = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 4px; }
.meta, .figures, .note { color: #555; font-size: 13px; }
.figures { margin: 0 0 18px 70px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #fff; background: #2e7d32; padding: 1px 6px; border-radius: 3px; font-weight: 600; }
.fail { color: #fff; background: #c62828; padding: 1px 6px; border-radius: 3px; font-weight: 600; }
nav a { margin-right: 12px; }
svg.chart { display: block; margin: 8px 0 2px; background: #fff; }
svg.chart text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg.chart .chart-title { font-size: 14px; font-weight: 600; fill: #222; }
svg.chart .legend, svg.chart .tick { font-size: 11px; fill: #444; }
svg.chart .axis-label { font-size: 12px; fill: #333; }
svg.chart .marker-label { font-size: 10px; }
svg.chart .plot { fill: none; stroke: #999; }
svg.chart .grid { stroke: #e6e6e6; stroke-width: 1; }
svg.chart .span { fill: #d62728; fill-opacity: 0.12; }
)css";

bool is_trouble(const std::string& kind) {
  return kind == "crash" || kind == "hang" || kind == "slow" || kind == "errors" || kind == "marked_down" ||
         kind == "ejected";
}

bool is_detected(const std::string& kind) { return kind == "marked_down" || kind == "marked_up" || kind == "ejected"; }

}  // namespace

std::string page_begin(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape_markup(title) +
         "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
}

std::string page_end() { return "</body>\n</html>\n"; }

std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<std::size_t>& raw_columns) {
  const auto is_raw = [&](std::size_t c) {
    return std::find(raw_columns.begin(), raw_columns.end(), c) != raw_columns.end();
  };
  const auto is_numeric = [](const std::string& cell) {
    return !cell.empty() && cell.find_first_not_of("0123456789.-+e% ") == std::string::npos;
  };
  std::string t = "<table>\n<tr>";
  for (const std::string& h : header) t += "<th>" + escape_markup(h) + "</th>";
  t += "</tr>\n";
  for (const auto& row : rows) {
    t += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      t += is_numeric(row[c]) ? "<td class=\"num\">" : "<td>";
      t += is_raw(c) ? row[c] : escape_markup(row[c]);
      t += "</td>";
    }
    t += "</tr>\n";
  }
  return t + "</table>\n";
}

std::string verdict_badge(bool passed) {
  return passed ? "<span class=\"pass\">PASS</span>" : "<span class=\"fail\">FAIL</span>";
}

std::vector<double> TimeUnit::scale(const std::vector<double>& time_s) const {
  std::vector<double> out;
  out.reserve(time_s.size());
  for (double t : time_s) out.push_back(t / seconds);
  return out;
}

TimeUnit time_unit_for(double end_s) {
  if (end_s > 10 * 3600.0) return TimeUnit{3600.0, "h"};
  if (end_s > 600.0) return TimeUnit{60.0, "min"};
  return TimeUnit{1.0, "s"};
}

std::vector<ChartMarker> event_markers(const std::vector<EventData>& events, const TimeUnit& unit) {
  std::vector<ChartMarker> markers;
  for (const EventData& e : events) {
    ChartMarker m;
    m.x = e.time_s / unit.seconds;
    m.label = e.kind + (e.analyzer.empty() ? "" : " " + e.analyzer);
    m.title = "t=" + figure(e.time_s, 3) + " s: " + m.label + (e.detail.empty() ? "" : " (" + e.detail + ")");
    m.color = is_trouble(e.kind) ? "#c62828" : (e.kind == "recover" || e.kind == "marked_up" ? "#2e7d32" : "#555");
    m.dashed = is_detected(e.kind);
    markers.push_back(std::move(m));
  }
  std::stable_sort(markers.begin(), markers.end(),
                   [](const ChartMarker& a, const ChartMarker& b) { return a.x < b.x; });
  return markers;
}

std::string figure(double value, int decimals) {
  if (!std::isfinite(value)) return "–";
  return format_decimal(value, decimals);
}

std::string series_figures(const std::vector<double>& time_s, const std::vector<double>& values,
                           const std::string& unit) {
  double sum = 0;
  std::size_t count = 0;
  std::size_t max_at = 0;
  double last = NAN;
  for (std::size_t i = 0; i < values.size() && i < time_s.size(); ++i) {
    if (!std::isfinite(values[i])) continue;
    if (count == 0 || values[i] > values[max_at]) max_at = i;
    sum += values[i];
    last = values[i];
    ++count;
  }
  if (count == 0) return "no values";
  const std::string u = unit.empty() ? "" : " " + unit;
  return "max " + figure(values[max_at]) + u + " at " + figure(time_s[max_at]) + " s, mean " +
         figure(sum / static_cast<double>(count)) + u + ", last " + figure(last) + u + " (" + std::to_string(count) +
         " samples)";
}

}  // namespace logsim

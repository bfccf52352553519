#include "sim/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "sim/chart_scale.h"
#include "sim/markup.h"

namespace logsim {
namespace {

constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

constexpr double kCharWidth = 6.2;  // average glyph width of the 11 px sans-serif used for labels
constexpr int kMarginLeft = 70;
constexpr int kMarginRight = 20;
constexpr int kMarginBottom = 44;
constexpr int kTitleHeight = 24;
constexpr int kLegendRow = 18;
constexpr int kLabelRow = 13;
constexpr int kLabelRows = 3;

std::string num(double v) { return format_decimal(v, 1); }

double text_width(const std::string& text) { return static_cast<double>(text.size()) * kCharWidth; }

struct LegendItem {
  std::string name;
  std::string color;
  bool dashed = false;
  bool span = false;
};

// Places legend items left to right, wrapping; returns the rows' items.
std::vector<std::vector<LegendItem>> layout_legend(const std::vector<LegendItem>& items, double width) {
  std::vector<std::vector<LegendItem>> rows(1);
  double x = 0;
  for (const LegendItem& item : items) {
    const double w = 28 + text_width(item.name) + 16;
    if (x > 0 && x + w > width) {
      rows.emplace_back();
      x = 0;
    }
    rows.back().push_back(item);
    x += w;
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace

const char* chart_color(std::size_t index) { return kPalette[index % (sizeof kPalette / sizeof kPalette[0])]; }

std::string render_chart(const ChartSpec& spec) {
  const double width = spec.width;
  const double plot_width = width - kMarginLeft - kMarginRight;

  // Value range: the data, the reference lines that stretch it, and at
  // least one unit.
  double y_max = spec.y_low;
  for (const ChartSeries& s : spec.series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (std::isfinite(s.y[i]) && s.x[i] >= spec.x_low && s.x[i] <= spec.x_high) y_max = std::max(y_max, s.y[i]);
    }
  }
  for (const ChartReferenceLine& r : spec.reference_lines) {
    if (r.stretch_axis) y_max = std::max(y_max, r.y);
  }
  if (spec.y_high) y_max = *spec.y_high;
  if (y_max <= spec.y_low) y_max = spec.y_low + 1;
  const AxisTicks y_ticks = nice_ticks(spec.y_low, y_max, 5, /*extend=*/true);

  std::vector<LegendItem> legend;
  for (const ChartSeries& s : spec.series) legend.push_back({s.name, s.color, s.dashed, false});
  for (const ChartReferenceLine& r : spec.reference_lines) {
    if (r.label.empty()) continue;
    legend.push_back({r.label + (r.y > y_ticks.high ? " (above the chart)" : ""), r.color, true, false});
  }
  if (!spec.spans.empty() && !spec.span_label.empty()) legend.push_back({spec.span_label, "#d62728", false, true});
  const auto legend_rows = layout_legend(legend, plot_width);

  const bool has_labels =
      std::any_of(spec.markers.begin(), spec.markers.end(), [](const ChartMarker& m) { return !m.label.empty(); });
  const double legend_top = kTitleHeight;
  const double plot_top =
      legend_top + static_cast<double>(legend_rows.size()) * kLegendRow + (has_labels ? kLabelRows * kLabelRow + 4 : 6);
  const double height = std::max<double>(spec.height, plot_top + 120 + kMarginBottom);
  const double plot_height = height - plot_top - kMarginBottom;
  const AxisTicks x_ticks = nice_ticks(spec.x_low, spec.x_high, std::max(2, static_cast<int>(plot_width / 90)),
                                       /*extend=*/false);
  const double x_span = x_ticks.high - x_ticks.low;
  const double y_span = y_ticks.high - y_ticks.low;
  const auto px = [&](double x) { return kMarginLeft + (x - x_ticks.low) / x_span * plot_width; };
  const auto py = [&](double y) { return plot_top + plot_height - (y - y_ticks.low) / y_span * plot_height; };
  const double plot_bottom = plot_top + plot_height;
  const double plot_right = kMarginLeft + plot_width;

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" + num(width) + "\" height=\"" +
                    num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                    "\" role=\"img\" aria-label=\"" + escape_markup(spec.title) + "\">\n";
  svg += "<title>" + escape_markup(spec.title) + "</title>\n";
  svg +=
      "<text class=\"chart-title\" x=\"" + num(kMarginLeft) + "\" y=\"17\">" + escape_markup(spec.title) + "</text>\n";

  // Legend.
  for (std::size_t row = 0; row < legend_rows.size(); ++row) {
    double x = kMarginLeft;
    const double y = legend_top + static_cast<double>(row) * kLegendRow + 9;
    for (const LegendItem& item : legend_rows[row]) {
      if (item.span) {
        svg += "<rect x=\"" + num(x) + "\" y=\"" + num(y - 5) + "\" width=\"22\" height=\"10\" fill=\"" + item.color +
               "\" fill-opacity=\"0.15\"/>";
      } else {
        svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x + 22) + "\" y2=\"" + num(y) +
               "\" stroke=\"" + escape_markup(item.color) + "\" stroke-width=\"2\"" +
               (item.dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>";
      }
      svg += "<text class=\"legend\" x=\"" + num(x + 28) + "\" y=\"" + num(y + 4) + "\">" + escape_markup(item.name) +
             "</text>\n";
      x += 28 + text_width(item.name) + 16;
    }
  }

  // Plot frame, grid and ticks.
  svg += "<rect class=\"plot\" x=\"" + num(kMarginLeft) + "\" y=\"" + num(plot_top) + "\" width=\"" + num(plot_width) +
         "\" height=\"" + num(plot_height) + "\"/>\n";
  for (double v : y_ticks.values) {
    const double y = py(v);
    svg += "<line class=\"grid\" x1=\"" + num(kMarginLeft) + "\" y1=\"" + num(y) + "\" x2=\"" + num(plot_right) +
           "\" y2=\"" + num(y) + "\"/><text class=\"tick\" x=\"" + num(kMarginLeft - 6) + "\" y=\"" + num(y + 4) +
           "\" text-anchor=\"end\">" + escape_markup(format_tick(v, y_ticks.step)) + "</text>\n";
  }
  for (double v : x_ticks.values) {
    const double x = px(v);
    svg += "<line class=\"grid\" x1=\"" + num(x) + "\" y1=\"" + num(plot_top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(plot_bottom) + "\"/><text class=\"tick\" x=\"" + num(x) + "\" y=\"" + num(plot_bottom + 16) +
           "\" text-anchor=\"middle\">" + escape_markup(format_tick(v, x_ticks.step)) + "</text>\n";
  }
  svg += "<text class=\"axis-label\" x=\"" + num(kMarginLeft + plot_width / 2) + "\" y=\"" + num(height - 8) +
         "\" text-anchor=\"middle\">" + escape_markup(spec.x_label) + "</text>\n";
  svg += "<text class=\"axis-label\" transform=\"translate(16 " + num(plot_top + plot_height / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape_markup(spec.y_label) + "</text>\n";

  // Everything drawn in data coordinates stays inside the plot.
  const std::string clip_id = "clip-" + escape_markup(spec.id.empty() ? std::string("chart") : spec.id);
  svg += "<clipPath id=\"" + clip_id + "\"><rect x=\"" + num(kMarginLeft) + "\" y=\"" + num(plot_top) + "\" width=\"" +
         num(plot_width) + "\" height=\"" + num(plot_height) + "\"/></clipPath>\n";
  svg += "<g clip-path=\"url(#" + clip_id + ")\">\n";
  for (const ChartSpan& s : spec.spans) {
    const double x0 = std::max(px(s.x0), static_cast<double>(kMarginLeft));
    const double x1 = std::min(px(s.x1), plot_right);
    if (x1 <= x0) continue;
    svg += "<rect class=\"span\" x=\"" + num(x0) + "\" y=\"" + num(plot_top) + "\" width=\"" +
           num(std::max(x1 - x0, 1.0)) + "\" height=\"" + num(plot_height) + "\"/>\n";
  }
  for (const ChartReferenceLine& r : spec.reference_lines) {
    svg += "<line x1=\"" + num(kMarginLeft) + "\" y1=\"" + num(py(r.y)) + "\" x2=\"" + num(plot_right) + "\" y2=\"" +
           num(py(r.y)) + "\" stroke=\"" + escape_markup(r.color) +
           "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n";
  }
  const auto columns = static_cast<std::size_t>(plot_width);
  for (const ChartSeries& s : spec.series) {
    for (const auto& piece : downsample_min_max(s.x, s.y, x_ticks.low, x_ticks.high, columns)) {
      std::string d;
      for (std::size_t i = 0; i < piece.size(); ++i) {
        d += (i ? " L" : "M") + num(px(piece[i].x)) + " " + num(py(piece[i].y));
      }
      // A lone point still shows, as a dot.
      if (piece.size() == 1) d += " h0.01";
      svg += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + escape_markup(s.color) +
             "\" stroke-width=\"1.6\" stroke-linejoin=\"round\" stroke-linecap=\"round\"" +
             (s.dashed ? " stroke-dasharray=\"6 3\"" : "") + "/>\n";
    }
  }
  svg += "</g>\n";

  // Markers: a line through the plot; labels above it, in up to three
  // staggered rows, dropped (the hover title stays) where they would overlap.
  std::vector<double> row_end(kLabelRows, -1e9);
  for (const ChartMarker& m : spec.markers) {
    if (m.x < x_ticks.low || m.x > x_ticks.high) continue;
    const double x = px(m.x);
    svg += "<g class=\"marker\"><title>" + escape_markup(m.title.empty() ? m.label : m.title) + "</title>";
    svg += "<line x1=\"" + num(x) + "\" y1=\"" + num(plot_top) + "\" x2=\"" + num(x) + "\" y2=\"" + num(plot_bottom) +
           "\" stroke=\"" + escape_markup(m.color) + "\" stroke-width=\"1\"" +
           (m.dashed ? " stroke-dasharray=\"3 3\"" : "") + "/>";
    if (!m.label.empty()) {
      const double w = text_width(m.label);
      const double left = std::min(x + 2, plot_right - w);
      for (int row = 0; row < kLabelRows; ++row) {
        if (left > row_end[row] + 4) {
          row_end[row] = left + w;
          const double y = plot_top - 4 - static_cast<double>(kLabelRows - 1 - row) * kLabelRow;
          svg += "<text class=\"marker-label\" x=\"" + num(left) + "\" y=\"" + num(y) + "\" fill=\"" +
                 escape_markup(m.color) + "\">" + escape_markup(m.label) + "</text>";
          break;
        }
      }
    }
    svg += "</g>\n";
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace logsim

// Line charts as inline SVG for the HTML report: axes with units and nice
// ticks, a legend, shaded spans (an analyzer's down periods), horizontal
// reference lines (queue capacity) and labelled vertical markers (scripted
// events and health changes). No script, no external resource; every text
// is escaped. Long series are reduced per pixel column by min/max
// (sim/chart_scale.h), so spikes survive any run length.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace logsim {

struct ChartSeries {
  std::string name;
  std::string color;  // any SVG color, e.g. "#4e79a7"
  std::vector<double> x;
  std::vector<double> y;  // NaN: no value (the line breaks)
  bool dashed = false;
};

// A horizontal line across the plot, e.g. the queue capacity.
struct ChartReferenceLine {
  double y = 0;
  std::string label;
  std::string color = "#444";
  // false: the value axis is not stretched to reach the line, so data far
  // below it stays readable; the legend then says the line is above.
  bool stretch_axis = true;
};

// A vertical line at x with a short label over the plot; `title` is the
// hover text (an SVG <title>, no script).
struct ChartMarker {
  double x = 0;
  std::string label;
  std::string title;
  std::string color = "#888";
  bool dashed = false;
};

// A shaded x range, e.g. an interval in which an analyzer was down.
struct ChartSpan {
  double x0 = 0;
  double x1 = 0;
};

struct ChartSpec {
  std::string id;  // unique within the page: names the chart's clip path
  std::string title;
  std::string x_label;  // with the unit: "time (s)"
  std::string y_label;  // with the unit: "packets", "ms", "% of offered"
  double x_low = 0;
  double x_high = 1;
  double y_low = 0;
  std::optional<double> y_high;  // default: from the data, reference lines included
  std::vector<ChartSeries> series;
  std::vector<ChartReferenceLine> reference_lines;
  std::vector<ChartMarker> markers;
  std::vector<ChartSpan> spans;
  std::string span_label;  // legend entry for the spans, e.g. "analyzer down"
  int width = 960;
  int height = 300;
};

// The chart as one <svg> element.
std::string render_chart(const ChartSpec& spec);

// The report's series colors, in order (Tableau 10); index wraps around.
const char* chart_color(std::size_t index);

}  // namespace logsim

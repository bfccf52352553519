#include "sim/report.h"

#include <gtest/gtest.h>

#include "sim/sweep.h"
#include "test_support.h"
#include "xml_check.h"

namespace logsim {
namespace {

using namespace logsim::testing;

std::string write_and_read(const std::string& dir) {
  const ReportResult r = write_report(dir);
  EXPECT_EQ(r.status, ReportStatus::kOk) << r.error;
  return read_file(dir + "/report.html");
}

std::vector<std::string> svgs(const std::string& html) {
  std::vector<std::string> out;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    out.push_back(html.substr(at, html.find("</svg>", at) + 6 - at));
  }
  return out;
}

// The y coordinate of the value axis tick labelled `label` (its text sits 4 px below the grid line).
double tick_y(const std::string& svg, const std::string& label) {
  const std::size_t at = svg.find("\" text-anchor=\"end\">" + label + "<");
  if (at == std::string::npos) return -1;
  const std::size_t y = svg.rfind("y=\"", at);
  return std::stod(svg.substr(y + 3, at - y - 3)) - 4;
}

// A scenario whose names and event need escaping (analyzer names may not hold
// quotes or commas; scenario names may).
constexpr const char* kNastyScenario = R"(
[scenario]
name = 'esc<i>"q"' 
duration = "2s"
[distributor]
queue_capacity = 50
workers = 2
[[analyzer]]
name = '<b>&x'
latency = "10ms"
[[analyzer]]
name = "plain"
latency = "10ms"
[[traffic]]
pattern = "constant"
rate = 100
[[event]]
at = "1s"
analyzer = '<b>&x'
action = "crash"
[expect]
max_reject_rate = 0.0
)";

// Every chart the issue asks for is there: queue against capacity, 503s, throughput, latency, each analyzer.
TEST(Report, RunReportHasEveryChart) {
  TempDir dir;
  run_into(load_or_die(source_path("scenarios/health-monitor.toml")), dir.path(), false);
  const std::string html = write_and_read(dir.path());
  for (const char* id : {"id=\"queue\"", "id=\"rejects\"", "id=\"throughput\"", "id=\"latency\"", "id=\"summary\"",
                         "id=\"events\"", "clip-analyzer-0", "clip-analyzer-3"}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  EXPECT_EQ(svgs(html).size(), 8u);  // four over time, four analyzers
  EXPECT_NE(html.find("capacity 5000"), std::string::npos);
  EXPECT_NE(html.find("time (s)"), std::string::npos);
  EXPECT_NE(html.find("packets/s"), std::string::npos);
  EXPECT_NE(html.find("crash analyzer-2"), std::string::npos) << "scripted event marker";
  EXPECT_NE(html.find("marked_down analyzer-2"), std::string::npos) << "detected health change marker";
  EXPECT_NE(html.find("class=\"span\""), std::string::npos) << "analyzer-2's down period is shaded";
  EXPECT_NE(html.find("max_latency_p99"), std::string::npos) << "each expectation is listed";
}

// The figures under the charts come from the CSV: overflow's queue peaks at its capacity, 1000, from 1.7 s.
TEST(Report, FiguresComeFromTheCsv) {
  TempDir dir;
  run_into(load_or_die(source_path("scenarios/overflow.toml")), dir.path(), false);
  const Csv timeline = read_csv(dir.file("timeline.csv"));
  double max_depth = 0;
  for (std::size_t i = 0; i < timeline.rows.size(); ++i)
    max_depth = std::max(max_depth, timeline.num(i, "queue_depth_max"));
  ASSERT_EQ(max_depth, 1000);
  const std::string html = write_and_read(dir.path());
  EXPECT_NE(html.find("queue_depth_max: max 1000 packets at 1.7 s"), std::string::npos);
  EXPECT_NE(html.find("delivered: max 1000 packets/s"), std::string::npos) << "10 workers / 10 ms";
  EXPECT_NE(html.find("offered: max 1600 packets/s"), std::string::npos);
  EXPECT_NE(html.find("(30 samples)"), std::string::npos);
}

// Names and texts from the run are escaped everywhere they reach the HTML or SVG.
TEST(Report, EscapesNamesAndEventTexts) {
  TempDir dir;
  run_into(load_text_or_die(kNastyScenario), dir.path(), false);
  const std::string html = write_and_read(dir.path());
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("esc<i>"), std::string::npos);
  EXPECT_NE(html.find("esc&lt;i&gt;&quot;q&quot;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;&amp;x"), std::string::npos);
  EXPECT_NE(html.find("crash &lt;b&gt;&amp;x"), std::string::npos) << "event marker label";
  for (const std::string& svg : svgs(html)) {
    XmlReader reader(svg);
    EXPECT_TRUE(reader.parse()) << reader.error();
  }
}

// Charts are well-formed SVG; the page has no script and loads nothing from the network.
TEST(Report, IsSelfContained) {
  TempDir dir;
  run_into(load_or_die(source_path("scenarios/gray-failure.toml"), {"distributor.eject_after_failures=3"}), dir.path(),
           false);
  const std::string html = write_and_read(dir.path());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  std::string without_xmlns = html;
  const std::string xmlns = "xmlns=\"http://www.w3.org/2000/svg\"";
  for (std::size_t at; (at = without_xmlns.find(xmlns)) != std::string::npos;) without_xmlns.erase(at, xmlns.size());
  EXPECT_EQ(without_xmlns.find("http"), std::string::npos);
  for (const std::string& svg : svgs(html)) {
    XmlReader reader(svg);
    EXPECT_TRUE(reader.parse()) << reader.error();
  }
}

// Live-mode folders: no summary.json and a line still being written are fine.
TEST(Report, WorksWithoutSummaryAndWithAnUnfinishedLine) {
  TempDir dir;
  run_into(load_or_die(source_path("scenarios/overflow.toml")), dir.path(), false);
  std::filesystem::remove(dir.file("summary.json"));
  {
    std::ofstream out(dir.file("timeline.csv"), std::ios::app);
    out << "3.100,160,16";  // no newline: being written
  }
  const ReportResult r = write_report(dir.path());
  ASSERT_EQ(r.status, ReportStatus::kOk) << r.error;
  const std::string html = read_file(dir.file("report.html"));
  EXPECT_NE(html.find("No summary.json"), std::string::npos);
  EXPECT_NE(html.find("id=\"queue\""), std::string::npos);
  EXPECT_NE(html.find("(30 samples)"), std::string::npos);
  EXPECT_NE(html.find("queue_capacity: unknown"), std::string::npos);
}

// A long run: the chart keeps the spike while drawing far fewer points than samples.
TEST(Report, LongRunKeepsTheSpike) {
  TempDir dir;
  {
    std::ofstream t(dir.file("timeline.csv"));
    t << "time_s,offered,accepted,rejected,delivered,dead_lettered,retries,queue_depth,queue_depth_max,in_flight,"
         "reject_rate,latency_p50_ms,latency_p99_ms\n";
    for (int i = 1; i <= 36000; ++i) {
      const int depth = i == 20000 ? 900 : 10 + i % 5;
      t << i / 10 << "." << i % 10 << ",10,10,0,10,0,0," << depth << "," << depth << ",0,0.000000,1.000,2.000\n";
    }
  }
  const std::string html = write_and_read(dir.path());
  EXPECT_NE(html.find("queue_depth_max: max 900 packets at 2000 s"), std::string::npos);
  EXPECT_NE(html.find("time (min)"), std::string::npos) << "an hour reads in minutes";
  const std::string queue = svgs(html).at(0);
  // The tick at 1000 marks the top of the plot; the spike at 900 is the only point near it.
  const std::size_t d_at = queue.find("<path d=\"");
  ASSERT_NE(d_at, std::string::npos);
  std::stringstream d(queue.substr(d_at + 9, queue.find('"', d_at + 9) - d_at - 9));
  std::size_t points = 0;
  double min_y = 1e9;
  std::string x_token, y_token;
  while (d >> x_token >> y_token) {
    ASSERT_TRUE(x_token[0] == 'M' || x_token[0] == 'L') << x_token;
    ++points;
    min_y = std::min(min_y, std::stod(y_token));
  }
  EXPECT_LT(points, 4000u);
  const double y1000 = tick_y(queue, "1000");
  const double y0 = tick_y(queue, "0");
  ASSERT_GT(y1000, 0);
  ASSERT_GT(y0, y1000);
  EXPECT_NEAR(min_y, y0 + (y1000 - y0) * 0.9, 0.2) << "the spike's pixel";
}

// A sweep folder: the comparison table and one line per variant, each linked to its own report.
TEST(Report, SweepReportComparesVariants) {
  TempDir dir;
  const auto variants = expand_sweep({{"distributor.queue_capacity", {"1000", "5000"}}});
  std::vector<Scenario> scenarios;
  for (const SweepVariant& v : variants) {
    scenarios.push_back(load_or_die(source_path("scenarios/overflow.toml"), v.overrides()));
  }
  SweepRunOptions options;
  options.out_dir = dir.path();
  const auto results = run_sweep(scenarios, variants, options);
  std::ofstream(dir.file("sweep.csv")) << sweep_csv(variants, results);

  const ReportResult r = write_report(dir.path());
  ASSERT_EQ(r.status, ReportStatus::kOk) << r.error;
  EXPECT_EQ(r.written.size(), 3u);
  const std::string html = read_file(dir.file("report.html"));
  EXPECT_NE(html.find("href=\"distributor.queue_capacity=1000/report.html\""), std::string::npos);
  EXPECT_NE(html.find("1 of 2 variants meet every expectation"), std::string::npos);
  EXPECT_EQ(svgs(html).size(), 3u);  // queue depth, 503 rate, p99
  const std::string queue = svgs(html)[0];
  EXPECT_NE(queue.find("distributor.queue_capacity=1000</text>"), std::string::npos) << "legend";
  EXPECT_NE(queue.find("distributor.queue_capacity=5000</text>"), std::string::npos) << "legend";
  EXPECT_NE(queue.find("capacity 5000"), std::string::npos);
  EXPECT_NE(html.find("0.166667"), std::string::npos) << "reject_rate from sweep.csv";
  EXPECT_TRUE(std::filesystem::exists(dir.file("distributor.queue_capacity=5000/report.html")));
  EXPECT_NE(read_file(dir.file("distributor.queue_capacity=5000/report.html")).find("../report.html"),
            std::string::npos);
}

// Hand-edited or corrupt CSV values (huge, non-numeric, negative time) still give a report.
TEST(Report, SurvivesAbsurdValues) {
  TempDir dir;
  std::ofstream(dir.file("timeline.csv"))
      << "time_s,offered,accepted,rejected,delivered,dead_lettered,retries,queue_depth,queue_depth_max,in_flight,"
         "reject_rate,latency_p50_ms,latency_p99_ms\n"
         "-5,1,1,0,1,0,0,1,1e300,0,0,x,\n"
         "1,nan,1,0,1,0,0,1,-1e300,0,0,1,inf\n"
         "1,1,1,0,1,0,0,1,2,0,0,1,2\n";
  const std::string html = write_and_read(dir.path());
  for (const std::string& svg : svgs(html)) {
    XmlReader reader(svg);
    EXPECT_TRUE(reader.parse()) << reader.error();
  }
}

// A folder without results is bad input, not an empty report.
TEST(Report, FolderWithoutResultsIsBadInput) {
  TempDir dir;
  EXPECT_EQ(write_report(dir.path()).status, ReportStatus::kBadInput);
  EXPECT_EQ(write_report(dir.file("missing")).status, ReportStatus::kBadInput);
  EXPECT_FALSE(std::filesystem::exists(dir.file("report.html")));
}

}  // namespace
}  // namespace logsim

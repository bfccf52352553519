#include "core/live/twin.h"

#include <uv.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "core/live/agent.h"
#include "core/live/live_app.h"
#include "core/live/model_analyzer.h"
#include "sim/csv_output.h"
#include "sim/csv_reader.h"
#include "sim/engine.h"

namespace logsim {
namespace {

// Collects the simulation's events.csv rows as they are written.
class EventCollector final : public TimelineSink {
 public:
  void on_event(const EventRow& row) override { events.push_back(TwinEvent{row.time, row.kind, row.analyzer}); }
  std::vector<TwinEvent> events;
};

// The live half's threads: stopped and joined however run_twin leaves.
class LiveThreads {
 public:
  ~LiveThreads() { stop_all(); }
  std::vector<std::unique_ptr<ModelAnalyzer>> analyzers;
  std::vector<std::thread> analyzer_threads;
  std::unique_ptr<LiveApp> app;
  std::thread app_thread;
  int app_exit = -1;

  void stop_app() {
    if (app_thread.joinable()) {
      app->request_shutdown();
      app_thread.join();
    }
  }
  void stop_analyzers() {
    for (std::size_t i = 0; i < analyzer_threads.size(); ++i) {
      if (analyzer_threads[i].joinable()) {
        analyzers[i]->stop();
        analyzer_threads[i].join();
      }
    }
  }
  void stop_all() {
    stop_app();
    stop_analyzers();
  }
};

TimeNs seconds_to_ns(double s) { return static_cast<TimeNs>(std::llround(s * 1e9)); }

struct EventLine {
  TimeNs time;
  int order;  // scripted events first at equal times, as the engine runs them
  std::string kind;
  std::string analyzer;
  std::string detail;
};

// Reads live/events.csv (the distributor's health changes), adds the
// scripted events the stand-ins applied, rewrites the file in time order
// and returns every event.
bool merge_live_events(const std::string& path, const std::vector<std::unique_ptr<ModelAnalyzer>>& analyzers,
                       std::vector<TwinEvent>* events, std::string* error) {
  CsvTable table;
  if (!read_csv_file(path, &table, error)) return false;
  const auto time = table.column("time_s");
  const auto kind = table.column("kind");
  const auto analyzer = table.column("analyzer");
  const auto detail = table.column("detail");
  if (!time || !kind || !analyzer || !detail) {
    *error = path + " lacks the events.csv columns";
    return false;
  }
  std::vector<EventLine> lines;
  for (const auto& row : table.rows) {
    const auto t = csv_number(row[*time]);
    if (!t) continue;
    lines.push_back({seconds_to_ns(*t), 1, row[*kind], row[*analyzer], row[*detail]});
  }
  for (const auto& a : analyzers) {
    for (const AppliedEvent& e : a->applied_events()) lines.push_back({e.time, 0, e.kind, a->name(), e.detail});
  }
  std::stable_sort(lines.begin(), lines.end(), [](const EventLine& x, const EventLine& y) {
    return x.time != y.time ? x.time < y.time : x.order < y.order;
  });
  std::string text = "time_s,kind,analyzer,detail\n";
  for (const EventLine& l : lines) {
    text += format_seconds(l.time) + ',' + csv_field(l.kind) + ',' + csv_field(l.analyzer) + ',' + csv_field(l.detail) +
            '\n';
    events->push_back(TwinEvent{l.time, l.kind, l.analyzer});
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    *error = "cannot write " + path;
    return false;
  }
  return true;
}

void note(const TwinOptions& options, const std::string& text) {
  if (!options.quiet) std::fprintf(stderr, "twin: %s\n", text.c_str());
}

}  // namespace

TwinResult run_twin(const Scenario& scenario, const TwinOptions& options) {
  TwinResult r;
  r.out_dir = options.out_dir.empty() ? "results/" + scenario.name + "/twin" : options.out_dir;
  const std::string sim_dir = (std::filesystem::path(r.out_dir) / "sim").string();
  const std::string live_dir = (std::filesystem::path(r.out_dir) / "live").string();
  const auto fail = [&](int code, std::string error) {
    r.exit_code = code;
    r.error = std::move(error);
    return r;
  };
  std::error_code ec;
  std::filesystem::create_directories(live_dir, ec);
  if (ec) return fail(kExitRuntimeFailure, "cannot create " + live_dir + ": " + ec.message());
  // The dead-letter file is append-only; a previous twin run's lines must
  // not count in this one.
  std::filesystem::remove(std::filesystem::path(live_dir) / "dead-letter.jsonl", ec);

  // The simulation: milliseconds of work, and a bad scenario shows here
  // before anything listens.
  {
    Scenario sim = scenario;
    sim.drain = true;
    EventCollector collector;
    SimEngine::Options eo;
    eo.out_dir = sim_dir;
    eo.extra_sink = &collector;
    std::optional<TimeNs> first_rejection;
    TimeNs queue_empty = 0;
    eo.after_event = [&first_rejection, &queue_empty](const SimEngine& e) {
      if (first_rejection) return;
      if (e.distributor().stats().totals.rejected > 0) {
        first_rejection = e.now();
      } else if (e.distributor().queue_depth() == 0) {
        queue_empty = e.now();
      }
    };
    SimEngine engine(sim, eo);
    std::string error;
    if (!engine.run(&error)) return fail(kExitRuntimeFailure, error);
    r.sim.summary = engine.summary();
    r.sim.first_rejection = first_rejection;
    if (first_rejection) r.sim.queue_empty_before_rejection = queue_empty;
    const LatencyHistogram& latency = engine.distributor().stats().latency;
    r.sim.latency_bands = LatencyBands{latency.percentile(0.45), latency.percentile(0.55), latency.percentile(0.985),
                                       latency.percentile(0.995)};
    r.sim.events = std::move(collector.events);
    note(options, "simulated " + scenario.name + " (seed " + std::to_string(scenario.seed) + ") into " + sim_dir);
  }

  // The live run: model analyzers on free ports, the distributor pointed
  // at them, the agent replaying the traffic.
  Scenario live = scenario;
  live.live.listen = "127.0.0.1:0";
  live.live.dead_letter = (std::filesystem::path(live_dir) / "dead-letter.jsonl").string();
  live.live.record_trace = (std::filesystem::path(live_dir) / "trace.csv").string();
  LiveThreads threads;
  std::string ports;
  for (std::size_t i = 0; i < scenario.analyzers.size(); ++i) {
    ModelAnalyzerOptions o;
    o.listen = "127.0.0.1:0";
    o.handle_signals = false;
    o.quiet = true;
    auto a = std::make_unique<ModelAnalyzer>(scenario, scenario.analyzers[i].name, o);
    std::string error;
    const int rc = a->start(&error);
    if (rc != 0) return fail(rc == kExitBadInput ? kExitBadInput : kExitRuntimeFailure, error);
    const std::string url = "http://127.0.0.1:" + std::to_string(a->port());
    live.analyzers[i].url = url;
    live.distributor.analyzers[i].url = url;
    ports += (ports.empty() ? "" : ", ") + scenario.analyzers[i].name + " :" + std::to_string(a->port());
    threads.analyzers.push_back(std::move(a));
  }
  LiveOptions lo;
  lo.out_dir = live_dir;
  lo.handle_signals = false;
  lo.quiet = true;
  threads.app = std::make_unique<LiveApp>(live, lo);

  {
    std::string error;
    const int rc = threads.app->start(&error);
    if (rc != kExitOk) return fail(rc, error);
  }
  // One t = 0 for everything: the distributor's clock (its timeline, its
  // health checks); the stand-ins' scripts and the agent's schedule count
  // from it too.
  const std::uint64_t t0 = threads.app->start_hrtime();
  for (auto& a : threads.analyzers) a->set_start_hrtime(t0);
  for (auto& a : threads.analyzers) {
    ModelAnalyzer* analyzer = a.get();
    threads.analyzer_threads.emplace_back([analyzer] { analyzer->run(); });
  }
  threads.app_thread = std::thread([&threads] { threads.app_exit = threads.app->run(); });
  note(options, "running it live over loopback for " + format_seconds(scenario.duration) + " s: distributor :" +
                    std::to_string(threads.app->port()) + ", analyzers " + ports + ", writing " + live_dir);

  AgentOptions ao;
  ao.target = "http://127.0.0.1:" + std::to_string(threads.app->port());
  ao.out_dir = live_dir;
  ao.handle_signals = false;
  ao.quiet = true;
  ao.start_hrtime = t0;
  Agent agent(live, ao);
  {
    std::string error;
    if (agent.start(&error) != 0) return fail(kExitRuntimeFailure, error);
  }
  agent.run();
  // The simulation runs the whole horizon even when the traffic ends
  // early (retries, probes, scripted events go on), so the live run does
  // too before it drains.
  const auto now = static_cast<TimeNs>(uv_hrtime() - t0);
  if (now < scenario.duration) std::this_thread::sleep_for(std::chrono::nanoseconds(scenario.duration - now));
  threads.stop_app();
  threads.stop_analyzers();
  if (threads.app_exit != kExitOk) return fail(kExitRuntimeFailure, "the live distributor did not stop cleanly");

  r.live.summary = threads.app->summary();
  if (agent.totals().first_rejected_at >= 0) r.live.first_rejection = agent.totals().first_rejected_at;
  r.agent_errors = agent.totals().errors;
  {
    std::string error;
    if (!merge_live_events((std::filesystem::path(live_dir) / "events.csv").string(), threads.analyzers, &r.live.events,
                           &error)) {
      return fail(kExitRuntimeFailure, error);
    }
  }

  r.comparison = compare_twin(r.sim, r.live, options.tolerances);
  const std::string csv_path = (std::filesystem::path(r.out_dir) / "comparison.csv").string();
  std::ofstream csv(csv_path, std::ios::binary | std::ios::trunc);
  csv << twin_comparison_csv(r.comparison);
  csv.close();
  if (!csv) return fail(kExitRuntimeFailure, "cannot write " + csv_path);
  r.exit_code = r.comparison.passed ? kExitOk : 1;
  return r;
}

}  // namespace logsim

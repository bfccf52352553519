// `logsim twin SCENARIO.toml`: runs one scenario twice — in virtual time
// (SimEngine) and for real over loopback — and compares the two
// (sim/twin_compare.h). The live half starts, in this process, one model
// analyzer per [[analyzer]] (core/live/model_analyzer.h) on a free loopback
// port, the live distributor (LiveApp) with the scenario's settings on
// another, and the agent replaying the scenario's traffic in real time,
// each on its own thread and event loop, all sharing one t = 0.
//
// Output folder (default results/<name>/twin/):
//   sim/             the simulation's timeline, distribution, events, summary
//   live/            the live distributor's files, agent.csv, the recorded
//                    arrivals (trace.csv) and dead-letter.jsonl; events.csv
//                    also lists the scripted events as the stand-ins applied them
//   comparison.csv   every figure, both values, difference, tolerance, verdict
// `logsim report DIR` draws both timelines on the same charts.
#pragma once

#include <string>

#include "sim/scenario.h"
#include "sim/twin_compare.h"

namespace logsim {

struct TwinOptions {
  std::string out_dir;  // empty: results/<name>/twin
  TwinTolerances tolerances;
  bool quiet = false;  // no progress lines on stderr
};

struct TwinResult {
  int exit_code = 0;  // 0 within tolerance, 1 differs, 2 unusable settings, 3 runtime failure
  std::string error;  // when exit_code is 2 or 3
  std::string out_dir;
  TwinSide sim;
  TwinSide live;
  TwinComparison comparison;
  std::uint64_t agent_errors = 0;  // requests the agent could not complete (refused, reset, other status)
};

// Both runs, the comparison and the output files. The simulation runs with
// drain = true whatever the file says: a live distributor drains what it
// holds when it stops, so only a drained simulation accounts for the same
// packets.
TwinResult run_twin(const Scenario& scenario, const TwinOptions& options);

}  // namespace logsim

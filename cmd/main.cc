// logsim's command line (SPEC §2). This file only wires CLI11 to the
// subcommands; the work happens in cmd/*_command.cc, sim/ and core/.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstring>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "cmd/commands.h"

namespace {

const std::set<std::string> kSubcommands = {"run",    "validate", "check", "sweep", "plan",
                                            "report", "live",     "analyzer", "agent", "help", "twin"};

void add_set_flag(CLI::App* app, std::vector<std::string>* overrides) {
  app->add_option("--set", *overrides, "Override a scenario key, e.g. distributor.queue_capacity=1000")
      ->type_name("KEY=VALUE");
}

void add_common_flags(CLI::App* app, logsim::cmd::RunOptions* options) {
  add_set_flag(app, &options->overrides);
  app->add_option("--seed", options->seed, "Seed for every random stream (default: the scenario's)");
  app->add_option("--out", options->out_dir, "Output folder (default results/<name>)");
  app->add_flag("--quiet", options->quiet, "Print nothing but errors");
}

}  // namespace

int main(int argc, char** argv) {
  // `logsim FILE.toml` is `logsim run FILE.toml`.
  std::vector<std::string> args(argv + 1, argv + argc);
  // `logsim --live CONFIG.toml` is `logsim live CONFIG.toml`.
  if (!args.empty() && args[0][0] != '-' && kSubcommands.count(args[0]) == 0) args.insert(args.begin(), "run");
  if (!args.empty() && (args[0] == "--live" || args[0].rfind("--live=", 0) == 0)) {
    std::string rest = args[0].size() > 7 ? args[0].substr(7) : "";
    args[0] = "live";
    if (!rest.empty()) args.insert(args.begin() + 1, rest);
  }

  CLI::App app{"logsim: a log distributor and its deterministic simulator"};
  app.require_subcommand(1);
  app.fallthrough(false);

  logsim::cmd::RunOptions run_options;
  std::string run_path;
  CLI::App* run = app.add_subcommand("run", "Run a scenario in virtual time and write results");
  run->add_option("scenario", run_path, "Scenario file")->required()->check(CLI::ExistingFile);
  add_common_flags(run, &run_options);
  run->add_flag("--json", run_options.json, "Print the summary as JSON on stdout");

  std::vector<std::string> validate_paths;
  std::vector<std::string> validate_overrides;
  CLI::App* validate = app.add_subcommand("validate", "Parse and check scenario files");
  validate->add_option("scenarios", validate_paths, "Scenario files")->required();
  add_set_flag(validate, &validate_overrides);

  logsim::cmd::CheckOptions check_options;
  std::vector<std::string> check_paths;
  CLI::App* check = app.add_subcommand("check", "Run scenarios and enforce their [expect] tables (CI gate)");
  check->add_option("scenarios", check_paths, "Scenario files")->required();
  add_common_flags(check, &check_options.run);
  check->add_option("--vary", check_options.vary, "Check every variant: KEY=V1,V2,... (repeatable; cartesian product)")
      ->type_name("KEY=V1,V2");
  check->add_flag("--sweep", check_options.sweep, "Check every variant of each file's [sweep] table");
  check->add_option("--junit", check_options.junit, "Write the verdicts as JUnit XML to FILE")->type_name("FILE");

  logsim::cmd::SweepOptions sweep_options;
  std::string sweep_path;
  CLI::App* sweep = app.add_subcommand("sweep", "Run every combination of the varied keys, with the same seed");
  sweep->add_option("scenario", sweep_path, "Scenario file")->required()->check(CLI::ExistingFile);
  add_common_flags(sweep, &sweep_options.run);
  sweep->add_option("--vary", sweep_options.vary, "KEY=V1,V2,... (repeatable; default: the file's [sweep] table)")
      ->type_name("KEY=V1,V2");
  sweep->add_option("--jobs", sweep_options.jobs, "Variants run at once (default: one per hardware thread)")
      ->check(CLI::Range(1u, 1024u));

  logsim::cmd::PlanOptions plan_options;
  std::string plan_path;
  CLI::App* plan = app.add_subcommand("plan", "Find the smallest value of a key meeting every [expect]");
  plan->add_option("scenario", plan_path, "Scenario file")->required()->check(CLI::ExistingFile);
  add_common_flags(plan, &plan_options.run);
  plan->add_option("--vary", plan_options.vary, "KEY=LO..HI, integers")->type_name("KEY=LO..HI")->required();

  std::vector<std::string> report_dirs;
  bool report_quiet = false;
  CLI::App* report = app.add_subcommand("report", "Write report.html with charts into results folders");
  report->add_option("results", report_dirs, "Results folders (a run, a live run, or a sweep)")->required();
  report->add_flag("--quiet", report_quiet, "Print nothing but errors");

  logsim::cmd::RunOptions live_options;
  std::string live_path;
  CLI::App* live = app.add_subcommand("live", "The real distributor (also `logsim --live CONFIG.toml`)");
  live->add_option("config", live_path, "Scenario file with [live] settings and analyzer urls")
      ->required()
      ->check(CLI::ExistingFile);
  add_set_flag(live, &live_options.overrides);
  live->add_option("--out", live_options.out_dir, "Folder for the live CSVs (default results/<name>)");
  live->add_flag("--quiet", live_options.quiet, "Print nothing but errors");

  logsim::cmd::AnalyzerCommandOptions analyzer_options;
  CLI::App* analyzer = app.add_subcommand("analyzer", "A stand-in analyzer: POST analyze, GET health and stats");
  analyzer->add_option("--listen", analyzer_options.listen, "HOST:PORT to listen on (default 127.0.0.1:9001)");
  analyzer->add_option("--latency", analyzer_options.latency, "Answer after this long, e.g. 20ms");
  analyzer->add_option("--error-rate", analyzer_options.error_rate, "Fraction of requests answered 500");
  analyzer->add_option("--seed", analyzer_options.seed, "Seed for the error draws");
  analyzer->add_option("--analyze-path", analyzer_options.analyze_path, "Path of the analyze route");
  analyzer->add_option("--health-path", analyzer_options.health_path, "Path of the health route");
  analyzer->add_option("--record", analyzer_options.record, "Append the id of each packet answered 200 to FILE");
  analyzer->add_flag("--quiet", analyzer_options.quiet, "Print nothing but errors");
  analyzer->add_option("--model", analyzer_options.model, "Behave as an analyzer of this scenario (see --name)")
      ->type_name("SCENARIO.toml")
      ->check(CLI::ExistingFile);
  analyzer->add_option("--name", analyzer_options.name, "With --model: which [[analyzer]] to be");
  analyzer->add_option("--start-at", analyzer_options.start_at_ms,
                       "With --model: t = 0 of the scripted events, in ms since the Unix epoch");
  add_set_flag(analyzer, &analyzer_options.overrides);

  logsim::cmd::AgentCommandOptions agent_options;
  std::string agent_path;
  CLI::App* agent = app.add_subcommand("agent", "Replay a scenario's traffic in real time over HTTP");
  agent->add_option("scenario", agent_path, "Scenario file")->required()->check(CLI::ExistingFile);
  agent->add_option("--target", agent_options.target, "Distributor URL, e.g. http://127.0.0.1:8000")->required();
  agent->add_option("--connections", agent_options.connections, "Keep-alive connections at most");
  agent->add_option("--start-at", agent_options.start_at_ms, "t = 0 of the traffic, in ms since the Unix epoch");
  add_common_flags(agent, &agent_options.run);

  logsim::cmd::TwinCommandOptions twin_options;
  std::string twin_path;
  CLI::App* twin = app.add_subcommand("twin", "Run a scenario live over loopback and in simulation; compare");
  twin->add_option("scenario", twin_path, "Scenario file")->required()->check(CLI::ExistingFile);
  add_common_flags(twin, &twin_options.run);
  twin->get_option("--out")->description("Output folder (default results/<name>/twin)");
  twin->add_option("--tolerance-scale", twin_options.tolerance_scale,
                   "Multiply every tolerance (e.g. 2 on a busy machine)")
      ->check(CLI::PositiveNumber);

  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "logsim: " << e.what() << "\n(run `logsim --help` for usage)\n";
    return logsim::cmd::kExitBadInput;
  }

  analyzer_options.seed_given = analyzer->count("--seed") > 0;
  analyzer_options.latency_given = analyzer->count("--latency") + analyzer->count("--error-rate") > 0;
  analyzer_options.listen_given = analyzer->count("--listen") > 0;
  if (run->parsed()) return logsim::cmd::run_scenario(run_path, run_options);
  if (validate->parsed()) return logsim::cmd::validate_scenarios(validate_paths, validate_overrides);
  if (check->parsed()) return logsim::cmd::check_scenarios(check_paths, check_options);
  if (sweep->parsed()) return logsim::cmd::sweep_scenario(sweep_path, sweep_options);
  if (plan->parsed()) return logsim::cmd::plan_scenario(plan_path, plan_options);
  if (report->parsed()) return logsim::cmd::report_results(report_dirs, report_quiet);
  if (live->parsed()) return logsim::cmd::run_live_distributor(live_path, live_options);
  if (analyzer->parsed()) return logsim::cmd::run_analyzer(analyzer_options);
  if (agent->parsed()) return logsim::cmd::run_agent_replay(agent_path, agent_options);
  if (twin->parsed()) return logsim::cmd::run_twin_command(twin_path, twin_options);
  return logsim::cmd::kExitBadInput;
}

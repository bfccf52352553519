// logsim's command line (SPEC §2). This file only wires CLI11 to the
// subcommands; the work happens in sim/ and core/.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstring>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "cmd/commands.h"

namespace {

const std::set<std::string> kSubcommands = {"run", "validate", "check", "help"};

void add_run_flags(CLI::App* app, logsim::cmd::RunOptions* options) {
  app->add_option("--set", options->overrides, "Override a scenario key, e.g. distributor.queue_capacity=1000")
      ->type_name("KEY=VALUE");
  app->add_option("--seed", options->seed, "Seed for every random stream (default: the scenario's)");
  app->add_option("--out", options->out_dir, "Output folder (default results/<name>)");
  app->add_flag("--json", options->json, "Print the summary as JSON on stdout");
  app->add_flag("--quiet", options->quiet, "Print nothing but errors");
}

}  // namespace

int main(int argc, char** argv) {
  // `logsim FILE.toml` is `logsim run FILE.toml`.
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0][0] != '-' && kSubcommands.count(args[0]) == 0) args.insert(args.begin(), "run");

  CLI::App app{"logsim: a log distributor and its deterministic simulator"};
  app.require_subcommand(1);
  app.fallthrough(false);

  logsim::cmd::RunOptions run_options;
  std::string run_path;
  CLI::App* run = app.add_subcommand("run", "Run a scenario in virtual time and write results");
  run->add_option("scenario", run_path, "Scenario file")->required()->check(CLI::ExistingFile);
  add_run_flags(run, &run_options);

  std::vector<std::string> validate_paths;
  std::vector<std::string> validate_overrides;
  CLI::App* validate = app.add_subcommand("validate", "Parse and check scenario files");
  validate->add_option("scenarios", validate_paths, "Scenario files")->required();
  validate->add_option("--set", validate_overrides, "Override a scenario key")->type_name("KEY=VALUE");

  logsim::cmd::RunOptions check_options;
  std::vector<std::string> check_paths;
  CLI::App* check = app.add_subcommand("check", "Run scenarios and enforce their [expect] tables");
  check->add_option("scenarios", check_paths, "Scenario files")->required();
  add_run_flags(check, &check_options);

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

  if (run->parsed()) return logsim::cmd::run_scenario(run_path, run_options);
  if (validate->parsed()) return logsim::cmd::validate_scenarios(validate_paths, validate_overrides);
  if (check->parsed()) return logsim::cmd::check_scenarios(check_paths, check_options);
  return logsim::cmd::kExitBadInput;
}

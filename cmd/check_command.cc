// `logsim check`: the CI gate. Runs every file (and, with --vary or
// --sweep, every variant of it), prints one line per run, and exits
// non-zero when anything fails. --junit writes the same verdicts as JUnit
// XML for CI systems.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cmd/cmd_support.h"
#include "cmd/commands.h"
#include "cmd/progress.h"
#include "sim/engine.h"
#include "sim/junit.h"

namespace logsim::cmd {
namespace {

// Bad input outranks a runtime failure, which outranks a failed expectation.
int worse(int a, int b) {
  const auto rank = [](int code) {
    switch (code) {
      case kExitBadInput:
        return 3;
      case kExitRuntimeFailure:
        return 2;
      case kExitExpectationFailed:
        return 1;
      default:
        return 0;
    }
  };
  return rank(a) >= rank(b) ? a : b;
}

std::string check_line(const Summary& s, const std::string& name) {
  std::string detail;
  for (const ExpectationResult& e : s.expectations) {
    if (!detail.empty()) detail += ", ";
    detail += e.passed ? e.name + " " + e.actual + " ok" : describe_failed_expectation(e);
  }
  if (s.expectations.empty()) detail = "no expectations";
  return std::string(s.passed ? "PASS " : "FAIL ") + name + " (seed " + std::to_string(s.seed) + "): " + detail;
}

bool write_junit(const std::string& path, const std::vector<JunitCase>& cases) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << junit_xml("logsim check", cases);
  out.close();
  if (!out) {
    std::cerr << "logsim: cannot write " << path << '\n';
    return false;
  }
  return true;
}

}  // namespace

int check_scenarios(const std::vector<std::string>& paths, const CheckOptions& options) {
  std::optional<std::vector<SweepAxis>> vary = vary_axes(options.vary);
  if (!vary) return kExitBadInput;
  int exit_code = kExitOk;
  std::vector<JunitCase> cases;
  ProgressBar bar(!options.run.quiet);

  for (const std::string& path : paths) {
    // The file as written first: it names the scenario and its [sweep].
    std::optional<Scenario> base = load_scenario(path, options.run);
    if (!base) {
      exit_code = worse(exit_code, kExitBadInput);
      cases.push_back(JunitCase{path, path, 0, {}, "cannot load " + path + " (see the log for every error)", ""});
      continue;
    }
    std::vector<SweepVariant> variants = expand_sweep(!vary->empty()  ? *vary
                                                      : options.sweep ? base->sweep
                                                                      : std::vector<SweepAxis>{});
    if (!variants_distinct(variants)) return kExitBadInput;
    const bool plain = variants.empty();
    if (plain) variants.emplace_back();

    for (const SweepVariant& variant : variants) {
      const std::string name = plain ? base->name : base->name + " [" + variant.label() + "]";
      std::optional<Scenario> scenario = plain ? base : load_scenario(path, options.run, &variant);
      if (!scenario) {
        exit_code = worse(exit_code, kExitBadInput);
        cases.push_back(JunitCase{name, path, 0, {}, "cannot load " + path + " with " + variant.label(), ""});
        continue;
      }
      // With several files, --out is a parent folder with one folder each;
      // variants go one level further down, named as `sweep` names them.
      std::string out = options.run.out_dir.empty() ? "results/" + base->name
                        : paths.size() == 1         ? options.run.out_dir
                                                    : options.run.out_dir + "/" + base->name;
      if (!plain) out += "/" + variant.folder;
      SimEngine::Options engine_options;
      engine_options.out_dir = out;
      engine_options.progress = progress_callback(bar, "check " + name);
      SimEngine engine(*scenario, engine_options);
      const auto started = std::chrono::steady_clock::now();
      std::string error;
      const bool ok = engine.run(&error);
      const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      bar.clear();
      if (!ok) {
        std::cerr << "logsim: " << error << '\n';
        exit_code = worse(exit_code, kExitRuntimeFailure);
        cases.push_back(JunitCase{name, path, wall_s, {}, error, ""});
        continue;
      }
      const Summary& s = engine.summary();
      const std::string line = check_line(s, name);
      if (!options.run.quiet) std::cout << line << '\n' << std::flush;
      if (!s.passed) exit_code = worse(exit_code, kExitExpectationFailed);
      cases.push_back(JunitCase{name, path, wall_s, s.expectations, "", line});
    }
  }
  if (!options.junit.empty() && !write_junit(options.junit, cases)) exit_code = worse(exit_code, kExitRuntimeFailure);
  return exit_code;
}

}  // namespace logsim::cmd

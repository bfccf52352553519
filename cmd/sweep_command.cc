// `logsim sweep`: every combination of the varied keys, run in parallel
// with the same seed; sweep.csv, one folder per variant, and a table.
// Exploratory: a variant that misses its [expect] is a finding, not an
// error, so the exit code is 0 unless the input is bad (2) or results
// cannot be written (3). CI gates use `logsim check --vary` instead.
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cmd/cmd_support.h"
#include "cmd/commands.h"
#include "cmd/parallel.h"
#include "cmd/progress.h"
#include "sim/csv_output.h"
#include "sim/junit.h"

namespace logsim::cmd {
namespace {

std::string percent(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", ratio * 100);
  return buf;
}

std::string verdict(const Summary& s) {
  if (s.passed) return s.expectations.empty() ? "-" : "PASS";
  std::string text = "FAIL";
  for (const ExpectationResult& e : s.expectations) {
    if (!e.passed) text += (text == "FAIL" ? ": " : ", ") + describe_failed_expectation(e);
  }
  return text;
}

// Columns padded to their widest cell; numbers right-aligned.
void print_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                 std::size_t value_columns) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  const auto print_row = [&](const std::vector<std::string>& row) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      const bool last = c + 1 == row.size();
      const bool right = c >= value_columns && !last;
      line += "  " + (right ? pad + row[c] : row[c] + (last ? "" : pad));
    }
    std::cout << line << '\n';
  };
  print_row(header);
  for (const auto& row : rows) print_row(row);
}

}  // namespace

int sweep_scenario(const std::string& path, const SweepOptions& options) {
  std::optional<Scenario> base = load_scenario(path, options.run);
  if (!base) return kExitBadInput;
  std::optional<std::vector<SweepAxis>> axes = vary_axes(options.vary);
  if (!axes) return kExitBadInput;
  if (axes->empty()) *axes = base->sweep;
  if (axes->empty()) {
    std::cerr << path << ": nothing to sweep: the file has no [sweep] table; give --vary KEY=V1,V2,...\n";
    return kExitBadInput;
  }
  const std::vector<SweepVariant> variants = expand_sweep(*axes);
  if (!variants_distinct(variants)) return kExitBadInput;

  // Load every variant before running any, so bad input costs no time.
  std::vector<Scenario> scenarios;
  bool loaded = true;
  for (const SweepVariant& v : variants) {
    std::optional<Scenario> s = load_scenario(path, options.run, &v);
    if (s) {
      scenarios.push_back(std::move(*s));
    } else {
      loaded = false;
    }
  }
  if (!loaded) return kExitBadInput;

  const std::string out_dir = out_dir_for(*base, options.run);
  const unsigned jobs = options.jobs ? options.jobs : default_jobs();
  ProgressBar bar(!options.run.quiet);
  // Each variant's progress as a fraction in millionths; the bar shows the mean.
  std::unique_ptr<std::atomic<std::uint32_t>[]> done(new std::atomic<std::uint32_t>[variants.size()]);
  for (std::size_t i = 0; i < variants.size(); ++i) done[i] = 0;
  std::atomic<std::size_t> finished{0};
  const auto show = [&] {
    double sum = 0;
    for (std::size_t i = 0; i < variants.size(); ++i) sum += done[i].load() / 1e6;
    bar.update(sum / static_cast<double>(variants.size()), "sweep " + base->name + ": " +
                                                               std::to_string(finished.load()) + "/" +
                                                               std::to_string(variants.size()) + " variants");
  };
  SweepRunOptions run_options;
  run_options.out_dir = out_dir;
  run_options.runner = thread_runner(jobs);
  if (bar.active()) {
    run_options.progress = [&](std::size_t i, TimeNs now, TimeNs horizon) {
      const double f = horizon > 0 ? std::min(1.0, static_cast<double>(now) / static_cast<double>(horizon)) : 1.0;
      done[i] = static_cast<std::uint32_t>(f * 1e6);
      show();
    };
    run_options.finished = [&](std::size_t i) {
      done[i] = 1000000;
      ++finished;
      show();
    };
  }
  const std::vector<SweepRunResult> results = run_sweep(scenarios, variants, run_options);
  bar.clear();

  int exit_code = kExitOk;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) {
      std::cerr << "logsim: variant " << variants[i].label() << ": " << results[i].error << '\n';
      exit_code = kExitRuntimeFailure;
    }
  }
  const std::string csv_path = (std::filesystem::path(out_dir) / "sweep.csv").string();
  {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    std::ofstream out(csv_path, std::ios::binary | std::ios::trunc);
    out << sweep_csv(variants, results);
    out.close();
    if (!out) {
      std::cerr << "logsim: cannot write " << csv_path << '\n';
      return kExitRuntimeFailure;
    }
  }
  if (options.run.quiet) return exit_code;

  std::size_t passed = 0;
  std::vector<std::string> header;
  for (const SweepAxis& a : *axes) header.push_back(a.key);
  for (const char* h : {"reject rate", "delivered", "dead-lettered", "p99 ms", "max queue", "result"})
    header.push_back(h);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    std::vector<std::string> row;
    for (const SweepSetting& s : variants[i].settings) row.push_back(sweep_display_value(s.value));
    const Summary& s = results[i].summary;
    if (!results[i].ok()) {
      for (int c = 0; c < 5; ++c) row.push_back("");
      row.push_back("ERROR: " + results[i].error);
    } else {
      row.push_back(percent(s.reject_rate));
      row.push_back(std::to_string(s.totals.delivered));
      row.push_back(std::to_string(s.totals.dead_lettered));
      row.push_back(format_ms(s.latency_p99));
      row.push_back(std::to_string(s.queue_depth_max));
      row.push_back(verdict(s));
      if (s.passed) ++passed;
    }
    rows.push_back(std::move(row));
  }
  bool one_seed = true;
  for (const Scenario& s : scenarios) one_seed = one_seed && s.seed == scenarios.front().seed;
  std::cout << "sweep " << base->name << " ("
            << (one_seed ? "seed " + std::to_string(scenarios.front().seed) : std::string("seeds vary"))
            << "): " << variants.size() << " variants, " << passed << " meet every expectation\n";
  print_table(header, rows, axes->size());
  std::cout << "  results in " << out_dir << "/ (sweep.csv; one folder per variant, named KEY=VALUE)\n";
  return exit_code;
}

}  // namespace logsim::cmd

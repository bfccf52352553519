// `logsim plan FILE --vary KEY=LO..HI`: the smallest integer value of KEY
// for which every [expect] holds, found by bisection. Bisection assumes the
// answer is monotone: once the expectations hold at a value they hold at
// every larger one (more queue, more workers). Exit 0 with the answer, 1
// when even HI fails, 2 on bad input, 3 when results cannot be written.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "cmd/cmd_support.h"
#include "cmd/commands.h"
#include "cmd/progress.h"
#include "sim/csv_output.h"
#include "sim/engine.h"
#include "sim/junit.h"

namespace logsim::cmd {
namespace {

// The leading number of an expectation's limit or actual text ("12.500ms").
double leading_number(const std::string& text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string unit_suffix(const std::string& text) {
  const std::size_t end = text.find_first_not_of("0123456789.-+e");
  return end == std::string::npos ? "" : text.substr(end);
}

// How far the actual value is inside (or outside) the limit.
std::string margin_text(const ExpectationResult& e) {
  const double limit = leading_number(e.limit);
  const double actual = leading_number(e.actual);
  const bool is_minimum = e.name.rfind("min_", 0) == 0;
  const double margin = is_minimum ? actual - limit : limit - actual;
  const std::string amount = format_number(std::round(std::fabs(margin) * 1e6) / 1e6) + unit_suffix(e.limit);
  if (margin == 0) return amount + " (at the limit)";
  std::string text = amount + (margin > 0 ? " to spare" : " over");
  if (limit != 0) {
    char percent[48];
    std::snprintf(percent, sizeof percent, " (%.1f %% of the limit)", std::fabs(margin / limit) * 100);
    text += percent;
  }
  return text;
}

std::string failures(const Summary& s) {
  std::string text;
  for (const ExpectationResult& e : s.expectations) {
    if (!e.passed) text += (text.empty() ? "" : ", ") + describe_failed_expectation(e);
  }
  return text;
}

}  // namespace

int plan_scenario(const std::string& path, const PlanOptions& options) {
  std::string error;
  const std::optional<VaryRange> range = parse_vary_range(options.vary, &error);
  if (!range) {
    std::cerr << "logsim: " << error << '\n';
    return kExitBadInput;
  }
  std::optional<Scenario> base = load_scenario(path, options.run);
  if (!base) return kExitBadInput;
  if (base->expect.empty()) {
    std::cerr << path
              << ": nothing to plan for: the scenario has no [expect] table (add one, or --set "
                 "expect.max_reject_rate=0.01)\n";
    return kExitBadInput;
  }
  // Results go to a sweep folder of the values tried, so `logsim report`
  // works on it; by default beside the scenario's own results.
  const std::string out_dir = options.run.out_dir.empty() ? "results/" + base->name + "/plan" : options.run.out_dir;

  ProgressBar bar(!options.run.quiet);
  const double expected_runs = 2 + std::ceil(std::log2(static_cast<double>(range->high - range->low) + 1));
  std::map<long long, std::pair<SweepVariant, Summary>> tried;
  int failure_code = kExitOk;
  // Runs KEY=value; nullopt when the value is bad input or the run fails.
  const auto holds = [&](long long value) -> std::optional<bool> {
    SweepVariant variant;
    variant.settings.push_back({range->key, std::to_string(value)});
    variant.folder = sweep_folder_name(variant.settings);
    std::optional<Scenario> scenario = load_scenario(path, options.run, &variant);
    if (!scenario) {
      failure_code = kExitBadInput;
      return std::nullopt;
    }
    const double runs_before = static_cast<double>(tried.size());
    SimEngine::Options engine_options;
    engine_options.out_dir = out_dir + "/" + variant.folder;
    if (bar.active()) {
      engine_options.progress = [&, value](TimeNs now, TimeNs horizon) {
        const double f = horizon > 0 ? std::min(1.0, static_cast<double>(now) / static_cast<double>(horizon)) : 1.0;
        bar.update((runs_before + f) / expected_runs, "plan " + range->key + "=" + std::to_string(value));
      };
    }
    SimEngine engine(*scenario, engine_options);
    std::string run_error;
    if (!engine.run(&run_error)) {
      bar.clear();
      std::cerr << "logsim: " << run_error << '\n';
      failure_code = kExitRuntimeFailure;
      return std::nullopt;
    }
    tried[value] = {variant, engine.summary()};
    return engine.summary().passed;
  };

  // Both ends must be valid settings before any time is spent running.
  for (const long long end : {range->low, range->high}) {
    SweepVariant variant;
    variant.settings.push_back({range->key, std::to_string(end)});
    if (!load_scenario(path, options.run, &variant)) return kExitBadInput;
  }

  // Invariant: `low` fails (or is below the range), `high` holds.
  std::optional<bool> top = holds(range->high);
  if (!top) return failure_code;
  long long answer = range->high;
  if (*top) {
    std::optional<bool> bottom = holds(range->low);
    if (!bottom) return failure_code;
    if (*bottom) {
      answer = range->low;
    } else {
      long long low = range->low;
      long long high = range->high;
      while (high - low > 1) {
        const long long mid = low + (high - low) / 2;
        std::optional<bool> ok = holds(mid);
        if (!ok) return failure_code;
        (*ok ? high : low) = mid;
      }
      answer = high;
    }
  }
  bar.clear();

  std::vector<SweepVariant> variants;
  std::vector<SweepRunResult> results;
  for (const auto& [value, run] : tried) {
    variants.push_back(run.first);
    results.push_back(SweepRunResult{run.second, ""});
  }
  {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    const std::string csv_path = (std::filesystem::path(out_dir) / "sweep.csv").string();
    std::ofstream out(csv_path, std::ios::binary | std::ios::trunc);
    out << sweep_csv(variants, results);
    out.close();
    if (!out) {
      std::cerr << "logsim: cannot write " << csv_path << '\n';
      return kExitRuntimeFailure;
    }
  }

  const std::string range_text = range->key + " in " + std::to_string(range->low) + ".." + std::to_string(range->high);
  if (!*top) {
    if (!options.run.quiet) {
      std::cout << "plan " << base->name << ": no value of " << range_text << " meets every expectation\n"
                << "  at " << range->key << "=" << range->high << " (the largest): FAIL "
                << failures(tried[range->high].second) << "\n"
                << "  try a larger range, or other settings; results in " << out_dir << "/\n";
    }
    return kExitExpectationFailed;
  }
  if (!options.run.quiet) {
    const Summary& at = tried[answer].second;
    std::cout << "plan " << base->name << " (seed " << at.seed << "): smallest " << range_text
              << " meeting every expectation: " << answer << "\n"
              << "  found by bisection in " << tried.size() << " runs, assuming that expectations which hold at a "
              << "value also hold at every larger one\n"
              << "  at " << range->key << "=" << answer << ":\n";
    std::printf("    %-22s %-14s %-14s %s\n", "expectation", "limit", "actual", "margin");
    for (const ExpectationResult& e : at.expectations) {
      std::printf("    %-22s %-14s %-14s %s\n", e.name.c_str(), e.limit.c_str(), e.actual.c_str(),
                  margin_text(e).c_str());
    }
    if (answer > range->low) {
      std::cout << "  at " << range->key << "=" << answer - 1 << ": FAIL " << failures(tried[answer - 1].second)
                << '\n';
    } else {
      std::cout << "  (the lowest value tried; a smaller one may work too)\n";
    }
    std::cout << "  results in " << out_dir << "/ (sweep.csv: every value tried; one folder each)\n";
  }
  return kExitOk;
}

}  // namespace logsim::cmd

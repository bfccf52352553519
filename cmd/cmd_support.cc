#include "cmd/cmd_support.h"

#include <iostream>
#include <set>

#include "sim/csv_output.h"
#include "sim/scenario_loader.h"

namespace logsim::cmd {

std::optional<Scenario> load_scenario(const std::string& path, const RunOptions& options, const SweepVariant* variant) {
  std::vector<std::string> overrides = options.overrides;
  bool varies_seed = false;
  if (variant != nullptr) {
    for (const SweepSetting& s : variant->settings) varies_seed = varies_seed || s.key == "scenario.seed";
    for (std::string& o : variant->overrides()) overrides.push_back(std::move(o));
  }
  LoadResult result = load_scenario_file(path, overrides);
  if (!result.ok()) {
    if (variant != nullptr) std::cerr << "variant " << variant->label() << ":\n";
    for (const LoadError& e : result.errors) std::cerr << (variant ? "  " : "") << e.to_string() << '\n';
    return std::nullopt;
  }
  if (options.seed && !varies_seed) result.scenario->seed = *options.seed;
  return std::move(result.scenario);
}

std::string out_dir_for(const Scenario& scenario, const RunOptions& options) {
  return options.out_dir.empty() ? "results/" + scenario.name : options.out_dir;
}

std::optional<std::vector<SweepAxis>> vary_axes(const std::vector<std::string>& vary) {
  std::vector<SweepAxis> axes;
  std::set<std::string> keys;
  for (const std::string& argument : vary) {
    std::string error;
    std::optional<SweepAxis> axis = parse_vary(argument, &error);
    if (!axis) {
      std::cerr << "logsim: " << error << '\n';
      return std::nullopt;
    }
    if (!keys.insert(axis->key).second) {
      std::cerr << "logsim: --vary " << axis->key << " is given twice; list every value in one --vary\n";
      return std::nullopt;
    }
    axes.push_back(std::move(*axis));
  }
  return axes;
}

bool variants_distinct(const std::vector<SweepVariant>& variants) {
  std::set<std::string> folders;
  for (const SweepVariant& v : variants) {
    if (!folders.insert(v.folder).second) {
      std::cerr << "logsim: the variant " << v.label() << " is listed twice (a value appears twice in its axis)\n";
      return false;
    }
  }
  return true;
}

std::function<void(TimeNs, TimeNs)> progress_callback(ProgressBar& bar, std::string label) {
  if (!bar.active()) return {};
  return [&bar, label = std::move(label)](TimeNs now, TimeNs horizon) {
    const double fraction = horizon > 0 ? static_cast<double>(now) / static_cast<double>(horizon) : 1.0;
    bar.update(fraction, label + (now > horizon ? " (draining)" : "") + " t=" + format_seconds(now) + "s");
  };
}

}  // namespace logsim::cmd

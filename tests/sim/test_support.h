// Helpers for scenario-level tests: loading shipped scenarios, running them
// into a temporary folder and reading the CSV files back.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/engine.h"
#include "sim/scenario_loader.h"

namespace logsim::testing {

inline std::string source_path(const std::string& relative) { return std::string(LOGSIM_SOURCE_DIR) + "/" + relative; }

inline std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("scenarios"))) {
    if (entry.path().extension() == ".toml") paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

inline Scenario load_or_die(const std::string& path, const std::vector<std::string>& overrides = {}) {
  LoadResult r = load_scenario_file(path, overrides);
  std::string errors;
  for (const auto& e : r.errors) errors += e.to_string() + "\n";
  EXPECT_TRUE(r.ok()) << errors;
  if (!r.ok()) throw std::runtime_error(errors);
  return *r.scenario;
}

inline Scenario load_text_or_die(const std::string& text) {
  LoadResult r = load_scenario_text(text, "test.toml");
  std::string errors;
  for (const auto& e : r.errors) errors += e.to_string() + "\n";
  EXPECT_TRUE(r.ok()) << errors;
  if (!r.ok()) throw std::runtime_error(errors);
  return *r.scenario;
}

// A fresh temporary folder, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("logsim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A CSV file as rows of named fields (no quoting needed for logsim's own
// numeric files; fields with commas are not split correctly).
struct Csv {
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  double num(std::size_t row, const std::string& column) const { return std::stod(rows.at(row).at(column)); }
};

inline Csv read_csv(const std::string& path) {
  Csv csv;
  std::ifstream in(path);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.push_back("");
    if (first) {
      csv.header = fields;
      first = false;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < csv.header.size() && i < fields.size(); ++i) row[csv.header[i]] = fields[i];
    csv.rows.push_back(row);
  }
  return csv;
}

// Runs `scenario` into `dir` and returns the summary.
inline Summary run_into(const Scenario& scenario, const std::string& dir, bool check_invariants = true) {
  SimEngine::Options options;
  options.out_dir = dir;
  options.check_invariants = check_invariants;
  SimEngine engine(scenario, options);
  std::string error;
  EXPECT_TRUE(engine.run(&error)) << error;
  return engine.summary();
}

}  // namespace logsim::testing

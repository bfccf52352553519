#include "sim/results_reader.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "sim/sweep.h"

namespace logsim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string join_path(const std::string& dir, const char* name) { return (std::filesystem::path(dir) / name).string(); }

// Reads the named columns of a table into vectors; returns the first
// missing column's name, or an empty string.
std::string read_columns(const CsvTable& table, const std::vector<std::pair<const char*, std::vector<double>*>>& want) {
  std::vector<std::size_t> index;
  for (const auto& [name, out] : want) {
    const auto c = table.column(name);
    if (!c) return name;
    index.push_back(*c);
  }
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < want.size(); ++i) want[i].second->push_back(csv_number(row[index[i]]).value_or(kNaN));
  }
  return "";
}

void note_skipped(const CsvTable& table, const char* file, std::vector<std::string>* notes) {
  if (table.skipped_rows > 0) {
    notes->push_back(std::string(file) + ": " + std::to_string(table.skipped_rows) +
                     " incomplete or malformed line(s) left out");
  }
}

void read_distribution(const std::string& dir, RunData* data) {
  const std::string path = join_path(dir, "distribution.csv");
  CsvTable table;
  std::string error;
  if (!std::filesystem::exists(path) || !read_csv_file(path, &table, &error)) {
    data->notes.push_back("no distribution.csv: per-analyzer charts left out");
    return;
  }
  note_skipped(table, "distribution.csv", &data->notes);
  const auto time = table.column("time_s");
  const auto name = table.column("analyzer");
  const auto healthy = table.column("healthy");
  const auto weight = table.column("weight");
  const auto effective = table.column("effective_weight");
  const auto share = table.column("share");
  const auto delivered = table.column("delivered");
  if (!time || !name || !healthy || !weight || !effective || !share || !delivered) {
    data->notes.push_back("distribution.csv lacks the SPEC columns: per-analyzer charts left out");
    return;
  }
  for (const auto& row : table.rows) {
    AnalyzerData* a = nullptr;
    for (AnalyzerData& existing : data->analyzers) {
      if (existing.name == row[*name]) a = &existing;
    }
    if (a == nullptr) {
      a = &data->analyzers.emplace_back();
      a->name = row[*name];
    }
    a->time_s.push_back(csv_number(row[*time]).value_or(kNaN));
    a->healthy.push_back(row[*healthy] != "0");
    a->weight.push_back(csv_number(row[*weight]).value_or(kNaN));
    a->effective_weight.push_back(csv_number(row[*effective]).value_or(kNaN));
    a->share.push_back(csv_number(row[*share]).value_or(kNaN));
    a->delivered += csv_number(row[*delivered]).value_or(0);
  }
}

void read_events(const std::string& dir, RunData* data) {
  const std::string path = join_path(dir, "events.csv");
  CsvTable table;
  std::string error;
  if (!std::filesystem::exists(path) || !read_csv_file(path, &table, &error)) {
    data->notes.push_back("no events.csv: no event markers");
    return;
  }
  note_skipped(table, "events.csv", &data->notes);
  const auto time = table.column("time_s");
  const auto kind = table.column("kind");
  const auto analyzer = table.column("analyzer");
  const auto detail = table.column("detail");
  if (!time || !kind) {
    data->notes.push_back("events.csv lacks time_s or kind: no event markers");
    return;
  }
  for (const auto& row : table.rows) {
    const auto t = csv_number(row[*time]);
    if (!t) continue;
    data->events.push_back(EventData{*t, row[*kind], analyzer ? row[*analyzer] : "", detail ? row[*detail] : ""});
  }
}

void read_summary(const std::string& dir, RunData* data) {
  const std::string path = join_path(dir, "summary.json");
  if (!std::filesystem::exists(path)) {
    data->notes.push_back("no summary.json (a live run still going, or stopped without one): summary left out");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string error;
  auto json = parse_json(buffer.str(), &error);
  if (!json || json->type != JsonValue::Type::kObject) {
    data->notes.push_back("summary.json is not readable JSON (" + error + "): summary left out");
    return;
  }
  data->summary = std::move(json);
}

}  // namespace

bool read_run_data(const std::string& dir, RunData* data, std::string* error) {
  *data = RunData{};
  data->dir = dir;
  const std::string path = join_path(dir, "timeline.csv");
  CsvTable table;
  if (!std::filesystem::exists(path)) {
    *error = dir + ": no timeline.csv or sweep.csv (not a results folder)";
    return false;
  }
  if (!read_csv_file(path, &table, error)) return false;
  TimelineData& t = data->timeline;
  const std::string missing = read_columns(table, {{"time_s", &t.time_s},
                                                   {"offered", &t.offered},
                                                   {"rejected", &t.rejected},
                                                   {"delivered", &t.delivered},
                                                   {"queue_depth", &t.queue_depth},
                                                   {"queue_depth_max", &t.queue_depth_max},
                                                   {"reject_rate", &t.reject_rate},
                                                   {"latency_p50_ms", &t.latency_p50_ms},
                                                   {"latency_p99_ms", &t.latency_p99_ms}});
  if (!missing.empty()) {
    *error = path + ": missing column " + missing;
    return false;
  }
  note_skipped(table, "timeline.csv", &data->notes);
  read_distribution(dir, data);
  read_events(dir, data);
  read_summary(dir, data);
  return true;
}

bool read_sweep_data(const std::string& dir, SweepData* data, std::string* error) {
  *data = SweepData{};
  data->dir = dir;
  const std::string path = join_path(dir, "sweep.csv");
  if (!read_csv_file(path, &data->table, error)) return false;
  const auto offered = data->table.column("offered");
  if (!offered) {
    *error = path + ": missing column offered";
    return false;
  }
  for (const char* column : kSweepMetricColumns) {
    if (!data->table.column(column)) {
      *error = path + ": missing column " + column;
      return false;
    }
  }
  data->keys.assign(data->table.header.begin(), data->table.header.begin() + static_cast<std::ptrdiff_t>(*offered));
  return true;
}

}  // namespace logsim

// The data files a scenario refers to (SPEC §3), read relative to the
// scenario file by the loader: trace CSVs for `pattern = "trace"` and sample
// files for `dist = "empirical"`. Bad lines are reported with the data file's
// own path and line; a file that cannot be read is reported at the scenario
// key that names it.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.h"
#include "sim/toml_reader.h"

namespace logsim {

// The whole file, or nullopt with *error set to why not ("No such file or
// directory", "is a directory").
std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string* error);

// A trace: lines "time_s[,bytes]" (time in seconds, decimal or exponent
// form; bytes an integer, empty or 0 meaning "draw from packet_bytes"), an
// optional header line, '#' comments and blank lines. Times need not be
// sorted; *arrivals comes back sorted by time (stable). An empty trace is an
// error. `file_node`/`key` name the scenario's `file` value.
bool read_trace_file(Diagnostics& diag, const std::filesystem::path& path, const toml::node& file_node,
                     const std::string& key, std::vector<TraceArrival>* arrivals);

// Samples for an empirical distribution, one per line: seconds (stored as
// ns) when `seconds`, else plain numbers >= 0 (bytes). Same header, comment
// and blank-line rules as traces; at least one sample.
bool read_samples_file(Diagnostics& diag, const std::filesystem::path& path, const toml::node& file_node,
                       const std::string& key, bool seconds, std::vector<double>* samples);

}  // namespace logsim

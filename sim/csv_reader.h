// Reads CSV files back (the report reads what the simulator or live mode
// wrote, SPEC §5): RFC 4180 fields, quoted when they hold a comma, quote or
// newline. Live mode appends to its files while a run goes on, so a last
// line without its newline is treated as still being written and ignored,
// as is any row whose field count differs from the header's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace logsim {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as long as the header
  std::size_t skipped_rows = 0;                // malformed or unfinished lines left out

  // The column's index, or nullopt when the header lacks it.
  std::optional<std::size_t> column(std::string_view name) const;
};

CsvTable parse_csv(std::string_view text);

// Reads and parses a file; returns false with *error when it cannot be read.
bool read_csv_file(const std::string& path, CsvTable* table, std::string* error);

// A field as a number: nullopt for an empty or non-numeric field.
std::optional<double> csv_number(std::string_view field);

}  // namespace logsim

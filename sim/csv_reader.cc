#include "sim/csv_reader.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace logsim {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

CsvTable parse_csv(std::string_view text) {
  CsvTable table;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;  // inside a quoted field
  bool any = false;     // the record has begun
  bool have_header = false;
  const auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    if (!have_header) {
      table.header = std::move(record);
      have_header = true;
    } else if (record.size() == table.header.size()) {
      table.rows.push_back(std::move(record));
    } else {
      ++table.skipped_rows;
    }
    record.clear();
    any = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    switch (c) {
      case '"':
        quoted = true;
        any = true;
        break;
      case ',':
        record.push_back(std::move(field));
        field.clear();
        any = true;
        break;
      case '\r':
        break;
      case '\n':
        if (any || !field.empty() || !record.empty()) end_record();
        break;
      default:
        field += c;
        any = true;
    }
  }
  // Text after the last newline is a line still being written.
  if (any || !field.empty() || !record.empty()) ++table.skipped_rows;
  return table;
}

bool read_csv_file(const std::string& path, CsvTable* table, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  *table = parse_csv(buffer.str());
  return true;
}

std::optional<double> csv_number(std::string_view field) {
  if (field.empty()) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (ec != std::errc() || end != field.data() + field.size()) return std::nullopt;
  return value;
}

}  // namespace logsim

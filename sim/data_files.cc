#include "sim/data_files.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>

#include "sim/scenario_loader.h"
#include "sim/toml_overrides.h"

namespace logsim {
namespace {

constexpr std::size_t kMaxLineErrors = 10;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One meaningful line of a data file: blank lines and '#' comments are not.
struct DataLine {
  int number;
  std::string_view text;
};

std::vector<DataLine> data_lines(std::string_view text) {
  std::vector<DataLine> lines;
  int number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    ++number;
    if (!line.empty() && line.front() != '#') lines.push_back({number, line});
  }
  return lines;
}

// A first line that starts with a letter or a quote is a header ("time_s,bytes").
bool is_header(const std::vector<DataLine>& lines, std::size_t i) {
  if (i != 0) return false;
  const char c = lines[0].text.front();
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '"' || c == '_';
}

// A time in seconds: exact decimal text ("0.0015", also with a unit), or a
// float in exponent form ("1.5e-3").
std::optional<TimeNs> parse_seconds(std::string_view text, std::string* error) {
  if (auto t = parse_duration(text, error)) return t;
  double seconds = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return duration_from_seconds(seconds, error);
}

std::optional<double> parse_plain_number(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Reports bad lines of one data file, at most kMaxLineErrors of them.
class LineErrors {
 public:
  LineErrors(Diagnostics& diag, std::string file, std::string key)
      : diag_(diag), file_(std::move(file)), key_(std::move(key)) {}
  void add(int line, int column, std::string message) {
    if (++count_ <= kMaxLineErrors) diag_.add_in_file(file_, line, column, key_, std::move(message));
  }
  ~LineErrors() {
    if (count_ > kMaxLineErrors) {
      diag_.add_in_file(file_, 0, 0, key_, "has " + std::to_string(count_ - kMaxLineErrors) + " more bad lines");
    }
  }
  std::size_t count() const { return count_; }

 private:
  Diagnostics& diag_;
  std::string file_;
  std::string key_;
  std::size_t count_ = 0;
};
}  // namespace

std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string* error) {
  // Only regular files: a device such as /dev/zero would never end, and a
  // FIFO could block the loader forever.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::is_directory(status)) {
    *error = "is a directory";
    return std::nullopt;
  }
  if (!ec && !std::filesystem::is_regular_file(status)) {
    *error = "is not a regular file";
    return std::nullopt;
  }
  constexpr std::uintmax_t kMaxDataFileBytes = std::uintmax_t{1} << 30;
  if (!ec && std::filesystem::file_size(path, ec) > kMaxDataFileBytes && !ec) {
    *error = "is larger than 1 GiB";
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = errno != 0 ? std::strerror(errno) : "cannot be opened";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    *error = "cannot be read";
    return std::nullopt;
  }
  return text;
}

bool read_samples_file(Diagnostics& diag, const std::filesystem::path& path, const toml::node& file_node,
                       const std::string& key, bool seconds, std::vector<double>* samples) {
  std::string error;
  const auto text = read_whole_file(path, &error);
  if (!text) {
    diag.add(file_node, key, "cannot read " + quote_toml_string(path.string()) + ": " + error);
    return false;
  }
  const std::vector<DataLine> lines = data_lines(*text);
  LineErrors bad(diag, path.string(), key);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const DataLine& line = lines[i];
    if (is_header(lines, i)) continue;
    if (seconds) {
      if (const auto t = parse_seconds(line.text, &error)) {
        samples->push_back(static_cast<double>(*t));
      } else {
        bad.add(line.number, 1, "sample " + error + " (got " + quote_toml_string(line.text) + "; seconds expected)");
      }
    } else if (const auto v = parse_plain_number(line.text); v && *v >= 0) {
      samples->push_back(*v);
    } else {
      bad.add(line.number, 1, "sample must be a number of bytes >= 0 (got " + quote_toml_string(line.text) + ")");
    }
  }
  if (bad.count() > 0) return false;
  if (samples->empty()) {
    diag.add(file_node, key, quote_toml_string(path.string()) + " has no samples");
    return false;
  }
  return true;
}

bool read_trace_file(Diagnostics& diag, const std::filesystem::path& path, const toml::node& file_node,
                     const std::string& key, std::vector<TraceArrival>* arrivals) {
  std::string error;
  const auto text = read_whole_file(path, &error);
  if (!text) {
    diag.add(file_node, key, "cannot read " + quote_toml_string(path.string()) + ": " + error);
    return false;
  }
  const std::vector<DataLine> lines = data_lines(*text);
  LineErrors bad(diag, path.string(), key);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const DataLine& line = lines[i];
    if (is_header(lines, i)) continue;
    const std::size_t comma = line.text.find(',');
    const std::string_view time_text = trim(line.text.substr(0, comma));
    const std::string_view rest = comma == std::string_view::npos ? std::string_view() : line.text.substr(comma + 1);
    if (rest.find(',') != std::string_view::npos) {
      bad.add(line.number, 1, "line must have the columns time_s[,bytes] (got " + quote_toml_string(line.text) + ")");
      continue;
    }
    TraceArrival arrival;
    if (const auto t = parse_seconds(time_text, &error)) {
      arrival.time = *t;
    } else {
      bad.add(line.number, 1, "time_s " + error + " (got " + quote_toml_string(time_text) + ")");
      continue;
    }
    const std::string_view bytes_text = trim(rest);
    if (!bytes_text.empty()) {
      std::uint64_t bytes = 0;
      const auto [end, ec] = std::from_chars(bytes_text.data(), bytes_text.data() + bytes_text.size(), bytes);
      if (ec != std::errc() || end != bytes_text.data() + bytes_text.size() || bytes > UINT32_MAX) {
        bad.add(line.number, static_cast<int>(bytes_text.data() - line.text.data()) + 1,
                "bytes must be an integer in [0, 4294967295] (got " + quote_toml_string(bytes_text) + ")");
        continue;
      }
      arrival.bytes = static_cast<std::uint32_t>(bytes);
    }
    arrivals->push_back(arrival);
  }
  if (bad.count() > 0) return false;
  if (arrivals->empty()) {
    diag.add(file_node, key, quote_toml_string(path.string()) + " has no arrivals");
    return false;
  }
  std::stable_sort(arrivals->begin(), arrivals->end(),
                   [](const TraceArrival& a, const TraceArrival& b) { return a.time < b.time; });
  return true;
}
}  // namespace logsim

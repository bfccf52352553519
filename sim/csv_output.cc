#include "sim/csv_output.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <system_error>

namespace logsim {

std::string format_seconds(TimeNs t) {
  // Milliseconds when the time is a whole number of them, else nanoseconds,
  // always from integers so no rounding can differ between runs.
  const bool negative = t < 0;
  const std::uint64_t abs = negative ? static_cast<std::uint64_t>(-t) : static_cast<std::uint64_t>(t);
  const std::uint64_t whole = abs / kNsPerSec;
  const std::uint64_t frac_ns = abs % kNsPerSec;
  char buf[48];
  if (frac_ns % kNsPerMs == 0) {
    std::snprintf(buf, sizeof buf, "%s%llu.%03llu", negative ? "-" : "", static_cast<unsigned long long>(whole),
                  static_cast<unsigned long long>(frac_ns / kNsPerMs));
  } else {
    std::snprintf(buf, sizeof buf, "%s%llu.%09llu", negative ? "-" : "", static_cast<unsigned long long>(whole),
                  static_cast<unsigned long long>(frac_ns));
  }
  return buf;
}

namespace {
std::string fixed(double value, int precision) {
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, precision);
  return std::string(buf, result.ptr);
}
}  // namespace

std::string format_ms(TimeNs t) { return fixed(static_cast<double>(t) / 1e6, 3); }
std::string format_ratio(double value) { return fixed(value, 6); }

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

CsvOutput::CsvOutput(std::vector<std::string> analyzer_names, bool flush_each_interval)
    : analyzer_names_(std::move(analyzer_names)), flush_each_interval_(flush_each_interval) {}

CsvOutput::~CsvOutput() { close(); }

bool CsvOutput::open(const std::string& dir, std::string* error) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    *error = "cannot create output folder " + dir + ": " + ec.message();
    return false;
  }
  auto open_one = [&](const char* name, const char* header, std::FILE** file) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    *file = std::fopen(path.c_str(), "w");
    if (*file == nullptr) {
      *error = "cannot write " + path + ": " + std::generic_category().message(errno);
      return false;
    }
    std::fputs(header, *file);
    return true;
  };
  return open_one("timeline.csv",
                  "time_s,offered,accepted,rejected,delivered,dead_lettered,retries,queue_depth,"
                  "queue_depth_max,in_flight,reject_rate,latency_p50_ms,latency_p99_ms\n",
                  &timeline_) &&
         open_one("distribution.csv", "time_s,analyzer,healthy,weight,effective_weight,sent,delivered,failed,share\n",
                  &distribution_) &&
         open_one("events.csv", "time_s,kind,analyzer,detail\n", &events_);
}

void CsvOutput::close() {
  for (std::FILE** f : {&timeline_, &distribution_, &events_}) {
    if (*f != nullptr) {
      std::fclose(*f);
      *f = nullptr;
    }
  }
}

void CsvOutput::on_timeline(const TimelineRow& r) {
  if (timeline_ == nullptr) return;
  std::string line = format_seconds(r.time);
  for (std::uint64_t v : {r.offered, r.accepted, r.rejected, r.delivered, r.dead_lettered, r.retries,
                          std::uint64_t{r.queue_depth}, std::uint64_t{r.queue_depth_max}, r.in_flight}) {
    line += ',';
    line += std::to_string(v);
  }
  line += ',';
  line += format_ratio(r.reject_rate);
  line += ',';
  if (r.has_latency) line += format_ms(r.latency_p50);
  line += ',';
  if (r.has_latency) line += format_ms(r.latency_p99);
  line += '\n';
  std::fputs(line.c_str(), timeline_);
}

void CsvOutput::on_distribution(const DistributionRow& r) {
  if (distribution_ == nullptr) return;
  std::string line = format_seconds(r.time);
  line += ',';
  line += csv_field(analyzer_names_[r.analyzer]);
  line += r.healthy ? ",1," : ",0,";
  line += format_number(r.weight);
  line += ',';
  line += format_ratio(r.effective_weight);
  line += ',' + std::to_string(r.sent) + ',' + std::to_string(r.delivered) + ',' + std::to_string(r.failed) + ',';
  line += format_ratio(r.share);
  line += '\n';
  std::fputs(line.c_str(), distribution_);
}

void CsvOutput::on_event(const EventRow& r) {
  if (events_ == nullptr) return;
  std::string line = format_seconds(r.time) + ',' + csv_field(r.kind) + ',' + csv_field(r.analyzer) + ',' +
                     csv_field(r.detail) + '\n';
  std::fputs(line.c_str(), events_);
}

void CsvOutput::end_interval() {
  if (!flush_each_interval_) return;
  for (std::FILE* f : {timeline_, distribution_, events_}) {
    if (f != nullptr) std::fflush(f);
  }
}

}  // namespace logsim

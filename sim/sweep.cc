#include "sim/sweep.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "sim/csv_output.h"
#include "sim/engine.h"

namespace logsim {

const char* const kSweepMetricColumns[8] = {"offered",       "rejected",       "reject_rate",     "delivered",
                                            "dead_lettered", "latency_p99_ms", "queue_depth_max", "passed"};

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits at commas that are outside quotes, brackets and braces.
std::vector<std::string_view> split_top_level(std::string_view text, bool* balanced) {
  std::vector<std::string_view> parts;
  int depth = 0;
  char quote = 0;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote) {
      if (c == '\\' && quote == '"' && i + 1 < text.size()) {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(text.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  parts.push_back(text.substr(begin));
  *balanced = quote == 0 && depth == 0;
  return parts;
}

bool safe_in_folder_name(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '+' || c == '[' || c == ']';
}

void append_encoded(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (safe_in_folder_name(c)) {
      *out += ch;
    } else {
      *out += '%';
      *out += kHex[c >> 4];
      *out += kHex[c & 0xf];
    }
  }
}

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

bool parse_integer(std::string_view text, long long* out) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::vector<std::string> SweepVariant::overrides() const {
  std::vector<std::string> out;
  for (const SweepSetting& s : settings) out.push_back(s.key + "=" + s.value);
  return out;
}

std::string SweepVariant::label() const {
  std::string out;
  for (const SweepSetting& s : settings) {
    if (!out.empty()) out += ", ";
    out += s.key + "=" + sweep_display_value(s.value);
  }
  return out;
}

std::vector<SweepVariant> expand_sweep(const std::vector<SweepAxis>& axes) {
  std::vector<SweepVariant> variants;
  if (axes.empty()) return variants;
  for (const SweepAxis& axis : axes) {
    if (axis.values.empty()) return variants;
  }
  // An odometer over the axes; the last axis turns fastest.
  std::vector<std::size_t> index(axes.size(), 0);
  for (;;) {
    SweepVariant v;
    for (std::size_t a = 0; a < axes.size(); ++a) v.settings.push_back({axes[a].key, axes[a].values[index[a]]});
    v.folder = sweep_folder_name(v.settings);
    variants.push_back(std::move(v));
    std::size_t a = axes.size();
    while (a > 0) {
      --a;
      if (++index[a] < axes[a].values.size()) break;
      index[a] = 0;
      if (a == 0) return variants;
    }
  }
}

std::optional<SweepAxis> parse_vary(std::string_view argument, std::string* error) {
  const std::size_t eq = argument.find('=');
  if (eq == std::string_view::npos || trim(argument.substr(0, eq)).empty()) {
    *error = "--vary needs KEY=V1,V2,... (got \"" + std::string(argument) + "\")";
    return std::nullopt;
  }
  SweepAxis axis;
  axis.key = std::string(trim(argument.substr(0, eq)));
  bool balanced = true;
  for (std::string_view part : split_top_level(argument.substr(eq + 1), &balanced)) {
    part = trim(part);
    if (part.empty()) {
      *error = "--vary " + axis.key + ": empty value in \"" + std::string(argument.substr(eq + 1)) + "\"";
      return std::nullopt;
    }
    axis.values.emplace_back(part);
  }
  if (!balanced) {
    *error = "--vary " + axis.key + ": unbalanced quote, bracket or brace in \"" +
             std::string(argument.substr(eq + 1)) + "\"";
    return std::nullopt;
  }
  return axis;
}

std::optional<VaryRange> parse_vary_range(std::string_view argument, std::string* error) {
  const std::size_t eq = argument.find('=');
  const std::size_t dots = argument.find("..", eq == std::string_view::npos ? 0 : eq);
  VaryRange range;
  if (eq == std::string_view::npos || dots == std::string_view::npos || trim(argument.substr(0, eq)).empty() ||
      !parse_integer(argument.substr(eq + 1, dots - eq - 1), &range.low) ||
      !parse_integer(argument.substr(dots + 2), &range.high)) {
    *error = "--vary needs KEY=LO..HI with integers LO and HI, e.g. distributor.workers=8..32 (got \"" +
             std::string(argument) + "\")";
    return std::nullopt;
  }
  range.key = std::string(trim(argument.substr(0, eq)));
  long long span = 0;
  if (__builtin_sub_overflow(range.high, range.low, &span)) {
    *error = "--vary " + range.key + ": the range " + std::to_string(range.low) + ".." + std::to_string(range.high) +
             " is too wide";
    return std::nullopt;
  }
  if (range.low > range.high) {
    *error = "--vary " + range.key + ": LO must be <= HI (got " + std::to_string(range.low) + ".." +
             std::to_string(range.high) + ")";
    return std::nullopt;
  }
  return range;
}

std::string sweep_display_value(std::string_view value) {
  if (value.size() >= 2 && ((value.front() == '"' && value.back() == '"' &&
                             value.substr(1, value.size() - 2).find_first_of("\\\"") == std::string_view::npos) ||
                            (value.front() == '\'' && value.back() == '\'' &&
                             value.substr(1, value.size() - 2).find('\'') == std::string_view::npos))) {
    return std::string(value.substr(1, value.size() - 2));
  }
  return std::string(value);
}

std::string sweep_folder_name(const std::vector<SweepSetting>& settings) {
  std::vector<SweepSetting> displayed;
  for (const SweepSetting& s : settings) displayed.push_back({s.key, sweep_display_value(s.value)});
  return sweep_folder_name_from_display(displayed);
}

std::string sweep_folder_name_from_display(const std::vector<SweepSetting>& displayed) {
  constexpr std::size_t kMaxName = 200;
  std::string name;
  for (const SweepSetting& s : displayed) {
    if (!name.empty()) name += ',';
    append_encoded(s.key, &name);
    name += '=';
    append_encoded(s.value, &name);
  }
  if (name.size() > kMaxName) {
    char hash[24];
    std::snprintf(hash, sizeof hash, "~%016llx", static_cast<unsigned long long>(fnv1a(name)));
    name = name.substr(0, kMaxName - 17) + hash;
  }
  return name;
}

void run_tasks_serially(std::size_t count, const std::function<void(std::size_t)>& task) {
  for (std::size_t i = 0; i < count; ++i) task(i);
}

std::vector<SweepRunResult> run_sweep(const std::vector<Scenario>& scenarios, const std::vector<SweepVariant>& variants,
                                      const SweepRunOptions& options) {
  std::vector<SweepRunResult> results(variants.size());
  // Each task writes only its own slot of `results`; nothing else is shared.
  const auto task = [&](std::size_t i) {
    SimEngine::Options engine_options;
    if (!options.out_dir.empty()) engine_options.out_dir = options.out_dir + "/" + variants[i].folder;
    if (options.progress) {
      engine_options.progress = [&options, i](TimeNs now, TimeNs horizon) { options.progress(i, now, horizon); };
    }
    SimEngine engine(scenarios[i], std::move(engine_options));
    std::string error;
    if (engine.run(&error)) {
      results[i].summary = engine.summary();
    } else {
      results[i].error = error.empty() ? "run failed" : error;
    }
    if (options.finished) options.finished(i);
  };
  options.runner(variants.size(), task);
  return results;
}

std::string sweep_csv(const std::vector<SweepVariant>& variants, const std::vector<SweepRunResult>& results) {
  std::string csv;
  if (!variants.empty()) {
    for (const SweepSetting& s : variants[0].settings) csv += csv_field(s.key) + ",";
  }
  for (std::size_t c = 0; c < 8; ++c) csv += std::string(c ? "," : "") + kSweepMetricColumns[c];
  csv += '\n';
  for (std::size_t i = 0; i < variants.size() && i < results.size(); ++i) {
    for (const SweepSetting& s : variants[i].settings) csv += csv_field(sweep_display_value(s.value)) + ",";
    const Summary& s = results[i].summary;
    csv += std::to_string(s.totals.offered) + "," + std::to_string(s.totals.rejected) + "," +
           format_ratio(s.reject_rate) + "," + std::to_string(s.totals.delivered) + "," +
           std::to_string(s.totals.dead_lettered) + "," + format_ms(s.latency_p99) + "," +
           std::to_string(s.queue_depth_max) + "," + (s.passed && results[i].ok() ? "1" : "0") + "\n";
  }
  return csv;
}

}  // namespace logsim

#include "sim/duration.h"

#include <cmath>
#include <cstdint>
#include <iterator>
#include <optional>

#include "sim/scenario_loader.h"

namespace logsim {
namespace {

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

struct DurationUnit {
  std::string_view name;
  TimeNs ns;
};
constexpr DurationUnit kDurationUnits[] = {
    {"ns", 1},        {"us", kNsPerUs}, {"\xC2\xB5s", kNsPerUs},  // µs
    {"ms", kNsPerMs}, {"s", kNsPerSec}, {"m", 60 * kNsPerSec},   {"h", 3600 * kNsPerSec},
};

}  // namespace

std::optional<TimeNs> parse_duration(std::string_view text, std::string* error) {
  const auto fail = [error](std::string rule) -> std::optional<TimeNs> {
    if (error) *error = std::move(rule);
    return std::nullopt;
  };
  std::string_view s = trim_blanks(text);
  if (s.empty()) return fail("is empty");
  if (s.front() == '-') return fail("must not be negative");
  if (s.front() == '+') s.remove_prefix(1);

  // The decimal text is read as integers (whole part, fraction digits), never
  // through a double, so "0.1s" is exactly 100000000 ns.
  std::size_t i = 0;
  std::uint64_t whole = 0;
  bool whole_overflow = false;
  std::size_t whole_digits = 0;
  for (; i < s.size() && is_digit(s[i]); ++i, ++whole_digits) {
    const auto d = static_cast<std::uint64_t>(s[i] - '0');
    if (whole > (UINT64_MAX - d) / 10) whole_overflow = true;
    if (!whole_overflow) whole = whole * 10 + d;
  }
  // Fraction digits past the 18th weigh less than 1e-18 of a unit (under
  // 0.004 ns even for hours) and are dropped.
  std::uint64_t fraction = 0;
  std::uint64_t scale = 1;
  std::size_t fraction_digits = 0;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && is_digit(s[i]); ++i, ++fraction_digits) {
      if (fraction_digits < 18) {
        fraction = fraction * 10 + static_cast<std::uint64_t>(s[i] - '0');
        scale *= 10;
      }
    }
    if (fraction_digits == 0) return fail("has no digits after the decimal point");
  }
  if (whole_digits == 0 && fraction_digits == 0) return fail("does not start with a number");

  const std::string_view unit = trim_blanks(s.substr(i));
  TimeNs unit_ns = unit.empty() ? kNsPerSec : 0;
  for (const DurationUnit& u : kDurationUnits) {
    if (u.name == unit) unit_ns = u.ns;
  }
  if (unit_ns == 0) {
    return fail("has unknown unit \"" + std::string(unit) + "\" (use ns, us, ms, s, m or h)");
  }
  if (whole_overflow || whole > static_cast<std::uint64_t>(kMaxDuration / unit_ns)) {
    return fail(std::string(kDurationRangeRule));
  }
  using Wide = unsigned __int128;
  const Wide fraction_ns = (static_cast<Wide>(fraction) * static_cast<Wide>(unit_ns) + scale / 2) / scale;
  const Wide total = static_cast<Wide>(whole) * static_cast<Wide>(unit_ns) + fraction_ns;
  if (total > static_cast<Wide>(kMaxDuration)) return fail(std::string(kDurationRangeRule));
  return static_cast<TimeNs>(total);
}

std::optional<TimeNs> duration_from_seconds(double seconds, std::string* error) {
  const auto fail = [error](std::string_view rule) -> std::optional<TimeNs> {
    if (error) *error = std::string(rule);
    return std::nullopt;
  };
  if (std::isnan(seconds)) return fail("is not a number");
  if (seconds < 0) return fail("must not be negative");
  const double ns = std::round(seconds * 1e9);
  // kMaxDuration is 2^61 - 1; the comparison also rejects infinity.
  if (!(ns < 0x1p61)) return fail(kDurationRangeRule);
  return static_cast<TimeNs>(ns);
}

// "1500ms" style: the largest unit that divides the value exactly.
std::string format_duration(TimeNs ns) {
  if (ns == 0) return "0s";
  for (auto it = std::rbegin(kDurationUnits); it != std::rend(kDurationUnits); ++it) {
    if (it->name.front() == '\xC2') continue;
    if (ns % it->ns == 0) return std::to_string(ns / it->ns) + std::string(it->name);
  }
  return std::to_string(ns) + "ns";
}

}  // namespace logsim

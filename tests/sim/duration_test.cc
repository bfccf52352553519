// Duration text (SPEC §3): "Durations are strings with a unit ("250us",
// "20ms", "1.5s", "2m", "1h") or plain numbers meaning seconds."
#include "sim/duration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "sim/scenario_loader.h"

namespace logsim {
namespace {

// Parses text that must be valid; a failure names the text and the rule.
TimeNs parse_ok(std::string_view text) {
  std::string error;
  const auto t = parse_duration(text, &error);
  EXPECT_TRUE(t.has_value()) << '"' << text << "\": " << error;
  return t.value_or(-1);
}

// Parses text that must be rejected and returns the rule it broke.
std::string parse_error(std::string_view text) {
  std::string error;
  const auto t = parse_duration(text, &error);
  EXPECT_FALSE(t.has_value()) << '"' << text << "\" parsed as " << t.value_or(0) << " ns";
  EXPECT_FALSE(error.empty()) << '"' << text << "\" gave no rule";
  return error;
}

// Every unit of SPEC §3 (and "ns") scales to nanoseconds.
TEST(ParseDuration, ReadsEveryUnit) {
  EXPECT_EQ(parse_ok("7ns"), 7);
  EXPECT_EQ(parse_ok("250us"), 250 * kNsPerUs);
  EXPECT_EQ(parse_ok("250\xC2\xB5s"), 250 * kNsPerUs);
  EXPECT_EQ(parse_ok("20ms"), 20 * kNsPerMs);
  EXPECT_EQ(parse_ok("3s"), 3 * kNsPerSec);
  EXPECT_EQ(parse_ok("2m"), 120 * kNsPerSec);
  EXPECT_EQ(parse_ok("1h"), 3600 * kNsPerSec);
}

// Decimal text is converted exactly, without floating-point error.
TEST(ParseDuration, ReadsDecimalsExactly) {
  EXPECT_EQ(parse_ok("1.5s"), 1'500'000'000);
  EXPECT_EQ(parse_ok("0.1s"), 100'000'000);
  EXPECT_EQ(parse_ok("0.3s"), 300'000'000);
  EXPECT_EQ(parse_ok("2.5ms"), 2'500'000);
  EXPECT_EQ(parse_ok("0.25h"), 900 * kNsPerSec);
  EXPECT_EQ(parse_ok("0.000000001s"), 1);
  EXPECT_EQ(parse_ok(".5s"), 500'000'000);
  EXPECT_EQ(parse_ok("1.27s"), 1'270'000'000);
}

// "plain numbers meaning seconds": text without a unit is seconds.
TEST(ParseDuration, ReadsNumberWithoutUnitAsSeconds) {
  EXPECT_EQ(parse_ok("3"), 3 * kNsPerSec);
  EXPECT_EQ(parse_ok("0.25"), 250 * kNsPerMs);
  EXPECT_EQ(parse_ok("0"), 0);
}

// Blanks around the text and before the unit are accepted.
TEST(ParseDuration, AcceptsBlanks) {
  EXPECT_EQ(parse_ok(" 20ms "), 20 * kNsPerMs);
  EXPECT_EQ(parse_ok("20 ms"), 20 * kNsPerMs);
  EXPECT_EQ(parse_ok("+20ms"), 20 * kNsPerMs);
}

// Fractions of a nanosecond round to the nearest nanosecond.
TEST(ParseDuration, RoundsToNearestNanosecond) {
  EXPECT_EQ(parse_ok("1.4ns"), 1);
  EXPECT_EQ(parse_ok("1.5ns"), 2);
  EXPECT_EQ(parse_ok("0.0000000004s"), 0);
  EXPECT_EQ(parse_ok("0.1234567890123456789012s"), 123'456'789);
}

// Negative durations are rejected.
TEST(ParseDuration, RejectsNegative) {
  EXPECT_NE(parse_error("-5ms").find("negative"), std::string::npos);
  EXPECT_NE(parse_error("-0.5").find("negative"), std::string::npos);
}

// An empty or blank text is rejected.
TEST(ParseDuration, RejectsEmpty) {
  EXPECT_EQ(parse_error(""), "is empty");
  EXPECT_EQ(parse_error("   "), "is empty");
}

// A unit outside ns, us, ms, s, m, h is rejected and named.
TEST(ParseDuration, RejectsUnknownUnit) {
  EXPECT_NE(parse_error("5x").find("unknown unit \"x\""), std::string::npos);
  EXPECT_NE(parse_error("5sec").find("unknown unit \"sec\""), std::string::npos);
  EXPECT_NE(parse_error("5min").find("unknown unit"), std::string::npos);
  EXPECT_NE(parse_error("1e3ms").find("unknown unit"), std::string::npos);
  EXPECT_NE(parse_error("1.5.3s").find("unknown unit"), std::string::npos);
  EXPECT_NE(parse_error("5S").find("unknown unit"), std::string::npos);
}

// Text that does not start with a number is rejected.
TEST(ParseDuration, RejectsMissingNumber) {
  EXPECT_EQ(parse_error("ms"), "does not start with a number");
  EXPECT_EQ(parse_error("abc"), "does not start with a number");
  EXPECT_EQ(parse_error("5.s"), "has no digits after the decimal point");
}

// Values past kMaxDuration (about 73 years) are rejected, not wrapped.
TEST(ParseDuration, RejectsOverflow) {
  EXPECT_EQ(parse_error("99999999999999999999999s"), kDurationRangeRule);
  EXPECT_EQ(parse_error("9223372036854775807ns"), kDurationRangeRule);
  EXPECT_EQ(parse_error("1000000h"), kDurationRangeRule);
  EXPECT_EQ(parse_error("2305843009.3s"), kDurationRangeRule);
  EXPECT_EQ(parse_ok("2305843009213693951ns"), kMaxDuration);
  EXPECT_EQ(parse_error("2305843009213693952ns"), kDurationRangeRule);
}

// A null error pointer is allowed.
TEST(ParseDuration, AcceptsNullErrorPointer) {
  EXPECT_FALSE(parse_duration("bad", nullptr).has_value());
  EXPECT_EQ(parse_duration("1s", nullptr), kNsPerSec);
}

// Seconds as a double convert to the nearest nanosecond.
TEST(DurationFromSeconds, ConvertsToNearestNanosecond) {
  std::string error;
  EXPECT_EQ(duration_from_seconds(1.5, &error), 1'500'000'000);
  EXPECT_EQ(duration_from_seconds(0.1, &error), 100'000'000);
  EXPECT_EQ(duration_from_seconds(0.0, &error), 0);
  EXPECT_EQ(duration_from_seconds(1e-10, &error), 0);
  EXPECT_EQ(duration_from_seconds(2e-9, &error), 2);
}

// Negative, NaN, infinite and too large seconds are rejected.
TEST(DurationFromSeconds, RejectsNegativeNanInfinityAndOverflow) {
  std::string error;
  EXPECT_FALSE(duration_from_seconds(-0.001, &error).has_value());
  EXPECT_EQ(error, "must not be negative");
  EXPECT_FALSE(duration_from_seconds(std::nan(""), &error).has_value());
  EXPECT_EQ(error, "is not a number");
  EXPECT_FALSE(duration_from_seconds(HUGE_VAL, &error).has_value());
  EXPECT_EQ(error, kDurationRangeRule);
  EXPECT_FALSE(duration_from_seconds(3e9, &error).has_value());
  EXPECT_EQ(error, kDurationRangeRule);
}

// Durations print in the largest unit that divides them exactly.
TEST(FormatDuration, UsesLargestExactUnit) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(1), "1ns");
  EXPECT_EQ(format_duration(250 * kNsPerUs), "250us");
  EXPECT_EQ(format_duration(1500 * kNsPerMs), "1500ms");
  EXPECT_EQ(format_duration(90 * kNsPerSec), "90s");
  EXPECT_EQ(format_duration(120 * kNsPerSec), "2m");
  EXPECT_EQ(format_duration(3600 * kNsPerSec), "1h");
}

// Formatted durations parse back to the same value.
TEST(FormatDuration, RoundTripsThroughParse) {
  const TimeNs values[] = {0, 1, 999, 1'270'000'000, 7 * 3600 * kNsPerSec, kMaxDuration};
  for (TimeNs t : values) {
    EXPECT_EQ(parse_ok(format_duration(t)), t) << format_duration(t);
  }
}

}  // namespace
}  // namespace logsim

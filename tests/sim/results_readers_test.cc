#include <gtest/gtest.h>

#include "sim/csv_reader.h"
#include "sim/json_reader.h"
#include "test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

// CSV fields are RFC 4180: quotes protect commas, quotes and newlines.
TEST(CsvReader, ParsesQuotedFields) {
  const CsvTable t = parse_csv("time_s,kind,analyzer,detail\n1.000,crash,\"a,\"\"b\"\"\",\"two\nlines\"\n");
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][2], "a,\"b\"");
  EXPECT_EQ(t.rows[0][3], "two\nlines");
  EXPECT_EQ(*t.column("detail"), 3u);
  EXPECT_FALSE(t.column("nope"));
}

// A live run may be writing its last line: text after the last newline is left out.
TEST(CsvReader, LeavesOutAnUnfinishedLastLineAndShortRows) {
  const CsvTable t = parse_csv("a,b\n1,2\n3\n4,5\n6,");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][0], "4");
  EXPECT_EQ(t.skipped_rows, 2u);
}

// Empty fields (no latency in an interval) are not numbers.
TEST(CsvReader, EmptyFieldIsNoNumber) {
  EXPECT_FALSE(csv_number(""));
  EXPECT_FALSE(csv_number("12ms"));
  EXPECT_EQ(*csv_number("12.500"), 12.5);
}

// The reader reads back what summary_to_json writes, numbers as written.
TEST(JsonReader, ReadsTheEnginesSummary) {
  const Scenario s = load_or_die(source_path("scenarios/overflow.toml"));
  TempDir dir;
  run_into(s, dir.path(), false);
  std::string error;
  const auto json = parse_json(read_file(dir.file("summary.json")), &error);
  ASSERT_TRUE(json) << error;
  EXPECT_EQ(json->string_at("scenario"), "overflow");
  EXPECT_EQ(json->number_at("queue_capacity"), 1000);
  EXPECT_EQ(json->string_at("reject_rate"), "0.166667");
  const JsonValue* analyzers = json->get("analyzers");
  ASSERT_TRUE(analyzers);
  EXPECT_EQ(analyzers->items.size(), 4u);
  EXPECT_EQ(analyzers->items[0].string_at("name"), "analyzer-1");
}

// Escapes decode, including surrogate pairs; malformed text is an error, not a crash.
TEST(JsonReader, DecodesEscapesAndRejectsMalformedText) {
  std::string error;
  const auto v = parse_json(R"({"a": "x\"\\\u00e9\ud83d\ude00", "b": [1, -2.5e1, true, null]})", &error);
  ASSERT_TRUE(v) << error;
  EXPECT_EQ(v->string_at("a"), "x\"\\\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(v->get("b")->items[1].number, -25);
  for (const char* bad : {"{", "{\"a\" 1}", "[1,]", "\"abc", "{\"a\": tru}", "1 2",
                          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                          "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}) {
    EXPECT_FALSE(parse_json(bad, &error)) << bad;
  }
}

}  // namespace
}  // namespace logsim

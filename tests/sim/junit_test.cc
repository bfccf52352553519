#include "sim/junit.h"

#include <gtest/gtest.h>

#include "xml_check.h"

namespace logsim {
namespace {

using logsim::testing::XmlReader;

// JUnit: one testsuite, one testcase per run, counts on the suite, a failure naming expectation, limit and actual.
TEST(Junit, CountsCasesFailuresAndErrors) {
  std::vector<JunitCase> cases;
  cases.push_back({"ok", "a.toml", 0.25, {{"max_reject_rate", "0.010000", "0.000000", true}}, "", "PASS ok"});
  cases.push_back(
      {"bad",
       "b.toml",
       0.5,
       {{"max_reject_rate", "0.010000", "0.180000", false}, {"min_delivered_ratio", "0.990000", "0.500000", false}},
       "",
       ""});
  cases.push_back({"broken", "c.toml", 0, {}, "cannot load c.toml", ""});
  const std::string xml = junit_xml("logsim check", cases);
  XmlReader reader(xml);
  const auto root = reader.parse();
  ASSERT_TRUE(root) << reader.error();
  const auto suites = root->all("testsuite");
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0]->attributes.at("tests"), "3");
  EXPECT_EQ(suites[0]->attributes.at("failures"), "1");
  EXPECT_EQ(suites[0]->attributes.at("errors"), "1");
  EXPECT_EQ(suites[0]->attributes.at("time"), "0.75");
  const auto failures = root->all("failure");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]->attributes.at("message"),
            "max_reject_rate 0.180000 > limit 0.010000; min_delivered_ratio 0.500000 < limit 0.990000");
  EXPECT_EQ(root->all("error").size(), 1u);
}

// Names and texts are XML-escaped, so any scenario name gives well-formed XML.
TEST(Junit, EscapesEveryText) {
  const std::string nasty = "<b>&\"x\"'\x01";
  std::vector<JunitCase> cases{{nasty, nasty, 0, {{nasty, nasty, nasty, false}}, "", nasty}};
  const std::string xml = junit_xml(nasty, cases);
  EXPECT_EQ(xml.find("<b>"), std::string::npos);
  XmlReader reader(xml);
  const auto root = reader.parse();
  ASSERT_TRUE(root) << reader.error() << "\n" << xml;
  EXPECT_EQ(root->all("testcase")[0]->attributes.at("name"), "<b>&\"x\"'\xEF\xBF\xBD");
}

}  // namespace
}  // namespace logsim

#include <gtest/gtest.h>

#include "../sim/xml_check.h"
#include "cmd_test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

const std::string kOverflow = source_path("scenarios/overflow.toml");
const std::string kNormal = source_path("scenarios/normal-flow.toml");

// SPEC §2 exit codes: 0 when every expectation holds, 1 when one fails, 2 for bad input.
TEST(CheckCommand, ExitCodes) {
  TempDir dir;
  EXPECT_EQ(run_logsim({"check", kNormal, kOverflow, "--out", dir.path()}).exit_code, 0);
  const CommandResult failed =
      run_logsim({"check", kNormal, kOverflow, "--out", dir.path(), "--set", "expect.max_reject_rate=0.01"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.out.find("PASS normal-flow"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("FAIL overflow (seed 1): max_reject_rate 0.166667 > limit 0.010000"), std::string::npos)
      << failed.out;
  EXPECT_EQ(run_logsim({"check", dir.file("missing.toml"), kNormal, "--out", dir.path()}).exit_code, 2);
  EXPECT_EQ(run_logsim({"check", kNormal, "--out", dir.path(), "--set", "distributor.workers=-1"}).exit_code, 2);
}

// One line per variant with --vary; a failing variant fails the gate.
TEST(CheckCommand, ChecksEveryVariant) {
  TempDir dir;
  const CommandResult r =
      run_logsim({"check", kOverflow, "--out", dir.path(), "--vary", "distributor.queue_capacity=1000,5000"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("PASS overflow [distributor.queue_capacity=1000]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL overflow [distributor.queue_capacity=5000]"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("distributor.queue_capacity=5000/summary.json")));
  const CommandResult swept = run_logsim({"check", kOverflow, "--out", dir.path(), "--sweep", "--quiet"});
  EXPECT_EQ(swept.exit_code, 1);
  EXPECT_EQ(swept.out, "");
}

// --junit: well-formed XML, one testsuite, a testcase per run, failures and errors counted.
TEST(CheckCommand, JunitXmlIsWellFormedWithRightCounts) {
  TempDir dir;
  const std::string junit = dir.file("ci/junit.xml");
  const CommandResult r = run_logsim({"check", kNormal, kOverflow, dir.file("missing.toml"), "--out", dir.path(),
                                      "--vary", "distributor.queue_capacity=1000,5000", "--junit", junit});
  EXPECT_EQ(r.exit_code, 2) << "a missing file outranks a failed expectation";
  const std::string xml = read_file(junit);
  XmlReader reader(xml);
  const auto root = reader.parse();
  ASSERT_TRUE(root) << reader.error();
  const auto suites = root->all("testsuite");
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0]->attributes.at("tests"), "5");
  EXPECT_EQ(suites[0]->attributes.at("failures"), "1");
  EXPECT_EQ(suites[0]->attributes.at("errors"), "1");
  const auto cases = root->all("testcase");
  ASSERT_EQ(cases.size(), 5u);
  EXPECT_EQ(cases[0]->attributes.at("name"), "normal-flow [distributor.queue_capacity=1000]");
  const auto failures = root->all("failure");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]->attributes.at("message"), "max_queue_depth 1800 > limit 1000");
  EXPECT_NE(failures[0]->text.find("max_queue_depth: limit 1000, actual 1800, FAILED"), std::string::npos);
}

// Scenario names reach the XML escaped.
TEST(CheckCommand, JunitEscapesNames) {
  TempDir dir;
  const std::string path = dir.file("nasty.toml");
  std::ofstream(path) << "[scenario]\nname = 'a<b>&\"c\"'\nduration = \"1s\"\n[[analyzer]]\nname = \"a\"\n"
                         "[[traffic]]\npattern = \"constant\"\nrate = 10\n[expect]\nmax_reject_rate = 0.0\n";
  const std::string junit = dir.file("junit.xml");
  const CommandResult r = run_logsim({"check", path, "--out", dir.file("out"), "--junit", junit});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string xml = read_file(junit);
  XmlReader reader(xml);
  const auto root = reader.parse();
  ASSERT_TRUE(root) << reader.error();
  EXPECT_EQ(root->all("testcase").at(0)->attributes.at("name"), "a<b>&\"c\"");
}

}  // namespace
}  // namespace logsim

#include "sim/sweep.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace logsim {
namespace {

using namespace logsim::testing;

std::vector<std::string> folders(const std::vector<SweepVariant>& variants) {
  std::vector<std::string> out;
  for (const SweepVariant& v : variants) out.push_back(v.folder);
  return out;
}

// SPEC §2: the cartesian product of the varied keys; the first axis varies slowest.
TEST(SweepExpand, FirstAxisVariesSlowest) {
  const auto variants =
      expand_sweep({{"distributor.queue_capacity", {"1000", "5000"}}, {"distributor.workers", {"8", "10", "12"}}});
  ASSERT_EQ(variants.size(), 6u);
  EXPECT_EQ(folders(variants), (std::vector<std::string>{"distributor.queue_capacity=1000,distributor.workers=8",
                                                         "distributor.queue_capacity=1000,distributor.workers=10",
                                                         "distributor.queue_capacity=1000,distributor.workers=12",
                                                         "distributor.queue_capacity=5000,distributor.workers=8",
                                                         "distributor.queue_capacity=5000,distributor.workers=10",
                                                         "distributor.queue_capacity=5000,distributor.workers=12"}));
  EXPECT_EQ(variants[4].overrides(),
            (std::vector<std::string>{"distributor.queue_capacity=5000", "distributor.workers=10"}));
  EXPECT_EQ(variants[4].label(), "distributor.queue_capacity=5000, distributor.workers=10");
}

// An axis without values leaves nothing to run.
TEST(SweepExpand, EmptyAxisGivesNoVariants) {
  EXPECT_TRUE(expand_sweep({}).empty());
  EXPECT_TRUE(expand_sweep({{"distributor.workers", {"1"}}, {"distributor.queue_capacity", {}}}).empty());
}

// --vary values split at commas outside quotes, brackets and braces.
TEST(SweepVary, SplitsAtTopLevelCommasOnly) {
  std::string error;
  auto axis =
      parse_vary("analyzer[0].latency = 10ms, { dist = \"uniform\", min = \"1ms\", max = \"2ms\" } ,\"a,b\"", &error);
  ASSERT_TRUE(axis) << error;
  EXPECT_EQ(axis->key, "analyzer[0].latency");
  EXPECT_EQ(axis->values,
            (std::vector<std::string>{"10ms", "{ dist = \"uniform\", min = \"1ms\", max = \"2ms\" }", "\"a,b\""}));
}

// Bad --vary arguments are bad input with a message, not a crash.
TEST(SweepVary, RejectsMissingKeyEmptyValuesAndUnbalancedText) {
  std::string error;
  EXPECT_FALSE(parse_vary("distributor.workers", &error));
  EXPECT_FALSE(parse_vary("=1,2", &error));
  EXPECT_FALSE(parse_vary("distributor.workers=1,,2", &error));
  EXPECT_FALSE(parse_vary("distributor.workers=", &error));
  EXPECT_FALSE(parse_vary("traffic[0].rate=[1,2", &error));
  EXPECT_NE(error.find("unbalanced"), std::string::npos);
}

// `plan --vary KEY=LO..HI` takes integers with LO <= HI.
TEST(SweepVaryRange, ParsesIntegersAndRejectsBadRanges) {
  std::string error;
  auto range = parse_vary_range("distributor.workers=8..32", &error);
  ASSERT_TRUE(range) << error;
  EXPECT_EQ(range->key, "distributor.workers");
  EXPECT_EQ(range->low, 8);
  EXPECT_EQ(range->high, 32);
  EXPECT_TRUE(parse_vary_range("distributor.workers=5..5", &error));
  EXPECT_FALSE(parse_vary_range("distributor.workers=32..8", &error));
  EXPECT_FALSE(parse_vary_range("distributor.workers=8", &error));
  EXPECT_FALSE(parse_vary_range("distributor.workers=a..b", &error));
  EXPECT_FALSE(parse_vary_range("distributor.workers=1.5..3", &error));
  EXPECT_FALSE(parse_vary_range("..3", &error));
  EXPECT_FALSE(parse_vary_range("k=-9000000000000000000..9000000000000000000", &error));
}

// Folder names stay readable for plain values and TOML strings lose their quotes.
TEST(SweepFolderName, IsReadableForPlainValues) {
  EXPECT_EQ(sweep_folder_name({{"distributor.request_timeout", "\"2s\""}}), "distributor.request_timeout=2s");
  EXPECT_EQ(sweep_folder_name({{"analyzer[1].weight", "0.5"}, {"analyzer.analyzer-2.error_rate", "0.25"}}),
            "analyzer[1].weight=0.5,analyzer.analyzer-2.error_rate=0.25");
}

// Separators, slashes and spaces inside a value are %-encoded, so names never nest or collide.
TEST(SweepFolderName, EncodesSeparatorsSlashesAndSpaces) {
  const std::string a = sweep_folder_name({{"traffic[0].file", "\"../x/y,z=1 %\""}});
  EXPECT_EQ(a, "traffic[0].file=..%2Fx%2Fy%2Cz%3D1%20%25");
  EXPECT_EQ(a.find('/'), std::string::npos);
  EXPECT_NE(sweep_folder_name({{"k", "\"a,b=c\""}}), sweep_folder_name({{"k", "\"a\""}, {"b", "\"c\""}}));
}

// Very long names are cut and made unique with a hash, within filesystem limits.
TEST(SweepFolderName, CutsLongNamesWithAHash) {
  const std::string long_a = "\"" + std::string(300, 'a') + "\"";
  const std::string long_b = "\"" + std::string(299, 'a') + "b\"";
  const std::string a = sweep_folder_name({{"scenario.description", long_a}});
  const std::string b = sweep_folder_name({{"scenario.description", long_b}});
  EXPECT_EQ(a.size(), 200u);
  EXPECT_EQ(a[183], '~');
  EXPECT_NE(a, b);
}

// A sweep.csv row's display values give back the folder the sweep wrote.
TEST(SweepFolderName, DisplayFormGivesTheSameName) {
  const std::vector<SweepSetting> settings{{"distributor.request_timeout", "\"2s\""}, {"distributor.workers", "4"}};
  EXPECT_EQ(sweep_folder_name_from_display({{"distributor.request_timeout", "2s"}, {"distributor.workers", "4"}}),
            sweep_folder_name(settings));
}

// SPEC §5 sweep.csv: the varied keys, then the metrics, one row per variant;
// results do not depend on the order in which a runner runs the variants.
TEST(SweepRun, CsvIsTheSameWhateverOrderTheRunnerUses) {
  const std::string path = source_path("scenarios/overflow.toml");
  const auto variants = expand_sweep({{"distributor.queue_capacity", {"500", "1000", "5000"}}});
  std::vector<Scenario> scenarios;
  for (const SweepVariant& v : variants) scenarios.push_back(load_or_die(path, v.overrides()));

  SweepRunOptions serial;
  const auto forward = run_sweep(scenarios, variants, serial);
  SweepRunOptions reversed;
  reversed.runner = [](std::size_t count, const std::function<void(std::size_t)>& task) {
    for (std::size_t i = count; i > 0; --i) task(i - 1);
  };
  const auto backward = run_sweep(scenarios, variants, reversed);
  const std::string csv = sweep_csv(variants, forward);
  EXPECT_EQ(csv, sweep_csv(variants, backward));

  const std::string header =
      "distributor.queue_capacity,offered,rejected,reject_rate,delivered,dead_lettered,latency_p99_ms,"
      "queue_depth_max,passed\n";
  ASSERT_EQ(csv.substr(0, header.size()), header);
  // 1600/s against 1000/s for 3 s: the queue would reach 1800 (see plan_command_test).
  EXPECT_NE(csv.find("\n500,4800,1300,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\n5000,4800,0,0.000000,"), std::string::npos) << csv;
}

// Every variant writes its own files into its folder.
TEST(SweepRun, WritesEachVariantIntoItsFolder) {
  TempDir dir;
  const auto variants = expand_sweep({{"distributor.workers", {"10", "20"}}});
  std::vector<Scenario> scenarios;
  for (const SweepVariant& v : variants) {
    scenarios.push_back(load_or_die(source_path("scenarios/overflow.toml"), v.overrides()));
  }
  SweepRunOptions options;
  options.out_dir = dir.path();
  std::vector<std::size_t> finished;
  options.finished = [&](std::size_t i) { finished.push_back(i); };
  const auto results = run_sweep(scenarios, variants, options);
  EXPECT_EQ(finished.size(), 2u);
  for (const SweepVariant& v : variants) {
    for (const char* file : {"timeline.csv", "distribution.csv", "events.csv", "summary.json"}) {
      EXPECT_TRUE(std::filesystem::exists(dir.file(v.folder + "/" + file))) << v.folder << "/" << file;
    }
  }
  EXPECT_TRUE(results[0].ok());
  EXPECT_GT(results[0].summary.totals.rejected, results[1].summary.totals.rejected);
}

}  // namespace
}  // namespace logsim

// JUnit XML for `logsim check --junit FILE`, the format CI systems (GitLab,
// Jenkins, GitHub test reporters) read: one <testsuite> per invocation, one
// <testcase> per scenario or sweep variant, a <failure> naming each failed
// expectation with its limit and actual value, an <error> when the scenario
// could not be loaded or run. Every text is XML-escaped.
#pragma once

#include <string>
#include <vector>

#include "sim/summary.h"

namespace logsim {

struct JunitCase {
  std::string name;                             // "overflow" or "overflow [distributor.queue_capacity=5000]"
  std::string classname;                        // the scenario file as given
  double time_s = 0;                            // wall time of the run
  std::vector<ExpectationResult> expectations;  // all of them; the failed ones make the <failure>
  std::string error;                            // non-empty: the case is an error (bad file, unwritable output)
  std::string output;                           // the check line, as <system-out>
};

// "max_reject_rate 0.180000 > limit 0.050000" (a min_* limit reads "<").
std::string describe_failed_expectation(const ExpectationResult& e);

std::string junit_xml(const std::string& suite_name, const std::vector<JunitCase>& cases);

}  // namespace logsim

#include "sim/junit.h"

#include "sim/markup.h"

namespace logsim {

std::string describe_failed_expectation(const ExpectationResult& e) {
  const bool is_minimum = e.name.rfind("min_", 0) == 0;
  return e.name + " " + e.actual + (is_minimum ? " < limit " : " > limit ") + e.limit;
}

std::string junit_xml(const std::string& suite_name, const std::vector<JunitCase>& cases) {
  std::size_t failures = 0;
  std::size_t errors = 0;
  double total_s = 0;
  for (const JunitCase& c : cases) {
    bool failed = false;
    for (const ExpectationResult& e : c.expectations) failed = failed || !e.passed;
    if (!c.error.empty()) {
      ++errors;
    } else if (failed) {
      ++failures;
    }
    total_s += c.time_s;
  }
  const std::string counts = " tests=\"" + std::to_string(cases.size()) + "\" failures=\"" + std::to_string(failures) +
                             "\" errors=\"" + std::to_string(errors) + "\" time=\"" + format_decimal(total_s, 3) + "\"";
  const std::string name = escape_markup(suite_name);
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x += "<testsuites name=\"" + name + "\"" + counts + ">\n";
  x += "  <testsuite name=\"" + name + "\"" + counts + " skipped=\"0\">\n";
  for (const JunitCase& c : cases) {
    x += "    <testcase name=\"" + escape_markup(c.name) + "\" classname=\"" + escape_markup(c.classname) +
         "\" time=\"" + format_decimal(c.time_s, 3) + "\">\n";
    if (!c.error.empty()) {
      x += "      <error message=\"" + escape_markup(c.error) + "\" type=\"error\">" + escape_markup(c.error) +
           "</error>\n";
    } else {
      std::string message;
      std::string body;
      for (const ExpectationResult& e : c.expectations) {
        body += e.name + ": limit " + e.limit + ", actual " + e.actual + (e.passed ? ", ok\n" : ", FAILED\n");
        if (e.passed) continue;
        if (!message.empty()) message += "; ";
        message += describe_failed_expectation(e);
      }
      if (!message.empty()) {
        x += "      <failure message=\"" + escape_markup(message) + "\" type=\"expectation\">" + escape_markup_text(body) +
             "</failure>\n";
      }
    }
    if (!c.output.empty()) x += "      <system-out>" + escape_markup_text(c.output) + "</system-out>\n";
    x += "    </testcase>\n";
  }
  x += "  </testsuite>\n</testsuites>\n";
  return x;
}

}  // namespace logsim

// `logsim report RESULTS_DIR...`: writes report.html into each folder
// (sim/report.h). Exit 2 when a folder holds no results, 3 when the report
// cannot be written.
#include <iostream>

#include "cmd/commands.h"
#include "sim/report.h"

namespace logsim::cmd {

int report_results(const std::vector<std::string>& dirs, bool quiet) {
  int exit_code = kExitOk;
  for (const std::string& dir : dirs) {
    const ReportResult result = write_report(dir);
    if (result.status != ReportStatus::kOk) {
      std::cerr << "logsim: " << result.error << '\n';
      exit_code = result.status == ReportStatus::kBadInput ? kExitBadInput : kExitRuntimeFailure;
      continue;
    }
    if (quiet) continue;
    std::cout << "wrote " << result.written.front();
    if (result.written.size() > 1) std::cout << " (and " << result.written.size() - 1 << " variant reports)";
    std::cout << '\n';
    for (const std::string& note : result.notes) std::cout << "  note: " << note << '\n';
  }
  return exit_code;
}

}  // namespace logsim::cmd

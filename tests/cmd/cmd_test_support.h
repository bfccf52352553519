// Running the built logsim binary from tests (LOGSIM_BINARY) and comparing
// the folders it writes.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "../sim/test_support.h"

namespace logsim::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

inline std::string shell_quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// Runs logsim with `args` in `cwd` (stdin closed; stderr is not a terminal,
// so no progress bar).
inline CommandResult run_logsim(const std::vector<std::string>& args, const std::string& cwd = "") {
  static int counter = 0;
  const std::string err_path = std::filesystem::temp_directory_path() /
                               ("logsim-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".err");
  std::string command = (cwd.empty() ? "" : "cd " + shell_quote(cwd) + " && ") + shell_quote(LOGSIM_BINARY);
  for (const std::string& a : args) command += " " + shell_quote(a);
  command += " </dev/null 2>" + shell_quote(err_path);
  CommandResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_file(err_path);
  std::filesystem::remove(err_path);
  return result;
}

// Every regular file under `dir`, as relative path -> contents.
inline std::map<std::string, std::string> folder_contents(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[std::filesystem::relative(entry.path(), dir).string()] = read_file(entry.path().string());
    }
  }
  return files;
}

}  // namespace logsim::testing

// The live soak and the hostile-client tests bound memory through RSS in
// the normal build. In the ASan build (scripts/test.sh) LeakSanitizer
// checks instead, at the exit of every test process and of every `logsim`
// process the soak stops with SIGTERM (a leak makes its exit code non-zero,
// which the soak asserts on). This pins that LeakSanitizer is really on
// there: some environments (ptrace restricted, detect_leaks=0) silently turn
// it off.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>

namespace logsim {
namespace {

#if defined(__SANITIZE_ADDRESS__)
void* volatile leaked_block;

// Out of line, so that no copy of the pointer is left in the caller's frame.
[[gnu::noinline]] void leak_a_block() {
  leaked_block = std::malloc(4321);
  leaked_block = nullptr;
}

bool exited_non_zero(int status) { return WIFEXITED(status) && WEXITSTATUS(status) != 0; }
#endif

// A process that leaks prints LeakSanitizer's report and exits non-zero
// (ASan's exit code, 1), even though it asked to exit 0.
TEST(LeakSanitizer, ReportsALeakAtExitInTheSanitizerBuild) {
#if defined(__SANITIZE_ADDRESS__)
  EXPECT_EXIT(
      {
        leak_a_block();
        std::exit(0);
      },
      exited_non_zero, "LeakSanitizer: detected memory leaks");
#else
  GTEST_SKIP() << "not an AddressSanitizer build";
#endif
}

}  // namespace
}  // namespace logsim

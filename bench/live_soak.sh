#!/usr/bin/env bash
# The live soak under faults, as long as you like.
#
# Runs the LiveSoak test (tests/live/soak_under_faults_test.cc) with a longer
# load: `logsim --live` in front of stand-in analyzers (`logsim analyzer
# --record FILE`), all separate processes on 127.0.0.1, steady load from
# in-test clients, and a schedule drawn from SEED that kills (SIGKILL,
# SIGTERM), freezes (SIGSTOP/SIGCONT) and restarts the analyzers. At the end
# it checks that every accepted packet reached an analyzer or the
# dead-letter file, counts duplicates, and checks that the distributor's
# RSS stayed bounded; then prints the numbers. CI runs the same test for
# 12 s (scripts/test.sh); docs/reliability.md says what it shows.
#
# Usage: bench/live_soak.sh [SECONDS]      (default 300)
# Environment: BUILD=build (a build folder with tests), SEED=1, RATE=400
# (packets/s offered), ANALYZERS=3, REPORT=FILE (keep the numbers there).
# Exit code: the test's (0 when every check held).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${1:-300}
build=${BUILD:-build}
tests="$build/tests/logsim_live_tests"
if [ ! -x "$tests" ] || [ ! -x "$build/logsim" ]; then
  echo "live_soak.sh: no $tests or $build/logsim; build first (bash scripts/setup.sh) or set BUILD=..." >&2
  exit 2
fi
case "$duration" in
  '' | *[!0-9]*) echo "live_soak.sh: SECONDS must be a whole number (got '$duration')" >&2; exit 2 ;;
esac

report=${REPORT:-$(mktemp /tmp/logsim-soak-report.XXXXXX)}
echo "live_soak.sh: ${duration}s at ${RATE:-400} packets/s, ${ANALYZERS:-3} analyzers, seed ${SEED:-1}"
status=0
LOGSIM_SOAK_SECONDS=$duration LOGSIM_SOAK_SEED=${SEED:-1} LOGSIM_SOAK_RATE=${RATE:-400} \
  LOGSIM_SOAK_ANALYZERS=${ANALYZERS:-3} LOGSIM_SOAK_REPORT=$report \
  "$tests" --gtest_filter='LiveSoak.*' --gtest_color=no || status=$?

if [ -s "$report" ]; then
  echo
  echo "live_soak.sh: numbers (also in $report)"
  column -t -s= "$report" 2>/dev/null || cat "$report"
fi
[ "$status" -eq 0 ] && echo "live_soak.sh: PASS" || echo "live_soak.sh: FAIL (exit $status)"
exit "$status"

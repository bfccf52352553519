#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite twice — the normal build and
# the ASan+UBSan build (build-asan/) — then a short run of every libFuzzer
# target. Ends with one line "tests: N passed, M failed" over both suites.
# Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
log=$(mktemp)
status=0
(cd build && ctest --output-on-failure -j"$(nproc)") 2>&1 | tee -a "$log" || status=1

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLOGSIM_SANITIZE=ON -DLOGSIM_BENCHMARKS=OFF -DLOGSIM_WERROR=ON \
  >/dev/null || exit 1
cmake --build build-asan -j"$(nproc)" || exit 1
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j"$(nproc)") \
  2>&1 | tee -a "$log" || status=1

# A short run of every libFuzzer target (clang, ASan+UBSan), replaying the
# seed corpora and regression inputs first.
FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash scripts/fuzz.sh || status=1

total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
failed=$(sed -n 's/.*, \([0-9]*\) tests failed out of.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
rm -f "$log"
[ "$total" -gt 0 ] || status=1
[ "$failed" -eq 0 ] || status=1
echo "tests: $((total - failed)) passed, $failed failed"
exit $status

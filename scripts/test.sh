#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite twice: the normal build and
# the ASan+UBSan build (build-asan/). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
(cd build && ctest --output-on-failure -j"$(nproc)")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLOGSIM_SANITIZE=ON -DLOGSIM_BENCHMARKS=OFF -DLOGSIM_WERROR=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j"$(nproc)")

# A short run of every libFuzzer target (clang, ASan+UBSan), replaying the
# seed corpora and regression inputs first.
FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash scripts/fuzz.sh

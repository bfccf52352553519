#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) into build-fuzz/,
# replays the checked-in corpora and regression inputs, then fuzzes each
# target for FUZZ_SECONDS (default 20). New corpus entries go to a scratch
# folder, not into the repository. A crash leaves its input in build-fuzz/
# and fails the script; add it under tests/fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}

need=()
command -v clang++ >/dev/null || need+=(clang)
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed" || need+=(libclang-rt-14-dev)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOGSIM_FUZZ=ON \
  -DLOGSIM_BENCHMARKS=OFF >/dev/null
targets=$(cd tests/fuzz && ls fuzz_*.cc | sed 's/\.cc$//')
# shellcheck disable=SC2086
cmake --build build-fuzz -j"$(nproc)" --target $targets

for t in $targets; do
  name=${t#fuzz_}
  scratch=build-fuzz/corpus-$name
  mkdir -p "$scratch"
  inputs=("$scratch")
  [ -d "tests/fuzz/corpus/$name" ] && inputs+=("tests/fuzz/corpus/$name")
  if [ -d "tests/fuzz/regressions/$name" ]; then
    echo "== $t: replaying regressions"
    build-fuzz/tests/fuzz/"$t" -runs=0 tests/fuzz/regressions/"$name"/*
  fi
  echo "== $t: fuzzing for ${seconds}s"
  (cd build-fuzz && ./tests/fuzz/"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
     -print_final_stats=1 "${inputs[@]/#/../}" 2>&1 | tail -n 12)
done
echo "fuzz: all targets ran clean"

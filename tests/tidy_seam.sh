#!/usr/bin/env bash
# Fails when the deterministic layers (core/ except core/live/, and sim/) reach
# for wall-clock time, ambient randomness, standard distributions, threads or
# libuv/http-parser. See STYLE.md "The one idea".
set -u
root=${1:-.}
cd "$root" || exit 2
pattern='#include *<uv\.h>|http_parser\.h|(steady|system|high_resolution)_clock|std::rand\b|\brand\(\)|random_device|_distribution<|sleep_for|std::thread|\btime\(nullptr\)|gettimeofday|clock_gettime'
hits=$(grep -rnE "$pattern" core sim 2>/dev/null | grep -v '^core/live/')
if [ -n "$hits" ]; then
  echo "tidy_seam: deterministic layers reach outside the runtime seam:"
  echo "$hits"
  exit 1
fi
echo "tidy_seam: core/ and sim/ are clean"

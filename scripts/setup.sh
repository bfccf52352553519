#!/usr/bin/env bash
# Installs the Debian packages logsim builds with and builds it into build/.
# Usage: bash scripts/setup.sh [extra cmake options]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make pkg-config libcli11-dev libuv1-dev libtomlplusplus-dev
          libbenchmark-dev libgtest-dev libgmock-dev libhttp-parser-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOGSIM_WERROR=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"

#!/usr/bin/env bash
# The twin evidence (docs/twin.md): `logsim twin` on every shipped scenario
# with the stated tolerances — the seed's scenarios as shipped where they run
# in at most ~30 s of real time, their twin-sized copies in scenarios/twin/
# where they do not — and one line per scenario at the end. About three
# minutes of wall time; run it on an otherwise idle machine.
#
#   bash bench/twin.sh                        # build/logsim, results/twin-bench/
#   LOGSIM=/path/to/logsim OUT=/tmp/tb bash bench/twin.sh --tolerance-scale 1.5
#
# Extra arguments go to every `logsim twin` call. Exits 1 when a scenario's
# live run differs from its simulation beyond the tolerances, 3 on a runtime
# failure.
set -uo pipefail
cd "$(dirname "$0")/.."
LOGSIM=${LOGSIM:-build/logsim}
OUT=${OUT:-results/twin-bench}

# file, then --set overrides for it (the 60 s loopback example is cut to 20 s).
runs=(
  "scenarios/concurrent-workers.toml"
  "scenarios/normal-flow.toml"
  "scenarios/overflow.toml"
  "scenarios/retry-backoff.toml"
  "scenarios/lock-contention.toml"
  "scenarios/twin/health-monitor.toml"
  "scenarios/twin/gray-failure.toml"
  "scenarios/twin/morning-ramp.toml"
  "scenarios/live-local.toml --set scenario.duration=20s"
)

status=0
summary=""
for run in "${runs[@]}"; do
  read -r -a parts <<<"$run"
  file=${parts[0]}
  name=$(basename "$file" .toml)
  [ "${file#scenarios/twin/}" != "$file" ] && name="$name-twin"
  echo "== $run"
  "$LOGSIM" twin "${parts[@]}" --out "$OUT/$name" "$@"
  rc=$?
  verdict=PASS
  [ $rc -eq 1 ] && verdict=DIFFERS && [ $status -eq 0 ] && status=1
  [ $rc -gt 1 ] && verdict="ERROR($rc)" && status=3
  # The figure closest to its limit: largest |difference| / allowed.
  worst=$(awk -F, 'NR > 1 && $5 != "" {
      d = $5 + 0; a = (d < 0 ? $6 : $7) + 0; if (d < 0) d = -d;
      r = (a > 0 ? d / a : (d > 0 ? 99 : 0));
      if (r >= best) { best = r; m = $1 }
    } END { printf "%s at %.0f %% of its tolerance", m, best * 100 }' "$OUT/$name/comparison.csv" 2>/dev/null)
  summary+=$(printf '%-28s %-8s closest: %s' "$name" "$verdict" "$worst")$'\n'
  echo
done
echo "== summary (tolerances: docs/twin.md)"
printf '%s' "$summary"
exit $status

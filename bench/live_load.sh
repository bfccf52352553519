#!/usr/bin/env bash
# Live mode under load, with HAProxy as the reference.
#
# Starts four fast analyzers on loopback (nginx answering 200, or logsim's
# stand-in with no latency), then measures the same load with wrk against
#   1. logsim --live (weights 0.4/0.3/0.2/0.1), and
#   2. HAProxy (weights 4/3/2/1, option redispatch, active health checks),
# and prints delivered packets/s, ingest latency p50/p99, the split over the
# analyzers and logsim's throughput as a fraction of HAProxy's.
#
# The two do not do the same work per request. HAProxy holds the client's
# request until the analyzer answers (a proxy). logsim answers 202 as soon as
# the packet is queued and forwards it afterwards (a distributor). So the
# figure to compare is delivered packets/s; ingest latency is reported for
# both but means different things.
#
# Usage: bench/live_load.sh   (environment: LOGSIM=build/logsim DURATION=10
#        CONNECTIONS=32 THREADS=1 BODY_BYTES=512 ANALYZERS=nginx|stand-in)
# Needs wrk, haproxy and (for ANALYZERS=nginx) nginx:
#   apt-get install wrk haproxy nginx
set -euo pipefail

LOGSIM=${LOGSIM:-build/logsim}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
BODY_BYTES=${BODY_BYTES:-512}
ANALYZERS=${ANALYZERS:-nginx}
ANALYZER_PORTS=(19001 19002 19003 19004)
LOGSIM_PORT=18000
HAPROXY_PORT=18100
HAPROXY_STATS_PORT=18404

need() { command -v "$1" >/dev/null || { echo "live_load.sh: $1 is missing (apt-get install wrk haproxy nginx)" >&2; exit 2; }; }
need wrk
need haproxy
need curl
[ "$ANALYZERS" = nginx ] && need nginx
[ -x "$LOGSIM" ] || { echo "live_load.sh: no logsim binary at $LOGSIM (set LOGSIM=...)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/logsim-live-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

wait_http() {  # URL: waits until it answers 2xx (5 s at most)
  for _ in $(seq 1 100); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.05
  done
  echo "live_load.sh: $1 did not come up" >&2
  exit 3
}

# --- analyzers ---------------------------------------------------------------
if [ "$ANALYZERS" = nginx ]; then
  {
    echo "daemon off; master_process off; worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/nginx-error.log;"
    echo "events { worker_connections 4096; }"
    echo "http { access_log off; keepalive_requests 10000000; keepalive_timeout 120s; client_body_temp_path $WORK;"
    echo "  proxy_temp_path $WORK; fastcgi_temp_path $WORK; uwsgi_temp_path $WORK; scgi_temp_path $WORK;"
    for port in "${ANALYZER_PORTS[@]}"; do
      echo "  server { listen 127.0.0.1:$port; location / { return 200 '{\"status\":\"ok\"}'; } }"
    done
    echo "}"
  } >"$WORK/nginx.conf"
  nginx -c "$WORK/nginx.conf" -p "$WORK" &
  PIDS+=($!)
else
  for port in "${ANALYZER_PORTS[@]}"; do
    "$LOGSIM" analyzer --listen "127.0.0.1:$port" --latency 0ms >"$WORK/analyzer-$port.log" 2>&1 &
    PIDS+=($!)
  done
fi
for port in "${ANALYZER_PORTS[@]}"; do wait_http "http://127.0.0.1:$port/health"; done

cat >"$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.body = string.rep("x", $BODY_BYTES)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF

# wrk's "Latency Distribution" line for a percentile, in ms.
wrk_percentile_ms() {  # FILE PERCENT
  awk -v p="$2%" '$1 == p {
    v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
    if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; else if (unit == "m") v *= 60000;
    printf "%.3f", v }' "$1"
}
wrk_non2xx() { awk '/Non-2xx/ { print $NF; found = 1 } END { if (!found) print 0 }' "$1"; }

json_field() { grep -o "\"$2\": [0-9.]*" "$1" | head -1 | awk '{print $2}'; }

# --- logsim --live -----------------------------------------------------------
cat >"$WORK/live.toml" <<EOF
[scenario]
name = "live-bench"
duration = "${DURATION}s"
sample_interval = "1s"

[distributor]
queue_capacity = 10000
workers = 64
request_timeout = "2s"
max_attempts = 3
backoff_base = "50ms"
retry_holds_worker = false
health_interval = "1s"
health_timeout = "500ms"

[[analyzer]]
name = "analyzer-1"
weight = 0.4
url = "http://127.0.0.1:${ANALYZER_PORTS[0]}"

[[analyzer]]
name = "analyzer-2"
weight = 0.3
url = "http://127.0.0.1:${ANALYZER_PORTS[1]}"

[[analyzer]]
name = "analyzer-3"
weight = 0.2
url = "http://127.0.0.1:${ANALYZER_PORTS[2]}"

[[analyzer]]
name = "analyzer-4"
weight = 0.1
url = "http://127.0.0.1:${ANALYZER_PORTS[3]}"

[[traffic]]
pattern = "constant"
rate = 1

[live]
listen = "127.0.0.1:$LOGSIM_PORT"
dead_letter = "$WORK/dead-letter.jsonl"
shutdown_grace = "5s"
max_connections = 4096
EOF
"$LOGSIM" --live "$WORK/live.toml" --out "$WORK/live-out" >"$WORK/live.out" 2>"$WORK/live.err" &
LIVE_PID=$!
PIDS+=($LIVE_PID)
wait_http "http://127.0.0.1:$LOGSIM_PORT/health"

curl -s "http://127.0.0.1:$LOGSIM_PORT/stats" >"$WORK/live-before.json"
start_ns=$(date +%s%N)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" \
  "http://127.0.0.1:$LOGSIM_PORT/ingest" >"$WORK/wrk-live.txt"
end_ns=$(date +%s%N)
curl -s "http://127.0.0.1:$LOGSIM_PORT/stats" >"$WORK/live-after.json"
kill -TERM "$LIVE_PID"
wait "$LIVE_PID" || true

live_elapsed=$(awk -v a="$start_ns" -v b="$end_ns" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
live_delivered=$(($(json_field "$WORK/live-after.json" delivered) - $(json_field "$WORK/live-before.json" delivered)))
live_rate=$(awk -v d="$live_delivered" -v t="$live_elapsed" 'BEGIN { printf "%.0f", d / t }')
live_split=$(grep -o '"name": "analyzer-[0-9]", "healthy": [a-z]*, "sent": [0-9]*, "delivered": [0-9]*' "$WORK/live-after.json" |
  awk -F'"delivered": ' '{ d[NR] = $2; total += $2 } END { for (i = 1; i <= NR; i++) printf "%s%.1f", (i > 1 ? "/" : ""), 100 * d[i] / total }')
live_p50=$(wrk_percentile_ms "$WORK/wrk-live.txt" 50)
live_p99=$(wrk_percentile_ms "$WORK/wrk-live.txt" 99)
live_503=$(wrk_non2xx "$WORK/wrk-live.txt")
live_dead=$(json_field "$WORK/live-after.json" dead_lettered)

# --- HAProxy -----------------------------------------------------------------
cat >"$WORK/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4000
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 2s
  retries 2
  option redispatch
  option http-keep-alive
  http-reuse always
frontend ingest
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend analyzers
backend analyzers
  balance roundrobin
  option httpchk GET /health
  http-request set-path /analyze
  server analyzer-1 127.0.0.1:${ANALYZER_PORTS[0]} weight 4 check inter 1s
  server analyzer-2 127.0.0.1:${ANALYZER_PORTS[1]} weight 3 check inter 1s
  server analyzer-3 127.0.0.1:${ANALYZER_PORTS[2]} weight 2 check inter 1s
  server analyzer-4 127.0.0.1:${ANALYZER_PORTS[3]} weight 1 check inter 1s
listen stats
  bind 127.0.0.1:$HAPROXY_STATS_PORT
  stats enable
  stats uri /stats
EOF
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PIDS+=($HAPROXY_PID)
wait_http "http://127.0.0.1:$HAPROXY_STATS_PORT/stats"
sleep 1.5  # the first health checks mark the servers up

start_ns=$(date +%s%N)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/post.lua" \
  "http://127.0.0.1:$HAPROXY_PORT/ingest" >"$WORK/wrk-haproxy.txt"
end_ns=$(date +%s%N)
curl -s "http://127.0.0.1:$HAPROXY_STATS_PORT/stats;csv" >"$WORK/haproxy-stats.csv"

# hrsp_2xx: answers the servers gave with 2xx (found by its header name).
ha_column() { awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } NR == 1 { print c; exit }' \
  "$WORK/haproxy-stats.csv"; }
col=$(ha_column hrsp_2xx)
ha_split=$(awk -F, -v c="$col" '$1 == "analyzers" && $2 ~ /^analyzer-/ { d[++n] = $c; total += $c }
  END { for (i = 1; i <= n; i++) printf "%s%.1f", (i > 1 ? "/" : ""), 100 * d[i] / total }' "$WORK/haproxy-stats.csv")
ha_delivered=$(awk -F, -v c="$col" '$1 == "analyzers" && $2 == "BACKEND" { print $c }' "$WORK/haproxy-stats.csv")
ha_elapsed=$(awk -v a="$start_ns" -v b="$end_ns" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
ha_rate=$(awk -v d="$ha_delivered" -v t="$ha_elapsed" 'BEGIN { printf "%.0f", d / t }')
ha_non2xx=$(wrk_non2xx "$WORK/wrk-haproxy.txt")
ha_p50=$(wrk_percentile_ms "$WORK/wrk-haproxy.txt" 50)
ha_p99=$(wrk_percentile_ms "$WORK/wrk-haproxy.txt" 99)
ratio=$(awk -v a="$live_rate" -v b="$ha_rate" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')

# --- report ------------------------------------------------------------------
echo "live mode load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, ${BODY_BYTES}-byte POSTs, analyzers: $ANALYZERS, $(nproc) cores"
printf "%-14s %14s %16s %16s %10s  %s\n" "" "delivered/s" "ingest p50 ms" "ingest p99 ms" "non-2xx" "split % (target 40/30/20/10)"
printf "%-14s %14s %16s %16s %10s  %s\n" "logsim --live" "$live_rate" "$live_p50" "$live_p99" "$live_503" "$live_split"
printf "%-14s %14s %16s %16s %10s  %s\n" "haproxy" "$ha_rate" "$ha_p50" "$ha_p99" "$ha_non2xx" "$ha_split"
echo "logsim / haproxy delivered rate: $ratio   (logsim dead-lettered: $live_dead; haproxy 2xx by servers: $ha_delivered)"
echo "raw outputs: $WORK"

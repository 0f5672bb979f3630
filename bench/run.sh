#!/usr/bin/env bash
# Runs each scenario against the local cluster (bin/cluster start -d), then against the
# single-process baseline, writing one JSON result and one HTML chart per scenario and target, then
# prints the ratios cluster / baseline and writes $OUT/index.html linking every chart.
# Every knob is an environment variable (defaults in brackets below).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each connection is a file descriptor in the server and in the client: allow as many as the machine
# lets this user have (the services started below inherit it).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

DURATION=${DURATION:-10}               # [10] measured seconds per scenario (after WARMUP)
WARMUP=${WARMUP:-2}                    # [2]
ECHO_CONNECTIONS=${ECHO_CONNECTIONS:-50}
ECHO_WINDOW=${ECHO_WINDOW:-4}          # echoes in flight per connection in the as-fast-as-allowed run
# Total echoes/s in the fixed-rate (latency) run; "half": half the cluster's echo maximum measured just
# before (the issue's latency point), and the baseline is then measured at that same rate.
ECHO_RATE=${ECHO_RATE:-half}
# Seconds of unmeasured echo load before a target's first measured run. Five JVMs on two cores take
# about a minute to finish JIT compilation (the compiler threads are starved); without it the ratio
# measures JIT catch-up, not the path. Both targets get the same.
JIT_WARMUP=${JIT_WARMUP:-60}
# Unmeasured seconds at the fixed rate before its measured run. Its client JVM and 50 connections are
# new: while the client's JIT compiles (its compiler threads share the 2 busy cores) it falls behind,
# and the backlog drains only at the spare capacity (coordinated omission is corrected, so every late
# echo counts). Per-second timelines from the start (2026-12-07, 72,500 and 95,000 echoes/s): p99 in
# whole seconds (up to 4 s) until second 11-14, then 4-10 ms; the measured run starts after that.
RATE_WARMUP=${RATE_WARMUP:-30}
RECEIVERS=${RECEIVERS:-500}
SAY_RATE=${SAY_RATE:-20}              # says/s in the latency run
SAY_WINDOW=${SAY_WINDOW:-8}            # says in flight in the as-fast-as-allowed (broadcast-max) run
CONNECTIONS=${CONNECTIONS:-10000}      # idle connections in the connect run (at most `ulimit -Hn` minus a few hundred)
# Seconds of opening and closing connections before the measured ones. The connect run comes first, on
# JVMs that have not yet compiled their connect path: without it the connect rate measured the JIT
# (2026-12-07: cluster 1,034/s cold; the gateway then used ~17 % of a core, C2 compiling most of it).
CONNECT_WARMUP=${CONNECT_WARMUP:-20}
SCENARIOS=${SCENARIOS:-connect echo echo-rate broadcast broadcast-max} # which to run; ECHO_RATE=half needs echo
SOURCE_ADDRESSES=${SOURCE_ADDRESSES:-4} # 127.0.0.1 … .4: ~28,000 ephemeral ports each
BASELINE_PORT=${BASELINE_PORT:-8088}
# Both gateways: connection i goes to the (i mod 2)-th, so room messages cross gateways. connect uses the
# first only, as it reads that gateway's RSS.
CLUSTER_URL=${CLUSTER_URL:-ws://127.0.0.1:8080/ws,ws://127.0.0.1:8090/ws}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx512m}
# The baseline gets what one cluster service gets (bin/cluster's default), so that ratios compare paths.
BASELINE_JAVA_OPTS=${BASELINE_JAVA_OPTS:-${CLUSTER_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}}
# The baseline at its best here: with the client on the same 2 cores, 1 event loop measured ~300k
# echoes/s against ~257k with 2 (one per core). bin/cluster gives each service 1 too (CLUSTER_EVENT_LOOPS).
BASELINE_EVENT_LOOPS=${BASELINE_EVENT_LOOPS:-1}
TARGETS=${TARGETS:-baseline cluster} # [baseline cluster] which targets to run
OUT=${OUT:-bench/target/results/$(date -u +%Y%m%dT%H%M%SZ)}

JAR=$(ls bench/target/gatewayworker-bench-*.jar 2>/dev/null | head -1 || true)
if [[ -z "$JAR" ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
  JAR=$(ls bench/target/gatewayworker-bench-*.jar | head -1)
fi
mkdir -p "$OUT"

bench() { java $BENCH_JAVA_OPTS -jar "$JAR" "$@"; }

value() { # the value of the first line holding "key" on stdin (top-level fields come before the timeline)
  grep -m1 "\"$1\"" | sed -E 's/.*: *([-0-9.eE+]+).*/\1/'
}

wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
for scenario in $SCENARIOS; do
  case "$scenario" in
    connect | echo | echo-rate | broadcast | broadcast-max) ;;
    *) echo "SCENARIOS: unknown scenario '$scenario' (connect echo echo-rate broadcast broadcast-max)" >&2; exit 2 ;;
  esac
done
if wants echo-rate && [[ "$ECHO_RATE" == half ]] && ! wants echo; then
  echo "ECHO_RATE=half is half the echo scenario's maximum: add echo to SCENARIOS or give ECHO_RATE a rate" >&2
  exit 2
fi

scenarios() { # target-name url server-pid
  local common=(-d "$DURATION" --warmup "$WARMUP" --quiet)
  if wants connect; then
    bench connect "${common[@]}" --url "${2%%,*}" -n "$CONNECTIONS" --source-addresses "$SOURCE_ADDRESSES" --pid "$3" \
      --connect-warmup "$CONNECT_WARMUP" --out "$OUT/$1-connect.json" || true
  fi
  if wants echo; then
    bench echo -d "$DURATION" --warmup "$JIT_WARMUP" --quiet --url "$2" -c "$ECHO_CONNECTIONS" --window "$ECHO_WINDOW" \
      --out "$OUT/$1-echo.json" || true
  fi
  if wants echo-rate; then
    if [[ "$ECHO_RATE" == half ]]; then
      ECHO_RATE=$(awk -v t="$(value throughput_per_s <"$OUT/$1-echo.json")" \
        'BEGIN { r = int(t / 2); print (r > 0 ? r : 1000) }')
      echo "fixed-rate echo at $ECHO_RATE/s (half of $1's maximum)"
    fi
    bench echo -d "$DURATION" --warmup "$RATE_WARMUP" --quiet --url "$2" -c "$ECHO_CONNECTIONS" --rate "$ECHO_RATE" \
      --out "$OUT/$1-echo-rate.json" || true
  fi
  if wants broadcast; then
    bench broadcast "${common[@]}" --url "$2" -n "$RECEIVERS" --rate "$SAY_RATE" --out "$OUT/$1-broadcast.json" || true
  fi
  if wants broadcast-max; then
    bench broadcast "${common[@]}" --url "$2" -n "$RECEIVERS" --rate 0 --window "$SAY_WINDOW" \
      --out "$OUT/$1-broadcast-max.json" || true
  fi
}

wait_for_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

if [[ " $TARGETS " == *" cluster "* ]]; then
echo "== cluster ($CLUSTER_URL)"
started_cluster=false
if ! bin/cluster status >/dev/null 2>&1; then
  bin/cluster start -d
  started_cluster=true
fi
scenarios cluster "$CLUSTER_URL" "$(cat "${CLUSTER_STATE_DIR:-.cluster}/gateway1.pid")"
if $started_cluster; then bin/cluster stop; fi
fi

if [[ " $TARGETS " == *" baseline "* ]]; then
echo "== baseline (ws://127.0.0.1:$BASELINE_PORT/ws)"
java $BASELINE_JAVA_OPTS -jar "$JAR" baseline --port "$BASELINE_PORT" --event-loops "$BASELINE_EVENT_LOOPS" &
baseline_pid=$!
trap 'kill "$baseline_pid" 2>/dev/null || true' EXIT
wait_for_port "$BASELINE_PORT"
scenarios baseline "ws://127.0.0.1:$BASELINE_PORT/ws" "$baseline_pid"
kill "$baseline_pid"; wait "$baseline_pid" 2>/dev/null || true
fi

echo "== cluster / baseline (results in $OUT)"
for scenario in echo echo-rate broadcast broadcast-max; do
  wants "$scenario" || continue
  b="$OUT/baseline-$scenario.json" c="$OUT/cluster-$scenario.json"
  if [[ -f "$b" && -f "$c" ]]; then
    awk -v s="$scenario" -v bt="$(value throughput_per_s <"$b")" -v ct="$(value throughput_per_s <"$c")" \
        -v bp="$(grep -A6 '"latency_ms"' "$b" | value p99)" \
        -v cp="$(grep -A6 '"latency_ms"' "$c" | value p99)" \
        'BEGIN { printf "%-10s throughput %10.0f / %10.0f = %.2f   p99 ms %8.3f / %8.3f\n", s, ct, bt, (bt > 0 ? ct / bt : 0), cp, bp }'
  else
    echo "$scenario: missing result (see the output above)"
  fi
done
if [[ -f "$OUT/baseline-connect.json" && -f "$OUT/cluster-connect.json" ]]; then
  for figure in connect_rate_per_s server_heap_per_connection_bytes server_rss_per_connection_bytes; do
    echo "connect    $figure: cluster $(value $figure <"$OUT/cluster-connect.json") / baseline $(value $figure <"$OUT/baseline-connect.json")"
  done
fi

{ # one page linking every chart of this run (each chart is self-contained; open it from disk)
  echo '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>bench results</title></head><body>'
  echo "<h1>bench results $(basename "$OUT")</h1><ul>"
  for chart in "$OUT"/*.html; do
    name=$(basename "$chart" .html)
    [[ "$name" == index ]] && continue
    echo "<li><a href=\"$name.html\">$name</a> (<a href=\"$name.json\">json</a>)</li>"
  done
  echo '</ul></body></html>'
} >"$OUT/index.html"
echo "charts: $OUT/index.html"

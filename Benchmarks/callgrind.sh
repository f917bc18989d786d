#!/usr/bin/env bash
# Benchmarks/callgrind.sh — instructions per request, counted by valgrind's callgrind: repeatable on
# a busy machine, where wall-clock figures are not. Three figures:
#   - a cache hit through the server: `abacus serve` under callgrind, wrk sending the cache-hit
#     workload for SECONDS (8 connections); (total − an idle start and stop) / requests answered;
#   - a cache hit with new bytes and a cache miss of /v1/estimate through the service alone: the
#     EstimatorBenchmarks workload run ITERATIONS times (2,000) under callgrind, less a run of none.
# Usage: Benchmarks/callgrind.sh [ABACUS_BINARY] [ESTIMATOR_BENCHMARKS_BINARY]
#   (defaults: the Benchmarks package's release builds; build them first with run.sh or swift build)
# Counts only user-space instructions: system calls and context switches are not in them.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=$(cd "$HERE" && swift build -c release --show-bin-path)
ABACUS=${1:-$BIN/abacus}
MICRO=${2:-$BIN/EstimatorBenchmarks}
SECONDS_OF_LOAD=${SECONDS_OF_LOAD:-20}
PORT=${PORT:-18095}
OUT=$(mktemp -d)
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }

# The worker-count flag was --queues before the event loop of issue 13.
workers_flag=--workers
grep -q -- --workers <<<"$("$ABACUS" serve --help 2>&1)" || workers_flag=--queues

serve() { # output-file seconds → requests answered (0 with no load)
    valgrind --tool=callgrind --callgrind-out-file="$1" "$ABACUS" serve --port "$PORT" --log-level warning \
        "$workers_flag" 1 >"$OUT/server.log" 2>&1 &
    local pid=$! requests=0
    for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data-binary "@$HERE/requests/estimate-405b.json" \
        "http://127.0.0.1:$PORT/v1/estimate"
    if [ "$2" != 0 ]; then
        requests=$(ABACUS_BODY="$HERE/requests/estimate-405b.json" ABACUS_WRK_DIR="$HERE/wrk" \
            wrk -t1 -c8 -d"$2"s -s "$HERE/wrk/estimate-hit.lua" "http://127.0.0.1:$PORT" \
            | sed -n 's/^{"requests":\([0-9]*\).*/\1/p')
    fi
    kill -TERM "$pid"
    wait "$pid" || true
    echo "$requests"
}

total() { sed -n 's/^summary: //p' "$1"; }

serve "$OUT/idle.out" 0 >/dev/null
requests=$(serve "$OUT/load.out" "$SECONDS_OF_LOAD")
echo "cache hit through the server: $(( ($(total "$OUT/load.out") - $(total "$OUT/idle.out")) / requests )) instructions per request ($requests requests)"

# Through the service alone: the harness run untimed, ITERATIONS times and not at all; the
# difference over ITERATIONS is one request's cost.
ITERATIONS=${ITERATIONS:-2000}
for filter in "cache hit, new bytes" "cache miss"; do
    for count in 0 "$ITERATIONS"; do
        valgrind --tool=callgrind --callgrind-out-file="$OUT/micro-$count.out" "$MICRO" --requests "$HERE/requests" \
            --filter "$filter" --iterations "$count" >/dev/null 2>&1
    done
    echo "$filter, through the service: $(( ($(total "$OUT/micro-$ITERATIONS.out") - $(total "$OUT/micro-0.out")) / ITERATIONS )) instructions per request"
done
rm -rf "$OUT"

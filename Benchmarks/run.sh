#!/usr/bin/env bash
# Benchmarks/run.sh — builds release binaries and, in one run, compares our server (`abacus serve`),
# the same EstimationService behind Hummingbird 2 (the reference transport), and nginx serving the
# cache-hit response bytes from a file (the ceiling on this machine); then measures memory per idle
# keep-alive connection and runs the estimator micro-benchmarks. See BENCHMARKS.md for the method.
#
# Usage: Benchmarks/run.sh            (from anywhere; about 9 minutes with the defaults)
# Tunables (environment): DURATION=10 WARMUP=3 ROUNDS=2 CONNECTIONS="1 64 256" IDLE_CONNECTIONS=10000
#   PIN=1 (server on SERVER_CPU, wrk and the idle client on CLIENT_CPU), SERVER_CPU=1 CLIENT_CPU=0,
#   THREADS (our workers, Hummingbird's event loops, nginx's workers; default 1 when pinned, else nproc),
#   SKIP_BUILD=1, SKIP_MICRO=1, SKIP_LOAD=1, SKIP_IDLE=1, RESULTS=<directory>,
#   PROFILE=1 (also `perf record` our server under the 64-connection hit load; needs perf).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-"1 64 256"}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-10000}
PIN=${PIN:-1}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
if [ "$PIN" = 1 ]; then THREADS=${THREADS:-1}; else THREADS=${THREADS:-$(nproc)}; fi
RESULTS=${RESULTS:-$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)}
OURS_PORT=18080
HUMMINGBIRD_PORT=18081
NGINX_PORT=18082
BODY=$HERE/requests/estimate-405b.json

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------
ensure_tools() {
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
    command -v curl >/dev/null || missing+=(curl)
    command -v python3 >/dev/null || missing+=(python3)
    command -v taskset >/dev/null || missing+=(util-linux)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

# 10,000 idle connections plus wrk's need far more descriptors than the usual 1024.
raise_file_limit() {
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    [ "$(ulimit -n)" -ge $((IDLE_CONNECTIONS + 256)) ] || die "ulimit -n is $(ulimit -n); need $((IDLE_CONNECTIONS + 256))"
}

# Command prefixes that pin to a CPU (taskset execs the command, so $! stays the server's PID).
pin_prefixes() {
    if [ "$PIN" = 1 ]; then
        ON_SERVER_CPU=(taskset -c "$SERVER_CPU")
        ON_CLIENT_CPU=(taskset -c "$CLIENT_CPU")
    else
        ON_SERVER_CPU=()
        ON_CLIENT_CPU=()
    fi
}

# --- build -------------------------------------------------------------------------------------
# All three from this package, so they share one release configuration; `abacus` is the root
# package's own executable product, built from the same sources as a plain `swift build -c release`.
build() {
    log "building release binaries"
    # SwiftPM keeps the build description of a path dependency (the root package) when files are
    # added to or removed from it; dropping it makes the build see the sources as they are now.
    rm -f "$HERE"/.build/*/release/description.json
    for product in abacus HummingbirdReference EstimatorBenchmarks; do
        (cd "$HERE" && swift build -c release --product "$product" >"$RESULTS/build-$product.log" 2>&1) \
            || { tail -30 "$RESULTS/build-$product.log" >&2; die "$product build failed"; }
    done
}

binaries() {
    local bin; bin=$(cd "$HERE" && swift build -c release --show-bin-path)
    ABACUS=$bin/abacus
    HUMMINGBIRD=$bin/HummingbirdReference
    MICRO=$bin/EstimatorBenchmarks
    for binary in "$ABACUS" "$HUMMINGBIRD" "$MICRO"; do [ -x "$binary" ] || die "missing $binary (run without SKIP_BUILD)"; done
}

# --- servers -----------------------------------------------------------------------------------
SERVER_PID=""

wait_until_serving() { # port
    for _ in $(seq 1 400); do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

port_of() { # ours|hummingbird|nginx
    case $1 in ours) echo $OURS_PORT ;; hummingbird) echo $HUMMINGBIRD_PORT ;; nginx) echo $NGINX_PORT ;; esac
}

start_server() { # ours|hummingbird|nginx
    local name=$1 port
    port=$(port_of "$name")
    # A leftover server on the port would answer in the new one's place.
    ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" || die "port $port is already in use"
    case $name in
        ours)
            # --log-level warning: no access-log line per request, as Hummingbird writes none.
            "${ON_SERVER_CPU[@]}" "$ABACUS" serve --host 127.0.0.1 --port "$port" --log-level warning \
                --backlog 4096 --max-connections 20000 --workers "$THREADS" >"$RESULTS/server-ours.log" 2>&1 &
            ;;
        hummingbird)
            "${ON_SERVER_CPU[@]}" "$HUMMINGBIRD" --host 127.0.0.1 --port "$port" --backlog 4096 --threads "$THREADS" \
                >"$RESULTS/server-hummingbird.log" 2>&1 &
            ;;
        nginx)
            "${ON_SERVER_CPU[@]}" "$NGINX" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" >"$RESULTS/server-nginx.log" 2>&1 &
            ;;
    esac
    SERVER_PID=$!
    wait_until_serving "$port" || { cat "$RESULTS/server-$name.log" >&2; die "$name did not start"; }
    SERVER_PORT=$port
}

stop_server() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# nginx serves the exact bytes our server answers the cache-hit request with.
prepare_nginx() {
    NGINX_DIR=$RESULTS/nginx
    mkdir -p "$NGINX_DIR/www/v1"
    start_server ours
    curl -s --fail -X POST -H 'Content-Type: application/json' --data-binary "@$BODY" \
        -o "$NGINX_DIR/www/v1/estimate" "http://127.0.0.1:$OURS_PORT/v1/estimate" || die "ours did not answer the estimate"
    stop_server
    sed -e "s|@DIR@|$NGINX_DIR|g" -e "s|@PORT@|$NGINX_PORT|g" -e "s|@WORKERS@|$THREADS|g" "$HERE/nginx/nginx.conf.template" >"$NGINX_DIR/nginx.conf"
    log "nginx serves $(wc -c <"$NGINX_DIR/www/v1/estimate") response bytes from $NGINX_DIR/www/v1/estimate"
}

# --- load --------------------------------------------------------------------------------------
wrk_run() { # seconds connections script [miss-start] → the report line
    local seconds=$1 connections=$2 script=$3 start=${4:-0}
    ABACUS_BODY=$BODY ABACUS_WRK_DIR=$HERE/wrk ABACUS_MISS_START=$start \
        "${ON_CLIENT_CPU[@]}" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s -s "$HERE/wrk/$script" \
        "http://127.0.0.1:$SERVER_PORT" | grep '^{"requests"'
}

# "hits misses" from the service's /metrics (both Swift servers run the same service), so the
# table can show that the hit workload hit and the miss workload missed; nginx has no cache.
cache_counts() { # server
    [ "$1" = nginx ] && { echo "0 0"; return; }
    curl -s --max-time 2 "http://127.0.0.1:$SERVER_PORT/metrics" | awk '
        $1 == "abacus_cache_hits_total" { hits = $2 }
        $1 == "abacus_cache_misses_total" { misses = $2 }
        END { printf "%d %d\n", hits, misses }'
}

measure_load() { # round workload connections server
    local round=$1 workload=$2 connections=$3 server=$4 warm start=0 line
    start_server "$server"
    warm=$(wrk_run "$WARMUP" "$connections" "estimate-$workload.lua")
    # Misses: go on with the cycle where the warm-up left it (plus what was still in flight), so
    # the measured run meets no spec the warm-up put in the cache.
    [ "$workload" = miss ] && start=$(($(sed -E 's/.*"requests":([0-9]+).*/\1/' <<<"$warm") + connections))
    local before after rss
    before=$(cache_counts "$server")
    line=$(wrk_run "$DURATION" "$connections" "estimate-$workload.lua" "$start")
    after=$(cache_counts "$server")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status")
    stop_server
    printf '{"round":%d,"workload":"%s","connections":%d,"server":"%s","rss_kib":%d,"cache_hits":%d,"cache_misses":%d,%s\n' \
        "$round" "$workload" "$connections" "$server" "$rss" \
        $((${after% *} - ${before% *})) $((${after#* } - ${before#* })) "${line#\{}" >>"$RESULTS/load.jsonl"
    log "round $round $workload c=$connections $server: $line"
}

run_load() {
    prepare_nginx
    : >"$RESULTS/load.jsonl"
    for round in $(seq 1 "$ROUNDS"); do
        for workload in hit miss; do
            for connections in $CONNECTIONS; do
                # The servers take turns for every cell, so drift in the machine hits all alike.
                for server in ours hummingbird nginx; do
                    [ "$workload" = miss ] && [ "$server" = nginx ] && continue # nginx cannot compute
                    measure_load "$round" "$workload" "$connections" "$server"
                done
            done
        done
    done
}

# --- idle connections --------------------------------------------------------------------------
run_idle() {
    : >"$RESULTS/idle.jsonl"
    for server in ours hummingbird; do
        start_server "$server"
        local line
        line=$("${ON_CLIENT_CPU[@]}" python3 "$HERE/idle/idle_connections.py" --port "$SERVER_PORT" --pid "$SERVER_PID" \
            --connections "$IDLE_CONNECTIONS" --body "$BODY") || die "idle measurement failed for $server"
        stop_server
        printf '{"server":"%s",%s\n' "$server" "${line#\{}" >>"$RESULTS/idle.jsonl"
        log "idle $server: $line"
    done
}

# --- profile -----------------------------------------------------------------------------------
# Where our server's time goes under the 64-connection hit load: perf samples of its process while
# wrk runs, folded into inclusive (children) percentages per function.
run_profile() {
    command -v perf >/dev/null || { log "perf not found; skipping the profile"; return; }
    start_server ours
    wrk_run "$WARMUP" 64 estimate-hit.lua >/dev/null
    wrk_run $((DURATION + 2)) 64 estimate-hit.lua >"$RESULTS/profile-wrk.json" &
    local wrk_pid=$!
    sleep 1
    perf record -F 1999 -g -p "$SERVER_PID" -o "$RESULTS/perf-ours-hit.data" -- sleep "$DURATION" 2>/dev/null
    wait "$wrk_pid" || true
    stop_server
    perf report -i "$RESULTS/perf-ours-hit.data" --children --sort symbol -g none 2>/dev/null \
        | grep -v '^#' | grep '%' | head -80 | swift demangle --simplified >"$RESULTS/profile-ours-hit.txt"
    log "profile of ours under hits at 64 connections: $RESULTS/profile-ours-hit.txt"
}

# --- machine -----------------------------------------------------------------------------------
describe_machine() {
    {
        echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc)"
        echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
        echo "kernel: $(uname -r)"
        echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "swift: $(swift --version 2>&1 | head -1)"
        echo "wrk: $(wrk -v 2>&1 | head -1)"
        echo "nginx: $("$NGINX" -v 2>&1)"
        echo "pinning: $([ "$PIN" = 1 ] && echo "servers on CPU $SERVER_CPU, wrk and the idle client on CPU $CLIENT_CPU" || echo none); server threads: $THREADS (our workers, Hummingbird event loops, nginx workers)"
        echo "runs: ${ROUNDS} rounds, ${WARMUP} s warm-up + ${DURATION} s measured, wrk -t1, connections: $CONNECTIONS"
    } >"$RESULTS/machine.txt"
    cat "$RESULTS/machine.txt" >&2
}

# Every 10 s while measuring: the CPU (in % of one core, from top's second sample) used by
# processes other than the benchmark's own (servers, wrk, the idle client, top itself), and the
# steal over those 10 s (% of all CPUs' time the hypervisor gave to other guests, from /proc/stat).
# The load average cannot tell either: the benchmark alone keeps it near 2.
LOAD_SAMPLER=""
cpu_times() { awk '$1 == "cpu" { total = 0; for (i = 2; i <= NF; i++) total += $i; print total, $9 }' /proc/stat; }
sample_load() {
    local before after
    before=$(cpu_times)
    while sleep 10; do
        after=$(cpu_times)
        top -b -n2 -d0.5 -w 200 | awk -v time="$(date -u +%H:%M:%S)" -v before="$before" -v after="$after" '
            /^top -/ { block++ }
            block == 2 && $1 ~ /^[0-9]+$/ && $12 !~ /^(abacus|HummingbirdRefe|nginx|wrk|python3|top)$/ { other += $9 }
            END {
                split(before, b, " "); split(after, a, " ")
                printf "%s %.0f %.0f\n", time, other, (a[1] > b[1] ? 100 * (a[2] - b[2]) / (a[1] - b[1]) : 0)
            }'
        before=$after
    done >"$RESULTS/load-samples.txt" &
    LOAD_SAMPLER=$!
}

cleanup() {
    stop_server
    [ -z "$LOAD_SAMPLER" ] || kill "$LOAD_SAMPLER" 2>/dev/null || true
}
trap cleanup EXIT

main() {
    mkdir -p "$RESULTS"
    ensure_tools
    raise_file_limit
    pin_prefixes
    [ "${SKIP_BUILD:-0}" = 1 ] || build
    binaries
    describe_machine
    sample_load
    if [ "${SKIP_MICRO:-0}" != 1 ]; then
        log "micro-benchmarks"
        "${ON_SERVER_CPU[@]}" "$MICRO" --requests "$HERE/requests" | tee "$RESULTS/micro.md" >&2
    fi
    [ "${SKIP_LOAD:-0}" = 1 ] || run_load
    [ "${SKIP_IDLE:-0}" = 1 ] || run_idle
    [ "${PROFILE:-0}" != 1 ] || run_profile
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/machine.txt"
    for column in 2 3; do
        local what="other processes' CPU while measuring, % of one core every 10 s"
        [ "$column" = 3 ] && what="steal while measuring, % of all CPUs' time every 10 s"
        echo "$what: $(awk -v c="$column" '{print $c}' "$RESULTS/load-samples.txt" | sort -n | awk '{a[NR]=$1} END {if (NR) printf "median %s, max %s (%d samples)", a[int((NR+1)/2)], a[NR], NR; else printf "no samples"}')" >>"$RESULTS/machine.txt"
    done
    python3 "$HERE/summarise.py" "$RESULTS" | tee "$RESULTS/summary.md"
    log "results in $RESULTS"
}

main "$@"

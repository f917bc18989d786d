#!/usr/bin/env bash
# Builds the HTTP parser's and connection state machine's libFuzzer target and runs it for a
# bounded time.
#   Fuzz/run-fuzzer.sh [seconds]   (default 60)
# Exits non-zero if the fuzzer finds a crash, a leak, a timeout or an out-of-memory input; the
# reproducer is left in .build/fuzz/artifacts/.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# HTTPCore is pure (the standard library only), so its files compile on their own beside the target.
sources=(Sources/HTTPCore/*.swift)

out=.build/fuzz
mkdir -p "$out/artifacts" "$out/corpus"
swiftc -sanitize=fuzzer,address -parse-as-library -O -swift-version 6 \
    "${sources[@]}" Fuzz/HTTPParserFuzz/main.swift -o "$out/http-parser" 2>&1 \
    | grep -v "Cannot export local symbol" || true
test -x "$out/http-parser"

# A failing check must end in libFuzzer's crash report, not in Swift's interactive backtracer.
export SWIFT_BACKTRACE=enable=no

# New inputs go to the scratch corpus in .build; the checked-in seeds are read only.
"$out/http-parser" "$out/corpus" Fuzz/HTTPParserFuzz/corpus \
    -dict=Fuzz/HTTPParserFuzz/http.dict \
    -max_total_time="$seconds" -max_len=2048 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/artifacts/" -print_final_stats=1

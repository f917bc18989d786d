#!/usr/bin/env bash
# Builds the ONNX reader's libFuzzer target (Fuzz/ONNXImportFuzz) and runs it for a bounded time.
#   Fuzz/run-onnx-fuzzer.sh [seconds]   (default 60)
# Seeds (read only): small graphs of every op and fusion the reader knows (Fuzz/ONNXImportFuzz/corpus,
# made by make_seeds.py there) and the torchvision exports of Tests/ONNXReference/models.
# Exits non-zero if the fuzzer finds a crash, a failed check, a leak, a timeout or an
# out-of-memory input; the reproducer is left in .build/fuzz-onnx/artifacts/.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

out=.build/fuzz-onnx
mkdir -p "$out/artifacts"
# lld: gold fails with an internal error on the sanitized objects.
swift build -c release --package-path Fuzz/ONNXImportFuzz --scratch-path "$out/build" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | grep -v "Cannot export local symbol" | tail -3
binary="$out/build/release/ONNXImportFuzz"
test -x "$binary"

# A failing check must end in libFuzzer's crash report, not in Swift's interactive backtracer.
export SWIFT_BACKTRACE=enable=no

# Two phases, new inputs going to scratch corpora in .build (the checked-in seeds are read only):
# three quarters of the time on small graphs (up to 4 KiB: thousands of inputs a second, so
# mutations reach every op's checks), the rest on the exports (tens a second: real graphs' sizes).
fuzz() {  # corpus max_len seconds seeds…
    local corpus="$out/$1" max_len="$2" time="$3"
    shift 3
    mkdir -p "$corpus"
    "$binary" "$corpus" "$@" \
        -dict=Fuzz/ONNXImportFuzz/onnx.dict \
        -max_total_time="$time" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$out/artifacts/" -print_final_stats=1
}
small=$(( seconds * 3 / 4 ))
fuzz corpus-small 4096 "$(( small > 0 ? small : 1 ))" Fuzz/ONNXImportFuzz/corpus
fuzz corpus-exports 524288 "$(( seconds - small > 0 ? seconds - small : 1 ))" Tests/ONNXReference/models Fuzz/ONNXImportFuzz/corpus

#!/bin/sh
# Regenerates Sources/ONNXImport/Generated/onnx.pb.swift, the ONNX message types, from onnx's own
# onnx.proto. The output is committed: building swift-protobuf's plugin takes minutes, so CI and
# builds never run this. Rerun it when moving to another onnx or swift-protobuf release.
#
#   Scripts/generate-onnx-protobuf.sh PATH/TO/onnx.proto ONNX_VERSION [SWIFT_PROTOBUF_SOURCE]
#
# onnx.proto: from the onnx wheel (site-packages/onnx/onnx.proto), ONNX_VERSION the wheel's (1.23.2).
# protoc: Debian's protobuf-compiler (apt-get install protobuf-compiler).
# protoc-gen-swift: built from apple/swift-protobuf at the version Package.swift names (1.39.0),
# cloned into a scratch directory outside the repository (a git URL or path, default GitHub's).
set -eu
proto="$1"
onnx_version="$2"
source="${3:-https://github.com/apple/swift-protobuf}"
version=1.39.0
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

git -c advice.detachedHead=false clone --quiet --branch "$version" --depth 1 "$source" "$scratch/swift-protobuf"
(cd "$scratch/swift-protobuf" && swift build -c release --product protoc-gen-swift >/dev/null)
cp "$proto" "$scratch/onnx.proto"
mkdir "$scratch/out"
(cd "$scratch" && protoc --plugin=protoc-gen-swift="$scratch/swift-protobuf/.build/release/protoc-gen-swift" \
    --swift_out=out --swift_opt=Visibility=Internal onnx.proto)

output="$root/Sources/ONNXImport/Generated/onnx.pb.swift"
{
    echo "// Generated once from onnx $onnx_version's onnx.proto (sha256 $(sha256sum "$proto" | cut -d' ' -f1))"
    echo "// by protoc $(protoc --version | cut -d' ' -f2) and protoc-gen-swift $version, with internal visibility."
    echo "// Regenerate with Scripts/generate-onnx-protobuf.sh (docs/onnx.md); never edit by hand."
    echo
    cat "$scratch/out/onnx.pb.swift"
} > "$output"
echo "$output"

#!/bin/sh
# Regenerates the example charts of docs/charts.md: one SVG per chart in docs/images/, drawn by the
# chart-examples tool from the estimator's own numbers and from H200 measurements, and the PNG the
# README shows. Needs rsvg-convert for the PNG (apt-get install librsvg2-bin).
# Run from anywhere: Scripts/render-chart-examples.sh
set -eu
cd "$(dirname "$0")/.."
swift run chart-examples docs/images
if ! command -v rsvg-convert >/dev/null 2>&1; then
    echo "rsvg-convert not found (apt-get install librsvg2-bin): the PNG was not regenerated" >&2
    exit 1
fi
rsvg-convert --zoom 1.5 docs/images/memory-breakdown.svg -o docs/images/memory-breakdown.png
echo docs/images/memory-breakdown.png

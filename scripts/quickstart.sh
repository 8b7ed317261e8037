#!/usr/bin/env bash
# `npm run quickstart`: installs SUMO when it is missing, builds, and runs a short real comparison
# (IDM, ISAC, RSM-MASAC on figure8, 2 seeds) that writes CSVs and a PNG figure under results/quickstart-sweep-smoke/.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v sumo >/dev/null 2>&1 || ! command -v netconvert >/dev/null 2>&1; then
  echo "SUMO not found: installing it with apt-get (sumo sumo-tools)…"
  as_root apt-get update
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y sumo sumo-tools
fi

# Optional: OpenBLAS lets cavlab build its native matrix-product addon (about 2× faster SAC updates than pure
# wasm); without it everything still runs.
if ! pkg-config --exists openblas 2>/dev/null; then
  echo "OpenBLAS not found: installing libopenblas-dev with apt-get (optional; training is faster with it)…"
  { as_root apt-get update && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y libopenblas-dev pkg-config; } \
    || echo "OpenBLAS not installed: continuing on pure wasm"
fi
[ -f native/blas/build/Release/cavlab_blas.node ] || node scripts/build-native.mjs

echo "Building…"
npm run build --silent
cavlab() { node dist/src/cli/main.js "$@"; }
cavlab sumo check

echo "Comparing IDM, independent SAC and RSM-MASAC on Figure 8 (2 seeds, 5 short episodes each; experiments/quickstart-sweep.json)…"
# A second quickstart skips finished runs and resumes interrupted ones: nothing written before is lost.
index=$(cavlab sweep quickstart-sweep --budget smoke)
figure=$(cavlab plot quickstart-sweep --budget smoke)
echo "CSV:    $(dirname "$index")/<run>/episodes.csv (index of runs: $index)"
echo "Figure: $figure"
echo "Next (README, \"Your first hour\"): cavlab eval / export / plot on these runs."
if command -v cavlab >/dev/null 2>&1; then
  echo "cavlab is on your PATH ($(command -v cavlab))."
else
  echo "cavlab is not on your PATH yet: run 'npm link' in this folder once, or type 'npx cavlab …' here."
fi

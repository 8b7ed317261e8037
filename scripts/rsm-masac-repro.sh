#!/usr/bin/env bash
# The RSM-MASAC reproduction runs of docs/reproduction/rsm-masac.md, one after the other (--jobs 1 in spirit: one
# run at a time), in this order: Figure 8 (Fig. 5/6) IDM, ISAC, Avg-MASAC, RSM-MASAC for seed 0, then seed 1, …;
# then Merge Table V's Avg-MASAC and RSM-MASAC at the full 260 epochs; then Merge ISAC and IDM.
# Every run resumes: a finished run is skipped, an interrupted one continues after its last finished episode.
#
#   scripts/rsm-masac-repro.sh [results root, default results]       # normally: nohup … > results/repro.log 2>&1 &
#
# Env: CAVLAB (command to run, default "node dist/src/cli/main.js"), SEEDS (default "0 1 2"),
# FIG8_EPOCHS (default 30; the paper's budget is 310), FIG8_ALGOS, MERGE_ALGOS, MERGE_EXTRA_ALGOS.
set -u
OUT="${1:-results}"
CAVLAB="${CAVLAB:-node dist/src/cli/main.js}"
SEEDS="${SEEDS:-0 1 2}"
FIG8_EPOCHS="${FIG8_EPOCHS:-30}"
FIG8_ALGOS="${FIG8_ALGOS:-idm isac avg-masac rsm-masac}"
MERGE_ALGOS="${MERGE_ALGOS:-avg-masac rsm-masac}"
MERGE_EXTRA_ALGOS="${MERGE_EXTRA_ALGOS:-isac idm}"

# run <experiment file> <experiment name> <seed> [extra args…]: resumes when the run folder exists.
run() {
  local file="$1" name="$2" seed="$3"
  shift 3
  local algo scenario dir
  algo=$(sed -n 's/.*"algo": *"\([^"]*\)".*/\1/p' "$file")
  scenario=$(sed -n 's/.*"scenario": *"\([^"]*\)".*/\1/p' "$file")
  dir="$OUT/$name/${algo}__${scenario}__seed${seed}"
  local resume=()
  [ -f "$dir/manifest.json" ] && resume=(--resume)
  echo "=== $(date -u +%FT%TZ) $name $algo seed $seed ${resume[*]}"
  $CAVLAB run "$file" --seed "$seed" --name "$name" --out "$OUT" "${resume[@]}" "$@" || echo "!!! $name $algo seed $seed failed (exit $?)"
}

for seed in $SEEDS; do
  for algo in $FIG8_ALGOS; do
    run "experiments/rsm-masac/figure8-$algo.json" rsm-masac-repro-figure8 "$seed" --episodes "$FIG8_EPOCHS"
  done
done
for algos in "$MERGE_ALGOS" "$MERGE_EXTRA_ALGOS"; do
  for seed in $SEEDS; do
    for algo in $algos; do
      run "experiments/rsm-masac/merge-$algo.json" rsm-masac-repro-merge "$seed"
    done
  done
done
echo "=== $(date -u +%FT%TZ) all done"

#!/usr/bin/env bash
# Design-year speed: every design of scenarios/cooling/ over each shipped climate; prints the wall time of each
# 8760-hour facility run (the IT profile is simulated once per climate beforehand, not timed here).
# Usage: bench/facility_year.sh [build dir]   (issue bound: <= 0.5 s per design-year)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${1:-build}/dcsim"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
for epw in data/weather/*.epw; do
  "$BIN" compare scenarios/cooling/all.yaml -q -o "$OUT/c" --set "site.weather.file=$PWD/$epw" > /dev/null
  echo "== $(basename "$epw" .epw)"
  awk -F, 'NR > 1 { printf "  %-20s %8.4f s\n", $1, $NF; if ($NF > max) max = $NF } END { printf "  max %.4f s per design-year\n", max }' "$OUT/c/compare.csv"
done

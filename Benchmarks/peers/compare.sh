#!/usr/bin/env bash
# Runs the `storage` suite of Parcours (with SQLite in the same process) and DuckDB on the same
# generated file, and prints both tables. Usage: Benchmarks/peers/compare.sh [ROWS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-1000000}"
runs="${2:-5}"
out="${BENCH_OUT:-.build-bench}"
mkdir -p "$out"
./scripts/install-deps
swift build -c release --product parcours
python3 -c "import duckdb" 2>/dev/null || python3 -m pip install -q duckdb
csv="$out/files-$rows/pathways.csv"
if [ ! -f "$csv" ]; then
  .build/release/parcours generate --rows "$rows" --seed 1 --out "$out/files-$rows" --no-raw
fi
.build/release/parcours bench storage --rows "$rows" --runs "$runs" --seed 1 --json "$out/parcours-storage-$rows.json"
python3 Benchmarks/peers/duckdb_peer.py --csv "$csv" --rows "$rows" --runs "$runs" --json "$out/duckdb-storage-$rows.json"

#!/usr/bin/env bash
# Runs a Parcours suite and its peers on the same generated files, and prints the tables of
# Benchmarks/RESULTS.md. Usage: Benchmarks/peers/compare.sh SUITE [ROWS] [RUNS]
#   storage: Parcours (SQLite in the same process) and DuckDB: append, column scans, bytes/row.
#   ingest:  Parcours loading the harmonised CSV (1 thread, all cores) and the raw certifier files,
#            DuckDB (persistent database), Polars and DataFusion (Parquet+zstd) loading the same CSV.
#   query:   the SQL files of Benchmarks/queries on Parcours (1 thread, all cores; SQLite in process
#            beside it) and on DuckDB (1 thread, all cores) over the same generated pathways.
#   export:  COPY pathways TO a Parquet (zstd) and a CSV file, Parcours and DuckDB on the same rows
#            (1 thread, all cores); outputs checked equal first (Benchmarks/peers/export_peers.py).
#   indicators: the whole annual indicator set (Sources/Indicators/SQL) on Parcours and on DuckDB
#            (the same SQL files, run by `parcours bench indicators` in the same run).
set -euo pipefail
cd "$(dirname "$0")/../.."
suite="${1:?usage: compare.sh storage|ingest|query|indicators|export [ROWS] [RUNS]}"
rows="${2:-1000000}"
runs="${3:-5}"
out="${BENCH_OUT:-.build-bench}"
mkdir -p "$out"
./scripts/install-deps
swift build -c release --product parcours

# The generated harmonised rows ($files/pathways.csv) and a store holding them ($store), made once per size.
harmonised_store() {
  files="$out/files-$rows"
  if [ ! -f "$files/pathways.csv" ]; then
    .build/release/parcours generate --rows "$rows" --seed 1 --out "$files" --no-raw
  fi
  store="$out/query-store-$rows"
  if [ ! -d "$store" ]; then
    .build/release/parcours ingest "$store" "$files/pathways.csv"
  fi
}

case "$suite" in
  storage)
    python3 -c "import duckdb" 2>/dev/null || python3 -m pip install -q duckdb
    csv="$out/files-$rows/pathways.csv"
    if [ ! -f "$csv" ]; then
      .build/release/parcours generate --rows "$rows" --seed 1 --out "$out/files-$rows" --no-raw
    fi
    .build/release/parcours bench storage --rows "$rows" --runs "$runs" --seed 1 --json "$out/parcours-storage-$rows.json"
    python3 Benchmarks/peers/duckdb_peer.py --csv "$csv" --rows "$rows" --runs "$runs" --json "$out/duckdb-storage-$rows.json"
    ;;
  ingest)
    files="$out/files-raw-$rows"
    if [ ! -f "$files/raw/travail.csv" ]; then
      .build/release/parcours generate --rows "$rows" --seed 1 --out "$files"
    fi
    .build/release/parcours bench ingest --files "$files" --runs "$runs" --json "$out/parcours-ingest-$rows.json"
    python3 Benchmarks/peers/ingest_peers.py --csv "$files/pathways.csv" --rows "$rows" --runs "$runs" \
      --json "$out/peers-ingest-$rows.json"
    ;;
  query)
    harmonised_store
    .build/release/parcours bench query --store "$store" --runs "$runs" --json "$out/parcours-query-$rows.json"
    python3 Benchmarks/peers/query_peers.py --csv "$files/pathways.csv" --queries Benchmarks/queries --runs "$runs" \
      --workdir "$out" --no-sqlite --json "$out/peers-query-$rows.json"
    ;;
  indicators)
    harmonised_store
    mkdir -p "$out/duckdb-indicators-$rows"
    .build/release/parcours bench indicators --store "$store" --csv "$files/pathways.csv" --runs "$runs" \
      --duckdb-dir "$out/duckdb-indicators-$rows" --json "$out/parcours-indicators-$rows.json"
    exit 0  # bench indicators prints the comparison table itself
    ;;
  export)
    harmonised_store
    python3 Benchmarks/peers/export_peers.py --store "$store" --parcours .build/release/parcours --workdir "$out/export-$rows" \
      --runs "$runs" --json "$out/export-$rows.json"
    exit 0  # export_peers.py prints the comparison table itself
    ;;
  *) echo "unknown suite $suite (storage, ingest, query, indicators or export)" >&2; exit 2 ;;
esac
python3 Benchmarks/peers/tables.py "$suite" "$out" "$rows"

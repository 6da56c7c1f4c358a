#!/usr/bin/env python3
"""DuckDB running the indicator set's SQL files (Sources/Indicators/SQL) over the same rows.

Loads the harmonised CSV into a persistent DuckDB database (kept in --workdir, with the types of
Parcours's store, as query_peers.py does), then runs every family's SQL file with $year bound:
--results writes each family's rows as JSON (the indicator tests compare them with Parcours's);
--runs N times the whole annual set (one warm-up, then N runs: median / min / max), on one thread
and on all cores, into --json.

    python3 Benchmarks/peers/indicator_peers.py --csv pathways.csv --sql Sources/Indicators/SQL --year 2025 --runs 5 --json peers-indicators.json
"""
import argparse, json, os, subprocess, sys

try:
    import duckdb
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "duckdb"])
    import duckdb

from query_peers import duckdb_table
from duckdb_peer import timed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True)
    parser.add_argument("--sql", required=True)
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--database", default="indicators.duckdb")
    parser.add_argument("--results")
    parser.add_argument("--runs", type=int, default=0)
    parser.add_argument("--json")
    args = parser.parse_args()
    workdir = args.workdir or os.path.dirname(os.path.abspath(args.csv))
    path = os.path.join(workdir, args.database)
    duckdb_table(args.csv, path)
    con = duckdb.connect(path, read_only=True)
    families = [(name, open(os.path.join(args.sql, name)).read())
                for name in sorted(os.listdir(args.sql)) if name.endswith(".sql")]
    parameters = {"year": args.year}

    if args.results:
        results = {}
        for name, sql in families:
            cursor = con.execute(sql, parameters)
            columns = [d[0] for d in cursor.description]
            results[name] = {"columns": columns, "rows": [list(row) for row in cursor.fetchall()]}
        with open(args.results, "w") as handle:
            json.dump(results, handle)

    if args.runs:
        cases = []
        for threads in (1, os.cpu_count()):
            con.execute(f"SET threads={threads}")
            timing = timed(lambda: [con.execute(sql, parameters).fetchall() for _, sql in families], args.runs)
            cases.append({"engine": "DuckDB", "threads": threads, **timing})
            print(f"DuckDB {threads}t annual set {args.year}: {timing['median'] * 1000:.1f} ms", flush=True)
        if args.json:
            with open(args.json, "w") as handle:
                json.dump({"duckdb_version": duckdb.__version__, "year": args.year, "cases": cases}, handle, indent=1)


if __name__ == "__main__":
    main()

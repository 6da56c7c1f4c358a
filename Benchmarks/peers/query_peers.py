#!/usr/bin/env python3
"""DuckDB and SQLite beside Parcours on the query suite: the same SQL files over the same rows.

Loads the harmonised CSV once into a persistent DuckDB database and a SQLite file (kept in
--workdir for later runs), then runs each query of --queries: one warm-up, then --runs timed runs
(median / min / max), DuckDB on one thread and on all cores, SQLite (one thread, in this process).

Types match Parcours's store: candidate_id as the 64-bit integer of its 16 hex digits, admissible
as BOOLEAN ('Y'/'N'), dates as DATE (SQLite: day numbers since 1970-01-01, its fastest form).
SQLite has no year(), median() or quantile_cont(): year() becomes a native strftime expression,
the quantiles are Python aggregates (marked in the output).

    python3 Benchmarks/peers/query_peers.py --csv pathways.csv --queries Benchmarks/queries --json peers-query.json
"""
import argparse, datetime, json, os, re, sqlite3, subprocess, sys

try:
    import duckdb
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "duckdb"])
    import duckdb

from schema import COLUMNS
from duckdb_peer import timed

EPOCH = datetime.date(1970, 1, 1)


def duckdb_table(csv, path):
    if os.path.exists(path):
        return
    types = "{" + ", ".join(f"'{n}': '{t}'" for n, t in COLUMNS) + "}"
    columns = []
    for name, kind in COLUMNS:
        if name == "candidate_id":
            columns.append("CAST(('0x' || candidate_id) AS UBIGINT) AS candidate_id")
        elif name == "admissible":
            columns.append("CASE admissible WHEN 'Y' THEN true WHEN 'N' THEN false END AS admissible")
        else:
            columns.append(name)
    con = duckdb.connect(path)
    con.execute(f"CREATE TABLE pathways AS SELECT {', '.join(columns)} FROM read_csv('{csv}', header=true, columns={types})")
    con.execute("CHECKPOINT")
    con.close()


def days(text):
    return (datetime.date.fromisoformat(text) - EPOCH).days if text else None


def sqlite_table(csv, path):
    if os.path.exists(path):
        return
    import csv as csvmodule
    con = sqlite3.connect(path + ".tmp")
    date_columns = {n for n, t in COLUMNS if t == "DATE"}
    kinds = {"BIGINT": "INTEGER", "TINYINT": "INTEGER", "SMALLINT": "INTEGER", "DATE": "INTEGER", "VARCHAR": "TEXT"}
    ddl = ", ".join(f"{n} {'INTEGER' if n in ('candidate_id', 'admissible') else kinds[t]}" for n, t in COLUMNS)
    con.execute(f"CREATE TABLE pathways ({ddl})")
    names = [n for n, _ in COLUMNS]

    def convert(row):
        out = []
        for name, value in zip(names, row):
            if value == "":
                out.append(None)
            elif name in date_columns:
                out.append(days(value))
            elif name == "candidate_id":
                number = int(value, 16)
                out.append(number - (1 << 64) if number >= 1 << 63 else number)
            elif name == "admissible":
                out.append(1 if value == "Y" else 0)
            elif name in ("pathway_id", "level", "birth_year"):
                out.append(int(value))
            else:
                out.append(value)
        return out

    with open(csv, newline="") as handle:
        reader = csvmodule.reader(handle)
        next(reader)
        batch = []
        for row in reader:
            batch.append(convert(row))
            if len(batch) == 100_000:
                con.executemany(f"INSERT INTO pathways VALUES ({', '.join('?' * len(names))})", batch)
                batch = []
        if batch:
            con.executemany(f"INSERT INTO pathways VALUES ({', '.join('?' * len(names))})", batch)
    con.commit()
    con.close()
    os.rename(path + ".tmp", path)


class Quantile:
    """quantile_cont / median as a SQLite aggregate (SQLite has none)."""

    def __init__(self):
        self.values, self.fraction = [], 0.5

    def step(self, value, fraction=0.5):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        if not self.values:
            return None
        v = sorted(self.values)
        position = (len(v) - 1) * self.fraction
        low, high = int(position), min(int(position) + 1, len(v) - 1)
        return v[low] + (v[high] - v[low]) * (position - low)


def sqlite_dialect(sql):
    sql = re.sub(r"DATE\s*'(\d{4}-\d{2}-\d{2})'", lambda m: str(days(m.group(1))), sql)
    return re.sub(r"year\(([a-z_]+)\)", r"CAST(strftime('%Y', \1 * 86400, 'unixepoch') AS INTEGER)", sql)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--csv", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", default=None)
    parser.add_argument("--json")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    workdir = args.workdir or os.path.dirname(os.path.abspath(args.csv))
    queries = sorted(f for f in os.listdir(args.queries) if f.endswith(".sql"))
    results = {"duckdb_version": duckdb.__version__, "sqlite_version": sqlite3.sqlite_version, "cases": []}

    duck_path = os.path.join(workdir, "query.duckdb")
    duckdb_table(args.csv, duck_path)
    con = duckdb.connect(duck_path, read_only=True)
    cores = os.cpu_count()
    for name in queries:
        sql = open(os.path.join(args.queries, name)).read()
        for threads in (1, cores):
            con.execute(f"SET threads={threads}")
            timing = timed(lambda: con.execute(sql).fetchall(), args.runs)
            results["cases"].append({"engine": "DuckDB", "query": name, "threads": threads, **timing})
            print(f"DuckDB {threads}t {name}: {timing['median'] * 1000:.1f} ms", flush=True)
    con.close()

    if not args.no_sqlite:
        lite_path = os.path.join(workdir, "query.sqlite")
        sqlite_table(args.csv, lite_path)
        lite = sqlite3.connect(lite_path)
        lite.create_aggregate("quantile_cont", 2, Quantile)
        lite.create_aggregate("median", 1, Quantile)
        for name in queries:
            sql = sqlite_dialect(open(os.path.join(args.queries, name)).read())
            timing = timed(lambda: lite.execute(sql).fetchall(), max(1, min(args.runs, 3)))
            udf = "quantile" in sql or "median" in sql
            results["cases"].append({"engine": "SQLite", "query": name, "threads": 1, "python_udf": udf, **timing})
            print(f"SQLite {name}: {timing['median'] * 1000:.1f} ms{' (Python UDF)' if udf else ''}", flush=True)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()

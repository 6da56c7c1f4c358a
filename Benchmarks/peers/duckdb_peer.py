#!/usr/bin/env python3
"""DuckDB beside Parcours: the same ingest and the same SQL on the same generated files.

Runs each case single-threaded and with all cores, one warm-up then --runs timed runs, and prints
(and writes with --json) median / min / max per case. Installs duckdb from PyPI when missing.

    python3 Benchmarks/peers/duckdb_peer.py --csv demo/files/pathways.csv --rows 1000000 --json duckdb.json
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

try:
    import duckdb
except ImportError:
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", "duckdb"])
    import duckdb

from schema import COLUMNS

# The columns the `storage` suite scans one by one (same list as Parcours's StorageSuite).
SCANNED = ["pathway_id", "candidate_id", "level", "birth_year", "application_date", "jury_date", "admissible",
           "certifier", "certification_code"]


def aggregate(name, kind):
    # DuckDB answers count(x), min(x) and max(x) from its statistics without reading a value, so the
    # aggregate must touch every value: a sum, of lengths for strings and of day numbers for dates.
    if kind == "VARCHAR":
        return f"sum(length({name}))"
    if kind == "DATE":
        return f"sum({name} - DATE '1970-01-01')"
    return f"sum({name})"


def timed(work, runs):
    work()  # warm-up
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds), "seconds": seconds}


def run(csv, rows, runs, threads, workdir):
    results = []
    schema = ", ".join(f"{n} {t}" for n, t in COLUMNS)
    types = "{" + ", ".join(f"'{n}': '{t}'" for n, t in COLUMNS) + "}"
    db_path = os.path.join(workdir, f"ingest-{threads}.duckdb")

    def ingest():
        if os.path.exists(db_path):
            os.remove(db_path)
        con = duckdb.connect(db_path)
        con.execute(f"SET threads={threads}")
        con.execute(f"CREATE TABLE pathways ({schema})")
        con.execute(f"INSERT INTO pathways SELECT * FROM read_csv('{csv}', header=true, columns={types})")
        con.execute("CHECKPOINT")
        con.close()

    timing = timed(ingest, runs)
    size = os.path.getsize(db_path)
    results.append({"case": "ingest harmonised CSV", "rows": rows, "threads": threads, **timing,
                    "bytes_per_row": size / rows})

    con = duckdb.connect(db_path)
    con.execute(f"SET threads={threads}")
    parquet = os.path.join(workdir, "pathways.parquet")
    con.execute(f"COPY pathways TO '{parquet}' (FORMAT parquet, COMPRESSION zstd)")
    results.append({"case": "parquet+zstd size", "rows": rows, "threads": threads, "median": 0, "min": 0, "max": 0,
                    "bytes_per_row": os.path.getsize(parquet) / rows})
    kinds = dict(COLUMNS)
    for name in SCANNED:
        sql = f"SELECT {aggregate(name, kinds[name])} FROM pathways"
        results.append({"case": f"scan {name}", "rows": rows, "threads": threads, "sql": sql,
                        **timed(lambda: con.execute(sql).fetchall(), runs)})
    everything = ", ".join(aggregate(n, t) for n, t in COLUMNS)
    sql = f"SELECT {everything} FROM pathways"
    results.append({"case": f"scan all {len(COLUMNS)} columns", "rows": rows, "threads": threads, "sql": sql,
                    **timed(lambda: con.execute(sql).fetchall(), runs)})
    con.close()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", required=True, help="harmonised CSV written by `parcours generate`")
    parser.add_argument("--rows", type=int, required=True, help="rows in the file (for bytes/row)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    csv = os.path.abspath(args.csv)
    workdir = tempfile.mkdtemp(prefix="parcours-duckdb-")
    try:
        results = []
        for threads in sorted({1, os.cpu_count() or 1}):
            results += run(csv, args.rows, args.runs, threads, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"duckdb {duckdb.__version__}, {os.cpu_count()} cores, {args.rows} rows, {args.runs} runs")
    print(f"{'case':32} {'threads':>7} {'median':>10} {'min':>10} {'max':>10} {'B/row':>8}")
    for r in results:
        size = f"{r['bytes_per_row']:.2f}" if "bytes_per_row" in r else ""
        print(f"{r['case']:32} {r['threads']:>7} {r['median']*1e3:>8.1f}ms {r['min']*1e3:>8.1f}ms {r['max']*1e3:>8.1f}ms {size:>8}")
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"duckdb": duckdb.__version__, "cores": os.cpu_count(), "rows": args.rows, "results": results}, out, indent=2)


if __name__ == "__main__":
    main()

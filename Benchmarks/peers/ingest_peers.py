#!/usr/bin/env python3
"""Peers of `parcours bench ingest`: load the same harmonised CSV with DuckDB (into a persistent
database), Polars and DataFusion (into Parquet+zstd), on one thread and on every core.

Each run is a fresh child process (so its peak RSS is its own); one warm-up, then --runs timed
runs; median / min / max and the output's bytes per row. Installs missing engines from PyPI.

    python3 Benchmarks/peers/ingest_peers.py --csv FILES/pathways.csv --rows 10000000 --runs 3 --json peers.json
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, textwrap

ENGINES = {"duckdb": "duckdb", "polars": "polars", "datafusion": "datafusion"}

from schema import COLUMNS

# One run of one engine, executed in a child process: prints {"seconds", "bytes", "rss"}.
CHILD = textwrap.dedent("""
    import json, os, resource, sys, time
    engine, csv, out, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    columns = json.loads(sys.argv[5])
    if engine == "polars":
        os.environ["POLARS_MAX_THREADS"] = str(threads)
    # Imports are not timed: only the load is.
    if engine == "duckdb":
        import duckdb
    elif engine == "polars":
        import polars as pl
    else:
        import datafusion, pyarrow as pa
    start = time.perf_counter()
    if engine == "duckdb":
        schema = ", ".join(f"{n} {t}" for n, t in columns)
        types = "{" + ", ".join(f"'{n}': '{t}'" for n, t in columns) + "}"
        con = duckdb.connect(out)
        con.execute(f"SET threads={threads}")
        con.execute(f"CREATE TABLE pathways ({schema})")
        con.execute(f"INSERT INTO pathways SELECT * FROM read_csv('{csv}', header=true, columns={types})")
        con.execute("CHECKPOINT")
        con.close()
    elif engine == "polars":
        kinds = {"BIGINT": pl.Int64, "TINYINT": pl.Int8, "SMALLINT": pl.Int16, "VARCHAR": pl.Utf8, "DATE": pl.Date}
        pl.scan_csv(csv, schema={n: kinds[t] for n, t in columns}).sink_parquet(out, compression="zstd")
    elif engine == "datafusion":
        kinds = {"BIGINT": pa.int64(), "TINYINT": pa.int8(), "SMALLINT": pa.int16(), "VARCHAR": pa.string(), "DATE": pa.date32()}
        config = datafusion.SessionConfig().with_target_partitions(threads)
        ctx = datafusion.SessionContext(config)
        ctx.register_csv("pathways", csv, schema=pa.schema([(n, kinds[t]) for n, t in columns]), has_header=True)
        ctx.sql(f"COPY (SELECT * FROM pathways) TO '{out}' STORED AS PARQUET OPTIONS (compression 'zstd(3)')").collect()
    seconds = time.perf_counter() - start
    size = os.path.getsize(out) if os.path.isfile(out) else sum(
        os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(out) for f in fs)
    print(json.dumps({"seconds": seconds, "bytes": size, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
""")


def ensure(engine):
    try:
        __import__(ENGINES[engine])
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", ENGINES[engine]])


def version(engine):
    return __import__(ENGINES[engine]).__version__


def once(engine, csv, threads, workdir):
    out = os.path.join(workdir, f"{engine}-{threads}" + (".duckdb" if engine == "duckdb" else ".parquet"))
    for path in (out, out + ".wal"):
        if os.path.isdir(path):
            shutil.rmtree(path)
        elif os.path.exists(path):
            os.remove(path)
    result = subprocess.run([sys.executable, "-c", CHILD, engine, csv, out, str(threads), json.dumps(COLUMNS)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--csv", required=True, help="harmonised CSV written by `parcours generate`")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default="duckdb,polars,datafusion")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    csv = os.path.abspath(args.csv)
    engines = args.engines.split(",")
    for engine in engines:
        ensure(engine)
    workdir = tempfile.mkdtemp(prefix="parcours-ingest-peers-")
    results = []
    try:
        for engine in engines:
            for threads in sorted({1, os.cpu_count() or 1}):
                once(engine, csv, threads, workdir)  # warm-up
                runs = [once(engine, csv, threads, workdir) for _ in range(args.runs)]
                seconds = [r["seconds"] for r in runs]
                results.append({"engine": engine, "version": version(engine), "threads": threads,
                                "median": statistics.median(seconds), "min": min(seconds), "max": max(seconds),
                                "seconds": seconds, "bytes_per_row": runs[-1]["bytes"] / args.rows,
                                "peak_rss": max(r["rss"] for r in runs)})
                r = results[-1]
                print(f"{engine:11} {r['version']:8} {threads} thread(s): median {r['median']:.2f} s "
                      f"(min {r['min']:.2f}, max {r['max']:.2f}), {r['bytes_per_row']:.2f} B/row, "
                      f"peak RSS {r['peak_rss'] / 1e6:.0f} MB", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"cores": os.cpu_count(), "rows": args.rows, "runs": args.runs, "results": results}, out, indent=2)


if __name__ == "__main__":
    main()

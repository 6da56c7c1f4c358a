#!/usr/bin/env python3
"""Export beside DuckDB: `COPY pathways TO` a Parquet file (zstd) and a CSV file, Parcours and
DuckDB on the same rows, in the same run, on one thread and on all cores.

Parcours runs as a user runs it (`parcours query STORE "COPY …" --threads N`, process start and
store opening included); DuckDB runs in this process on a persistent database holding the same
rows, loaded from a Parquet file Parcours exported (same values, same types). Each case: a
warm-up, then --runs timed runs (median / min / max); the output file is removed before each run.
Before timing, the outputs are checked: the CSV files must be byte-identical, the Parquet files
must hold the same rows (EXCEPT ALL both ways, in DuckDB).

    python3 Benchmarks/peers/export_peers.py --store STORE --parcours .build/release/parcours --workdir DIR --runs 3
"""
import argparse, filecmp, json, os, statistics, subprocess, sys, time

import duckdb


def timed(work, runs, before):
    before(); work()  # warm-up
    seconds = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--parcours", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    source = os.path.join(args.workdir, "source.parquet")
    database = os.path.join(args.workdir, "export.duckdb")

    def parcours_copy(target, options, threads):
        sql = f"COPY pathways TO '{target}' ({options})"
        subprocess.run([args.parcours, "query", args.store, sql, "--threads", str(threads)], check=True, stdout=subprocess.DEVNULL)

    if not os.path.exists(database):
        parcours_copy(source, "FORMAT parquet", os.cpu_count())
        con = duckdb.connect(database)
        con.execute(f"CREATE TABLE pathways AS SELECT * FROM read_parquet('{source}')")
        con.execute("CHECKPOINT")
        con.close()
    con = duckdb.connect(database)
    con.execute("SET enable_progress_bar = false")
    rows = con.execute("SELECT count(*) FROM pathways").fetchone()[0]

    formats = {
        "parquet": ("FORMAT parquet", "FORMAT parquet, COMPRESSION zstd"),
        "csv": ("FORMAT csv", "FORMAT csv"),
    }
    results = {"duckdb_version": duckdb.__version__, "rows": rows, "cases": []}
    outputs = {}
    for name, (ours, theirs) in formats.items():
        for threads in sorted({1, os.cpu_count()}):
            mine = os.path.join(args.workdir, f"parcours-{threads}.{name}")
            peer = os.path.join(args.workdir, f"duckdb-{threads}.{name}")

            def clear(path):
                return lambda: os.path.exists(path) and os.remove(path)

            parcours = timed(lambda: parcours_copy(mine, ours, threads), args.runs, clear(mine))
            con.execute(f"SET threads = {threads}")
            duck = timed(lambda: con.execute(f"COPY pathways TO '{peer}' ({theirs})"), args.runs, clear(peer))
            case = {"format": name, "threads": threads, "parcours": parcours, "duckdb": duck,
                    "parcours_bytes": os.path.getsize(mine), "duckdb_bytes": os.path.getsize(peer)}
            results["cases"].append(case)
            outputs[(name, threads)] = (mine, peer)
            print(f"{name}, {threads} thread(s): Parcours {parcours['median']:.2f} s, DuckDB {duck['median']:.2f} s", file=sys.stderr)

    # The answers must be the same before the times mean anything.
    for (name, threads), (mine, peer) in outputs.items():
        if name == "csv":
            same = filecmp.cmp(mine, peer, shallow=False)
        else:
            a, b = f"read_parquet('{mine}')", f"read_parquet('{peer}')"
            same = all(con.execute(f"SELECT count(*) FROM (SELECT * FROM {x} EXCEPT ALL SELECT * FROM {y})").fetchone()[0] == 0
                       for x, y in ((a, b), (b, a)))
        results.setdefault("checks", {})[f"{name}-{threads}"] = same
        if not same:
            print(f"MISMATCH: {mine} and {peer} differ", file=sys.stderr)
            sys.exit(1)

    print(f"| format | threads | Parcours | DuckDB | vs DuckDB | Parcours file | DuckDB file |")
    print(f"|---|---:|---:|---:|---:|---:|---:|")
    for case in results["cases"]:
        ours, theirs = case["parcours"]["median"], case["duckdb"]["median"]
        print(f"| {case['format']} | {case['threads']} | **{ours:.2f} s** | {theirs:.2f} s | {theirs / ours:.2f}x "
              f"| {case['parcours_bytes'] / 1e6:.1f} MB | {case['duckdb_bytes'] / 1e6:.1f} MB |")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main()

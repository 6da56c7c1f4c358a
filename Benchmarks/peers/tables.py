#!/usr/bin/env python3
"""Prints the markdown tables of Benchmarks/RESULTS.md from the JSON files compare.sh writes.

    python3 Benchmarks/peers/tables.py .build-bench 1000000 10000000
"""
import json, statistics, sys


def t(seconds):
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def storage_table(directory, rows):
    parcours = json.load(open(f"{directory}/parcours-storage-{rows}.json"))
    duckdb = json.load(open(f"{directory}/duckdb-storage-{rows}.json"))
    peer = {(r["case"], r["threads"]): r for r in duckdb["results"]}
    lines = [f"## Storage suite, {rows:,} pathways ({parcours['context']['runs']} runs)", "",
             "| case | Parcours | SQLite | Parcours / SQLite | DuckDB 1 thread | DuckDB 2 threads |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in parcours["results"]:
        ours = statistics.median(r["parcours"]["seconds"])
        sqlite = statistics.median(r["sqlite"]["seconds"])
        if r["name"].startswith("append"):
            one, two = (f"{t(peer[('ingest harmonised CSV', n)]['median'])} (CSV load)" for n in (1, 2))
        else:
            key = r["name"].split(" (")[0]
            one, two = (t(peer[(key, n)]["median"]) if (key, n) in peer else "-" for n in (1, 2))
        lines.append(f"| {r['name']} | {t(ours)} | {t(sqlite)} | {ours / sqlite:.3f} ({sqlite / ours:.1f}x faster) | {one} | {two} |")
    append = next(r for r in parcours["results"] if r["name"].startswith("append"))
    lines += ["", f"Bytes per pathway on disk: **Parcours {append['notes']['parcours B/row']:.2f}**, "
              f"Parquet+zstd (written by DuckDB) {peer[('parquet+zstd size', 1)]['bytes_per_row']:.2f}, "
              f"DuckDB {peer[('ingest harmonised CSV', 1)]['bytes_per_row']:.2f}, SQLite {append['notes']['sqlite B/row']:.2f}. "
              f"Peak RSS of the `parcours bench` process: {append['peakRSSBytes'] / 1e6:.0f} MB (it holds the generated batch in memory).", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    for rows in sys.argv[2:]:
        print(storage_table(sys.argv[1], int(rows)))

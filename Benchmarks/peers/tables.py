#!/usr/bin/env python3
"""Prints the markdown tables of Benchmarks/RESULTS.md from the JSON files compare.sh writes.

    python3 Benchmarks/peers/tables.py storage .build-bench 1000000 10000000
    python3 Benchmarks/peers/tables.py ingest .build-bench 10000000
    python3 Benchmarks/peers/tables.py query .build-bench 10000000
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


def ingest_table(directory, rows):
    parcours = json.load(open(f"{directory}/parcours-ingest-{rows}.json"))
    peers = json.load(open(f"{directory}/peers-ingest-{rows}.json"))
    by_case = {r["name"]: r for r in parcours["results"]}
    harmonised = {int(name.split(", ")[1].split(" ")[0]): r for name, r in by_case.items() if name.startswith("ingest harmonised")}
    one = harmonised[1]
    duck = {r["threads"]: r for r in peers["results"] if r["engine"] == "duckdb"}
    lines = [f"## Ingest suite, {rows:,} pathways ({parcours['context']['runs']} runs, medians)", "",
             "| engine | output | 1 thread | 2 threads | bytes/row | peak RSS (2 threads) |", "|---|---|---:|---:|---:|---:|"]
    two = harmonised[max(harmonised)]
    lines.append(f"| **Parcours** | store | **{t(statistics.median(one['parcours']['seconds']))}** "
                 f"| **{t(statistics.median(two['parcours']['seconds']))}** | {one['notes']['B/row']:.2f} "
                 f"| {two['peakRSSBytes'] / 1e6:.0f} MB |")
    names = {"duckdb": "DuckDB", "polars": "Polars", "datafusion": "DataFusion"}
    outputs = {"duckdb": "persistent database", "polars": "Parquet+zstd", "datafusion": "Parquet+zstd"}
    for engine in ("duckdb", "polars", "datafusion"):
        runs = {r["threads"]: r for r in peers["results"] if r["engine"] == engine}
        if not runs:
            continue
        top = runs[max(runs)]
        lines.append(f"| {names[engine]} {top['version']} | {outputs[engine]} | {t(runs[1]['median'])} | {t(top['median'])} "
                     f"| {top['bytes_per_row']:.2f} | {top['peak_rss'] / 1e6:.0f} MB |")
    ours1, ours2 = statistics.median(one["parcours"]["seconds"]), statistics.median(two["parcours"]["seconds"])
    lines += ["", f"Parcours vs DuckDB: {duck[1]['median'] / ours1:.1f}x faster on one thread, "
              f"{duck[max(duck)]['median'] / ours2:.1f}x on two; against DuckDB on one thread, Parcours on two threads is "
              f"{duck[1]['median'] / ours2:.1f}x faster."]
    raw = next((r for name, r in by_case.items() if name.startswith("ingest 3 raw")), None)
    if raw:
        raw_rate = raw["rows"] / statistics.median(raw["parcours"]["seconds"])
        rate = two["rows"] / ours2
        lines += [f"Raw certifier files through their mappings, pseudonymised ({raw['rows']:,} rows, {raw['bytes'] / 1e9:.2f} GB): "
                  f"{t(statistics.median(raw['parcours']['seconds']))}, {raw_rate / 1e6:.2f}M rows/s, "
                  f"{raw['bytes'] / 1e6 / statistics.median(raw['parcours']['seconds']):.0f} MB/s — "
                  f"{raw_rate / rate:.0%} of the harmonised path's rows/s; peak RSS {raw['peakRSSBytes'] / 1e6:.0f} MB."]
    lines.append("")
    return "\n".join(lines)


def query_table(directory, rows):
    parcours = json.load(open(f"{directory}/parcours-query-{rows}.json"))
    peers = json.load(open(f"{directory}/peers-query-{rows}.json"))
    duck = {(r["query"][:-4], r["threads"]): r for r in peers["cases"] if r["engine"] == "DuckDB"}
    ours = {}
    for r in parcours["results"]:
        name, threads = r["name"].split(", ")
        ours[(name, int(threads.split(" ")[0]))] = r
    cores = max(n for _, n in ours)
    lines = [f"## Query suite, {rows:,} pathways ({parcours['context']['runs']} warm runs, medians; DuckDB {peers['duckdb_version']}, "
             f"SQLite {peers['sqlite_version']})", "",
             f"| query | Parcours 1 thread | DuckDB 1 thread | vs DuckDB | SQLite | vs SQLite | Parcours {cores} threads | DuckDB {cores} threads |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for (name, threads), r in sorted(ours.items()):
        if threads != 1:
            continue
        one = statistics.median(r["parcours"]["seconds"])
        sqlite = statistics.median(r["sqlite"]["seconds"]) if r.get("sqlite") else None
        many = statistics.median(ours[(name, cores)]["parcours"]["seconds"]) if (name, cores) in ours else None
        d1, dn = duck.get((name, 1)), duck.get((name, cores))
        lines.append(f"| {name} | **{t(one)}** | {t(d1['median']) if d1 else '-'} | {d1['median'] / one:.1f}x |"
                     f" {t(sqlite) if sqlite else '-'} | {f'{sqlite / one:.0f}x' if sqlite else '-'} |"
                     f" {t(many) if many else '-'} | {t(dn['median']) if dn else '-'} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    table = {"storage": storage_table, "ingest": ingest_table, "query": query_table}[sys.argv[1]]
    for rows in sys.argv[3:]:
        print(table(sys.argv[2], int(rows)))

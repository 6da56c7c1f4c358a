"""What the query test records and the differential fuzzer share: the pinned DuckDB, the test
tables loaded into it, and answers written in the records' canonical text (see
scripts/record-query-tests for the format)."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pinned_duckdb():
    import duckdb
    wanted = open(os.path.join(ROOT, "scripts", "duckdb-version")).read().strip()
    if duckdb.__version__ != wanted:
        sys.exit(f"DuckDB {duckdb.__version__} is installed; the records are taken from {wanted} (scripts/install-test-peers)")
    return duckdb


def load_tables(duckdb, folder):
    """An in-memory DuckDB holding the tables dumped in `folder` (schema.sql, one JSON-lines file
    per table), loaded with INSERT: no CSV sniffer decides a type."""
    connection = duckdb.connect()
    ddl = open(os.path.join(folder, "schema.sql")).read()
    connection.execute(ddl)
    for statement in ddl.strip().splitlines():
        name = statement.split('"')[1]
        rows = [json.loads(line) for line in open(os.path.join(folder, name + ".jsonl")) if line.strip()]
        if rows:
            placeholders = ", ".join(["?"] * len(rows[0]))
            connection.executemany(f'INSERT INTO "{name}" VALUES ({placeholders})', rows)
    return connection


def canonical(text):
    if text is None:
        return "NULL"
    if text == "":
        return "(empty)"
    if text in ("NULL", "(empty)"):
        return "\\" + text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def answer(connection, sql):
    """DuckDB's column types and rows for `sql`, each value as DuckDB casts it to VARCHAR."""
    relation = connection.sql(sql)
    types = [str(t) for t in relation.types]
    casts = ", ".join(f"CAST(#{i + 1} AS VARCHAR)" for i in range(len(types)))
    rows = connection.sql(f"SELECT {casts} FROM ({sql})").fetchall()
    return types, ["\t".join(canonical(v) for v in row) for row in rows]

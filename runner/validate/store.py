"""The DfE rules' findings into the warehouse: returns.dfe_rule_findings and returns.dfe_rule_runs (dbt
models that only create the tables; models/marts/returns/validation). One authority's return and
collection year is replaced at a time, in one transaction."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from runner.errors import BadInput

FINDINGS = "returns.dfe_rule_findings"
RUNS = "returns.dfe_rule_runs"


def save(warehouse: Path, kind: str, la_code: str, year: int, findings: list[dict], rules: list[dict]) -> str:
    """Replace the return's rows in both tables; returns a line saying where they went (or why not)."""
    if not warehouse.exists():
        return f"warehouse {warehouse} does not exist: the findings are in the CSV files only"
    try:
        con = duckdb.connect(str(warehouse))
    except duckdb.Error as exc:
        raise BadInput(f"{warehouse}: cannot open the warehouse to store the findings "
                       f"({str(exc).splitlines()[0]})") from exc
    try:
        present = {f"{s}.{t}" for s, t in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = current_database()").fetchall()}
        if not {FINDINGS, RUNS} <= present:
            return (f"warehouse {warehouse} has no {FINDINGS} (run `runner build`): the findings are in the CSV "
                    "files only")
        con.execute("begin transaction")
        for table, rows in ((FINDINGS, findings), (RUNS, rules)):
            columns = [r[0] for r in con.execute(f"select * from {table} limit 0").description]
            con.execute(f"delete from {table} where return_kind = ? and la_code = ? and collection_year = ?",
                        [kind, la_code, year])
            if rows:
                data = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])  # noqa: F841
                con.execute(f"insert into {table} by name select * from data")
        con.execute("commit")
    finally:
        con.close()
    return f"warehouse {warehouse}: {FINDINGS} ({len(findings):,} rows), {RUNS} ({len(rules):,} rows)"

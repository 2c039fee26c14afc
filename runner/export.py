"""`runner export`: the published marts as files (data-contract.md section 4).

Formats: csv and parquet (one file per mart) and xlsx (one workbook a committee clerk can paste as it
is: runner/workbook.py). `publish=True` sends every table through the one suppression step
(runner/suppression.py: the DfE's small-number rule, with the secondary suppression that keeps
suppressed cells from being recovered); the workbook is written from the suppressed tables. Every file
is written inside `out_dir` and nowhere else, whole or not at all, and text cells that a spreadsheet
would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from runner.atomic import files_into
from runner.errors import BadInput
from runner.suppression import publish_tables

#: mart -> (relation, ordering); each is one file per format (and a sheet in the workbook)
EXPORTS: dict[str, tuple[str, str]] = {
    "indicator_values": ("reporting.indicator_values", "la_code, indicator_id, period_type, period_end"),
    "scorecard": ("reporting.scorecard", "la_code, display_order"),
    # every count and percent indicator by ethnicity group, age band, sex, disability and team
    "indicator_breakdowns": ("reporting.indicator_breakdowns",
                             "la_code, indicator_id, period_type, period_end, dimension, category"),
}
FORMATS = ("csv", "parquet", "xlsx")
WORKBOOK = "csc_indicators.xlsx"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Exported:
    name: str
    path: Path
    rows: int


def export(
    warehouse: Path,
    out_dir: Path,
    fmt: str = "csv",
    publish: bool = False,
    echo: Callable[[str], None] = print,
) -> list[Exported]:
    """Write the exported marts from the warehouse (opened read-only) into `out_dir`.

    Every file is written whole in a staging folder inside `out_dir` and then moved over its old version
    (runner/atomic.py): an export that is stopped part way leaves the previous files as they were.
    """
    if fmt not in FORMATS:
        raise BadInput(f"--format {fmt}: not one of {', '.join(FORMATS)}")
    if not warehouse.exists():
        raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"--out {out_dir}: is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--out {out_dir}: cannot create the folder ({exc.strerror or exc})") from exc
    tables = read_marts(warehouse, publish)
    names = [WORKBOOK] if fmt == "xlsx" else [f"{name}.{fmt}" for name in EXPORTS]
    for name in names:
        inside(out_dir, name)  # refuse before writing anything
    try:
        with files_into(out_dir) as staging:
            if fmt == "xlsx":
                from runner.workbook import write_workbook

                write_workbook(staging / WORKBOOK, tables, publish=publish, warehouse=warehouse)
                written = [Exported(name, out_dir / WORKBOOK, len(rows)) for name, (_, rows) in tables.items()]
            else:
                written = []
                for name in EXPORTS:
                    columns, rows = tables[name]
                    (write_csv if fmt == "csv" else write_parquet)(staging / f"{name}.{fmt}", columns, rows)
                    written.append(Exported(name, out_dir / f"{name}.{fmt}", len(rows)))
    except OSError as exc:
        raise BadInput(f"--out {out_dir}: cannot write there ({exc.strerror or exc})") from exc
    note = ", published: small numbers suppressed" if publish else ""
    if fmt == "xlsx":
        echo(f"wrote {out_dir / WORKBOOK} ({', '.join(f'{e.name} {e.rows:,} rows' for e in written)}{note})")
    else:
        for item in written:
            echo(f"wrote {item.path} ({item.rows:,} rows{note})")
    return written


def read_marts(warehouse: Path, publish: bool) -> dict[str, tuple[list[str], list[dict]]]:
    """Each exported mart as (columns, rows as dicts); through the suppression step when publishing."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise BadInput(f"{warehouse}: cannot open the warehouse ({str(exc).splitlines()[0]})") from exc
    tables = {}
    try:
        for name, (relation, order) in EXPORTS.items():
            try:
                result = con.execute(f"select * from {relation} order by {order}")
            except duckdb.CatalogException as exc:
                raise BadInput(f"{warehouse}: {relation} is missing; run `runner build` first") from exc
            columns = [d[0] for d in result.description]
            rows = [dict(zip(columns, values, strict=True)) for values in result.fetchall()]
            tables[name] = (columns, rows)
        result = con.execute(
            "select display_order, indicator_id, indicator_name, family, unit, polarity, headline_period_type,"
            " definition from reference.indicator_catalogue order by display_order")
        columns = [d[0] for d in result.description]
        tables["definitions"] = (columns, [dict(zip(columns, v, strict=True)) for v in result.fetchall()])
    finally:
        con.close()
    if publish:
        tables = publish_tables(tables)
    return tables


def inside(out_dir: Path, name: str) -> Path:
    """`out_dir/name`, refusing any path that would land outside `out_dir` (.., links, absolute names)."""
    path = (out_dir / name).resolve()
    if not path.is_relative_to(out_dir) or path.parent != out_dir:
        raise BadInput(f"refusing to write {path}: it is outside --out {out_dir}")
    return path


def safe_text(value: object) -> object:
    """A text cell that a spreadsheet would evaluate (=, +, -, @, tab, CR first) gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return safe_text(value)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_csv_value(row[c]) for c in columns])


def write_parquet(path: Path, columns: list[str], rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = {}
    for column in columns:
        values = [row[column] for row in rows]
        if any(isinstance(v, str) for v in values) and any(isinstance(v, int | float) for v in values):
            values = [None if v is None else str(v) for v in values]  # published: numbers and 'c' together
        data[column] = [safe_text(v) for v in values]
    pq.write_table(pa.table(data), path)

"""`runner export`: the published marts as files (data-contract.md section 4).

Formats: csv and parquet (one file per mart) and xlsx (one workbook a committee clerk can paste as it
is: runner/workbook.py). `publish=True` applies the DfE's small-number suppression
(runner/suppression.py). Every file is written inside `out_dir` and nowhere else, and text cells
that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from runner.errors import BadInput
from runner.suppression import suppress

#: mart -> (relation, ordering); each is one file per format (and a sheet in the workbook)
EXPORTS: dict[str, tuple[str, str]] = {
    "indicator_values": ("reporting.indicator_values", "la_code, indicator_id, period_type, period_end"),
    "scorecard": ("reporting.scorecard", "la_code, display_order"),
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
    """Write the exported marts from the warehouse (opened read-only) into `out_dir`."""
    if fmt not in FORMATS:
        raise BadInput(f"--format {fmt}: not one of {', '.join(FORMATS)}")
    if not warehouse.exists():
        raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"--out {out_dir}: is a file, not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = read_marts(warehouse, publish)
    if fmt == "xlsx":
        from runner.workbook import write_workbook

        path = inside(out_dir, WORKBOOK)
        write_workbook(path, tables, publish=publish, warehouse=warehouse)
        written = [Exported(name, path, len(rows)) for name, (_, rows) in tables.items()]
        echo(f"wrote {path} ({', '.join(f'{e.name} {e.rows:,} rows' for e in written)})")
        return written
    written = []
    for name in EXPORTS:
        columns, rows = tables[name]
        path = inside(out_dir, f"{name}.{fmt}")
        (write_csv if fmt == "csv" else write_parquet)(path, columns, rows)
        written.append(Exported(name, path, len(rows)))
        echo(f"wrote {path} ({len(rows):,} rows{', published: small numbers suppressed' if publish else ''})")
    return written


def read_marts(warehouse: Path, publish: bool) -> dict[str, tuple[list[str], list[dict]]]:
    """Each exported mart as (columns, rows as dicts); suppressed when publishing."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
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
        columns, rows = tables["indicator_values"]
        tables["indicator_values"] = (columns, suppress(rows))
        tables["scorecard"] = (tables["scorecard"][0], suppress_scorecard(tables["scorecard"][1]))
    return tables


def suppress_scorecard(rows: list[dict]) -> list[dict]:
    """The scorecard's headline and previous values follow indicator_values' suppression."""
    from runner.suppression import SUPPRESSED, is_small

    out = []
    for row in rows:
        row = dict(row)
        small = (is_small(row.get("value")) if row.get("unit") == "count"
                 else is_small(row.get("numerator")) or is_small(row.get("denominator")))
        if small:
            for column in ("value", "numerator", "denominator", "previous_value"):
                if column in row and row[column] is not None:
                    row[column] = SUPPRESSED
        out.append(row)
    return out


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

"""The intake check: what the raw files are, before dbt reads them.

`inspect_data_dir` walks `<data-dir>/<la_code>/<table>.csv|.parquet`, checks what dbt cannot check
gracefully (folder names, headers, required columns, file structure and encoding), counts every raw
row, and writes two things under the intake directory:

- `templates/<table>.csv`: a header-only file with every contract column. Each table's read
  expression starts from it, so an optional column missing from every file still exists (all null)
  and an absent table reads as empty instead of failing.
- `files.csv`: one row per raw file (la_code, table_name, file_path, file_format, raw_rows). The
  reconciliation test checks staged + quarantined rows against these counts, which were made here,
  independently of the SQL that stages them.

Problems that make a file unreadable raise `BadInput` (exit 2) naming the file, the line where known,
and the problem. Row-level problems (bad dates, duplicates, ...) are not checked here: those rows are
read and quarantined by the staging layer.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from runner.contract import TABLES, Table
from runner.errors import BadInput

LA_FOLDER = re.compile(r"^[0-9]{3}$")

#: DuckDB read options shared by the intake count and the dbt sources, so both see the same rows.
CSV_OPTIONS = "header = true, all_varchar = true, union_by_name = true, filename = true"


@dataclass
class RawFile:
    la_code: str
    table: str
    path: Path
    fmt: str
    rows: int


@dataclass
class Intake:
    data_dir: Path
    intake_dir: Path
    files: list[RawFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def la_codes(self) -> list[str]:
        return sorted({f.la_code for f in self.files})

    @property
    def manifest_path(self) -> Path:
        return self.intake_dir / "files.csv"

    def read_expressions(self) -> dict[str, str]:
        """One DuckDB relation per contract table over every authority's files (the sources' locations)."""
        exprs = {}
        for name in TABLES:
            csvs = [self.intake_dir / "templates" / f"{name}.csv"]
            csvs += [f.path for f in self.files if f.table == name and f.fmt == "csv"]
            parquets = [f.path for f in self.files if f.table == name and f.fmt == "parquet"]
            expr = f"select * from read_csv({_sql_list(csvs)}, {CSV_OPTIONS})"
            if parquets:
                expr += (
                    " union all by name select columns(*)::varchar from "
                    f"read_parquet({_sql_list(parquets)}, union_by_name = true, filename = true)"
                )
            exprs[name] = f"({expr})"
        return exprs

    def dbt_vars(self) -> dict:
        return {"ssd_read": self.read_expressions(), "intake_manifest": str(self.manifest_path)}


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def inspect_data_dir(data_dir: Path, intake_dir: Path) -> Intake:
    """Check every raw file under `data_dir` and write the templates and manifest to `intake_dir`."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise BadInput(f"{data_dir}: data directory not found")
    intake = Intake(data_dir, Path(intake_dir).resolve())
    la_dirs = sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not la_dirs:
        raise BadInput(f"{data_dir}: no local authority folders (expected <data-dir>/<3-digit LA number>/ssd_*.csv)")
    for la_dir in la_dirs:
        if not LA_FOLDER.match(la_dir.name):
            raise BadInput(f"{la_dir}: folder name is not a 3-digit DfE LA number (e.g. 874)")
        for path in sorted(la_dir.iterdir()):
            table, fmt = _table_of(path)
            if table is None:
                intake.warnings.append(f"{path}: not a contract table file; ignored")
                continue
            if any(f.la_code == la_dir.name and f.table == table for f in intake.files):
                raise BadInput(f"{path}: {table} is given twice for LA {la_dir.name} (both .csv and .parquet)")
            check = _check_csv if fmt == "csv" else _check_parquet
            rows = check(path, TABLES[table])
            intake.files.append(RawFile(la_dir.name, table, path, fmt, rows))
    if not intake.files:
        raise BadInput(f"{data_dir}: no ssd_*.csv or ssd_*.parquet files in any LA folder")
    _write(intake)
    return intake


def _table_of(path: Path) -> tuple[str | None, str]:
    for fmt in ("csv", "parquet"):
        if path.suffix == f".{fmt}" and path.stem in TABLES:
            return path.stem, fmt
    return None, ""


def _check_header(path: Path, header: list[str], table: Table) -> None:
    names = [h.strip().lower() for h in header]
    seen = set()
    for name in names:
        if name in seen:
            raise BadInput(f"{path}: line 1: column {name} appears twice in the header")
        seen.add(name)
    for column in table.required:
        if column not in seen:
            raise BadInput(f"{path}: required column {column} is missing")


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.reader(handle, strict=True)


def _check_csv(path: Path, table: Table) -> int:
    """Header and structure: every line parses and has as many fields as the header. Returns data rows."""
    reader = _csv_rows(path)
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            raise BadInput(f"{path}: the file is empty (not even a header row)")
        _check_header(path, header, table)
        width = len(header)
        rows = 0
        for line, row in enumerate(reader, start=2):  # noqa: B007 - line is reported on error
            if len(row) != width:
                if not row:
                    raise BadInput(f"{path}: line {line}: blank line inside the data")
                raise BadInput(f"{path}: line {line}: {len(row)} fields where the header has {width}")
            rows += 1
        return rows
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: near line {line + 1}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise BadInput(f"{path}: line {line + 1}: malformed CSV ({exc})") from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _check_parquet(path: Path, table: Table) -> int:
    try:
        con = duckdb.connect()
        try:
            header = [r[0] for r in con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()]
            rows = con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()[0]
        finally:
            con.close()
    except duckdb.Error as exc:
        raise BadInput(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from exc
    _check_header(path, header, table)
    return int(rows)


def _write(intake: Intake) -> None:
    templates = intake.intake_dir / "templates"
    templates.mkdir(parents=True, exist_ok=True)
    for name, table in TABLES.items():
        (templates / f"{name}.csv").write_text(",".join(table.columns) + "\n", encoding="utf-8")
    with intake.manifest_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["la_code", "table_name", "file_path", "file_format", "raw_rows"])
        for f in intake.files:
            writer.writerow([f.la_code, f.table, str(f.path), f.fmt, f.rows])

"""The intake check: what the raw files are, before dbt reads them.

`inspect_data_dir` walks `<data-dir>/<la_code>/<table>.csv|.parquet`, checks what dbt cannot check
gracefully (folder names, headers, required columns, file structure and encoding), counts every raw
row, and writes two things under the intake directory:

- `files.csv`: one row per raw file (la_code, table_name, file_path, file_format, raw_rows). The
  runner loads it into the new warehouse (`_runner.intake_files`, the dbt source `intake.files`)
  before dbt runs; the reconciliation test checks staged + quarantined rows against these counts,
  which were made here, independently of the SQL that stages them.

Each table's read expression (`read_expressions`, the dbt var `ssd_read`) starts from an empty
relation with every contract column, so an optional column missing from every file still exists (all
null) and an absent table reads as empty instead of failing. It names only the data files, so two
builds of the same folders pass dbt the same vars (and dbt can reuse its parsed project). Beside the
contract's columns it gives `filename`, `file_index` (which file) and `file_order` (increasing with the
row's position in its file: DuckDB's `with ordinality` for CSV, `file_row_number` for Parquet), from
which the base models number each file's rows without a window over every row.

Problems that make a file unreadable raise `BadInput` (exit 2) naming the file, the line where known,
and the problem. So does a whole file written in another date format: when most of a date column's
values are not dates the build can read (yyyy-mm-dd; also dd/mm/yyyy with `day_first`), the message
names the file, the column and the format the dates look like ("dates look like dd/mm/yyyy"), instead
of a build that quarantines every row and reports nothing. Other row-level problems (a few bad dates,
duplicates, ...) are not checked here: those rows are read and quarantined by the staging layer.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from runner.contract import TABLES, Table
from runner.errors import BadInput

LA_FOLDER = re.compile(r"^[0-9]{3}$")

#: DuckDB read options shared by the intake count and the dbt sources, so both see the same rows.
CSV_OPTIONS = "header = true, all_varchar = true, union_by_name = true, filename = true"

#: The date shapes the staging layer reads (macros/ssd_parsing.sql, ssd_date): ISO, and with --day-first
#: also day/month/year with /, - or . between.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T].*)?$")
DAY_FIRST_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:[ T].*)?$")
#: A date column stops the build when more than this share of its values cannot be read ...
UNREADABLE_SHARE = 0.5
#: ... and at least this many (a file of two rows with one typo is a row-level problem, not a format).
UNREADABLE_MIN = 5
#: The dates of the first rows are all checked, then those of every STRIDE-th row: a file's date format
#: shows in any sample, and checking every value would add a third to the intake's time.
FULLY_CHECKED_ROWS = 1_000
STRIDE = 32


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
        """One DuckDB relation per contract table over every authority's files (the sources' locations).

        Columns: the contract's (text), then `filename`, `file_index` (0, 1, ... over the table's files:
        CSV files first, then Parquet) and `file_order` (increasing with the row's place in its file)."""
        exprs = {}
        for name, table in TABLES.items():
            empty = ", ".join([f"cast(null as varchar) as {column}" for column in table.columns]
                              + ["cast(null as varchar) as filename", "cast(null as bigint) as file_index",
                                 "cast(null as bigint) as file_order"])
            expr = f"select * from (select {empty}) where false"
            csvs = [f.path for f in self.files if f.table == name and f.fmt == "csv"]
            parquets = [f.path for f in self.files if f.table == name and f.fmt == "parquet"]
            if csvs:
                expr += (" union all by name select * exclude (ordinality), cast(file_index as bigint) as file_index, "
                         f"ordinality as file_order from read_csv({_sql_list(csvs)}, {CSV_OPTIONS}) with ordinality")
            if parquets:
                expr += (
                    " union all by name select columns(* exclude (file_row_number))::varchar, "
                    f"cast(file_index as bigint) + {len(csvs)} as file_index, file_row_number as file_order from "
                    f"read_parquet({_sql_list(parquets)}, union_by_name = true, filename = true, "
                    "file_row_number = true)"
                )
            exprs[name] = f"({expr})"
        return exprs

    def dbt_vars(self) -> dict:
        return {"ssd_read": self.read_expressions()}


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def inspect_data_dir(data_dir: Path, intake_dir: Path, *, day_first: bool = False) -> Intake:
    """Check every raw file under `data_dir` and write the manifest to `intake_dir`.

    `day_first`: dates written dd/mm/yyyy are readable (runner build --day-first).
    """
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
        found = 0
        for path in sorted(la_dir.iterdir()):
            table, fmt = _table_of(path)
            if table is None:
                intake.warnings.append(f"{path}: not a contract table file; ignored")
                continue
            if any(f.la_code == la_dir.name and f.table == table for f in intake.files):
                raise BadInput(f"{path}: {table} is given twice for LA {la_dir.name} (both .csv and .parquet)")
            check = _check_csv if fmt == "csv" else _check_parquet
            rows = check(path, TABLES[table], day_first)
            intake.files.append(RawFile(la_dir.name, table, path, fmt, rows))
            found += 1
        if not found:
            intake.warnings.append(f"{la_dir}: no ssd_*.csv or ssd_*.parquet files: LA {la_dir.name} is not built")
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


class _DateColumn:
    """Counts a date column's values and those the build could not read, keeping a few of the latter's shapes."""

    def __init__(self, name: str, index: int, day_first: bool) -> None:
        self.name, self.index, self.day_first = name, index, day_first
        self.values = 0
        self.unreadable = 0
        self.samples: list[str] = []

    def add(self, value: str) -> None:
        value = value.strip()
        if not value:
            return
        self.values += 1
        if ISO_DATE.match(value) or (self.day_first and DAY_FIRST_DATE.match(value)):
            return
        self.unreadable += 1
        if len(self.samples) < 200:
            self.samples.append(value)

    def check(self, path: Path) -> None:
        if self.unreadable >= UNREADABLE_MIN and self.unreadable > UNREADABLE_SHARE * self.values:
            shape, advice = describe_dates(self.samples, self.day_first)
            raise BadInput(f"{path}: column {self.name}: {self.unreadable:,} of the {self.values:,} dates checked "
                           f"cannot be read; dates look like {shape}{advice}")


def describe_dates(samples: list[str], day_first: bool = False) -> tuple[str, str]:
    """The format a column's unreadable dates look like, and what to do: ('dd/mm/yyyy', '; ...--day-first')."""
    def share(pattern: str) -> list[re.Match]:
        return [m for m in (re.match(pattern, v) for v in samples) if m]

    iso_hint = ": re-export the file with dates as yyyy-mm-dd"
    slashed = share(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\b")
    if len(slashed) > len(samples) / 2:
        separator = next(ch for ch in slashed[0].group(0) if not ch.isdigit())
        year = "yyyy" if len(slashed[0].group(3)) == 4 else "yy"
        first_big = any(int(m.group(1)) > 12 for m in slashed)
        second_big = any(int(m.group(2)) > 12 for m in slashed)
        if second_big and not first_big:
            return f"mm{separator}dd{separator}{year} (month first)", f", which the build cannot read{iso_hint}"
        shape = f"dd{separator}mm{separator}{year}"
        if year == "yy":
            return shape, f" (two-digit years){iso_hint}"
        if day_first:
            return shape, f" but are not real dates{iso_hint}"
        return shape, "; if the file writes dates day first, run `runner build --day-first`"
    for pattern, shape in (
        (r"^\d{4}[/.]\d{1,2}[/.]\d{1,2}\b", "yyyy/mm/dd"),
        (r"^\d{4}-\d{1,2}-\d{1,2}$", "yyyy-m-d (without leading zeros)"),
        (r"^\d{8}$", "yyyymmdd"),
        (r"^\d{1,2}[ -][A-Za-z]{3,9}[ -]\d{2,4}\b", "dd Mon yyyy"),
        (r"^\d{4,5}(\.\d+)?$", "Excel day numbers (e.g. 45017)"),
    ):
        if len(share(pattern)) > len(samples) / 2:
            return shape, iso_hint
    common = Counter(re.sub(r"[A-Za-z]", "A", re.sub(r"\d", "9", v))[:20] for v in samples).most_common(1)
    return (f"'{common[0][0]}'" if common else "text"), iso_hint


def _check_csv(path: Path, table: Table, day_first: bool = False) -> int:
    """Header and structure: every line parses and has as many fields as the header; date columns are
    mostly readable. Returns the data rows (blank lines at the end are not rows: DuckDB skips them too)."""
    reader = _csv_rows(path)
    line = 1
    try:
        header = next(reader, None)
        if header is None:
            raise BadInput(f"{path}: the file is empty (not even a header row)")
        _check_header(path, header, table)
        width = len(header)
        names = [h.strip().lower() for h in header]
        dates = [_DateColumn(name, names.index(name), day_first) for name in table.dates if name in names]
        rows = 0
        blank_at = 0
        for line, row in enumerate(reader, start=2):  # noqa: B007 - line is reported on error
            if not row:
                blank_at = blank_at or line
                continue
            if blank_at:
                raise BadInput(f"{path}: line {blank_at}: blank line inside the data")
            if len(row) != width:
                raise BadInput(f"{path}: line {line}: {len(row)} fields where the header has {width}")
            if dates and (rows < FULLY_CHECKED_ROWS or rows % STRIDE == 0):
                for column in dates:
                    column.add(row[column.index])
            rows += 1
        for column in dates:
            column.check(path)
        return rows
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: line {undecodable_line(path)}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise BadInput(f"{path}: line {line + 1}: malformed CSV ({exc})") from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def undecodable_line(path: Path) -> str:
    """The line (as an editor counts them) of the first byte that is not UTF-8: the CSV reader decodes
    ahead of the line it reports, so its position is not the place."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                return f"{number} (byte {exc.start + 1} of the line)"
    return "?"


def _check_parquet(path: Path, table: Table, day_first: bool = False) -> int:
    try:
        con = duckdb.connect()
        try:
            described = con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
            header = [r[0] for r in described]
            rows = con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()[0]
            _check_header(path, header, table)
            # a date column stored as text may be in another format; typed dates always read
            for name, column_type in ((r[0], r[1]) for r in described):
                if name.strip().lower() in table.dates and column_type.upper() == "VARCHAR":
                    _check_parquet_dates(con, path, name, day_first)
        finally:
            con.close()
    except duckdb.Error as exc:
        raise BadInput(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from exc
    return int(rows)


def _check_parquet_dates(con: duckdb.DuckDBPyConnection, path: Path, name: str, day_first: bool) -> None:
    quoted = '"' + name.replace('"', '""') + '"'
    readable = f"regexp_matches(v, '{ISO_DATE.pattern}')"
    if day_first:
        readable += f" or regexp_matches(v, '{DAY_FIRST_DATE.pattern}')"
    values = f"(select trim({quoted}) as v from read_parquet(?) where nullif(trim({quoted}), '') is not null)"
    total, bad = con.execute(f"select count(*), count(*) filter (where not ({readable})) from {values}",
                             [str(path)]).fetchone()
    column = _DateColumn(name, 0, day_first)
    column.values, column.unreadable = int(total), int(bad)
    if bad:
        column.samples = [r[0] for r in con.execute(f"select v from {values} where not ({readable}) limit 200",
                                                    [str(path)]).fetchall()]
    column.check(path)


def _write(intake: Intake) -> None:
    intake.intake_dir.mkdir(parents=True, exist_ok=True)
    with intake.manifest_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["la_code", "table_name", "file_path", "file_format", "raw_rows"])
        for f in intake.files:
            writer.writerow([f.la_code, f.table, str(f.path), f.fmt, f.rows])

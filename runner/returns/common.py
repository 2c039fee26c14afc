"""What every statutory return shares: the warehouse opened read-only, the authority and collection
year chosen and checked, the return's rows read from its dbt models, and --out checked (the files are
written whole through runner.atomic.files_into: every file of a return is written, then moved in).

The returns are the authority's statutory returns and carry personal data (dates of birth, UPN
reasons, placement postcodes): they are written where --out says and nowhere else, never logged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from runner.errors import BadInput

SCHEMA = "returns"


@dataclass(frozen=True)
class Collection:
    """One authority's collection year: 1 April year-1 to 31 March year."""

    la_code: str
    year: int
    year_start: date
    year_end: date
    as_at_date: date
    is_complete: bool
    la_name: str
    area_code: str | None  # the E06... code, which the SSDA903 validator wants


@dataclass
class Written:
    """A return written: its files and rows per table, and anything the user should know."""

    kind: str
    collection: Collection
    paths: list[Path]
    rows: dict[str, int]
    notes: list[str] = field(default_factory=list)
    as_at_only: bool = False  # Annex A: a return at a date, not for a collection year

    def summary_lines(self) -> list[str]:
        c = self.collection
        period = (f"as at {c.as_at_date}" if self.as_at_only else
                  f"collection year {c.year - 1}-{str(c.year)[2:]} (1 April {c.year - 1} to 31 March {c.year})")
        lines = [f"{self.kind} for LA {c.la_code} ({c.la_name}), {period}:"]
        lines += [f"  {table}: {n:,} rows" for table, n in self.rows.items()]
        lines += [f"  note: {note}" for note in self.notes]
        lines += [f"  -> {path}" for path in self.paths]
        return lines


def connect(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse, read-only; exit 2 if it is not there or cannot be opened."""
    if not warehouse.exists():
        raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
    try:
        return duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise BadInput(f"{warehouse}: cannot open the warehouse ({str(exc).splitlines()[0]})") from exc


def has_relation(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return bool(con.execute(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = ? and database_name = "
        "current_database()", [schema, name]).fetchone()[0])


def require(con: duckdb.DuckDBPyConnection, warehouse: Path, *models: str) -> None:
    for model in models:
        if not has_relation(con, SCHEMA, model):
            raise BadInput(f"{warehouse}: {SCHEMA}.{model} is missing; run `runner build` (the returns are dbt "
                           "models in models/marts/returns)")


def collection(con: duckdb.DuckDBPyConnection, warehouse: Path, year: int | None, la_code: str | None,
               *, latest: bool = False) -> Collection:
    """The authority and collection year asked for, checked against what the warehouse holds.

    Without --la the warehouse must hold one authority; without --year the latest complete year (or,
    with `latest`, the latest year, complete or not: the one holding the as-at date).
    """
    require(con, warehouse, "ret_collection_years")
    las = [r[0] for r in con.execute(
        f"select distinct la_code from {SCHEMA}.ret_collection_years order by la_code").fetchall()]
    if not las:
        raise BadInput(f"{warehouse}: holds no authority's records (returns.ret_collection_years is empty)")
    if la_code is None:
        if len(las) > 1:
            raise BadInput(f"{warehouse} holds {len(las)} authorities ({_listed(las)}): give --la")
        la_code = las[0]
    elif la_code not in las:
        raise BadInput(f"--la {la_code}: {warehouse} holds no records for it (it holds {_listed(las)})")
    rows = con.execute(
        f"select collection_year, year_start, year_end, as_at_date, is_complete from {SCHEMA}.ret_collection_years "
        "where la_code = ? order by collection_year", [la_code]).fetchall()
    years = {r[0]: r for r in rows}
    if year is None and latest:
        year = rows[-1][0]
    if year is None:
        complete = [r[0] for r in rows if r[4]]
        if not complete:
            raise BadInput(f"LA {la_code}: no complete collection year in {warehouse}; give --year")
        year = complete[-1]
    if year not in years:
        raise BadInput(f"--year {year}: not a collection year of LA {la_code} in {warehouse} "
                       f"(it has {min(years)} to {max(years)}; the year ends 31 March)")
    _, start, end, as_at, complete = years[year]
    name, area = _authority(con, la_code)
    return Collection(la_code, year, start, end, as_at, bool(complete), name, area)


def _authority(con: duckdb.DuckDBPyConnection, la_code: str) -> tuple[str, str | None]:
    if has_relation(con, "reference", "la_lookup"):
        row = con.execute("select la_name, area_code from reference.la_lookup where la_code = ?", [la_code]).fetchone()
        if row:
            return row[0], row[1]
    return f"LA {la_code}", None


def _listed(codes: list[str]) -> str:
    return ", ".join(codes[:10]) + (f" and {len(codes) - 10} more" if len(codes) > 10 else "")


def rows(con: duckdb.DuckDBPyConnection, model: str, c: Collection, order_by: str) -> list[dict]:
    """The model's rows for one authority and year, as dicts, in a stable order."""
    result = con.execute(
        f"select * exclude (la_code, collection_year) from {SCHEMA}.{model} "
        f"where la_code = ? and collection_year = ? order by {order_by}", [c.la_code, c.year])
    names = [d[0] for d in result.description]
    return [dict(zip(names, values, strict=True)) for values in result.fetchall()]


def supplied_tables(con: duckdb.DuckDBPyConnection, la_code: str) -> set[str]:
    """The SSD tables the authority supplied to the build that filled the warehouse."""
    if not has_relation(con, SCHEMA, "ret_supplied_tables"):
        return set()
    return {r[0] for r in con.execute(
        f"select table_name from {SCHEMA}.ret_supplied_tables where la_code = ?", [la_code]).fetchall()}


def out_folder(out_dir: Path) -> Path:
    """--out as an absolute folder, created if need be; exit 2 if it is a file."""
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"--out {out_dir}: is a file, not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def dmy(value: date | None) -> str:
    """The SSDA903's date format, dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if value else ""

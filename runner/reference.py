"""Build the project's reference seeds (data contract section 2) from published sources.

The seeds are checked in under ``seeds/``; this module is how an analyst refreshes them::

    python -m runner.reference            # rebuild every seed into ./seeds
    python -m runner.reference --help     # options: --shared, --seeds

Seeds written:

``bank_holidays.csv``
    England and Wales bank holidays 2010-2035 from the ``holidays`` package (UK, subdivision ENG),
    including one-off holidays and substitute ("observed") days.
``population.csv``
    ONS mid-year estimates of children aged 0 to 17 for England, every region and every LA, from
    ``shared/reference/dfe/ons_mid-year_population_estimates_2012_to_2024.csv`` (the DfE's rate
    denominators). ``mid_year`` is the source's ``time_period``: 2022 is the mid-2022 estimate, which
    the DfE uses for the year ending 31 March 2023. Rows whose estimate is not a number (``x``) are
    dropped and counted.
``la_lookup.csv``
    One row per current LA (those in the latest year of the population file): 3-digit DfE LA number,
    E-code, name and region as the DfE publishes it (London boroughs sit in Inner or Outer London).

Output is deterministic: rows sorted, UTF-8 without BOM, LF line endings, minimal CSV quoting.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import holidays

#: default location of the shared folder: the repo is <root>/main, shared data is <root>/shared
DEFAULT_SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
#: default output folder: <repo>/seeds
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

POPULATION_FILE = Path("reference") / "dfe" / "ons_mid-year_population_estimates_2012_to_2024.csv"
POPULATION_AGE_GROUP = "Children aged 0 to 17 years"

BANK_HOLIDAY_FIRST_YEAR = 2010
BANK_HOLIDAY_LAST_YEAR = 2035
#: one-off and substitute days that must be present (they are days off); checked after every build
REQUIRED_BANK_HOLIDAYS: tuple[dt.date, ...] = (
    dt.date(2011, 4, 29),  # royal wedding
    dt.date(2012, 6, 4),  # spring bank holiday moved for the Diamond Jubilee
    dt.date(2012, 6, 5),  # Diamond Jubilee
    dt.date(2020, 12, 28),  # Boxing Day substitute
    dt.date(2022, 6, 2),  # spring bank holiday moved for the Platinum Jubilee
    dt.date(2022, 6, 3),  # Platinum Jubilee
    dt.date(2022, 9, 19),  # state funeral of Queen Elizabeth II
    dt.date(2023, 5, 8),  # coronation of King Charles III
)

BANK_HOLIDAY_COLUMNS: tuple[str, ...] = ("holiday_date", "holiday_name")
POPULATION_COLUMNS: tuple[str, ...] = (
    "geographic_level",
    "area_code",
    "la_code",
    "area_name",
    "region_code",
    "region_name",
    "mid_year",
    "population",
)
LA_LOOKUP_COLUMNS: tuple[str, ...] = ("la_code", "area_code", "la_name", "region_code", "region_name")

#: source geographic_level -> seed geographic_level, in output sort order
GEOGRAPHIC_LEVELS: dict[str, str] = {"National": "national", "Regional": "regional", "Local authority": "la"}
_LEVEL_ORDER = {level: rank for rank, level in enumerate(GEOGRAPHIC_LEVELS.values())}

_POPULATION_SOURCE_COLUMNS: tuple[str, ...] = (
    "time_period",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "age_group",
    "population_estimate",
)
_COUNT = re.compile(r"^\d+$")

Row = dict[str, str]


@dataclass(frozen=True)
class PopulationResult:
    """The population seed's rows and the number of source rows dropped for a non-numeric estimate."""

    rows: list[Row]
    dropped: int
    #: the dropped source rows' (time_period, area code, name, estimate) for reporting
    dropped_examples: list[tuple[str, str, str, str]]


@dataclass(frozen=True)
class BuildSummary:
    """What :func:`build_all` wrote: path and row count per seed, and population rows dropped."""

    written: dict[str, tuple[Path, int]]
    population_dropped: int
    population_dropped_examples: list[tuple[str, str, str, str]]


# --------------------------------------------------------------------------------------------------
# helpers


def _clean(value: str | None) -> str:
    """Strip whitespace; treat None (a short row) as empty."""
    return (value or "").strip()


def _la_code(value: str) -> str:
    """Normalise a DfE LA number to 3-digit text ("874"; "1.0" style floats and short codes padded)."""
    text = _clean(value)
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".", 1)[0]
    if not text.isdigit() or len(text) > 3:
        raise ValueError(f"not a 3-digit LA number: {value!r}")
    return text.zfill(3)


def _parse_count(value: str) -> int | None:
    """A non-negative whole-number estimate, or None for a suppression marker (x, c, z, ...) or blank."""
    text = _clean(value).replace(",", "")
    return int(text) if _COUNT.match(text) else None


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> int:
    """Write rows as CSV with a header: UTF-8, LF line endings, minimal quoting. Returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n", extrasaction="raise")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


# --------------------------------------------------------------------------------------------------
# bank holidays


def build_bank_holidays(
    first_year: int = BANK_HOLIDAY_FIRST_YEAR, last_year: int = BANK_HOLIDAY_LAST_YEAR
) -> list[Row]:
    """England and Wales bank holidays from ``holidays`` (UK, subdivision ENG), sorted by date.

    Every date the library gives is kept, weekend dates included (e.g. Christmas Day on a Saturday),
    together with their substitute weekdays ("... (observed)"). Names are the library's en_GB names;
    two holidays on one date come as one row with the names joined by "; ".

    Raises RuntimeError if any of :data:`REQUIRED_BANK_HOLIDAYS` in range is missing.
    """
    calendar = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(first_year, last_year + 1), language="en_GB", observed=True
    )
    dates = sorted(d for d in calendar if first_year <= d.year <= last_year)
    missing = [d for d in REQUIRED_BANK_HOLIDAYS if first_year <= d.year <= last_year and d not in calendar]
    if missing:
        raise RuntimeError(f"holidays {holidays.__version__} lacks bank holidays: {', '.join(map(str, missing))}")
    return [{"holiday_date": d.isoformat(), "holiday_name": calendar[d]} for d in dates]


# --------------------------------------------------------------------------------------------------
# population and LA lookup


def read_population_source(shared_dir: Path = DEFAULT_SHARED_DIR) -> list[Row]:
    """Read the ONS/DfE population file as text rows (children aged 0 to 17 only), values stripped.

    Raises FileNotFoundError if the file is absent and ValueError if a needed column is missing or a
    geographic level is unknown.
    """
    path = shared_dir / POPULATION_FILE
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _POPULATION_SOURCE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = []
        for line, raw in enumerate(reader, start=2):
            row = {k: _clean(raw.get(k)) for k in _POPULATION_SOURCE_COLUMNS}
            if row["geographic_level"] not in GEOGRAPHIC_LEVELS:
                raise ValueError(f"{path}, line {line}: unknown geographic_level {row['geographic_level']!r}")
            if row["age_group"] != POPULATION_AGE_GROUP:
                continue
            rows.append(row)
    return rows


def _area(row: Row) -> tuple[str, str, str]:
    """(area_code, la_code, area_name) of a source row by its geographic level."""
    level = GEOGRAPHIC_LEVELS[row["geographic_level"]]
    if level == "national":
        return row["country_code"], "", row["country_name"]
    if level == "regional":
        return row["region_code"], "", row["region_name"]
    return row["new_la_code"], _la_code(row["old_la_code"]), row["la_name"]


def build_population(source: Sequence[Row]) -> PopulationResult:
    """The population seed rows: one per area and mid-year, sorted by level, LA number, area code, year.

    Rows whose estimate is not a whole number (the DfE's suppression markers) are dropped and counted.
    Region columns are empty for England, and repeat the area for regions.
    """
    rows: list[Row] = []
    dropped: list[tuple[str, str, str, str]] = []
    for src in source:
        area_code, la_code, area_name = _area(src)
        population = _parse_count(src["population_estimate"])
        if population is None:
            dropped.append((src["time_period"], area_code, area_name, src["population_estimate"]))
            continue
        level = GEOGRAPHIC_LEVELS[src["geographic_level"]]
        rows.append(
            {
                "geographic_level": level,
                "area_code": area_code,
                "la_code": la_code,
                "area_name": area_name,
                "region_code": "" if level == "national" else src["region_code"],
                "region_name": "" if level == "national" else src["region_name"],
                "mid_year": str(int(src["time_period"])),
                "population": str(population),
            }
        )
    rows.sort(key=lambda r: (_LEVEL_ORDER[r["geographic_level"]], r["la_code"], r["area_code"], int(r["mid_year"])))
    keys = [(r["area_code"], r["mid_year"]) for r in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("population source has more than one row for an area and year")
    return PopulationResult(rows=rows, dropped=len(dropped), dropped_examples=sorted(dropped))


def build_la_lookup(source: Sequence[Row]) -> list[Row]:
    """One row per LA present in the latest year of the population source, sorted by LA number.

    Uses every LA row of that year, whether or not its estimate is published.
    """
    la_rows = [r for r in source if GEOGRAPHIC_LEVELS[r["geographic_level"]] == "la"]
    if not la_rows:
        raise ValueError("population source has no local authority rows")
    latest = max(int(r["time_period"]) for r in la_rows)
    lookup: dict[str, Row] = {}
    for src in la_rows:
        if int(src["time_period"]) != latest:
            continue
        row = {
            "la_code": _la_code(src["old_la_code"]),
            "area_code": src["new_la_code"],
            "la_name": src["la_name"],
            "region_code": src["region_code"],
            "region_name": src["region_name"],
        }
        if lookup.setdefault(row["la_code"], row) != row:
            raise ValueError(f"LA {row['la_code']} appears twice, differently, in {latest}")
    return [lookup[code] for code in sorted(lookup)]


# --------------------------------------------------------------------------------------------------
# entry points


def build_all(shared_dir: Path = DEFAULT_SHARED_DIR, seeds_dir: Path = DEFAULT_SEEDS_DIR) -> BuildSummary:
    """Rebuild every reference seed from ``shared_dir`` into ``seeds_dir``; return what was written."""
    source = read_population_source(shared_dir)
    population = build_population(source)
    outputs: dict[str, tuple[Sequence[str], list[Row]]] = {
        "bank_holidays": (BANK_HOLIDAY_COLUMNS, build_bank_holidays()),
        "population": (POPULATION_COLUMNS, population.rows),
        "la_lookup": (LA_LOOKUP_COLUMNS, build_la_lookup(source)),
    }
    written = {}
    for name, (columns, rows) in outputs.items():
        path = seeds_dir / f"{name}.csv"
        written[name] = (path, write_csv(path, columns, rows))
    return BuildSummary(written, population.dropped, population.dropped_examples)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: rebuild all reference seeds and print row counts and dropped population rows."""
    parser = argparse.ArgumentParser(prog="python -m runner.reference", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED_DIR, help="shared folder (default: %(default)s)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS_DIR, help="output folder (default: %(default)s)")
    args = parser.parse_args(argv)
    summary = build_all(args.shared, args.seeds)
    for path, count in summary.written.values():
        print(f"wrote {path} ({count} rows)")
    print(f"population: dropped {summary.population_dropped} source row(s) whose estimate is not a number")
    for period, code, name, value in summary.population_dropped_examples:
        print(f"  {period} {code} {name}: {value!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Build the project's reference seeds (data contract section 2) from published sources.

The seeds are checked in under ``seeds/``; this module is how an analyst refreshes them::

    python -m runner.reference            # rebuild every seed into ./seeds
    python -m runner.reference --help     # options: --shared, --seeds

Seeds written:

``bank_holidays.csv``
    England and Wales bank holidays 1980-2050 from the ``holidays`` package (UK, subdivision ENG),
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
``benchmark_measures.csv``
    The published measures used as benchmarks (:data:`BENCHMARK_MEASURES`): id, source file and
    column (or LAIT item), the indicator it benchmarks, unit, where the published basis differs from
    ours, whether it is the indicator's preferred measure (exactly one per indicator), and whether it
    is a volume (a count that grows with the authority's size: not ranked or banded).
``benchmarks.csv``
    Every published value of those measures, long: one row per measure, year (ending 31 March) and
    area (England, every region including Inner/Outer London, every LA), from the DfE tables and LAIT
    in ``shared/reference/dfe``. A value that is not a number keeps its marker as ``status`` (c, x, z,
    u, k; ``missing`` for LAIT's ``-`` or a blank) with a reason, and an empty ``value``; never 0.
``statistical_neighbours.csv``
    The DfE/NFER statistical neighbour models 2021 and 2025, long: each LA's ten neighbours by rank
    (1 = nearest) with the source's closeness text.

Output is deterministic: rows sorted, UTF-8 without BOM, LF line endings, minimal CSV quoting.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import holidays

#: default location of the shared folder: the repo is <root>/main, shared data is <root>/shared
DEFAULT_SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
#: default output folder: <repo>/seeds
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"

POPULATION_FILE = Path("reference") / "dfe" / "ons_mid-year_population_estimates_2012_to_2024.csv"
POPULATION_AGE_GROUP = "Children aged 0 to 17 years"

#: wide enough for the synthetic generator's histories (26 years of care before a window ending up to
#: 2047); dim_date reads only the years it spans
BANK_HOLIDAY_FIRST_YEAR = 1980
BANK_HOLIDAY_LAST_YEAR = 2050
#: one-off and substitute days that must be present (they are days off); checked after every build
REQUIRED_BANK_HOLIDAYS: tuple[dt.date, ...] = (
    dt.date(1995, 5, 8),  # early May bank holiday moved for the 50th anniversary of VE Day
    dt.date(1999, 12, 31),  # millennium
    dt.date(2002, 6, 3),  # Golden Jubilee
    dt.date(2002, 6, 4),  # spring bank holiday moved for the Golden Jubilee
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
    #: benchmark rows per status (c, x, z, u, k, missing; "" for numbers)
    benchmark_statuses: dict[str, int] = field(default_factory=dict)
    #: where a non-preferred measure's number differs from the preferred one's (expected: none)
    benchmark_differences: list[str] = field(default_factory=list)
    #: per statistical neighbour model, the LAs of la_lookup it has no neighbours for
    neighbours_missing: dict[str, list[str]] = field(default_factory=dict)
    #: LAs of the 2021 file's "Old SNs" block, not seeded
    neighbours_old_block: list[str] = field(default_factory=list)


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
# benchmarks: published DfE measures, their values, statistical neighbours

DFE_DIR = Path("reference") / "dfe"
#: the project's indicator catalogue (hand-written seed): every measure must name one of its indicators
CATALOGUE_PATH = Path(__file__).resolve().parents[1] / "seeds" / "indicator_catalogue.csv"

C1_FILE = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
D3_FILE = "d3_cpps_subsequent_plan_2013_to_2025.csv"
D5_FILE = "d5_cpps_at31march_by_duration_2013_to_2025.csv"
CLA_FILE = "cla_number_and_rate_per_10k_children.csv"
STABILITY_FILE = "la_cla_placement_stability.csv"
LAIT_FILE = "lait_csc_indicators.csv"
SN_2021_FILE = "New_Statistical_Neighbour_Groupings_April_2021.csv"
SN_2025_FILE = "sn_model_2025_wide.csv"

BENCHMARK_MEASURE_COLUMNS: tuple[str, ...] = (
    "measure_id",
    "source_file",
    "source_column_or_item",
    "indicator_id",
    "unit",
    "basis_note",
    "is_preferred",
    "is_volume",
)
BENCHMARK_COLUMNS: tuple[str, ...] = (
    "measure_id",
    "indicator_id",
    "year",
    "geographic_level",
    "area_code",
    "la_code",
    "region_code",
    "area_name",
    "value",
    "status",
    "status_reason",
    "source_file",
)
STATISTICAL_NEIGHBOUR_COLUMNS: tuple[str, ...] = ("model", "la_code", "rank", "neighbour_la_code", "closeness")

#: the DfE's markers for a value that is not published, and the seed's reason for each
STATUS_REASONS: dict[str, str] = {
    "c": "suppressed (c)",
    "x": "not available (x)",
    "z": "not applicable (z)",
    "u": "low reliability (u)",
    "k": "rounds to zero (k)",
}
LAIT_MISSING_REASON = (
    "not published: LAIT shows '-' (suppressed, not available or not applicable; LAIT does not say which)"
)
BLANK_REASON = "not published: blank in the source"
#: decimals kept from a source value; LAIT's file carries binary-float noise (51.300000000000004)
VALUE_DECIMALS = 6

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_LAIT_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}) \(OT\))?$")

#: EES ("explore education statistics") tidy files: the columns every one has
_EES_COLUMNS: tuple[str, ...] = (
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
_LAIT_COLUMNS: tuple[str, ...] = ("short_desc", "data_item", "years", "area_name", "value", "la_number", "region")
#: LAIT's pseudo LA numbers for England and the regions -> (level, area code, LAIT's area_name)
LAIT_AGGREGATES: dict[str, tuple[str, str, str]] = {
    "970": ("national", "E92000001", "England"),
    "980": ("regional", "E12000001", "North East"),
    "981": ("regional", "E12000002", "North West"),
    "982": ("regional", "E12000003", "Yorkshire and the Humber"),
    "983": ("regional", "E12000004", "East Midlands"),
    "984": ("regional", "E12000005", "West Midlands"),
    "985": ("regional", "E12000006", "East of England"),
    "986": ("regional", "E12000007", "London"),
    "987": ("regional", "E13000001", "London (Inner)"),
    "988": ("regional", "E13000002", "London (Outer)"),
    "989": ("regional", "E12000008", "South East"),
    "990": ("regional", "E12000009", "South West"),
}
#: LAIT's `region` of an LA row -> region code (as the DfE tables place LAs: London in Inner/Outer)
LAIT_REGIONS: dict[str, str] = {
    "North East": "E12000001",
    "North West": "E12000002",
    "Yorkshire and The Humber": "E12000003",
    "East Midlands": "E12000004",
    "West Midlands": "E12000005",
    "East of England": "E12000006",
    "Inner London": "E13000001",
    "Outer London": "E13000002",
    "South East": "E12000008",
    "South West": "E12000009",
}
#: (LAIT item, level) rows never to seed: LAIT's England first-time-entrants rate is an order of
#: magnitude too high (shared/reference/README.md)
LAIT_UNUSABLE: frozenset[tuple[str, str]] = frozenset({("FirstYJS", "national")})

_SN_2021_HEADER: tuple[str, ...] = ("LA num", "LA Name", "LA number", "GOInd", "GOReg") + tuple(
    x for i in range(1, 11) for x in (f"SN{i}", "SNP")
)
_SN_2025_HEADER: tuple[str, ...] = ("old_la_code", "la_name", "region_ind", "region_name") + tuple(
    x for i in range(1, 11) for x in (f"SN_{i}", f"SN_{i}P")
)
#: the 2021 file's second block: neighbour lists of LAs abolished before April 2021 (not seeded)
_SN_2021_OLD_MARKER = "Old SNs:"


@dataclass(frozen=True)
class BenchmarkMeasure:
    """One published measure: where it is, which indicator it benchmarks, and how its basis differs."""

    measure_id: str
    indicator_id: str
    unit: str
    source_file: str
    #: the EES file's value column, or the LAIT short_desc
    item: str
    basis_note: str
    is_preferred: bool = True
    #: EES files only: (column, value) pairs selecting the measure's rows
    filters: tuple[tuple[str, str], ...] = ()
    #: added to the source's year to give the year ending 31 March (1 for 30 September snapshots)
    year_offset: int = 0

    @property
    def is_lait(self) -> bool:
        return self.source_file == LAIT_FILE

    @property
    def is_volume(self) -> bool:
        """A count that grows with the size of the authority (its basis note says so): England, region
        and neighbour values are context, and authorities are not ranked or banded on it."""
        return _VOLUME in self.basis_note

    @property
    def source_column_or_item(self) -> str:
        where = " and ".join(f"{column} = '{value}'" for column, value in self.filters)
        return f"{self.item} where {where}" if where else self.item

    def seed_row(self) -> Row:
        return {
            "measure_id": self.measure_id,
            "source_file": self.source_file,
            "source_column_or_item": self.source_column_or_item,
            "indicator_id": self.indicator_id,
            "unit": self.unit,
            "basis_note": self.basis_note,
            "is_preferred": "true" if self.is_preferred else "false",
            "is_volume": "true" if self.is_volume else "false",
        }


_FY_FLOW = "financial-year flow (1 April to 31 March): compare with our ytd at 31 March"
_FY_RATE = (
    "financial-year flow per 10,000 children aged 0 to 17 (the DfE's ONS mid-year denominator, as ours): "
    "compare with our rolling_12m at 31 March"
)
_SNAPSHOT = "DfE year-end (31 March) snapshot; ours is monthly: compare with our snapshot at 31 March"
_VOLUME = (
    "a volume: England, region and neighbour values are context, not comparable with the LA's own, and "
    "authorities are not ranked or banded on it"
)
_ROUNDED_COUNTS = "the DfE rounds England and regional counts to the nearest 10"
_WHOLE = "published as whole numbers"
_CSWW = (
    "DfE children's social work workforce census, snapshot at 30 September; LAIT labels it with the "
    "September's calendar year, seeded as that year + 1 (the year ending 31 March that contains the "
    "snapshot: 30 Sep 2024 -> 2025); ours is at the build's as-at date"
)
_LAIT_EXTENDS = (
    "identical to the DfE table in the years both publish (2021 to 2025); kept for 2016 to 2020, which "
    "the shared DfE file does not cover; LAIT shows '-' without saying why"
)
_CLA_31 = (("population_type", "Children looked after on 31 March each year"),)
_CLA_STARTS = (("population_type", "Children starting to be looked after each year"),)
_CLA_CEASED = (("population_type", "Children ceasing to be looked after each year"),)
_STABILITY_3PLUS = (
    ("cla_group", "CLA on 31 March"),
    ("placement_stability", "With 3 or more placements during the year"),
)
_STABILITY_LONG = (
    ("cla_group", "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"),
    ("placement_stability", "Living with the same carer for at least 2 years"),
)

#: every published measure seeded, one preferred per indicator. Where a DfE table and LAIT carry the
#: same figures the DfE table is preferred: it is the primary publication and keeps the c/x/z/u/k
#: markers that LAIT folds into '-'. LAIT duplicates of the C1/D3/D5 tables are not seeded (those
#: tables cover 2013 to 2025, a superset of LAIT's years); LAIT duplicates of the CLA tables are,
#: as non-preferred measures, because they reach back to 2016.
BENCHMARK_MEASURES: tuple[BenchmarkMeasure, ...] = (
    # ---- front door
    BenchmarkMeasure(
        "c1_referral_count", "referrals", "count", C1_FILE, "referral_count",
        f"Referrals in the year; {_FY_FLOW}; {_ROUNDED_COUNTS}; {_VOLUME}",
    ),
    BenchmarkMeasure(
        "lait_CPP_Total_Rateper10000", "referral_rate", "rate_per_10k", LAIT_FILE, "CPP_Total_Rateper10,000",
        f"Referrals in the year per 10,000; {_FY_RATE}. From LAIT because the C1 file has counts only",
    ),
    BenchmarkMeasure(
        "c1_rereferral_percent", "rereferral_pct", "percent", C1_FILE, "rereferral_percent",
        f"Referrals in the year within 12 months of a previous referral; {_FY_FLOW}. C1 preferred over "
        "LAIT ReReferral (same figures; C1 has the status markers and 2013 to 2015)",
    ),
    BenchmarkMeasure(
        "c1_no_further_action_percent", "referral_nfa_pct", "percent", C1_FILE, "no_further_action_percent",
        f"Referrals in the year that resulted in no further action; {_FY_FLOW}. C1 preferred over LAIT "
        "CIN_Refferals_NFA (same figures)",
    ),
    BenchmarkMeasure(
        "lait_Continue_Assess_Comp", "assessment_45wd_pct", "percent", LAIT_FILE, "Continue_Assess_Comp",
        f"Assessments completed in the year within 45 working days of the referral (DfE CIN census, via "
        f"LAIT); {_FY_FLOW}",
    ),
    BenchmarkMeasure(
        "lait_CIN", "cin_rate", "rate_per_10k", LAIT_FILE, "CIN",
        f"Children in need at 31 March per 10,000 (DfE CIN census table B1, via LAIT); {_SNAPSHOT}",
    ),
    # ---- child protection
    BenchmarkMeasure(
        "lait_Section_47", "s47_rate", "rate_per_10k", LAIT_FILE, "Section_47",
        f"Section 47 enquiries starting in the year per 10,000 (DfE table C4, via LAIT); {_FY_RATE}",
    ),
    BenchmarkMeasure(
        "lait_CP_conf_15days", "icpc_15wd_pct", "percent", LAIT_FILE, "CP_conf_15days",
        f"ICPCs in the year held within 15 working days of the strategy discussion that started the "
        f"section 47 enquiry (DfE CIN census, via LAIT; ours counts from the s47 start date); {_FY_FLOW}",
    ),
    BenchmarkMeasure(
        "d3_cpp_start", "cp_starts", "count", D3_FILE, "CPP_start",
        f"Child protection plans starting in the year; {_FY_FLOW}; {_ROUNDED_COUNTS}; {_VOLUME}",
    ),
    BenchmarkMeasure(
        "lait_CPP_Num", "cp_open", "count", LAIT_FILE, "CPP_Num",
        f"Children subject to a plan at 31 March (via LAIT); {_SNAPSHOT}; {_ROUNDED_COUNTS}; {_VOLUME}",
    ),
    BenchmarkMeasure(
        "lait_CPP_rate", "cp_rate", "rate_per_10k", LAIT_FILE, "CPP_rate",
        f"Children subject to a plan at 31 March per 10,000 (via LAIT); {_SNAPSHOT}",
    ),
    BenchmarkMeasure(
        "d3_cpp_subsequent_percent", "cp_repeat_pct", "percent", D3_FILE, "CPP_subsequent_percent",
        f"Plans starting in the year that were a second or subsequent plan, however long ago; {_FY_FLOW}. "
        "D3 preferred over LAIT PrevRegCPR (same figures; D3 has the status markers and 2013 to 2015)",
    ),
    BenchmarkMeasure(
        "d5_2_years_or_more_percent", "cp_open_2y_plus_pct", "percent", D5_FILE, "2_years_or_more_percent",
        f"Plans open at 31 March that had lasted two years or more; {_SNAPSHOT}. Often suppressed (c) for "
        "small numbers. D5 preferred over LAIT CPPlans2yrsActive (same figures)",
    ),
    BenchmarkMeasure(
        "lait_CPPlans2yrs", "cp_ended_2y_plus_pct", "percent", LAIT_FILE, "CPPlans2yrs",
        f"Plans ending in the year that had lasted two years or more (DfE table D7, via LAIT; the D7 file "
        f"is not in the shared data); {_FY_FLOW}",
    ),
    # ---- looked after
    BenchmarkMeasure(
        "cla_children_count_at31march", "cla_open", "count", CLA_FILE, "children_count",
        f"Children looked after at 31 March; {_SNAPSHOT}; {_ROUNDED_COUNTS}; {_VOLUME}", filters=_CLA_31,
    ),
    BenchmarkMeasure(
        "lait_LACnum", "cla_open", "count", LAIT_FILE, "LACnum",
        f"Children looked after at 31 March; {_SNAPSHOT}; {_VOLUME}; {_LAIT_EXTENDS}", is_preferred=False,
    ),
    BenchmarkMeasure(
        "cla_rate_per_10000_at31march", "cla_rate", "rate_per_10k", CLA_FILE, "rate_per_10000",
        f"Children looked after at 31 March per 10,000; {_SNAPSHOT}; {_WHOLE}", filters=_CLA_31,
    ),
    BenchmarkMeasure(
        "lait_LAC", "cla_rate", "rate_per_10k", LAIT_FILE, "LAC",
        f"Children looked after at 31 March per 10,000; {_SNAPSHOT}; {_WHOLE}; {_LAIT_EXTENDS}",
        is_preferred=False,
    ),
    BenchmarkMeasure(
        "cla_children_count_starting", "cla_starts", "count", CLA_FILE, "children_count",
        f"Children who started to be looked after in the year, each child once (ours counts every episode "
        f"starting with reason S); {_FY_FLOW}; {_ROUNDED_COUNTS}; {_VOLUME}", filters=_CLA_STARTS,
    ),
    BenchmarkMeasure(
        "lait_LACnum_Start", "cla_starts", "count", LAIT_FILE, "LACnum_Start",
        f"Children who started to be looked after in the year, each child once; {_FY_FLOW}; {_VOLUME}; "
        f"{_LAIT_EXTENDS}", is_preferred=False,
    ),
    BenchmarkMeasure(
        "cla_children_count_ceasing", "cla_ceased", "count", CLA_FILE, "children_count",
        f"Children who ceased to be looked after in the year, each child once (ours counts every episode "
        f"ceasing); {_FY_FLOW}; {_ROUNDED_COUNTS}; {_VOLUME}", filters=_CLA_CEASED,
    ),
    BenchmarkMeasure(
        "lait_LACceased", "cla_ceased", "count", LAIT_FILE, "LACceased",
        f"Children who ceased to be looked after in the year, each child once; {_FY_FLOW}; {_VOLUME}; "
        f"{_LAIT_EXTENDS}", is_preferred=False,
    ),
    BenchmarkMeasure(
        "cla_stability_3plus_placements_percent", "cla_3plus_placements_pct", "percent", STABILITY_FILE,
        "children_percent",
        f"Children looked after at 31 March with three or more placements during the year (1 April to 31 "
        f"March; short-break placements excluded); {_SNAPSHOT}; {_WHOLE}", filters=_STABILITY_3PLUS,
    ),
    BenchmarkMeasure(
        "lait_LACStable_2016on", "cla_3plus_placements_pct", "percent", LAIT_FILE, "LACStable_2016on",
        f"Children looked after at 31 March with three or more placements during the year; {_SNAPSHOT}; "
        f"{_WHOLE}; {_LAIT_EXTENDS}", is_preferred=False,
    ),
    BenchmarkMeasure(
        "cla_stability_long_term_percent", "cla_long_term_stability_pct", "percent", STABILITY_FILE,
        "children_percent",
        f"Children under 16 looked after continuously for 2.5 years or more at 31 March, in the same "
        f"placement (or placed for adoption) for 2 years or more; {_SNAPSHOT}; {_WHOLE}",
        filters=_STABILITY_LONG,
    ),
    BenchmarkMeasure(
        "lait_LAC_LongStable", "cla_long_term_stability_pct", "percent", LAIT_FILE, "LAC_LongStable%",
        f"Long-term placement stability at 31 March; {_SNAPSHOT}; {_WHOLE}; {_LAIT_EXTENDS} (LAIT from 2018)",
        is_preferred=False,
    ),
    BenchmarkMeasure(
        "lait_LACHealth", "cla_health_pct", "percent", LAIT_FILE, "LACHealth%",
        f"Children looked after at 31 March continuously for 12 months or more whose annual health "
        f"assessment was up to date (SSDA903 OC2, via LAIT, from 2018); {_SNAPSHOT}; {_WHOLE}",
    ),
    BenchmarkMeasure(
        "lait_LACDental", "cla_dental_pct", "percent", LAIT_FILE, "LACDental%",
        f"As the health assessments, for dental checks (from 2018; 2021 is low everywhere: dental practices "
        f"closed in the pandemic); {_SNAPSHOT}; {_WHOLE}",
    ),
    BenchmarkMeasure(
        "lait_Children_missing", "cla_missing_pct", "percent", LAIT_FILE, "Children_missing",
        f"Children looked after at any time in the year who went missing at least once, of all children "
        f"looked after in the year (via LAIT); {_FY_FLOW}; {_WHOLE}",
    ),
    BenchmarkMeasure(
        "lait_No_of_LAC_Adopted", "adoptions", "count", LAIT_FILE, "No_of LAC Adopted",
        f"Children who ceased to be looked after through adoption (E11, E12) in the year (via LAIT); "
        f"{_FY_FLOW}; {_ROUNDED_COUNTS}; {_VOLUME}",
    ),
    BenchmarkMeasure(
        "lait_pct_of_LAC_Adopted", "adoption_pct", "percent", LAIT_FILE, "%_of LAC Adopted",
        f"Adopted, of children who ceased to be looked after in the year (via LAIT); {_FY_FLOW}; {_WHOLE}",
    ),
    BenchmarkMeasure(
        "lait_CareLeaverAcc", "care_leavers_accom_pct", "percent", LAIT_FILE, "CareLeaverAcc",
        f"Former relevant care leavers whose 19th, 20th or 21st birthday fell in the year, in suitable "
        f"accommodation around that birthday (via LAIT; its item label 'at 19' is historical, its data "
        f"dictionary gives ages 19 to 21); ours is the cohort aged 19 to 21 at the date; {_WHOLE}",
    ),
    BenchmarkMeasure(
        "lait_CareLeaverEET", "care_leavers_eet_pct", "percent", LAIT_FILE, "CareLeaverEET",
        f"As the accommodation measure, in education, employment or training; ours is the cohort aged 19 "
        f"to 21 at the date; {_WHOLE}",
    ),
    # ---- workforce
    BenchmarkMeasure(
        "lait_Work_Force_Agecy_Rate", "agency_sw_pct", "percent", LAIT_FILE, "Work_Force_Agecy_Rate",
        f"Agency children and family social workers, % of all (agency and employed) FTE; {_CSWW}",
        year_offset=1,
    ),
    BenchmarkMeasure(
        "lait_Work_Force_AvgNumCase_SW", "sw_caseload_avg", "count", LAIT_FILE, "Work_Force_AvgNumCase_SW",
        f"Cases held divided by the FTE of social workers (employed and agency) holding cases; ours is the "
        f"mean caseload of social workers with a caseload above 0; {_CSWW}",
        year_offset=1,
    ),
)


def _benchmark_value(text: str, *, lait: bool) -> tuple[str, str, str]:
    """(value, status, status_reason) of a published cell: a number, a DfE marker, LAIT's '-' or blank.

    Numbers are normalised (no trailing zeros; float noise beyond :data:`VALUE_DECIMALS` decimals
    removed); a cell that is none of these raises ValueError.
    """
    text = _clean(text)
    if not text:
        return "", "missing", BLANK_REASON
    if lait and text == "-":
        return "", "missing", LAIT_MISSING_REASON
    if not lait and text in STATUS_REASONS:
        return "", text, STATUS_REASONS[text]
    if not _NUMBER.match(text):
        raise ValueError(f"not a number or a known marker: {text!r}")
    number = Decimal(text)
    rounded = number.quantize(Decimal(1).scaleb(-VALUE_DECIMALS))
    if abs(rounded - number) > Decimal("1e-9") * max(Decimal(1), abs(number)):
        raise ValueError(f"{text!r} has more than {VALUE_DECIMALS} meaningful decimals")
    value = format(rounded.normalize(), "f")
    return ("0" if value == "-0" else value), "", ""


def _lait_year(text: str) -> int:
    """LAIT's year: "2023" (year ending 31 March 2023) or "2016-17 (OT)" (-> 2017)."""
    match = _LAIT_YEAR.match(_clean(text))
    if not match:
        raise ValueError(f"unknown LAIT year format: {text!r}")
    start, end = match.groups()
    if end is None:
        return int(start)
    if (int(start) + 1) % 100 != int(end):
        raise ValueError(f"LAIT year {text!r} does not span one year")
    return int(start) + 1


def _read_csv_rows(path: Path, required: Sequence[str]) -> list[Row]:
    """Rows of a CSV with a header, values stripped; ValueError if a required column is absent."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        return [{k: _clean(raw.get(k)) for k in reader.fieldnames or []} for raw in reader]


def read_la_codes_by_year(source: Sequence[Row]) -> dict[str, list[tuple[int, str]]]:
    """Each LA number's ONS codes by mid-year from the population source rows (published or not)."""
    codes: dict[str, dict[int, str]] = {}
    for row in source:
        if GEOGRAPHIC_LEVELS[row["geographic_level"]] == "la":
            codes.setdefault(_la_code(row["old_la_code"]), {})[int(row["time_period"])] = row["new_la_code"]
    return {la: sorted(years.items()) for la, years in codes.items()}


def _la_area_code(codes: dict[str, list[tuple[int, str]]], la_code: str, year: int) -> str:
    """The LA's ONS code in the year ending 31 March `year`: that of the mid-(year - 1) estimate, or of
    the nearest earlier one, or the earliest (the DfE tables' own convention, e.g. North Yorkshire 815
    is E10000023 to 2023 and E06000065 from 2024)."""
    if la_code not in codes:
        raise ValueError(f"LA {la_code} has no ONS code in the population file")
    earlier = [code for mid_year, code in codes[la_code] if mid_year <= year - 1]
    return earlier[-1] if earlier else codes[la_code][0][1]


def _ees_rows(path: Path, measures: Sequence[BenchmarkMeasure]) -> list[Row]:
    """Benchmark rows of the measures from one EES tidy file (all its years, levels and areas)."""
    needed = list(_EES_COLUMNS) + sorted({m.item for m in measures} | {c for m in measures for c, _ in m.filters})
    source = _read_csv_rows(path, needed)
    rows: list[Row] = []
    for line, src in enumerate(source, start=2):
        if src["geographic_level"] not in GEOGRAPHIC_LEVELS:
            raise ValueError(f"{path}, line {line}: unknown geographic_level {src['geographic_level']!r}")
        if src["time_identifier"] != "Reporting year" or not re.fullmatch(r"\d{4}", src["time_period"]):
            period = f"{src['time_period']!r} {src['time_identifier']!r}"
            raise ValueError(f"{path}, line {line}: unexpected period {period}")
        level = GEOGRAPHIC_LEVELS[src["geographic_level"]]
        area_code, la_code, area_name = _area(src)
        if not area_code or not area_name:
            raise ValueError(f"{path}, line {line}: no area code or name")
        for measure in measures:
            if any(src[column] != value for column, value in measure.filters):
                continue
            try:
                value, status, reason = _benchmark_value(src[measure.item], lait=False)
            except ValueError as error:
                raise ValueError(f"{path}, line {line}, {measure.item}: {error}") from None
            rows.append(
                {
                    "measure_id": measure.measure_id,
                    "indicator_id": measure.indicator_id,
                    "year": str(int(src["time_period"]) + measure.year_offset),
                    "geographic_level": level,
                    "area_code": area_code,
                    "la_code": la_code,
                    "region_code": "" if level == "national" else src["region_code"],
                    "area_name": area_name,
                    "value": value,
                    "status": status,
                    "status_reason": reason,
                    "source_file": path.name,
                }
            )
    return rows


def _lait_rows(
    path: Path, measures: Sequence[BenchmarkMeasure], la_codes: dict[str, list[tuple[int, str]]]
) -> list[Row]:
    """Benchmark rows of the measures from LAIT's long file; every area row is checked, used or not."""
    source = _read_csv_rows(path, _LAIT_COLUMNS)
    by_item = {m.item: m for m in measures}
    seen: set[tuple[str, str, str]] = set()
    rows: list[Row] = []
    for line, src in enumerate(source, start=2):
        number = _la_code(src["la_number"])
        key = (src["short_desc"], src["years"], number)
        if key in seen:
            raise ValueError(f"{path}, line {line}: second row for {key}")
        seen.add(key)
        if number in LAIT_AGGREGATES:
            level, area_code, expected_name = LAIT_AGGREGATES[number]
            if src["area_name"] != expected_name:
                raise ValueError(f"{path}, line {line}: area {number} is {src['area_name']!r}, not {expected_name!r}")
            la_code, region_code = "", ("" if level == "national" else area_code)
        elif src["region"] in LAIT_REGIONS:
            level, la_code, region_code = "la", number, LAIT_REGIONS[src["region"]]
            area_code = ""  # set below, for the measures used
        else:
            raise ValueError(f"{path}, line {line}: LA {number} has unknown region {src['region']!r}")
        measure = by_item.get(src["short_desc"])
        if measure is None or (src["short_desc"], level) in LAIT_UNUSABLE:
            continue
        year = _lait_year(src["years"])
        if level == "la":
            area_code = _la_area_code(la_codes, la_code, year)
        try:
            value, status, reason = _benchmark_value(src["value"], lait=True)
        except ValueError as error:
            raise ValueError(f"{path}, line {line}, {src['short_desc']}: {error}") from None
        rows.append(
            {
                "measure_id": measure.measure_id,
                "indicator_id": measure.indicator_id,
                "year": str(year + measure.year_offset),
                "geographic_level": level,
                "area_code": area_code,
                "la_code": la_code,
                "region_code": region_code,
                "area_name": src["area_name"],
                "value": value,
                "status": status,
                "status_reason": reason,
                "source_file": path.name,
            }
        )
    missing = sorted({m.item for m in measures} - {k[0] for k in seen})
    if missing:
        raise ValueError(f"{path}: no rows for LAIT item(s) {', '.join(missing)}")
    return rows


def read_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, str]:
    """indicator_id -> unit from the indicator catalogue seed."""
    return {r["indicator_id"]: r["unit"] for r in _read_csv_rows(path, ("indicator_id", "unit"))}


def check_measures(measures: Sequence[BenchmarkMeasure], catalogue: dict[str, str]) -> None:
    """Raise ValueError unless ids are unique, every indicator and unit is the catalogue's, and each
    indicator has exactly one preferred measure."""
    ids = [m.measure_id for m in measures]
    if len(set(ids)) != len(ids):
        raise ValueError("benchmark measure ids are not unique")
    preferred: dict[str, int] = {}
    for m in measures:
        if m.indicator_id not in catalogue:
            raise ValueError(f"{m.measure_id}: indicator {m.indicator_id!r} is not in the catalogue")
        if m.unit != catalogue[m.indicator_id]:
            raise ValueError(f"{m.measure_id}: unit {m.unit} is not {m.indicator_id}'s {catalogue[m.indicator_id]}")
        preferred[m.indicator_id] = preferred.get(m.indicator_id, 0) + m.is_preferred
    wrong = sorted(i for i, n in preferred.items() if n != 1)
    if wrong:
        raise ValueError(f"indicator(s) without exactly one preferred measure: {', '.join(wrong)}")


def build_benchmark_measures(measures: Sequence[BenchmarkMeasure] = BENCHMARK_MEASURES) -> list[Row]:
    """The benchmark_measures seed rows, sorted by measure id."""
    return sorted((m.seed_row() for m in measures), key=lambda r: r["measure_id"])


def build_benchmarks(
    shared_dir: Path = DEFAULT_SHARED_DIR,
    measures: Sequence[BenchmarkMeasure] = BENCHMARK_MEASURES,
    population_source: Sequence[Row] | None = None,
) -> list[Row]:
    """Every published value of the measures, sorted by measure, year, level, LA number and area code.

    Raises ValueError on anything unexpected: an unknown marker, period or area, a second row for a
    measure, year and area, or a measure and year without an England row.
    """
    dfe = shared_dir / DFE_DIR
    source = population_source if population_source is not None else read_population_source(shared_dir)
    la_codes = read_la_codes_by_year(source)
    rows: list[Row] = []
    files = sorted({m.source_file for m in measures})
    for name in files:
        chosen = [m for m in measures if m.source_file == name]
        if name == LAIT_FILE:
            rows += _lait_rows(dfe / name, chosen, la_codes)
        else:
            rows += _ees_rows(dfe / name, chosen)
    keys = [(r["measure_id"], r["year"], r["area_code"]) for r in rows]
    if len(set(keys)) != len(keys):
        dupes = sorted({k for k in keys if keys.count(k) > 1})[:5]
        raise ValueError(f"more than one published row for measure, year and area, e.g. {dupes}")
    years = {(r["measure_id"], r["year"]) for r in rows}
    national = {(r["measure_id"], r["year"]) for r in rows if r["geographic_level"] == "national"}
    unusable = {m.measure_id for m in measures if m.is_lait and (m.item, "national") in LAIT_UNUSABLE}
    no_england = sorted(k for k in years - national if k[0] not in unusable)
    if no_england:
        raise ValueError(f"no England row for {no_england[:5]}")
    empty = [m.measure_id for m in measures if m.measure_id not in {k[0] for k in years}]
    if empty:
        raise ValueError(f"no rows for measure(s) {', '.join(empty)}")
    rows.sort(
        key=lambda r: (
            r["measure_id"], int(r["year"]), _LEVEL_ORDER[r["geographic_level"]], r["la_code"], r["area_code"]
        )
    )
    return rows


def _neighbour_rows(model: str, la_code: str, cells: Sequence[str], where: str) -> list[Row]:
    """Ten (neighbour, closeness) pairs as seed rows, checked: 3-digit codes, all distinct, not itself."""
    pairs = [(cells[i], cells[i + 1]) for i in range(0, 20, 2)]
    neighbours = [_la_code(code) for code, _ in pairs]
    if len(set(neighbours)) != 10 or la_code in neighbours or any(not _clean(c) for _, c in pairs):
        raise ValueError(f"{where}: LA {la_code} needs ten distinct neighbours, not itself, each with a closeness")
    return [
        {
            "model": model,
            "la_code": la_code,
            "rank": str(rank),
            "neighbour_la_code": code,
            "closeness": _clean(closeness),
        }
        for rank, (code, (_, closeness)) in enumerate(zip(neighbours, pairs, strict=True), start=1)
    ]


def read_statistical_neighbours_2021(path: Path) -> tuple[list[Row], list[str]]:
    """The April 2021 model: (seed rows, LA numbers of the skipped "Old SNs" block).

    The file's main block lists 152 LAs; after a blank line and an "Old SNs:" marker it lists the
    pre-reorganisation LAs (Dorset, Poole and Bournemouth before 2019, Northamptonshire before 2021),
    which are not part of the 2021 model and are skipped.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    header = tuple(_clean(c) for c in lines[0])
    if header[: len(_SN_2021_HEADER)] != _SN_2021_HEADER or any(header[len(_SN_2021_HEADER) :]):
        raise ValueError(f"{path}: unexpected header {header}")
    rows: list[Row] = []
    old: list[str] = []
    in_old_block = False
    for number, cells in enumerate(lines[1:], start=2):
        cells = [_clean(c) for c in cells] + [""] * (len(header) - len(cells))
        if not any(cells):
            continue
        if cells[1] == _SN_2021_OLD_MARKER and not any(cells[:1] + cells[2:]):
            in_old_block = True
            continue
        la_code = _la_code(cells[0])
        if _la_code(cells[2]) != la_code:
            raise ValueError(f"{path}, line {number}: LA num {cells[0]} and LA number {cells[2]} differ")
        if in_old_block:
            old.append(la_code)
            continue
        rows += _neighbour_rows("2021", la_code, cells[5:25], f"{path}, line {number}")
    return rows, old


def read_statistical_neighbours_2025(path: Path) -> list[Row]:
    """The 2025 model: one row per LA, its ten neighbours and closeness (trailing spaces trimmed)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    header = tuple(_clean(c) for c in lines[0])
    if header != _SN_2025_HEADER:
        raise ValueError(f"{path}: unexpected header {header}")
    rows: list[Row] = []
    for number, cells in enumerate(lines[1:], start=2):
        if len(cells) != len(header):
            raise ValueError(f"{path}, line {number}: {len(cells)} fields, expected {len(header)}")
        rows += _neighbour_rows("2025", _la_code(cells[0]), cells[4:24], f"{path}, line {number}")
    return rows


def build_statistical_neighbours(shared_dir: Path = DEFAULT_SHARED_DIR) -> tuple[list[Row], list[str]]:
    """Both models' rows sorted by model, LA and rank, and the skipped old-block LAs of 2021.

    Raises ValueError if an LA appears twice in a model or a neighbour is not itself in the model.
    """
    rows_2021, old = read_statistical_neighbours_2021(shared_dir / DFE_DIR / SN_2021_FILE)
    rows = rows_2021 + read_statistical_neighbours_2025(shared_dir / DFE_DIR / SN_2025_FILE)
    for model in ("2021", "2025"):
        in_model = [r for r in rows if r["model"] == model]
        las = {r["la_code"] for r in in_model}
        if len(in_model) != 10 * len(las):
            raise ValueError(f"statistical neighbours {model}: an LA appears more than once")
        strangers = sorted({r["neighbour_la_code"] for r in in_model} - las)
        if strangers:
            raise ValueError(f"statistical neighbours {model}: neighbours {strangers} have no list of their own")
    rows.sort(key=lambda r: (r["model"], r["la_code"], int(r["rank"])))
    return rows, old


def compare_overlapping_measures(rows: Sequence[Row], measures: Sequence[BenchmarkMeasure]) -> list[str]:
    """Where an indicator has a non-preferred measure, the areas and years whose two numbers differ."""
    preferred = {m.indicator_id: m.measure_id for m in measures if m.is_preferred}
    values: dict[tuple[str, str, str], str] = {
        (r["measure_id"], r["year"], r["area_code"]): r["value"] for r in rows if r["value"]
    }
    differences = []
    for m in measures:
        if m.is_preferred:
            continue
        for (measure_id, year, area), value in sorted(values.items()):
            if measure_id != m.measure_id:
                continue
            other = values.get((preferred[m.indicator_id], year, area))
            if other is not None and Decimal(other) != Decimal(value):
                differences.append(
                    f"{m.indicator_id} {year} {area}: {preferred[m.indicator_id]} {other}, {m.measure_id} {value}"
                )
    return differences


# --------------------------------------------------------------------------------------------------
# entry points


def build_all(shared_dir: Path = DEFAULT_SHARED_DIR, seeds_dir: Path = DEFAULT_SEEDS_DIR) -> BuildSummary:
    """Rebuild every reference seed from ``shared_dir`` into ``seeds_dir``; return what was written."""
    source = read_population_source(shared_dir)
    population = build_population(source)
    la_lookup = build_la_lookup(source)
    check_measures(BENCHMARK_MEASURES, read_catalogue())
    benchmarks = build_benchmarks(shared_dir, BENCHMARK_MEASURES, source)
    neighbours, old_block = build_statistical_neighbours(shared_dir)
    outputs: dict[str, tuple[Sequence[str], list[Row]]] = {
        "bank_holidays": (BANK_HOLIDAY_COLUMNS, build_bank_holidays()),
        "population": (POPULATION_COLUMNS, population.rows),
        "la_lookup": (LA_LOOKUP_COLUMNS, la_lookup),
        "benchmark_measures": (BENCHMARK_MEASURE_COLUMNS, build_benchmark_measures()),
        "benchmarks": (BENCHMARK_COLUMNS, benchmarks),
        "statistical_neighbours": (STATISTICAL_NEIGHBOUR_COLUMNS, neighbours),
    }
    written = {}
    for name, (columns, rows) in outputs.items():
        path = seeds_dir / f"{name}.csv"
        written[name] = (path, write_csv(path, columns, rows))
    statuses: dict[str, int] = {}
    for row in benchmarks:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    current = {r["la_code"] for r in la_lookup}
    missing = {
        model: sorted(current - {r["la_code"] for r in neighbours if r["model"] == model}) for model in ("2021", "2025")
    }
    return BuildSummary(
        written,
        population.dropped,
        population.dropped_examples,
        benchmark_statuses=dict(sorted(statuses.items())),
        benchmark_differences=compare_overlapping_measures(benchmarks, BENCHMARK_MEASURES),
        neighbours_missing=missing,
        neighbours_old_block=old_block,
    )


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
    statuses = ", ".join(f"{status or 'number'} {n}" for status, n in summary.benchmark_statuses.items())
    print(f"benchmarks: {statuses}")
    print(f"benchmarks: {len(summary.benchmark_differences)} difference(s) between a DfE table and LAIT")
    for difference in summary.benchmark_differences[:20]:
        print(f"  {difference}")
    for model, las in summary.neighbours_missing.items():
        print(f"statistical neighbours {model}: no list for LA(s) {', '.join(las) or 'none'} of la_lookup")
    print(f"statistical neighbours 2021: skipped the 'Old SNs' block ({', '.join(summary.neighbours_old_block)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

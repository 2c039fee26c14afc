"""The world of one authority: random streams, registries of rows, persons and periods of care."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..contract import TABLES
from .calendar import Calendar
from .constants import (
    _REF_SUFFIXES,
    CARE_HISTORY_YEARS,
    CONTACTS_PM,
    FIRST_FY,
    NULL,
    POSTCODE_AREAS,
    REFERENCE_LA,
    YEAR,
)
from .vectors import F64, I64, Bool, Cols, Rng, _day, _months, _years


@dataclass
class Character:
    """How one authority differs from the reference profile (all 1 / 0 for the reference LA)."""

    contacts: float = 1.0
    conversion: float = 1.0
    cp: float = 1.0
    cla: float = 1.0
    early_help: float = 1.0
    assessment_timeliness: float = 0.0  # added to the share of assessments within 45 working days
    icpc_timeliness: float = 0.0
    agency: float = 0.20
    in_area: float = 0.62


def _la_key(la: str) -> int:
    return zlib.crc32(la.encode("utf-8"))


def _character(la: str, seed: int) -> Character:
    if la == REFERENCE_LA:
        return Character()
    rng = np.random.default_rng(np.random.SeedSequence([seed % 2**63, _la_key(la), 1]))
    ln = rng.lognormal(0.0, 1.0, 6)
    return Character(
        contacts=float(ln[0] ** 0.25), conversion=float(ln[1] ** 0.15), cp=float(ln[2] ** 0.33),
        cla=float(ln[3] ** 0.33), early_help=float(ln[4] ** 0.45),
        assessment_timeliness=float(rng.normal(0, 0.05)), icpc_timeliness=float(rng.normal(0, 0.07)),
        agency=float(np.clip(rng.normal(0.17, 0.08), 0.02, 0.45)), in_area=float(rng.uniform(0.45, 0.8)),
    )


class Store:
    """Rows of each SSD table as column chunks; a row's internal id is its position in the table."""

    def __init__(self) -> None:
        self.chunks: dict[str, list[tuple[int, Cols]]] = {t: [] for t in TABLES}
        self.size: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, table: str, n: int, **cols: object) -> I64:
        allowed = TABLES[table].columns
        chunk: Cols = {}
        for name, value in cols.items():
            if name not in allowed or name == allowed[0]:
                raise KeyError(f"{table} has no settable column {name}")
            arr = np.asarray(value)
            if arr.ndim == 0:
                arr = np.full(n, arr.item(), dtype=np.int64 if arr.dtype.kind in "iu" else arr.dtype)
            if arr.shape != (n,):
                raise ValueError(f"{table}.{name}: {arr.shape} values for {n} rows")
            chunk[name] = arr.astype(np.int64) if arr.dtype.kind in "iub" and _KINDS[table][name] != "str" else arr
        idx = np.arange(self.size[table], self.size[table] + n, dtype=np.int64)
        self.chunks[table].append((n, chunk))
        self.size[table] += n
        return idx

    def concat(self, table: str) -> Cols:
        out: Cols = {}
        for col in TABLES[table].columns[1:]:
            kind = _KINDS[table][col]
            parts = [c[col] if col in c else _nulls(kind, n) for n, c in self.chunks[table]]
            out[col] = np.concatenate(parts) if parts else _nulls(kind, 0)
        return out


def _nulls(kind: str, n: int) -> np.ndarray:
    return np.full(n, "", dtype="<U1") if kind == "str" else np.full(n, -1 if kind != "date" else NULL, np.int64)


def _column_kind(table: str, col: str) -> str:
    """'self' (the id), 'date', 'str', or 'ref:<table>' (an internal row number of that table)."""
    t = TABLES[table]
    if col == t.id_column:
        return "self"
    if col in t.dates:
        return "date"
    for suffix, target in _REF_SUFFIXES:
        if col.endswith(suffix):
            return f"ref:{target}"
    return "str"


_KINDS: dict[str, dict[str, str]] = {t: {c: _column_kind(t, c) for c in TABLES[t].columns} for t in TABLES}


class Registry:
    """A growing set of entities (persons, periods of care) held as column chunks."""

    def __init__(self, **defaults: int) -> None:
        self.defaults = defaults
        self.chunks: list[dict[str, I64]] = []
        self.n = 0

    def add(self, **cols: I64) -> I64:
        n = len(next(iter(cols.values())))
        chunk = {k: np.full(n, v, np.int64) for k, v in self.defaults.items()}
        chunk.update({k: np.asarray(v, np.int64) for k, v in cols.items()})
        self.chunks.append(chunk)
        idx = np.arange(self.n, self.n + n, dtype=np.int64)
        self.n += n
        return idx

    def column(self, name: str) -> I64:
        return np.concatenate([c[name] for c in self.chunks]) if self.chunks else np.zeros(0, np.int64)


class World:
    """Everything one authority's simulation shares."""

    def __init__(self, la: str, seed: int, w0: int, w1: int, scale: float) -> None:
        self.la, self.seed, self.w0, self.w1, self.scale = la, seed, w0, w1, scale
        self.ch = _character(la, seed)
        self.cal = self.calendar_for(w1)
        self.store = Store()
        #: persons: dob, expected dob (unborn at referral), sex (0 F, 1 M)
        self.persons = Registry(expected=NULL, death=NULL)
        #: periods of care: start, end (may lie beyond the window), person, exit path, short break flag
        self.periods = Registry(short_break=0)
        self.workers = np.zeros(0, np.int64)
        #: (persons, dates) of deaths (a period of care ending with E2, a care leaver who died)
        self.deaths: list[tuple[I64, I64]] = []
        #: final id numbers (1..n, -1 if not kept) by table and internal row, set by _finalise
        self.final_ids: dict[str, I64] = {}
        rng = self.rng("years")
        #: noise per financial year FIRST_FY.. (labelled by the year it starts) on volumes and rates
        years = 2101 - FIRST_FY
        self.year_volume = rng.normal(1.0, 0.05, years)
        self.year_conversion = rng.normal(0.0, 0.012, years)
        self.year_timeliness = rng.normal(0.0, 0.03, years)
        self.area = "PE" if la == REFERENCE_LA else POSTCODE_AREAS[_la_key(la) % len(POSTCODE_AREAS)]

    @staticmethod
    def calendar_for(w1: int) -> Calendar:
        """Working days over every year the histories before an end date w1 reach, and a little after."""
        last = int(_years(np.array([w1]))[0])
        return Calendar(last - CARE_HISTORY_YEARS - 2, last + 3)

    def rng(self, stage: str) -> Rng:
        entropy = [self.seed % 2**63, _la_key(self.la), zlib.crc32(stage.encode())]
        return np.random.default_rng(np.random.SeedSequence(entropy))

    # ---- time-varying rates ----------------------------------------------------------------------

    def by_fy(self, days: I64, per_year: F64) -> F64:
        """The value for each day's financial year from an array indexed from FIRST_FY."""
        y = _years(days)
        fy = np.where(_months(days) >= 4, y, y - 1)
        return per_year[np.clip(fy - FIRST_FY, 0, per_year.size - 1)]

    def day_weights(self, days: I64) -> F64:
        """Relative daily intensity (weekdays, bank holidays, school-year seasonality), mean about 1."""
        dow = (days + 3) % 7  # 0 = Monday
        wgt = np.where(dow < 5, 1.0, np.where(dow == 5, 0.15, 0.10))
        wgt = np.where(np.isin(days, self.cal.holidays), 0.15, wgt)
        season = np.array([0, 1.0, 1.02, 1.08, 0.95, 1.05, 1.05, 1.03, 0.8, 1.0, 1.08, 1.1, 0.88])
        return wgt * season[_months(days)] / 0.749

    def contacts_per_day(self, days: I64) -> F64:
        t = 1970 + days / YEAR
        growth = 1 + 0.018 * np.clip(t - 2015, -5, 15)
        covid = np.where((days >= _day(date(2020, 3, 23))) & (days <= _day(date(2020, 6, 30))), 0.8, 1.0)
        per_month = CONTACTS_PM * self.scale * self.ch.contacts * growth * covid * self.by_fy(days, self.year_volume)
        return per_month / 30.44 * self.day_weights(days)

    def conversion(self, days: I64) -> F64:
        """Share of contacts that become referrals: 26% around 2014, drifting to about 20%."""
        t = 1970 + days / YEAR
        base = np.clip(0.262 - 0.0105 * (t - 2014.5), 0.198, 0.265)
        return np.clip(base * self.ch.conversion + self.by_fy(days, self.year_conversion), 0.08, 0.5)

    def assessment_timeliness(self, days: I64) -> F64:
        return np.clip(0.865 + self.ch.assessment_timeliness + self.by_fy(days, self.year_timeliness), 0.6, 0.97)

    def dob_of(self, person: I64) -> I64:
        return self.persons.column("dob")[person]

    def new_persons(self, rng: Rng, dob: I64, unborn: Bool | None = None) -> I64:
        """Register children; unborn ones (dob after their first event) also get an expected dob."""
        dob = np.minimum(dob, self.w1)
        expected = np.where(unborn, dob, NULL) if unborn is not None else np.full(dob.size, NULL)
        sex = (rng.random(dob.size) < 0.51).astype(np.int64)
        return self.persons.add(dob=dob, expected=expected, sex=sex)

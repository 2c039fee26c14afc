"""Working days for the simulation, from the bank-holiday seed that dim_date reads too."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache

import numpy as np

from .constants import BANK_HOLIDAY_SEED
from .vectors import I64, _dt


@cache
def _seed_holidays() -> tuple[tuple[date, ...], int, int]:
    """Every date of seeds/bank_holidays.csv, and the first and last year it covers."""
    with BANK_HOLIDAY_SEED.open(encoding="utf-8", newline="") as handle:
        days = tuple(sorted({date.fromisoformat(row["holiday_date"]) for row in csv.DictReader(handle)}))
    if not days:
        raise ValueError(f"{BANK_HOLIDAY_SEED} holds no bank holidays")
    return days, days[0].year, days[-1].year


def bank_holidays(first_year: int, last_year: int) -> list[date]:
    """England and Wales bank holidays falling on a weekday, first_year to last_year, from the seed.

    A holiday on a Saturday or Sunday changes nothing (its substitute weekday is in the seed too),
    so only weekdays are returned. Raises ValueError when the seed does not cover the years.
    """
    days, seed_first, seed_last = _seed_holidays()
    if first_year < seed_first or last_year > seed_last:
        raise ValueError(
            f"the synthetic data needs bank holidays for {first_year}-{last_year}, but {BANK_HOLIDAY_SEED.name} "
            f"covers {seed_first}-{seed_last} (rebuild it with python -m runner.reference, or choose another "
            "--end-year)")
    return [d for d in days if first_year <= d.year <= last_year and d.weekday() < 5]


class Calendar:
    """Working days: Monday to Friday except England and Wales bank holidays."""

    def __init__(self, first_year: int, last_year: int) -> None:
        hol = np.array(bank_holidays(first_year, last_year), dtype="datetime64[D]")
        self.holidays = hol.astype(np.int64)
        self.busdays = np.busdaycalendar(holidays=hol)

    def add(self, d: I64, n: I64 | int) -> I64:
        """The day that is n working days after d, so that wd(d, result) = n (d itself if n = 0)."""
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), np.shape(d))
        out = np.busday_offset(_dt(d), n, roll="backward", busdaycal=self.busdays).astype(np.int64)
        return np.maximum(out, d)

    def snap(self, d: I64) -> I64:
        """d, or the next working day if d is not one."""
        return np.busday_offset(_dt(d), 0, roll="forward", busdaycal=self.busdays).astype(np.int64)

    def count(self, a: I64, b: I64) -> I64:
        """wd(a, b): working days x with a < x <= b."""
        return np.busday_count(_dt(a + 1), _dt(b + 1), busdaycal=self.busdays).astype(np.int64)

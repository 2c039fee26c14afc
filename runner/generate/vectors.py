"""Day numbers and small vectorised helpers shared by every stage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from .constants import EPOCH, YEAR

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
Str = npt.NDArray[np.str_]
Cols = dict[str, np.ndarray]
Rng = np.random.Generator


def _day(d: date) -> int:
    return (d - EPOCH).days


def _dt(d: np.ndarray) -> np.ndarray:
    return np.asarray(d, dtype=np.int64).astype("datetime64[D]")


def _months(d: I64) -> I64:
    """Calendar month 1-12 of day numbers."""
    return (_dt(d).astype("datetime64[M]").astype(np.int64) % 12) + 1


def _years(d: I64) -> I64:
    return _dt(d).astype("datetime64[Y]").astype(np.int64) + 1970


def _add_years(d: I64, n: int) -> I64:
    """d plus n calendar years (29 February -> 28 February)."""
    dt = _dt(d)
    month = dt.astype("datetime64[M]")
    dom = (dt - month.astype("datetime64[D]")).astype(np.int64)
    target = month + 12 * n
    last = (target + 1).astype("datetime64[D]").astype(np.int64) - 1
    return np.minimum(target.astype("datetime64[D]").astype(np.int64) + dom, last)


def _add_months(d: I64, n: I64 | int) -> I64:
    """d plus n calendar months, clamped to the month's end (31 August + 6 months = 28/29 February)."""
    dt = _dt(d)
    month = dt.astype("datetime64[M]")
    dom = (dt - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(n, dtype=np.int64)
    last = (target + 1).astype("datetime64[D]").astype(np.int64) - 1
    return np.minimum(target.astype("datetime64[D]").astype(np.int64) + dom, last)



def _expand(counts: I64) -> tuple[I64, I64]:
    """For counts per owner: each item's owner and its position within the owner."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(counts.size), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(owner.size) - first[owner]


def _seg_cumsum(values: I64, owner: I64) -> I64:
    """Cumulative sum of values restarting for each owner (items of one owner are contiguous)."""
    total = np.cumsum(values)
    if total.size == 0:
        return total
    starts = np.r_[True, owner[1:] != owner[:-1]]
    offset = (total - values)[starts]
    return total - offset[np.cumsum(starts) - 1]


def _pick(rng: Rng, options: Sequence[tuple], n: int) -> Str:
    """n codes drawn from (code, weight, ...) options."""
    codes = np.array([o[0] for o in options])
    p = np.array([o[1] for o in options], dtype=float)
    return codes[rng.choice(len(codes), n, p=p / p.sum())]


def _mix(rng: Rng, n: int, parts: Sequence[tuple[float, int, int]]) -> I64:
    """n integers, each uniform in [lo, hi] of a (weight, lo, hi) part drawn by weight."""
    p = np.array([q for q, _, _ in parts], dtype=float)
    k = rng.choice(len(parts), n, p=p / p.sum())
    lo = np.array([a for _, a, _ in parts], dtype=np.int64)[k]
    hi = np.array([b for _, _, b in parts], dtype=np.int64)[k]
    return lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)


def _uniform(rng: Rng, lo: int, hi: int, n: int) -> I64:
    return rng.integers(lo, hi + 1, n).astype(np.int64)


def _lognormal_days(rng: Rng, median: float, sigma: float, n: int, lo: int, hi: int) -> I64:
    return np.clip(np.round(median * np.exp(sigma * rng.standard_normal(n))), lo, hi).astype(np.int64)


def _yn(flag: Bool) -> Str:
    return np.where(flag, "Y", "N")


def _sample_days(rng: Rng, days: I64, per_day: F64) -> I64:
    """Event days from a daily expected count (Poisson per day), in date order."""
    return np.repeat(days, rng.poisson(per_day))


def _ages(rng: Rng, n: int, probs: F64) -> I64:
    """Ages in days drawn from probabilities over whole years 0..17."""
    years = rng.choice(probs.size, n, p=probs / probs.sum())
    return np.floor((years + rng.random(n)) * YEAR).astype(np.int64)

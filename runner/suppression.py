"""The DfE's small-number suppression, for exports published outside the authority (--publish).

Primary suppression: a count from 1 to 5 is shown as `c`; so is a percentage, rate or average
whose numerator or denominator is from 1 to 5 (the value would reveal them). Zero is shown: a true
zero reveals nobody.

Secondary suppression: a flow's ytd and rolling_12m totals are sums of its months, and the
difference of two published totals would give back a suppressed month (ytd(June) - ytd(May) =
June). So every ytd or rolling_12m total that includes a month whose count (or numerator, or
denominator) was suppressed is suppressed in that column too. Totals that include no suppressed
month stay, and their differences involve only published months.

Snapshots are counts of children at a date; none is the sum of another, so only primary
suppression applies to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

SUPPRESSED = "c"
SMALL = range(1, 6)
FLOW_TOTALS = ("ytd", "rolling_12m", "fy")  # fy: a flow's whole financial year, its ytd at 31 March


def is_small(count: float | int | None) -> bool:
    return count is not None and float(count).is_integer() and int(count) in SMALL


def _months_covered(row: dict) -> tuple[date, date]:
    """First and last month start of the months a ytd or rolling_12m row adds up."""
    start, end = row["period_start"], row["period_end"]
    return date(start.year, start.month, 1), date(end.year, end.month, 1)


def suppress(rows: Iterable[dict]) -> list[dict]:
    """Rows of indicator_values (dicts with date objects) with small numbers replaced by 'c'.

    Returns new dicts; numerator, denominator and value become either the original number or 'c'.
    """
    rows = [dict(r) for r in rows]
    # which months' numerators and denominators (or counts) are suppressed, per authority and indicator
    hidden: dict[tuple[str, str], dict[str, set[date]]] = defaultdict(
        lambda: {"numerator": set(), "denominator": set()})
    for row in rows:
        _primary(row)
        if row["period_type"] == "month":
            key = (row["la_code"], row["indicator_id"])
            for column in ("numerator", "denominator"):
                if row["_hidden"][column]:
                    hidden[key][column].add(row["period_start"].replace(day=1))
    for row in rows:
        if row["period_type"] in FLOW_TOTALS:
            first, last = _months_covered(row)
            months = hidden.get((row["la_code"], row["indicator_id"]))
            if months:
                for column in ("numerator", "denominator"):
                    if any(first <= m <= last for m in months[column]):
                        row["_hidden"][column] = True
    return [_apply(row) for row in rows]


def _primary(row: dict) -> None:
    unit = row["unit"]
    if unit == "count":
        # a count is its value; numerator and denominator are empty
        row["_hidden"] = {"numerator": is_small(row["value"]), "denominator": False}
    else:
        row["_hidden"] = {"numerator": is_small(row["numerator"]), "denominator": is_small(row["denominator"])}


def _apply(row: dict) -> dict:
    hidden = row.pop("_hidden")
    if row["unit"] == "count":
        if hidden["numerator"]:
            row["value"] = SUPPRESSED
        return row
    if hidden["numerator"]:
        row["numerator"] = SUPPRESSED
    if hidden["denominator"]:
        row["denominator"] = SUPPRESSED
    if hidden["numerator"] or hidden["denominator"]:
        row["value"] = SUPPRESSED
    return row

"""Values as a reader sees them: numbers by unit, dates, periods, benchmark years and the words for the
project's codes. Plain text only (no HTML), shared by the report pages and the workbook.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from numbers import Number

UNIT_SUFFIX = {"percent": "%", "rate_per_10k": " per 10,000", "days": " days"}
MEASURE_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC")
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "INT")
MONTHS_OF_YEAR = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")

#: the words for each coded column's values, wherever a reader sees them (pages, workbook). A code with
#: no entry here is shown as it is; a column not here is not a code.
LABELS: dict[str, dict[str, str]] = {
    "unit": {"count": "Number", "percent": "Percentage", "rate_per_10k": "Rate per 10,000", "days": "Days"},
    "polarity": {"high": "Higher is better", "low": "Lower is better", "context": "Neither (a volume)"},
    "headline_period_type": {"ytd": "Year to date", "rolling_12m": "12 months", "month": "Month",
                             "snapshot": "Month end", "fy": "Financial year"},
    "period_type": {"ytd": "Year to date", "rolling_12m": "12 months", "month": "Month", "snapshot": "Month end",
                    "fy": "Financial year"},
    "measure_type": {"flow": "Counted over a period", "stock": "Counted at a date"},
    "family": {"front_door": "Front door, early help and children in need", "child_protection": "Child protection",
               "looked_after": "Children looked after, permanence, care leavers and workforce"},
    "rag_status": {"green": "Green", "amber": "Amber", "red": "Red", "none": "No rating"},
    # before and after the comparisons issue (11): its codes are here so that its columns read as words too
    "direction_of_travel": {"improving": "Improving", "worsening": "Worsening", "increasing": "Increasing",
                            "decreasing": "Decreasing", "no change": "No change", "not available": "Not available",
                            "up": "Up", "down": "Down", "no_change": "No change"},
    "direction_judgement": {"better": "Better", "worse": "Worse", "same": "No change"},
    "direction_basis": {"same_time_last_year": "Against the same time last year",
                        "previous_month_end": "Against the previous month end"},
    "availability": {"available": "Available", "not available": "Not available", "no value": "No value"},
    "quartile_band": {"A": "A (top quarter)", "B": "B", "C": "C", "D": "D (bottom quarter)"},
    "published_la_status": {"c": "Suppressed (c)", "x": "Not available (x)", "z": "Not applicable (z)",
                            "u": "Low reliability (u)", "k": "Rounds to zero (k)", "missing": "Not published"},
}


def label(column: str, value: object) -> str | None:
    """The words for a coded value (None for no value); the value itself if it has no label."""
    if value is None:
        return None
    return LABELS.get(column, {}).get(str(value), str(value))


def format_number(value: float | int | None, unit: str | None = None, long: bool = False) -> str:
    """A value for display: percentages and rates to one decimal place, counts with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    value = float(value)
    if unit == "count" or (unit is None and value.is_integer() and abs(value) < 1e15):
        text = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    else:
        text = f"{value:,.1f}"
    if unit == "percent":
        return text + "%"
    if long and unit in UNIT_SUFFIX:
        return text + UNIT_SUFFIX[unit]
    return text


def format_difference(difference: float, unit: str | None) -> str:
    """A signed difference in the value's unit: '+2.4 points' for percentages, '−12' for counts."""
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    if unit == "percent":
        return f"{sign}{abs(difference):,.1f} points"
    return f"{sign}{format_number(abs(difference), unit)}"


def format_amount(difference: float, unit: str | None) -> str:
    """A difference without its sign, in the value's unit and in words: '5.7 points' for a percentage (never
    '5.7%', which would read as a percentage of the value), '8.2 per 10,000', '3.0 days', '120'."""
    if unit == "percent":
        return f"{abs(difference):,.1f} points"
    return format_number(abs(difference), unit, long=True)


def format_relative(percent: float) -> str:
    """A relative difference, signed, as a percentage of what it is compared with: '+19.1%', '−2.9%'."""
    sign = "+" if percent > 0 else ("−" if percent < 0 else "±")
    return f"{sign}{abs(percent):,.1f}%"


def gap_phrase(gap: float, unit: str | None) -> str:
    """The gap to target in the value's unit, as the reports put it: '5.7 points below target'."""
    if round(gap, 1) == 0:
        return "on target"
    return f"{format_amount(gap, unit)} {'above' if gap > 0 else 'below'} target"


def relative_gap_phrase(percent: float) -> str:
    """The relative gap to target, as the reports put it: '19.1% higher than target'."""
    if round(percent, 1) == 0:
        return "level with target"
    return f"{abs(percent):,.1f}% {'higher' if percent > 0 else 'lower'} than target"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 152nd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_phrase(rank: object, count: object) -> str:
    """'12th of 152' (empty without a rank)."""
    if not isinstance(rank, Number) or isinstance(rank, bool):
        return ""
    return f"{ordinal(int(rank))} of {int(count)}" if isinstance(count, Number) else ordinal(int(rank))


def format_date(value: date | datetime, long: bool = False) -> str:
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {value:%B %Y}" if long else f"{value.day} {value:%b %Y}"


def format_cell(value: object, type_name: str = "", unit: str | None = None, long: bool = False) -> str:
    """Any value for display: numbers (by unit where the row has one), dates, text."""
    type_name = type_name.upper()
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime):
        return format_date(value, long)
    if isinstance(value, int | float) or type_name.startswith(MEASURE_TYPES + INTEGER_TYPES):
        is_measure = type_name.startswith(MEASURE_TYPES) or isinstance(value, float)
        return format_number(float(value), unit if (unit and is_measure) else None, long)
    return str(value)


def is_number_type(type_name: str) -> bool:
    return type_name.upper().startswith(MEASURE_TYPES + INTEGER_TYPES)


def fy_label(year: object) -> str:
    """A financial year given as the year it ends (31 March N), as the DfE writes it: 2025 -> 2024-25."""
    if year is None:
        return ""
    text = str(year).strip()
    if text.isdigit() and len(text) == 4:
        n = int(text)
        return f"{n - 1}-{n % 100:02d}"
    return text


def period_phrase(period_type: str | None, start: date | None, end: date | None) -> str:
    """The period a value covers, in words: 'in the year to date (April 2025 to March 2026)'."""
    if end is None:
        return ""
    if period_type == "month":
        return f"in {end:%B %Y}"
    if period_type == "ytd":
        if start is None or (start.year, start.month) == (end.year, end.month):
            return f"in the year to date ({end:%B %Y})"
        return f"in the year to date ({start:%B %Y} to {end:%B %Y})"
    if period_type == "rolling_12m":
        return f"in the 12 months to {end:%B %Y}"
    if period_type == "fy" and start is not None:
        return f"in {start.year}-{end.year % 100:02d}"
    return f"at {format_date(end, long=True)}"


def period_label(period_type: str | None, start: date | None, end: date | None) -> str:
    """The same, short, for a caption: 'Year to date, Apr 2025 to Mar 2026'."""
    if end is None:
        return ""
    if period_type == "month":
        return f"{end:%B %Y}"
    if period_type == "ytd":
        return f"Year to date, {start:%b %Y} to {end:%b %Y}" if start else f"Year to date to {end:%b %Y}"
    if period_type == "rolling_12m":
        return f"12 months to {end:%b %Y}"
    if period_type == "fy" and start is not None:
        return f"{start.year}-{end.year % 100:02d}"
    return f"At {format_date(end)}"


def previous_period(period_type: str | None, end: date) -> str:
    """The period a month earlier, in words, for 'A month earlier (...) it was'."""
    return {
        "ytd": f"the year to date to {end:%B %Y}",
        "rolling_12m": f"the 12 months to {end:%B %Y}",
        "month": f"{end:%B %Y}",
    }.get(period_type or "", f"at {format_date(end, long=True)}")


def axis_title(unit: str | None) -> str:
    return {"percent": "%", "rate_per_10k": "per 10,000 children", "days": "days", "count": "number"}.get(unit or "",
                                                                                                         "")


#: column headings for the report's usual columns (others: underscores to spaces, first letter capital)
HEADINGS = {
    "rag_status": "RAG", "direction_of_travel": "Direction of travel", "england_value": "England",
    "sn_value": "Statistical neighbours", "sn_median": "Neighbours' median", "region_value": "Region",
    "target_value": "Target", "previous_value": "A month earlier", "indicator_name": "Indicator", "la_code": "LA",
    "la_name": "Authority", "headline_period_type": "Period", "period_end": "Period end",
    "benchmark_year": "Benchmark year", "same_time_last_year_value": "Same time last year",
    "change_vs_last_year": "Change on last year", "last_year_outturn_value": "Last year's outturn",
    "last_year_outturn_year": "Outturn year", "gap_to_target": "Gap to target",
    "gap_to_target_pct": "Gap to target, relative", "la_rank": "Rank among LAs", "quartile_band": "Quartile band",
    "published_la_value": "Published value", "computed_year_end_value": "Our value, same year",
    "computed_minus_published": "Ours minus published",
}


def heading(column: str) -> str:
    if column in HEADINGS:
        return HEADINGS[column]
    if re.fullmatch(r"[a-z_][a-z0-9_]*", column):
        text = column.replace("_", " ")
        return text[:1].upper() + text[1:]
    return column

"""Sentences generated from the numbers: the context under each indicator and the overview's one line on
how the authority is doing. Plain text; the components put it in HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from runner.pages.formatting import (
    format_amount,
    format_date,
    format_number,
    fy_label,
    gap_phrase,
    period_phrase,
    relative_gap_phrase,
)

RATED = ("red", "amber", "green")


def period_type_of(record: dict) -> str | None:
    """The period type of a row: period_type, or the scorecard's headline_period_type."""
    return record.get("period_type") or record.get("headline_period_type")


def context_sentence(record: dict, text: str | None = None) -> str:
    """A paragraph of context generated from one scorecard-shaped row: the value and its period against the
    same time last year and last year's outturn; the direction of travel, saying what it compares with; the
    target with the gap to it; the published benchmarks with their year. Each part only where the row has
    it. Benchmarks are left out where the row says they are not comparable (benchmark_comparable false: a
    volume beside England's total)."""
    unit = record.get("unit")
    name = record.get("indicator_name") or "The indicator"
    value = record.get("value")
    period = period_phrase(period_type_of(record), record.get("period_start"), record.get("period_end"))
    if value is None:
        reason = record.get("availability")
        if reason == "not available":
            return f"{name}: not available for this authority (its records do not include the data it needs)."
        return f"{name}: no value{' ' + period if period else ''} (nothing to count in the period)."

    def shown(number: float) -> str:
        return format_number(number, unit, long=True)

    value_text = shown(value)
    sentence = f"{value_text} {text} {period}" if text else f"{name} was {value_text} {period}"
    sentence = sentence.strip() + last_year_phrase(record) + "."
    for part in (direction_sentence(record), target_sentence(record)):
        if part:
            sentence += " " + part
    benchmarks = []
    comparable = record.get("benchmark_comparable") is not False
    if comparable and record.get("england_value") is not None:
        benchmarks.append(f"England {shown(record['england_value'])}")
    if comparable and record.get("region_value") is not None:
        benchmarks.append(f"{record.get('region_name') or 'the region'} {shown(record['region_value'])}")
    if comparable and record.get("sn_value") is not None:
        count, median = record.get("sn_count"), record.get("sn_median")
        notes = [f"mean of {count}" if count else "mean"]
        if median is not None:
            notes.append(f"median {shown(median)}")
        benchmarks.append(f"statistical neighbours {shown(record['sn_value'])} ({'; '.join(notes)})")
    if benchmarks:
        year = fy_label(record.get("benchmark_year"))
        if not year:
            raise ValueError("a benchmark is shown without its year (benchmark_year is empty)")
        listed = benchmarks[0] if len(benchmarks) == 1 else ", ".join(benchmarks[:-1]) + " and " + benchmarks[-1]
        sentence += f" In {year} the published figures were {listed}."
    return sentence[:1].upper() + sentence[1:]


def last_year_phrase(record: dict) -> str:
    """', against 22.0% at the same time last year and an outturn of 21.9% in 2023-24' (or the part the row
    has). When the same time last year is last year's 31 March, it is the outturn, and said once."""
    unit = record.get("unit")
    same_time = record.get("same_time_last_year_value")
    outturn, outturn_year = record.get("last_year_outturn_value"), record.get("last_year_outturn_year")
    parts = []
    if same_time is not None:
        parts.append(f"{format_number(same_time, unit, long=True)} at the same time last year")
    if outturn is not None and fy_label(outturn_year):
        if same_time is not None and is_year_end(record.get("same_time_last_year_period_end"), outturn_year):
            parts[0] += f" (the outturn for {fy_label(outturn_year)})"
        else:
            parts.append(f"an outturn of {format_number(outturn, unit, long=True)} in {fy_label(outturn_year)}")
    return ", against " + " and ".join(parts) if parts else ""


def is_year_end(day: object, year: object) -> bool:
    """Whether `day` is 31 March of `year` (the end of the financial year given as the year it ends)."""
    return isinstance(day, date) and isinstance(year, int) and (day.year, day.month, day.day) == (year, 3, 31)


BASIS_WORDS = {"same_time_last_year": "the same time last year", "previous_month_end": "the previous month end"}


def direction_sentence(record: dict) -> str:
    """The direction of travel in words, saying what it compares with and, unless the measure is a volume
    (context polarity), whether that is better or worse: 'Compared with the same time last year it is down
    3.3 points: better.'"""
    direction = record.get("direction_of_travel")
    basis = record.get("direction_basis")
    if direction not in ("up", "down", "no_change") or basis not in BASIS_WORDS:
        return ""
    unit, value = record.get("unit"), record.get("value")
    against = BASIS_WORDS[basis]
    if basis == "previous_month_end":
        comparator, when = record.get("previous_value"), record.get("previous_period_end")
        if isinstance(when, date) and comparator is not None:
            against += f" ({format_date(when, long=True)}: {format_number(comparator, unit, long=True)})"
    else:
        comparator = record.get("same_time_last_year_value")
    if direction == "no_change":
        sentence = f"Compared with {against} it has not changed (to one decimal place)"
    else:
        amount = (f" {format_amount(float(value) - float(comparator), unit)}"
                  if value is not None and comparator is not None else "")
        sentence = f"Compared with {against} it is {direction}{amount}"
    judgement = record.get("direction_judgement")
    if judgement in ("better", "worse"):
        sentence += f": {judgement}"
    return sentence + "."


def target_sentence(record: dict) -> str:
    """'The target is 25.0%: 5.7 points below target (red).' For a rate, a count or days, the relative gap
    too, as the reports give it: 'The target is 43.1 per 10,000: 8.2 per 10,000 above target, 19.1% higher
    than target (red).' (A percentage's gap is in points only: a percentage of a percentage misleads.)"""
    target, value, unit = record.get("target_value"), record.get("value"), record.get("unit")
    if target is None or value is None:
        return ""
    gap = record.get("gap_to_target")
    gap = float(value) - float(target) if gap is None else float(gap)
    sentence = f"The target is {format_number(target, unit, long=True)}: {gap_phrase(gap, unit)}"
    relative = record.get("gap_to_target_pct")
    if relative is None and float(target) != 0:
        relative = (float(value) / float(target) - 1) * 100
    if unit != "percent" and relative is not None and round(gap, 1) != 0:
        sentence += f", {relative_gap_phrase(float(relative))}"
    rag = record.get("rag_status")
    if rag in RATED:
        sentence += f" ({rag})"
    return sentence + "."


@dataclass(frozen=True)
class RagCounts:
    """How the scorecard's measures are rated: red, amber and green; without a target (a measure with a
    better direction that has no target in force); with a target but no value; volumes (context polarity:
    neither higher nor lower is better, so never rated)."""

    red: int = 0
    amber: int = 0
    green: int = 0
    without_target: int = 0
    no_value: int = 0
    volumes: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.without_target + self.no_value + self.volumes


def rag_counts(records: list[dict]) -> RagCounts:
    """Count scorecard rows by rating. A row without a rating has rag_status null (or 'none', as the
    scorecard wrote it before the comparisons issue)."""
    counts = dict.fromkeys(("red", "amber", "green", "without_target", "no_value", "volumes"), 0)
    for record in records:
        rag = record.get("rag_status")
        if rag in RATED:
            counts[rag] += 1
        elif record.get("polarity") == "context":
            counts["volumes"] += 1
        elif record.get("target_value") is not None and record.get("value") is None:
            counts["no_value"] += 1
        else:
            counts["without_target"] += 1
    return RagCounts(**counts)


def rag_summary(counts: RagCounts) -> str:
    """'3 red, 3 amber, 2 green, 8 without a target' (and the measures with no value, and the volumes)."""
    line = f"{counts.red} red, {counts.amber} amber, {counts.green} green, {counts.without_target} without a target"
    if counts.no_value:
        line += f", {counts.no_value} with a target but no value"
    if counts.volumes:
        line += f"; {counts.volumes} volume{'s' if counts.volumes != 1 else ''} (such as the number of contacts) " \
                f"{'are' if counts.volumes != 1 else 'is'} not rated"
    return line

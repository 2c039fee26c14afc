"""Sentences generated from the numbers: the context under each indicator and the overview's one line on
how the authority is doing. Plain text; the components put it in HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from runner.pages.formatting import (
    format_number,
    fy_label,
    period_phrase,
    previous_period,
)

RATED = ("red", "amber", "green")


def period_type_of(record: dict) -> str | None:
    """The period type of a row: period_type, or the scorecard's headline_period_type."""
    return record.get("period_type") or record.get("headline_period_type")


def context_sentence(record: dict, text: str | None = None) -> str:
    """A sentence of context generated from one scorecard-shaped row (value, unit, period; target, previous
    value, benchmarks with their year where the row has them). Benchmarks are left out where the row says
    they are not comparable (benchmark_comparable false: a count beside England's total)."""
    unit = record.get("unit")
    name = record.get("indicator_name") or "The indicator"
    value = record.get("value")
    period = period_phrase(period_type_of(record), record.get("period_start"), record.get("period_end"))
    if value is None:
        reason = record.get("availability")
        if reason == "not available":
            return f"{name}: not available for this authority (its records do not include the data it needs)."
        return f"{name}: no value{' ' + period if period else ''} (nothing to count in the period)."
    value_text = format_number(value, unit, long=True)
    sentence = f"{value_text} {text} {period}" if text else f"{name} was {value_text} {period}"
    sentence = sentence.strip()
    target = record.get("target_value")
    if target is not None:
        sentence += f", against a target of {format_number(target, unit, long=True)}"
        rag = record.get("rag_status")
        if rag in RATED:
            sentence += f" ({rag})"
    sentence += "."
    previous = record.get("previous_value")
    if previous is not None:
        trend = ""
        judgement = record.get("direction_judgement")
        direction = record.get("direction_of_travel")
        # the judgement is of this month's change only when the direction compares with the month before
        # (stocks); a flow's judgement compares with the same time last year, not with "a month earlier"
        if judgement in ("better", "worse") and record.get("direction_basis", "previous_month_end") == (
                "previous_month_end"):
            trend = f" ({judgement})"
        elif direction in ("improving", "worsening"):
            trend = f" ({direction})"
        when = record.get("previous_period_end")
        when_text = f" ({previous_period(period_type_of(record), when)})" if when else ""
        sentence += f" A month earlier{when_text} it was {format_number(previous, unit, long=True)}{trend}."
    benchmarks = []
    comparable = record.get("benchmark_comparable") is not False
    if comparable and record.get("england_value") is not None:
        benchmarks.append(f"England {format_number(record['england_value'], unit, long=True)}")
    if comparable and record.get("region_value") is not None:
        benchmarks.append(f"{record.get('region_name') or 'the region'} "
                          f"{format_number(record['region_value'], unit, long=True)}")
    if comparable and record.get("sn_value") is not None:
        count = record.get("sn_count")
        of = f" (mean of {count})" if count else ""
        benchmarks.append(f"statistical neighbours {format_number(record['sn_value'], unit, long=True)}{of}")
    if benchmarks:
        year = fy_label(record.get("benchmark_year"))
        if not year:
            raise ValueError("a benchmark is shown without its year (benchmark_year is empty)")
        listed = benchmarks[0] if len(benchmarks) == 1 else ", ".join(benchmarks[:-1]) + " and " + benchmarks[-1]
        sentence += f" In {year} the published figures were {listed}."
    return sentence[:1].upper() + sentence[1:]


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

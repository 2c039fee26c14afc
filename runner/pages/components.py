"""Each component as HTML (and SVG): cards, tables, sentences, charts, an indicator's whole section, the
overview's summary line and the officers' commentary.

A renderer gets a `Call` (the component, its query's result, every result of the page, where it is for
error messages, and the render context) and returns one block of HTML with no blank line in it (it sits
inside the page's markdown). Charts are built in figures.py and always come with their numbers as a table
(the text alternative).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from numbers import Number

from runner.pages.context import Call, RenderContext, esc
from runner.pages.figures import benchmark_trend, chart, draw, last_24_months, neighbour_bars, year_on_year
from runner.pages.formatting import (
    LABELS,
    UNIT_SUFFIX,
    format_amount,
    format_cell,
    format_date,
    format_difference,
    format_number,
    format_relative,
    fy_label,
    gap_phrase,
    heading,
    is_number_type,
    label,
    period_label,
    rank_phrase,
    relative_gap_phrase,
)
from runner.pages.parsing import SPECS, Attr, Component, PageError, column_list
from runner.pages.sentences import RATED, context_sentence, is_year_end, rag_counts, rag_summary

# --- cards ----------------------------------------------------------------------------------------

#: a card's benchmark lines, in order: (attribute, label). Each needs benchmarkYear and is left out where
#: `comparable` is false (a volume beside England's total).
CARD_BENCHMARKS: list[tuple[str, str]] = [
    ("england", "England"),
    ("region", "Region"),
    ("neighbours", "Statistical neighbours"),
]
ARROWS = {"up": "▲", "down": "▼", "no_change": "→"}
#: what the direction compares with, as a card and a table say it
BASIS_PHRASE = {"same_time_last_year": "the same time last year", "previous_month_end": "the previous month end"}
BASIS_SHORT = {"same_time_last_year": "on last year", "previous_month_end": "on last month"}


def big_value(call: Call) -> str:
    component = call.component
    return f'<div class="bigvalues">{"".join(card(component, r) for r in call.data.records())}</div>'


def _column(component: Component, record: dict, attribute: str) -> object:
    """The row's value in the column an attribute names (None when the attribute is not given)."""
    column = component.get(attribute)
    return record.get(column) if column else None


def card(component: Component, record: dict, *, title: str | None = None) -> str:
    """One card: title, value, period; the direction of travel (an arrow for the way the value moved, the
    judgement in words, what it compares with); then each comparison the component names and the row has:
    the same time last year with the change, last year's outturn, the target with the gap to it, the
    benchmarks with their year, the rank and quartile band; the RAG rating in words."""
    value_column = component.get("value") or "value"
    unit = component.get("fmt") or record.get("unit")
    if title is None:
        title = record.get(component.get("label")) if component.get("label") else None
        title = title or component.get("title") or record.get("indicator_name") or value_column
    value = record.get(value_column)
    value_text = format_number(value, unit, long=True) if value is not None else "not available"
    period = period_label(record.get("period_type") or record.get("headline_period_type"),
                          record.get("period_start"), record.get("period_end"))
    status = str(record.get(component.get("status")) or "none") if component.get("status") else "none"
    suffix = ""
    if value is not None and unit in ("rate_per_10k", "days"):
        value_text = format_number(value, unit)
        suffix = f'<span class="bigvalue-unit">{esc(UNIT_SUFFIX[unit])}</span>'
    parts = [f'<div class="bigvalue-title">{esc(title)}</div>',
             f'<div class="bigvalue-value">{esc(value_text)}{suffix}</div>']
    if period:
        parts.append(f'<div class="bigvalue-period">{esc(period)}</div>')

    def line(text: str, kind: str = "comparison") -> None:
        parts.append(f'<div class="bigvalue-{kind}">{esc(text)}</div>')

    direction = _column(component, record, "direction")
    if direction in ARROWS:
        judgement = _column(component, record, "judgement")
        basis = BASIS_PHRASE.get(str(_column(component, record, "basis")), "")
        word = {"better": "better than", "worse": "worse than", "same": "no change on"}.get(
            str(judgement), {"up": "up on", "down": "down on", "no_change": "no change on"}[direction])
        kind = judgement if judgement in ("better", "worse") else "neutral"
        parts.append(f'<div class="bigvalue-direction dot dot-{esc(kind)}">'
                     f'{ARROWS[direction]} {esc(word)} {esc(basis) if basis else "before"}</div>')
    if component.get("comparison"):
        comparison = record.get(component.get("comparison"))
        name = component.get("comparisonTitle") or component.get("comparison")
        if comparison is not None:
            delta = f" ({format_difference(float(value) - float(comparison), unit)})" if value is not None else ""
            line(f"{name}: {format_number(comparison, unit, long=True)}{delta}")
    same_time = _column(component, record, "sameTimeLastYear")
    outturn, outturn_year = _column(component, record, "outturn"), _column(component, record, "outturnYear")
    # at 31 March the same time last year is last year's outturn: one line says both
    same_as_outturn = (outturn is not None and same_time is not None
                       and is_year_end(_column(component, record, "sameTimeLastYearEnd"), outturn_year))
    if same_time is not None:
        change = _column(component, record, "change")
        if change is None and value is not None:
            change = float(value) - float(same_time)
        delta = f" ({format_difference(float(change), unit)})" if change is not None else ""
        outturn_note = f" ({fy_label(outturn_year)} outturn)" if same_as_outturn else ""
        line(f"Same time last year{outturn_note}: {format_number(same_time, unit, long=True)}{delta}")
    if outturn is not None and fy_label(outturn_year) and not same_as_outturn:
        line(f"Outturn {fy_label(outturn_year)}: {format_number(outturn, unit, long=True)}")
    target = _column(component, record, "target")
    if target is not None:
        text = f"Target: {format_number(target, unit, long=True)}"
        if value is not None:
            gap = _column(component, record, "gap")
            gap = float(value) - float(target) if gap is None else float(gap)
            text += f", {gap_phrase(gap, unit)}"
            relative = _column(component, record, "gapRelative")
            if unit != "percent" and relative is not None and round(gap, 1) != 0:
                text += f" ({relative_gap_phrase(float(relative))})"
        line(text)
    comparable = record.get(component.get("comparable")) if component.get("comparable") else True
    year = fy_label(record.get(component.get("benchmarkYear"))) if component.get("benchmarkYear") else ""
    if comparable is not False and year:
        for attribute, line_label in CARD_BENCHMARKS:
            other = _column(component, record, attribute)
            if other is None:
                continue
            if attribute == "region" and record.get("region_name"):
                line_label = record["region_name"]
            line(f"{line_label} {year}: {format_number(other, unit, long=True)}")
        rank = rank_phrase(_column(component, record, "rank"), _column(component, record, "rankOf"))
        if rank:
            band = _column(component, record, "band")
            line(f"Rank {year}: {rank}" + (f", quartile band {band}" if band else ""))
    if status in RATED:
        parts.append(f'<div class="bigvalue-status">{rag_badge(status)}</div>')
    return f'<div class="bigvalue bigvalue-{esc(status)}">{"".join(parts)}</div>'


def rag_badge(status: str | None) -> str:
    """A RAG rating in words on its colour (never the colour alone)."""
    if status not in RATED:
        return '<span class="rag rag-none">No rating</span>'
    return f'<span class="rag rag-{status}">{LABELS["rag_status"][status]}</span>'


# --- tables ---------------------------------------------------------------------------------------

LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)$")
BENCHMARK_COLUMNS = ("england_value", "region_value", "sn_value", "sn_median", "la_rank", "quartile_band")
#: differences in the value's unit (points for a percentage, signed), and relative ones (a signed percentage)
DIFFERENCE_COLUMNS = frozenset({"change_vs_last_year", "gap_to_target", "computed_minus_published"})
RELATIVE_COLUMNS = frozenset({"gap_to_target_pct"})
#: columns a table shows as their words (LABELS) rather than their codes
LABELLED = frozenset(LABELS) - {"rag_status", "direction_of_travel"}


def direction(record: dict, column: str) -> str:
    """The direction of travel: an arrow for the way the value moved (▲ up, ▼ down, → no change), the
    judgement in words (better, worse; none for a volume) and what it compares with (on last year: the same
    time last year; on last month: the previous month end)."""
    code = record.get("direction_of_travel", record.get(column))
    if code not in ARROWS:
        return "–"
    judgement = record.get("direction_judgement")
    word = {"better": "better", "worse": "worse", "same": "no change"}.get(
        str(judgement), {"up": "up", "down": "down", "no_change": "no change"}[code])
    kind = judgement if judgement in ("better", "worse") else "neutral"
    basis = BASIS_SHORT.get(str(record.get("direction_basis")), "")
    basis_html = f' <span class="dot-basis">{esc(basis)}</span>' if basis else ""
    return f'<span class="dot dot-{esc(kind)}">{ARROWS[code]} {esc(word)}</span>{basis_html}'


def link(text: str, ctx: RenderContext) -> str | None:
    match = LINK.match(text)
    if not match:
        return None
    href = match["href"]
    if href.startswith("lineage/"):
        href = ctx.lineage_base + href[len("lineage/"):]
    elif not re.match(r"^[a-z]+:", href):
        href = re.sub(r"\.md(?=$|#)", ".html", href)
    return f'<a href="{esc(href)}">{esc(match["text"])}</a>'


def data_table(call: Call) -> str:
    component, result = call.component, call.data
    columns = column_list(component.get("columns")) if component.get("columns") else [
        c for c in result.columns if c != "unit"]
    shown = [c for c in columns if c in BENCHMARK_COLUMNS]
    if shown and not any("year" in c.lower() for c in columns):
        raise PageError(f"{call.where}: <DataTable> shows {', '.join(shown)} without a benchmark year column "
                        "(a benchmark is always shown with its year)")
    limit = int(component.get("rows") or 0) or len(result.rows)
    row_id = component.get("rowId")
    head = "".join(f'<th scope="col"{_align(result.type_of(c))}>{esc(heading(c))}</th>' for c in columns)
    body = []
    for record in result.records()[:limit]:
        cells = []
        for k, column in enumerate(columns):
            value = record[column]
            type_name = result.type_of(column)
            if column == "rag_status":
                cell = rag_badge(value) if value in RATED else "–"
            elif column in ("direction_of_travel", "direction_judgement"):
                cell = direction(record, column)
            elif column in DIFFERENCE_COLUMNS and _is_number(value):
                cell = esc(format_difference(float(value), record.get("unit")))
            elif column in RELATIVE_COLUMNS and _is_number(value):
                cell = esc(format_relative(float(value)))
            elif column == "la_rank" and _is_number(value):
                cell = esc(rank_phrase(value, record.get("la_rank_count")))
            elif column in LABELLED and isinstance(value, str):
                cell = esc(label(column, value))
            elif column.endswith("_year") and isinstance(value, int) and not isinstance(value, bool):
                cell = esc(fy_label(value))  # a financial year, as the year it ends: 2025 is 2024-25
            else:
                text = format_cell(value, type_name, record.get("unit"))
                cell = link(text, call.ctx) or re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))
            tag = "th" if k == 0 else "td"
            scope = ' scope="row"' if k == 0 else ""
            cells.append(f"<{tag}{scope}{_align(type_name)}>{cell}</{tag}>")
        id_attr = f' id="{esc(_slug(record[row_id]))}"' if row_id and record[row_id] is not None else ""
        body.append(f"<tr{id_attr}>{''.join(cells)}</tr>")
    title = component.get("title")
    wide = len(columns) > 6
    hint = '<span class="datatable-hint"> Scroll sideways for every column.</span>' if wide else ""
    caption = f"<caption>{esc(title)}{hint}</caption>" if title else ""
    more = (f'<p class="datatable-more">The first {limit} of {len(result.rows)} rows.</p>'
            if limit < len(result.rows) else "")
    region = f' role="region" aria-label="{esc(title or "Table")}" tabindex="0"'
    classes = "datatable datatable-wide" if wide else "datatable"
    return (f'<div class="{classes}"{region}><table>{caption}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{more}</div>')


def _is_number(value: object) -> bool:
    return isinstance(value, Number) and not isinstance(value, bool)


def _align(type_name: str) -> str:
    return ' align="right"' if is_number_type(type_name) else ""


def _slug(value: object) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(value)).strip("-")


# --- sentences --------------------------------------------------------------------------------------

CONTEXT_REQUIRED = ("value", "unit", "period_type", "period_start", "period_end")


def context(call: Call) -> str:
    result = call.data
    missing = [c for c in CONTEXT_REQUIRED if c not in result.columns
               and not (c == "period_type" and "headline_period_type" in result.columns)]
    if missing:
        raise PageError(f"{call.where}: <Context> needs the columns {', '.join(CONTEXT_REQUIRED)}; "
                        f"the query has no {', '.join(missing)}")
    paragraphs = []
    for record in result.records():
        try:
            paragraphs.append(context_sentence(record, call.component.get("text")))
        except ValueError as exc:
            raise PageError(f"{call.where}: <Context>: {exc}") from exc
    return "".join(f'<p class="report-context">{esc(p)}</p>' for p in paragraphs)


RAG_SUMMARY_COLUMNS = ("rag_status", "polarity", "value", "target_value")


def rag_summary_line(call: Call) -> str:
    """The overview's one line on how the authority is doing, counted from the scorecard's ratings."""
    missing = [c for c in RAG_SUMMARY_COLUMNS if c not in call.data.columns]
    if missing:
        raise PageError(f"{call.where}: <RagSummary> needs the columns {', '.join(RAG_SUMMARY_COLUMNS)}; "
                        f"the query has no {', '.join(missing)}")
    counts = rag_counts(call.data.records())
    line = rag_summary(counts)
    for status in RATED:
        line = re.sub(rf"^(.*?)\b({getattr(counts, status)} {status})\b",
                      lambda m, s=status: f'{m.group(1)}<span class="rag rag-{s}">{m.group(2)}</span>', line, count=1)
    when = ""
    if call.component.get("date") and call.data.rows:
        day = call.data.records()[0].get(call.component.get("date"))
        when = f"At {format_date(day, long=True)}: " if isinstance(day, date | datetime) else ""
    data = " ".join(f'data-{name.replace("_", "-")}="{getattr(counts, name)}"'
                    for name in ("red", "amber", "green", "without_target", "no_value", "volumes"))
    return (f'<p class="rag-summary" {data}><strong>{esc(when)}{line}.</strong> '
            f'Of {counts.total} measures, those with a target are rated: green meets it, amber misses it by no '
            f'more than the tolerance, red misses it by more.</p>')


def commentary(call: Call) -> str:
    name = call.component.get("indicator") or call.ctx.id_prefix
    return commentary_html(call.ctx, name)


def commentary_html(ctx: RenderContext, name: str) -> str:
    """The officers' note on a page or an indicator, or nothing."""
    note = ctx.notes.html(name) if ctx.notes is not None else None
    if not note:
        return ""
    return (f'<aside class="commentary" data-note="{esc(name)}" aria-label="Commentary">'
            f'<p class="commentary-title">Commentary</p>{note}</aside>')

# --- an indicator's section -------------------------------------------------------------------------

INDICATOR_COLUMNS = ("indicator_id", "indicator_name", "unit", "chart_kind", "chart_period_type",
                     "benchmarks_on_chart", "no_chart_reason")
SERIES_COLUMNS = ("period_end", "financial_year", "month_of_year", "value", "target_value")
TREND_COLUMNS = ("benchmark_year", "is_latest", "la_name", "published_la_value", "published_la_status",
                 "england_value", "region_name", "region_value", "sn_value", "sn_median", "sn_count", "la_rank",
                 "la_rank_count", "quartile_band", "computed_year_end_value")
NEIGHBOUR_COLUMNS = ("benchmark_year", "bar_order", "is_authority", "neighbour_rank", "bar_la_name", "value",
                     "status", "status_reason", "la_rank", "la_rank_count", "quartile_band")
#: the scorecard's columns an indicator's card shows, by BigValue attribute
CARD_ATTRIBUTES = (
    ("value", "value"), ("target", "target_value"), ("gap", "gap_to_target"), ("gapRelative", "gap_to_target_pct"),
    ("sameTimeLastYear", "same_time_last_year_value"), ("sameTimeLastYearEnd", "same_time_last_year_period_end"),
    ("change", "change_vs_last_year"),
    ("outturn", "last_year_outturn_value"), ("outturnYear", "last_year_outturn_year"),
    ("direction", "direction_of_travel"), ("judgement", "direction_judgement"), ("basis", "direction_basis"),
    ("england", "england_value"), ("region", "region_value"), ("neighbours", "sn_value"),
    ("rank", "la_rank"), ("rankOf", "la_rank_count"), ("band", "quartile_band"),
    ("benchmarkYear", "benchmark_year"), ("comparable", "benchmark_comparable"), ("status", "rag_status"),
)


def indicator(call: Call) -> str:
    """<Indicator id=X text=".."/>: the context sentence, the chart the reporting model chose for X (this
    year against last, 24 months, a card, or the reason there is none), its numbers, the published figures
    the way LAIT shows them (five-year trend, the neighbours' bars, rank and quartile band) where X has a
    comparable published measure, our records against the published figure, and the officers' note."""
    component = call.component
    indicator_id = component.get("id")
    headline = call.data
    series = call.results[component.attrs["series"].value]
    trend = call.results[component.attrs["trend"].value]
    neighbours = call.results[component.attrs["neighbours"].value]
    if not headline.rows:
        raise PageError(f"{call.where}: <Indicator id={indicator_id}>: the scorecard has no row for "
                        f"{indicator_id} (is it in the indicator catalogue?)")
    for result, needed in ((headline, INDICATOR_COLUMNS), (series, SERIES_COLUMNS), (trend, TREND_COLUMNS),
                           (neighbours, NEIGHBOUR_COLUMNS)):
        missing = [c for c in needed if c not in result.columns]
        if missing:
            raise PageError(f"{call.where}: <Indicator id={indicator_id}>: no column {', '.join(missing)}")
    record = headline.records()[0]
    try:
        sentence = context_sentence(record, component.get("text"))
    except ValueError as exc:
        raise PageError(f"{call.where}: <Indicator id={indicator_id}>: {exc}") from exc
    kind = record["chart_kind"]
    parts = [f'<p class="report-context">{esc(sentence)}</p>']
    title = component.get("title") or record["indicator_name"]
    if kind in ("year_on_year", "series") and series.rows:
        figure = (year_on_year if kind == "year_on_year" else last_24_months)(record, series.records(), title, call.ctx)
        figure.attributes = {"indicator": indicator_id, "chart": kind}
        parts.append(draw(figure, call.ctx))
    elif kind == "card":
        card_component = Component("BigValue", {}, component.line)
        for attribute, column in CARD_ATTRIBUTES:
            card_component.attrs[attribute] = Attr(column)
        parts.append(f'<div class="indicator-card" data-indicator="{esc(indicator_id)}" data-chart="card">'
                     f'<div class="bigvalues">{card(card_component, record, title=title)}</div>'
                     f'<p class="chart-note">{esc(record["no_chart_reason"])}</p></div>')
    else:
        reason = record.get("no_chart_reason") or "No values to chart."
        call.ctx.warn(f"warning: {call.where}, <Indicator id={indicator_id}>: no chart; the page says {reason!r}")
        parts.append(f'<p class="report-nochart" data-indicator="{esc(indicator_id)}" data-chart="none">'
                     f"No chart. {esc(reason)}</p>")
    if trend.rows:
        parts.append(benchmark_view(record, trend.records(), neighbours.records(), title, call.ctx))
    check = published_check(record)
    if check:
        parts.append(f'<p class="report-check" data-indicator="{esc(indicator_id)}">{esc(check)}</p>')
    parts.append(commentary_html(call.ctx, indicator_id))
    return f'<div class="indicator" data-indicator="{esc(indicator_id)}">{"".join(parts)}</div>'


def benchmark_view(record: dict, trend: list[dict], neighbours: list[dict], title: str, ctx: RenderContext) -> str:
    """The published figures the way the DfE's LAIT shows them: the rank and quartile band in a sentence, the
    five-year trend of the authority, England, its region and its neighbours, and each neighbour's latest
    value as a bar beside the authority's."""
    latest = next((r for r in trend if r["is_latest"]), trend[-1])
    year = fy_label(latest["benchmark_year"])
    name = latest.get("la_name") or ctx.authority_name
    rank = rank_phrase(latest.get("la_rank"), latest.get("la_rank_count"))
    if rank:
        band = latest.get("quartile_band")
        text = (f"In {year} {name} ranked {rank} local authorities with a published figure (1 is the best)"
                + (f", in quartile band {band} (A is the best quarter, D the worst)." if band else "."))
    elif record.get("polarity") == "context":
        text = (f"Authorities are not ranked on this measure: neither a higher nor a lower value is better. "
                f"The figures below are for {year}.")
    elif latest.get("published_la_value") is None:
        status = label("published_la_status", latest.get("published_la_status")) or "not published"
        text = f"{name}'s figure for {year} is not published ({status.lower()}), so it has no rank that year."
    else:
        text = f"No rank for {year}."
    parts = ['<p class="benchmark-title"><strong>Published figures, as the DfE\'s LAIT shows them</strong></p>',
             f'<p class="benchmark-rank">{esc(text)}</p>']
    figure = benchmark_trend(record, trend, title, ctx)
    figure.attributes = {"indicator": record["indicator_id"], "chart": "benchmark_trend"}
    parts.append(draw(figure, ctx))
    if neighbours:
        figure = neighbour_bars(record, neighbours, title, ctx)
        figure.attributes = {"indicator": record["indicator_id"], "chart": "neighbour_bars"}
        parts.append(draw(figure, ctx))
    return f'<div class="benchmark-view" data-indicator="{esc(record["indicator_id"])}">{"".join(parts)}</div>'


def published_check(record: dict) -> str:
    """Our records against the authority's own published figure for the same year, where both exist: 'Our
    records give 21.4% for 2024-25; the published figure is 22.0%.'"""
    ours, published = record.get("computed_year_end_value"), record.get("published_la_value")
    year = fy_label(record.get("benchmark_year"))
    if ours is None or not year:
        return ""
    unit = record.get("unit")
    text = f"Our records give {format_number(ours, unit, long=True)} for {year}; "
    if published is None:
        status = label("published_la_status", record.get("published_la_status"))
        if not status:
            return ""
        return text + f"the published figure is {status.lower()}."
    difference = float(ours) - float(published)
    text += f"the published figure is {format_number(published, unit, long=True)}"
    if round(difference, 1) == 0:
        return text + " (the same, to one decimal place)."
    return text + f" ({format_amount(difference, unit)} {'higher' if difference > 0 else 'lower'} in our records)."

RENDERERS: dict[str, Callable[[Call], str]] = {
    "BigValue": big_value, "DataTable": data_table, "Context": context, "LineChart": chart, "BarChart": chart,
    "Indicator": indicator, "RagSummary": rag_summary_line, "Commentary": commentary,
}
assert set(RENDERERS) == set(SPECS), "every component has a renderer"

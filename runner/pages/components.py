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
from runner.pages.figures import chart, draw, last_24_months, year_on_year
from runner.pages.formatting import (
    LABELS,
    UNIT_SUFFIX,
    format_cell,
    format_date,
    format_difference,
    format_number,
    fy_label,
    heading,
    is_number_type,
    label,
    period_label,
)
from runner.pages.parsing import SPECS, Attr, Component, PageError, column_list
from runner.pages.sentences import RATED, context_sentence, rag_counts, rag_summary

# --- cards ----------------------------------------------------------------------------------------

#: a card's comparison lines, in order: (attribute, label, kind). kind "target" shows the difference and
#: the RAG rating; "benchmark" needs benchmarkYear and is left out where `comparable` is false. The
#: comparisons issue's lines (same time last year, outturn, gap, direction) are added here.
CARD_LINES: list[tuple[str, str, str]] = [
    ("target", "Target", "target"),
    ("england", "England", "benchmark"),
    ("region", "Region", "benchmark"),
    ("neighbours", "Statistical neighbours", "benchmark"),
]


def big_value(call: Call) -> str:
    component = call.component
    return f'<div class="bigvalues">{"".join(card(component, r) for r in call.data.records())}</div>'


def card(component: Component, record: dict, *, title: str | None = None) -> str:
    """One card: title, value, period, then each comparison the component names and the row has."""
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
    if component.get("comparison"):
        comparison = record.get(component.get("comparison"))
        name = component.get("comparisonTitle") or component.get("comparison")
        if comparison is not None:
            delta = f" ({format_difference(float(value) - float(comparison), unit)})" if value is not None else ""
            parts.append(f'<div class="bigvalue-comparison">{esc(name)}: '
                         f'{esc(format_number(comparison, unit, long=True))}{esc(delta)}</div>')
    comparable = record.get(component.get("comparable")) if component.get("comparable") else True
    year = fy_label(record.get(component.get("benchmarkYear"))) if component.get("benchmarkYear") else ""
    for attribute, line_label, kind in CARD_LINES:
        column = component.get(attribute)
        if column is None or record.get(column) is None:
            continue
        other = record[column]
        if kind == "benchmark":
            if comparable is False or not year:
                continue
            if attribute == "region" and record.get("region_name"):
                line_label = record["region_name"]
            text = f"{line_label} {year}: {format_number(other, unit, long=True)}"
        else:
            text = f"{line_label}: {format_number(other, unit, long=True)}"
            if kind == "target" and value is not None:
                text += f" ({format_difference(float(value) - float(other), unit)})"
        parts.append(f'<div class="bigvalue-comparison">{esc(text)}</div>')
    if status in RATED:
        parts.append(f'<div class="bigvalue-status">{rag_badge(status)}</div>')
    return f'<div class="bigvalue bigvalue-{esc(status)}">{"".join(parts)}</div>'


def rag_badge(status: str | None) -> str:
    """A RAG rating in words on its colour (never the colour alone)."""
    if status not in RATED:
        return '<span class="rag rag-none">No rating</span>'
    return f'<span class="rag rag-{status}">{LABELS["rag_status"][status]}</span>'


# --- tables ---------------------------------------------------------------------------------------

#: without the values to compare, a judgement (improving, worsening) has no arrow: an arrow shows only
#: which way the value moved, never whether that was good
DIRECTION_LABEL = {
    "improving": "improving", "worsening": "worsening", "increasing": "▲ increasing",
    "decreasing": "▼ decreasing", "no change": "→ no change", "not available": "–",
    "up": "▲ up", "down": "▼ down", "no_change": "→ no change",
}
JUDGEMENT_WORDS = {"improving": "improving", "worsening": "worsening", "increasing": "increasing",
                   "decreasing": "decreasing", "no change": "no change", "better": "better", "worse": "worse",
                   "same": "no change", "up": "up", "down": "down", "no_change": "no change"}
LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)$")
BENCHMARK_COLUMNS = ("england_value", "region_value", "sn_value")
#: columns a table shows as their words (LABELS) rather than their codes
LABELLED = frozenset(LABELS) - {"rag_status", "direction_of_travel"}


def direction(record: dict, column: str) -> str:
    """The direction of travel: an arrow for the way the value moved (▲ up, ▼ down, → unchanged) and the
    judgement in words ('improving' is never an arrow pointing the wrong way)."""
    code = record.get(column)
    judgement = record.get("direction_judgement") or code
    value, previous = record.get("value"), record.get("previous_value")
    if code in (None, "not available"):
        return "–"
    if isinstance(value, Number) and isinstance(previous, Number) and not isinstance(value, bool):
        arrow = "▲" if value > previous else ("▼" if value < previous else "→")
        word = JUDGEMENT_WORDS.get(str(judgement), str(judgement).replace("_", " "))
        return f'<span class="dot dot-{esc(str(judgement).replace(" ", "-"))}">{arrow} {esc(word)}</span>'
    shown = DIRECTION_LABEL.get(str(code), str(code))
    return f'<span class="dot dot-{esc(str(code).replace(" ", "-"))}">{esc(shown)}</span>'


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


def indicator(call: Call) -> str:
    """<Indicator id=X text=".."/>: the context sentence, the chart the reporting model chose for X (this
    year against last, 24 months, a card, or the reason there is none), its numbers and the officers' note."""
    component = call.component
    indicator_id = component.get("id")
    headline = call.data
    series = call.results[component.attrs["series"].value]
    if not headline.rows:
        raise PageError(f"{call.where}: <Indicator id={indicator_id}>: the scorecard has no row for "
                        f"{indicator_id} (is it in the indicator catalogue?)")
    for result, needed in ((headline, INDICATOR_COLUMNS), (series, SERIES_COLUMNS)):
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
        for attribute, column in (("value", "value"), ("target", "target_value"), ("england", "england_value"),
                                  ("region", "region_value"), ("neighbours", "sn_value"),
                                  ("benchmarkYear", "benchmark_year"), ("comparable", "benchmark_comparable"),
                                  ("status", "rag_status")):
            card_component.attrs[attribute] = Attr(column)
        parts.append(f'<div class="indicator-card" data-indicator="{esc(indicator_id)}" data-chart="card">'
                     f'<div class="bigvalues">{card(card_component, record, title=title)}</div>'
                     f'<p class="chart-note">{esc(record["no_chart_reason"])}</p></div>')
    else:
        reason = record.get("no_chart_reason") or "No values to chart."
        call.ctx.warn(f"warning: {call.where}, <Indicator id={indicator_id}>: no chart; the page says {reason!r}")
        parts.append(f'<p class="report-nochart" data-indicator="{esc(indicator_id)}" data-chart="none">'
                     f"No chart. {esc(reason)}</p>")
    parts.append(commentary_html(call.ctx, indicator_id))
    return f'<div class="indicator" data-indicator="{esc(indicator_id)}">{"".join(parts)}</div>'

RENDERERS: dict[str, Callable[[Call], str]] = {
    "BigValue": big_value, "DataTable": data_table, "Context": context, "LineChart": chart, "BarChart": chart,
    "Indicator": indicator, "RagSummary": rag_summary_line, "Commentary": commentary,
}
assert set(RENDERERS) == set(SPECS), "every component has a renderer"

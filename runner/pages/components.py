"""Each component as HTML (and SVG): cards, tables, sentences, charts, an indicator's whole section, the
overview's summary line and the officers' commentary.

A renderer gets a `Call` (the component, its query's result, every result of the page, where it is for
error messages, and the render context) and returns one block of HTML with no blank line in it (it sits
inside the page's markdown). Charts always come with their numbers as a table (the text alternative).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from numbers import Number

from runner.pages import charts
from runner.pages.formatting import (
    LABELS,
    MONTHS_OF_YEAR,
    UNIT_SUFFIX,
    axis_title,
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
from runner.pages.parsing import SPECS, Attr, Component, PageError, Result, column_list, number
from runner.pages.sentences import RATED, context_sentence, rag_counts, rag_summary


@dataclass
class RenderContext:
    """What a page needs to know about where it is rendered."""

    #: the series label of the authority's own values in charts, e.g. "Peterborough"
    authority_name: str = "This authority"
    #: where the dbt docs (lineage) are, relative to the page, with a trailing slash
    lineage_base: str = "lineage/"
    #: where a warning goes (emptySet=warn)
    warn: Callable[[str], None] = print
    #: a prefix for ids inside the page's SVG charts (inline SVGs share one id space); also the page's name
    id_prefix: str = "page"
    #: the officers' notes for this authority and date (runner.commentary.Notes), if any
    notes: object | None = None
    #: charts drawn so far on the page (numbers their ids)
    charts: int = 0


@dataclass
class Call:
    component: Component
    data: Result
    results: dict[str, Result]
    where: str
    ctx: RenderContext = field(default_factory=RenderContext)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


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


# --- charts ---------------------------------------------------------------------------------------


@dataclass
class Figure:
    """A chart ready to draw: what `charts.chart_svg` needs, plus its words and its numbers."""

    kind: str  # line | bar
    points: list[dict]
    unit: str | None
    title: str
    subtitle: str = ""
    x_type: str = "temporal"
    x_order: list | None = None
    x_title: str | None = None
    y_title: str = ""
    target_line: list[dict] = field(default_factory=list)
    rules: list[tuple[str, float, str]] = field(default_factory=list)
    series_styles: dict[str, str] = field(default_factory=dict)
    swap: bool = False
    y_min: float | None = None
    #: the text alternative: column headings and rows of formatted cells
    table_head: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)


def chart(call: Call) -> str:
    """<LineChart/> and <BarChart/>: values by x (one line or bar set per series), a target and benchmarks."""
    component, result = call.component, call.data
    x, y = component.get("x"), component.get("y")
    series = component.get("series")
    records = result.records()
    x_type = result.type_of(x)
    if not is_number_type(result.type_of(y)):
        raise PageError(f"{call.where}: <{component.name}> y={y}: the column is {result.type_of(y)}, not a number")
    unit = component.get("fmt") or next((r.get("unit") for r in records if r.get("unit")), None)
    points = [{"x": _json_value(r[x]), "y": float(r[y]),
               "series": str(r[series]) if series else call.ctx.authority_name}
              for r in records if r[y] is not None and r[x] is not None]
    figure = Figure(
        kind="bar" if component.name == "BarChart" else "line",
        points=points, unit=unit, title=component.get("title") or "", subtitle=component.get("subtitle") or "",
        x_type="temporal" if x_type.startswith(("DATE", "TIMESTAMP")) else (
            "quantitative" if is_number_type(x_type) else "nominal"),
        x_title=component.get("xAxisTitle"), y_title=component.get("yAxisTitle") or axis_title(unit),
        swap=component.get("swapXY") == "true",
        y_min=number(component.get("yMin")) if component.get("yMin") else None,
    )
    target = component.get("target")
    target_label = component.get("targetLabel") or "Target"
    if target is not None:
        if number(target) is not None:
            figure.rules.append((f"{target_label} {format_number(number(target), unit)}", number(target), "target"))
        else:
            _target(figure, records, lambda r: _json_value(r[x]) if r[x] is not None else None, target, target_label)
    year_attr = component.get("benchmarkYear")
    for key, name, style in (("england", "England", "england"), ("region", "Region", "region"),
                             ("neighbours", "Statistical neighbours", "neighbours")):
        attr = component.get(key)
        if attr is None:
            continue
        value = number(attr) if number(attr) is not None else next(
            (float(r[attr]) for r in records if r[attr] is not None), None)
        if value is None:
            continue
        if key == "region" and "region_name" in result.columns:
            name = next((str(r["region_name"]) for r in records if r.get("region_name")), name)
        year = None
        if year_attr is not None:
            year = year_attr if number(year_attr) is not None and year_attr not in result.columns \
                else next((r[year_attr] for r in records if r[year_attr] is not None), None)
        if not fy_label(year):
            raise PageError(f"{call.where}: <{component.name}> {key}={attr}: a benchmark needs its year "
                            "(benchmarkYear=column or year, and a value in it)")
        figure.rules.append((f"{name} {fy_label(year)} {format_number(value, unit)}", value, style))
    x_heading = component.get("xAxisTitle") or heading(x)
    names = list(dict.fromkeys(p["series"] for p in points))
    figure.table_head = [x_heading, *names]
    by_x: dict = {}
    for point, record in zip(points, [r for r in records if r[y] is not None and r[x] is not None], strict=True):
        by_x.setdefault(point["x"], {})[point["series"]] = format_cell(record[y], result.type_of(y), unit)
    for x_value, cells in by_x.items():
        shown = format_cell(x_value if not isinstance(x_value, str) or figure.x_type != "temporal"
                            else date.fromisoformat(x_value))
        figure.table_rows.append([shown, *(cells.get(n, "–") for n in names)])
    return draw(figure, call.ctx)


def _target(figure: Figure, records: list[dict], x_of: Callable[[dict], object], column: str, name: str) -> None:
    """A target column: one value is a horizontal line; a target that changed is a step line."""
    values = {r[column] for r in records if r.get(column) is not None}
    if len(values) == 1:
        only = float(values.pop())
        figure.rules.append((f"{name} {format_number(only, figure.unit)}", only, "target"))
    elif values:
        figure.target_line = [{"x": x_of(r), "y": float(r[column]), "series": name}
                              for r in records if r.get(column) is not None and x_of(r) is not None]


def draw(figure: Figure, ctx: RenderContext) -> str:
    """The figure as HTML: caption, the chart wide and compact, and its numbers in a table."""
    if not figure.points:
        return '<p class="report-empty">No values to chart.</p>'
    ctx.charts += 1
    prefix = f"{ctx.id_prefix}-c{ctx.charts}"
    axis_note = _value_axis(figure)
    description = _describe(figure, axis_note)
    options = dict(x_type=figure.x_type, x_title=figure.x_title, y_title=figure.y_title,
                   target_line=figure.target_line, rules=figure.rules, swap=figure.swap, y_min=figure.y_min,
                   zero=figure.y_min is None,
                   series_styles=figure.series_styles, x_order=figure.x_order)
    wide = charts.chart_svg(figure.kind, figure.points, id_prefix=prefix, title=figure.title,
                            description=description, size=charts.WIDE, **options)
    compact = charts.chart_svg(figure.kind, figure.points, id_prefix=prefix + "n", title=figure.title,
                               description=description, size=charts.COMPACT, **options)
    caption = f"<strong>{esc(figure.title)}</strong>" if figure.title else ""
    lines = [text for text in (figure.subtitle, axis_note) if text]
    if lines:
        caption += f'<br><span class="chart-subtitle">{esc(" ".join(lines))}</span>'
    attributes = "".join(f' data-{k}="{esc(v)}"' for k, v in figure.attributes.items())
    return (f'<figure class="report-chart"{attributes}><figcaption>{caption}</figcaption>'
            f'<div class="chart-wide">{wide}</div><div class="chart-compact">{compact}</div>'
            f"{_numbers(figure)}</figure>")


def _value_axis(figure: Figure) -> str:
    """Bars start at zero. A line starts at zero unless its values lie high above it (the lowest above half
    the highest): then it starts at a round number below them, and the caption says so."""
    if figure.kind == "bar" or figure.swap:
        return ""
    values = [p["y"] for p in figure.points] + [p["y"] for p in figure.target_line] + [v for _l, v, _s in
                                                                                       figure.rules]
    low, high = min(values), max(values)
    if figure.y_min is None and low > 0 and low > high / 2:
        figure.y_min = charts.nice_floor(low, high)
    if figure.y_min is not None and figure.y_min > 0:
        return f"The vertical axis starts at {format_number(figure.y_min, figure.unit, long=True)}, not at zero."
    return ""


def _describe(figure: Figure, axis_note: str) -> str:
    """The chart in a sentence for a screen reader: what it shows, the latest values, the reference lines."""
    kind = "Bar chart" if figure.kind == "bar" else "Line chart"
    parts = [f"{kind}: {figure.title}." if figure.title else f"{kind}."]
    if figure.subtitle:
        parts.append(figure.subtitle)
    if figure.table_rows:
        last = figure.table_rows[-1]
        latest = ", ".join(f"{name} {cell}" for name, cell in zip(figure.table_head[1:], last[1:], strict=False)
                           if cell != "–")
        parts.append(f"Latest, {last[0]}: {latest}.")
    if figure.rules:
        parts.append("Lines: " + "; ".join(label_ for label_, _v, _s in figure.rules) + ".")
    if axis_note:
        parts.append(axis_note)
    parts.append("The numbers are in the table below the chart.")
    return " ".join(parts)


def _numbers(figure: Figure) -> str:
    """The chart's numbers as a table, folded away under the chart (its text alternative)."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in figure.table_head)
    rows = "".join("<tr>" + "".join(f'<{"th scope=row" if k == 0 else "td"}>{esc(c)}</{"th" if k == 0 else "td"}>'
                                    for k, c in enumerate(row)) + "</tr>" for row in figure.table_rows)
    lines = "".join(f"<li>{esc(label_)}</li>" for label_, _v, _s in figure.rules)
    notes = f'<ul class="chart-data-lines">{lines}</ul>' if lines else ""
    return (f'<details class="chart-data"><summary>The numbers in this chart</summary>'
            f'<table class="chart-data-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
            f"{notes}</details>")


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | str):
        return value
    return str(value)


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
        figure = (_year_on_year if kind == "year_on_year" else _series)(record, series.records(), title, call.ctx)
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


def _year_on_year(record: dict, rows: list[dict], title: str, ctx: RenderContext) -> Figure:
    """April to March, this financial year against last: a count's months as paired bars, a year-to-date
    percentage (or number of days) as two lines, with the target and, where comparable, the benchmarks."""
    unit = record["unit"]
    this_year = max(r["financial_year"] for r in rows)
    years = [this_year - 1, this_year]
    rows = [r for r in rows if r["financial_year"] in years]
    names = {year: fy_label(year) for year in years}
    points = [{"x": MONTHS_OF_YEAR[r["month_of_year"] - 1], "y": float(r["value"]),
               "series": names[r["financial_year"]]} for r in rows if r["value"] is not None]
    is_count = record["chart_period_type"] == "month"
    figure = Figure(
        kind="bar" if is_count else "line", points=points, unit=unit, title=title, x_type="nominal",
        x_order=list(MONTHS_OF_YEAR), y_title=axis_title(unit),
        series_styles={names[years[0]]: "previous", names[years[1]]: "current"},
        subtitle=(f"Each month's number, April to March: {names[this_year]} against {names[this_year - 1]}."
                  if is_count else
                  f"The year to date at each month end, April to March: {names[this_year]} against "
                  f"{names[this_year - 1]}. At March the year to date is the whole year, as the published "
                  "figures are."),
    )
    current = [r for r in rows if r["financial_year"] == this_year]
    _target(figure, current, lambda r: MONTHS_OF_YEAR[r["month_of_year"] - 1], "target_value", "Target")
    _benchmarks(figure, record)
    by_month: dict[int, dict[int, str]] = {}
    for r in rows:
        by_month.setdefault(r["month_of_year"], {})[r["financial_year"]] = format_number(r["value"], unit)
    targets = {r["month_of_year"]: r["target_value"] for r in current}
    has_target = any(v is not None for v in targets.values())
    figure.table_head = ["Month", names[years[0]], names[years[1]], *(["Target"] if has_target else [])]
    for month in sorted(by_month):
        row = [MONTHS_OF_YEAR[month - 1], by_month[month].get(years[0], "–"), by_month[month].get(years[1], "–")]
        if has_target:
            row.append(format_number(targets.get(month), unit))
        figure.table_rows.append(row)
    return figure


def _series(record: dict, rows: list[dict], title: str, ctx: RenderContext) -> Figure:
    """The last 24 months (a stock at each month end, or a rolling 12-month rate): a count as bars, anything
    else as a line, with the target and, where comparable, the benchmarks."""
    unit = record["unit"]
    shown = [r for r in rows if r["value"] is not None]
    first, last = rows[0]["period_end"], rows[-1]["period_end"]
    what = ("The 12 months to each month end" if record["chart_period_type"] == "rolling_12m"
            else "At each month end")
    figure = Figure(
        kind="bar" if unit == "count" else "line",
        points=[{"x": _json_value(r["period_end"]), "y": float(r["value"]), "series": ctx.authority_name}
                for r in shown],
        unit=unit, title=title, y_title=axis_title(unit),
        subtitle=f"{what}, {first:%B %Y} to {last:%B %Y}.",
    )
    _target(figure, rows, lambda r: _json_value(r["period_end"]), "target_value", "Target")
    _benchmarks(figure, record)
    has_target = any(r["target_value"] is not None for r in rows)
    figure.table_head = ["Month end", ctx.authority_name, *(["Target"] if has_target else [])]
    for r in rows:
        row = [f"{r['period_end']:%b %Y}", format_number(r["value"], unit)]
        if has_target:
            row.append(format_number(r["target_value"], unit))
        figure.table_rows.append(row)
    return figure


def _benchmarks(figure: Figure, record: dict) -> None:
    """England, region and neighbours as lines, with their year, where the chart may show them."""
    if not record.get("benchmarks_on_chart"):
        return
    year = fy_label(record.get("benchmark_year"))
    for column, name, style in (("england_value", "England", "england"),
                                ("region_value", record.get("region_name") or "Region", "region"),
                                ("sn_value", "Statistical neighbours", "neighbours")):
        if record.get(column) is not None and year:
            figure.rules.append((f"{name} {year} {format_number(record[column], figure.unit)}",
                                 float(record[column]), style))


RENDERERS: dict[str, Callable[[Call], str]] = {
    "BigValue": big_value, "DataTable": data_table, "Context": context, "LineChart": chart, "BarChart": chart,
    "Indicator": indicator, "RagSummary": rag_summary_line, "Commentary": commentary,
}
assert set(RENDERERS) == set(SPECS), "every component has a renderer"

"""Charts as figures: the values, target and benchmark lines a chart draws, its caption and its numbers as a
table (the text alternative), for <LineChart/>, <BarChart/> and an <Indicator/>'s chart. charts.py draws the SVG.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from runner.pages import charts
from runner.pages.context import Call, RenderContext, esc
from runner.pages.formatting import (
    MONTHS_OF_YEAR,
    axis_title,
    format_cell,
    format_number,
    fy_label,
    heading,
    is_number_type,
    label,
    ordinal,
    rank_phrase,
)
from runner.pages.parsing import PageError, number


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
    #: bars of several series side by side in each band (False: one bar per band, coloured by its series)
    grouped: bool = True
    y_min: float | None = None
    #: what the chart shows, in a sentence for a screen reader (default: its last row of numbers)
    summary: str = ""
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
                   grouped=figure.grouped,
                   zero=figure.y_min is None,
                   series_styles=figure.series_styles, x_order=figure.x_order)
    wide = ctx.svg(lambda: charts.chart_svg(figure.kind, figure.points, id_prefix=prefix, title=figure.title,
                                            description=description, size=charts.WIDE, **options))
    compact = ctx.svg(lambda: charts.chart_svg(figure.kind, figure.points, id_prefix=prefix + "n",
                                               title=figure.title, description=description, size=charts.COMPACT,
                                               **options))
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
    if figure.summary:
        parts.append(figure.summary)
    elif figure.table_rows:
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


def year_on_year(record: dict, rows: list[dict], title: str, ctx: RenderContext) -> Figure:
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


def last_24_months(record: dict, rows: list[dict], title: str, ctx: RenderContext) -> Figure:
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


def benchmark_trend(record: dict, rows: list[dict], title: str, ctx: RenderContext) -> Figure:
    """The last five published years (LAIT's trend): the authority, England, its region and its statistical
    neighbours' mean as lines, year by year; the numbers add the neighbours' median, the rank and band, and
    this project's own value for each year its records cover."""
    unit = record["unit"]
    name = next((r["la_name"] for r in rows if r.get("la_name")), None) or ctx.authority_name
    region = next((r["region_name"] for r in rows if r.get("region_name")), None) or "Region"
    years = [fy_label(r["benchmark_year"]) for r in rows]
    lines = ((name, "published_la_value", "current"), ("England", "england_value", "england"),
             (region, "region_value", "region"), ("Statistical neighbours (mean)", "sn_value", "neighbours"))
    points = [{"x": fy_label(r["benchmark_year"]), "y": float(r[column]), "series": series}
              for series, column, _style in lines for r in rows if r[column] is not None]
    figure = Figure(
        kind="line", points=points, unit=unit, title=f"{title}: the last five published years",
        x_type="nominal", x_order=years, y_title=axis_title(unit),
        series_styles={series: style for series, _column, style in lines},
        subtitle=(f"{name}, England, {region} and the mean of its statistical neighbours, each year to 31 March "
                  f"({years[0]} to {years[-1]}), as the DfE published them."),
    )
    has_ours = any(r.get("computed_year_end_value") is not None for r in rows)
    figure.table_head = ["Year", name, "England", region, "Neighbours' mean", "Neighbours' median", "Rank",
                         "Quartile band", *(["Our records"] if has_ours else [])]
    for r in rows:
        published = (format_number(r["published_la_value"], unit) if r["published_la_value"] is not None
                     else label("published_la_status", r.get("published_la_status")) or "–")
        row = [fy_label(r["benchmark_year"]), published, format_number(r["england_value"], unit),
               format_number(r["region_value"], unit), format_number(r["sn_value"], unit),
               format_number(r["sn_median"], unit), rank_phrase(r["la_rank"], r["la_rank_count"]) or "–",
               r["quartile_band"] or "–"]
        if has_ours:
            row.append(format_number(r.get("computed_year_end_value"), unit))
        figure.table_rows.append(row)
    return figure


def neighbour_bars(record: dict, rows: list[dict], title: str, ctx: RenderContext) -> Figure:
    """Each statistical neighbour's published value in the latest year as a bar, best first, with the
    authority's own bar apart (a different shade, and named "(this authority)"), and England's figure and
    the neighbours' mean as lines. The numbers list every neighbour, with why a value is missing."""
    unit = record["unit"]
    year = fy_label(rows[0]["benchmark_year"])
    own = "This authority"
    others = "Its statistical neighbours"

    def bar_name(r: dict) -> str:
        return f"{r['bar_la_name']} (this authority)" if r["is_authority"] else str(r["bar_la_name"])

    shown = [r for r in rows if r["value"] is not None]
    figure = Figure(
        kind="bar", unit=unit, title=f"{title}: its statistical neighbours in {year}", x_type="nominal",
        points=[{"x": bar_name(r), "y": float(r["value"]), "series": own if r["is_authority"] else others}
                for r in shown],
        x_order=[bar_name(r) for r in shown], y_title=axis_title(unit), swap=True, grouped=False,
        series_styles={own: "current", others: "previous"},
        subtitle=f"The published figures for {year}, best first; the authority's own bar is the dark one.",
    )
    for column, who, style in (("england_value", "England", "england"), ("sn_value", "Neighbours' mean",
                                                                         "neighbours")):
        if record.get(column) is not None and fy_label(record.get("benchmark_year")) == year:
            figure.rules.append((f"{who} {year} {format_number(record[column], unit)}", float(record[column]),
                                 style))
    own_row = next((r for r in rows if r["is_authority"]), None)
    missing = len(rows) - len(shown)
    summary = []
    if own_row is not None and own_row["value"] is not None:
        place = [r["bar_la_code"] for r in shown].index(own_row["bar_la_code"]) + 1
        summary.append(f"{own_row['bar_la_name']} {format_number(own_row['value'], unit)}, {ordinal(place)} of the "
                       f"{len(shown)} published values, best first.")
    neighbour_values = [r for r in shown if not r["is_authority"]]
    if neighbour_values:
        first, last = neighbour_values[0], neighbour_values[-1]
        summary.append(f"Its neighbours from {format_number(first['value'], unit)} ({first['bar_la_name']}) to "
                       f"{format_number(last['value'], unit)} ({last['bar_la_name']}).")
    if missing:
        summary.append(f"{missing} not published.")
    figure.summary = " ".join(summary)
    figure.table_head = ["Authority", "Nearness (1 nearest)", f"Published {year}", "Rank", "Quartile band"]
    for r in rows:
        value = (format_number(r["value"], unit) if r["value"] is not None else
                 r.get("status_reason") or label("published_la_status", r.get("status")) or "not published")
        figure.table_rows.append([bar_name(r), str(r["neighbour_rank"]) if r["neighbour_rank"] else "–", value,
                                  rank_phrase(r["la_rank"], r["la_rank_count"]) or "–", r["quartile_band"] or "–"])
    return figure

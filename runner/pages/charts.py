"""Static SVG charts for the report: Vega-Lite specs rendered offline by vl-convert.

No JavaScript and no network at view time: the SVG is embedded in the page. Several SVGs share one
page, so every id inside a chart is prefixed to keep them apart. Each chart is drawn twice, wide (for a
desktop, a tablet and print) and compact (for a phone: fewer ticks, larger type); the page's stylesheet
shows one of them. Colour is never the only signal: series differ in dash or in shade as well, and the
legend names each.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

MAIN_COLOURS = ["#1f5fa8", "#e07b00", "#2a9d8f", "#8e44ad", "#7f8c8d", "#c0392b"]
#: reference lines and series with a set look: (colour, dash, fill for bars)
STYLES = {
    "target": ("#c0392b", [6, 4], None),
    "england": ("#444444", [2, 3], None),
    "region": ("#2e8b57", [8, 3, 2, 3], None),
    "neighbours": ("#8e44ad", [10, 4], None),
    # this year against last year: last year dashed and grey (lines) or pale (bars)
    "current": ("#1f5fa8", [1, 0], "#1f5fa8"),
    "previous": ("#6b7a8f", [5, 3], "#c9d6ea"),
}
FONT = "Roboto, Helvetica, Arial, sans-serif"
MONTH_LABELS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar")


@dataclass(frozen=True)
class Size:
    width: int
    height: int
    font: int
    legend_columns: int
    month_step: int  # months between ticks on a time axis


WIDE = Size(640, 220, 11, 3, 3)
COMPACT = Size(330, 200, 13, 1, 6)


def chart_spec(
    kind: str,
    points: list[dict],
    *,
    x_type: str = "temporal",
    x_title: str | None = None,
    y_title: str = "",
    target_line: list[dict] | None = None,
    rules: list[tuple[str, float, str]] | None = None,
    swap: bool = False,
    grouped: bool = True,
    y_min: float | None = None,
    zero: bool | None = None,
    series_styles: dict[str, str] | None = None,
    x_order: list | None = None,
    size: Size = WIDE,
) -> dict:
    """A layered Vega-Lite spec: the values (lines or bars, one per series), a target line, and horizontal
    reference lines (target, England, region, statistical neighbours), with one legend naming each.

    x_type "temporal" (dates), "nominal" (categories, in x_order if given) or "quantitative". y_min sets
    where the value axis starts; zero (default: bars yes, lines no) whether it includes zero.
    series_styles maps a series name to a STYLES key (e.g. "current", "previous")."""
    target_line = target_line or []
    rules = rules or []
    series_styles = series_styles or {}
    series = list(dict.fromkeys(p["series"] for p in points))
    target_series = list(dict.fromkeys(p["series"] for p in target_line))
    domain = series + target_series + [label for label, _value, _style in rules]
    colours, dashes, fills = [], [], []
    plain = iter(MAIN_COLOURS * (len(series) // len(MAIN_COLOURS) + 1))
    for name in series:
        if name in series_styles:
            colour, dash, fill = STYLES[series_styles[name]]
        else:
            colour = next(plain)
            dash, fill = [1, 0], colour
        colours.append(colour)
        dashes.append(dash)
        fills.append(fill or colour)
    for _name in target_series:
        colours.append(STYLES["target"][0])
        dashes.append(STYLES["target"][1])
        fills.append(STYLES["target"][0])
    for _label, _value, style in rules:
        colours.append(STYLES[style][0])
        dashes.append(STYLES[style][1])
        fills.append(STYLES[style][0])
    legend = {"title": None, "orient": "bottom", "direction": "horizontal", "symbolType": "stroke",
              "columns": size.legend_columns, "labelLimit": 600}
    colour = {"field": "series", "type": "nominal", "scale": {"domain": domain, "range": colours},
              "legend": legend if len(domain) > 1 else None}
    dash = {"field": "series", "type": "nominal", "scale": {"domain": domain, "range": dashes}, "legend": None}

    if x_type == "temporal" and kind == "bar":
        # one band per month, labelled under its bar
        x = {"field": "x", "type": "ordinal", "timeUnit": "utcyearmonth", "title": x_title,
             "axis": {"format": "%b %y", "formatType": "utc", "labelAngle": -45,
                      **({"labelExpr": f"month(datum.value) % {size.month_step} == 0 ? datum.label : ''"}
                         if size.month_step > 3 else {})}}
    elif x_type == "temporal":
        x = {"field": "x", "type": "temporal", "timeUnit": "utcyearmonth", "title": x_title,
             "axis": {"format": "%b %Y" if size.month_step <= 3 else "%b %y", "formatType": "utc", "labelAngle": 0,
                      "grid": False, "tickCount": {"interval": "month", "step": size.month_step}}}
    else:
        x = {"field": "x", "type": "ordinal" if x_order else x_type, "title": x_title,
             "sort": x_order if x_order else None,
             "axis": {"labelAngle": 0 if swap or (x_order and size.width > 400) else -40,
                      "labelLimit": 220 if size.width > 400 else 150}}
    scale: dict = {"zero": (kind == "bar") if zero is None else zero}
    if y_min is not None:
        scale["domainMin"] = y_min
        scale["zero"] = False
    y = {"field": "y", "type": "quantitative", "title": y_title or None, "scale": scale,
         "axis": {"tickCount": 5}}
    if swap:
        x, y = y, x

    if kind == "bar":
        main_mark = {"type": "bar", "tooltip": False, "strokeWidth": 1}
        bar_legend = {**legend, "symbolType": "square", "symbolStrokeWidth": 1} if len(domain) > 1 else None
        main_encoding = {"x": x, "y": y,
                         "fill": {"field": "series", "type": "nominal",
                                  "scale": {"domain": domain, "range": fills}, "legend": bar_legend},
                         "stroke": {**colour, "legend": None}}
        if len(series) > 1 and grouped:
            main_encoding["xOffset" if not swap else "yOffset"] = {"field": "series", "sort": series}
    else:
        main_mark = {"type": "line", "point": {"filled": True, "size": 28}, "strokeWidth": 2}
        main_encoding = {"x": x, "y": y, "color": colour, "strokeDash": dash}
    layers = [{"data": {"values": points}, "mark": main_mark, "encoding": main_encoding}]
    if target_line:
        layers.append({
            "data": {"values": target_line},
            "mark": {"type": "line", "strokeWidth": 1.5, "interpolate": "step-after"},
            "encoding": {"x": x, "y": y, "color": colour, "strokeDash": dash},
        })
    if rules:
        value_channel = "x" if swap else "y"
        layers.append({
            "data": {"values": [{"value": value, "series": label} for label, value, _style in rules]},
            "mark": {"type": "rule", "strokeWidth": 1.5},
            "encoding": {
                value_channel: {"field": "value", "type": "quantitative"},
                "color": colour,
                "strokeDash": dash,
            },
        })
    height = size.height if not swap else max(size.height, 22 * len({p["x"] for p in points}) + 40)
    return {
        "width": size.width,
        "height": height,
        "background": "white",
        "padding": 8,
        "layer": layers,
        "resolve": {"scale": {"color": "shared", "strokeDash": "shared", "fill": "shared", "stroke": "shared"}},
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": size.font, "titleFontSize": size.font, "labelColor": "#333",
                     "titleColor": "#333", "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": size.font, "symbolStrokeWidth": 2, "symbolSize": 240},
        },
    }


def chart_svg(kind: str, points: list[dict], *, id_prefix: str, title: str = "", description: str = "",
              **options) -> str:
    """The chart as an SVG element, ready to embed in a page: role img, labelled by `description` (or the
    title), with every id prefixed."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart_spec(kind, points, **options))
    svg = namespace_ids(svg, id_prefix)
    label = html.escape(description or title or "Chart", quote=True)
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-label="{label}"', svg, count=1)
    svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f"<title>{html.escape(title or 'Chart')}</title>", svg,
                 count=1)
    return re.sub(r">\s*\n\s*<", "><", svg).replace("\n", " ")


def namespace_ids(svg: str, prefix: str) -> str:
    """Prefix every id in the SVG (and every reference to one), so charts on one page cannot collide."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})" if m.group(1) in ids else m.group(0), svg)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"' if m.group(1) in ids
                  else m.group(0), svg)


def nice_floor(low: float, high: float) -> float:
    """Where a value axis that does not start at zero starts: a round number a little below `low`."""
    span = max(high - low, abs(high) * 0.05, 1e-9)
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    if start == low:
        start -= step
    return 0.0 if start < 0 <= low else round(start, 10)

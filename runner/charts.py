"""Static SVG charts for the report: Vega-Lite specs rendered offline by vl-convert.

No JavaScript and no network at view time: the SVG is embedded in the page. Several SVGs share one
page, so every id inside a chart is prefixed to keep them apart.
"""

from __future__ import annotations

import html
import re

MAIN_COLOURS = ["#1f5fa8", "#e07b00", "#2a9d8f", "#8e44ad", "#7f8c8d", "#c0392b"]
#: reference lines: (colour, dash)
STYLES = {
    "target": ("#c0392b", [6, 4]),
    "england": ("#444444", [2, 3]),
    "region": ("#2e8b57", [8, 3, 2, 3]),
    "neighbours": ("#8e44ad", [10, 4]),
}
WIDTH, HEIGHT = 640, 220
FONT = "Roboto, Helvetica, Arial, sans-serif"


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
    y_min: float | None = None,
) -> dict:
    """A layered Vega-Lite spec: the values (line or bars), a target line, and horizontal reference lines
    (target, England, region, statistical neighbours), with one legend naming each."""
    target_line = target_line or []
    rules = rules or []
    series = list(dict.fromkeys(p["series"] for p in points))
    target_series = list(dict.fromkeys(p["series"] for p in target_line))
    domain = series + target_series + [label for label, _value, _style in rules]
    colours = MAIN_COLOURS[: len(series)] + [MAIN_COLOURS[-1]] * max(0, len(series) - len(MAIN_COLOURS))
    colours += [STYLES["target"][0]] * len(target_series) + [STYLES[style][0] for _l, _v, style in rules]
    dashes = [[1, 0]] * len(series) + [STYLES["target"][1]] * len(target_series)
    dashes += [STYLES[style][1] for _l, _v, style in rules]
    colour = {"field": "series", "type": "nominal", "scale": {"domain": domain, "range": colours},
              "legend": {"title": None, "orient": "bottom", "direction": "horizontal", "symbolType": "stroke",
                         "columns": 3, "labelLimit": 320}}
    if len(domain) == 1:
        colour["legend"] = None
    dash = {"field": "series", "type": "nominal", "scale": {"domain": domain, "range": dashes}, "legend": None}

    if x_type == "temporal" and kind == "bar":
        # one band per month, labelled under its bar
        x = {"field": "x", "type": "ordinal", "timeUnit": "utcyearmonth", "title": x_title,
             "axis": {"format": "%b %y", "formatType": "utc", "labelAngle": -45}}
    elif x_type == "temporal":
        x = {"field": "x", "type": "temporal", "timeUnit": "utcyearmonth", "title": x_title,
             "axis": {"format": "%b %Y", "formatType": "utc", "labelAngle": 0, "grid": False,
                      "tickCount": {"interval": "month", "step": 3}}}
    else:
        x = {"field": "x", "type": x_type, "title": x_title, "sort": None,
             "axis": {"labelAngle": 0 if swap else -40, "labelLimit": 220}}
    scale = {"zero": kind == "bar"}
    if y_min is not None:
        scale["domainMin"] = y_min
    y = {"field": "y", "type": "quantitative", "title": y_title or None, "scale": scale}
    if swap:
        x, y = y, x

    if kind == "bar":
        main_mark = {"type": "bar", "tooltip": False}
        main_encoding = {"x": x, "y": y, "color": colour}
        if len(series) > 1:
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
    height = HEIGHT if not swap else max(HEIGHT, 22 * len({p["x"] for p in points}) + 40)
    return {
        "width": WIDTH,
        "height": height,
        "background": "white",
        "padding": 8,
        "layer": layers,
        "resolve": {"scale": {"color": "shared", "strokeDash": "shared"}},
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": "#333", "titleColor": "#333",
                     "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 11, "symbolStrokeWidth": 2, "symbolSize": 240},
        },
    }


def chart_svg(kind: str, points: list[dict], *, id_prefix: str, title: str = "", **options) -> str:
    """The chart as an SVG element, ready to embed in a page."""
    import vl_convert

    svg = vl_convert.vegalite_to_svg(chart_spec(kind, points, **options))
    svg = namespace_ids(svg, id_prefix)
    label = html.escape(title or "Chart", quote=True)
    svg = re.sub(r"<svg\b", f'<svg role="img" aria-label="{label}"', svg, count=1)
    svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f"<title>{label}</title>", svg, count=1)
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

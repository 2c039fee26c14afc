"""The xlsx export: a workbook a committee clerk can paste into a paper as it is.

Sheets:

- **Scorecard**: one row per authority and indicator, in words not codes ("Year to date", "Rate per
  10,000", "Higher is better"), percentages as percentages, rates and days to one decimal place,
  benchmark years as the DfE writes them ("2024-25"), the RAG rating in words on its colour, the
  officers' commentary; widths set on every column, a filter, the header frozen, and printed landscape
  on A4, one page wide, the header repeated on every page. Its columns are one declarative list,
  SCORECARD_COLUMNS.
- **Commentary**: every note the officers wrote for the reporting date (commentary/, runner/commentary.py).
- one **"<family> (13 months)"** sheet per indicator family: each indicator's value at the last 13 month
  ends, with rows for its target and, for percentages, rates and days, the published benchmarks.
- **Breakdowns**: each indicator's headline figure at the reporting date (year to date for a flow, the
  month end for a stock) by ethnicity group, age band, sex, disability and team, each category with
  its numerator, denominator and value (the whole history is in indicator_breakdowns.csv/.parquet).
- **Definitions**: the catalogue, in words.

Published workbooks (`--publish`) show a suppressed cell as the text `c` and leave the commentary out
(officers' notes are not checked for small numbers). Numbers are stored as numbers with a number format,
dates as dates, and text a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from runner.errors import BadInput
from runner.export import safe_text
from runner.pages.formatting import LABELS, fy_label, label

RAG_FILLS = {
    "green": PatternFill("solid", start_color="FFC6EFCE", end_color="FFC6EFCE"),
    "amber": PatternFill("solid", start_color="FFFFEB9C", end_color="FFFFEB9C"),
    "red": PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE"),
}
RAG_FONTS = {"green": Font(bold=True, color="FF006100"), "amber": Font(bold=True, color="FF9C5700"),
             "red": Font(bold=True, color="FF9C0006")}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
#: number formats by unit: a percentage is stored as a fraction (19.3% is 0.193) and shown with one decimal
NUMBER_FORMATS = {"count": "#,##0", "percent": "0.0%", "rate_per_10k": "#,##0.0", "days": "#,##0.0"}
FRACTION_COUNT_FORMAT = "#,##0.0"  # a count that is not whole (a mean caseload, a benchmark average)
#: a difference, signed, by unit: a percentage's in points (stored as 2.5 for 2.5 points, not as a fraction)
DIFFERENCE_FORMATS = {"count": "+#,##0;-#,##0;0", "percent": '+0.0" points";-0.0" points";0.0" points"',
                      "rate_per_10k": "+#,##0.0;-#,##0.0;0.0", "days": "+#,##0.0;-#,##0.0;0.0"}
FRACTION_DIFFERENCE_FORMAT = "+#,##0.0;-#,##0.0;0.0"
RELATIVE_FORMAT = "+0.0%;-0.0%;0.0%"
DATE_FORMAT = "dd mmm yyyy"
MONTH_FORMAT = "mmm yyyy"
FAMILY_SHEETS = {"front_door": "Front door", "child_protection": "Child protection", "looked_after": "Looked after"}
SUPPRESSED_NOTE = "c: suppressed (a count of 1 to 5, or a value that would reveal one)."
NO_COMMENTARY_PUBLISHED = ("Officers' commentary is left out of published workbooks: notes are not checked for "
                           "small numbers.")

#: The Scorecard sheet's columns, in order: (header, scorecard column, kind). Kinds:
#:   value      a number in the row's unit (percent as %, rates and days to one decimal, counts whole)
#:   benchmark  the same, left empty for a count (a volume: England's total is not comparable)
#:   date       a date;  year  a financial year as "2024-25";  count  a whole number
#:   difference a difference in the row's unit, signed: points for a percentage ("+2.5 points", never "2.5%",
#:              which would read as a percentage of the value), the unit's format otherwise
#:   relative   a percentage of something else (the gap to target relative to the target), as a signed %
#:   rag        the RAG rating in words on its colour;  commentary  the officers' note
#:   text       text, with the words for a coded column (runner.pages.formatting.LABELS) instead of its code
SCORECARD_COLUMNS = [
    ("LA", "la_code", "text"),
    ("Authority", "la_name", "text"),
    ("Indicator", "indicator_name", "text"),
    ("Period", "headline_period_type", "text"),
    ("Period end", "period_end", "date"),
    ("Value", "value", "value"),
    ("Unit", "unit", "text"),
    ("A month earlier", "previous_value", "value"),
    ("Same time last year, period end", "same_time_last_year_period_end", "date"),
    ("Same time last year", "same_time_last_year_value", "value"),
    ("Change on the same time last year", "change_vs_last_year", "difference"),
    ("Last year's outturn, year", "last_year_outturn_year", "year"),
    ("Last year's outturn", "last_year_outturn_value", "value"),
    ("Direction of travel", "direction_of_travel", "text"),
    ("Direction compared with", "direction_basis", "text"),
    ("Better or worse", "direction_judgement", "text"),
    ("Target", "target_value", "value"),
    ("Target in force from", "target_effective_from", "date"),
    ("Gap to target", "gap_to_target", "difference"),
    ("Gap to target, relative (% of the target)", "gap_to_target_pct", "relative"),
    ("RAG", "rag_status", "rag"),
    ("England", "england_value", "benchmark"),
    ("Region", "region_value", "benchmark"),
    ("Statistical neighbours", "sn_value", "benchmark"),
    ("Statistical neighbours' median", "sn_median", "benchmark"),
    ("Neighbours used", "sn_count", "count"),
    ("Rank among LAs (1 best)", "la_rank", "count"),
    ("LAs ranked", "la_rank_count", "count"),
    ("Quartile band (A best)", "quartile_band", "text"),
    ("Benchmark year", "benchmark_year", "year"),
    ("Published value for the LA", "published_la_value", "value"),
    ("Our value at that year end", "computed_year_end_value", "value"),
    ("Ours minus published", "computed_minus_published", "difference"),
    ("Polarity", "polarity", "text"),
    ("Availability", "availability", "text"),
    ("Target source", "target_source", "text"),
    ("Commentary", "commentary", "commentary"),
    ("Id", "indicator_id", "text"),
]
#: widths (characters) where the content would ask for too much or too little
MAX_WIDTH = {"commentary": 60, "text": 46}
MIN_WIDTH = 7


@dataclass
class Extras:
    """What the workbook reads besides the exported marts: each authority's name and reporting date, how
    each indicator is compared (report_indicator_charts), the targets in force by month
    (report_monthly_series), and the officers' notes."""

    authorities: dict[str, dict] = field(default_factory=dict)
    comparable: dict[tuple[str, str], bool] = field(default_factory=dict)
    targets: dict[tuple[str, str, str, date], float] = field(default_factory=dict)
    notes: dict[str, object] = field(default_factory=dict)  # la_code -> runner.commentary.Notes
    pages: dict[str, str] = field(default_factory=dict)  # page name (index, front-door) -> its title in the site


def read_extras(warehouse: Path, indicator_ids: list[str], commentary: Path | None = None) -> Extras:
    """The report models the workbook needs (opened read-only), and the commentary for each authority."""
    import duckdb

    from runner.commentary import load_notes
    from runner.report import load_config, nav_titles

    extras = Extras()
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        raise BadInput(f"{warehouse}: cannot open the warehouse ({str(exc).splitlines()[0]})") from exc
    try:
        for row in _records(con, "select * from reporting.report_authority order by la_code", warehouse):
            extras.authorities[row["la_code"]] = row
        for row in _records(con, "select la_code, indicator_id, benchmark_comparable "
                                 "from reporting.report_indicator_charts", warehouse):
            extras.comparable[(row["la_code"], row["indicator_id"])] = bool(row["benchmark_comparable"])
        for row in _records(con, "select la_code, indicator_id, period_type, period_end, target_value "
                                 "from reporting.report_monthly_series where target_value is not null", warehouse):
            extras.targets[(row["la_code"], row["indicator_id"], row["period_type"], row["period_end"])] = \
                row["target_value"]
    finally:
        con.close()
    extras.pages = {Path(name).stem: title for name, title in nav_titles(load_config()).items()}
    for la_code, authority in extras.authorities.items():
        extras.notes[la_code] = load_notes(la_code, authority["as_at_date"], [*indicator_ids, *extras.pages],
                                           commentary)
    return extras


def _records(con, sql: str, warehouse: Path) -> list[dict]:
    import duckdb

    try:
        result = con.execute(sql)
    except duckdb.CatalogException as exc:
        relation = sql.split(" from ")[1].split()[0]
        raise BadInput(f"{warehouse}: {relation} is missing; run `runner build` first") from exc
    columns = [d[0] for d in result.description]
    return [dict(zip(columns, values, strict=True)) for values in result.fetchall()]


def write_workbook(path: Path, tables: dict[str, tuple[list[str], list[dict]]], publish: bool = False,
                   warehouse: Path | None = None, extras: Extras | None = None) -> None:
    """Write the workbook from the exported marts (already suppressed when publishing) and the extras (read
    from `warehouse` when not given)."""
    catalogue = tables["definitions"][1]
    if extras is None:
        extras = read_extras(warehouse, [row["indicator_id"] for row in catalogue]) if warehouse else Extras()
    if publish:
        extras.notes = {}
    book = Workbook()
    title = _title(extras)
    _scorecard_sheet(book.active, tables["scorecard"][1], extras, publish, title)
    _commentary_sheet(book.create_sheet("Commentary"), catalogue, extras, publish, title)
    families: dict[str, list[dict]] = defaultdict(list)
    for row in catalogue:
        families[row["family"]].append(row)
    for family, indicators in families.items():
        name = FAMILY_SHEETS.get(family, family.replace("_", " ").capitalize())
        _months_sheet(book.create_sheet(f"{name} (13 months)"[:31]), name, indicators,
                      tables["indicator_values"][1], tables["scorecard"][1], extras, publish, title)
    if "indicator_breakdowns" in tables:
        _breakdowns_sheet(book.create_sheet("Breakdowns"), catalogue, tables["indicator_breakdowns"][1], extras,
                          publish, title)
    _definitions_sheet(book.create_sheet("Definitions"), catalogue, title)
    book.save(path)


def _title(extras: Extras) -> str:
    if len(extras.authorities) == 1:
        authority = next(iter(extras.authorities.values()))
        return f"{authority['la_name']}: children's services performance at {authority['as_at_date']:%d %B %Y}"
    return "Children's services performance"


# --- cells ----------------------------------------------------------------------------------------


def number_format(unit: str | None, value: object) -> str:
    """The display format for a value in `unit`: a count that is not whole keeps one decimal place."""
    if unit == "count" and isinstance(value, float) and not value.is_integer():
        return FRACTION_COUNT_FORMAT
    return NUMBER_FORMATS.get(unit or "", "#,##0.0")


def put_value(cell, value: object, unit: str | None) -> None:
    """A value in its unit: a number with its format (a percentage as a fraction), or `c` when suppressed."""
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.alignment = Alignment(horizontal="right")
        return
    if value is None:
        return
    cell.value = value / 100 if unit == "percent" else value
    cell.number_format = number_format(unit, value)


def put_difference(cell, value: object, unit: str | None) -> None:
    """A signed difference in the row's unit: a percentage's in points (2.5 points is 2.5, shown "+2.5 points"),
    or `c` when suppressed."""
    if isinstance(value, str) or value is None:
        put_value(cell, value, unit)
        return
    cell.value = value
    whole = unit == "count" and float(value).is_integer()
    cell.number_format = DIFFERENCE_FORMATS.get(unit or "", FRACTION_DIFFERENCE_FORMAT) if (
        unit != "count" or whole) else FRACTION_DIFFERENCE_FORMAT


def _header(sheet, headers: list[str]) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _finish(sheet, title: str, subtitle: str, freeze: str, widths: dict[int, float], last_row: int) -> None:
    """Widths on every column, a filter over the table, the header frozen, and A4 landscape print set-up one
    page wide with the header row on every page and the title and page number in the margins."""
    for column in range(1, sheet.max_column + 1):
        width = widths.get(column, MIN_WIDTH)
        sheet.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH, round(width, 1))
    last_column = get_column_letter(sheet.max_column)
    sheet.auto_filter.ref = f"A1:{last_column}{max(last_row, 2)}"
    sheet.freeze_panes = freeze
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{last_column}{sheet.max_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddHeader.left.text = title.replace("&", "&&")
    sheet.oddHeader.right.text = subtitle.replace("&", "&&")
    sheet.oddFooter.right.text = "Page &P of &N"


def _fit(widths: dict[int, float], column: int, text: object, cap: float = 46) -> None:
    """Widen a column to its longest cell (to `cap`; longer text wraps)."""
    length = max((len(part) for part in str(text).split("\n")), default=0) + 2
    widths[column] = min(max(widths.get(column, MIN_WIDTH), length), cap)


def _header_widths(headers: list[str]) -> dict[int, float]:
    """A header wraps: it needs its longest word, not its whole length."""
    return {k: max(MIN_WIDTH, max(len(word) for word in header.split()) + 2) for k, header in
            enumerate(headers, start=1)}


# --- sheets ---------------------------------------------------------------------------------------


def _scorecard_sheet(sheet, rows: list[dict], extras: Extras, publish: bool, title: str) -> None:
    sheet.title = "Scorecard"
    headers = [header for header, _column, _kind in SCORECARD_COLUMNS]
    _header(sheet, headers)
    widths = _header_widths(headers)
    for r, row in enumerate(rows, start=2):
        unit = row.get("unit")
        comparable = extras.comparable.get((row["la_code"], row["indicator_id"]), unit != "count")
        for c, (_header_text, column, kind) in enumerate(SCORECARD_COLUMNS, start=1):
            cell = sheet.cell(row=r, column=c)
            value = row.get(column)
            if kind in ("value", "benchmark"):
                if kind == "benchmark" and not comparable:
                    value = None
                put_value(cell, value, unit)
                shown = (f"{value:,.1f}%" if unit == "percent" else f"{value:,.1f}") \
                    if isinstance(value, int | float) else (value or "")
            elif kind == "difference":
                put_difference(cell, value, unit)
                shown = (f"+{value:,.1f} points" if unit == "percent" else f"+{value:,.1f}") \
                    if isinstance(value, int | float) else (value or "")
            elif kind == "relative":
                # a relative gap ("19.1% higher than target"): a percentage of the target, whatever the unit
                put_value(cell, value, "percent")
                if isinstance(value, int | float):
                    cell.number_format = RELATIVE_FORMAT
                shown = f"+{value:,.1f}%" if isinstance(value, int | float) else (value or "")
            elif kind == "date":
                cell.value = value
                if value is not None:
                    cell.number_format = DATE_FORMAT
                shown = "00 Mmm 0000" if value else ""
            elif kind == "year":
                cell.value = shown = fy_label(value) or None
            elif kind == "count":
                cell.value = value
                if isinstance(value, int | float):
                    cell.number_format = "0"
                shown = value
            elif kind == "rag":
                shown = cell.value = LABELS["rag_status"].get(value) if value in RAG_FILLS else None
                if value in RAG_FILLS:
                    cell.fill, cell.font = RAG_FILLS[value], RAG_FONTS[value]
                    cell.alignment = Alignment(horizontal="center")
            elif kind == "commentary":
                notes = extras.notes.get(row["la_code"])
                shown = cell.value = safe_text(notes.plain(row["indicator_id"])) if notes else None
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                shown = cell.value = safe_text(label(column, value)) if column in LABELS else safe_text(value)
            if shown not in (None, ""):
                _fit(widths, c, shown, MAX_WIDTH.get(kind, MAX_WIDTH["text"]))
    last = len(rows) + 1
    if publish:
        sheet.cell(row=last + 2, column=1, value=SUPPRESSED_NOTE)
    _finish(sheet, title, "Scorecard", "D2", widths, last)


def _commentary_sheet(sheet, catalogue: list[dict], extras: Extras, publish: bool, title: str) -> None:
    headers = ["LA", "Authority", "Reporting date", "About", "Commentary"]
    _header(sheet, headers)
    widths = _header_widths(headers)
    names = {row["indicator_id"]: row["indicator_name"] for row in catalogue}
    order = {row["indicator_id"]: k for k, row in enumerate(catalogue)}
    r = 1
    for la_code, notes in extras.notes.items():
        authority = extras.authorities.get(la_code, {})
        # page notes first (in the site's order), then indicators in the catalogue's order
        for name in sorted(notes.texts, key=lambda n: (n in order, order.get(n, 0), n)):
            r += 1
            about = names.get(name) or f"Page: {extras.pages.get(name, name)}"
            values = [la_code, authority.get("la_name"), authority.get("as_at_date"), about,
                      safe_text(notes.plain(name))]
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if c == 3:
                    cell.number_format = DATE_FORMAT
                _fit(widths, c, "00 Mmm 0000" if c == 3 else value, 60 if c == 5 else 40)
    if r == 1:
        message = NO_COMMENTARY_PUBLISHED if publish else (
            "No commentary was written for this reporting date (commentary/<LA>/<date>/, see the README).")
        sheet.cell(row=2, column=1, value=message)
    _finish(sheet, title, "Commentary", "A2", widths, max(r, 2))


def _months_sheet(sheet, family_name: str, indicators: list[dict], values: list[dict], scorecard: list[dict],
                  extras: Extras, publish: bool, title: str) -> None:
    """The last 13 month ends: for each indicator, its headline value (and, for a year-to-date flow, each
    month's own value), its target, and the comparable benchmarks with their year."""
    by_id = {row["indicator_id"]: row for row in indicators}
    series: dict[tuple[str, str, str], dict[date, object]] = defaultdict(dict)
    for row in values:
        indicator = by_id.get(row["indicator_id"])
        if indicator is None:
            continue
        if row["period_type"] == indicator["headline_period_type"] or (
                row["period_type"] == "month" and indicator["headline_period_type"] == "ytd"):
            series[(row["la_code"], row["indicator_id"], row["period_type"])][row["period_end"]] = row["value"]
    as_at = max((a["as_at_date"] for a in extras.authorities.values()), default=None) or max(
        (end for points in series.values() for end in points), default=None)
    months = _last_months(as_at, 13) if as_at else []
    headers = ["Authority", "Indicator", "Measure", "Unit", *(f"{m:%b %Y}" for m in months)]
    _header(sheet, headers)
    for c, month in enumerate(months, start=5):
        sheet.cell(row=1, column=c).value = month
        sheet.cell(row=1, column=c).number_format = MONTH_FORMAT
    widths = _header_widths(headers)
    headlines = {(row["la_code"], row["indicator_id"]): row for row in scorecard}
    authorities = sorted({key[0] for key in series})
    r = 1
    for la_code in authorities:
        name = extras.authorities.get(la_code, {}).get("la_name") or la_code
        for indicator in indicators:
            indicator_id, unit = indicator["indicator_id"], indicator["unit"]
            headline_type = indicator["headline_period_type"]
            rows: list[tuple[str, dict[date, object]]] = []
            for period_type in (headline_type, "month") if headline_type == "ytd" else (headline_type,):
                points = series.get((la_code, indicator_id, period_type))
                if points:
                    rows.append((label("period_type", period_type), points))
            if not rows:
                continue
            targets = {m: extras.targets.get((la_code, indicator_id, headline_type, m)) for m in months}
            if any(v is not None for v in targets.values()):
                rows.append(("Target", targets))
            headline = headlines.get((la_code, indicator_id), {})
            year = fy_label(headline.get("benchmark_year"))
            if year and extras.comparable.get((la_code, indicator_id), unit != "count"):
                for column, who in (("england_value", "England"), ("region_value", headline.get("region_name")
                                                                  or "Region"),
                                    ("sn_value", "Statistical neighbours")):
                    if isinstance(headline.get(column), int | float):
                        rows.append((f"{who} {year} (whole year)", dict.fromkeys(months, headline[column])))
            for measure, points in rows:
                r += 1
                for c, text in enumerate((name, indicator["indicator_name"], measure, label("unit", unit)), start=1):
                    sheet.cell(row=r, column=c, value=safe_text(text))
                    _fit(widths, c, text)
                for c, month in enumerate(months, start=5):
                    put_value(sheet.cell(row=r, column=c), points.get(month), unit)
                    widths[c] = max(widths.get(c, MIN_WIDTH), 10)
    if publish:
        sheet.cell(row=r + 2, column=1, value=SUPPRESSED_NOTE)
    _finish(sheet, title, f"{family_name}: the last 13 months", "E2", widths, r)


def _last_months(as_at: date, n: int) -> list[date]:
    """The n month ends up to and including as_at's month."""
    import calendar

    months = []
    year, month = as_at.year, as_at.month
    for _ in range(n):
        months.append(date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


#: the dimensions of a breakdown in words, in the order the sheet shows them
DIMENSIONS = {"ethnicity_group": "Ethnicity", "age_band": "Age", "sex": "Sex", "disability": "Disability",
              "team": "Team"}


def _breakdowns_sheet(sheet, catalogue: list[dict], breakdowns: list[dict], extras: Extras, publish: bool,
                      title: str) -> None:
    """Each indicator's headline period at the reporting date, broken down: one row per dimension and category,
    in the catalogue's order (categories largest first), with the numerator and denominator of a percentage."""
    order = {row["indicator_id"]: i for i, row in enumerate(catalogue)}
    by_id = {row["indicator_id"]: row for row in catalogue}
    as_at = {la: a["as_at_date"] for la, a in extras.authorities.items()}
    latest: dict[str, date] = {}
    for row in breakdowns:
        latest[row["la_code"]] = max(latest.get(row["la_code"], row["period_end"]), row["period_end"])
    shown = [row for row in breakdowns
             if row["indicator_id"] in by_id
             and row["period_type"] == by_id[row["indicator_id"]]["headline_period_type"]
             and row["period_end"] == as_at.get(row["la_code"], latest.get(row["la_code"]))]
    dimensions = list(DIMENSIONS)

    def size(row: dict) -> float:
        value = row["denominator"] if row["unit"] == "percent" else row["value"]
        return -value if isinstance(value, int | float) else 0.0

    shown.sort(key=lambda r: (r["la_code"], order[r["indicator_id"]], dimensions.index(r["dimension"])
                              if r["dimension"] in dimensions else 99, size(r), r["category"]))
    headers = ["Authority", "Indicator", "Period", "Period end", "Breakdown", "Category", "Numerator",
               "Denominator", "Value", "Unit"]
    _header(sheet, headers)
    widths = _header_widths(headers)
    r = 1
    for row in shown:
        r += 1
        name = extras.authorities.get(row["la_code"], {}).get("la_name") or row["la_code"]
        texts = (name, by_id[row["indicator_id"]]["indicator_name"], label("period_type", row["period_type"]))
        for c, text in enumerate(texts, start=1):
            sheet.cell(row=r, column=c, value=safe_text(text))
            _fit(widths, c, text)
        sheet.cell(row=r, column=4, value=row["period_end"]).number_format = DATE_FORMAT
        for c, text in ((5, DIMENSIONS.get(row["dimension"], row["dimension"])), (6, row["category"])):
            sheet.cell(row=r, column=c, value=safe_text(text))
            _fit(widths, c, text)
        for c, column in ((7, "numerator"), (8, "denominator")):
            put_value(sheet.cell(row=r, column=c), row[column], "count")
        put_value(sheet.cell(row=r, column=9), row["value"], row["unit"])
        sheet.cell(row=r, column=10, value=label("unit", row["unit"]))
    widths[4] = max(widths.get(4, MIN_WIDTH), 12)
    if publish:
        sheet.cell(row=r + 2, column=1, value=SUPPRESSED_NOTE)
    _finish(sheet, title, "Breakdowns at the reporting date", "C2", widths, r)


def _definitions_sheet(sheet, catalogue: list[dict], title: str) -> None:
    columns = [("Indicator", "indicator_name"), ("Family", "family"), ("Unit", "unit"), ("Polarity", "polarity"),
               ("Headline period", "headline_period_type"), ("Definition", "definition"), ("Id", "indicator_id")]
    _header(sheet, [h for h, _ in columns])
    widths = _header_widths([h for h, _ in columns])
    for r, row in enumerate(catalogue, start=2):
        for c, (_h, column) in enumerate(columns, start=1):
            value = label(column, row[column]) if column in LABELS else row[column]
            cell = sheet.cell(row=r, column=c, value=safe_text(value))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _fit(widths, c, value, 80 if column == "definition" else 34)
    _finish(sheet, title, "Definitions", "B2", widths, len(catalogue) + 1)

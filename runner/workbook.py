"""The xlsx export: a workbook a performance officer would hand to a committee clerk.

Sheets: Scorecard (one row per authority and indicator, RAG colours, benchmarks with their year),
one sheet of monthly series per indicator family, and Definitions. Headers are frozen, numbers are
stored as numbers with a display format, dates as dates; a suppressed cell holds the text `c`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from runner.export import safe_text

RAG_FILLS = {
    "green": PatternFill("solid", start_color="FFC6EFCE", end_color="FFC6EFCE"),
    "amber": PatternFill("solid", start_color="FFFFEB9C", end_color="FFFFEB9C"),
    "red": PatternFill("solid", start_color="FFFFC7CE", end_color="FFFFC7CE"),
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
NUMBER_FORMATS = {"count": "#,##0", "percent": "0.0", "rate_per_10k": "0.0", "days": "0.0"}
DATE_FORMAT = "dd mmm yyyy"
FAMILY_SHEETS = {"front_door": "Front door", "child_protection": "Child protection", "looked_after": "Looked after"}

#: (header, scorecard column, kind) where kind is "value" (in the indicator's unit), "date", "year" or "text"
SCORECARD_COLUMNS = [
    ("LA", "la_code", "text"),
    ("Authority", "la_name", "text"),
    ("Indicator", "indicator_name", "text"),
    ("Id", "indicator_id", "text"),
    ("Unit", "unit", "text"),
    ("Period", "headline_period_type", "text"),
    ("Period end", "period_end", "date"),
    ("Value", "value", "value"),
    ("Previous", "previous_value", "value"),
    ("Same time last year, period end", "same_time_last_year_period_end", "date"),
    ("Same time last year", "same_time_last_year_value", "value"),
    ("Change on last year", "change_vs_last_year", "value"),
    ("Last year's outturn, year ending March", "last_year_outturn_year", "year"),
    ("Last year's outturn", "last_year_outturn_value", "value"),
    ("Direction of travel", "direction_of_travel", "text"),
    ("Direction compared with", "direction_basis", "text"),
    ("Better or worse", "direction_judgement", "text"),
    ("Target", "target_value", "value"),
    ("Target in force from", "target_effective_from", "date"),
    ("Gap to target", "gap_to_target", "value"),
    ("Gap to target, % of target", "gap_to_target_pct", "percent"),
    ("RAG", "rag_status", "text"),
    ("England", "england_value", "value"),
    ("Region", "region_value", "value"),
    ("Statistical neighbours", "sn_value", "value"),
    ("Statistical neighbours' median", "sn_median", "value"),
    ("Neighbours used", "sn_count", "count"),
    ("Rank among LAs (1 best)", "la_rank", "count"),
    ("LAs ranked", "la_rank_count", "count"),
    ("Quartile band (A best)", "quartile_band", "text"),
    ("Benchmark year", "benchmark_year", "year"),
    ("Published value for the LA", "published_la_value", "value"),
    ("Our value at that year end", "computed_year_end_value", "value"),
    ("Ours minus published", "computed_minus_published", "value"),
    ("Polarity", "polarity", "text"),
    ("Availability", "availability", "text"),
    ("Target source", "target_source", "text"),
]


def write_workbook(path: Path, tables: dict[str, tuple[list[str], list[dict]]], publish: bool = False) -> None:
    book = Workbook()
    _scorecard_sheet(book.active, tables["scorecard"][1], publish)
    catalogue = tables["definitions"][1]
    families = defaultdict(list)
    for row in catalogue:
        families[row["family"]].append(row)
    for family, indicators in families.items():
        _series_sheet(book.create_sheet(FAMILY_SHEETS.get(family, family)[:31]), indicators,
                      tables["indicator_values"][1])
    _definitions_sheet(book.create_sheet("Definitions"), catalogue)
    book.save(path)


def _header(sheet, headers: list[str], freeze: str) -> None:
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = freeze


def _put(cell, value, number_format: str | None) -> None:
    if isinstance(value, str):
        cell.value = safe_text(value)
        if value == "c":
            cell.alignment = Alignment(horizontal="right")
        return
    cell.value = value
    if value is not None and number_format:
        cell.number_format = number_format


def _scorecard_sheet(sheet, rows: list[dict], publish: bool) -> None:
    sheet.title = "Scorecard"
    _header(sheet, [h for h, _, _ in SCORECARD_COLUMNS], "D2")
    for r, row in enumerate(rows, start=2):
        unit_format = NUMBER_FORMATS.get(row["unit"], "0.0")
        for c, (_, column, kind) in enumerate(SCORECARD_COLUMNS, start=1):
            value = row.get(column)
            number_format = {"value": unit_format, "date": DATE_FORMAT, "year": "0", "count": "0"}.get(kind)
            _put(sheet.cell(row=r, column=c), value, number_format)
        rag_cell = sheet.cell(row=r, column=[col for _, col, _ in SCORECARD_COLUMNS].index("rag_status") + 1)
        if row.get("rag_status") in RAG_FILLS:
            rag_cell.fill = RAG_FILLS[row["rag_status"]]
    _widths(sheet, {1: 6, 2: 18, 3: 44, 4: 26})
    if publish:
        sheet.cell(row=len(rows) + 3, column=1,
                   value="c: suppressed (a count of 1 to 5, or a value that would reveal one).")


def _series_sheet(sheet, indicators: list[dict], values: list[dict]) -> None:
    """Monthly series: a row per authority, indicator and period type; a column per month end."""
    wanted = {i["indicator_id"]: i for i in indicators}
    series: dict[tuple, dict[date, object]] = defaultdict(dict)
    months: set[date] = set()
    for row in values:
        indicator = wanted.get(row["indicator_id"])
        if indicator is None or row["period_type"] not in ("month", indicator["headline_period_type"]):
            continue
        key = (row["la_code"], indicator["display_order"], row["indicator_id"], row["period_type"])
        series[key][row["period_end"]] = row["value"]
        months.add(row["period_end"])
    ends = sorted(months)
    _header(sheet, ["LA", "Indicator", "Period", *ends], "D2")
    for c in range(4, len(ends) + 4):
        sheet.cell(row=1, column=c).number_format = "mmm yyyy"
    for r, key in enumerate(sorted(series), start=2):
        la_code, _, indicator_id, period_type = key
        number_format = NUMBER_FORMATS.get(wanted[indicator_id]["unit"], "0.0")
        sheet.cell(row=r, column=1, value=la_code)
        sheet.cell(row=r, column=2, value=wanted[indicator_id]["indicator_name"])
        sheet.cell(row=r, column=3, value=period_type)
        for c, end in enumerate(ends, start=4):
            _put(sheet.cell(row=r, column=c), series[key].get(end), number_format)
    _widths(sheet, {1: 6, 2: 44, 3: 12})


def _definitions_sheet(sheet, catalogue: list[dict]) -> None:
    columns = ["indicator_id", "indicator_name", "family", "unit", "polarity", "headline_period_type", "definition"]
    _header(sheet, ["Id", "Indicator", "Family", "Unit", "Polarity", "Headline period", "Definition"], "C2")
    for row in catalogue:
        sheet.append([safe_text(row[c]) for c in columns])
    for cells in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    _widths(sheet, {1: 28, 2: 44, 3: 16, 4: 12, 5: 9, 6: 12, 7: 100})


def _widths(sheet, widths: dict[int, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width

"""`runner export --exceptions`: the exception lists for managers, as files. INTERNAL ONLY.

The lists (dbt model `exceptions.exception_lists`, one row per child or event and list) name the
children behind each missed timescale at the build's as-at date by the authority's own person id, so
a worker can find the child. They are personal data: this is the only command that writes them, never
with `--publish` (refused, exit 2), never on the report site (which shows only their counts), and no
line this module prints carries a person id (counts only).

Written into `--out`, whole or not at all (runner/atomic.py):

- one CSV per list, `exceptions_<list_id>.csv` (the model's columns, every authority in the build;
  a list with no rows is a header alone);
- one workbook, `csc_exception_lists.xlsx`: an "About" sheet (what each list holds, its indicator and
  period, how many children and records, who may see it), then one sheet per list with its headers in
  words, dates as dates, column widths set, a filter, the header frozen, printed landscape on A4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from runner.atomic import files_into
from runner.errors import BadInput
from runner.export import inside, safe_text, write_csv

WORKBOOK = "csc_exception_lists.xlsx"
CSV_PREFIX = "exceptions_"
LISTS_RELATION = "exceptions.exception_lists"
COUNTS_RELATION = "reporting.report_exception_counts"
INTERNAL_NOTE = ("INTERNAL: personal data. These lists name children by the authority's own person id, for the "
                 "managers and workers who must act on them. Do not publish them, attach them to committee papers "
                 "or send them outside the service; they are never part of a published export.")
PERIODS = {"month": "The month to the as-at date", "ytd": "The financial year to the as-at date",
           "snapshot": "At the as-at date"}

#: per list: (sheet title, words for record_id, start_date, done_date and elapsed). A list the
#: warehouse has and this table does not gets the generic words (GENERIC).
GENERIC = ("", "Record id", "Start", "Done", "Elapsed")
LIST_WORDS: dict[str, tuple[str, str, str, str, str]] = {
    "assessments_over_45wd": ("Assessments over 45 wd", "Assessment id", "Referral date",
                              "Authorised", "Working days to authorisation"),
    "open_assessments_over_45wd": ("Open assessments over 45 wd", "Assessment id", "Referral date",
                                   "Authorised", "Working days so far"),
    "icpcs_over_15wd": ("ICPCs over 15 wd", "Conference id", "Section 47 started", "Conference date",
                        "Working days from the section 47 start"),
    "cp_visits_overdue": ("CP visits overdue", "Plan id", "Plan started", "Last seen",
                          "Working days since last seen (or the plan started)"),
    "cla_visits_overdue": ("CLA visits overdue", "Period of care id", "Period of care started", "Last seen",
                           "Days since last seen (or care started)"),
    "health_assessments_overdue": ("Health assessments overdue", "Period of care id", "Period of care started",
                                   "Last health assessment", "Days since (or care started)"),
    "dental_checks_overdue": ("Dental checks overdue", "Period of care id", "Period of care started",
                              "Last dental check", "Days since (or care started)"),
    "initial_health_assessments_late": ("IHAs late", "Episode id", "Care started", "Initial health assessment",
                                        "Working days from care starting"),
    "cp_plans_18m_plus": ("CP plans 18 months plus", "Plan id", "Plan started", "Done", "Months open"),
    "s47_ended_without_icpc": ("S47s ended without ICPC", "Enquiry id", "Section 47 started", "Enquiry ended",
                               "Working days the enquiry lasted"),
    "cla_reviews_overdue": ("CLA reviews overdue or late", "Period of care id", "Period of care started",
                            "Last review", "Days since last review (or care started)"),
    "cp_reviews_overdue": ("CP reviews overdue or late", "Plan id", "Plan started", "Last review",
                           "Days since last review (or the plan started)"),
}
#: the list sheets' columns: (model column, header; None takes the list's own words from LIST_WORDS)
SHEET_COLUMNS: list[tuple[str, str | None]] = [
    ("la_code", "LA"),
    ("person_id", "Person id"),
    ("record_id", None),
    ("age_band", "Age band (at the as-at date)"),
    ("team", "Team"),
    ("worker_id", "Worker"),
    ("start_date", None),
    ("due_date", "Due by"),
    ("done_date", None),
    ("elapsed", None),
    ("rule", "Why listed"),
]
DATE_FORMAT = "dd mmm yyyy"
MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass
class ListFile:
    list_id: str
    path: Path
    rows: int
    children: int


def export_exceptions(warehouse: Path, out_dir: Path, echo: Callable[[str], None] = print) -> list[ListFile]:
    """Write every exception list from the warehouse (opened read-only) into `out_dir`: a CSV each and one
    workbook. Prints counts only: never a person id."""
    if not warehouse.exists():
        raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise BadInput(f"--out {out_dir}: is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"--out {out_dir}: cannot create the folder ({exc.strerror or exc})") from exc
    catalogue, columns, rows_by_list = read_lists(warehouse)
    names = [WORKBOOK] + [f"{CSV_PREFIX}{entry['list_id']}.csv" for entry in catalogue]
    for name in names:
        inside(out_dir, name)  # refuse before writing anything
    written = []
    try:
        with files_into(out_dir) as staging:
            for entry in catalogue:
                rows = rows_by_list.get(entry["list_id"], [])
                name = f"{CSV_PREFIX}{entry['list_id']}.csv"
                write_csv(staging / name, columns, rows)
                written.append(ListFile(entry["list_id"], out_dir / name, len(rows),
                                        len({(r["la_code"], r["person_id"]) for r in rows})))
            write_workbook(staging / WORKBOOK, catalogue, rows_by_list)
    except OSError as exc:
        raise BadInput(f"--out {out_dir}: cannot write there ({exc.strerror or exc})") from exc
    for item in written:
        echo(f"wrote {item.path} ({item.rows:,} rows, {item.children:,} children)")
    echo(f"wrote {out_dir / WORKBOOK} ({len(written)} lists, {sum(i.rows for i in written):,} rows)")
    echo("internal: these lists carry the authority's own person ids; never publish or share them outside "
         "the service")
    return written


def read_lists(warehouse: Path) -> tuple[list[dict], list[str], dict[str, list[dict]]]:
    """The lists' catalogue with each authority's counts, the list columns, and the rows by list."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise BadInput(f"{warehouse}: cannot open the warehouse ({str(exc).splitlines()[0]})") from exc
    try:
        try:
            result = con.execute(
                f"select * from {COUNTS_RELATION} order by display_order, la_code")
            count_columns = [d[0] for d in result.description]
            counts = [dict(zip(count_columns, values, strict=True)) for values in result.fetchall()]
            result = con.execute(f"select * from {LISTS_RELATION} order by list_id, la_code, team, due_date, "
                                 "start_date, person_id, record_id")
        except duckdb.CatalogException as exc:
            raise BadInput(f"{warehouse}: the exception lists are missing; run `runner build` first") from exc
        columns = [d[0] for d in result.description]
        rows = [dict(zip(columns, values, strict=True)) for values in result.fetchall()]
    finally:
        con.close()
    catalogue: dict[str, dict] = {}
    for row in counts:
        entry = catalogue.setdefault(row["list_id"], {**row, "authorities": []})
        entry["authorities"].append(row)
    rows_by_list: dict[str, list[dict]] = {}
    for row in rows:
        rows_by_list.setdefault(row["list_id"], []).append(row)
    return list(catalogue.values()), columns, rows_by_list


def write_workbook(path: Path, catalogue: list[dict], rows_by_list: dict[str, list[dict]]) -> None:
    book = Workbook()
    about = book.active
    about.title = "About"
    _about_sheet(about, catalogue)
    used = {"About"}
    for entry in catalogue:
        title = _sheet_title(entry, used)
        used.add(title)
        _list_sheet(book.create_sheet(title), entry, rows_by_list.get(entry["list_id"], []))
    book.save(path)


def _sheet_title(entry: dict, used: set[str]) -> str:
    base = (LIST_WORDS.get(entry["list_id"], GENERIC)[0] or entry["list_id"])[:31]
    for char in "[]:*?/\\":
        base = base.replace(char, " ")
    title, n = base, 2
    while title in used:
        title = f"{base[:28]} {n}"
        n += 1
    return title


def _about_sheet(sheet, catalogue: list[dict]) -> None:
    sheet.append(["Exception lists for managers"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([INTERNAL_NOTE])
    sheet["A2"].font = Font(bold=True, color="FF9C0006")
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=8)
    sheet.row_dimensions[2].height = 48
    sheet.append([])
    headers = ["List", "LA", "Period", "From", "To", "Children", "Records", "Indicator", "What it holds"]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {k: len(h) + 2 for k, h in enumerate(headers, start=1)}
    for entry in catalogue:
        for row in entry["authorities"]:
            values = [entry["list_name"], row["la_code"], PERIODS.get(row["period_type"], row["period_type"]),
                      row["period_start"], row["period_end"],
                      row["children"] if row["is_available"] else "not available",
                      row["records"] if row["is_available"] else "not available",
                      entry["indicator_id"], entry["description"]]
            sheet.append([safe_text(v) for v in values])
            for column, value in enumerate(values, start=1):
                widths[column] = min(max(widths[column], _length(value)), MAX_WIDTH)
                cell = sheet.cell(row=sheet.max_row, column=column)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                if column == len(values):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    _widths(sheet, widths)
    sheet.freeze_panes = "A5"


def _list_sheet(sheet, entry: dict, rows: list[dict]) -> None:
    words = LIST_WORDS.get(entry["list_id"], GENERIC)
    own = {"record_id": words[1], "start_date": words[2], "done_date": words[3], "elapsed": words[4]}
    headers = [header or own[column] for column, header in SHEET_COLUMNS]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {k: max(MIN_WIDTH, max(len(word) for word in h.split()) + 2) for k, h in enumerate(headers, start=1)}
    for row in rows:
        values = [row[column] for column, _ in SHEET_COLUMNS]
        sheet.append([safe_text(v) for v in values])
        for column, value in enumerate(values, start=1):
            widths[column] = min(max(widths[column], _length(value)), MAX_WIDTH)
            if isinstance(value, date):
                sheet.cell(row=sheet.max_row, column=column).number_format = DATE_FORMAT
    if not rows:
        sheet.append(["No child is on this list at the as-at date."])
    _widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{sheet.cell(row=1, column=len(headers)).column_letter}{max(sheet.max_row, 2)}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "1:1"
    sheet.oddHeader.left.text = f"{entry['list_name']} (internal: personal data)".replace("&", "&&")
    sheet.oddFooter.right.text = "Page &P of &N"


def _length(value: object) -> int:
    if isinstance(value, date):
        return 13
    return len(str(value)) + 2 if value is not None else 0


def _widths(sheet, widths: dict[int, int]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(MIN_WIDTH, width)

"""The xlsx workbook (`runner export --format xlsx`), read back with openpyxl: what a committee clerk pastes
into a paper. Words not codes, percentages formatted as percentages, a width on every column, a filter, the
print set-up, the officers' commentary, a "last 13 months" sheet per family; published, `c` for a suppressed
cell and no commentary. Built from the front-door fixture (LA 874, as at 30 April 2024)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from runner.workbook import SCORECARD_COLUMNS
from tests.conftest import PROJECT_DIR, read_csv, runner

AS_AT = "2024-04-30"
NOTE = "=SUM(A1) Contacts were **low** in April, as every April.\n\n- the schools were closed\n- see the plan\n"
#: codes the workbook must show as words (runner.pages.formatting.LABELS)
RAW_CODES = {"ytd", "rolling_12m", "snapshot", "month", "fy", "count", "percent", "rate_per_10k", "days", "high",
             "low", "context", "none", "green", "amber", "red", "improving", "worsening", "increasing",
             "decreasing", "no change", "not available", "available", "no value", "flow", "stock", "front_door",
             "child_protection", "looked_after"}
LABELLED_HEADERS = ("Period", "Unit", "Direction of travel", "Direction compared with", "Better or worse", "RAG",
                    "Polarity", "Availability")
#: every indicator of the catalogue has a row
INDICATORS = len(read_csv(PROJECT_DIR / "seeds" / "indicator_catalogue.csv"))
POINTS = '+0.0" points";-0.0" points";0.0" points"'
RELATIVE = "+0.0%;-0.0%;0.0%"


@pytest.fixture(scope="module")
def books(front_door_exports, tmp_path_factory) -> dict[str, Path]:
    """The plain workbook with a note on `contacts` and on the overview, and the published one."""
    work = tmp_path_factory.mktemp("workbook")
    notes = work / "commentary" / "874" / AS_AT
    notes.mkdir(parents=True)
    (notes / "contacts.md").write_text(NOTE, encoding="utf-8")
    (notes / "index.md").write_text("A quiet first month of the year.\n", encoding="utf-8")
    run = runner("export", "--format", "xlsx", "--out", work / "plain", "--warehouse", front_door_exports / "w.duckdb",
                 env={"CSC_COMMENTARY_DIR": str(work / "commentary")})
    assert run.returncode == 0, run.output
    return {"plain": work / "plain" / "csc_indicators.xlsx",
            "published": front_door_exports / "published" / "csc_indicators.xlsx"}


def rows_by_id(sheet) -> dict[str, dict]:
    header = [c.value for c in sheet[1]]
    return {row[header.index("Id")].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)
            if row[header.index("Id")].value}


def test_sheets_and_scorecard_columns(books):
    book = load_workbook(books["plain"])
    assert book.sheetnames == ["Scorecard", "Commentary", "Front door (13 months)", "Child protection (13 months)",
                               "Looked after (13 months)", "Breakdowns", "Definitions"]
    sheet = book["Scorecard"]
    assert [c.value for c in sheet[1]] == [header for header, _column, _kind in SCORECARD_COLUMNS]
    assert len(rows_by_id(sheet)) == INDICATORS


def test_percentages_rates_and_counts_are_numbers_with_formats(books):
    rows = rows_by_id(load_workbook(books["plain"])["Scorecard"])
    # April 2024 year to date: 2 referrals of 2 contacts (100%), against a target of 25%
    value, target = rows["contact_referral_pct"]["Value"], rows["contact_referral_pct"]["Target"]
    assert (value.value, value.number_format) == (1.0, "0.0%")
    assert (target.value, target.number_format) == (0.25, "0.0%")
    assert rows["referral_assessment_pct"]["Value"].value == 0.5
    assert (rows["contacts"]["Value"].value, rows["contacts"]["Value"].number_format) == (2, "#,##0")
    rate = rows["referral_rate"]
    assert rate["Value"].number_format == "#,##0.0" and rate["England"].number_format == "#,##0.0"
    assert rate["England"].value == pytest.approx(515.7)
    # a benchmark is a fraction like the value (22.4% is 0.224), with its year as the DfE writes it
    assert rows["rereferral_pct"]["England"].value == pytest.approx(0.224)
    assert rows["rereferral_pct"]["England"].number_format == "0.0%"
    assert rows["rereferral_pct"]["Benchmark year"].value == "2023-24"
    period_end = rows["contact_referral_pct"]["Period end"]
    assert period_end.value == dt.datetime(2024, 4, 30) and period_end.number_format == "dd mmm yyyy"
    # every number has a display format; a percentage is never a bare 19.3
    for row in rows.values():
        for header in ("Value", "A month earlier", "Target", "England", "Region", "Statistical neighbours"):
            cell = row[header]
            if isinstance(cell.value, int | float):
                assert cell.number_format != "General", (row["Id"].value, header)
                if row["Unit"].value == "Percentage":
                    assert cell.number_format == "0.0%" and cell.value <= 1.0, (row["Id"].value, header)


def test_the_comparison_columns_are_in_words_with_changes_in_points_and_relative_gaps_as_percentages(books):
    """What a clerk quotes: the same time last year, the change, last year's outturn, the target and the gap to
    it, the direction and its basis, rank and band. A change or gap of a percentage is in points (stored as
    points, formatted "+75.0 points"), never a percentage of a percentage; the relative gap is a percentage."""
    sheet = load_workbook(books["plain"])["Scorecard"]
    headers = [c.value for c in sheet[1]]
    for header in ("Same time last year", "Change on the same time last year", "Last year's outturn",
                   "Last year's outturn, year", "Direction of travel", "Direction compared with", "Better or worse",
                   "Target", "Gap to target", "Gap to target, relative (% of the target)", "Rank among LAs (1 best)",
                   "LAs ranked", "Quartile band (A best)", "Benchmark year"):
        assert header in headers, header
    rows = rows_by_id(sheet)
    # contacts to referral, year to date to April 2024: 100% (2 of 2) against 100% in April 2023 and an outturn
    # of 83.3% (5 of 6) for 2023-24; a target of 25%: 75 points above it, 300% higher than the target
    contact = rows["contact_referral_pct"]
    assert (contact["Same time last year"].value, contact["Same time last year"].number_format) == (1.0, "0.0%")
    assert contact["Change on the same time last year"].value == 0
    assert contact["Change on the same time last year"].number_format == POINTS
    assert contact["Last year's outturn"].value == pytest.approx(5 / 6)
    assert contact["Last year's outturn"].number_format == "0.0%"
    assert contact["Last year's outturn, year"].value == "2023-24"
    assert (contact["Gap to target"].value, contact["Gap to target"].number_format) == (75, POINTS)
    gap = contact["Gap to target, relative (% of the target)"]
    assert (gap.value, gap.number_format) == (3, RELATIVE)  # shown "+300.0%"
    assert contact["Direction of travel"].value == "No change" and contact["Better or worse"].value == "No change"
    assert contact["Direction compared with"].value == "Against the same time last year"
    # a count: its change is a whole number, signed; a volume has a direction but no judgement
    referrals = rows["referrals"]
    assert (referrals["Change on the same time last year"].value,
            referrals["Change on the same time last year"].number_format) == (1, "+#,##0;-#,##0;0")
    assert referrals["Direction of travel"].value == "Up" and referrals["Better or worse"].value is None
    # a stock's direction compares with the previous month end
    assert rows["cin_open"]["Direction compared with"].value == "Against the previous month end"
    # rank of how many, and band, for a comparable published measure only
    rereferrals = rows["rereferral_pct"]
    assert rereferrals["Rank among LAs (1 best)"].value == 57 and rereferrals["Quartile band (A best)"].value == "B"
    assert rereferrals["LAs ranked"].value > 100 and rereferrals["Benchmark year"].value == "2023-24"
    assert rows["referrals"]["Rank among LAs (1 best)"].value is None  # a volume gets no rank
    # every row: a percentage's changes and gaps are points, consistent with its values (which are fractions)
    checked = 0
    for row in rows.values():
        unit = row["Unit"].value
        for header, left, right in (("Change on the same time last year", "Value", "Same time last year"),
                                    ("Gap to target", "Value", "Target")):
            cell = row[header]
            if not isinstance(cell.value, int | float):
                continue
            if unit == "Percentage":
                assert cell.number_format == POINTS, (row["Id"].value, header)
                assert cell.value == pytest.approx((row[left].value - row[right].value) * 100), row["Id"].value
                checked += 1
            else:
                assert cell.number_format.startswith("+#,##0"), (row["Id"].value, header, cell.number_format)
                assert cell.value == pytest.approx(row[left].value - row[right].value), row["Id"].value
        relative = row["Gap to target, relative (% of the target)"]
        if isinstance(relative.value, int | float):
            assert relative.number_format == RELATIVE
            assert relative.value == pytest.approx(row["Value"].value / row["Target"].value - 1)
    assert checked >= 5


def test_a_count_is_never_beside_englands_total(books):
    rows = rows_by_id(load_workbook(books["plain"])["Scorecard"])
    referrals = rows["referrals"]
    assert referrals["Unit"].value == "Number" and referrals["Benchmark year"].value == "2023-24"
    assert referrals["England"].value is None and referrals["Statistical neighbours"].value is None
    assert referrals["Published value for the LA"].value is not None  # its own published count is comparable


def test_labels_not_codes_and_rag_in_words_on_its_fill(books):
    sheet = load_workbook(books["plain"])["Scorecard"]
    rows = rows_by_id(sheet)
    green, red = rows["contact_referral_pct"], rows["referral_assessment_pct"]
    assert green["RAG"].value == "Green" and green["RAG"].fill.start_color.rgb == "FFC6EFCE"
    assert red["RAG"].value == "Red" and red["RAG"].fill.start_color.rgb == "FFFFC7CE"
    assert green["Period"].value == "Year to date" and rows["cin_open"]["Period"].value == "Month end"
    assert rows["referral_rate"]["Unit"].value == "Rate per 10,000" and rows["referral_rate"]["Period"].value \
        == "12 months"
    assert green["Polarity"].value == "Higher is better" and rows["contacts"]["Polarity"].value == "Neither (a volume)"
    assert rows["contacts"]["RAG"].value is None  # no rating: an empty cell, not "none"
    for row in rows.values():
        for header in LABELLED_HEADERS:
            value = row[header].value
            assert value is None or (str(value).lower() != str(value) or value[:1].isdigit()), (header, value)
            assert value is None or str(value) not in RAW_CODES, (row["Id"].value, header, value)
    for sheet_name in ("Front door (13 months)", "Definitions"):
        book_sheet = load_workbook(books["plain"])[sheet_name]
        for row in book_sheet.iter_rows(min_row=2, values_only=True):
            for value in row[:-1] if sheet_name == "Definitions" else row[:4]:  # not the Id column
                assert value is None or str(value) not in RAW_CODES, (sheet_name, row)


def test_every_column_has_a_width_a_filter_a_frozen_header_and_a_print_set_up(books):
    book = load_workbook(books["plain"])
    for sheet in book.worksheets:
        for column in range(1, sheet.max_column + 1):
            width = sheet.column_dimensions[get_column_letter(column)].width
            assert width and width >= 7, (sheet.title, column, width)
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet.freeze_panes and sheet.freeze_panes.endswith("2"), sheet.title
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and int(setup.paperSize) == 9, sheet.title  # A4
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title  # the header on every printed page
        assert "Peterborough" in sheet.oddHeader.left.text and "&P" in sheet.oddFooter.right.text
    scorecard = book["Scorecard"]
    last_column = get_column_letter(len(SCORECARD_COLUMNS))
    assert scorecard.freeze_panes == "D2" and scorecard.auto_filter.ref == f"A1:{last_column}{INDICATORS + 1}"
    widths = {header: scorecard.column_dimensions[get_column_letter(k)].width
              for k, (header, _c, _k) in enumerate(SCORECARD_COLUMNS, start=1)}
    assert widths["Indicator"] >= 30 and widths["Commentary"] >= 30  # wide enough for their text


def test_commentary_is_carried_as_the_officers_wrote_it(books):
    book = load_workbook(books["plain"])
    rows = rows_by_id(book["Scorecard"])
    cell = rows["contacts"]["Commentary"]
    # markup gone, words kept, and a note a spreadsheet would run as a formula is neutralised
    assert cell.value == "'=SUM(A1) Contacts were low in April, as every April.\n\n• the schools were closed\n" \
                         "• see the plan"
    assert cell.alignment.wrap_text
    assert rows["referrals"]["Commentary"].value is None  # a missing note is simply absent
    notes = list(book["Commentary"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in notes] == [("874", dt.datetime(2024, 4, 30), "Page: Overview"),
                                                   ("874", dt.datetime(2024, 4, 30), "Contacts")]
    assert notes[0][4] == "A quiet first month of the year."


def test_a_family_sheet_holds_the_last_13_months_with_target_and_benchmark_rows(books):
    sheet = load_workbook(books["plain"])["Front door (13 months)"]
    assert sheet.freeze_panes == "E2"
    months = [c.value for c in sheet[1]][4:]
    assert months[0] == dt.datetime(2023, 4, 30) and months[-1] == dt.datetime(2024, 4, 30) and len(months) == 13
    assert sheet.cell(row=1, column=5).number_format == "mmm yyyy"
    rows = {(r[1], r[2]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("Contacts", "Month")][4] == 1  # April 2023: C03
    assert rows[("Contacts leading to referral", "Target")][4:] == (0.25,) * 13
    assert rows[("Re-referrals within 12 months", "England 2023-24 (whole year)")][4:] == (pytest.approx(0.224),) * 13
    assert not [key for key in rows if key[0] == "Referrals" and key[1].startswith("England")]  # a count: none
    measures = {key[1] for key in rows}
    assert {"Year to date", "Month", "Target", "Month end", "12 months"} <= measures


def test_published_workbook_shows_c_and_no_commentary(books):
    book = load_workbook(books["published"])
    sheet = book["Scorecard"]
    rows = rows_by_id(sheet)
    assert rows["contacts"]["Value"].value == "c" and rows["contacts"]["Value"].alignment.horizontal == "right"
    notes = [c.value for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("c:")]
    assert notes
    assert all(row["Commentary"].value is None for row in rows.values())
    assert "left out of published workbooks" in book["Commentary"]["A2"].value
    months = book["Front door (13 months)"]
    contacts = next(r for r in months.iter_rows(min_row=2, values_only=True) if r[1:3] == ("Contacts", "Month"))
    assert contacts[4] == "c"  # April 2023: one contact


def test_definitions_come_from_the_catalogue_in_words(books):
    sheet = load_workbook(books["plain"])["Definitions"]
    assert [c.value for c in sheet[1]] == ["Indicator", "Family", "Unit", "Polarity", "Headline period", "Definition",
                                           "Id"]
    definitions = {row[6]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert definitions["contacts"][5] == "contacts with cont_contact_date in period"
    assert definitions["contacts"][1:5] == ("Front door, early help and children in need", "Number",
                                            "Neither (a volume)", "Year to date")
    assert len(definitions) == INDICATORS


def test_breakdowns_sheet_adds_up_to_the_headline_at_the_reporting_date(books, front_door_exports):
    """The Breakdowns sheet: each count indicator's headline at the reporting date by every dimension, in words,
    its categories adding up to the indicator's own value; published, small categories are `c` and no cell
    shows 1 to 5."""
    values = {(r["indicator_id"], r["period_type"]): float(r["value"])
              for r in read_csv(front_door_exports / "plain" / "indicator_values.csv")
              if r["period_end"] == AS_AT and r["value"] not in ("", "c")}
    catalogue = {r["indicator_name"]: r for r in read_csv(PROJECT_DIR / "seeds" / "indicator_catalogue.csv")}
    sheet = load_workbook(books["plain"])["Breakdowns"]
    header = [c.value for c in sheet[1]]
    assert header == ["Authority", "Indicator", "Period", "Period end", "Breakdown", "Category", "Numerator",
                      "Denominator", "Value", "Unit"]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert {r["Breakdown"] for r in rows} == {"Ethnicity", "Age", "Sex", "Disability", "Team"}
    assert {r["Period end"].date() for r in rows} == {dt.date(2024, 4, 30)}
    sums: dict[tuple[str, str], float] = {}
    for r in rows:
        if r["Unit"] == "Number":
            sums[(r["Indicator"], r["Breakdown"])] = sums.get((r["Indicator"], r["Breakdown"]), 0) + r["Value"]
    assert sums
    for (name, _dimension), total in sums.items():
        indicator = catalogue[name]
        assert total == values[(indicator["indicator_id"], indicator["headline_period_type"])], name
    published = load_workbook(books["published"])["Breakdowns"]
    cells = [row[6:9] for row in published.iter_rows(min_row=2, values_only=True) if row[1]]
    assert any("c" in cell for cell in cells)
    assert not any(isinstance(v, int | float) and v in range(1, 6) for cell in cells for v in cell[:2])

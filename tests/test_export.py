"""Exports read back from the files: CSV, Parquet and the xlsx workbook (openpyxl), published and not."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from openpyxl import load_workbook

from runner.errors import BadInput
from runner.export import inside, safe_text, write_csv
from tests.conftest import read_csv, runner


@pytest.fixture(scope="module")
def exported(front_door_exports):
    return front_door_exports


def scorecard_rows(sheet):
    header = [c.value for c in sheet[1]]
    return {row[header.index("Id")].value: dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)
            if row[header.index("Id")].value}


def test_scorecard_csv_has_targets_rag_and_direction_for_874(exported):
    rows = {r["indicator_id"]: r for r in read_csv(exported / "plain" / "scorecard.csv")}
    # April 2024 year to date: 2 referrals of 2 contacts, against the target of 25
    assert rows["contact_referral_pct"]["value"] == "100.0"
    referral = rows["contact_referral_pct"]
    assert (referral["target_value"], referral["rag_status"]) == ("25.0", "green")
    # 1 of 2 referrals assessed, against 95: red
    assert (rows["referral_assessment_pct"]["value"], rows["referral_assessment_pct"]["rag_status"]) == ("50.0", "red")
    # no assessment authorised in April: no value, so no RAG (empty, never green)
    assert (rows["assessment_45wd_pct"]["value"], rows["assessment_45wd_pct"]["rag_status"]) == ("", "")
    # tables the fixture does not supply
    assert rows["cp_open"]["availability"] == "not available"
    assert len(rows) == 59


def test_a_benchmark_is_shown_with_its_year(exported):
    rows = {r["indicator_id"]: r for r in read_csv(exported / "plain" / "scorecard.csv")}
    rereferrals = rows["rereferral_pct"]
    # as at April 2024 the latest year published is the year ending 31 March 2024
    assert rereferrals["benchmark_year"] == "2024"
    assert rereferrals["england_value"] and rereferrals["region_value"] and rereferrals["sn_value"]
    for row in rows.values():
        if row["england_value"] or row["sn_value"] or row["published_la_value"]:
            assert row["benchmark_year"], row["indicator_id"]


def test_parquet_reads_back_with_numbers_and_dates(exported):
    relation = duckdb.sql(f"select * from read_parquet('{exported / 'plain' / 'indicator_values.parquet'}')")
    types = dict(zip(relation.columns, [str(t) for t in relation.types], strict=True))
    assert types["value"] == "DOUBLE" and types["period_end"] == "DATE"
    assert len(relation.fetchall()) == len(read_csv(exported / "plain" / "indicator_values.csv"))


def test_workbook_scorecard_has_rag_fills_number_formats_dates_and_frozen_headers(exported):
    book = load_workbook(exported / "plain" / "csc_indicators.xlsx")
    assert book.sheetnames == ["Scorecard", "Front door", "Child protection", "Looked after", "Definitions"]
    sheet = book["Scorecard"]
    assert sheet.freeze_panes == "D2"
    rows = scorecard_rows(sheet)
    green, red = rows["contact_referral_pct"], rows["referral_assessment_pct"]
    assert green["Value"].value == 100.0 and green["Value"].number_format == "0.0"
    assert green["RAG"].value == "green" and green["RAG"].fill.start_color.rgb == "FFC6EFCE"
    assert red["RAG"].value == "red" and red["RAG"].fill.start_color.rgb == "FFFFC7CE"
    assert isinstance(green["Period end"].value, dt.datetime)
    assert green["Period end"].value.date() == dt.date(2024, 4, 30)
    assert rows["contacts"]["Value"].value == 2.0 and rows["contacts"]["Value"].number_format == "#,##0"
    assert rows["rereferral_pct"]["Benchmark year"].value == 2024


def test_workbook_family_sheet_holds_monthly_series_as_numbers(exported):
    sheet = load_workbook(exported / "plain" / "csc_indicators.xlsx")["Front door"]
    assert sheet.freeze_panes == "D2"
    months = [c.value for c in sheet[1]][3:]
    assert months[0] == dt.datetime(2023, 3, 31) and months[-1] == dt.datetime(2024, 4, 30)
    contacts = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "Contacts" and r[2] == "month")
    assert contacts[3:5] == (2, 1)  # March 2023: C01, C02; April 2023: C03


def test_workbook_definitions_come_from_the_catalogue(exported):
    sheet = load_workbook(exported / "plain" / "csc_indicators.xlsx")["Definitions"]
    definitions = {row[0]: row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert definitions["contacts"] == "contacts with cont_contact_date in period"
    assert len(definitions) == 59


def test_published_csv_suppresses_small_numbers_cell_by_cell(exported):
    rows = {(r["indicator_id"], r["period_type"], r["period_end"]): r
            for r in read_csv(exported / "published" / "indicator_values.csv")}
    # contacts: March 2023 = 2 -> c; May 2023 = 0 stays; the 2023-24 year to date (6) includes
    # suppressed months, so it is suppressed too (the difference of two totals would reveal a month)
    assert rows[("contacts", "month", "2023-03-31")]["value"] == "c"
    assert rows[("contacts", "month", "2023-05-31")]["value"] == "0.0"
    assert rows[("contacts", "ytd", "2024-03-31")]["value"] == "c"
    # the whole year 2023-24 is that ytd, so it is suppressed the same way
    assert rows[("contacts", "fy", "2024-03-31")]["value"] == "c"
    # a percentage with numerator 1 and denominator 2
    cell = rows[("rereferral_pct", "month", "2023-06-30")]
    assert (cell["numerator"], cell["denominator"], cell["value"]) == ("c", "c", "c")
    # a rate over a population: the count 5 is hidden, the population is not
    cell = rows[("referral_rate", "rolling_12m", "2024-03-31")]
    assert (cell["numerator"], cell["denominator"], cell["value"]) == ("c", "56451", "c")
    plain = read_csv(exported / "plain" / "indicator_values.csv")
    assert len(plain) == len(rows)


def test_published_workbook_shows_c_and_says_what_it_means(exported):
    sheet = load_workbook(exported / "published" / "csc_indicators.xlsx")["Scorecard"]
    rows = scorecard_rows(sheet)
    assert rows["contacts"]["Value"].value == "c"
    notes = [c.value for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("c:")]
    assert notes


def test_export_refuses_to_write_through_a_link_outside_out(tmp_path, exported):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("keep\n", encoding="utf-8")
    (out / "indicator_values.csv").symlink_to(elsewhere)
    run = runner("export", "--format", "csv", "--out", out, "--warehouse", exported / "w.duckdb")
    assert run.returncode == 2 and "outside --out" in run.stderr
    assert elsewhere.read_text(encoding="utf-8") == "keep\n"


def test_inside_refuses_paths_that_leave_the_folder(tmp_path):
    with pytest.raises(BadInput):
        inside(tmp_path, "../escape.csv")
    with pytest.raises(BadInput):
        inside(tmp_path, "/etc/passwd")
    assert inside(tmp_path, "ok.csv") == (tmp_path / "ok.csv").resolve()


def test_text_a_spreadsheet_would_run_is_neutralised(tmp_path):
    assert safe_text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe_text("+1") == "'+1" and safe_text("@SUM(A1)") == "'@SUM(A1)" and safe_text("-2") == "'-2"
    assert safe_text("Peterborough") == "Peterborough" and safe_text(-2.0) == -2.0
    path = tmp_path / "x.csv"
    write_csv(path, ["name", "value"], [{"name": "=cmd|' /C calc'!A0", "value": -1.5}])
    assert path.read_text(encoding="utf-8").splitlines()[1] == "'=cmd|' /C calc'!A0,-1.5"

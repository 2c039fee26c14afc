"""The exception lists for managers (issue 15, section 4), from the session's synthetic build: `runner export
--exceptions` writes every list as a CSV and a workbook sheet, read back here and checked against the
indicator whose missed timescale each list holds; `--publish --exceptions` is refused; nothing it prints names
a child. (That no person id reaches a published export or a report page: tests/test_report_site.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from runner.exceptions import CSV_PREFIX, LIST_WORDS, SHEET_COLUMNS, WORKBOOK
from tests.conftest import read_csv, runner

LISTS = list(LIST_WORDS)
#: list -> the indicator period its rows belong to (exception_list_catalogue), and whether it counts children
PERIOD = {"assessments_over_45wd": "month", "icpcs_over_15wd": "month", "s47_ended_without_icpc": "month",
          "initial_health_assessments_late": "ytd"}
COUNTS_EVENTS = {"assessments_over_45wd", "icpcs_over_15wd", "s47_ended_without_icpc",
                 "initial_health_assessments_late", "open_assessments_over_45wd"}
FORBIDDEN_COLUMNS = re.compile(r"dob|birth|name|postcode|forename|surname|upn", re.IGNORECASE)


@pytest.fixture(scope="module")
def exported(synthetic_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("exceptions") / "lists"
    run = runner("export", "--exceptions", "--out", out, "--warehouse", synthetic_build / "w.duckdb")
    assert run.returncode == 0, run.output
    return out, run, synthetic_build / "w.duckdb"


def _warehouse_rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_list_is_a_csv_that_matches_the_indicator_it_lists(exported):
    out, run, warehouse = exported
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([WORKBOOK, *(f"{CSV_PREFIX}{list_id}.csv" for list_id in LISTS)])
    (as_at,) = _warehouse_rows(warehouse, "select as_at_date from reporting.report_authority")[0]
    values = {(i, p): (n, d, v) for i, p, n, d, v in _warehouse_rows(
        warehouse, "select indicator_id, period_type, numerator, denominator, value from reporting.indicator_values "
                   f"where la_code = '874' and period_end = '{as_at}'")}
    indicators = dict(_warehouse_rows(
        warehouse, "select list_id, indicator_id from exceptions.exception_list_catalogue"))
    counts = {}
    for list_id in LISTS:
        rows = read_csv(out / f"{CSV_PREFIX}{list_id}.csv")
        assert not [c for c in (rows[0] if rows else {}) if FORBIDDEN_COLUMNS.search(c)]
        assert all(r["list_id"] == list_id and r["la_code"] == "874" and r["person_id"] for r in rows)
        assert all(r["as_at_date"] == as_at.isoformat() == r["period_end"] for r in rows)
        assert all(r["age_band"] in {"under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "unknown"} for r in rows)
        assert len({r["record_id"] for r in rows}) == len(rows)
        listed = len(rows) if list_id in COUNTS_EVENTS else len({r["person_id"] for r in rows})
        counts[list_id] = listed
        if list_id == "open_assessments_over_45wd":  # no indicator of its own: open, so not yet in any
            assert all(not r["done_date"] and int(r["elapsed"]) > 45 for r in rows)
            continue
        numerator, denominator, value = values[(indicators[list_id], PERIOD.get(list_id, "snapshot"))]
        missed = int(value) if numerator is None else denominator - numerator
        assert listed == missed, f"{list_id}: {listed} listed, the indicator misses {missed}"
        # the row says why: the working days beyond the timescale, or what is missing by when
        for r in rows:
            if list_id == "assessments_over_45wd":
                assert int(r["elapsed"]) > 45 and r["start_date"] < r["due_date"] < r["done_date"] <= r["period_end"]
            if list_id == "icpcs_over_15wd":
                assert int(r["elapsed"]) > 15 and r["due_date"] < r["done_date"]
            if list_id == "cp_plans_18m_plus":
                assert int(r["elapsed"]) >= 18 and r["elapsed_unit"] == "months"
    print("exception lists on the synthetic data:", counts)
    # every list has someone on it in the synthetic data, so these checks are not checks of empty files
    assert all(counts.values()), counts
    # the command prints counts, never a child
    ids = {r[0] for r in _warehouse_rows(warehouse, "select person_id from core.dim_child")}
    assert not ids & set(re.findall(r"[A-Za-z0-9_]+", run.output))
    assert f"{CSV_PREFIX}cp_visits_overdue.csv ({counts['cp_visits_overdue']} rows" in run.output


def test_the_workbook_has_a_readable_sheet_per_list(exported):
    out, _, warehouse = exported
    names = dict(_warehouse_rows(warehouse, "select list_id, list_name from exceptions.exception_list_catalogue"))
    book = load_workbook(out / WORKBOOK)
    assert book.sheetnames == ["About", *(LIST_WORDS[list_id][0] for list_id in LISTS)]
    about = book["About"]
    assert "INTERNAL" in about["A2"].value and "Do not publish" in about["A2"].value
    about_rows = {r[0]: r for r in about.iter_rows(min_row=5, values_only=True) if r[0]}
    for list_id in LISTS:
        sheet = book[LIST_WORDS[list_id][0]]
        headers = [c.value for c in sheet[1]]
        assert len(headers) == len(SHEET_COLUMNS) and "Person id" in headers and "Why listed" in headers
        assert not [h for h in headers if "_" in h]  # words, not column names
        assert sheet.freeze_panes == "A2"
        assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJK")
        rows = read_csv(out / f"{CSV_PREFIX}{list_id}.csv")
        body = list(sheet.iter_rows(min_row=2, values_only=True))
        assert len(body) == len(rows)
        person = headers.index("Person id")
        assert sorted(r[person] for r in body) == sorted(r["person_id"] for r in rows)
        due = headers.index("Due by")
        assert all(r[due] is None or hasattr(r[due], "year") for r in body)  # dates as dates
        assert about_rows[names[list_id]][6] == len(rows)  # the About sheet counts each list's records


def test_publishing_the_exception_lists_is_refused(synthetic_build, tmp_path):
    out = tmp_path / "published"
    run = runner("export", "--publish", "--exceptions", "--out", out, "--warehouse", synthetic_build / "w.duckdb")
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: --publish --exceptions:")
    assert "never published" in run.stderr and not out.exists()
    run = runner("export", "--exceptions", "--format", "parquet", "--out", out, "--warehouse",
                 synthetic_build / "w.duckdb")
    assert run.returncode == 2 and run.stderr.startswith("error: --exceptions writes CSV") and not out.exists()

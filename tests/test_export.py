"""Exports read back from the files: CSV and Parquet, published and not (the xlsx workbook: test_report_workbook.py)."""

from __future__ import annotations

import duckdb
import pytest

from runner.errors import BadInput
from runner.export import inside, safe_text, write_csv
from tests.conftest import PROJECT_DIR, read_csv, runner


@pytest.fixture(scope="module")
def exported(front_door_exports):
    return front_door_exports


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
    # one row per indicator of the catalogue (a fixed 56 had outlived the three review and UASC indicators)
    assert len(rows) == len(read_csv(PROJECT_DIR / "seeds" / "indicator_catalogue.csv"))


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


def test_published_csv_suppresses_small_numbers_cell_by_cell(exported):
    rows = {(r["indicator_id"], r["period_type"], r["period_end"]): r
            for r in read_csv(exported / "published" / "indicator_values.csv")}
    # contacts: March 2023 = 2 -> c; May 2023 = 0 stays; the 2023-24 year to date (6) includes
    # suppressed months, so it is suppressed too (the difference of two totals would reveal a month)
    assert rows[("contacts", "month", "2023-03-31")]["value"] == "c"
    assert rows[("contacts", "month", "2023-05-31")]["value"] == "0.0"
    assert rows[("contacts", "ytd", "2024-03-31")]["value"] == "c"
    # a percentage with numerator 1 and denominator 2
    cell = rows[("rereferral_pct", "month", "2023-06-30")]
    assert (cell["numerator"], cell["denominator"], cell["value"]) == ("c", "c", "c")
    # a rate over a population: the count 5 is hidden, the population is not
    cell = rows[("referral_rate", "rolling_12m", "2024-03-31")]
    assert (cell["numerator"], cell["denominator"], cell["value"]) == ("c", "56451", "c")
    plain = read_csv(exported / "plain" / "indicator_values.csv")
    assert len(plain) == len(rows)


def test_breakdowns_are_exported_and_published_suppressed(exported):
    """indicator_breakdowns: its own CSV and Parquet file, the same rows in both; published, every number of 1
    to 5 is `c`, and the categories shown with their total never give a hidden one back."""
    relation = duckdb.sql(f"select * from read_parquet('{exported / 'plain' / 'indicator_breakdowns.parquet'}')")
    types = dict(zip(relation.columns, [str(t) for t in relation.types], strict=True))
    assert types == {"la_code": "VARCHAR", "indicator_id": "VARCHAR", "period_type": "VARCHAR", "period_start": "DATE",
                     "period_end": "DATE", "dimension": "VARCHAR", "category": "VARCHAR", "numerator": "BIGINT",
                     "denominator": "BIGINT", "value": "DOUBLE", "unit": "VARCHAR"}
    plain = read_csv(exported / "plain" / "indicator_breakdowns.csv")
    assert len(relation.fetchall()) == len(plain) > 0
    assert {r["dimension"] for r in plain} == {"ethnicity_group", "age_band", "sex", "disability", "team"}
    published = read_csv(exported / "published" / "indicator_breakdowns.csv")
    assert [(r["indicator_id"], r["period_end"], r["dimension"], r["category"]) for r in published] == \
        [(r["indicator_id"], r["period_end"], r["dimension"], r["category"]) for r in plain]
    numbers = [r[c] for r in published for c in ("numerator", "denominator") if r[c] not in ("", "c")]
    numbers += [r["value"] for r in published if r["unit"] == "count" and r["value"] not in ("", "c")]
    assert not any(float(n) in range(1, 6) for n in numbers)  # the fixture is small: most are hidden
    assert sum(r["value"] == "c" for r in published) > 0
    # contacts in the 12 months to April 2024 by sex: each category and the total as published
    totals = {(r["indicator_id"], r["period_type"], r["period_end"]): r["value"]
              for r in read_csv(exported / "published" / "indicator_values.csv")}
    by_sex = [r for r in published if (r["indicator_id"], r["period_type"], r["period_end"], r["dimension"])
              == ("contacts", "rolling_12m", "2024-04-30", "sex")]
    hidden = [r for r in by_sex if r["value"] == "c"]
    assert by_sex and (len(hidden) != 1 or totals[("contacts", "rolling_12m", "2024-04-30")] == "c")


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

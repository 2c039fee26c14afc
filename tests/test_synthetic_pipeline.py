"""generate -> build -> export on synthetic data, through the real command line."""

from __future__ import annotations

import json
from collections import Counter

import duckdb
import pytest
import yaml

from runner.settings import build_dir
from tests.conftest import PROJECT_DIR, read_csv, runner

FIRST_FIVE = {"contacts", "referrals", "contact_referral_pct", "rereferral_pct", "assessment_45wd_pct"}


@pytest.fixture(scope="module")
def synthetic(synthetic_build):
    work = synthetic_build  # generated and built once per session (tests/conftest.py)
    for fmt in ("csv", "parquet"):
        exported = runner("export", "--format", fmt, "--out", work / "out", "--warehouse", work / "w.duckdb")
        assert exported.returncode == 0, exported.output
    return work


def project_unit_tests() -> set[str]:
    """Every unit test the project's YAML declares, as run_results names them (unit_test.<project>.<model>.<name>)."""
    names = set()
    for path in (PROJECT_DIR / "models").rglob("*.yml"):
        for test in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("unit_tests") or []:
            names.add(f"unit_test.csc_analytics.{test['model']}.{test['name']}")
    return names


def test_ci_runs_every_dbt_unit_test_and_each_passes(synthetic):
    # `runner build` leaves them out unless given --unit-tests; the session's synthetic build passes it,
    # and this is where CI (./dev test) runs them: all of them, every time
    results = json.loads((build_dir(synthetic / "w.duckdb") / "dbt" / "target" / "run_results.json").read_text())
    ran = {r["unique_id"]: r["status"] for r in results["results"] if r["unique_id"].startswith("unit_test.")}
    declared = project_unit_tests()
    assert len(declared) >= 40
    assert declared - set(ran) == set(), "unit tests that did not run"
    assert {uid for uid, status in ran.items() if status != "pass"} == set()


def test_a_build_without_the_flag_runs_no_unit_test_but_every_data_test(front_door_exports):
    side = build_dir(front_door_exports / "w.duckdb")
    results = json.loads((side / "dbt" / "target" / "run_results.json").read_text(encoding="utf-8"))
    kinds = Counter(r["unique_id"].split(".")[0] for r in results["results"])
    assert kinds["unit_test"] == 0
    assert kinds["test"] > 400 and kinds["model"] > 80


def test_every_month_of_the_synthetic_data_has_the_first_five_indicators(synthetic):
    rows = read_csv(synthetic / "out" / "indicator_values.csv")
    months = Counter(r["indicator_id"] for r in rows if r["period_type"] == "month")
    # two financial years, April 2023 to March 2025
    assert {indicator: months[indicator] for indicator in FIRST_FIVE} == dict.fromkeys(FIRST_FIVE, 24)
    ends = sorted({r["period_end"] for r in rows if r["indicator_id"] == "contacts" and r["period_type"] == "month"})
    assert ends[0] == "2023-04-30" and ends[-1] == "2025-03-31"


def test_parquet_export_reads_back_the_same_rows_as_csv(synthetic):
    csv_rows = read_csv(synthetic / "out" / "indicator_values.csv")
    parquet = duckdb.sql(f"select * from read_parquet('{synthetic / 'out' / 'indicator_values.parquet'}')")
    assert parquet.columns == list(csv_rows[0].keys())
    assert len(parquet.fetchall()) == len(csv_rows)


def test_figures_are_of_the_order_of_the_committee_reports(synthetic):
    rows = read_csv(synthetic / "out" / "indicator_values.csv")
    latest = {r["indicator_id"]: float(r["value"]) for r in rows
              if r["period_end"] == "2025-03-31" and r["period_type"] in ("ytd", "snapshot") and r["value"]}
    assert 8_000 <= latest["contacts"] <= 13_000
    assert 15 <= latest["contact_referral_pct"] <= 30
    assert 12 <= latest["rereferral_pct"] <= 30
    assert 70 <= latest["assessment_45wd_pct"] <= 95


def test_injected_faults_are_reported_and_every_raw_row_is_accounted_for(synthetic):
    with duckdb.connect(str(synthetic / "w.duckdb"), read_only=True) as con:
        rules = dict(con.execute(
            "select rule, count(*) from data_quality.dq_findings group by rule").fetchall())
        unbalanced = con.execute(
            "select count(*) from data_quality.dq_row_reconciliation "
            "where raw_rows <> staged_rows + quarantined_rows").fetchone()[0]
        tables = con.execute("select count(distinct table_name) from data_quality.dq_row_reconciliation").fetchone()[0]
    for rule in ("missing_required", "unparseable_date", "end_before_start", "duplicate_identical",
                 "duplicate_conflicting", "orphan_person"):
        assert rules.get(rule, 0) > 0, rule
    assert unbalanced == 0 and tables == 24


def test_no_personal_identifier_reaches_the_exports(synthetic):
    person = duckdb.sql(
        f"select distinct pers_forename, pers_surname from read_csv('{synthetic / 'data' / '874' / 'ssd_person.csv'}',"
        " all_varchar = true)").fetchall()
    text = (synthetic / "out" / "indicator_values.csv").read_text(encoding="utf-8")
    assert person and not any(name in text for pair in person for name in pair if name)


LOOKED_AFTER = {
    "cla_open", "cla_rate", "cla_starts", "cla_ceased", "cla_3plus_placements_pct", "cla_long_term_stability_pct",
    "cla_visit_pct", "cla_health_pct", "cla_dental_pct", "cla_iha_20wd_pct", "cla_missing_children",
    "cla_missing_episodes", "cla_missing_pct", "adoptions", "adoption_pct", "ffa_placements", "adm_to_match_days",
    "care_leavers_in_touch_pct", "care_leavers_accom_pct", "care_leavers_eet_pct", "agency_sw_pct", "sw_caseload_avg",
}


def test_looked_after_figures_are_of_the_order_of_the_committee_reports(synthetic):
    rows = read_csv(synthetic / "out" / "indicator_values.csv")
    assert LOOKED_AFTER.issubset({r["indicator_id"] for r in rows})
    latest = {r["indicator_id"]: float(r["value"]) for r in rows
              if r["period_end"] == "2025-03-31" and r["period_type"] in ("ytd", "snapshot") and r["value"]}
    # about 340 looked after, 66 to 79 per 10,000 (the seed's mid-2024 population is 57,621), 3+ placements
    # 9%, visits 92-93%, health assessments 87-89%, dental 77%, agency social workers 25%
    assert 300 <= latest["cla_open"] <= 420
    assert 50 <= latest["cla_rate"] <= 75
    assert 5 <= latest["cla_3plus_placements_pct"] <= 15
    assert 85 <= latest["cla_visit_pct"] <= 100
    assert 75 <= latest["cla_health_pct"] <= 97
    assert 60 <= latest["cla_dental_pct"] <= 95
    assert 10 <= latest["agency_sw_pct"] <= 40

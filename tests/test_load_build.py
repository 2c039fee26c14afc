"""Loaded statutory returns feed the build: load the shared CIN census and SSDA903 fixtures for one
authority, with a generated census (plans and their reviews, disabilities) and a small Annex A
(allocated teams and workers), then build and export once, through the real command line."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from runner.load.samples import write_cin_census
from tests.conftest import PROJECT_DIR, read_csv, runner
from tests.load_samples import write_annex_a
from tests.test_load_casework import ALLOCATED

SHARED = PROJECT_DIR.parent / "shared" / "fixtures"
GENERATED_CHILDREN = 400
CASEWORK = ("ssd_involvements", "ssd_disability", "ssd_cla_reviews", "ssd_cp_reviews", "ssd_immigration_status")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    work = tmp_path_factory.mktemp("loaded")
    data = work / "data"
    # a census of the year to March 2022, the fake census's collection year, with CP plans and reviews
    write_cin_census(work / "generated.xml", GENERATED_CHILDREN, la_code="975", year=2022, seed=7)
    write_annex_a(work / "annex_a.xlsx", ALLOCATED)
    for args in (("cin-census", SHARED / "cin_census" / "fake_CIN_data.xml"), ("ssda903", SHARED / "ssda903"),
                 ("cin-census", work / "generated.xml"), ("annex-a", work / "annex_a.xlsx")):
        run = runner("load", *args, "--out", data, "--la", "975")
        assert run.returncode == 0, run.output
    built = runner("build", "--data-dir", data, "--warehouse", work / "w.duckdb")
    assert built.returncode == 0, built.output
    exported = runner("export", "--out", work / "out", "--warehouse", work / "w.duckdb")
    assert exported.returncode == 0, exported.output
    return work


def test_indicators_are_produced_from_the_loaded_returns(loaded):
    rows = [r for r in read_csv(loaded / "out" / "indicator_values.csv") if r["la_code"] == "975"]
    produced = {r["indicator_id"] for r in rows}
    assert {"referrals", "rereferral_pct"} <= produced
    # no contacts in any return: the contact indicators are not produced (never shown as 0)
    assert not {"contacts", "contact_referral_pct"} & produced
    referrals = {r["period_end"]: float(r["value"]) for r in rows
                 if r["indicator_id"] == "referrals" and r["period_type"] == "month"}
    assert sum(referrals.values()) > 0


def test_the_review_and_uasc_indicators_come_from_the_loaded_returns(loaded):
    rows = [r for r in read_csv(loaded / "out" / "indicator_values.csv")
            if r["la_code"] == "975" and r["period_type"] == "snapshot"]
    by = {(r["indicator_id"], r["period_end"]): r for r in rows}
    as_at = max(r["period_end"] for r in rows)
    for indicator in ("cla_review_timely_pct", "cp_review_timely_pct"):
        values = [r for r in rows if r["indicator_id"] == indicator]
        assert values, indicator
        for r in values:  # (no value where no child is in the cohort: years before the returns)
            assert 0 <= int(r["numerator"]) <= int(r["denominator"])
            assert r["value"] == "" if r["denominator"] == "0" else 0 <= float(r["value"]) <= 100
        # children in the cohort at every month end of the last year, some of them in time
        last_year = [r for r in values if r["period_end"] > f"{int(as_at[:4]) - 1}{as_at[4:]}"]
        assert len(last_year) == 12 and all(int(r["denominator"]) > 0 for r in last_year), indicator
        assert sum(int(r["numerator"]) for r in last_year) > 0, indicator
    # the generated plans' reviews are mostly in time (to the census's year end, 31 March 2022; after it
    # the census holds no reviews, so plans become overdue); the 903 fixture's reviews are random dates
    assert float(by[("cp_review_timely_pct", "2022-03-31")]["value"]) > 80
    # uasc_open at the as-at date, counted again from the loaded files: UASC statuses (903 uasc.csv) open
    # at d of children looked after at d (an episode open at d, not a short break)
    d = as_at
    files = loaded / "data" / "975"
    statuses = {s["immi_person_id"] for s in read_csv(files / "ssd_immigration_status.csv")
                if "UASC" in s["immi_immigration_status"].upper()
                and (s["immi_immigration_status_end_date"] == "" or s["immi_immigration_status_end_date"] > d)}
    open_episodes = {e["clae_person_id"] for e in read_csv(files / "ssd_cla_episodes.csv")
                     if e["clae_cla_episode_start_date"] <= d
                     and (e["clae_cla_episode_ceased_date"] == "" or e["clae_cla_episode_ceased_date"] > d)}
    short_breaks = {s["lega_person_id"] for s in read_csv(files / "ssd_legal_status.csv")
                    if s["lega_legal_status"] in ("V3", "V4") and s["lega_legal_status_start_date"] <= d
                    and (s["lega_legal_status_end_date"] == "" or s["lega_legal_status_end_date"] > d)}
    expected = len(statuses & (open_episodes - short_breaks))
    assert expected > 0
    assert float(by[("uasc_open", d)]["value"]) == expected


def test_every_loaded_row_is_staged_or_quarantined_and_the_census_children_are_persons(loaded):
    with duckdb.connect(str(loaded / "w.duckdb"), read_only=True) as con:
        unbalanced = con.execute(
            "select count(*) from data_quality.dq_row_reconciliation "
            "where raw_rows <> staged_rows + quarantined_rows").fetchone()[0]
        tables = {r[0]: r[1] for r in con.execute(
            "select table_name, raw_rows from data_quality.dq_row_reconciliation where raw_rows > 0").fetchall()}
        persons = con.execute("select count(*) from staging.stg_ssd__person where la_code = '975'").fetchone()[0]
        quarantined = con.execute(
            "select count(*) from data_quality.dq_findings where severity = 'error'").fetchone()[0]
        unlinked = con.execute(
            "select count(*) from data_quality.dq_findings where rule in ('no_linked_period_of_care', "
            "'no_linked_plan')").fetchone()[0]
    assert unbalanced == 0
    assert {"ssd_person", "ssd_cin_episodes", "ssd_cla_episodes", "ssd_cla_placement", "ssd_legal_status",
            "ssd_cla_health", "ssd_missing", "ssd_care_leavers", "ssd_permanence", *CASEWORK} <= set(tables)
    # every loaded row of the casework tables reached the build
    for name in CASEWORK:
        with (loaded / "data" / "975" / f"{name}.csv").open(encoding="utf-8") as handle:
            assert tables[name] == sum(1 for _ in handle) - 1, name
    # the census's children, the 903's, the generated census's and the Annex A's (no child in two)
    assert persons == 332 + 2675 + GENERATED_CHILDREN + 3
    assert quarantined == 0  # the loaders reject what the build would quarantine
    assert unlinked == 0  # every loaded review names a period of care or plan the build staged


def test_annex_a_allocations_reach_the_involvements_fact(loaded):
    with duckdb.connect(str(loaded / "w.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select person_id, professional_team, professional_id, is_allocated, involvement_start_date, "
            "involvement_end_date from core.fct_involvements where person_id = 'A1' order by 5").fetchall()
    assert rows == [("A1", "MASH", "W1", True, date(2023, 6, 2), date(2023, 6, 5)),
                    ("A1", "Assessment 1", "W2", True, date(2023, 6, 5), date(2023, 6, 27)),
                    ("A1", "St. Neots CP Team", "W3", True, date(2023, 6, 27), None)]

"""Loaded statutory returns feed the build: load the shared CIN census and SSDA903 fixtures for one
authority, then build and export once, through the real command line."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import PROJECT_DIR, read_csv, runner

SHARED = PROJECT_DIR.parent / "shared" / "fixtures"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    work = tmp_path_factory.mktemp("loaded")
    data = work / "data"
    for args in (("cin-census", SHARED / "cin_census" / "fake_CIN_data.xml"), ("ssda903", SHARED / "ssda903")):
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
    # no contacts in either return: the contact indicators are not produced (never shown as 0)
    assert not {"contacts", "contact_referral_pct"} & produced
    referrals = {r["period_end"]: float(r["value"]) for r in rows
                 if r["indicator_id"] == "referrals" and r["period_type"] == "month"}
    assert sum(referrals.values()) > 0


def test_every_loaded_row_is_staged_or_quarantined_and_the_census_children_are_persons(loaded):
    with duckdb.connect(str(loaded / "w.duckdb"), read_only=True) as con:
        unbalanced = con.execute(
            "select count(*) from data_quality.dq_row_reconciliation "
            "where raw_rows <> staged_rows + quarantined_rows").fetchone()[0]
        tables = {r[0] for r in con.execute(
            "select distinct table_name from data_quality.dq_row_reconciliation where raw_rows > 0").fetchall()}
        persons = con.execute("select count(*) from staging.stg_ssd__person where la_code = '975'").fetchone()[0]
        quarantined = con.execute(
            "select count(*) from data_quality.dq_findings where severity = 'error'").fetchone()[0]
    assert unbalanced == 0
    assert {"ssd_person", "ssd_cin_episodes", "ssd_cla_episodes", "ssd_cla_placement", "ssd_legal_status",
            "ssd_cla_health", "ssd_missing", "ssd_care_leavers", "ssd_permanence"} <= tables
    assert persons == 332 + 2675  # the census's children and the 903's, no child in both
    assert quarantined == 0  # the loaders reject what the build would quarantine

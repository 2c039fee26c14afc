"""The first five indicators on a small hand-written SSD data set, every expected value worked out
by hand (tests/fixtures/front_door/874; as-at 2024-04-30, window from 1 March 2023).

The fixture also carries rows that must not count: a contact dated after the as-at date (C10), a
contact with an impossible date (C11, quarantined), an identical duplicate referral (R03 twice: one
staged), a referral before the window (R08, history only) and an assessment whose referral id
matches no referral (A05, measured from its own start date).
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import FIXTURES, read_csv, runner


@pytest.fixture(scope="module")
def front_door(tmp_path_factory):
    work = tmp_path_factory.mktemp("front_door")
    warehouse = work / "fd.duckdb"
    built = runner("build", "--data-dir", FIXTURES / "front_door", "--as-at", "2024-04-30", "--warehouse", warehouse)
    assert built.returncode == 0, built.output
    exported = runner("export", "--format", "csv", "--out", work / "out", "--warehouse", warehouse)
    assert exported.returncode == 0, exported.output
    rows = read_csv(work / "out" / "indicator_values.csv")
    values = {(r["indicator_id"], r["period_type"], r["period_end"]): r for r in rows}
    return {"warehouse": warehouse, "rows": rows, "values": values, "build": built}


def periods(front_door, indicator, period_type, column="period_end"):
    return sorted(r[column] for r in front_door["rows"]
                  if r["indicator_id"] == indicator and r["period_type"] == period_type)


def value(front_door, indicator, period_type, period_end):
    row = front_door["values"][(indicator, period_type, period_end)]
    return row["numerator"], row["denominator"], row["value"]


def test_build_shows_progress_and_a_summary(front_door):
    out = front_door["build"].stdout
    assert " of " in out and "indicator_values" in out
    assert "dbt build:" in out


def test_months_run_from_the_first_full_month_of_contacts_to_the_as_at_date(front_door):
    months = periods(front_door, "contacts", "month")
    assert months[0] == "2023-03-31" and months[-1] == "2024-04-30" and len(months) == 14


def test_contacts_count_first_and_last_day_of_month_and_skip_bad_and_future_rows(front_door):
    # March 2023: C01 on the 1st, C02 on the 31st (with a time part); April 2024: C08 1st, C09 30th
    assert value(front_door, "contacts", "month", "2023-03-31") == ("", "", "2.0")
    assert value(front_door, "contacts", "month", "2024-04-30") == ("", "", "2.0")
    assert value(front_door, "contacts", "month", "2023-05-31") == ("", "", "0.0")
    # FY 2023-24: Apr 1 + Jun 2 + Dec 1 + Feb 1 + Mar 1
    assert value(front_door, "contacts", "ytd", "2024-03-31") == ("", "", "6.0")
    # Mar 2023 to Feb 2024: 2 + 1 + 2 + 1 + 1; May 2023 to Apr 2024: 2 + 1 + 1 + 1 + 2
    assert value(front_door, "contacts", "rolling_12m", "2024-02-29") == ("", "", "7.0")
    assert value(front_door, "contacts", "rolling_12m", "2024-04-30") == ("", "", "7.0")


def test_rolling_and_ytd_only_when_the_whole_period_is_in_the_window(front_door):
    rolling = periods(front_door, "contacts", "rolling_12m")
    assert rolling == ["2024-02-29", "2024-03-31", "2024-04-30"]
    ytd = set(periods(front_door, "contacts", "ytd", column="period_start"))
    assert ytd == {"2023-04-01", "2024-04-01"}


def test_referrals_count_a_duplicate_once(front_door):
    assert value(front_door, "referrals", "month", "2023-04-30") == ("", "", "1.0")
    assert value(front_door, "referrals", "ytd", "2024-03-31") == ("", "", "5.0")
    assert value(front_door, "referrals", "rolling_12m", "2024-04-30") == ("", "", "6.0")


def test_contact_referral_pct(front_door):
    assert value(front_door, "contact_referral_pct", "month", "2024-04-30") == ("2", "2", "100.0")
    n, d, v = value(front_door, "contact_referral_pct", "ytd", "2024-03-31")
    assert (n, d) == ("5", "6") and float(v) == pytest.approx(500 / 6)
    n, d, v = value(front_door, "contact_referral_pct", "rolling_12m", "2024-04-30")
    assert (n, d) == ("6", "7") and float(v) == pytest.approx(600 / 7)


def test_rereferral_pct_exact_12_months_counts_12_months_and_a_day_does_not(front_door):
    # June 2023: R05 first, R06 five days later
    assert value(front_door, "rereferral_pct", "month", "2023-06-30") == ("1", "2", "50.0")
    # March 2024: R02 exactly 12 months after R01
    assert value(front_door, "rereferral_pct", "month", "2024-03-31") == ("1", "1", "100.0")
    # April 2024: R04 is 12 months and 1 day after R03; R07 is P04's first
    assert value(front_door, "rereferral_pct", "month", "2024-04-30") == ("0", "2", "0.0")
    # FY 2023-24: R06, R09 (previous R08, before the window), R02 of R03 R05 R06 R09 R02
    assert value(front_door, "rereferral_pct", "ytd", "2024-03-31") == ("3", "5", "60.0")
    assert value(front_door, "rereferral_pct", "rolling_12m", "2024-04-30") == ("3", "6", "50.0")


def test_assessment_45wd_pct_45_in_46_out_and_bank_holidays_skipped(front_door):
    # August 2023: A02 at exactly 45 working days, A03 at 46
    assert value(front_door, "assessment_45wd_pct", "month", "2023-08-31") == ("1", "2", "50.0")
    # June 2023: A01, 41 working days over Easter, two May bank holidays and the coronation
    assert value(front_door, "assessment_45wd_pct", "month", "2023-06-30") == ("1", "1", "100.0")
    # no assessment authorised in April 2024 (A06 is not authorised): null, not 0
    assert value(front_door, "assessment_45wd_pct", "month", "2024-04-30") == ("0", "0", "")
    assert value(front_door, "assessment_45wd_pct", "ytd", "2024-03-31") == ("4", "5", "80.0")
    assert value(front_door, "assessment_45wd_pct", "rolling_12m", "2024-02-29") == ("4", "5", "80.0")


def test_working_days_of_each_assessment(front_door):
    with duckdb.connect(str(front_door["warehouse"]), read_only=True) as con:
        got = dict(con.execute("select assessment_id, working_days_to_auth from core.fct_assessments").fetchall())
    # hand-counted: A04 runs over Christmas, Boxing Day and New Year; A05 from its own start date
    assert got == {"A07": 15, "A01": 41, "A02": 45, "A03": 46, "A04": 43, "A05": 1, "A06": None}


def test_bad_rows_are_reported_and_every_raw_row_is_accounted_for(front_door):
    with duckdb.connect(str(front_door["warehouse"]), read_only=True) as con:
        findings = con.execute(
            "select table_name, record_id, rule, severity, offending_value, source_row from data_quality.dq_findings "
            "order by table_name, record_id, rule"
        ).fetchall()
        reconciliation = con.execute(
            "select table_name, raw_rows, staged_rows, quarantined_rows from data_quality.dq_row_reconciliation "
            "order by table_name"
        ).fetchall()
    assert ("ssd_contacts", "C11", "unparseable_date", "error", "2023-13-01", 12) in findings
    assert ("ssd_contacts", "C10", "dated_after_as_at", "warning", "2024-05-01", 11) in findings
    assert ("ssd_cin_episodes", "R03", "duplicate_identical", "error", "R03", 4) in findings
    assert ("ssd_cin_assessments", "A05", "no_linked_referral", "warning", "R99", 6) in findings
    assert reconciliation == [
        ("ssd_cin_assessments", 7, 7, 0),
        ("ssd_cin_episodes", 10, 9, 1),
        ("ssd_contacts", 12, 11, 1),
        ("ssd_person", 5, 5, 0),
    ]


def test_indicators_of_tables_not_supplied_are_not_produced(front_door):
    produced = {r["indicator_id"] for r in front_door["rows"]}
    # no ssd_early_help_episodes or ssd_cin_plans in the fixture
    assert not produced & {"early_help_starts", "early_help_rate", "early_help_open", "cin_plans_open"}
    assert {"contacts", "referrals", "contact_referral_pct", "rereferral_pct", "assessment_45wd_pct"} <= produced

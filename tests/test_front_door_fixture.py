"""The front-door family on a small hand-written SSD data set, every expected value worked out by
hand (tests/fixtures/front_door/874; as-at 2024-04-30, window from 1 March 2023). Populations are
the seed's ONS figures for Peterborough: mid-2023 56,451 (periods ending April 2023 to March 2024),
mid-2024 57,621 (April 2024 on).

The fixture also carries rows that must not count: a contact dated after the as-at date (C10), a
contact with an impossible date (C11, quarantined), an identical duplicate referral (R03 twice: one
staged), a referral before the window (R08, history only) and an assessment whose referral id
matches no referral (A05, measured from its own start date).
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import read_csv


@pytest.fixture(scope="module")
def front_door(front_door_exports):
    rows = read_csv(front_door_exports / "plain" / "indicator_values.csv")
    values = {(r["indicator_id"], r["period_type"], r["period_end"]): r for r in rows}
    build_log = (front_door_exports / "build.log").read_text(encoding="utf-8")
    return {"warehouse": front_door_exports / "w.duckdb", "rows": rows, "values": values, "build": build_log}


def periods(front_door, indicator, period_type, column="period_end"):
    return sorted(r[column] for r in front_door["rows"]
                  if r["indicator_id"] == indicator and r["period_type"] == period_type)


def value(front_door, indicator, period_type, period_end):
    row = front_door["values"][(indicator, period_type, period_end)]
    return row["numerator"], row["denominator"], row["value"]


def test_build_shows_progress_and_a_summary(front_door):
    out = front_door["build"]
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
        ("ssd_cin_plans", 2, 2, 0),
        ("ssd_contacts", 12, 11, 1),
        ("ssd_early_help_episodes", 5, 5, 0),
        ("ssd_person", 5, 5, 0),
    ]


MID_2023, MID_2024 = 56_451, 57_621


def test_referral_nfa_pct(front_door):
    # June 2023: R05 (NFA) and R06; FY 2023-24: R05 of R03 R05 R06 R09 R02
    assert value(front_door, "referral_nfa_pct", "month", "2023-06-30") == ("1", "2", "50.0")
    assert value(front_door, "referral_nfa_pct", "ytd", "2024-03-31") == ("1", "5", "20.0")
    n, d, v = value(front_door, "referral_nfa_pct", "rolling_12m", "2024-04-30")
    assert (n, d) == ("1", "6") and float(v) == pytest.approx(100 / 6)


def test_referral_assessment_pct_counts_a_linked_assessment_even_if_not_authorised(front_door):
    # April 2024: R07 has A06 (not yet authorised), R04 has none
    assert value(front_door, "referral_assessment_pct", "month", "2024-04-30") == ("1", "2", "50.0")
    assert value(front_door, "referral_assessment_pct", "ytd", "2024-03-31") == ("4", "5", "80.0")
    n, d, v = value(front_door, "referral_assessment_pct", "rolling_12m", "2024-04-30")
    assert (n, d) == ("4", "6") and float(v) == pytest.approx(400 / 6)


def test_ethnicity_unrecorded_pct_counts_nobt_and_blank(front_door):
    # April 2024: R04 (P02, NOBT) and R07 (P04, blank)
    assert value(front_door, "ethnicity_unrecorded_pct", "month", "2024-04-30") == ("2", "2", "100.0")
    assert value(front_door, "ethnicity_unrecorded_pct", "ytd", "2024-03-31") == ("1", "5", "20.0")
    n, d, v = value(front_door, "ethnicity_unrecorded_pct", "rolling_12m", "2024-04-30")
    assert (n, d) == ("2", "6") and float(v) == pytest.approx(200 / 6)


def test_assessments_and_their_median_duration(front_door):
    assert value(front_door, "assessments", "month", "2023-08-31") == ("", "", "2.0")
    assert value(front_door, "assessments", "ytd", "2024-03-31") == ("", "", "5.0")
    assert value(front_door, "assessments", "rolling_12m", "2024-04-30") == ("", "", "5.0")
    # August 2023: 45 and 46 -> 45.5; FY 2023-24: 1 41 43 45 46 -> 43; none in April 2024 -> null
    assert value(front_door, "assessment_median_wd", "month", "2023-08-31") == ("", "2", "45.5")
    assert value(front_door, "assessment_median_wd", "ytd", "2024-03-31") == ("", "5", "43.0")
    assert value(front_door, "assessment_median_wd", "rolling_12m", "2024-02-29") == ("", "5", "43.0")
    assert value(front_door, "assessment_median_wd", "month", "2024-04-30") == ("", "0", "")


def test_referral_rate_uses_the_population_of_the_periods_financial_year(front_door):
    # the 12 months to March 2024 use mid-2023; to April 2024, mid-2024
    n, d, v = value(front_door, "referral_rate", "rolling_12m", "2024-03-31")
    assert (n, d) == ("5", str(MID_2023)) and float(v) == pytest.approx(5 / MID_2023 * 10_000)
    n, d, v = value(front_door, "referral_rate", "rolling_12m", "2024-04-30")
    assert (n, d) == ("6", str(MID_2024)) and float(v) == pytest.approx(6 / MID_2024 * 10_000)
    assert periods(front_door, "referral_rate", "month") == []


def test_early_help_starts_rate_and_open_children(front_door):
    assert value(front_door, "early_help_starts", "month", "2023-05-31") == ("", "", "1.0")
    assert value(front_door, "early_help_starts", "ytd", "2024-03-31") == ("", "", "2.0")
    assert value(front_door, "early_help_starts", "rolling_12m", "2024-04-30") == ("", "", "3.0")
    n, d, v = value(front_door, "early_help_rate", "rolling_12m", "2024-04-30")
    assert (n, d) == ("3", str(MID_2024)) and float(v) == pytest.approx(3 / MID_2024 * 10_000)
    # an episode ending on the day is not open; one starting on the day is; a child counts once
    assert value(front_door, "early_help_open", "snapshot", "2023-03-31") == ("", "", "1.0")
    assert value(front_door, "early_help_open", "snapshot", "2023-05-31") == ("", "", "1.0")
    assert value(front_door, "early_help_open", "snapshot", "2023-06-30") == ("", "", "1.0")
    assert value(front_door, "early_help_open", "snapshot", "2024-04-30") == ("", "", "2.0")


def test_children_in_need_and_on_cin_plans_at_month_ends(front_door):
    # R01 closes on 30 April 2023: open at 31 March, not at 30 April; R05 is NFA
    assert value(front_door, "cin_open", "snapshot", "2023-03-31") == ("", "", "1.0")
    assert value(front_door, "cin_open", "snapshot", "2023-04-30") == ("", "", "1.0")
    assert value(front_door, "cin_open", "snapshot", "2023-06-30") == ("", "", "2.0")
    assert value(front_door, "cin_open", "snapshot", "2024-04-30") == ("", "", "5.0")
    n, d, v = value(front_door, "cin_rate", "snapshot", "2024-03-31")
    assert (n, d) == ("3", str(MID_2023)) and float(v) == pytest.approx(3 / MID_2023 * 10_000)
    assert value(front_door, "cin_plans_open", "snapshot", "2023-12-31") == ("", "", "1.0")
    assert value(front_door, "cin_plans_open", "snapshot", "2024-01-31") == ("", "", "1.0")
    assert value(front_door, "cin_plans_open", "snapshot", "2023-07-31") == ("", "", "0.0")
    snapshot = front_door["values"][("cin_open", "snapshot", "2024-04-30")]
    assert snapshot["period_start"] == snapshot["period_end"] == "2024-04-30"


def test_all_seventeen_front_door_indicators_are_produced(front_door):
    produced = {r["indicator_id"] for r in front_door["rows"]}
    assert produced == {
        "contacts", "contact_referral_pct", "referrals", "referral_rate", "rereferral_pct", "referral_nfa_pct",
        "referral_assessment_pct", "ethnicity_unrecorded_pct", "assessments", "assessment_45wd_pct",
        "assessment_median_wd", "early_help_starts", "early_help_rate", "early_help_open", "cin_open", "cin_rate",
        "cin_plans_open",
    }

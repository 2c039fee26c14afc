"""The child protection family on a small hand-written SSD data set, every expected value worked out
by hand (tests/fixtures/child_protection/874; as-at 2024-04-30, window from 1 April 2023, set by the
first contact). Populations are the seed's ONS figures for Peterborough: mid-2023 56,451 (periods
ending April 2023 to March 2024), mid-2024 57,621 (April 2024).

Bank holidays that matter: Good Friday 7 April and Easter Monday 10 April 2023; Good Friday 29 March
and Easter Monday 1 April 2024.

The data set, by child (s47 enquiry -> ICPC -> plan; plan dates start -> end):

    P01  S01 3 Apr 2023 -> 20 Apr; I01 26 Apr 2023 (15 working days), plan; CP01 26 Apr -> 15 Dec 2023
    P02  S02 1 Jun 2023 -> 22 Jun; I02 23 Jun 2023 (16 working days), no plan
         S09 ends before it starts and CP99 likewise: both quarantined
    P03  S07 Dec 2022 (before the window, history); S03 4 Sep -> 15 Sep 2023, no ICPC
    P04  S04 1 Nov 2023, still open; CP04 10 May 2024 (after the as-at date: in no period)
    P05  S05 10 Jan 2024 -> 31 Jan; I05 9 Jan 2024, the day BEFORE its s47 (in icpcs, in no
         timeliness denominator); CP05 9 Jan 2024 -> open
    P06  S06 2 Apr 2024 -> 30 Apr; I06 23 Apr 2024 (15 working days); CP06 23 Apr 2024 -> open
    P07  I07 3 Jul 2023 is a TRANSFER-IN (in no ICPC indicator); CP07 3 Jul 2023 -> open
    P08  I08 10 Oct 2023 names s47 S99, which does not exist (in icpcs, no timeliness); CP08 -> open;
         S08 2 May 2024 is after the as-at date
    P09  CP09A 2 Mar 2020 -> 29 Apr 2022; CP09B 29 Apr 2024: a repeat EXACTLY two years after
    P10  CP10A 4 May 2021 -> 4 May 2023 (lasted exactly two years); CP10B starts 4 May 2023, the day
         CP10A ends (no overlap; a repeat within two years)
    P11  CP11A 2019 -> 6 Jan 2021; CP11B 1 Sep 2023 -> 15 Feb 2024 (a repeat, not within two years)
    P12  CP12 31 Mar 2022 -> open (exactly two years at 31 Mar 2024)
    P13  CP13 31 Oct 2022 -> 30 Jun 2024 (at 30 Apr 2024, d - 18 months = 30 Oct 2022: 12 to 18
         months, although 31 Oct 2022 + 18 months = 30 Apr 2024)
    P14  CP14 30 Sep 2022 -> open (exactly 18 months at 31 Mar 2024)
    P15  CP15A 1 Aug 2023 -> open and CP15B 1 Nov 2023 -> 31 Jan 2024 OVERLAP: reported, never fatal;
         CP15B is a repeat within two years (an earlier plan still open)
    P16  CP16 1 Jun 2021 -> 31 May 2023 (two years less a day)
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import FIXTURES, build_fixture, read_csv, runner

MID_2023, MID_2024 = 56_451, 57_621

CHILD_PROTECTION = {
    "s47_starts", "s47_rate", "s47_icpc_pct", "icpcs", "icpc_rate", "icpc_15wd_pct", "icpc_plan_pct", "cp_starts",
    "cp_open", "cp_rate", "cp_repeat_pct", "cp_repeat_2y_pct", "cp_open_12_18m", "cp_open_18m_plus",
    "cp_open_2y_plus_pct", "cp_ended_2y_plus_pct", "cp_visit_pct",
}


@pytest.fixture(scope="module")
def cp(tmp_path_factory):
    work = tmp_path_factory.mktemp("child_protection")
    warehouse = work / "cp.duckdb"
    built = build_fixture(FIXTURES / "child_protection", warehouse)
    assert built.returncode == 0, built.output
    exported = runner("export", "--format", "csv", "--out", work / "out", "--warehouse", warehouse)
    assert exported.returncode == 0, exported.output
    rows = read_csv(work / "out" / "indicator_values.csv")
    values = {(r["indicator_id"], r["period_type"], r["period_end"]): r for r in rows}
    return {"warehouse": warehouse, "rows": rows, "values": values, "build": built}


def value(cp, indicator, period_type, period_end):
    row = cp["values"][(indicator, period_type, period_end)]
    return row["numerator"], row["denominator"], row["value"]


def rate(count, population):
    return pytest.approx(count / population * 10_000)


def test_all_seventeen_child_protection_indicators_are_produced(cp):
    produced = {r["indicator_id"] for r in cp["rows"]}
    # no referrals, assessments or early help were supplied: those indicators are not produced
    assert produced == CHILD_PROTECTION | {"contacts"}


def test_s47_starts_and_rate(cp):
    # S01 Apr, S02 Jun, S03 Sep, S04 Nov 2023, S05 Jan, S06 Apr 2024; S09 quarantined, S08 after as-at
    assert value(cp, "s47_starts", "month", "2024-04-30") == ("", "", "1.0")
    assert value(cp, "s47_starts", "month", "2024-03-31") == ("", "", "0.0")
    assert value(cp, "s47_starts", "ytd", "2024-03-31") == ("", "", "5.0")
    assert value(cp, "s47_starts", "rolling_12m", "2024-04-30") == ("", "", "5.0")
    n, d, v = value(cp, "s47_rate", "rolling_12m", "2024-03-31")
    assert (n, d) == ("5", str(MID_2023)) and float(v) == rate(5, MID_2023)
    n, d, v = value(cp, "s47_rate", "rolling_12m", "2024-04-30")
    assert (n, d) == ("5", str(MID_2024)) and float(v) == rate(5, MID_2024)
    # a rate of a flow is over rolling 12 months only (its fy is the 12 months ending 31 March)
    periods = {r["period_type"] for r in cp["rows"] if r["indicator_id"] == "s47_rate"}
    assert periods == {"rolling_12m", "fy"}
    assert value(cp, "s47_rate", "fy", "2024-03-31") == value(cp, "s47_rate", "rolling_12m", "2024-03-31")


def test_s47_icpc_pct_is_over_enquiries_ended_in_the_period(cp):
    # ended: S01 Apr (I01), S02 Jun (I02), S03 Sep (none), S05 Jan (I05), S06 Apr 2024 (I06); S04 open
    assert value(cp, "s47_icpc_pct", "month", "2023-09-30") == ("0", "1", "0.0")
    assert value(cp, "s47_icpc_pct", "month", "2024-03-31") == ("0", "0", "")
    assert value(cp, "s47_icpc_pct", "ytd", "2024-03-31") == ("3", "4", "75.0")
    assert value(cp, "s47_icpc_pct", "rolling_12m", "2024-04-30") == ("3", "4", "75.0")


def test_icpcs_exclude_the_transfer_in(cp):
    # I01 Apr, I02 Jun, I08 Oct 2023, I05 Jan 2024; I07 (Jul 2023) is a transfer-in
    assert value(cp, "icpcs", "month", "2023-07-31") == ("", "", "0.0")
    assert value(cp, "icpcs", "month", "2023-10-31") == ("", "", "1.0")
    assert value(cp, "icpcs", "ytd", "2024-03-31") == ("", "", "4.0")
    # I02, I08, I05, I06
    assert value(cp, "icpcs", "rolling_12m", "2024-04-30") == ("", "", "4.0")
    n, d, v = value(cp, "icpc_rate", "rolling_12m", "2024-03-31")
    assert (n, d) == ("4", str(MID_2023)) and float(v) == rate(4, MID_2023)
    n, d, v = value(cp, "icpc_rate", "rolling_12m", "2024-04-30")
    assert (n, d) == ("4", str(MID_2024)) and float(v) == rate(4, MID_2024)


def test_icpc_15wd_pct_15_in_16_out_before_s47_and_unlinked_excluded(cp):
    # I01: 15 working days over Good Friday and Easter Monday 2023; I02: 16
    assert value(cp, "icpc_15wd_pct", "month", "2023-04-30") == ("1", "1", "100.0")
    assert value(cp, "icpc_15wd_pct", "month", "2023-06-30") == ("0", "1", "0.0")
    # I08 names no existing s47, I05 predates its s47: in icpcs, not in this denominator
    assert value(cp, "icpc_15wd_pct", "month", "2023-10-31") == ("0", "0", "")
    assert value(cp, "icpc_15wd_pct", "month", "2024-01-31") == ("0", "0", "")
    # I06: exactly 15 working days
    assert value(cp, "icpc_15wd_pct", "month", "2024-04-30") == ("1", "1", "100.0")
    assert value(cp, "icpc_15wd_pct", "ytd", "2024-03-31") == ("1", "2", "50.0")
    assert value(cp, "icpc_15wd_pct", "rolling_12m", "2024-04-30") == ("1", "2", "50.0")


def test_working_days_of_each_icpc(cp):
    with duckdb.connect(str(cp["warehouse"]), read_only=True) as con:
        got = {r[0]: r[1:] for r in con.execute(
            "select icpc_id, has_linked_s47, is_transfer_in, working_days_from_s47_start from core.fct_icpcs"
        ).fetchall()}
    assert got == {
        "I01": (True, False, 15), "I02": (True, False, 16), "I05": (True, False, None), "I06": (True, False, 15),
        "I07": (False, True, None), "I08": (False, False, None),
    }


def test_icpc_plan_pct(cp):
    # I01, I08, I05 of I01, I02, I08, I05 resulted in a plan; I02 did not
    assert value(cp, "icpc_plan_pct", "month", "2023-06-30") == ("0", "1", "0.0")
    assert value(cp, "icpc_plan_pct", "ytd", "2024-03-31") == ("3", "4", "75.0")
    assert value(cp, "icpc_plan_pct", "rolling_12m", "2024-04-30") == ("3", "4", "75.0")


def test_cp_starts(cp):
    # FY 2023-24: CP01 CP10B CP07 CP15A CP11B CP08 CP15B CP05; April 2024: CP06 CP09B; CP04 after as-at
    assert value(cp, "cp_starts", "ytd", "2024-03-31") == ("", "", "8.0")
    assert value(cp, "cp_starts", "month", "2024-04-30") == ("", "", "2.0")
    assert value(cp, "cp_starts", "ytd", "2024-04-30") == ("", "", "2.0")
    assert value(cp, "cp_starts", "rolling_12m", "2024-04-30") == ("", "", "9.0")


def test_cp_repeat_pct_any_earlier_plan(cp):
    # FY 2023-24: CP10B, CP11B, CP15B of 8; April 2024: CP09B of CP06, CP09B
    assert value(cp, "cp_repeat_pct", "ytd", "2024-03-31") == ("3", "8", "37.5")
    assert value(cp, "cp_repeat_pct", "month", "2024-04-30") == ("1", "2", "50.0")
    n, d, v = value(cp, "cp_repeat_pct", "rolling_12m", "2024-04-30")
    assert (n, d) == ("4", "9") and float(v) == pytest.approx(400 / 9)
    assert value(cp, "cp_repeat_pct", "month", "2024-03-31") == ("0", "0", "")


def test_cp_repeat_2y_pct_exactly_two_years_counts(cp):
    # CP10B (previous ended the day it started), CP15B (previous still open); CP11B's ended in 2021
    assert value(cp, "cp_repeat_2y_pct", "ytd", "2024-03-31") == ("2", "8", "25.0")
    # CP09B starts 29 Apr 2024, exactly two years after CP09A ended
    assert value(cp, "cp_repeat_2y_pct", "month", "2024-04-30") == ("1", "2", "50.0")
    n, d, v = value(cp, "cp_repeat_2y_pct", "rolling_12m", "2024-04-30")
    assert (n, d) == ("3", "9") and float(v) == pytest.approx(100 / 3)


def test_cp_ended_2y_plus_pct(cp):
    # May 2023: CP10A (exactly two years) and CP16 (two years less a day)
    assert value(cp, "cp_ended_2y_plus_pct", "month", "2023-05-31") == ("1", "2", "50.0")
    # then CP01 Dec, CP15B Jan, CP11B Feb; none in April 2024 (CP13's end is after the as-at date)
    assert value(cp, "cp_ended_2y_plus_pct", "ytd", "2024-03-31") == ("1", "5", "20.0")
    assert value(cp, "cp_ended_2y_plus_pct", "rolling_12m", "2024-04-30") == ("1", "5", "20.0")
    assert value(cp, "cp_ended_2y_plus_pct", "month", "2024-04-30") == ("0", "0", "")


def test_cp_open_and_rate_count_children_at_month_ends(cp):
    # 30 Apr 2023: P01 P10 P12 P13 P14 P16
    assert value(cp, "cp_open", "snapshot", "2023-04-30") == ("", "", "6.0")
    # 31 May 2023: CP10A ended on 4 May as CP10B began: P10 once; CP16 ends on the day: not open
    assert value(cp, "cp_open", "snapshot", "2023-05-31") == ("", "", "5.0")
    # 30 Nov 2023: P15's two overlapping plans count one child
    assert value(cp, "cp_open", "snapshot", "2023-11-30") == ("", "", "9.0")
    assert value(cp, "cp_open", "snapshot", "2024-03-31") == ("", "", "8.0")
    assert value(cp, "cp_open", "snapshot", "2024-04-30") == ("", "", "10.0")
    n, d, v = value(cp, "cp_rate", "snapshot", "2024-03-31")
    assert (n, d) == ("8", str(MID_2023)) and float(v) == rate(8, MID_2023)
    n, d, v = value(cp, "cp_rate", "snapshot", "2024-04-30")
    assert (n, d) == ("10", str(MID_2024)) and float(v) == rate(10, MID_2024)
    row = cp["values"][("cp_open", "snapshot", "2024-04-30")]
    assert row["period_start"] == row["period_end"] == "2024-04-30"


def test_plans_open_12_to_18_months_and_over_18_months(cp):
    # 31 Mar 2024: d - 12 months = 31 Mar 2023, d - 18 months = 30 Sep 2022: CP13 is 12 to 18;
    # CP14 started exactly 18 months before (over 18) and CP12 two years before
    assert value(cp, "cp_open_12_18m", "snapshot", "2024-03-31") == ("", "", "1.0")
    assert value(cp, "cp_open_18m_plus", "snapshot", "2024-03-31") == ("", "", "2.0")
    # 30 Apr 2024: d - 18 months = 30 Oct 2022: CP13 (31 Oct 2022) is still 12 to 18
    assert value(cp, "cp_open_12_18m", "snapshot", "2024-04-30") == ("", "", "1.0")
    assert value(cp, "cp_open_18m_plus", "snapshot", "2024-04-30") == ("", "", "2.0")
    # 30 Nov 2023: CP13 and CP14 are 12 to 18, CP12 over 18
    assert value(cp, "cp_open_12_18m", "snapshot", "2023-11-30") == ("", "", "2.0")
    assert value(cp, "cp_open_18m_plus", "snapshot", "2023-11-30") == ("", "", "1.0")


def test_cp_open_2y_plus_pct_counts_plans(cp):
    # CP12 started exactly two years before 31 Mar 2024; 8 plans open then, 10 at 30 Apr 2024
    assert value(cp, "cp_open_2y_plus_pct", "snapshot", "2024-03-31") == ("1", "8", "12.5")
    assert value(cp, "cp_open_2y_plus_pct", "snapshot", "2024-04-30") == ("1", "10", "10.0")
    # 30 Nov 2023: P15's overlapping plans are two plans
    assert value(cp, "cp_open_2y_plus_pct", "snapshot", "2023-11-30") == ("0", "10", "0.0")


def test_cp_visit_pct_working_day_boundaries(cp):
    # 30 Apr 2024 (Tuesday): CP06 (5 working days) and CP09B (1) are too new to count. Of P05 P07
    # P08 P10 P12 P13 P14 P15: P05 seen 16 Apr (exactly 10 working days), P10 seen on d (a time part),
    # P13 22 Apr, P14 19 Apr, P15 26 Apr (visit with no plan id: found by the child). P07 seen 15 Apr
    # (11), P08 not seen, P12 seen 12 Apr (12) and 2 May (after d): not in time.
    assert value(cp, "cp_visit_pct", "snapshot", "2024-04-30") == ("5", "8", "62.5")
    # 31 Mar 2024 (Sunday, after Good Friday): P05 seen 14 Mar (10), P08 on Good Friday (0), P12
    # 20 Mar (6), P14 28 Mar (0). P07 13 Mar (11), P13 not seen, P15 12 Mar (12; the 30 Feb visit is
    # quarantined), P10's visit is after d.
    assert value(cp, "cp_visit_pct", "snapshot", "2024-03-31") == ("4", "8", "50.0")
    # 30 Apr 2023: no visits recorded yet; CP01 (2 working days old) is not in the denominator
    assert value(cp, "cp_visit_pct", "snapshot", "2023-04-30") == ("0", "5", "0.0")


def test_repeat_flags_of_each_plan(cp):
    with duckdb.connect(str(cp["warehouse"]), read_only=True) as con:
        got = {r[0]: r[1:] for r in con.execute(
            "select cp_plan_id, plan_number, previous_plan_id, is_repeat_within_2y, lasted_2y_plus, "
            "overlaps_another_plan from core.fct_cp_plans where person_id in ('P09', 'P10', 'P11', 'P15', 'P16')"
        ).fetchall()}
    assert got == {
        "CP09A": (1, None, False, True, False), "CP09B": (2, "CP09A", True, None, False),
        "CP10A": (1, None, False, True, False), "CP10B": (2, "CP10A", True, None, False),
        "CP11A": (1, None, False, False, False), "CP11B": (2, "CP11A", False, False, False),
        "CP15A": (1, None, False, None, True), "CP15B": (2, "CP15A", True, False, True),
        "CP16": (1, None, False, False, False),
    }


def test_overlaps_and_bad_rows_are_reported_not_fatal(cp):
    assert "fct_cp_plans_a_childs_plans_do_not_overlap" in cp["build"].output
    with duckdb.connect(str(cp["warehouse"]), read_only=True) as con:
        findings = con.execute(
            "select table_name, record_id, rule, severity, offending_value, source_row from data_quality.dq_findings "
            "where table_name <> 'ssd_contacts' order by table_name, record_id, rule"
        ).fetchall()
        reconciliation = con.execute(
            "select table_name, raw_rows, staged_rows, quarantined_rows from data_quality.dq_row_reconciliation "
            "order by table_name"
        ).fetchall()
    assert findings == [
        ("ssd_cp_plans", "CP04", "dated_after_as_at", "warning", "2024-05-10", 19),
        ("ssd_cp_plans", "CP15A", "overlapping_period", "warning", "CP15B", 11),
        ("ssd_cp_plans", "CP15B", "overlapping_period", "warning", "CP15A", 15),
        ("ssd_cp_plans", "CP99", "end_before_start", "error", "2023-08-01 > 2023-07-01", 12),
        ("ssd_cp_visits", "V06", "dated_after_as_at", "warning", "2024-05-02", 18),
        ("ssd_cp_visits", "V18", "unparseable_date", "error", "2024-02-30", 8),
        ("ssd_s47_enquiry", "S08", "dated_after_as_at", "warning", "2024-05-02", 9),
        ("ssd_s47_enquiry", "S09", "end_before_start", "error", "2023-07-10 > 2023-07-01", 4),
    ]
    assert reconciliation == [
        ("ssd_contacts", 3, 3, 0),
        ("ssd_cp_plans", 19, 18, 1),
        ("ssd_cp_visits", 18, 17, 1),
        ("ssd_initial_cp_conference", 6, 6, 0),
        ("ssd_person", 16, 16, 0),
        ("ssd_s47_enquiry", 9, 8, 1),
    ]

"""The looked-after family on a small hand-written SSD data set, every expected value worked out by
hand (tests/fixtures/looked_after/874; as-at 2024-03-31, window from 1 April 2023, so ytd and
rolling_12m at 31 March 2024 are both April 2023 to March 2024). At d = 31 March 2024:
d - 1 year = 31 March 2023 (the 12 months ending d start on 1 April 2023), d - 2 years = 31 March
2022, d - 30 months = 30 September 2021, d - 42 days = 18 February, d - 91 days = 31 December 2023.
Population: the seed's mid-2023 estimate for Peterborough, 56,451.

The children (P = placement, E = episode):

P01  in care since 2019; placement since 1 April 2022 (a day short of two years, over a year); seen
     81 days before d; health assessment Sept 2023; dental check 31 March 2023 (exactly a year: out)
P02  turns 16 on d; placement since Dec 2023; seen exactly 42 days before d; health assessment
     Planned, not Completed; dental check on d
P03  period of care of exactly 30 months (from 30 Sept 2021); placement of exactly two years (from
     31 March 2022); seen 86 days before d; health assessment 1 April 2023 (d - 1 year + 1 day)
P04  placement change on the window's first day (PL06 ends 1 April 2023, PL07 starts then), so two
     placements in the 12 months, not three; seen 43 days before d, placement under a year old; a
     match dated before its adoption decision (reported, left out of adm_to_match_days)
P05  only short breaks (V3): never looked after, in no flow, not even while open at d; a Missing
     episode during a short break does not count
P06  starts 2 Oct 2023 (S), three placements since; Initial Health Assessment at exactly 20 working
     days (30 Oct); missing twice in November (M1, M2) and once Away (M3)
P07  starts 1 Feb 2024; IHA at 21 working days (1 March; its 20th working day is 29 Feb, so it is
     in February's cohort); seen 55 days before d
P08  starts 20 March 2024: its 20th working day is in April, so it is in no IHA cohort yet, and its
     period of care is under 42 days old (no visit due)
P09  adopted 15 Nov 2023 (E11); matched in 2022 (before the window)
P10  in care 10 May to 30 Sept 2023, returned home (E4A); IHA 8 June at exactly 20 working days
     (the 29 May bank holiday skipped); missing 15 June (counts) and on 30 Sept, the day care
     ended (does not)
P11  in care since Jan 2023; fostering for adoption 20 July 2023; decision 1 June 2023 to match
     1 Dec 2023: 183 days
P12  in care since Nov 2022; decision 5 Sept 2023 to match 5 March 2024: 182 days; seen exactly
     91 days before d in a placement over a year old; dental check Refused
P13  two periods of care: Jan 2022 to 30 June 2023 (E13), again from 1 Aug 2023 (no IHA); missing
     between them (does not count) and on d (counts)
P14  a gap inside clae_cla_id CLA16 (1 to 10 March 2023): one period of care from 1 Feb 2023,
     reported as period_of_care_gap
P15  episodes without clae_cla_id, the second starting the day the first ceased: one period of
     care from 1 June 2023; IHA on its start day
P99  looked after since 2020 but has no ssd_person row (orphan): no age; seen 92 days before d
P20-P25  care leavers: P20 turns 22 on d, P21 22 tomorrow, P22 ("former relevant") turns 19 on d,
     P23 Qualifying, P24 Former Relevant, P25 18
"""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import FIXTURES, read_csv, runner

AS_AT = "2024-03-31"
MID_2023 = 56_451
LOOKED_AFTER_AT_D = ["P01", "P02", "P03", "P04", "P06", "P07", "P08", "P11", "P12", "P13", "P14", "P15", "P99"]


@pytest.fixture(scope="module")
def looked_after(tmp_path_factory):
    work = tmp_path_factory.mktemp("looked_after")
    warehouse = work / "la.duckdb"
    built = runner("build", "--data-dir", FIXTURES / "looked_after", "--as-at", AS_AT, "--warehouse", warehouse)
    assert built.returncode == 0, built.output
    exported = runner("export", "--format", "csv", "--out", work / "out", "--warehouse", warehouse)
    assert exported.returncode == 0, exported.output
    rows = read_csv(work / "out" / "indicator_values.csv")
    values = {(r["indicator_id"], r["period_type"], r["period_end"]): r for r in rows}
    return {"warehouse": warehouse, "rows": rows, "values": values}


def value(looked_after, indicator, period_type, period_end=AS_AT):
    row = looked_after["values"][(indicator, period_type, period_end)]
    return row["numerator"], row["denominator"], row["value"]


def query(looked_after, sql):
    with duckdb.connect(str(looked_after["warehouse"]), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_all_twenty_two_indicators_are_produced(looked_after):
    # and contacts, whose table is here only to open the reporting window; no other front-door table
    # was supplied, so no other front-door indicator is produced
    produced = {r["indicator_id"] for r in looked_after["rows"]} - {"contacts"}
    assert produced == {
        "cla_open", "cla_rate", "cla_starts", "cla_ceased", "cla_3plus_placements_pct",
        "cla_long_term_stability_pct", "cla_visit_pct", "cla_health_pct", "cla_dental_pct", "cla_iha_20wd_pct",
        "cla_missing_children", "cla_missing_episodes", "cla_missing_pct", "adoptions", "adoption_pct",
        "ffa_placements", "adm_to_match_days", "care_leavers_in_touch_pct", "care_leavers_accom_pct",
        "care_leavers_eet_pct", "agency_sw_pct", "sw_caseload_avg",
    }


def test_looked_after_at_d_excludes_short_breaks_and_counts_an_orphan(looked_after):
    assert value(looked_after, "cla_open", "snapshot") == ("", "", "13.0")
    at_d = query(looked_after, f"""
        select distinct person_id from core.fct_cla_looked_after_intervals
        where looked_after_start <= date '{AS_AT}' and (looked_after_end is null or looked_after_end > date '{AS_AT}')
        order by person_id""")
    assert [p for (p,) in at_d] == LOOKED_AFTER_AT_D
    # P05's only care is V3 short breaks: no looked-after interval at all
    p05 = "select count(*) from core.fct_cla_looked_after_intervals where person_id = 'P05'"
    assert query(looked_after, p05) == [(0,)]
    n, d, v = value(looked_after, "cla_rate", "snapshot")
    assert (n, d) == ("13", str(MID_2023)) and float(v) == pytest.approx(13 / MID_2023 * 10_000)


def test_looked_after_at_earlier_month_ends(looked_after):
    # 30 April 2023: P01 P02 P03 P04 P09 P11 P12 P13 P14 P99
    assert value(looked_after, "cla_open", "snapshot", "2023-04-30") == ("", "", "10.0")
    # 30 June 2023: P13's first period ends that day; P10 and P15 have started
    assert value(looked_after, "cla_open", "snapshot", "2023-06-30") == ("", "", "11.0")


def test_periods_of_care_follow_clae_cla_id_or_gapless_runs(looked_after):
    intervals = query(looked_after, """
        select person_id, period_of_care_id, period_start_date, looked_after_start, looked_after_end
        from core.fct_cla_looked_after_intervals where person_id in ('P13', 'P14', 'P15')
        order by person_id, looked_after_start""")
    assert [(p, poc, str(s), str(a), str(e)) for p, poc, s, a, e in intervals] == [
        ("P13", "CLA14", "2022-01-10", "2022-01-10", "2023-06-30"),
        ("P13", "CLA15", "2023-08-01", "2023-08-01", "None"),
        ("P14", "CLA16", "2023-02-01", "2023-02-01", "2023-03-01"),
        ("P14", "CLA16", "2023-02-01", "2023-03-10", "None"),
        ("P15", "E:E26", "2023-06-01", "2023-06-01", "None"),
    ]


def test_starts_ceased_and_adoptions_leave_out_short_breaks_and_x1(looked_after):
    # FY 2023-24 starts: E18 (May) E26 (Jun) E23 (Aug) E12 (Oct) E14 (Feb) E15 (Mar); not P05's V3 E10, E11
    assert value(looked_after, "cla_starts", "ytd") == ("", "", "6.0")
    assert value(looked_after, "cla_starts", "rolling_12m") == ("", "", "6.0")
    assert value(looked_after, "cla_starts", "month") == ("", "", "1.0")
    assert value(looked_after, "cla_starts", "month", "2023-06-30") == ("", "", "1.0")
    # ceased: E22 (E13, June), E18 (E4A, Sept), E17 (E11, Nov); X1 episodes and P05's E10 do not count
    assert value(looked_after, "cla_ceased", "ytd") == ("", "", "3.0")
    assert value(looked_after, "cla_ceased", "month", "2023-06-30") == ("", "", "1.0")
    assert value(looked_after, "adoptions", "month", "2023-11-30") == ("", "", "1.0")
    assert value(looked_after, "adoptions", "ytd") == ("", "", "1.0")
    n, d, v = value(looked_after, "adoption_pct", "ytd")
    assert (n, d) == ("1", "3") and float(v) == pytest.approx(100 / 3)
    assert value(looked_after, "adoption_pct", "month") == ("0", "0", "")


def test_three_or_more_placements_with_a_change_on_the_windows_first_day(looked_after):
    # only P06 (PL12, PL12B, PL12C); P04's PL06 ends on 1 April 2023, so P04 has two
    n, d, v = value(looked_after, "cla_3plus_placements_pct", "snapshot")
    assert (n, d) == ("1", "13") and float(v) == pytest.approx(100 / 13)


def test_long_term_stability_16th_birthday_and_exactly_30_months(looked_after):
    # cohort P01 and P03 (P02 turns 16 on d; P99 has no age); stable: P03 (placement of exactly 2 years)
    assert value(looked_after, "cla_long_term_stability_pct", "snapshot") == ("1", "2", "50.0")


def test_visits_at_42_and_43_days_and_the_91_day_rule(looked_after):
    # cohort: the 13 looked after at d but P08 (in care under 42 days)
    # in time: P01 (81 days, placement over a year), P02 (42 days), P03 (86), P06, P11, P12 (91), P13,
    # P14, P15 (on d); not: P04 (43 days), P07 (55), P99 (92 days)
    assert value(looked_after, "cla_visit_pct", "snapshot") == ("9", "12", "75.0")


def test_health_and_dental_checks_completed_in_the_12_months(looked_after):
    # cohort (period of care started on or before 31 March 2023): P01 P02 P03 P04 P11 P12 P14 P99
    # health: P01 P03 P11 P12 P14 P99 (P02's is Planned); dental: P02 (on d) P14 (P01's is a year old)
    assert value(looked_after, "cla_health_pct", "snapshot") == ("6", "8", "75.0")
    assert value(looked_after, "cla_dental_pct", "snapshot") == ("2", "8", "25.0")


def test_initial_health_assessments_within_20_working_days(looked_after):
    # FY: P10 (20 wd over a bank holiday), P15 (same day), P06 (20 wd) in time; P13 (none), P07 (21) not;
    # P08 started 20 March 2024: its 20th working day, over Good Friday and Easter Monday, is 19 April:
    # in no cohort yet
    assert value(looked_after, "cla_iha_20wd_pct", "ytd") == ("3", "5", "60.0")
    assert value(looked_after, "cla_iha_20wd_pct", "rolling_12m") == ("3", "5", "60.0")
    assert value(looked_after, "cla_iha_20wd_pct", "month", "2024-02-29") == ("0", "1", "0.0")
    assert value(looked_after, "cla_iha_20wd_pct", "month", "2023-10-31") == ("1", "1", "100.0")
    # P10 started 10 May; its 20th working day is 8 June: not in May's cohort, nor in June's (started in May)
    assert value(looked_after, "cla_iha_20wd_pct", "month", "2023-05-31") == ("0", "0", "")
    assert value(looked_after, "cla_iha_20wd_pct", "month", "2023-06-30") == ("1", "1", "100.0")
    assert value(looked_after, "cla_iha_20wd_pct", "month", AS_AT) == ("0", "0", "")
    iha = query(looked_after, """
        select cla_episode_id, iha_due_date, working_days_to_iha from core.fct_cla_episodes
        where is_care_start and episode_start_date >= date '2023-04-01' order by cla_episode_id""")
    assert [(e, str(due), wd) for e, due, wd in iha] == [
        ("E12", "2023-10-30", 20), ("E14", "2024-02-29", 21), ("E15", "2024-04-19", None),
        ("E18", "2023-06-08", 20), ("E23", "2023-08-30", None), ("E26", "2023-06-29", 0),
    ]


def test_missing_children_and_episodes_while_looked_after(looked_after):
    # FY: M5 (P10, June), M1 M2 (P06, Nov), M7 (P13, on d); not M3 (Away), M4 (the day P10's care
    # ended), M6 (P13 between periods), M8 (P05 on a short break)
    assert value(looked_after, "cla_missing_episodes", "ytd") == ("", "", "4.0")
    assert value(looked_after, "cla_missing_children", "ytd") == ("", "", "3.0")
    assert value(looked_after, "cla_missing_episodes", "month", "2023-11-30") == ("", "", "2.0")
    assert value(looked_after, "cla_missing_children", "month", "2023-11-30") == ("", "", "1.0")
    assert value(looked_after, "cla_missing_episodes", "month", "2023-09-30") == ("", "", "0.0")
    # looked after on at least one day of FY 2023-24: the 13 at d, P09 and P10
    assert value(looked_after, "cla_missing_pct", "ytd") == ("3", "15", "20.0")
    # November: P01 P02 P03 P04 P06 P09 (to the 14th) P11 P12 P13 P14 P15 P99
    n, d, v = value(looked_after, "cla_missing_pct", "month", "2023-11-30")
    assert (n, d) == ("1", "12") and float(v) == pytest.approx(100 / 12)
    n, d, v = value(looked_after, "cla_missing_pct", "month")
    assert (n, d) == ("1", "13") and float(v) == pytest.approx(100 / 13)


def test_permanence_fostering_for_adoption_and_decision_to_match(looked_after):
    assert value(looked_after, "ffa_placements", "month", "2023-07-31") == ("", "", "1.0")
    assert value(looked_after, "ffa_placements", "ytd") == ("", "", "1.0")
    assert value(looked_after, "adm_to_match_days", "month", "2023-12-31") == ("183", "1", "183.0")
    assert value(looked_after, "adm_to_match_days", "month") == ("182", "1", "182.0")
    assert value(looked_after, "adm_to_match_days", "ytd") == ("365", "2", "182.5")
    # P04's match is dated before its decision: left out (reported), so January has none
    assert value(looked_after, "adm_to_match_days", "month", "2024-01-31") == ("0", "0", "")


def test_care_leavers_aged_19_to_21_turning_22_and_19(looked_after):
    # at d: P21, P22 (19 today, "former relevant"), P24; not P20 (22 today), P23 (Qualifying), P25 (18)
    n, d, v = value(looked_after, "care_leavers_in_touch_pct", "snapshot")
    assert (n, d) == ("2", "3") and float(v) == pytest.approx(200 / 3)
    n, d, v = value(looked_after, "care_leavers_accom_pct", "snapshot")
    assert (n, d) == ("2", "3") and float(v) == pytest.approx(200 / 3)
    n, d, v = value(looked_after, "care_leavers_eet_pct", "snapshot")
    assert (n, d) == ("1", "3") and float(v) == pytest.approx(100 / 3)
    # a month earlier: P20 (still 21), P21, P24; P22 is 18
    assert value(looked_after, "care_leavers_in_touch_pct", "snapshot", "2024-02-29") == ("3", "3", "100.0")
    n, d, v = value(looked_after, "care_leavers_eet_pct", "snapshot", "2024-02-29")
    assert (n, d) == ("2", "3") and float(v) == pytest.approx(200 / 3)


def test_workforce_at_the_as_at_date_only(looked_after):
    # social workers W1 W2 W3 W5 (not the team manager): agency FTE 1.5 of 3.0, shown rounded (2 of 3);
    # caseloads above 0: 18, 12, 15
    assert value(looked_after, "agency_sw_pct", "snapshot") == ("2", "3", "50.0")
    assert value(looked_after, "sw_caseload_avg", "snapshot") == ("", "", "15.0")
    for indicator in ("agency_sw_pct", "sw_caseload_avg"):
        rows = [r for r in looked_after["rows"] if r["indicator_id"] == indicator]
        # the as-at date is 31 March, so the snapshot is also the year's position (fy, from 1 April)
        assert [(r["period_type"], r["period_start"], r["period_end"]) for r in rows] == [
            ("fy", "2023-04-01", AS_AT), ("snapshot", AS_AT, AS_AT)]


def test_stocks_at_every_month_end_flows_for_every_period(looked_after):
    snapshots = sorted(r["period_end"] for r in looked_after["rows"]
                       if r["indicator_id"] == "cla_visit_pct" and r["period_type"] == "snapshot")
    assert len(snapshots) == 12 and snapshots[0] == "2023-04-30" and snapshots[-1] == AS_AT
    flows = [r["period_type"] for r in looked_after["rows"] if r["indicator_id"] == "cla_missing_children"]
    # 12 months, 12 year-to-date totals, the rolling 12 months to March 2024 and the whole year 2023-24
    assert sorted(set(flows)) == ["fy", "month", "rolling_12m", "ytd"] and len(flows) == 26


def test_a_gap_inside_one_clae_cla_id_a_match_before_its_decision_and_the_orphan_are_reported(looked_after):
    findings = query(looked_after, """
        select table_name, record_id, rule, severity, offending_value, source_row from data_quality.dq_findings
        where rule in ('period_of_care_gap', 'orphan_person', 'overlapping_period', 'matched_before_decision')
        order by table_name, record_id""")
    assert findings == [
        ("ssd_cla_episodes", "E25", "period_of_care_gap", "warning",
         "CLA16: ceased 2023-03-01, next starts 2023-03-10", 27),
        ("ssd_cla_episodes", "E28", "orphan_person", "warning", "P99", 30),
        ("ssd_cla_health", "H11", "orphan_person", "warning", "P99", 11),
        ("ssd_cla_placement", "PL27", "orphan_person", "warning", "P99", 29),
        ("ssd_cla_visits", "V13", "orphan_person", "warning", "P99", 13),
        ("ssd_legal_status", "LS21", "orphan_person", "warning", "P99", 21),
        ("ssd_permanence", "PM4", "matched_before_decision", "warning", "decision 2024-01-10, matched 2024-01-05", 4),
    ]


def test_no_placement_postcode_reaches_a_mart(looked_after):
    # the statutory returns (schema returns, models tagged pii) carry it because Annex A's list 8 asks for it;
    # no export, page or other model reads them (tests/test_returns_models.py)
    columns = query(looked_after, """
        select table_schema, table_name, column_name from information_schema.columns
        where column_name like '%postcode%' and table_schema not like '%staging%'""")
    assert [c for c in columns if c[0] != "returns"] == []
    assert ("returns", "ret_annex_a__list_08_looked_after", "placement_postcode") in columns

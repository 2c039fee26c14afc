"""`runner load` into the five casework tables: SSDA903 reviews, UASC and social worker episodes, the CIN
census's disabilities and CP plan reviews, Annex A's allocated teams and workers; on the shared
fixtures and on small hand-made returns (test_load_build.py builds them)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from runner.load.annex_a import load_annex_a
from runner.load.cin_census import load_cin_census
from runner.load.ssda903 import load_ssda903
from tests.conftest import PROJECT_DIR, read_csv, runner
from tests.load_samples import SSDA903, cin_child, cin_xml, write_903_csv, write_903_xml, write_annex_a
from tests.test_load import assert_adds_up, assert_contract_files, rejects, table, write

SHARED = PROJECT_DIR.parent / "shared" / "fixtures"
SSDA903_DIR = SHARED / "ssda903"


def fixture_rows(name: str) -> list[dict[str, str]]:
    return read_csv(SSDA903_DIR / name)


def iso(dmy: str) -> str:
    return "-".join(reversed(dmy.split("/")))


# ---- SSDA903: the shared fixture -------------------------------------------------------------------------


def test_every_903_review_is_loaded_linked_to_its_childs_period_of_care_or_rejected(tmp_path):
    result = load_ssda903(SSDA903_DIR, tmp_path, "975")
    source = fixture_rows("reviews.csv")
    loaded = table(tmp_path, "975", "ssd_cla_reviews")
    rejected = [r for r in rejects(result) if r["table_name"] == "ssd_cla_reviews"]
    assert len(loaded) + len(rejected) == len(source) == 12_582
    # row for row: each loaded review is a source row (child, date, participation code) ...
    periods = {e["clae_cla_id"]: e["clae_person_id"] for e in table(tmp_path, "975", "ssd_cla_episodes")}
    wanted = {(r["CHILD"], iso(r["REVIEW"]), r["REVIEW_CODE"]) for r in source}
    got = [(periods[r["clar_cla_id"]], r["clar_cla_review_date"], r["clar_cla_review_participation"]) for r in loaded]
    assert set(got) <= wanted
    # ... linked to a period of care of that child (periods[...] raised a KeyError otherwise)
    assert {r["clar_cla_review_participation"] for r in loaded} == {f"PN{n}" for n in range(8)}
    # the fixture's reviews of children without an episode have no period to name: rejected, with the reason
    with_episodes = {e["CHILD"] for e in fixture_rows("episodes.csv")}
    assert {r["person_id"] for r in rejected} == {r["CHILD"] for r in source} - with_episodes
    assert len(rejected) == 3_070
    assert all("no period of care of the child" in r["reason"] for r in rejected)
    note = next(iter(result.tallies[("ssd_cla_reviews", "reviews.csv")].notes))
    assert note.startswith("2,696 dated outside every period of care of the child")
    assert_adds_up(result)
    assert_contract_files(tmp_path / "975")


def test_every_903_uasc_child_gets_a_uasc_status_ending_on_duc(tmp_path):
    load_ssda903(SSDA903_DIR, tmp_path, "975")
    statuses = {s["immi_person_id"]: s for s in table(tmp_path, "975", "ssd_immigration_status")}
    source = fixture_rows("uasc.csv")
    assert len(statuses) == len(source) == 132
    for row in source:
        status = statuses[row["CHILD"]]
        assert status == {"immi_immigration_status_id": f"903-{row['CHILD']}-U", "immi_person_id": row["CHILD"],
                          "immi_immigration_status": "UASC", "immi_immigration_status_start_date": "",
                          "immi_immigration_status_end_date": iso(row["DUC"])}


def test_how_many_903_fixture_rows_reach_ssd_files(tmp_path):
    """Before the casework tables: 9,905 of 25,943 rows (38.2%); reviews, UASC and previous permanence none."""
    result = load_ssda903(SSDA903_DIR, tmp_path, "975")
    assert result.reach == {
        "header.csv": (2_675, 2_675), "episodes.csv": (5_050, 5_050), "reviews.csv": (12_582, 9_512),
        "uasc.csv": (132, 132), "oc2.csv": (2_675, 2_028), "oc3.csv": (53, 51), "missing.csv": (43, 43),
        "ad1.csv": (29, 29), "placed_for_adoption.csv": (29, 29), "previous_permanence.csv": (2_675, 0)}
    assert sum(k for _, k in result.reach.values()) == 19_549
    # what still goes nowhere is said, with why
    skipped = {source: t for (tbl, source), t in result.tallies.items() if t.skipped and tbl == "-"}
    assert list(skipped) == ["previous_permanence.csv"]
    assert "no contract table" in next(iter(skipped["previous_permanence.csv"].notes))
    # oc2 rows with neither a health assessment nor a dental check: nothing to record (the SSD has no row)
    oc2 = fixture_rows("oc2.csv")
    assert sum(1 for r in oc2 if r["HEALTH_ASSESSMENT"] != "1" and r["TEETH_CHECK"] != "1") == 2_675 - 2_028


def test_the_summary_counts_rows_into_ssd_files_per_903_file(tmp_path):
    run = runner("load", "ssda903", SSDA903_DIR, "--out", tmp_path, "--la", "975")
    assert run.returncode == 0, run.output
    lines = run.stdout.splitlines()
    assert any(line.split() == ["reviews.csv", "12,582", "9,512", "75.6%"] for line in lines), run.stdout
    assert any(line.split() == ["total", "25,943", "19,549", "75.4%"] for line in lines), run.stdout


# ---- SSDA903: hand-made ------------------------------------------------------------------------------------

#: child 1: in care from 1 June 2022 (SSDA903 sample); child 2: a period from 1 March 2020 ending in
#: an adoption on 5 January 2024; child 3: a care leaver with no episode.
REVIEWS = ["CHILD,DOB,REVIEW,REVIEW_CODE",
           "1,01/05/2012,01/12/2023,pn1",    # in the period: linked, code upper case
           "1,01/05/2012,01/03/2022,PN0",    # before the period of care: linked to it, kept, counted
           "2,01/02/2019,20/03/2020,",       # in child 2's period, no participation code
           "2,01/02/2019,06/01/2024,PN3",    # the day after the period ended: linked to it
           "3,01/01/2004,01/06/2023,PN1",    # no period of care at all: rejected
           "1,01/05/2012,31/11/2023,PN1",    # not a date: rejected
           "1,01/05/2012,01/12/2023,PN1"]    # a second review the same day: its own id


def test_903_reviews_are_linked_to_the_period_of_care_holding_their_date(tmp_path):
    result = load_ssda903(write_903_csv(tmp_path / "903", {**SSDA903, "reviews": REVIEWS}), tmp_path / "out", "874")
    reviews = {r["clar_cla_review_id"]: r for r in table(tmp_path / "out", "874", "ssd_cla_reviews")}
    assert {k: (r["clar_cla_id"], r["clar_cla_review_date"], r["clar_cla_review_participation"])
            for k, r in reviews.items()} == {
        "903-1-R20231201": ("903-1-C20220601", "2023-12-01", "PN1"),
        "903-1-R20220301": ("903-1-C20220601", "2022-03-01", "PN0"),
        "903-2-R20200320": ("903-2-C20200301", "2020-03-20", ""),
        "903-2-R20240106": ("903-2-C20200301", "2024-01-06", "PN3"),
        "903-1-R20231201-2": ("903-1-C20220601", "2023-12-01", "PN1"),
    }
    bad = {r["location"]: r["reason"] for r in rejects(result) if r["table_name"] == "ssd_cla_reviews"}
    assert bad == {"line 6": "child 3: no period of care of the child in this return (its episodes are missing or "
                             "were rejected) or in an earlier SSDA903 load",
                   "line 7": "child 1: REVIEW '31/11/2023' is not a date"}
    [note] = result.tallies[("ssd_cla_reviews", "reviews.csv")].notes
    assert note.startswith("2 dated outside every period of care of the child")
    assert_adds_up(result)


def test_903_reviews_of_a_period_loaded_from_last_years_return_link_to_it(tmp_path):
    head = SSDA903["episodes"][0]
    year1 = {"header": SSDA903["header"][:2], "episodes": [head, "1,01/06/2022,S,C1,N1,U4,PR1,,,,,,"]}
    # this year's return has the child's reviews but (an extract's mistake) not its episodes
    year2 = {"header": SSDA903["header"][:2], "episodes": [head, "2,01/03/2023,S,V2,N1,U6,PR1,,,,,,"],
             "reviews": ["CHILD,DOB,REVIEW,REVIEW_CODE", "1,01/05/2012,10/06/2023,PN1"]}
    out = tmp_path / "out"
    load_ssda903(write_903_csv(tmp_path / "y1", year1), out, "874", year=2023)
    result = load_ssda903(write_903_csv(tmp_path / "y2", year2), out, "874", year=2024)
    [review] = table(out, "874", "ssd_cla_reviews")
    assert review["clar_cla_id"] == "903-1-C20220601"
    assert result.rejected == 0


def test_903_uasc_with_and_without_duc_and_the_xml_form(tmp_path):
    uasc = ["CHILD,SEX,DOB,DUC", "1,1,01/05/2012,", "2,2,01/02/2019,01/02/2037", "3,1,01/01/2004,30/02/2022"]
    tables = {**SSDA903, "uasc": uasc}
    result = load_ssda903(write_903_csv(tmp_path / "903", tables), tmp_path / "csv", "874")
    statuses = {s["immi_person_id"]: s for s in table(tmp_path / "csv", "874", "ssd_immigration_status")}
    assert {c: (s["immi_immigration_status"], s["immi_immigration_status_start_date"],
                s["immi_immigration_status_end_date"]) for c, s in statuses.items()} == {
        "1": ("UASC", "", ""),  # still UASC: open
        "2": ("UASC", "", "2037-02-01")}  # ceases to be UASC on DUC
    [bad] = rejects(result)
    # DUC is usually the 18th birthday: its value is withheld like a date of birth's
    assert (bad["table_name"], bad["reason"]) == (
        "ssd_immigration_status", "child 3: DUC (value withheld, shaped '99/99/9999') is not a date")
    assert_adds_up(result)
    # the XML form: HEADER's UASC flag and DUC
    tables["uasc"] = uasc[:3]
    load_ssda903(write_903_csv(tmp_path / "903b", tables), tmp_path / "csv2", "874")
    load_ssda903(write_903_xml(tmp_path / "903.xml", tables), tmp_path / "xml", "874")
    for name in ("ssd_immigration_status.csv", "ssd_cla_reviews.csv"):
        assert (tmp_path / "csv2" / "874" / name).read_text() == (tmp_path / "xml" / "874" / name).read_text()


def test_a_later_903_years_duc_replaces_the_open_status(tmp_path):
    out = tmp_path / "out"
    load_ssda903(write_903_csv(tmp_path / "y1"), out, "874", year=2024)
    later = {**SSDA903, "uasc": ["CHILD,SEX,DOB,DUC", "1,1,01/05/2012,15/06/2024"]}
    load_ssda903(write_903_csv(tmp_path / "y2", later), out, "874", year=2025)
    [status] = table(out, "874", "ssd_immigration_status")
    assert status["immi_immigration_status_end_date"] == "2024-06-15"


SW_EPISODES = ["CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
               "1,01/05/2012,SW12345,01/06/2022,01/01/2023,FCONTA",
               "1,01/05/2012,SW67890,01/01/2023,,LEFTRL",
               "2,01/02/2019,SW11111,01/03/2020,05/01/2024,FCONTA",
               "2,01/02/2019,SW22222,10/01/2024,01/01/2024,MANAGE"]


def test_903_social_worker_episodes_are_allocated_involvements(tmp_path):
    tables = {**SSDA903, "social_worker_episodes": SW_EPISODES, "previous_permanence": [
        "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM", "1,01/05/2012,Z1,,", "2,01/02/2019,P1,874,01/01/2020"],
        "dolo": ["CHILD,DOB,DOLO_START,DOLO_END", "1,01/05/2012,01/02/2024,"]}
    result = load_ssda903(write_903_csv(tmp_path / "903", tables), tmp_path / "out", "874")
    involvements = table(tmp_path / "out", "874", "ssd_involvements")
    assert [(i["invo_involvements_id"], i["invo_professional_id"], i["invo_professional_role_id"],
             i["invo_involvement_start_date"], i["invo_involvement_end_date"], i["invo_worker_change_reason"])
            for i in involvements] == [
        ("903-1-W20220601", "SW12345", "", "2022-06-01", "2023-01-01", "LEFTRL"),  # why the worker changed
        ("903-1-W20230101", "SW67890", "", "2023-01-01", "", ""),
        ("903-2-W20200301", "SW11111", "", "2020-03-01", "2024-01-05", "")]
    [bad] = rejects(result)
    assert bad["reason"] == "child 2: SW_DEC 01/01/2024 is before SW_DECOM 10/01/2024"
    skipped = {source: t for (tbl, source), t in result.tallies.items() if tbl == "-"}
    assert {s: t.skipped for s, t in skipped.items()} == {"previous_permanence.csv": 2, "dolo.csv": 1}
    assert "deprivation of liberty" in next(iter(skipped["dolo.csv"].notes))
    assert not any("social_worker_episodes" in w for w in result.warnings)
    assert_adds_up(result)
    # a return from before 2023-24 has no social worker episodes: no warning for that
    result = load_ssda903(write_903_csv(tmp_path / "older"), tmp_path / "out2", "874")
    assert result.warnings == []


# ---- CIN census ----------------------------------------------------------------------------------------------


def disabilities(*codes: str) -> str:
    return "<Disabilities>" + "".join(f"<Disability>{c}</Disability>" for c in codes) + "</Disabilities>"


def with_characteristics(child: str, extra: str) -> str:
    return child.replace("</ChildCharacteristics>", f"{extra}\n</ChildCharacteristics>")


def test_census_disabilities_one_row_per_child_and_code_none_too(tmp_path):
    children = [with_characteristics(cin_child("1"), disabilities("NONE")),
                with_characteristics(cin_child("2"), disabilities("HAND", "hear", "AUT", "HAND")),
                cin_child("3"),  # nothing recorded: no row ("not known" is not "not disabled")
                with_characteristics(cin_child("4"), disabilities("")),
                with_characteristics(cin_child(""), disabilities("MOB"))]
    result = load_cin_census(write(tmp_path / "cin.xml", cin_xml(children)), tmp_path / "out", "874")
    rows = table(tmp_path / "out", "874", "ssd_disability")
    assert [(r["disa_table_id"], r["disa_person_id"], r["disa_disability_code"]) for r in rows] == [
        ("CIN-1-DNONE", "1", "NONE"), ("CIN-2-DHAND", "2", "HAND"), ("CIN-2-DHEAR", "2", "HEAR"),
        ("CIN-2-DAUT", "2", "AUT")]
    bad = {(r["person_id"], r["reason"]) for r in rejects(result) if r["table_name"] == "ssd_disability"}
    assert bad == {("4", "child 4: the Disability is empty"), ("", "the Child has no ChildIdentifiers/LAchildID")}
    assert_adds_up(result)


PLAN = ("<ChildProtectionPlans>\n<CPPstartDate>{start}</CPPstartDate>\n"
        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\n{reviews}\n</ChildProtectionPlans>")
EPISODE = ("<CINdetails>\n{referral}<ReferralSource>6</ReferralSource>\n<PrimaryNeedCode>N1</PrimaryNeedCode>\n"
           "{plans}\n<ReferralNFA>false</ReferralNFA>\n</CINdetails>")


def test_census_cp_reviews_are_linked_to_their_plan(tmp_path):
    referral = "<CINreferralDate>2023-04-03</CINreferralDate>\n"
    plans = "\n".join([
        # one <Reviews> per date (as the validators write it) and one <Reviews> holding two dates
        PLAN.format(start="2023-05-02", reviews="<Reviews><CPPreviewDate>2023-07-20</CPPreviewDate></Reviews>\n"
                    "<Reviews><CPPreviewDate>2024-01-10</CPPreviewDate>\n<CPPreviewDate>2024-07-01</CPPreviewDate>"
                    "</Reviews>"),
        PLAN.format(start="", reviews="<Reviews><CPPreviewDate>2023-09-01</CPPreviewDate></Reviews>"),  # no start
        PLAN.format(start="2024-09-02", reviews="<Reviews><CPPreviewDate>2024-13-01</CPPreviewDate></Reviews>"),
    ])
    lost = EPISODE.format(referral="", plans=PLAN.format(
        start="2023-02-01", reviews="<Reviews><CPPreviewDate>2023-04-01</CPPreviewDate></Reviews>"))
    children = [cin_child("1", details=EPISODE.format(referral=referral, plans=plans)), cin_child("2", details=lost)]
    result = load_cin_census(write(tmp_path / "cin.xml", cin_xml(children)), tmp_path / "out", "874")
    plan_id = "CIN-1-R20230403-CP20230502"
    reviews = table(tmp_path / "out", "874", "ssd_cp_reviews")
    assert [(r["cppr_cp_review_id"], r["cppr_cp_plan_id"], r["cppr_cp_review_date"]) for r in reviews] == [
        (f"{plan_id}-R20230720", plan_id, "2023-07-20"), (f"{plan_id}-R20240110", plan_id, "2024-01-10"),
        (f"{plan_id}-R20240701", plan_id, "2024-07-01")]
    assert {p["cppl_cp_plan_id"] for p in table(tmp_path / "out", "874", "ssd_cp_plans")} == {
        plan_id, "CIN-1-R20230403-CP20240902"}
    # a review whose plan is not loaded (no start date; its CINdetails has no referral date) goes with it
    bad = sorted((r["person_id"], r["reason"]) for r in rejects(result) if r["table_name"] == "ssd_cp_reviews")
    assert len(bad) == 3
    assert bad[0][0] == "1" and "CPPreviewDate '2024-13-01' is not a date" in bad[0][1]
    assert bad[1][0] == "1" and "its plan (line" in bad[1][1] and "CPPstartDate is missing" in bad[1][1]
    assert bad[2][0] == "2" and "its CINdetails (line" in bad[2][1]
    text = (tmp_path / "cin.xml").read_text().splitlines()
    for r in rejects(result):
        if r["table_name"] == "ssd_cp_reviews":
            assert "CPPreviewDate" in text[int(r["location"].split()[-1]) - 1]
    assert_adds_up(result)


def test_the_census_fixtures_disabilities_and_review(tmp_path):
    load_cin_census(SHARED / "cin_census" / "CIN_Census_2024.xml", tmp_path, "201")
    assert {(r["disa_person_id"], r["disa_disability_code"]) for r in table(tmp_path, "201", "ssd_disability")} == {
        ("DfEX0000001", "HAND"), ("DfEX0000001", "HEAR"), ("child_fails_assessments", "NONE")}
    [review] = table(tmp_path, "201", "ssd_cp_reviews")
    assert (review["cppr_cp_plan_id"], review["cppr_cp_review_date"]) == (
        "CIN-DfEX0000001-R20221006-CP20220217", "2023-02-15")
    result = load_cin_census(SHARED / "cin_census" / "fake_CIN_data.xml", tmp_path, "975")
    source = ET_count(SHARED / "cin_census" / "fake_CIN_data.xml")
    assert result.tallies[("ssd_disability", "Disability")].written == source == 117
    # 117 codes, five of them a child's code given twice: one row each
    assert len(table(tmp_path, "975", "ssd_disability")) == 112


def ET_count(path: Path) -> int:  # noqa: N802 - counts <Disability> elements with the standard library
    import xml.etree.ElementTree as ET

    return sum(1 for el in ET.parse(path).iter() if el.tag == "Disability")


# ---- Annex A -------------------------------------------------------------------------------------------------

PERSON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth"]
ALLOCATION = ["Allocated Team", "Allocated Worker"]
A1 = ["A1", "a) Male", "a) WBRI", date(2015, 5, 1)]
A2 = ["A2", "b) Female", "MWAS", date(2012, 3, 2)]
A3 = ["A3", "b) Female", "BAFR", date(2010, 1, 1)]
ALLOCATED = {
    "List 3 - Referrals": (PERSON + ["Date of referral", "Referral Source", "Referral NFA?", *ALLOCATION], [
        A1 + [date(2023, 6, 2), "6", "No", "MASH", "W1"],
        A2 + [date(2023, 6, 16), "2A", "Yes", "a) MASH", "Unallocated"],
        A3 + ["32/06/2023", "6", "No", "MASH", "W9"]]),
    "List 4 - Assessments": (PERSON + ["Continuous Assessment Start Date", *ALLOCATION], [
        A1 + [date(2023, 6, 5), "Assessment 1", "W2"]]),
    "List 6 - CIN": (PERSON + ["CIN Start Date", "Primary Need Code", "CIN Closure Date", *ALLOCATION], [
        A1 + [date(2023, 6, 2), "N1", None, "MASH", "W1"],     # the same allocation as list 3 that day
        A2 + [None, "N1", None, "MASH", "W4"]]),               # no CIN start date to date it from
    "List 7 - CP": (PERSON + ["Child Protection Plan Start Date", "Child Protection Plan End Date", *ALLOCATION], [
        A1 + [date(2023, 6, 27), None, "St. Neots CP Team", "W3"]]),
    "List 8 - CLA": (PERSON + ["Date Started to be Looked After", "Date Ceased to be Looked After", *ALLOCATION], [
        A3 + [date(2022, 1, 10), date(2023, 3, 1), "Children in Care", "W5"]]),
    "List 9 - Care leavers": (PERSON + ["Eligibility Category", *ALLOCATION, "Allocated Personal Advisor"], [
        A3 + ["b) Former relevant child", "Leaving Care", "W6", "PA1"]]),
}


def test_annex_a_allocations_one_involvement_per_child_and_allocation_seen(tmp_path):
    result = load_annex_a(write_annex_a(tmp_path / "a.xlsx", ALLOCATED), tmp_path / "out", "874")
    involvements = table(tmp_path / "out", "874", "ssd_involvements")
    got = [(i["invo_involvements_id"], i["invo_professional_team"], i["invo_professional_id"],
            i["invo_professional_role_id"], i["invo_involvement_start_date"], i["invo_involvement_end_date"],
            i["invo_referral_id"]) for i in involvements]
    assert got == [
        # A1: two allocated workers, then a third: each from the date its list gives, to the next one's
        ("AA-A1-W20230602", "MASH", "W1", "", "2023-06-02", "2023-06-05", "AA-A1-R20230602"),
        ("AA-A1-W20230605", "Assessment 1", "W2", "", "2023-06-05", "2023-06-27", "AA-A1-R20230602"),
        ("AA-A1-W20230627", "St. Neots CP Team", "W3", "", "2023-06-27", "", "AA-A1-R20230602"),  # plan open
        # A2: "Unallocated" is no worker: the team holds the case
        ("AA-A2-W20230616", "MASH", "", "", "2023-06-16", "", "AA-A2-R20230616"),
        # A3: care ceased on 1 March 2023: the list says the allocation ended then
        ("AA-A3-W20220110", "Children in Care", "W5", "", "2022-01-10", "2023-03-01", ""),
    ]
    referrals = {r["cine_person_id"]: r for r in table(tmp_path / "out", "874", "ssd_cin_episodes")}
    assert (referrals["A1"]["cine_referral_team"], referrals["A1"]["cine_referral_worker_id"]) == ("MASH", "W1")
    assert (referrals["A2"]["cine_referral_team"], referrals["A2"]["cine_referral_worker_id"]) == ("MASH", "")
    tallies = {source: t for (tbl, source), t in result.tallies.items() if tbl == "ssd_involvements"}
    assert {s: (t.read, t.written, t.rejected, t.skipped) for s, t in tallies.items()} == {
        "List 3 (referrals)": (3, 2, 1, 0), "List 4 (assessments)": (1, 1, 0, 0),
        "List 6 (children in need)": (2, 0, 0, 2), "List 7 (child protection)": (1, 1, 0, 0),
        "List 8 (looked after)": (1, 1, 0, 0), "List 9 (care leavers)": (1, 0, 0, 1)}
    assert tallies["List 9 (care leavers)"].notes == {
        "list 9 gives no date a worker or personal adviser was allocated from"}
    bad = [r for r in rejects(result) if r["table_name"] == "ssd_involvements"]
    assert [(r["person_id"], r["reason"]) for r in bad] == [("A3", "child A3: Date of referral '32/06/2023' is "
                                                                    "not a date")]
    assert_adds_up(result)
    assert_contract_files(tmp_path / "out" / "874")


def test_an_annex_a_allocation_seen_again_after_another_is_a_new_involvement(tmp_path):
    sheets = {
        "List 3": (PERSON + ["Date of referral", *ALLOCATION], [A1 + [date(2023, 1, 5), "MASH", "W1"],
                                                               A1 + [date(2023, 9, 1), "MASH", "W1"]]),
        "List 6": (PERSON + ["CIN Start Date", "CIN Closure Date", *ALLOCATION], [
            A1 + [date(2023, 1, 5), date(2023, 3, 1), "MASH", "W1"],
            A1 + [date(2023, 3, 20), date(2023, 6, 30), "CIN 2", "W7"]]),
    }
    load_annex_a(write_annex_a(tmp_path / "a.xlsx", sheets), tmp_path / "out", "874")
    involvements = table(tmp_path / "out", "874", "ssd_involvements")
    assert [(i["invo_professional_id"], i["invo_involvement_start_date"], i["invo_involvement_end_date"])
            for i in involvements] == [
        ("W1", "2023-01-05", "2023-03-01"),  # its CIN case closed before the next allocation was seen
        ("W7", "2023-03-20", "2023-06-30"),
        ("W1", "2023-09-01", "")]  # a referral says nothing of when the allocation ends


def test_the_loaded_casework_files_read_back_as_the_contract_says(tmp_path):
    """Every casework file the loaders write has the contract's columns and unique ids."""
    out = tmp_path / "out"
    tables = {**SSDA903, "reviews": REVIEWS, "social_worker_episodes": SW_EPISODES}
    load_ssda903(write_903_csv(tmp_path / "903", tables), out, "874")
    load_annex_a(write_annex_a(tmp_path / "a.xlsx", ALLOCATED), out, "874")
    children = [with_characteristics(cin_child("1"), disabilities("LD"))]
    load_cin_census(write(tmp_path / "cin.xml", cin_xml(children)), out, "874")
    assert_contract_files(out / "874")
    for name in ("ssd_involvements", "ssd_disability", "ssd_cla_reviews", "ssd_immigration_status"):
        with (out / "874" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert len(list(csv.reader(handle))) > 1, name

"""`runner load`: the CIN census, SSDA903 and Annex A loaders, on the shared fixtures and on small
hand-made returns, without a build (test_load_build.py builds the loaded fixtures once)."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from runner.contract import TABLES
from runner.errors import BadInput
from runner.intake import inspect_data_dir
from runner.load.annex_a import load_annex_a, normalise
from runner.load.cin_census import load_cin_census
from runner.load.common import Rejected, flag, iso_date
from runner.load.samples import write_cin_census
from runner.load.ssda903 import load_ssda903
from tests.conftest import PROJECT_DIR, read_csv, runner
from tests.load_samples import CIN_DETAILS, SSDA903, cin_child, cin_xml, write_903_csv, write_903_xml, write_annex_a

SHARED = PROJECT_DIR.parent / "shared" / "fixtures"
CIN_FAKE = SHARED / "cin_census" / "fake_CIN_data.xml"
CIN_2024 = SHARED / "cin_census" / "CIN_Census_2024.xml"
SSDA903_DIR = SHARED / "ssda903"


def table(out: Path, la: str, name: str) -> list[dict[str, str]]:
    path = out / la / f"{name}.csv"
    return read_csv(path) if path.exists() else []


def rejects(result) -> list[dict[str, str]]:
    return read_csv(result.rejects_path)


def written_values(la_dir: Path) -> set[str]:
    """Every value in every SSD file of the folder, and every part of every id."""
    values: set[str] = set()
    for path in la_dir.glob("ssd_*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for value in row:
                    values.add(value)
                    values.update(value.split("-"))
    return values


def assert_adds_up(result) -> None:
    for (tbl, source), t in result.tallies.items():
        assert t.read == t.written + t.rejected + t.skipped, (tbl, source, t)
    assert sum(t.rejected for t in result.tallies.values()) == len(rejects(result))


def assert_contract_files(la_dir: Path) -> None:
    """Every file: exactly the contract's columns in order; ISO dates; Y/N flags; ids unique."""
    for path in la_dir.glob("ssd_*.csv"):
        spec = TABLES[path.stem]
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            assert next(reader) == list(spec.columns), path.name
            rows = list(reader)
        ids = [r[0] for r in rows]
        assert len(ids) == len(set(ids)), f"{path.name}: duplicate ids"
        for row in rows:
            record = dict(zip(spec.columns, row, strict=True))
            for column in spec.dates:
                assert record[column] == "" or len(record[column]) == 10 and record[column][4] == "-", (path, record)
            for column in (c for c in spec.columns if c.endswith(("_nfa", "_flag", "_seen", "_alone", "_in"))):
                assert record[column] in ("", "Y", "N"), (path.name, column, record[column])


# ---- values ------------------------------------------------------------------------------------------


def test_dates_are_read_as_iso_or_day_month_year_and_anything_else_is_rejected():
    assert iso_date("2024-03-31", "x") == "2024-03-31"
    assert iso_date("2024-03-31T10:00:00Z", "x") == "2024-03-31"
    assert iso_date("31/03/2024", "x") == "2024-03-31"
    assert iso_date("  ", "x") is None
    for bad in ("31/02/2024", "2024-13-01", "31-03-2024", "yesterday", "31/03/24"):
        with pytest.raises(Rejected, match="is not a date"):
            iso_date(bad, "DECOM")


def test_flags_become_y_or_n():
    assert [flag(v, "x") for v in ("true", "0", "Yes", "n", None)] == ["Y", "N", "Y", "N", None]
    with pytest.raises(Rejected, match="not a yes/no value"):
        flag("maybe", "ReferralNFA")


def test_annex_a_headers_match_whatever_their_case_spacing_punctuation_or_hints():
    assert normalise("Date of Contact (dd/mm/yyyy)") == normalise("date of contact") == "dateofcontact"
    assert normalise("Referral NFA?") == "referralnfa"
    assert normalise("Child's Legal Status") == "childslegalstatus"


# ---- CIN census ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cin_fake(tmp_path_factory):
    out = tmp_path_factory.mktemp("cin") / "data"
    return out, load_cin_census(CIN_FAKE, out, "975")


def test_every_child_in_the_census_is_one_person(cin_fake):
    out, result = cin_fake
    children = ET.parse(CIN_FAKE).getroot().findall("Children/Child")
    persons = table(out, "975", "ssd_person")
    assert len(children) == 332
    assert len({p["pers_person_id"] for p in persons}) == len(persons) == len(children)
    assert {p["pers_person_id"] for p in persons} == {c.findtext("ChildIdentifiers/LAchildID") for c in children}
    referrals = table(out, "975", "ssd_cin_episodes")
    assert len(referrals) == len(ET.parse(CIN_FAKE).getroot().findall("Children/Child/CINdetails")) == 402
    assert_adds_up(result)
    assert_contract_files(out / "975")


def test_census_values_land_in_the_right_columns(cin_fake):
    out, _ = cin_fake
    person = next(p for p in table(out, "975", "ssd_person") if p["pers_person_id"] == "RND000215205141")
    assert person["pers_dob"] == "2019-12-06" and person["pers_gender"] == "01" and person["pers_ethnicity"] == "WIRT"
    referral = next(r for r in table(out, "975", "ssd_cin_episodes") if r["cine_person_id"] == "RND000215205141")
    assert referral == {**referral, "cine_referral_id": "CIN-RND000215205141-R20200713",
                        "cine_referral_date": "2020-07-13", "cine_referral_source_code": "4",
                        "cine_cin_primary_need_code": "N6", "cine_close_date": "2021-06-11",
                        "cine_close_reason": "RC2", "cine_referral_nfa": "Y"}
    icpc = next(r for r in table(out, "975", "ssd_initial_cp_conference") if r["icpc_person_id"] == "RND000215205141")
    assert icpc["icpc_icpc_date"] == "2020-09-29" and icpc["icpc_referral_id"] == referral["cine_referral_id"]


def test_no_upn_leaves_the_census(cin_fake):
    out, _ = cin_fake
    upns = {u.text for u in ET.parse(CIN_FAKE).getroot().iter("UPN")}
    assert upns and not upns & written_values(out / "975")


def test_the_2024_census_with_sex_links_enquiries_conferences_and_plans(tmp_path):
    result = load_cin_census(CIN_2024, tmp_path, "201")
    persons = {p["pers_person_id"]: p for p in table(tmp_path, "201", "ssd_person")}
    assert persons["DfEX0000001"]["pers_sex"] == "M" and persons["DfEX0000001"]["pers_upn_unknown"] == "UN3"
    assert persons["child_fails_assessments"]["pers_sex"] == "M"
    icpcs = {r["icpc_icpc_date"]: r for r in table(tmp_path, "201", "ssd_initial_cp_conference")}
    s47 = table(tmp_path, "201", "ssd_s47_enquiry")[0]
    assert icpcs["2022-06-17"]["icpc_s47_enquiry_id"] == s47["s47e_s47_enquiry_id"]
    assert icpcs["2022-06-17"]["icpc_icpc_target_date"] == "2022-06-23"
    assert icpcs["2022-12-06"]["icpc_s47_enquiry_id"] == ""  # CINdetails/DateOfInitialCPC, no s47 of its own
    # the fixture's first assessment is authorised before it starts: rejected with its line
    [bad] = rejects(result)
    assert bad["table_name"] == "ssd_cin_assessments" and bad["location"] == "line 41"
    assert "is before" in bad["reason"]
    assert_adds_up(result)


def test_loading_the_same_census_twice_gives_the_same_files(tmp_path):
    load_cin_census(CIN_2024, tmp_path, "201")
    first = {p.name: p.read_bytes() for p in (tmp_path / "201").glob("*.csv")}
    load_cin_census(CIN_2024, tmp_path, "201")
    assert {p.name: p.read_bytes() for p in (tmp_path / "201").glob("*.csv")} == first


def test_a_generated_census_loads_with_nothing_lost(tmp_path):
    details = write_cin_census(tmp_path / "cin.xml", 300, la_code="874", year=2025, seed=3)
    result = load_cin_census(tmp_path / "cin.xml", tmp_path / "out", "874")
    assert result.rejected == 0
    assert len(table(tmp_path / "out", "874", "ssd_person")) == 300
    assert len(table(tmp_path / "out", "874", "ssd_cin_episodes")) == details
    assert {p["pers_sex"] for p in table(tmp_path / "out", "874", "ssd_person")} <= {"M", "F", "U"}


# ---- CIN census: bad input -----------------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_that_is_not_a_census_stops_with_its_root_element(tmp_path):
    path = write(tmp_path / "x.xml", cin_xml([cin_child()], root="CINCensus"))
    with pytest.raises(BadInput, match=r"x.xml: line 2: the root element is <CINCensus>, not <Message>"):
        load_cin_census(path, tmp_path / "out", "874")


def test_a_census_without_children_or_well_formed_xml_stops_with_the_line(tmp_path):
    path = write(tmp_path / "x.xml", "<Message>\n<Header/>\n</Message>\n")
    with pytest.raises(BadInput, match="required element <Children> is missing"):
        load_cin_census(path, tmp_path / "out", "874")
    path = write(tmp_path / "y.xml", cin_xml([cin_child()]).replace("</ChildIdentifiers>", "</ChildIdentifier>"))
    with pytest.raises(BadInput, match=r"y.xml: line \d+: not well-formed XML"):
        load_cin_census(path, tmp_path / "out", "874")


def test_a_census_of_another_authority_is_refused(tmp_path):
    path = write(tmp_path / "x.xml", cin_xml([cin_child()], lea="975"))
    with pytest.raises(BadInput, match="the header's LEA is 975, but --la is 874"):
        load_cin_census(path, tmp_path / "out", "874")


def test_census_records_with_a_missing_element_or_a_bad_date_or_code_are_rejected_with_their_line(tmp_path):
    bad_date = cin_child("2", details=CIN_DETAILS.replace("2023-07-20", "2023-07-32"))
    children = [
        cin_child("1"),
        cin_child("", dob="2016-01-01"),  # no LAchildID: the child and all its records
        bad_date,  # an assessment with an impossible date
        cin_child("3", gender="<GenderCurrent>7</GenderCurrent>"),  # a code outside the list
        cin_child("4", details="<CINdetails>\n<ReferralSource>6</ReferralSource>\n<Assessments>\n"
                               "<AssessmentActualStartDate>2023-06-05</AssessmentActualStartDate>\n</Assessments>\n"
                               "</CINdetails>"),  # no referral date: the episode and its assessment
    ]
    path = write(tmp_path / "x.xml", cin_xml(children))
    result = load_cin_census(path, tmp_path / "out", "874")
    reasons = {(r["table_name"], r["person_id"]): r for r in rejects(result)}
    assert reasons[("ssd_person", "")]["reason"] == "the Child has no ChildIdentifiers/LAchildID"
    assert ("ssd_cin_episodes", "") in reasons and ("ssd_cin_assessments", "") in reasons
    assert "AssessmentAuthorisationDate '2023-07-32' is not a date" in reasons[("ssd_cin_assessments", "2")]["reason"]
    assert "GenderCurrent '7' is not 1, 2, 0 or 9" in reasons[("ssd_person", "3")]["reason"]
    assert "required element CINreferralDate is missing" in reasons[("ssd_cin_episodes", "4")]["reason"]
    assert "its CINdetails" in reasons[("ssd_cin_assessments", "4")]["reason"]
    text = path.read_text().splitlines()
    for r in rejects(result):
        line = int(r["location"].split()[-1])
        assert 1 <= line <= len(text)
    # the reason names the line of the offending element itself
    date_line = int(reasons[("ssd_cin_assessments", "2")]["reason"].split("line ")[1].split(":")[0])
    assert "2023-07-32" in text[date_line - 1]
    # the good records of the same children still load
    assert {p["pers_person_id"] for p in table(tmp_path / "out", "874", "ssd_person")} == {"1", "2", "4"}
    assert_adds_up(result)


def test_the_command_line_prints_the_summary_and_exits_2_on_bad_input(tmp_path):
    ok = runner("load", "cin-census", CIN_2024, "--out", tmp_path / "out", "--la", "201")
    assert ok.returncode == 0, ok.output
    assert "ssd_cin_assessments" in ok.stdout and "rejected: CIN_Census_2024.xml: line 41:" in ok.stdout
    assert f"rejects: 1 records in {tmp_path / 'out' / '_rejects' / '201'}" in ok.stdout
    strict = runner("load", "cin-census", CIN_2024, "--out", tmp_path / "out2", "--la", "201", "--strict")
    assert strict.returncode == 2 and "CIN_Census_2024.xml: line 41:" in strict.stderr
    assert "Traceback" not in strict.output and len(strict.stderr.strip().splitlines()) == 1
    bad_la = runner("load", "ssda903", SSDA903_DIR, "--out", tmp_path / "out", "--la", "87")
    assert bad_la.returncode == 2 and "--la" in bad_la.stderr


# ---- SSDA903 -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ssda903_fixture(tmp_path_factory):
    """The shared 903 fixture, with three broken episodes added (a bad date, a bad code, an end first)."""
    work = tmp_path_factory.mktemp("ssda903")
    folder = work / "ssda903"
    folder.mkdir()
    for path in SSDA903_DIR.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    with (folder / "episodes.csv").open("a", encoding="utf-8") as handle:
        handle.write("900001,31/02/2017,S,C2,N1,U4,PR1,,,,,,\n")
        handle.write("900002,01/03/2017,Q,C2,N1,U4,PR1,,,,,,\n")
        handle.write("900003,01/03/2017,S,C2,N1,U4,PR1,01/02/2017,E8,,,,\n")
    out = work / "data"
    return folder, out, load_ssda903(folder, out, "975")


def test_903_episodes_reconcile_row_for_row_with_loaded_episodes_plus_rejects(ssda903_fixture):
    folder, out, result = ssda903_fixture
    source = read_csv(folder / "episodes.csv")
    loaded = table(out, "975", "ssd_cla_episodes")
    rejected = [r for r in rejects(result) if r["table_name"] == "ssd_cla_episodes"]
    assert len(source) == 5053 and len(loaded) + len(rejected) == len(source)
    assert len(rejected) == 3
    reasons = {r["person_id"]: r["reason"] for r in rejected}
    assert "DECOM '31/02/2017' is not a date" in reasons["900001"]
    assert "RNE 'Q' is not a reason for a new episode" in reasons["900002"]
    assert "DEC 01/02/2017 is before DECOM 01/03/2017" in reasons["900003"]
    assert {r["location"] for r in rejected} == {"line 5052", "line 5053", "line 5054"}
    # row for row: every loaded episode is a source row (child, start, reasons)
    wanted = {(r["CHILD"], "-".join(reversed(r["DECOM"].split("/"))), r["RNE"]) for r in source}
    assert {(e["clae_person_id"], e["clae_cla_episode_start_date"], e["clae_cla_episode_start_reason"])
            for e in loaded} <= wanted
    assert_adds_up(result)
    assert_contract_files(out / "975")


def test_903_fixture_fills_every_table_and_skips_only_what_the_contract_cannot_hold(ssda903_fixture):
    _, out, result = ssda903_fixture
    header = read_csv(SSDA903_DIR / "header.csv")
    assert len(table(out, "975", "ssd_person")) == len(header)
    for name in ("ssd_cla_placement", "ssd_legal_status", "ssd_cla_health", "ssd_missing", "ssd_care_leavers",
                 "ssd_permanence"):
        assert table(out, "975", name), name
    for name in ("ssd_cla_reviews", "ssd_immigration_status"):
        assert table(out, "975", name), name
    skipped = {source for (tbl, source), t in result.tallies.items() if t.skipped and tbl == "-"}
    assert skipped == {"previous_permanence.csv"}
    # the fixture's OC3 has two ACCOM codes that are not letter + 1/2: rejected, with their lines
    assert {(r["file"], r["location"]) for r in rejects(result) if r["table_name"] == "ssd_care_leavers"} == {
        ("oc3.csv", "line 2"), ("oc3.csv", "line 47")}
    upns = {r["UPN"] for r in header if r["UPN"]}
    assert upns and not upns & written_values(out / "975")


def test_903_periods_placements_legal_statuses_health_and_permanence(tmp_path):
    result = load_ssda903(write_903_csv(tmp_path / "903"), tmp_path / "out", "874")
    assert result.facts["collection year"].startswith("ending 31 March 2024")
    episodes = {e["clae_cla_episode_id"]: e for e in table(tmp_path / "out", "874", "ssd_cla_episodes")}
    assert {e["clae_cla_id"] for e in episodes.values() if e["clae_person_id"] == "1"} == {"903-1-C20220601"}
    assert episodes["903-1-E20231010"]["clae_entered_care_date"] == "2022-06-01"
    placements = {p["clap_cla_placement_id"]: p for p in table(tmp_path / "out", "874", "ssd_cla_placement")}
    # the legal status change (RNE L) keeps the placement; RNE P starts a new one
    assert placements["903-1-P20220601"]["clap_cla_placement_end_date"] == "2023-10-10"
    assert placements["903-1-P20220601"]["clap_cla_placement_change_reason"] == "CARPL"
    assert placements["903-1-P20231010"]["clap_cla_placement_urn"] == "SC123456"
    legal = [(r["lega_legal_status"], r["lega_legal_status_start_date"], r["lega_legal_status_end_date"])
             for r in table(tmp_path / "out", "874", "ssd_legal_status") if r["lega_person_id"] == "1"]
    assert legal == [("C1", "2022-06-01", "2022-09-01"), ("C2", "2022-09-01", "")]
    health = table(tmp_path / "out", "874", "ssd_cla_health")
    assert [(h["clah_health_check_type"], h["clah_health_check_date"], h["clah_health_check_status"])
            for h in health] == [("Health Assessment", "2024-03-31", "Completed")]  # TEETH_CHECK 0: none
    [perm] = table(tmp_path / "out", "874", "ssd_permanence")
    assert perm == {**perm, "perm_adm_decision_date": "2020-09-15", "perm_matched_date": "2020-12-20",
                    "perm_placement_order_date": "2020-06-01", "perm_placed_for_adoption_date": "2021-02-01",
                    "perm_permanence_order_date": "2024-01-05", "perm_permanence_order_type": "Adoption Order",
                    "perm_cla_id": "903-2-C20200301"}
    [leaver] = table(tmp_path / "out", "874", "ssd_care_leavers")
    assert (leaver["clea_care_leaver_accommodation"], leaver["clea_care_leaver_accom_suitable"]) == ("D", "1")
    missing = table(tmp_path / "out", "874", "ssd_missing")
    assert [m["miss_missing_episode_type"] for m in missing] == ["Missing", "Away"]
    assert_adds_up(result)


def test_903_xml_form_loads_the_same_rows_as_the_csv_files(tmp_path):
    load_ssda903(write_903_csv(tmp_path / "903"), tmp_path / "csv", "874")
    load_ssda903(write_903_xml(tmp_path / "903.xml"), tmp_path / "xml", "874")
    csv_files = sorted(p.name for p in (tmp_path / "csv" / "874").glob("*.csv"))
    assert csv_files == sorted(p.name for p in (tmp_path / "xml" / "874").glob("*.csv"))
    for name in csv_files:
        assert (tmp_path / "csv" / "874" / name).read_text() == (tmp_path / "xml" / "874" / name).read_text(), name


def test_consecutive_903_years_join_into_one_period_of_care(tmp_path):
    head = SSDA903["episodes"][0]
    year1 = {"header": SSDA903["header"][:2], "episodes": [head, "1,01/06/2022,S,C1,N1,U4,PR1,01/09/2022,X1,,,,",
                                                           "1,01/09/2022,P,C1,N1,U6,PR1,,,,,,"]}
    year2 = {"header": SSDA903["header"][:2], "episodes": [head, "1,01/09/2022,P,C1,N1,U6,PR1,01/12/2023,X1,,,,",
                                                           "1,01/12/2023,L,C2,N1,U6,PR1,,,,,,"]}
    out = tmp_path / "out"
    load_ssda903(write_903_csv(tmp_path / "y1", year1), out, "874", year=2023)
    load_ssda903(write_903_csv(tmp_path / "y2", year2), out, "874", year=2024)
    episodes = table(out, "874", "ssd_cla_episodes")
    assert [e["clae_cla_episode_start_date"] for e in episodes] == ["2022-06-01", "2022-09-01", "2023-12-01"]
    assert {e["clae_cla_id"] for e in episodes} == {"903-1-C20220601"}
    assert {e["clae_entered_care_date"] for e in episodes} == {"2022-06-01"}
    placements = table(out, "874", "ssd_cla_placement")
    assert [(p["clap_cla_placement_start_date"], p["clap_cla_placement_end_date"]) for p in placements] == [
        ("2022-06-01", "2022-09-01"), ("2022-09-01", "")]
    assert episodes[2]["clae_cla_placement_id"] == "903-1-P20220901"


def test_903_bad_input_names_the_file_and_line(tmp_path):
    tables = {**SSDA903, "episodes": [SSDA903["episodes"][0].replace(",DECOM", ",START"), *SSDA903["episodes"][1:]]}
    with pytest.raises(BadInput, match=r"episodes.csv: line 1: required column DECOM is missing"):
        load_ssda903(write_903_csv(tmp_path / "a", tables), tmp_path / "out", "874")
    with pytest.raises(BadInput, match="nothing: not found"):
        load_ssda903(tmp_path / "nothing", tmp_path / "out", "874")
    with pytest.raises(BadInput, match="give the folder that holds the SSDA903 CSV files"):
        load_ssda903(SSDA903_DIR / "episodes.csv", tmp_path / "out", "874")
    (tmp_path / "b").mkdir()
    write(tmp_path / "b" / "notes.csv", "a,b\n1,2\n")
    with pytest.raises(BadInput, match="no SSDA903 CSV files"):
        load_ssda903(tmp_path / "b", tmp_path / "out", "874")
    with pytest.raises(BadInput, match=r"x.xml: line 2: the root element is <Message>, not <EXPSSDA903>"):
        load_ssda903(write_903_xml(tmp_path / "x.xml", root="Message"), tmp_path / "out", "874")
    tables = {**SSDA903, "missing": [SSDA903["missing"][0], "1,01/05/2012,Q,2023-11-03,", "1,01/05/2012,M,3rd Nov,"]}
    result = load_ssda903(write_903_csv(tmp_path / "c", tables), tmp_path / "out", "874")
    bad = {r["location"]: r["reason"] for r in rejects(result)}
    assert bad == {"line 2": "child 1: MISSING 'Q' is not M (missing) or A (away)",
                   "line 3": "child 1: MIS_START '3rd Nov' is not a date"}


# ---- combining returns ---------------------------------------------------------------------------------


def test_a_child_in_both_the_census_and_the_903_is_one_person(tmp_path):
    out = tmp_path / "out"
    load_cin_census(write(tmp_path / "cin.xml", cin_xml([cin_child("1"), cin_child("77")])), out, "874")
    result = load_ssda903(write_903_csv(tmp_path / "903"), out, "874")
    persons = {p["pers_person_id"]: p for p in table(out, "874", "ssd_person")}
    assert sorted(persons) == ["1", "2", "3", "77"]
    # 903 gives sex, the census gender; the 903 date of birth (the later load) wins over the census one
    assert (persons["1"]["pers_sex"], persons["1"]["pers_gender"]) == ("M", "01")
    assert persons["1"]["pers_dob"] == "2012-05-01" and persons["77"]["pers_dob"] == "2015-05-01"
    assert result.tables["ssd_person"].merged_persons == 1
    assert result.tables["ssd_person"].person_conflicts == {"pers_dob": 1}
    assert table(out, "874", "ssd_cin_episodes") and table(out, "874", "ssd_cla_episodes")
    assert_contract_files(out / "874")
    # the build's intake check sees one authority and no stray files: the rejects are outside it
    intake = inspect_data_dir(out, tmp_path / "intake")
    assert intake.la_codes == ["874"] and intake.warnings == []


# ---- Annex A -------------------------------------------------------------------------------------------


def test_annex_a_lists_fill_their_tables(tmp_path):
    result = load_annex_a(write_annex_a(tmp_path / "annex_a.xlsx"), tmp_path / "out", "874")
    out = tmp_path / "out"
    assert result.rejected == 0
    counts = {name: len(table(out, "874", name)) for name in TABLES}
    assert counts == {**counts, "ssd_person": 7, "ssd_contacts": 3, "ssd_early_help_episodes": 1,
                      "ssd_cin_episodes": 2, "ssd_cin_assessments": 1, "ssd_s47_enquiry": 1,
                      "ssd_initial_cp_conference": 1, "ssd_cp_plans": 1, "ssd_cp_visits": 1, "ssd_cla_episodes": 1,
                      "ssd_cla_placement": 1, "ssd_legal_status": 1, "ssd_cla_visits": 1, "ssd_cla_health": 2,
                      "ssd_care_leavers": 1, "ssd_permanence": 1}
    contacts = table(out, "874", "ssd_contacts")
    assert [(c["cont_contact_source_code"], c["cont_contact_source_desc"]) for c in contacts] == [
        ("6", ""), ("", "Anonymous"), ("1A", "")]
    # list 3's referral and list 6's episode of the same child and date are one row
    referral = next(r for r in table(out, "874", "ssd_cin_episodes") if r["cine_person_id"] == "A1")
    assert (referral["cine_referral_source_code"], referral["cine_cin_primary_need_code"]) == ("6", "N1")
    assessment = table(out, "874", "ssd_cin_assessments")[0]
    assert assessment["cina_referral_id"] == referral["cine_referral_id"]
    assert (assessment["cina_assessment_child_seen"], assessment["cina_assessment_outcome_nfa"]) == ("Y", "N")
    icpc, plan = table(out, "874", "ssd_initial_cp_conference")[0], table(out, "874", "ssd_cp_plans")[0]
    assert icpc["icpc_cp_plan_id"] == plan["cppl_cp_plan_id"] and plan["cppl_icpc_id"] == icpc["icpc_icpc_id"]
    assert (plan["cppl_cp_plan_initial_category"], plan["cppl_cp_plan_latest_category"]) == ("NEG", "EMO")
    persons = {p["pers_person_id"]: p for p in table(out, "874", "ssd_person")}
    assert (persons["A2"]["pers_gender"], persons["A2"]["pers_ethnicity"]) == ("02", "MWAS")
    legal = table(out, "874", "ssd_legal_status")[0]
    assert (legal["lega_legal_status"], legal["lega_legal_status_start_date"]) == ("C2", "2022-03-01")
    leaver = table(out, "874", "ssd_care_leavers")[0]
    assert leaver == {**leaver, "clea_care_leaver_eligibility": "Former Relevant", "clea_care_leaver_in_touch": "YES",
                      "clea_care_leaver_accommodation": "D", "clea_care_leaver_accom_suitable": "1",
                      "clea_care_leaver_activity": "F2"}
    assert_adds_up(result)
    assert_contract_files(out / "874")


def test_annex_a_accepts_other_years_headers_and_no_title_rows(tmp_path):
    sheets = {"List1": (["Child ID", "Sex", "Ethnicity", "DOB", "Contact Date", "Source of Contact"],
                        [["B1", "F", "WBRI", "2014-01-01", "01/02/2024", "3A"]])}
    result = load_annex_a(write_annex_a(tmp_path / "a.xlsx", sheets, title_rows=0), tmp_path / "out", "874")
    [person] = table(tmp_path / "out", "874", "ssd_person")
    assert person["pers_sex"] == "F" and person["pers_gender"] == ""
    [contact] = table(tmp_path / "out", "874", "ssd_contacts")
    assert (contact["cont_contact_date"], contact["cont_contact_source_code"]) == ("2024-02-01", "3A")
    assert_adds_up(result)


def test_annex_a_bad_input_names_the_sheet_and_row(tmp_path):
    with pytest.raises(BadInput, match="not an .xlsx workbook"):
        load_annex_a(write(tmp_path / "a.xlsx", "not a workbook"), tmp_path / "out", "874")
    with pytest.raises(BadInput, match="no sheet named 'List 1' to 'List 10'"):
        load_annex_a(write_annex_a(tmp_path / "b.xlsx", {"Summary": (["x"], [])}), tmp_path / "out", "874")
    sheets = {"List 3": (["Child Unique ID", "Date of Birth", "Referral Source"], [["C1", "2014-01-01", "6"]])}
    with pytest.raises(BadInput, match=r"sheet 'List 3' row 2: required column 'dateofreferral' is missing"):
        load_annex_a(write_annex_a(tmp_path / "c.xlsx", sheets), tmp_path / "out", "874")
    sheets = {"List 7": (["Child Unique ID", "Date of Birth", "Child Protection Plan Start Date",
                          "Initial Category of Abuse"],
                         [["C1", "2014-01-01", "32/01/2024", "NEG"], ["C2", "2014-01-01", "2024-01-05", "Poverty"],
                          [None, "2014-01-01", "2024-01-05", "NEG"]])}
    result = load_annex_a(write_annex_a(tmp_path / "d.xlsx", sheets), tmp_path / "out", "874")
    bad = {(r["table_name"], r["location"].removeprefix("sheet 'List 7' ")): r["reason"] for r in rejects(result)}
    assert bad == {
        ("ssd_cp_plans", "row 3"): "child C1: Child Protection Plan Start Date '32/01/2024' is not a date",
        ("ssd_cp_plans", "row 4"): "child C2: Initial Category of Abuse 'Poverty' is not a category of abuse",
        ("ssd_person", "row 5"): "Child Unique ID is empty",
    }
    assert_adds_up(result)


def test_annex_a_records_held_by_a_rejected_period_of_care_are_rejected_with_it(tmp_path):
    sheets = {"List 8": (["Child Unique ID", "Date of Birth", "Date Started to be Looked After",
                          "Start Date of Most Recent Placement", "Placement Type", "Date of Last Dental Check"],
                         [["D1", "2012-01-01", "not known", "2023-02-01", "U4", "2023-05-05"]])}
    result = load_annex_a(write_annex_a(tmp_path / "a.xlsx", sheets), tmp_path / "out", "874")
    assert sorted(r["table_name"] for r in rejects(result)) == ["ssd_cla_episodes", "ssd_cla_health",
                                                                "ssd_cla_placement"]
    assert not table(tmp_path / "out", "874", "ssd_cla_placement")
    assert_adds_up(result)

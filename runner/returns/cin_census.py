"""`runner returns cin-census`: the children in need census XML from the warehouse.

The rows come from the dbt models in models/marts/returns/cin_census (one per census table, each with
a collection_year column); this module only picks the authority and year and writes the DfE's XML:
Message/Header/Children/Child, each Child with ChildIdentifiers, ChildCharacteristics (Ethnicity,
Disabilities) and one CINdetails per CIN episode holding its Assessments, CINPlanDates, Section47
and ChildProtectionPlans (with their Reviews). Dates are ISO (YYYY-MM-DD); flags true/false.

Schema years: from 2025 the census records Sex (M/F/U); up to 2024 GenderCurrent (1/2/0/9). What the
SSD contract does not hold (UPN, FormerUPN, assessment factors, AssessmentInternalReviewDate) is
left out, which is how the census guide records information not held; README, "Statutory returns".

`runner load cin-census` reads this file back into the same SSD rows (tests/test_returns_roundtrip.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from runner.atomic import files_into
from runner.export import inside
from runner.returns.common import Collection, Written, collection, connect, iso, out_folder, require, rows

KIND = "CIN census"
SEX_FROM_YEAR = 2025
MODELS = ("ret_cin_census__children", "ret_cin_census__cin_details", "ret_cin_census__assessments",
          "ret_cin_census__cin_plans", "ret_cin_census__section47", "ret_cin_census__cp_plans",
          "ret_cin_census__cp_reviews", "ret_cin_census__disabilities")


def file_name(c: Collection) -> str:
    return f"cin_census_{c.la_code}_{c.year}.xml"


def write_cin_census(warehouse: Path, out_dir: Path, year: int | None = None, la_code: str | None = None,
                     *, now: Callable[[], datetime] = datetime.now) -> Written:
    """Write the census for one authority and collection year into `out_dir`."""
    con = connect(warehouse)
    try:
        require(con, warehouse, *MODELS)
        c = collection(con, warehouse, year, la_code)
        data = {
            "children": rows(con, "ret_cin_census__children", c, "child_id"),
            "details": rows(con, "ret_cin_census__cin_details", c, "child_id, cin_referral_date, referral_id"),
            "assessments": rows(con, "ret_cin_census__assessments", c,
                                "referral_id, assessment_actual_start_date, assessment_id"),
            "plans": rows(con, "ret_cin_census__cin_plans", c, "referral_id, cin_plan_start_date, cin_plan_id"),
            "s47": rows(con, "ret_cin_census__section47", c, "referral_id, s47_actual_start_date, s47_enquiry_id"),
            "cpp": rows(con, "ret_cin_census__cp_plans", c, "referral_id, cpp_start_date, cp_plan_id"),
            "reviews": rows(con, "ret_cin_census__cp_reviews", c, "cp_plan_id, cpp_review_date"),
            "disabilities": rows(con, "ret_cin_census__disabilities", c, "child_id, disability"),
        }
    finally:
        con.close()
    folder = out_folder(out_dir)
    target = inside(folder, file_name(c))
    with files_into(folder) as staging, (staging / target.name).open("w", encoding="utf-8", newline="\n") as handle:
        for chunk in census_xml(c, data, now()):
            handle.write(chunk)
    notes = []
    if not c.is_complete:
        notes.append(f"collection year {c.year} is not complete in the warehouse (its data end {c.as_at_date})")
    if not data["disabilities"]:
        notes.append("no <Disabilities>: the warehouse holds no disability records (ssd_disability)")
    if not data["reviews"]:
        notes.append("no CP plan <Reviews>: the warehouse holds no CP review records (ssd_cp_reviews)")
    counts = {"Child": len(data["children"]), "CINdetails": len(data["details"]),
              "Assessments": len(data["assessments"]), "CINPlanDates": len(data["plans"]),
              "Section47": len(data["s47"]), "ChildProtectionPlans": len(data["cpp"]),
              "Reviews": len(data["reviews"]), "Disability": len(data["disabilities"])}
    return Written(KIND, c, [folder / file_name(c)], counts, notes)


def census_xml(c: Collection, data: dict[str, list[dict]], generated: datetime) -> Iterable[str]:
    """The census document, in pieces."""
    by_referral = {key: _group(data[key], "referral_id") for key in ("assessments", "plans", "s47", "cpp")}
    details = _group(data["details"], "child_id")
    disabilities = _group(data["disabilities"], "child_id")
    reviews = _group(data["reviews"], "cp_plan_id")
    yield '<?xml version="1.0" encoding="utf-8"?>\n<Message>\n'
    yield from _block(1, "Header", [
        ("CollectionDetails", [("Collection", "CIN"), ("Year", str(c.year)), ("ReferenceDate", iso(c.year_end))]),
        ("Source", [("SourceLevel", "L"), ("LEA", c.la_code), ("SoftwareCode", "csc-analytics runner"),
                    ("Release", "1"), ("SerialNo", "1"), ("DateTime", generated.strftime("%Y-%m-%dT%H:%M:%S"))]),
    ])
    yield "  <Children>\n"
    for child in data["children"]:
        child_id = child["child_id"]
        yield from _block(2, "Child", [
            ("ChildIdentifiers", _identifiers(child, c.year)),
            ("ChildCharacteristics", _characteristics(child, disabilities.get(child_id, []))),
            *(("CINdetails", _details(d, by_referral, reviews)) for d in details.get(child_id, [])),
        ])
    yield "  </Children>\n</Message>\n"


def _identifiers(child: dict, year: int) -> list:
    items = [("LAchildID", child["child_id"]), ("UPNunknown", child["upn_unknown"]),
             ("PersonBirthDate", iso(child["person_birth_date"])),
             ("ExpectedPersonBirthDate", iso(child["expected_person_birth_date"]))]
    items.append(("Sex", child["sex"]) if year >= SEX_FROM_YEAR else ("GenderCurrent", child["gender_current"]))
    items.append(("PersonDeathDate", iso(child["person_death_date"])))
    return items


def _characteristics(child: dict, disabilities: list[dict]) -> list:
    items: list = [("Ethnicity", child["ethnicity"])]
    if disabilities:
        items.append(("Disabilities", [("Disability", d["disability"]) for d in disabilities]))
    return items


def _details(d: dict, nested: dict[str, dict[str, list[dict]]], reviews: dict[str, list[dict]]) -> list:
    referral = d["referral_id"]
    items: list = [
        ("CINreferralDate", iso(d["cin_referral_date"])),
        ("ReferralSource", d["referral_source"]),
        ("PrimaryNeedCode", d["primary_need_code"]),
        ("CINclosureDate", iso(d["cin_closure_date"])),
        ("ReasonForClosure", d["reason_for_closure"]),
        ("DateOfInitialCPC", iso(d["date_of_initial_cpc"])),
        ("ReferralNFA", _flag(d["referral_nfa"])),
    ]
    for a in nested["assessments"].get(referral, []):
        items.append(("Assessments", [("AssessmentActualStartDate", iso(a["assessment_actual_start_date"])),
                                      ("AssessmentAuthorisationDate", iso(a["assessment_authorisation_date"]))]))
    for p in nested["plans"].get(referral, []):
        items.append(("CINPlanDates", [("CINPlanStartDate", iso(p["cin_plan_start_date"])),
                                       ("CINPlanEndDate", iso(p["cin_plan_end_date"]))]))
    for s in nested["s47"].get(referral, []):
        items.append(("Section47", [("S47ActualStartDate", iso(s["s47_actual_start_date"])),
                                    ("InitialCPCtarget", iso(s["initial_cpc_target"])),
                                    ("DateOfInitialCPC", iso(s["date_of_initial_cpc"])),
                                    ("ICPCnotRequired", _flag(s["icpc_not_required"]))]))
    for p in nested["cpp"].get(referral, []):
        items.append(("ChildProtectionPlans", [
            ("CPPstartDate", iso(p["cpp_start_date"])),
            ("CPPendDate", iso(p["cpp_end_date"])),
            ("InitialCategoryOfAbuse", p["initial_category_of_abuse"]),
            ("LatestCategoryOfAbuse", p["latest_category_of_abuse"]),
            ("NumberOfPreviousCPP", None if p["number_of_previous_cpp"] is None else str(p["number_of_previous_cpp"])),
            *(("Reviews", [("CPPreviewDate", iso(r["cpp_review_date"]))]) for r in reviews.get(p["cp_plan_id"], [])),
        ]))
    return items


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _group(items: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for item in items:
        grouped[item[key]].append(item)
    return grouped


def _block(depth: int, tag: str, items: list) -> Iterable[str]:
    """<tag> with its items: (name, text) leaves, empty ones left out, or (name, [items]) blocks."""
    pad = "  " * depth
    yield f"{pad}<{tag}>\n"
    for name, value in items:
        if isinstance(value, list):
            yield from _block(depth + 1, name, value)
        elif value not in (None, ""):
            yield f"{pad}  <{name}>{escape(str(value))}</{name}>\n"
    yield f"{pad}</{tag}>\n"

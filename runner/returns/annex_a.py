"""`runner returns annex-a`: Ofsted's Annex A lists 1 to 10 (ILACS) as one workbook, from the warehouse.

The rows come from the dbt models in models/marts/returns/annex_a (one per list, at the warehouse's
as-at date: the last six months for lists 1 to 5, what was open at the as-at date or ended in the six
months for lists 6 to 8, every care leaver for list 9, decisions in force or active in the last twelve
months for list 10); every list starts with the child's id, gender, sex, ethnicity, date of birth and
age from ret_annex_a__children. This module only writes the workbook: one sheet per list ("List 1
Contacts", ...), the header in row 1 with the template's column names, dates as dates, yes/no as
Yes/No, frozen header, text that a spreadsheet would run as a formula quoted.

What the SSD contract does not hold is not in the sheets (allocated workers beyond the referral's,
disabilities, reviews, independent reviewing officers, list 11 adopters): README, "Statutory returns".
`runner load annex-a` reads the workbook back (tests/test_returns_annex_a.py).
"""

from __future__ import annotations

from pathlib import Path

from runner.atomic import files_into
from runner.errors import BadInput
from runner.export import inside, safe_text
from runner.returns.common import SCHEMA, Collection, Written, collection, connect, require

KIND = "Ofsted Annex A"
PERSON = (("Child Unique ID", "child_id", "text"), ("Gender", "gender", "text"), ("Sex", "sex", "text"),
          ("Ethnicity", "ethnicity", "text"), ("Date of Birth", "date_of_birth", "date"),
          ("Age of Child (Years)", "age_years", "int"))

#: list number -> (sheet title, model, order, columns: (header, model column, kind))
LISTS: dict[int, tuple[str, str, str, tuple[tuple[str, str, str], ...]]] = {
    1: ("Contacts", "ret_annex_a__list_01_contacts", "contact_date, child_id, contact_id", (
        ("Date of Contact", "contact_date", "date"), ("Contact Source", "contact_source_code", "text"),
        ("Contact Source Description", "contact_source_desc", "text"))),
    2: ("Early Help", "ret_annex_a__list_02_early_help", "assessment_start_date, child_id, episode_id", (
        ("Assessment start date", "assessment_start_date", "date"),
        ("Assessment completion date", "assessment_completion_date", "date"),
        ("Organisation completing assessment", "organisation", "text"))),
    3: ("Referrals", "ret_annex_a__list_03_referrals", "referral_date, child_id, referral_id", (
        ("Date of referral", "referral_date", "date"), ("Referral Source", "referral_source_code", "text"),
        ("Referral NFA?", "referral_nfa", "yesno"),
        ("Number of referrals in last 12 months", "referrals_in_last_12_months", "int"),
        ("Allocated Team", "allocated_team", "text"), ("Allocated Worker", "allocated_worker", "text"))),
    4: ("Assessments", "ret_annex_a__list_04_assessments", "assessment_start_date, child_id, assessment_id", (
        ("Continuous Assessment Start Date", "assessment_start_date", "date"),
        ("Child Seen During Continuous Assessment", "child_seen", "yesno"),
        ("Continuous Assessment Date of Authorisation", "assessment_auth_date", "date"),
        ("Was the child assessed as requiring LA children's social care support?", "requires_support", "yesno"),
        ("Allocated Team", "allocated_team", "text"))),
    5: ("Section 47 Enquiries", "ret_annex_a__list_05_section_47", "s47_start_date, child_id, s47_enquiry_id", (
        ("Strategy discussion initiating Section 47 Enquiry Start Date", "s47_start_date", "date"),
        ("Date of Initial Child Protection Conference", "icpc_date", "date"),
        ("Did the Initial Child Protection Conference Result in a Child Protection Plan", "icpc_resulted_in_plan",
         "yesno"))),
    6: ("Children in Need", "ret_annex_a__list_06_children_in_need", "cin_start_date, child_id, referral_id", (
        ("CIN Start Date", "cin_start_date", "date"), ("Primary Need Code", "primary_need_code", "text"),
        ("CIN Closure Date", "cin_closure_date", "date"), ("Reason for Closure", "reason_for_closure", "text"))),
    7: ("Child Protection", "ret_annex_a__list_07_child_protection", "plan_start_date, child_id, cp_plan_id", (
        ("Child Protection Plan Start Date", "plan_start_date", "date"),
        ("Initial Category of Abuse", "initial_category", "text"),
        ("Latest Category of Abuse", "latest_category", "text"),
        ("Date of the Last Statutory Visit", "last_visit_date", "date"),
        ("Was the Child Seen Alone?", "seen_alone", "yesno"),
        ("Child Protection Plan End Date", "plan_end_date", "date"),
        ("Number of Previous Child Protection Plans", "previous_plans", "int"))),
    8: ("Children Looked After", "ret_annex_a__list_08_looked_after",
        "date_started_looked_after, child_id, period_of_care_id", (
            ("Date Started to be Looked After", "date_started_looked_after", "date"),
            ("Child's Category of Need", "category_of_need", "text"),
            ("Child's Legal Status", "legal_status", "text"),
            ("Start date of current legal status", "legal_status_start_date", "date"),
            ("Date of Last Social Work Visit", "last_visit_date", "date"),
            ("Date of Last Health Assessment", "last_health_assessment", "date"),
            ("Date of Last Dental Check", "last_dental_check", "date"),
            ("Date Ceased to be Looked After", "date_ceased_looked_after", "date"),
            ("Reason Ceased to be Looked After", "reason_ceased_looked_after", "text"),
            ("Start Date of Most Recent Placement", "placement_start_date", "date"),
            ("Placement Type", "placement_type", "text"), ("Placement Provider", "placement_provider", "text"),
            ("Placement Postcode", "placement_postcode", "text"), ("URN of Placement", "placement_urn", "text"))),
    9: ("Care Leavers", "ret_annex_a__list_09_care_leavers", "child_id, care_leaver_id", (
        ("Eligibility Category", "eligibility", "text"),
        ("Latest Pathway Plan Review Date", "pathway_plan_review_date", "date"),
        ("LA in Touch", "in_touch", "text"), ("Latest Date of Contact", "latest_contact_date", "date"),
        ("Type of Accommodation", "accommodation_code", "text"),
        ("Suitability of Accommodation", "accommodation_suitable_code", "suitability"),
        ("Activity Status", "activity_code", "text"))),
    10: ("Adoption", "ret_annex_a__list_10_adoption", "adm_decision_date, child_id, permanence_id", (
        ("Date the Child Entered Care", "date_entered_care", "date"),
        ("Date of Decision that Child Should be Placed for Adoption", "adm_decision_date", "date"),
        ("Date of Placement Order", "placement_order_date", "date"),
        ("Date of Matching Child and Prospective Adopters", "matched_date", "date"),
        ("Date Placed for Adoption", "placed_for_adoption_date", "date"),
        ("Date of Adoption Order", "adoption_order_date", "date"),
        ("Date of Decision that Child Should No Longer be Placed for Adoption", "decision_reversed_date", "date"),
        ("Date the Child was Placed for Fostering in FFA or Concurrent Planning Placement", "placed_ffa_cp_date",
         "date"))),
}


def write_annex_a(warehouse: Path, out_file: Path, la_code: str | None = None) -> Written:
    """Write the workbook for one authority at the warehouse's as-at date."""
    out_file = Path(out_file).resolve()
    if out_file.suffix.lower() != ".xlsx":
        raise BadInput(f"--out {out_file}: give a file name ending .xlsx")
    if out_file.exists() and out_file.is_dir():
        raise BadInput(f"--out {out_file}: is a folder, not a file")
    con = connect(warehouse)
    try:
        require(con, warehouse, "ret_annex_a__children", *(model for _, model, _, _ in LISTS.values()))
        c = collection(con, warehouse, None, la_code, latest=True)
        people = {row[0]: row for row in con.execute(
            f"select {', '.join(col for _, col, _ in PERSON)} from {SCHEMA}.ret_annex_a__children where la_code = ?",
            [c.la_code]).fetchall()}
        sheets = {}
        for number, (_, model, order, columns) in LISTS.items():
            result = con.execute(f"select {', '.join(col for _, col, _ in columns)}, child_id from {SCHEMA}.{model} "
                                 f"where la_code = ? order by {order}", [c.la_code])
            sheets[number] = result.fetchall()
    finally:
        con.close()
    out_file.parent.mkdir(parents=True, exist_ok=True)
    _save(inside(out_file.parent, out_file.name), c, sheets, people)
    notes = [f"as at {c.as_at_date} (the warehouse's as-at date): lists 1 to 5 cover the six months to it"]
    counts = {f"List {n} {LISTS[n][0]}": len(rows) for n, rows in sheets.items()}
    return Written(KIND, c, [out_file], counts, notes, as_at_only=True)


def _save(path: Path, c: Collection, sheets: dict[int, list[tuple]], people: dict[str, tuple]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for number, rows in sheets.items():
        title, _, _, columns = LISTS[number]
        sheet = book.create_sheet(f"List {number} {title}"[:31])
        headers = [h for h, _, _ in PERSON] + [h for h, _, _ in columns]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        kinds = [k for _, _, k in PERSON] + [k for _, _, k in columns]
        for row in rows:
            child = row[-1]
            person = people.get(child) or (child,) + (None,) * (len(PERSON) - 1)
            values = list(person) + list(row[:-1])
            sheet.append([_cell(v, k) for v, k in zip(values, kinds, strict=True)])
        for index, kind in enumerate(kinds, start=1):
            if kind == "date":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "dd/mm/yyyy"
        sheet.freeze_panes = "A2"
    with files_into(path.parent) as staging:
        book.save(staging / path.name)


def _cell(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "yesno":
        return "Yes" if value else "No"
    if kind == "suitability":
        return {"1": "Suitable", "2": "Unsuitable"}.get(str(value), value)
    if kind in ("date", "int"):
        return value
    return safe_text(str(value))

"""Small hand-made statutory returns for the loader tests (no real child's data)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

#: One Annex A workbook covering lists 1 to 10, in the 2023 template's headers with some of the
#: variants seen in other years ("Contact Date", "DOB", "Referral Date" ...).
ANNEX_A = {
    "List 1 - Contacts": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact",
         "Contact Source"],
        [["A1", "a) Male", "a) WBRI", date(2015, 5, 1), 8, date(2023, 6, 1), "q) 6: Police"],
         ["A2", "b) Female", "White and Asian", "02/03/2012", 11, "15/06/2023", "Anonymous"],
         ["A3", "b) Female", "BAFR", date(2010, 1, 1), 13, "2023-07-01", "a) 1A: Individual"]],
    ),
    "List 2 - Early Help": (
        ["Child ID", "Gender", "Ethnicity", "DOB", "Assessment start date", "Assessment completion date",
         "Organisation completing assessment"],
        [["A4", "Male", "WBRI", date(2019, 1, 1), date(2023, 5, 1), date(2023, 6, 1), "School"]],
    ),
    "List 3 - Referrals": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Referral Date", "Referral Source",
         "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"],
        [["A1", "a) Male", "a) WBRI", date(2015, 5, 1), date(2023, 6, 2), "q) 6: Police", "b) No", 1, "MASH", "W1"],
         ["A2", "b) Female", "MWAS", date(2012, 3, 2), date(2023, 6, 16), "e) 2A: Schools", "a) Yes", 1, "MASH",
          "W2"]],
    ),
    "List 4 - Assessments": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Continuous Assessment Start Date",
         "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
         "Was the child assessed as requiring LA children's social care support?", "Allocated Team"],
        [["A1", "a) Male", "a) WBRI", date(2015, 5, 1), date(2023, 6, 5), "a) Yes", date(2023, 7, 20), "a) Yes",
          "Assessment 1"]],
    ),
    "List 5 - Section 47": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
         "Strategy discussion initiating Section 47 Enquiry Start Date",
         "Was an Initial Child Protection Conference deemed unnecessary?",
         "Date of Initial Child Protection Conference",
         "Did the Initial Child Protection Conference Result in a Child Protection Plan"],
        [["A1", "a) Male", "a) WBRI", date(2015, 5, 1), date(2023, 6, 6), "b) No", date(2023, 6, 27), "a) Yes"]],
    ),
    "List 6 - CIN": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "CIN Start Date", "Primary Need Code",
         "CIN Closure Date", "Reason for Closure", "Case Status"],
        [["A1", "a) Male", "a) WBRI", date(2015, 5, 1), date(2023, 6, 2), "N1 - Abuse or neglect", None, None,
          "b) Child Protection plan"]],
    ),
    "List 7 - CP": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Child Protection Plan Start Date",
         "Initial Category of Abuse", "Latest Category of Abuse", "Date of the Last Statutory Visit",
         "Was the Child Seen Alone?", "Child Protection Plan End Date"],
        [["A1", "a) Male", "a) WBRI", date(2015, 5, 1), date(2023, 6, 27), "a) Neglect", "d) Emotional abuse",
          date(2023, 9, 1), "a) Yes", None]],
    ),
    "List 8 - CLA": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date Started to be Looked After",
         "Child's Category of Need", "Start date of current legal status", "Child's Legal Status",
         "Date of Last Social Work Visit", "Date of Last Health Assessment", "Date of Last Dental Check",
         "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
         "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode",
         "URN of Placement"],
        [["A5", "Female", "WBRI", date(2011, 2, 2), date(2022, 1, 10), "N1 - Abuse or neglect",
          date(2022, 3, 1), "C2: FCO", date(2023, 8, 1), date(2023, 2, 1), date(2023, 3, 1), None, None,
          date(2022, 6, 1), "f) U6: Foster placement - not FFA", "b) PR1: Own provision", "PE1 1AA", None]],
    ),
    "List 9 - Care leavers": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Eligibility Category",
         "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact", "Type of Accommodation",
         "Suitability of Accommodation", "Activity Status"],
        [["A6", "Male", "WBRI", date(2003, 4, 4), "b) Former relevant child", date(2023, 5, 5), "a) Yes",
          date(2023, 9, 9), "D: Semi-independent, transitional accommodation", "a) Suitable",
          "F2: Full time in education other than higher"]],
    ),
    "List 10 - Adoption": (
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Date the Child Entered Care",
         "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
         "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption", "Date of Adoption Order",
         "Date of Decision that Child Should No Longer be Placed for Adoption",
         "Date the child was placed for fostering in FFA or concurrent planning placement"],
        [["A7", "Female", "WBRI", date(2021, 1, 1), date(2021, 2, 1), date(2021, 8, 1), date(2021, 10, 1),
          date(2022, 1, 5), date(2022, 2, 1), None, None, None]],
    ),
}


def write_annex_a(path: Path, sheets: dict[str, tuple[list, list[list]]] | None = None, title_rows: int = 1) -> Path:
    """An Annex A workbook: each sheet has `title_rows` title lines above its header, as Ofsted's does."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in (ANNEX_A if sheets is None else sheets).items():
        sheet = book.create_sheet(name)
        for n in range(title_rows):
            sheet.append([f"{name}: title line {n + 1}"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path

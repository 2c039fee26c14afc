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


# ---- SSDA903 ---------------------------------------------------------------------------------------

#: A small SSDA903 return for the year ending 31 March 2024: child 1 is in care all year (two
#: placements, a legal status change), child 2 is adopted, child 3 is a care leaver (OC3 only).
SSDA903 = {
    "header": ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
               "1,1,01/05/2012,WBRI,A123456789012,,",
               "2,2,01/02/2019,MWBA,A123456789013,,",
               "3,1,01/01/2004,WBRI,A123456789014,,"],
    "episodes": ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN",
                 "1,01/06/2022,S,C1,N1,U4,PR1,01/09/2022,X1,,PE1 1AA,PE2 2BB,",
                 "1,01/09/2022,L,C2,N1,U4,PR1,10/10/2023,X1,CARPL,PE1 1AA,PE2 2BB,",
                 "1,10/10/2023,P,C2,N1,K2,PR4,,,,PE1 1AA,PE3 3CC,SC123456",
                 "2,01/03/2020,S,V2,N1,U6,PR1,01/06/2020,X1,,PE1 1AA,PE4 4DD,",
                 "2,01/06/2020,L,E1,N1,U6,PR1,01/02/2021,X1,PLACE,PE1 1AA,PE4 4DD,",
                 "2,01/02/2021,P,E1,N1,A6,PR1,05/01/2024,E11,,PE1 1AA,PE5 5EE,"],
    "oc2": ["CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
            "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED",
            "1,01/05/2012,12,,0,1,1,0,1,0,,"],
    "oc3": ["CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", "3,01/01/2004,YES,F2,D1"],
    "missing": ["CHILD,DOB,MISSING,MIS_START,MIS_END", "1,01/05/2012,M,03/11/2023,04/11/2023",
                "1,01/05/2012,A,20/12/2023,"],
    "ad1": ["CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR",
            "2,01/02/2019,15/09/2020,20/12/2020,0,2,MF,L12"],
    "placed_for_adoption": ["CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED",
                            "2,01/02/2019,15/09/2020,,"],
    "reviews": ["CHILD,DOB,REVIEW,REVIEW_CODE", "1,01/05/2012,01/12/2023,PN1"],
    "uasc": ["CHILD,SEX,DOB,DUC", "1,1,01/05/2012,"],
}


def write_903_csv(folder: Path, tables: dict[str, list[str]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in (SSDA903 if tables is None else tables).items():
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_903_xml(path: Path, tables: dict[str, list[str]] | None = None, root: str = "EXPSSDA903") -> Path:
    """The same return in the XML form: CHILD with HEADER (child fields, OC2, OC3, AD1 and UASC fields and
    the AMISSING, AREVIEW and AD_PLACED elements) and EPISODE elements."""
    import csv
    import io

    tables = SSDA903 if tables is None else tables
    rows = {name: list(csv.DictReader(io.StringIO("\n".join(lines)))) for name, lines in tables.items()}

    def leaves(values: dict, skip=("CHILD", "DOB")) -> str:
        return "".join(f"<{'PL' if k == 'PLACE' else k}>{v}</{'PL' if k == 'PLACE' else k}>"
                       for k, v in values.items() if v and k not in skip)

    out = [f'<?xml version="1.0" encoding="utf-8"?>\n<{root}>']
    for head in rows["header"]:
        child = head["CHILD"]
        of = {name: [r for r in table if r["CHILD"] == child] for name, table in rows.items()}
        out.append(f"<CHILD>\n<HEADER><CHILDID>{child}</CHILDID>{leaves(head, skip=('CHILD',))}")
        for r in of.get("oc3", []):
            out.append(leaves(r))
        for r in of.get("ad1", []):
            out.append(leaves(r))
        for r in of.get("uasc", []):
            out.append("<UASC>1</UASC>" + leaves(r, skip=("CHILD", "DOB", "SEX")))
        for tag, name in (("OC2", "oc2"), ("AMISSING", "missing"), ("AREVIEW", "reviews"),
                          ("AD_PLACED", "placed_for_adoption")):
            for r in of.get(name, []):
                out.append(f"<{tag}>{leaves(r)}</{tag}>")
        out.append("</HEADER>")
        for r in of.get("episodes", []):
            out.append(f"<EPISODE>{leaves(r)}</EPISODE>")
        out.append("</CHILD>")
    out.append(f"</{root}>\n")
    path.write_text("\n".join(out), encoding="utf-8")
    return path


# ---- CIN census ----------------------------------------------------------------------------------


def cin_xml(children: list[str], *, lea: str = "874", year: str = "2024", root: str = "Message") -> str:
    """A CIN census file around the given <Child> blocks."""
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<{root}>\n<Header><CollectionDetails><Collection>CIN'
            f"</Collection><Year>{year}</Year><ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>"
            f"<Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA></Source></Header>\n<Children>\n"
            + "\n".join(children) + f"\n</Children>\n</{root}>\n")


#: One CIN episode with an assessment.
CIN_DETAILS = ("<CINdetails>\n<CINreferralDate>2023-06-02</CINreferralDate>\n<ReferralSource>6</ReferralSource>\n"
               "<PrimaryNeedCode>N1</PrimaryNeedCode>\n<Assessments>\n<AssessmentActualStartDate>2023-06-05"
               "</AssessmentActualStartDate>\n<AssessmentAuthorisationDate>2023-07-20</AssessmentAuthorisationDate>"
               "\n</Assessments>\n<ReferralNFA>false</ReferralNFA>\n</CINdetails>")


def cin_child(child_id: str = "1", *, dob: str = "2015-05-01", gender: str = "<GenderCurrent>1</GenderCurrent>",
              details: str | None = None) -> str:
    if details is None:
        details = CIN_DETAILS
    ident = f"<LAchildID>{child_id}</LAchildID>\n" if child_id else ""
    birth = f"<PersonBirthDate>{dob}</PersonBirthDate>\n" if dob else ""
    return (f"<Child>\n<ChildIdentifiers>\n{ident}<UPN>A123456789012</UPN>\n{birth}{gender}\n</ChildIdentifiers>\n"
            f"<ChildCharacteristics>\n<Ethnicity>WBRI</Ethnicity>\n</ChildCharacteristics>\n{details}\n</Child>")

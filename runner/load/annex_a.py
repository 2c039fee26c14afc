"""`runner load annex-a FILE.xlsx`: an Ofsted Annex A workbook (ILACS lists 1 to 10) into the SSD tables.

Each list is a sheet whose name holds "List N". Its header row is the first of its first ten rows
with a child id column; headers are matched after normalising (case, spaces, punctuation and any
bracketed hint such as "(Y/N)" or "(Years)" ignored) against the names used between years, so
"Date of Contact", "Contact Date" and "date of contact (dd/mm/yyyy)" are one column. Cells may be
Excel dates, dd/mm/yyyy or ISO text; coded answers may carry the template's "a) " prefixes and
descriptions ("b) Female", "a) 1A: Individual", "E1: Placement order"): the code is taken out.

Mapping (list -> tables; every row also gives the child's ssd_person row: Child Unique ID,
Date of Birth, Gender -> pers_gender (01/02/00/09) or Sex -> pers_sex (M/F/U), Ethnicity):

1 contacts -> ssd_contacts (Date of Contact, Contact Source: the code, or the text as its description)
2 early help -> ssd_early_help_episodes (assessment start and completion, organisation)
3 referrals -> ssd_cin_episodes (Date of referral, Referral Source, Referral NFA?, Allocated Team and
  Allocated Worker: cine_referral_team, cine_referral_worker_id)
4 assessments -> ssd_cin_assessments (start, Child Seen, authorisation; outcome NFA = not assessed
  as requiring support), linked to the child's latest referral in lists 3/6 on or before its start
5 section 47 -> ssd_s47_enquiry (start, linked like assessments) and, with a conference date,
  ssd_initial_cp_conference (date, resulted in a plan; linked to the list 7 plan starting that day)
6 children in need -> ssd_cin_episodes (CIN Start Date as the referral date, Primary Need Code,
  CIN Closure Date, Reason for Closure): the same child and date as a list 3 referral is one row
7 child protection -> ssd_cp_plans (start, end, categories) and ssd_cp_visits (Date of the Last
  Statutory Visit; seen alone Y also means seen)
8 looked after -> ssd_cla_episodes (one row per period of care: Date Started to be Looked After,
  category of need, Date Ceased and its reason), ssd_legal_status (current status from its start),
  ssd_cla_placement (the most recent placement: start, type, provider, postcode, URN),
  ssd_cla_visits (last social work visit), ssd_cla_health (last health assessment and dental
  check, Completed)
9 care leavers -> ssd_care_leavers (eligibility, in touch, latest contact, accommodation letter
  and suitability, activity, pathway plan review)
10 adoption -> ssd_permanence (decision, placement order, match, placement, adoption order,
  reversal, fostering-for-adoption placement)
3 to 8, Allocated Team and Allocated Worker -> ssd_involvements, allocated (blank role): one
  involvement per child and allocation seen. A child's rows, in date order (the referral date, the
  assessment or s47 start, the CIN start, the plan start, the date care started), are cut into runs
  of the same team and worker; each run is one involvement from its first row's date. It ends the
  day the child's next allocation is first seen, else on the date the lists say its records ended
  (a CIN closure, a plan's end, care ceasing: every list 6 to 8 row of it ended, none later), else
  it is open. Approximations: an allocation starts no earlier than the first row that shows it,
  and the lists show each case's allocation now (or when it closed), not its history. A worker
  given as "Unallocated" (or "none", "vacant") is no worker: the team alone holds the case. The
  worker's name or id is kept as given (invo_professional_id). List 9's team, worker and personal
  adviser carry no date the allocation started: counted as skipped.

Ids: AA-<child>-<kind><date>, e.g. AA-123-R20240105 (referral), -CT contact, -EH early help,
-A assessment, -S s47, -C conference, -CP plan, -CPV visit, -CLA/-E/-P/-L/-V/-HA/-DC looked
after, -CL care leaver, -PM permanence, -W allocation (its start); a repeat in the same list gets
-2, -3...
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from runner.contract import TABLES
from runner.errors import BadInput
from runner.load.common import (
    Ids,
    Load,
    LoadResult,
    Rejected,
    compact,
    iso_date,
    shown,
    text,
    unsafe_xml_errors,
)

KIND = "annex_a"

PERSON_FIELDS = {
    "child": ("childuniqueid", "uniquechildid", "childid", "childuniqueidentifier", "lachildid", "childreference"),
    "dob": ("dateofbirth", "dob", "birthdate"),
    "gender": ("gender",),
    "sex": ("sex",),
    "ethnicity": ("ethnicity", "ethnicorigin"),
}

#: The allocated team and worker, on lists 3 to 9 (normalised header names).
TEAM = ("allocatedteam", "team")
WORKER = ("allocatedworker", "allocatedsocialworker", "worker", "socialworker")

#: Per list: its name, {field: header names (normalised)}, and the fields a sheet must have.
LISTS: dict[int, tuple[str, dict[str, tuple[str, ...]], tuple[str, ...]]] = {
    1: ("contacts", {
        "date": ("dateofcontact", "contactdate"),
        "source": ("contactsource", "sourceofcontact"),
    }, ("date",)),
    2: ("early help", {
        "start": ("assessmentstartdate", "earlyhelpassessmentstartdate", "startdateofearlyhelpassessment",
                  "dateofearlyhelpassessment", "earlyhelpstartdate"),
        "end": ("assessmentcompletiondate", "earlyhelpassessmentcompletiondate", "dateassessmentcompleted",
                "earlyhelpenddate"),
        "organisation": ("organisationcompletingassessment", "organisation", "leadorganisation"),
    }, ("start",)),
    3: ("referrals", {
        "date": ("dateofreferral", "referraldate"),
        "source": ("referralsource", "sourceofreferral"),
        "nfa": ("referralnfa", "referralnfa?", "nfa", "referralresultedinnfa"),
        "team": TEAM,
        "worker": WORKER,
    }, ("date",)),
    4: ("assessments", {
        "start": ("continuousassessmentstartdate", "assessmentstartdate", "startdateofassessment",
                  "startdateofcontinuousassessment", "singleassessmentstartdate"),
        "seen": ("childseenduringcontinuousassessment", "childseenduringassessment", "childseen",
                 "wasthechildseenduringtheassessment"),
        "auth": ("continuousassessmentdateofauthorisation", "assessmentdateofauthorisation",
                 "assessmentauthorisationdate", "dateofauthorisation", "assessmentcompletiondate",
                 "dateassessmentauthorised"),
        "support": ("wasthechildassessedasrequiringlachildrenssocialcaresupport",
                    "wasthechildassessedasrequiringlachildrensocialcaresupport",
                    "assessedasrequiringsocialcaresupport"),
        "team": TEAM,
        "worker": WORKER,
    }, ("start",)),
    5: ("section 47 enquiries", {
        "start": ("strategydiscussioninitiatingsection47enquirystartdate", "section47enquirystartdate",
                  "s47enquirystartdate", "startdateofsection47enquiry", "dateofstrategydiscussion",
                  "strategydiscussioninitiatingsection47enquirydate"),
        "icpc": ("dateofinitialchildprotectionconference", "initialchildprotectionconferencedate", "icpcdate",
                 "dateoficpc"),
        "plan": ("didtheinitialchildprotectionconferenceresultinachildprotectionplan",
                 "didtheicpcresultinachildprotectionplan", "icpcresultedinachildprotectionplan"),
        "team": TEAM,
        "worker": WORKER,
    }, ("start",)),
    6: ("children in need", {
        "start": ("cinstartdate", "startdateofcin", "dateofreferral"),
        "need": ("primaryneedcode", "primaryneed", "categoryofneed"),
        "closed": ("cinclosuredate", "closuredate", "dateofclosure"),
        "reason": ("reasonforclosure", "closurereason"),
        "team": TEAM,
        "worker": WORKER,
    }, ()),
    7: ("child protection", {
        "start": ("childprotectionplanstartdate", "cpplanstartdate", "planstartdate", "startdateofcpplan"),
        "initial": ("initialcategoryofabuse",),
        "latest": ("latestcategoryofabuse",),
        "visit": ("dateofthelaststatutoryvisit", "dateoflaststatutoryvisit", "laststatutoryvisitdate",
                  "dateoflastvisit"),
        "alone": ("wasthechildseenalone", "childseenalone", "wasthechildseenaloneatthelastvisit"),
        "end": ("childprotectionplanenddate", "cpplanenddate", "planenddate"),
        "team": TEAM,
        "worker": WORKER,
    }, ("start",)),
    8: ("looked after", {
        "start": ("datestartedtobelookedafter", "datechildstartedtobelookedafter", "dateenteredcare",
                  "datethechildenteredcare", "lookedafterstartdate"),
        "need": ("childscategoryofneed", "categoryofneed", "childcategoryofneed"),
        "legal_start": ("startdateofcurrentlegalstatus", "currentlegalstatusstartdate", "legalstatusstartdate"),
        "legal": ("childslegalstatus", "legalstatus", "currentlegalstatus", "childlegalstatus"),
        "visit": ("dateoflastsocialworkvisit", "dateofthelastsocialworkvisit", "lastsocialworkvisitdate",
                  "dateoflaststatutoryvisit"),
        "health": ("dateoflasthealthassessment", "lasthealthassessmentdate", "dateoflatesthealthassessment"),
        "dental": ("dateoflastdentalcheck", "lastdentalcheckdate", "dateoflatestdentalcheck"),
        "ceased": ("dateceasedtobelookedafter", "datechildceasedtobelookedafter", "dateceasedcare"),
        "ceased_reason": ("reasonceasedtobelookedafter", "reasonforceasingtobelookedafter"),
        "placement_start": ("startdateofmostrecentplacement", "startdateofcurrentplacement",
                            "dateoflatestplacement", "mostrecentplacementstartdate", "placementstartdate"),
        "placement_type": ("placementtype", "typeofplacement"),
        "provider": ("placementprovider",),
        "postcode": ("placementpostcode",),
        "urn": ("urnofplacement", "placementurn", "urn"),
        "team": TEAM,
        "worker": WORKER,
    }, ("start",)),
    9: ("care leavers", {
        "eligibility": ("eligibilitycategory", "eligibility", "careleavereligibility"),
        "review": ("latestpathwayplanreviewdate", "pathwayplanreviewdate", "dateoflatestpathwayplanreview"),
        "in_touch": ("laintouch", "intouch", "isthelaintouch"),
        "contact": ("latestdateofcontact", "dateoflatestcontact", "dateoflastcontact"),
        "accommodation": ("typeofaccommodation", "accommodationtype", "accommodation"),
        "suitable": ("suitabilityofaccommodation", "accommodationsuitability", "isaccommodationsuitable"),
        "activity": ("activitystatus", "activity", "mainactivity"),
        "team": TEAM,
        "worker": WORKER,
        "adviser": ("allocatedpersonaladvisor", "allocatedpersonaladviser", "personaladvisor", "personaladviser"),
    }, ()),
    10: ("adoption", {
        "entered": ("datethechildenteredcare", "datechildenteredcare", "dateenteredcare"),
        "decision": ("dateofdecisionthatchildshouldbeplacedforadoption",
                     "dateofthedecisionthatthechildshouldbeplacedforadoption", "dateofadmdecision",
                     "dateofshouldbeplaceddecision"),
        "order": ("dateofplacementorder", "placementorderdate"),
        "matched": ("dateofmatchingchildandprospectiveadopters", "datematched", "dateofmatching"),
        "placed": ("dateplacedforadoption", "datechildplacedforadoption"),
        "adopted": ("dateofadoptionorder", "adoptionorderdate"),
        "reversed": ("dateofdecisionthatchildshouldnolongerbeplacedforadoption",
                     "dateofdecisionthatthechildshouldnolongerbeplacedforadoption"),
        "ffa": ("datethechildwasplacedforfosteringinffaorconcurrentplanningplacement",
                "datechildplacedinffaorconcurrentplanningplacement", "dateplacedinffaorconcurrentplanningplacement",
                "ffaplacementdate"),
    }, ("decision",)),
}

_ETHNICITY = ("WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
              "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")
_ETHNICITY_NAMES = {
    "whitebritish": "WBRI", "whiteirish": "WIRI", "travellerofirishheritage": "WIRT", "anyotherwhitebackground": "WOTH",
    "gypsyroma": "WROM", "whiteandblackcaribbean": "MWBC", "whiteandblackafrican": "MWBA", "whiteandasian": "MWAS",
    "anyothermixedbackground": "MOTH", "indian": "AIND", "pakistani": "APKN", "bangladeshi": "ABAN",
    "anyotherasianbackground": "AOTH", "caribbean": "BCRB", "african": "BAFR", "anyotherblackbackground": "BOTH",
    "chinese": "CHNE", "anyotherethnicgroup": "OOTH", "refused": "REFU", "informationnotyetobtained": "NOBT",
}
_ABUSE_WORDS = (("neglect", "NEG"), ("physical", "PHY"), ("sexual", "SAB"), ("emotional", "EMO"), ("multiple", "MUL"))
_IN_TOUCH = {"YES": "YES", "Y": "YES", "NO": "NO", "N": "NO", "DIED": "DIED", "REFU": "REFU", "REFUSED": "REFU",
             "NREQ": "NREQ", "RHOM": "RHOM"}
_PREFIX = re.compile(r"^\s*[a-z]{1,2}[).]\s+", re.IGNORECASE)


def normalise(header: object) -> str:
    """Header text to its matching key: lower case, bracketed hints and everything but a-z0-9 removed."""
    value = re.sub(r"\([^)]*\)", "", str(header or "").lower())
    return re.sub(r"[^a-z0-9]", "", value)


@dataclass
class Row:
    values: dict[str, object]
    where: str
    source: str


def load_annex_a(path: Path, out_dir: Path, la_code: str, *, strict: bool = False) -> LoadResult:
    """Load an Annex A workbook into ``<out_dir>/<la_code>/``; returns the summary."""
    path = Path(path)
    lists, warnings = read_workbook(path)
    load = Load(KIND, path, out_dir, la_code, strict=strict, reach_unit=lambda source: source.split(" (")[0])
    try:
        for message in warnings:
            load.warn(message)
        _map(load, lists)
        return load.finish()
    finally:
        load.cleanup()


# ---- reading -------------------------------------------------------------------------------------


def read_workbook(path: Path) -> tuple[dict[int, list[Row]], list[str]]:
    """The rows of each list sheet, keyed by list number, with fields named as in LISTS."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise BadInput(f"{path}: not found")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise BadInput(f"{path}: not an .xlsx workbook (an Annex A is the Ofsted .xlsx template; save a copy "
                       "as .xlsx)")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except unsafe_xml_errors() as exc:
        raise BadInput(f"{path}: the workbook's XML declares a DTD or entities, which an Excel file never has: "
                       "refused unread") from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, ET.ParseError) as exc:
        if _unsafe(exc):  # openpyxl wraps what defusedxml refused
            raise BadInput(f"{path}: the workbook's XML declares a DTD or entities, which an Excel file never "
                           "has: refused unread") from exc
        raise BadInput(f"{path}: not an .xlsx workbook ({_first_line(exc)})") from exc
    lists: dict[int, list[Row]] = {}
    warnings: list[str] = []
    titles: dict[int, str] = {}
    try:
        for sheet in book.worksheets:
            match = re.search(r"list\s*_?(\d{1,2})(?!\d)", sheet.title.lower())
            if not match or int(match.group(1)) not in LISTS:
                continue
            number = int(match.group(1))
            if number in titles:
                raise BadInput(f"{path}: sheets '{titles[number]}' and '{sheet.title}' are both list {number}")
            titles[number] = sheet.title
            lists[number] = _read_sheet(path, sheet, number, warnings)
    except unsafe_xml_errors() as exc:
        raise BadInput(f"{path}: a sheet's XML declares a DTD or entities, which an Excel file never has: "
                       "refused unread") from exc
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ET.ParseError) as exc:
        raise BadInput(f"{path}: a sheet cannot be read ({_first_line(exc)})") from exc
    finally:
        book.close()
    if not lists:
        raise BadInput(f"{path}: no sheet named 'List 1' to 'List 10': not an Ofsted Annex A workbook")
    for number, (name, _, _) in LISTS.items():
        if number not in lists:
            warnings.append(f"{path.name}: no sheet for List {number} ({name}): nothing loaded from it")
    return lists, warnings


def _unsafe(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, unsafe_xml_errors()):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _first_line(exc: BaseException) -> str:
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)


def _read_sheet(path: Path, sheet, number: int, warnings: list[str]) -> list[Row]:
    name, fields, required = LISTS[number]
    wanted = {**PERSON_FIELDS, **fields}
    rows = sheet.iter_rows(values_only=True)
    header_row = None
    for row_number, values in enumerate(rows, start=1):
        keys = [normalise(v) for v in values]
        if any(k in PERSON_FIELDS["child"] for k in keys):
            header_row = row_number
            break
        if row_number >= 10:
            break
    where = f"sheet '{sheet.title}'"
    if header_row is None:
        raise BadInput(f"{path}: {where}: no header row with a child id column ('Child Unique ID') in its first "
                       "10 rows")
    columns: dict[str, int] = {}
    for index, key in enumerate(keys):
        for field_, names in wanted.items():
            if key in names and field_ not in columns:
                columns[field_] = index
    for field_ in ("child", *required):
        if field_ not in columns:
            label = wanted[field_][0]
            raise BadInput(f"{path}: {where} row {header_row}: required column {label!r} is missing "
                           f"(list {number}, {name})")
    missing = [f for f in fields if f not in columns]
    if missing:
        warnings.append(f"{path.name}: {where}: no column for {', '.join(missing)}: left empty")
    out = []
    for row_number, values in enumerate(rows, start=header_row + 1):
        if not values or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {f: (values[i] if i < len(values) else None) for f, i in columns.items()}
        out.append(Row(record, f"{where} row {row_number}", f"List {number} ({name})"))
    return out


# ---- values --------------------------------------------------------------------------------------


def _date(value: object, what: str) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # an Excel serial day number
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date().isoformat()
        raise Rejected(f"{what} {shown(value, what)} is not a date")
    return iso_date(value, what)


def _answer(value: object) -> str | None:
    """A cell as text without the template's "a) " prefix."""
    value = text(value)
    return _PREFIX.sub("", value).strip() or None if value else None


def _code(value: object, pattern: str, what: str) -> str | None:
    """The code matching `pattern` in the answer; Rejected if there is text but no code."""
    answer = _answer(value)
    if answer is None:
        return None
    match = re.search(rf"(?<![A-Za-z0-9])({pattern})(?![A-Za-z0-9])", answer.upper())
    if not match:
        raise Rejected(f"{what} {answer!r} holds no code")
    return match.group(1)


def _yes_no(value: object, what: str) -> str | None:
    answer = _answer(value)
    if answer is None or answer.lower().startswith(("unknown", "not known", "n/a")):
        return None
    first = answer.lower()[0]
    if answer.lower() in ("true", "1") or first == "y":
        return "Y"
    if answer.lower() in ("false", "0") or first == "n":
        return "N"
    raise Rejected(f"{what} {answer!r} is not yes or no")


def _name(value: object) -> str | None:
    """A team's or worker's name as given, without a template prefix "a) " (but "St. Neots" stays whole)."""
    value = text(value)
    return re.sub(r"^[a-z]{1,2}\)\s+", "", value).strip() or None if value else None


#: What a list says in the worker column of a case that has no allocated worker.
UNALLOCATED = frozenset({"unallocated", "notallocated", "none", "na", "nil", "vacant", "awaitingallocation"})


def _worker(value: object) -> str | None:
    name = _name(value)
    return None if name is None or normalise(name) in UNALLOCATED else name


def _gender(value: object) -> str | None:
    answer = (_answer(value) or "").lower()
    if not answer:
        return None
    if answer.startswith(("f", "2", "02", "girl", "woman")):
        return "02"
    if answer.startswith(("m", "1", "01", "boy", "man")):
        return "01"
    if answer.startswith(("neither", "9", "09", "other")):
        return "09"
    return "00"


def _sex(value: object) -> str | None:
    answer = (_answer(value) or "").lower()
    if not answer:
        return None
    return "F" if answer.startswith(("f", "2")) else "M" if answer.startswith(("m", "1")) else "U"


def _ethnicity(value: object) -> str | None:
    answer = _answer(value)
    if answer is None:
        return None
    match = re.search(r"(?<![A-Z])(" + "|".join(_ETHNICITY) + r")(?![A-Z])", answer.upper())
    if match:
        return match.group(1)
    return _ETHNICITY_NAMES.get(normalise(answer), answer)


def _abuse(value: object, what: str) -> str | None:
    answer = _answer(value)
    if answer is None:
        return None
    match = re.search(r"(?<![A-Z])(NEG|PHY|SAB|EMO|MUL)(?![A-Z])", answer.upper())
    if match:
        return match.group(1)
    word = next((code for w, code in _ABUSE_WORDS if w in answer.lower()), None)
    if word is None:
        raise Rejected(f"{what} {answer!r} is not a category of abuse")
    return word


SOURCE = r"1[A-D]|2[AB]|3[A-F]|4|5[A-D]|6|7|8|9|10"
CEASED = r"E1[1-7]|E4[15678AB]|E[2356789]|X1"


# ---- mapping -------------------------------------------------------------------------------------


def _map(load: Load, lists: dict[int, list[Row]]) -> None:
    referrals: dict[str, list[tuple[str, str]]] = defaultdict(list)  # child -> (date, referral id)
    # plans (list 7) and conferences (list 5) name each other: their ids follow from child and date
    plans = _dated(lists.get(7, []), "start")
    conferences = _dated(lists.get(5, []), "icpc")
    allocations: dict[str, list[Allocation]] = defaultdict(list)
    for rows in lists.values():
        for row in rows:
            load.seen(row.source, row.where)
    # referrals and plans first, so assessments, enquiries and conferences can be linked to them
    for number in (3, 6, 7, 5, 4, 1, 2, 8, 9, 10):
        ids = Ids()
        for order, row in enumerate(lists.get(number, [])):
            child = text(row.values.get("child"))
            if child is None:
                load.reject("ssd_person", row.source, row.where, "Child Unique ID is empty")
                if _allocation_key(row.values):
                    load.reject("ssd_involvements", row.source, row.where, "Child Unique ID is empty")
                continue
            _person(load, row, child)
            MAPPERS[number](load, row, child, ids, referrals=referrals, plans=plans, conferences=conferences)
            _allocation(load, row, child, number, order, allocations)
        for dated in referrals.values():
            dated.sort()
    _involvements(load, allocations, referrals)


def _dated(rows: list[Row], field_: str) -> set[tuple[str, str]]:
    """(child, date) of every row with a readable date in `field_` (a first pass, for cross-links)."""
    found = set()
    for row in rows:
        try:
            day = _date(row.values.get(field_), "")
        except Rejected:
            continue
        child = text(row.values.get("child"))
        if day and child:
            found.add((child, day))
    return found


def _person(load: Load, row: Row, child: str) -> None:
    v = row.values
    try:
        record = {
            "pers_person_id": child,
            "pers_dob": _date(v.get("dob"), "Date of Birth"),
            "pers_gender": _gender(v.get("gender")),
            "pers_sex": _sex(v.get("sex")),
            "pers_ethnicity": _ethnicity(v.get("ethnicity")),
        }
    except Rejected as exc:
        load.reject("ssd_person", row.source, row.where, f"child {child}: {exc}", child, child)
        return
    if record["pers_dob"] is None:
        load.skip("ssd_person", row.source, "no date of birth: the person comes from another row or return")
        return
    load.add("ssd_person", record, row.source, row.where)


def _one(load: Load, table: str, row: Row, child: str, build) -> str | None:
    """Build one record with `build()`; a Rejected becomes a reject of `table`. Returns its id."""
    try:
        record = build()
    except Rejected as exc:
        load.reject(table, row.source, row.where, f"child {child}: {exc}", None, child)
        return None
    return record[TABLES[table].id_column] if load.add(table, record, row.source, row.where) else None


def _required(value: object, what: str) -> str:
    day = _date(value, what)
    if day is None:
        raise Rejected(f"{what} is empty")
    return day


def _latest_referral(referrals: dict[str, list[tuple[str, str]]], child: str, day: str | None) -> str | None:
    if day is None:
        return None
    before = [rid for d, rid in referrals.get(child, []) if d <= day]
    return before[-1] if before else None


def _contacts(load, row, child, ids, **_):
    v = row.values

    def build():
        day = _required(v.get("date"), "Date of Contact")
        answer = _answer(v.get("source"))
        match = re.search(rf"(?<![A-Za-z0-9])({SOURCE})(?![A-Za-z0-9])", answer.upper()) if answer else None
        return {
            "cont_contact_id": ids(f"AA-{child}-CT{compact(day)}"),
            "cont_person_id": child,
            "cont_contact_date": day,
            "cont_contact_source_code": match.group(1) if match else None,
            "cont_contact_source_desc": None if match else answer,
        }
    _one(load, "ssd_contacts", row, child, build)


def _early_help(load, row, child, ids, **_):
    v = row.values

    def build():
        start = _required(v.get("start"), "Assessment start date")
        return {
            "earl_episode_id": ids(f"AA-{child}-EH{compact(start)}"),
            "earl_person_id": child,
            "earl_episode_start_date": start,
            "earl_episode_end_date": _date(v.get("end"), "Assessment completion date"),
            "earl_episode_organisation": _answer(v.get("organisation")),
        }
    _one(load, "ssd_early_help_episodes", row, child, build)


def _referrals(load, row, child, ids, referrals, **_):
    v = row.values

    def build():
        day = _required(v.get("date"), "Date of referral")
        return {
            "cine_referral_id": ids(f"AA-{child}-R{compact(day)}"),
            "cine_person_id": child,
            "cine_referral_date": day,
            "cine_referral_source_code": _code(v.get("source"), SOURCE, "Referral Source"),
            "cine_referral_nfa": _yes_no(v.get("nfa"), "Referral NFA"),
            "cine_referral_team": _name(v.get("team")),
            "cine_referral_worker_id": _worker(v.get("worker")),
        }
    referral_id = _one(load, "ssd_cin_episodes", row, child, build)
    if referral_id:
        referrals[child].append((_date(v.get("date"), ""), referral_id))


def _children_in_need(load, row, child, ids, referrals, **_):
    v = row.values
    if text(v.get("start")) is None:
        load.skip("ssd_cin_episodes", row.source, "no CIN Start Date: the child's person row only")
        return

    def build():
        day = _required(v.get("start"), "CIN Start Date")
        return {
            "cine_referral_id": ids(f"AA-{child}-R{compact(day)}"),
            "cine_person_id": child,
            "cine_referral_date": day,
            "cine_cin_primary_need_code": _code(v.get("need"), r"N[0-9]", "Primary Need Code"),
            "cine_close_date": _date(v.get("closed"), "CIN Closure Date"),
            "cine_close_reason": _code(v.get("reason"), r"RC[1-9]", "Reason for Closure"),
        }
    referral_id = _one(load, "ssd_cin_episodes", row, child, build)
    if referral_id and all(rid != referral_id for _, rid in referrals[child]):
        referrals[child].append((_date(v.get("start"), ""), referral_id))


def _assessments(load, row, child, ids, referrals, **_):
    v = row.values

    def build():
        start = _required(v.get("start"), "Continuous Assessment Start Date")
        support = _yes_no(v.get("support"), "Assessed as requiring social care support")
        return {
            "cina_assessment_id": ids(f"AA-{child}-A{compact(start)}"),
            "cina_person_id": child,
            "cina_referral_id": _latest_referral(referrals, child, start),
            "cina_assessment_start_date": start,
            "cina_assessment_child_seen": _yes_no(v.get("seen"), "Child Seen During Continuous Assessment"),
            "cina_assessment_auth_date": _date(v.get("auth"), "Continuous Assessment Date of Authorisation"),
            "cina_assessment_outcome_nfa": {"Y": "N", "N": "Y"}.get(support or ""),
            "cina_assessment_team": _name(v.get("team")),
        }
    _one(load, "ssd_cin_assessments", row, child, build)


def _section47(load, row, child, ids, referrals, plans, conferences, **_):
    v = row.values

    def build():
        start = _required(v.get("start"), "Section 47 Enquiry Start Date")
        return {
            "s47e_s47_enquiry_id": ids(f"AA-{child}-S{compact(start)}"),
            "s47e_person_id": child,
            "s47e_referral_id": _latest_referral(referrals, child, start),
            "s47e_s47_start_date": start,
        }
    s47_id = _one(load, "ssd_s47_enquiry", row, child, build)
    if text(v.get("icpc")) is None:
        return

    def conference():
        day = _required(v.get("icpc"), "Date of Initial Child Protection Conference")
        return {
            "icpc_icpc_id": ids(f"AA-{child}-C{compact(day)}"),
            "icpc_person_id": child,
            "icpc_s47_enquiry_id": s47_id,
            "icpc_referral_id": _latest_referral(referrals, child, day),
            "icpc_cp_plan_id": f"AA-{child}-CP{compact(day)}" if (child, day) in plans else None,
            "icpc_icpc_date": day,
            "icpc_icpc_outcome_cp_flag": _yes_no(v.get("plan"), "ICPC resulted in a plan"),
        }
    _one(load, "ssd_initial_cp_conference", row, child, conference)


def _protection(load, row, child, ids, referrals, conferences, **_):
    v = row.values
    made: dict[str, str] = {}

    def build():
        start = _required(v.get("start"), "Child Protection Plan Start Date")
        made["plan"] = ids(f"AA-{child}-CP{compact(start)}")
        return {
            "cppl_cp_plan_id": made["plan"],
            "cppl_person_id": child,
            "cppl_referral_id": _latest_referral(referrals, child, start),
            "cppl_icpc_id": f"AA-{child}-C{compact(start)}" if (child, start) in conferences else None,
            "cppl_cp_plan_start_date": start,
            "cppl_cp_plan_end_date": _date(v.get("end"), "Child Protection Plan End Date"),
            "cppl_cp_plan_initial_category": _abuse(v.get("initial"), "Initial Category of Abuse"),
            "cppl_cp_plan_latest_category": _abuse(v.get("latest"), "Latest Category of Abuse"),
        }
    _one(load, "ssd_cp_plans", row, child, build)
    if text(v.get("visit")) is None:
        return

    def visit():
        day = _required(v.get("visit"), "Date of the Last Statutory Visit")
        alone = _yes_no(v.get("alone"), "Was the Child Seen Alone?")
        return {
            "cppv_cp_visit_id": ids(f"AA-{child}-CPV{compact(day)}"),
            "cppv_person_id": child,
            "cppv_cp_plan_id": made.get("plan"),
            "cppv_cp_visit_date": day,
            "cppv_cp_visit_seen": "Y" if alone == "Y" else None,
            "cppv_cp_visit_seen_alone": alone,
        }
    _one(load, "ssd_cp_visits", row, child, visit)


def _looked_after(load, row, child, ids, **_):
    v = row.values
    try:
        start = _required(v.get("start"), "Date Started to be Looked After")
        ceased = _date(v.get("ceased"), "Date Ceased to be Looked After")
    except Rejected as exc:
        load.reject("ssd_cla_episodes", row.source, row.where, f"child {child}: {exc}", None, child)
        held = (("ssd_cla_placement", "placement_start"), ("ssd_legal_status", "legal_start"),
                ("ssd_cla_visits", "visit"), ("ssd_cla_health", "health"), ("ssd_cla_health", "dental"))
        for table, field_ in held:  # what the row would have given, rejected with it (counted, not lost)
            if text(v.get(field_)):
                load.reject(table, row.source, row.where, f"child {child}: its period of care was rejected: {exc}",
                            None, child)
        return
    cla_id = f"AA-{child}-CLA{compact(start)}"

    def placement():
        first = _required(v.get("placement_start"), "Start Date of Most Recent Placement")
        return {
            "clap_cla_placement_id": ids(f"AA-{child}-P{compact(first)}"),
            "clap_person_id": child,
            "clap_cla_id": cla_id,
            "clap_cla_placement_start_date": first,
            "clap_cla_placement_end_date": ceased,
            "clap_cla_placement_type": _code(v.get("placement_type"), r"[AHKPRSTUZ][0-9]", "Placement Type"),
            "clap_cla_placement_provider": _code(v.get("provider"), r"PR[0-5]", "Placement Provider"),
            "clap_cla_placement_postcode": _answer(v.get("postcode")),
            "clap_cla_placement_urn": _answer(v.get("urn")),
        }
    placement_id = _one(load, "ssd_cla_placement", row, child, placement) if text(v.get("placement_start")) else None

    def episode():
        return {
            "clae_cla_episode_id": ids(f"AA-{child}-E{compact(start)}"),
            "clae_person_id": child,
            "clae_cla_episode_start_date": start,
            "clae_cla_episode_start_reason": "S",
            "clae_cla_primary_need_code": _code(v.get("need"), r"N[0-9]", "Child's Category of Need"),
            "clae_cla_episode_ceased_date": ceased,
            "clae_cla_episode_ceased_reason": _code(v.get("ceased_reason"), CEASED, "Reason Ceased to be Looked After"),
            "clae_cla_id": cla_id,
            "clae_cla_placement_id": placement_id,
            "clae_entered_care_date": start,
        }
    _one(load, "ssd_cla_episodes", row, child, episode)

    def legal_status():
        since = _required(v.get("legal_start"), "Start date of current legal status")
        return {
            "lega_legal_status_id": ids(f"AA-{child}-L{compact(since)}"),
            "lega_person_id": child,
            "lega_legal_status": _code(v.get("legal"), r"[CDEJLV][1-4]", "Child's Legal Status"),
            "lega_legal_status_start_date": since,
            "lega_legal_status_end_date": ceased,
        }
    if text(v.get("legal")) or text(v.get("legal_start")):
        _one(load, "ssd_legal_status", row, child, legal_status)

    def visit():
        day = _required(v.get("visit"), "Date of Last Social Work Visit")
        return {"clav_cla_visit_id": ids(f"AA-{child}-V{compact(day)}"), "clav_person_id": child,
                "clav_cla_id": cla_id, "clav_cla_visit_date": day}
    if text(v.get("visit")):
        _one(load, "ssd_cla_visits", row, child, visit)

    def check(field_: str, kind: str, code: str, label: str):
        day = _required(v.get(field_), label)
        return {"clah_health_check_id": ids(f"AA-{child}-{code}{compact(day)}"), "clah_person_id": child,
                "clah_health_check_type": kind, "clah_health_check_date": day, "clah_health_check_status": "Completed"}
    for args in (("health", "Health Assessment", "HA", "Date of Last Health Assessment"),
                 ("dental", "Dental Check", "DC", "Date of Last Dental Check")):
        if text(v.get(args[0])):
            _one(load, "ssd_cla_health", row, child, lambda args=args: check(*args))


def _care_leavers(load, row, child, ids, **_):
    v = row.values

    def build():
        eligibility = _answer(v.get("eligibility"))
        if eligibility:
            low = eligibility.lower()
            eligibility = next((name for word, name in (("former", "Former Relevant"), ("relevant", "Relevant"),
                                                        ("qualifying", "Qualifying"), ("eligible", "Eligible"))
                                if word in low), eligibility)
        in_touch = _answer(v.get("in_touch"))
        if in_touch:
            if in_touch.upper() not in _IN_TOUCH:
                raise Rejected(f"LA in Touch {in_touch!r} is not Yes, No, Died, Refu, NREQ or RHOM")
            in_touch = _IN_TOUCH[in_touch.upper()]
        accommodation = _answer(v.get("accommodation"))
        if accommodation:
            match = re.match(r"^([B-Z])(?:\s*[:\-)]|$)", accommodation.upper())
            if not match:
                raise Rejected(f"Type of Accommodation {accommodation!r} holds no accommodation code (B to Z)")
            accommodation = match.group(1)
        suitable = _answer(v.get("suitable"))
        if suitable:
            low = suitable.lower()
            suitable = "2" if low.startswith(("un", "not", "2")) else "1" if low.startswith(("suit", "1")) else None
            if suitable is None:
                raise Rejected(f"Suitability of Accommodation {_answer(v.get('suitable'))!r} is not suitable "
                               "or unsuitable")
        return {"clea_table_id": ids(f"AA-{child}-CL"), "clea_person_id": child,
                "clea_care_leaver_eligibility": eligibility, "clea_care_leaver_in_touch": in_touch,
                "clea_care_leaver_latest_contact": _date(v.get("contact"), "Latest Date of Contact"),
                "clea_care_leaver_accommodation": accommodation, "clea_care_leaver_accom_suitable": suitable,
                "clea_care_leaver_activity": _code(v.get("activity"), r"[FPG][1-6]", "Activity Status"),
                "clea_pathway_plan_review_date": _date(v.get("review"), "Latest Pathway Plan Review Date")}
    _one(load, "ssd_care_leavers", row, child, build)


def _adoption(load, row, child, ids, **_):
    v = row.values

    def build():
        decided = _required(v.get("decision"), "Date of Decision that Child Should be Placed for Adoption")
        entered = _date(v.get("entered"), "Date the Child Entered Care")
        adopted = _date(v.get("adopted"), "Date of Adoption Order")
        return {"perm_table_id": ids(f"AA-{child}-PM{compact(decided)}"), "perm_person_id": child,
                "perm_cla_id": f"AA-{child}-CLA{compact(entered)}" if entered else None,
                "perm_adm_decision_date": decided,
                "perm_placement_order_date": _date(v.get("order"), "Date of Placement Order"),
                "perm_matched_date": _date(v.get("matched"), "Date of Matching"),
                "perm_placed_for_adoption_date": _date(v.get("placed"), "Date Placed for Adoption"),
                "perm_placed_ffa_cp_date": _date(v.get("ffa"), "Date placed in FFA or concurrent planning placement"),
                "perm_permanence_order_date": adopted,
                "perm_permanence_order_type": "Adoption Order" if adopted else None,
                "perm_decision_reversed_date": _date(v.get("reversed"), "Date of decision that the child should no "
                                                     "longer be placed for adoption")}
    _one(load, "ssd_permanence", row, child, build)


# ---- allocated team and worker -> ssd_involvements -------------------------------------------------

#: The lists that name an allocated team and worker: the row's date the allocation is seen from, and
#: the date its record ended (lists 6 to 8 say whether a case is still open; 3 to 5 record one event).
ALLOCATION_DATES: dict[int, tuple[str, str, str | None, str | None]] = {
    3: ("date", "Date of referral", None, None),
    4: ("start", "Continuous Assessment Start Date", None, None),
    5: ("start", "Section 47 Enquiry Start Date", None, None),
    6: ("start", "CIN Start Date", "closed", "CIN Closure Date"),
    7: ("start", "Child Protection Plan Start Date", "end", "Child Protection Plan End Date"),
    8: ("start", "Date Started to be Looked After", "ceased", "Date Ceased to be Looked After"),
}


@dataclass
class Allocation:
    """One list row's allocated team and worker for a child, and the dates the row gives."""

    key: tuple[str, str]  # (team, worker), case-folded, for comparing
    team: str | None
    worker: str | None
    start: str
    end: str | None
    says_if_open: bool  # lists 6 to 8: end None means still open
    number: int
    order: int
    row: Row


def _allocation_key(values: dict[str, object]) -> tuple[str, str] | None:
    team, worker = _name(values.get("team")), _worker(values.get("worker"))
    if team is None and worker is None:
        return None
    return (" ".join((team or "").casefold().split()), " ".join((worker or "").casefold().split()))


def _allocation(load: Load, row: Row, child: str, number: int, order: int,
                allocations: dict[str, list[Allocation]]) -> None:
    """Note the row's allocated team and worker, with the dates the list gives (or reject or skip it)."""
    v = row.values
    key = _allocation_key(v)
    if number not in ALLOCATION_DATES:  # list 9 (lists 1, 2 and 10 name no worker)
        if key or text(v.get("adviser")):
            load.skip("ssd_involvements", row.source, "list 9 gives no date a worker or personal adviser was "
                                                      "allocated from")
        return
    if key is None:
        return
    start_field, start_label, end_field, end_label = ALLOCATION_DATES[number]
    try:
        start = _date(v.get(start_field), start_label)
        end = _date(v.get(end_field), end_label) if end_field else None
        if start and end and end < start:
            raise Rejected(f"{end_label} {end} is before {start_label} {start}")
    except Rejected as exc:
        load.reject("ssd_involvements", row.source, row.where, f"child {child}: {exc}", None, child)
        return
    if start is None:
        if number == 6:
            load.skip("ssd_involvements", row.source, "no CIN Start Date to date the allocation from")
        else:
            load.reject("ssd_involvements", row.source, row.where, f"child {child}: {start_label} is empty", None,
                        child)
        return
    allocations[child].append(Allocation(key, _name(v.get("team")), _worker(v.get("worker")), start, end,
                                         end_field is not None, number, order, row))


def _involvements(load: Load, allocations: dict[str, list[Allocation]],
                  referrals: dict[str, list[tuple[str, str]]]) -> None:
    """One involvement per child and allocation seen: the child's rows in date order, a run of rows with the
    same team and worker being one involvement, from its first row's date. It ends the day the next
    allocation of the child is seen (the worker changed), else on the date its records ended when the
    lists say they all have (a plan ended, a CIN case closed, care ceased), else it is open."""
    ids = Ids()
    for child, seen in allocations.items():
        seen.sort(key=lambda a: (a.start, a.number, a.order))
        runs: list[list[Allocation]] = []
        for allocation in seen:
            if runs and runs[-1][-1].key == allocation.key:
                runs[-1].append(allocation)
            else:
                runs.append([allocation])
        for n, run in enumerate(runs):
            first = run[0]
            end = _run_end(run)
            if n + 1 < len(runs):
                following = runs[n + 1][0].start
                end = min(end, following) if end else following
            load.add("ssd_involvements", {
                "invo_involvements_id": ids(f"AA-{child}-W{compact(first.start)}"),
                "invo_person_id": child,
                "invo_professional_id": first.worker,
                "invo_professional_team": first.team,
                "invo_involvement_start_date": first.start,
                "invo_involvement_end_date": end,
                "invo_referral_id": _latest_referral(referrals, child, first.start),
            }, first.row.source, first.row.where)
            for later in run[1:]:
                load.skip("ssd_involvements", later.row.source, "the same team and worker as the child's row "
                                                                "before it: one involvement")


def _run_end(run: list[Allocation]) -> str | None:
    """When the lists say every record of the run has ended (and nothing of it is dated later): the last end."""
    telling = [a for a in run if a.says_if_open]
    if not telling or any(a.end is None for a in telling):
        return None
    last = max(a.end for a in telling)
    return last if last >= max(a.start for a in run) else None


MAPPERS = {1: _contacts, 2: _early_help, 3: _referrals, 4: _assessments, 5: _section47, 6: _children_in_need,
           7: _protection, 8: _looked_after, 9: _care_leavers, 10: _adoption}

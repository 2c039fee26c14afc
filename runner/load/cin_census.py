"""`runner load cin-census FILE.xml`: the DfE children in need census into the SSD tables.

The census file is Message/Header/Children/Child. Each Child has ChildIdentifiers,
ChildCharacteristics and one CINdetails per CIN episode (referral), which holds its Assessments,
CINPlanDates, Section47 enquiries and ChildProtectionPlans. Schema years 2017 to 2026 share that
layout; 2025 replaced GenderCurrent (1/2/0/9, a gender) with Sex (M/F/U). Element names are matched
without namespace and case, so the small differences between years and suppliers do not matter.

The file is streamed (an incremental parser fed line by line, each Child dropped once mapped), so
memory stays flat however many children it holds; feeding by line also gives every record its
line number for messages and the rejects file.

Mapping (element -> column); derived ids are readable and deterministic (see `_map_child`):

- Child -> ssd_person: LAchildID pers_person_id; PersonBirthDate pers_dob (an unborn child's
  ExpectedPersonBirthDate when it has none); ExpectedPersonBirthDate pers_expected_dob;
  PersonDeathDate pers_death_date; Sex pers_sex (M/F/U; 1/2 read as M/F); GenderCurrent
  pers_gender (1 -> 01, 2 -> 02, 0 -> 00, 9 -> 09); Ethnicity pers_ethnicity; UPNunknown
  pers_upn_unknown. UPN and FormerUPN go nowhere.
- ChildCharacteristics/Disabilities -> ssd_disability: one row per child and Disability code, NONE
  too (a child with no <Disabilities> gets no row: nothing recorded is not "not disabled"); codes
  as given, upper case (dq_findings reports one outside the census list).
- CINdetails -> ssd_cin_episodes: CINreferralDate, ReferralSource, PrimaryNeedCode, CINclosureDate,
  ReasonForClosure, ReferralNFA (Y/N).
- Assessments -> ssd_cin_assessments: AssessmentActualStartDate, AssessmentAuthorisationDate
  (AssessmentInternalReviewDate and the factors have no contract column).
- CINPlanDates -> ssd_cin_plans; Section47 -> ssd_s47_enquiry (S47ActualStartDate; the census has
  no end date or outcome).
- Section47/DateOfInitialCPC (with InitialCPCtarget) and CINdetails/DateOfInitialCPC ->
  ssd_initial_cp_conference, one conference per date in the episode, linked to its s47 enquiry;
  its outcome is Y when a plan of the same episode starts on that date, else N.
- ChildProtectionPlans -> ssd_cp_plans: CPPstartDate, CPPendDate, InitialCategoryOfAbuse,
  LatestCategoryOfAbuse, linked to the conference on its start date (NumberOfPreviousCPP has no
  contract column).
- ChildProtectionPlans/Reviews/CPPreviewDate -> ssd_cp_reviews, one row per review date (one
  <Reviews> holding several dates, or one <Reviews> per date), linked to its plan
  (cppr_cp_plan_id). A plan that cannot be loaded takes its reviews with it (rejected, counted).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from runner.errors import BadInput
from runner.load.common import (
    Ids,
    Load,
    LoadResult,
    Rejected,
    compact,
    flag,
    iso_date,
    text,
    unsafe_xml,
    unsafe_xml_errors,
    xml_pull_parser,
)

KIND = "cin_census"
FIRST_YEAR, LAST_YEAR = 2017, 2026
_GENDER = {"1": "01", "2": "02", "0": "00", "9": "09", "01": "01", "02": "02", "00": "00", "09": "09"}
_SEX = {"m": "M", "f": "F", "u": "U", "1": "M", "2": "F", "0": "U", "9": "U"}


def load_cin_census(path: Path, out_dir: Path, la_code: str, *, strict: bool = False) -> LoadResult:
    """Load one CIN census XML file into ``<out_dir>/<la_code>/``; returns the summary."""
    path = Path(path)
    load = Load(KIND, path, out_dir, la_code, strict=strict)
    try:
        children = 0
        for child, lines in _children(path, load):
            children += 1
            _map_child(load, child, lines)
        load.facts["children"] = f"{children:,}"
        return load.finish()
    finally:
        load.cleanup()


# ---- streaming ---------------------------------------------------------------------------------


_LOCAL: dict[str, str] = {}


def _local(tag: str) -> str:
    """An element's name without namespace, lower case (memoised: a file has few distinct tags)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag.rsplit("}", 1)[-1].lower()
    return name


def _children(path: Path, load: Load) -> Iterator[tuple[ET.Element, dict[ET.Element, int]]]:
    """Yield each Child element with the line where each of its elements starts; check the header.

    Each Child is cleared, and dropped from <Children>, once the caller has mapped it.
    """
    parser = xml_pull_parser()
    lines: dict[ET.Element, int] = {}
    depth = 0
    children_el: ET.Element | None = None
    seen_header = False
    lineno = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    with handle:
        try:
            for lineno, line in enumerate(handle, start=1):  # noqa: B007 - lineno is reported on error
                parser.feed(line)
                for event, el in parser.read_events():
                    name = _local(el.tag)
                    if event == "start":
                        depth += 1
                        lines[el] = lineno
                        if depth == 1 and name != "message":
                            raise BadInput(f"{path}: line {lineno}: the root element is <{el.tag}>, not <Message>: "
                                           "not a CIN census file")
                        if depth == 2 and name == "children":
                            children_el = el
                        continue
                    depth -= 1
                    if depth == 1 and name == "header":
                        seen_header = True
                        _check_header(path, el, lines, load)
                    elif name == "child":
                        yield el, lines
                        lines = {}
                        el.clear()
                        if children_el is not None:
                            children_el.clear()  # drops the mapped children (a started next one lives on)
            parser.close()
        except unsafe_xml_errors() as exc:
            raise unsafe_xml(path, lineno, exc) from exc
        except ET.ParseError as exc:
            line, column = exc.position
            raise BadInput(f"{path}: line {line}: not well-formed XML ({str(exc).split(':')[0]}, column {column})") \
                from exc
        except UnicodeDecodeError as exc:
            raise BadInput(f"{path}: near line {lineno}: text is not in the declared encoding") from exc
    if lineno == 0:
        raise BadInput(f"{path}: the file is empty")
    if children_el is None:
        raise BadInput(f"{path}: required element <Children> is missing (expected Message/Children/Child)")
    if not seen_header:
        load.warn(f"{path.name}: no <Header>: the collection and LEA were not checked")


def _check_header(path: Path, header: ET.Element, lines: dict[ET.Element, int], load: Load) -> None:
    """Collection must be CIN; the LEA, if given, must be --la; an unsupported year is a warning."""
    values = {_local(el.tag): text(el.text) for el in header.iter() if len(el) == 0}
    where = f"line {lines.get(header, '?')}"
    collection = values.get("collection")
    if collection and collection.upper() != "CIN":
        raise BadInput(f"{path}: {where}: the header's Collection is {collection!r}, not CIN")
    lea = values.get("lea")
    if lea and lea.zfill(3) != load.la_code:
        raise BadInput(f"{path}: {where}: the header's LEA is {lea}, but --la is {load.la_code}")
    year = values.get("year")
    if year:
        load.facts["collection year"] = year
        if not (year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
            load.warn(f"{path.name}: {where}: collection year {year} is outside the schema years "
                      f"{FIRST_YEAR} to {LAST_YEAR}; read with the same layout")
    if values.get("referencedate"):
        load.facts["reference date"] = values["referencedate"]


# ---- mapping -----------------------------------------------------------------------------------


class _Node:
    """Convenient access to one element's children by local name, and the line each starts on."""

    __slots__ = ("el", "lines", "kids")

    def __init__(self, el: ET.Element, lines: dict[ET.Element, int]) -> None:
        self.el = el
        self.lines = lines
        kids: dict[str, list[ET.Element]] = {}
        for kid in el:
            kids.setdefault(_local(kid.tag), []).append(kid)
        self.kids = kids

    def where(self, el: ET.Element | None = None) -> str:
        return f"line {self.lines.get(self.el if el is None else el, '?')}"

    def value(self, name: str) -> str | None:
        found = self.kids.get(name)
        return text(found[0].text) if found else None

    def date(self, name: str, label: str) -> str | None:
        found = self.kids.get(name)
        if not found:
            return None
        try:
            return iso_date(found[0].text, label)
        except Rejected as exc:
            raise Rejected(f"line {self.lines.get(found[0], '?')}: {exc}") from None

    def all(self, name: str) -> list[_Node]:
        return [_Node(el, self.lines) for el in self.kids.get(name, [])]

    def first(self, name: str) -> _Node | None:
        found = self.kids.get(name)
        return _Node(found[0], self.lines) if found else None


#: (table, source label) of every record a CINdetails can hold, in the order they are mapped.
_NESTED = (
    ("ssd_cin_assessments", "Assessments", "assessments"),
    ("ssd_cin_plans", "CINPlanDates", "cinplandates"),
    ("ssd_s47_enquiry", "Section47", "section47"),
    ("ssd_cp_plans", "ChildProtectionPlans", "childprotectionplans"),
)


def _map_child(load: Load, el: ET.Element, lines: dict[ET.Element, int]) -> None:
    """One Child: its person row and every record of its CIN episodes.

    Ids are `CIN-<LAchildID>-R<referral date>` for a CIN episode, and the episode's id followed by
    -A<start> (assessment), -P<start> (CIN plan), -S<start> (s47), -C<date> (conference) or
    -CP<start> (CP plan) for what it holds, the plan's id and -R<date> for a plan's review, and
    CIN-<LAchildID>-D<code> for a disability; a second record with the same date gets -2, -3...
    """
    child = _Node(el, lines)
    ids = child.first("childidentifiers")
    child_id = ids.value("lachildid") if ids else None
    details = child.all("cindetails")
    characteristics = child.first("childcharacteristics")
    disabilities = [node for group in (characteristics.all("disabilities") if characteristics else [])
                    for node in group.all("disability")]
    if not child_id:
        reason = "the Child has no ChildIdentifiers/LAchildID"
        load.reject("ssd_person", "Child", child.where(), reason)
        for node in disabilities:
            load.reject("ssd_disability", "Disability", node.where(), reason)
        for detail in details:
            _reject_episode(load, detail, detail.where(), reason, None)
        return
    _map_person(load, child, ids, child_id)
    for node in disabilities:
        code = (text(node.el.text) or "").upper()
        if not code:
            load.reject("ssd_disability", "Disability", node.where(), f"child {child_id}: the Disability is empty",
                        None, child_id)
            continue
        load.add("ssd_disability", {"disa_table_id": f"CIN-{child_id}-D{code}", "disa_person_id": child_id,
                                    "disa_disability_code": code}, "Disability", node.where())
    referral_ids = Ids()
    for detail in details:
        _map_episode(load, detail, child_id, referral_ids)


def _map_person(load: Load, child: _Node, ids: _Node, child_id: str) -> None:
    where = child.where(ids.el)
    try:
        dob = ids.date("personbirthdate", "PersonBirthDate")
        expected = ids.date("expectedpersonbirthdate", "ExpectedPersonBirthDate")
        death = ids.date("persondeathdate", "PersonDeathDate")
        sex = ids.value("sex")
        gender = ids.value("gendercurrent")
        if sex is not None:
            if sex.lower() not in _SEX:
                raise Rejected(f"Sex {sex!r} is not M, F or U")
            sex = _SEX[sex.lower()]
        if gender is not None:
            if gender not in _GENDER:
                raise Rejected(f"GenderCurrent {gender!r} is not 1, 2, 0 or 9")
            gender = _GENDER[gender]
        if dob is None and expected is None:
            raise Rejected("neither PersonBirthDate nor ExpectedPersonBirthDate is given")
    except Rejected as exc:
        load.reject("ssd_person", "Child", where, f"child {child_id}: {exc}", child_id, child_id)
        return
    characteristics = child.first("childcharacteristics")
    load.add("ssd_person", {
        "pers_person_id": child_id,
        "pers_dob": dob or expected,
        "pers_expected_dob": expected,
        "pers_death_date": death,
        "pers_sex": sex,
        "pers_gender": gender,
        "pers_ethnicity": characteristics.value("ethnicity") if characteristics else None,
        "pers_upn_unknown": ids.value("upnunknown"),
    }, "Child", where)


def _reject_episode(load: Load, detail: _Node, where: str, reason: str, child_id: str | None) -> None:
    """A CINdetails that cannot be loaded, and with it every record it holds."""
    load.reject("ssd_cin_episodes", "CINdetails", where, reason, None, child_id)
    _reject_held(load, detail, where, reason, child_id)


def _reject_held(load: Load, detail: _Node, where: str, reason: str, child_id: str | None) -> None:
    """Every record a rejected CINdetails holds is rejected with it (counted, never dropped unseen)."""
    reason = f"its CINdetails ({where}) was rejected: {reason}"
    for table, source, name in _NESTED:
        for node in detail.all(name):
            load.reject(table, source, node.where(), reason, None, child_id)
    for plan in detail.all("childprotectionplans"):
        _reject_reviews(load, plan, reason, child_id)
    if detail.value("dateofinitialcpc"):
        load.reject("ssd_initial_cp_conference", "CINdetails/DateOfInitialCPC", where, reason, None, child_id)
    for node in detail.all("section47"):
        if node.value("dateofinitialcpc"):
            load.reject("ssd_initial_cp_conference", "Section47/DateOfInitialCPC", node.where(), reason, None,
                        child_id)


def _review_dates(plan: _Node) -> list[ET.Element]:
    """Every CPPreviewDate of a plan, whether one <Reviews> holds them all or each has its own."""
    return [el for reviews in plan.all("reviews") for el in reviews.el if _local(el.tag) == "cppreviewdate"]


def _reject_reviews(load: Load, plan: _Node, reason: str, child_id: str | None) -> None:
    for el in _review_dates(plan):
        load.reject("ssd_cp_reviews", "Reviews", plan.where(el), reason, None, child_id)


def _map_episode(load: Load, detail: _Node, child_id: str, referral_ids: Ids) -> None:
    where = detail.where()
    try:
        referral_date = detail.date("cinreferraldate", "CINreferralDate")
        if referral_date is None:
            raise Rejected("required element CINreferralDate is missing")
        row = {
            "cine_person_id": child_id,
            "cine_referral_date": referral_date,
            "cine_referral_source_code": detail.value("referralsource"),
            "cine_cin_primary_need_code": detail.value("primaryneedcode"),
            "cine_close_date": detail.date("cinclosuredate", "CINclosureDate"),
            "cine_close_reason": detail.value("reasonforclosure"),
            "cine_referral_nfa": flag(detail.value("referralnfa"), "ReferralNFA"),
        }
        cpc_date = detail.date("dateofinitialcpc", "DateOfInitialCPC")
    except Rejected as exc:
        _reject_episode(load, detail, where, f"child {child_id}: {exc}", child_id)
        return
    referral_id = referral_ids(f"CIN-{child_id}-R{compact(referral_date)}")
    row["cine_referral_id"] = referral_id
    if not load.add("ssd_cin_episodes", row, "CINdetails", where):
        _reject_held(load, detail, where, "it broke the contract", child_id)
        return
    ids = Ids()

    for node in detail.all("assessments"):
        try:
            start = _required(node, "assessmentactualstartdate", "AssessmentActualStartDate")
            row = {
                "cina_assessment_id": ids(f"{referral_id}-A{compact(start)}"),
                "cina_person_id": child_id,
                "cina_referral_id": referral_id,
                "cina_assessment_start_date": start,
                "cina_assessment_auth_date": node.date("assessmentauthorisationdate", "AssessmentAuthorisationDate"),
            }
        except Rejected as exc:
            load.reject("ssd_cin_assessments", "Assessments", node.where(), f"child {child_id}: {exc}", None, child_id)
            continue
        load.add("ssd_cin_assessments", row, "Assessments", node.where())
    for node in detail.all("cinplandates"):
        try:
            start = _required(node, "cinplanstartdate", "CINPlanStartDate")
            row = {
                "cinp_cin_plan_id": ids(f"{referral_id}-P{compact(start)}"),
                "cinp_person_id": child_id,
                "cinp_referral_id": referral_id,
                "cinp_cin_plan_start_date": start,
                "cinp_cin_plan_end_date": node.date("cinplanenddate", "CINPlanEndDate"),
            }
        except Rejected as exc:
            load.reject("ssd_cin_plans", "CINPlanDates", node.where(), f"child {child_id}: {exc}", None, child_id)
            continue
        load.add("ssd_cin_plans", row, "CINPlanDates", node.where())

    # child protection plans first, so a conference knows whether a plan started on its date
    plans: list[tuple[_Node, dict]] = []
    for node in detail.all("childprotectionplans"):
        try:
            start = _required(node, "cppstartdate", "CPPstartDate")
            plans.append((node, {
                "cppl_cp_plan_id": ids(f"{referral_id}-CP{compact(start)}"),
                "cppl_person_id": child_id,
                "cppl_referral_id": referral_id,
                "cppl_cp_plan_start_date": start,
                "cppl_cp_plan_end_date": node.date("cppenddate", "CPPendDate"),
                "cppl_cp_plan_initial_category": node.value("initialcategoryofabuse"),
                "cppl_cp_plan_latest_category": node.value("latestcategoryofabuse"),
            }))
        except Rejected as exc:
            load.reject("ssd_cp_plans", "ChildProtectionPlans", node.where(), f"child {child_id}: {exc}", None,
                        child_id)
            _reject_reviews(load, node, f"child {child_id}: its plan ({node.where()}) was rejected: {exc}", child_id)
    plan_on = {row["cppl_cp_plan_start_date"]: row["cppl_cp_plan_id"] for _, row in plans}

    conferences: dict[str, str] = {}

    def conference(date_: str, s47_id: str | None, target: str | None, source: str, where_: str) -> None:
        icpc_id = conferences.get(date_) or f"{referral_id}-C{compact(date_)}"
        conferences[date_] = icpc_id
        load.add("ssd_initial_cp_conference", {
            "icpc_icpc_id": icpc_id,
            "icpc_person_id": child_id,
            "icpc_s47_enquiry_id": s47_id,
            "icpc_referral_id": referral_id,
            "icpc_cp_plan_id": plan_on.get(date_),
            "icpc_icpc_target_date": target,
            "icpc_icpc_date": date_,
            "icpc_icpc_outcome_cp_flag": "Y" if date_ in plan_on else "N",
        }, source, where_)

    for node in detail.all("section47"):
        try:
            start = _required(node, "s47actualstartdate", "S47ActualStartDate")
            target = node.date("initialcpctarget", "InitialCPCtarget")
            icpc = node.date("dateofinitialcpc", "DateOfInitialCPC")
            flag(node.value("icpcnotrequired"), "ICPCnotRequired")
        except Rejected as exc:
            load.reject("ssd_s47_enquiry", "Section47", node.where(), f"child {child_id}: {exc}", None, child_id)
            if node.value("dateofinitialcpc"):
                load.reject("ssd_initial_cp_conference", "Section47/DateOfInitialCPC", node.where(),
                            f"child {child_id}: its Section47 was rejected: {exc}", None, child_id)
            continue
        s47_id = ids(f"{referral_id}-S{compact(start)}")
        load.add("ssd_s47_enquiry", {
            "s47e_s47_enquiry_id": s47_id,
            "s47e_person_id": child_id,
            "s47e_referral_id": referral_id,
            "s47e_s47_start_date": start,
        }, "Section47", node.where())
        if icpc:
            conference(icpc, s47_id, target, "Section47/DateOfInitialCPC", node.where())
    if cpc_date:
        conference(cpc_date, None, None, "CINdetails/DateOfInitialCPC", where)

    for node, row in plans:
        row["cppl_icpc_id"] = conferences.get(row["cppl_cp_plan_start_date"])
        plan_id = row["cppl_cp_plan_id"]
        if not load.add("ssd_cp_plans", row, "ChildProtectionPlans", node.where()):
            _reject_reviews(load, node, f"child {child_id}: its plan ({node.where()}) was rejected", child_id)
            continue
        for el in _review_dates(node):
            try:
                day = iso_date(el.text, "CPPreviewDate")
                if day is None:
                    raise Rejected("the CPPreviewDate is empty")
            except Rejected as exc:
                load.reject("ssd_cp_reviews", "Reviews", node.where(el), f"child {child_id}: {exc}", None, child_id)
                continue
            load.add("ssd_cp_reviews", {"cppr_cp_review_id": ids(f"{plan_id}-R{compact(day)}"),
                                        "cppr_cp_plan_id": plan_id, "cppr_cp_review_date": day},
                     "Reviews", node.where(el))


def _required(node: _Node, name: str, label: str) -> str:
    value = node.date(name, label)
    if value is None:
        raise Rejected(f"required element {label} is missing")
    return value

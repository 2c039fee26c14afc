"""`runner load ssda903 DIR|FILE.xml`: the SSDA903 looked-after children return into the SSD tables.

The return comes as a folder of CSV files (header, episodes, oc2, oc3, missing, ad1,
placed_for_adoption, reviews, uasc, previous_permanence, social_worker_episodes (sw_episodes) and
dolo; dates dd/mm/yyyy), each recognised by its columns (or, failing that, its name), or as one
XML file (EXPSSDA903/CHILD with HEADER and EPISODE elements; the tags follow the CSV columns,
CHILDID and PL standing for CHILD and PLACE). Both are read into the same records, then mapped:

- header -> ssd_person: CHILD, DOB, SEX (1 -> M, 2 -> F to 2024; M, F, U from 2025), ETHNIC. UPN,
  MOTHER and MC_DOB go nowhere.
- episodes -> ssd_cla_episodes, one row per episode: DECOM, RNE, CIN (need), DEC, REC. A child's
  consecutive episodes (each starting the day the previous one ended with REC X1, and not with
  RNE S) form a period of care: clae_cla_id; clae_entered_care_date is its start when the return
  holds its first (RNE S) episode, else it is left empty (the period began in an earlier year).
- episodes -> ssd_cla_placement, one row per placement: a run of episodes of one period with the
  same placement, a new one starting with RNE S, P, T, B or U or a change of PLACE,
  PLACE_PROVIDER, URN or PL_POST; PLACE, PLACE_PROVIDER, PL_POST, URN, and REASON_PLACE_CHANGE of
  its last episode. HOME_POST goes nowhere.
- episodes -> ssd_legal_status, one row per run of episodes of one period with the same LS.
- oc2 -> ssd_cla_health: HEALTH_ASSESSMENT = 1 a Completed "Health Assessment", TEETH_CHECK = 1 a
  Completed "Dental Check", both dated at the collection year end (31 March); 0 or blank means
  none in the year: counted as skipped. SDQ, convictions, immunisations and substance misuse have
  no contract table.
- missing -> ssd_missing: MISSING (M -> Missing, A -> Away), MIS_START, MIS_END.
- oc3 -> ssd_care_leavers: IN_TOUCH, ACTIV, ACCOM split into the accommodation letter and its
  suitability (1 suitable, 2 unsuitable); eligibility "Former Relevant" (the OC3 cohort).
- placed_for_adoption and ad1 -> ssd_permanence, one row per decision that the child should be
  placed for adoption: DATE_PLACED (or AD1's DATE_INT) the decision, DATE_PLACED_CEASED its
  reversal, DATE_MATCH the match; from the episodes of the period of care holding the decision:
  the placement order (first LS E1), the adoption placement (first PLACE A3 to A6) and the
  adoption order (the period ending with REC E11 or E12). A period ending with a special
  guardianship (E45 to E48) or child arrangements order (E41), or an adoption with no decision in
  the return, gets a permanence row of its own.
- reviews -> ssd_cla_reviews, one row per review: REVIEW the review's date, REVIEW_CODE its
  participation code (PN0 to PN7, as given); clar_cla_id the child's period of care holding the
  date (this return's, else an earlier 903 load's in the folder). A review dated outside every
  period of the child is kept, linked to the next period (else the last one before it), and
  counted in the summary; a child with no period of care at all has its reviews rejected.
- uasc -> ssd_immigration_status, one "UASC" status per child: its end DUC, the date the child
  ceased to be UASC (blank: still UASC). The return does not say when the child became UASC (on
  arrival, before care): the start is left blank, which the project reads as open from before
  the record. In the XML form: HEADER's UASC (1) and DUC.
- social_worker_episodes (from 2023-24; the CSV form only: the XML reader knows no element for
  them) -> ssd_involvements, one allocated involvement (blank role) per episode: SW_ID the worker,
  SW_DECOM and SW_DEC its dates; SW_REASON, the reason the worker changed, given on the next
  episode, becomes the ended involvement's invo_worker_change_reason (FCONTA, a first allocation,
  says nothing about an earlier one). The 903 names no team.
- previous_permanence (PREV_PERM, LA_PERM, DATE_PERM: an adoption, special guardianship or child
  arrangements order made before this period of care, or none) and dolo (deprivation of liberty
  orders, from 2024-25) have no contract table: counted as skipped. ssd_permanence holds this
  authority's permanence decisions and orders from care, which the adoption indicators count: an
  earlier order there would be counted as a child leaving care that year.

Ids: 903-<CHILD>-E<DECOM> (episode), -C<period start> (period), -P<placement start>,
-L<legal status start>, -HA<year> / -DC<year> (OC2 checks), -M<MIS_START>, -CL<year> (OC3),
-A<decision date> or -O<order date> (permanence), -R<REVIEW> (review), -U (UASC: one status per
child, so a later year's DUC replaces it), -W<SW_DECOM> (social worker episode); dates as
YYYYMMDD. When an earlier 903 load in the folder holds the episode that a period, placement or
legal status of this return continues from, the continuation keeps that earlier id and start, so
consecutive years join up.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from runner.contract import TABLES
from runner.errors import BadInput
from runner.intake import undecodable_line
from runner.load.common import (
    Ids,
    Load,
    LoadResult,
    Rejected,
    code_list,
    compact,
    iso_date,
    text,
    unsafe_xml,
    unsafe_xml_errors,
    xml_pull_parser,
)

KIND = "ssda903"

#: The SSDA903 files, their columns (as published), and the columns a file must have to be read.
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "header": (("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"), ("CHILD", "DOB")),
    "episodes": (("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                  "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"), ("CHILD", "DECOM", "RNE", "LS")),
    "oc2": (("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
             "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
            ("CHILD", "HEALTH_ASSESSMENT", "TEETH_CHECK")),
    "oc3": (("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), ("CHILD", "IN_TOUCH")),
    "missing": (("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), ("CHILD", "MIS_START")),
    "ad1": (("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"),
            ("CHILD", "DATE_INT", "DATE_MATCH")),
    "placed_for_adoption": (("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
                            ("CHILD", "DATE_PLACED")),
    "reviews": (("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), ("CHILD",)),
    "uasc": (("CHILD", "SEX", "DOB", "DUC"), ("CHILD", "DUC")),
    "previous_permanence": (("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"), ("CHILD", "PREV_PERM")),
    "social_worker_episodes": (("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"), ("CHILD", "SW_DECOM")),
    "dolo": (("CHILD", "DOB", "DOLO_START", "DOLO_END"), ("CHILD", "DOLO_START")),
}
#: Words in a file name that say which file it is, when its columns do not.
NAME_HINTS = (("placed", "placed_for_adoption"), ("prev", "previous_permanence"), ("header", "header"),
              ("socialworker", "social_worker_episodes"), ("swepisode", "social_worker_episodes"), ("dolo", "dolo"),
              ("episode", "episodes"), ("review", "reviews"), ("uasc", "uasc"), ("oc2", "oc2"), ("oc3", "oc3"),
              ("ad1", "ad1"), ("missing", "missing"))
#: Files with no table in the contract: read, counted as skipped with the reason.
UNMAPPED = {
    "previous_permanence": "previous permanence (an order before this period of care): no contract table "
                           "(ssd_permanence holds permanence from care, which the adoption indicators count)",
    "dolo": "deprivation of liberty orders: no contract table",
}
TARGET = {"header": "ssd_person", "episodes": "ssd_cla_episodes", "oc2": "ssd_cla_health", "oc3": "ssd_care_leavers",
          "missing": "ssd_missing", "ad1": "ssd_permanence", "placed_for_adoption": "ssd_permanence",
          "reviews": "ssd_cla_reviews", "uasc": "ssd_immigration_status", "social_worker_episodes": "ssd_involvements"}
#: Files a return may well not have, whose absence is no warning: social worker episodes start in 2023-24.
OPTIONAL = frozenset({"social_worker_episodes"})
#: What ssd_immigration_status says of a child in the UASC file (fct_immigration_status: is_uasc).
UASC_STATUS = "UASC"
#: SW_REASON of a first allocation: no reason an earlier worker changed.
FIRST_ALLOCATION = "FCONTA"

NEW_PLACEMENT = frozenset("SPTBU")
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
ORDERS = {"E11": "Adoption Order", "E12": "Adoption Order", "E41": "Child Arrangements Order",
          "E45": "Special Guardianship Order", "E46": "Special Guardianship Order",
          "E47": "Special Guardianship Order", "E48": "Special Guardianship Order"}
ACCOMMODATION = frozenset("BCDEGHKRSTUVWXYZ")
_SEX = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}  # 1/2 to 2024, M/F/U from 2025
_MISSING = {"M": "Missing", "A": "Away"}
_XML_ROOTS = {"expssda903", "ssda903"}


@dataclass
class Record:
    values: dict[str, str | None]
    where: str
    source: str


def load_ssda903(path: Path, out_dir: Path, la_code: str, *, year: int | None = None,
                 strict: bool = False) -> LoadResult:
    """Load an SSDA903 return (a folder of CSV files, or its XML file) into ``<out_dir>/<la_code>/``."""
    path = Path(path)
    absent: list[str] = []
    if path.is_dir():
        records = read_csv_folder(path)
        absent = [kind for kind in TARGET if kind not in records and kind not in OPTIONAL]
    elif path.is_file() and path.suffix.lower() == ".xml":
        records = read_xml(path)
    elif path.is_file():
        raise BadInput(f"{path}: give the folder that holds the SSDA903 CSV files, or the SSDA903 XML file")
    else:
        raise BadInput(f"{path}: not found (give the folder of SSDA903 CSV files, or the XML file)")
    load = Load(KIND, path, out_dir, la_code, strict=strict, reach_unit=_unit)
    try:
        for kind in absent:
            load.warn(f"{path.name}: no {kind} file (e.g. {kind}.csv) in the folder: nothing loaded into "
                      f"{TARGET[kind]} from it{'; persons come only from an earlier load' if kind == 'header' else ''}")
        _map(load, records, year)
        return load.finish()
    finally:
        load.cleanup()


# ---- reading -------------------------------------------------------------------------------------


def read_csv_folder(folder: Path) -> dict[str, list[Record]]:
    """Every SSDA903 CSV in `folder`, recognised by its columns or name; records keyed by file kind."""
    found: dict[str, Path] = {}
    records: dict[str, list[Record]] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"):
        header, rows = _read_csv(path)
        kind = _identify(path, header)
        if kind is None:
            records.setdefault("_ignored", []).append(Record({}, "", path.name))
            continue
        if kind in found:
            raise BadInput(f"{path}: a second {kind} file (the first is {found[kind].name})")
        found[kind] = path
        for column in FILES[kind][1]:
            if column not in header:
                raise BadInput(f"{path}: line 1: required column {column} is missing (an SSDA903 {kind} file)")
        records[kind] = [Record(values, where, path.name) for values, where in rows]
    if not found:
        raise BadInput(f"{folder}: no SSDA903 CSV files (header, episodes, oc2, oc3, missing, ad1, "
                       "placed_for_adoption, ...) in this folder")
    return records


def _read_csv(path: Path) -> tuple[list[str], list[tuple[dict[str, str | None], str]]]:
    line = 1
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = [h.strip().upper() for h in next(reader, [])]
            if not header:
                raise BadInput(f"{path}: the file is empty (not even a header row)")
            rows = []
            for line, row in enumerate(reader, start=2):  # noqa: B007 - line is reported on error
                if not any(cell.strip() for cell in row):
                    continue
                values: dict[str, str | None] = {name: text(cell) for name, cell in zip(header, row, strict=False)}
                if len(row) != len(header):
                    values["_problem"] = f"{len(row)} fields where the header has {len(header)}"
                rows.append((values, f"line {line}"))
            return header, rows
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path}: line {undecodable_line(path)}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise BadInput(f"{path}: line {line + 1}: malformed CSV ({exc})") from exc
    except OSError as exc:
        raise BadInput(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _identify(path: Path, header: list[str]) -> str | None:
    """Which SSDA903 file this is: the one whose columns it has all of (the most specific), else its name."""
    columns = set(header)
    full = [kind for kind, (cols, _) in FILES.items() if set(cols) <= columns]
    if full:
        return max(full, key=lambda kind: len(FILES[kind][0]))
    stem = re.sub(r"[^a-z0-9]", "", path.stem.lower())
    return next((kind for word, kind in NAME_HINTS if word in stem), None)


def read_xml(path: Path) -> dict[str, list[Record]]:
    """The XML form: EXPSSDA903/CHILD, each with a HEADER (child fields, OC2, OC3 and AD1 fields, and
    AREVIEW, AMISSING, AD_PLACED and PERMANENCE elements) and its EPISODE elements."""
    records: dict[str, list[Record]] = defaultdict(list)
    parser = xml_pull_parser()
    lines: dict[ET.Element, int] = {}
    depth = 0
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
                    name = el.tag.rsplit("}", 1)[-1].upper()
                    if event == "start":
                        depth += 1
                        lines[el] = lineno
                        if depth == 1 and name.lower() not in _XML_ROOTS:
                            raise BadInput(f"{path}: line {lineno}: the root element is <{el.tag}>, not <EXPSSDA903>: "
                                           "not an SSDA903 XML file")
                        continue
                    depth -= 1
                    if depth == 1 and name == "CHILD":
                        _xml_child(el, lines, records, path.name)
                        el.clear()
                        lines = {}
            parser.close()
        except unsafe_xml_errors() as exc:
            raise unsafe_xml(path, lineno, exc) from exc
        except ET.ParseError as exc:
            line, column = exc.position
            raise BadInput(f"{path}: line {line}: not well-formed XML ({str(exc).split(':')[0]}, column {column})") \
                from exc
    if lineno == 0:
        raise BadInput(f"{path}: the file is empty")
    return dict(records)


_XML_NAMES = {"CHILDID": "CHILD", "PL": "PLACE"}
_XML_TABLES = {"AREVIEW": "reviews", "AMISSING": "missing", "OC2": "oc2", "AD_PLACED": "placed_for_adoption",
               "PERMANENCE": "previous_permanence", "OC3": "oc3", "AD1": "ad1", "UASC_ELEMENT": "uasc"}


def _xml_child(child: ET.Element, lines: dict[ET.Element, int], records: dict[str, list[Record]], source: str) -> None:
    def leaves(el: ET.Element) -> dict[str, str | None]:
        return {_XML_NAMES.get(k.tag.rsplit("}", 1)[-1].upper(), k.tag.rsplit("}", 1)[-1].upper()): text(k.text)
                for k in el if len(k) == 0}

    def where(el: ET.Element) -> str:
        return f"line {lines.get(el, '?')}"

    header_el = next((k for k in child if k.tag.rsplit("}", 1)[-1].upper() == "HEADER"), None)
    head = leaves(child)
    if header_el is not None:
        head.update(leaves(header_el))
    ident = {"CHILD": head.get("CHILD"), "DOB": head.get("DOB")}
    if header_el is None:
        head["_problem"] = "the CHILD has no HEADER element"
    records["header"].append(Record(head, where(header_el if header_el is not None else child), "HEADER"))
    if any(head.get(k) for k in ("IN_TOUCH", "ACTIV", "ACCOM")):
        records["oc3"].append(Record({**ident, **{k: head.get(k) for k in FILES["oc3"][0][2:]}},
                                     where(header_el), "HEADER (OC3)"))
    if any(head.get(k) for k in ("DATE_INT", "DATE_MATCH")):
        records["ad1"].append(Record({**ident, **{k: head.get(k) for k in FILES["ad1"][0][2:]}},
                                     where(header_el), "HEADER (AD1)"))
    if head.get("DUC") or head.get("UASC") == "1":
        records["uasc"].append(Record({**ident, "DUC": head.get("DUC")}, where(header_el), "HEADER (UASC)"))
    for el in child.iter():
        tag = el.tag.rsplit("}", 1)[-1].upper()
        if tag == "EPISODE":
            records["episodes"].append(Record({**ident, **leaves(el)}, where(el), "EPISODE"))
        elif tag in _XML_TABLES and len(el):
            records[_XML_TABLES[tag]].append(Record({**ident, **leaves(el)}, where(el), tag))


# ---- mapping -------------------------------------------------------------------------------------


@dataclass
class Episode:
    child: str
    start: str
    end: str | None
    rne: str
    ls: str | None
    need: str | None
    place: str | None
    provider: str | None
    rec: str | None
    change: str | None
    postcode: str | None
    urn: str | None
    where: str
    source: str
    order: int


@dataclass
class Period:
    child: str
    cla_id: str
    episodes: list[Episode]
    entered: str | None

    @property
    def start(self) -> str:
        return self.episodes[0].start

    @property
    def end(self) -> str | None:
        return self.episodes[-1].end

    @property
    def final_reason(self) -> str | None:
        return self.episodes[-1].rec if self.end else None


def _unit(source: str) -> str:
    """The file (or XML element) a source label names, for the rows-into-SSD-files count."""
    return source.split(" ")[0]


def _map(load: Load, records: dict[str, list[Record]], year: int | None) -> None:
    for record in records.pop("_ignored", []):
        load.warn(f"{record.source}: not an SSDA903 file (its columns match none); ignored")
    for rows in records.values():
        for record in rows:
            load.seen(record.source, record.where)
    episodes = _episodes(load, records.get("episodes", []))
    year_end = _year_end(load, year, episodes, records)
    _persons(load, records.get("header", []))
    # an earlier load's episodes that this return gives again are replaced, not continued from
    prior = _Prior.read(load, {f"903-{e.child}-E{compact(e.start)}" for e in episodes})
    periods = _care(load, episodes, prior)
    _health(load, records.get("oc2", []), year_end)
    _missing(load, records.get("missing", []))
    _care_leavers(load, records.get("oc3", []), year_end)
    _permanence(load, records.get("placed_for_adoption", []), records.get("ad1", []), periods)
    _reviews(load, records.get("reviews", []), periods, prior)
    _uasc(load, records.get("uasc", []))
    _social_workers(load, records.get("social_worker_episodes", []))
    for kind, what in UNMAPPED.items():
        for source, n in _count_by_source(records.get(kind, [])).items():
            load.skip("-", source, what, n)


def _count_by_source(rows: list[Record]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.source] += 1
    return counts


def _year_end(load: Load, year: int | None, episodes: list[Episode], records: dict[str, list[Record]]) -> date | None:
    """The collection year's last day: --year, else the 31 March on or after the latest episode start."""
    if year:
        load.facts["collection year"] = f"ending 31 March {year}"
        return date(year, 3, 31)
    if episodes:
        latest = date.fromisoformat(max(e.start for e in episodes))
        inferred = latest.year + (1 if latest.month >= 4 else 0)
        load.facts["collection year"] = f"ending 31 March {inferred} (inferred from the latest episode; --year sets it)"
        return date(inferred, 3, 31)
    if records.get("oc2") or records.get("oc3"):
        raise BadInput(f"{load.input_path}: no episodes to infer the collection year from: give --year")
    return None


def _problem(record: Record) -> None:
    if record.values.get("_problem"):
        raise Rejected(record.values["_problem"])


def _child(record: Record) -> str:
    child = record.values.get("CHILD")
    if not child:
        raise Rejected("CHILD is empty")
    return child


def _persons(load: Load, rows: list[Record]) -> None:
    for record in rows:
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            sex = v.get("SEX")
            if sex is not None and sex.upper() not in _SEX:
                raise Rejected(f"SEX {sex!r} is not 1, 2 (to 2024) or M, F, U (from 2025)")
            row = {"pers_person_id": child, "pers_dob": iso_date(v.get("DOB"), "DOB"),
                   "pers_sex": _SEX.get((sex or "").upper()), "pers_ethnicity": v.get("ETHNIC")}
        except Rejected as exc:
            load.reject("ssd_person", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}", None,
                        v.get("CHILD"))
            continue
        load.add("ssd_person", row, record.source, record.where)


def _episodes(load: Load, rows: list[Record]) -> list[Episode]:
    """Parse and check every episode; an invalid one is rejected (it would break the periods of care)."""
    starts, ceased = code_list("ssd_cla_episodes", "start_reason"), code_list("ssd_cla_episodes", "ceased_reason")
    episodes = []
    for order, record in enumerate(rows):
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            start = iso_date(v.get("DECOM"), "DECOM")
            if start is None:
                raise Rejected("DECOM is empty")
            end = iso_date(v.get("DEC"), "DEC")
            rne = (v.get("RNE") or "").upper()
            if rne not in starts:
                raise Rejected(f"RNE {v.get('RNE')!r} is not a reason for a new episode ({', '.join(sorted(starts))})")
            rec = (v.get("REC") or "").upper() or None
            if rec is not None and rec not in ceased:
                raise Rejected(f"REC {v.get('REC')!r} is not a reason an episode ceased")
            if end and end < start:
                raise Rejected(f"DEC {v.get('DEC')} is before DECOM {v.get('DECOM')}")
        except Rejected as exc:
            load.reject("ssd_cla_episodes", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}",
                        None, v.get("CHILD"))
            continue
        episodes.append(Episode(child, start, end, rne, (v.get("LS") or "").upper() or None, v.get("CIN"),
                                v.get("PLACE"), v.get("PLACE_PROVIDER"), rec, v.get("REASON_PLACE_CHANGE"),
                                v.get("PL_POST"), v.get("URN"), record.where, record.source, order))
    return episodes


def _care(load: Load, episodes: list[Episode], prior: _Prior) -> dict[str, list[Period]]:
    """Periods of care, placements and legal statuses from each child's episodes, in date order."""
    by_child: dict[str, list[Episode]] = defaultdict(list)
    for episode in episodes:
        by_child[episode.child].append(episode)
    episode_ids, placement_ids, legal_ids = Ids(), Ids(), Ids()
    periods: dict[str, list[Period]] = {}
    for child, eps in by_child.items():
        eps.sort(key=lambda e: (e.start, e.order))
        groups: list[list[Episode]] = []
        for ep in eps:
            prev = groups[-1][-1] if groups else None
            if prev is None or ep.rne == "S" or prev.end != ep.start or prev.rec not in (None, "X1"):
                groups.append([ep])
            else:
                groups[-1].append(ep)
        child_periods = []
        for group in groups:
            first = group[0]
            before = prior.episode_ending(child, first.start) if first.rne != "S" else None
            if before:
                cla_id, entered = before["clae_cla_id"], before["clae_entered_care_date"]
            else:
                cla_id, entered = f"903-{child}-C{compact(first.start)}", first.start if first.rne == "S" else None
            period = Period(child, cla_id, group, entered)
            child_periods.append(period)
            placement_of = _placements(load, period, placement_ids, prior.placement(before, first))
            _legal_statuses(load, period, legal_ids, prior.legal_status(before, first))
            for ep in group:
                load.add("ssd_cla_episodes", {
                    "clae_cla_episode_id": episode_ids(f"903-{child}-E{compact(ep.start)}"),
                    "clae_person_id": child,
                    "clae_cla_episode_start_date": ep.start,
                    "clae_cla_episode_start_reason": ep.rne,
                    "clae_cla_primary_need_code": ep.need,
                    "clae_cla_episode_ceased_date": ep.end,
                    "clae_cla_episode_ceased_reason": ep.rec,
                    "clae_cla_id": cla_id,
                    "clae_cla_placement_id": placement_of[id(ep)],
                    "clae_entered_care_date": entered,
                }, ep.source, ep.where)
        periods[child] = child_periods
    return periods


def _placements(load: Load, period: Period, ids: Ids, continued: dict | None) -> dict[int, str]:
    """One placement per run of episodes in the same placement; returns each episode's placement id."""
    runs: list[list[Episode]] = []
    for ep in period.episodes:
        prev = runs[-1][-1] if runs else None
        if prev is None or ep.rne in NEW_PLACEMENT or (ep.place, ep.provider, ep.urn, ep.postcode) != (
                prev.place, prev.provider, prev.urn, prev.postcode):
            runs.append([ep])
        else:
            runs[-1].append(ep)
    placement_of = {}
    for n, run in enumerate(runs):
        first, last = run[0], run[-1]
        if n == 0 and continued:
            placement_id, start = continued["clap_cla_placement_id"], continued["clap_cla_placement_start_date"]
        else:
            placement_id, start = ids(f"903-{period.child}-P{compact(first.start)}"), first.start
        load.add("ssd_cla_placement", {
            "clap_cla_placement_id": placement_id,
            "clap_person_id": period.child,
            "clap_cla_id": period.cla_id,
            "clap_cla_placement_start_date": start,
            "clap_cla_placement_end_date": last.end,
            "clap_cla_placement_type": first.place,
            "clap_cla_placement_provider": first.provider,
            "clap_cla_placement_postcode": first.postcode,
            "clap_cla_placement_urn": first.urn,
            "clap_cla_placement_change_reason": last.change if last.end else None,
        }, f"{first.source} (placements)", first.where)
        for ep in run:
            placement_of[id(ep)] = placement_id
    return placement_of


def _legal_statuses(load: Load, period: Period, ids: Ids, continued: dict | None) -> None:
    """One legal status row per run of episodes with the same LS."""
    runs: list[list[Episode]] = []
    for ep in period.episodes:
        if runs and runs[-1][-1].ls == ep.ls:
            runs[-1].append(ep)
        else:
            runs.append([ep])
    for n, run in enumerate(runs):
        first = run[0]
        if n == 0 and continued and continued["lega_legal_status"] == first.ls:
            legal_id, start = continued["lega_legal_status_id"], continued["lega_legal_status_start_date"]
        else:
            legal_id, start = ids(f"903-{period.child}-L{compact(first.start)}"), first.start
        load.add("ssd_legal_status", {
            "lega_legal_status_id": legal_id,
            "lega_person_id": period.child,
            "lega_legal_status": first.ls,
            "lega_legal_status_start_date": start,
            "lega_legal_status_end_date": run[-1].end,
        }, f"{first.source} (legal statuses)", first.where)


def _health(load: Load, rows: list[Record], year_end: date | None) -> None:
    checks = (("HEALTH_ASSESSMENT", "Health Assessment", "HA"), ("TEETH_CHECK", "Dental Check", "DC"))
    for record in rows:
        v = record.values
        for column, kind, code in checks:
            source = f"{record.source} {column}"
            try:
                _problem(record)
                child = _child(record)
                value = v.get(column)
                if value not in (None, "0", "1"):
                    raise Rejected(f"{column} {value!r} is not 0 or 1")
            except Rejected as exc:
                load.reject("ssd_cla_health", source, record.where, f"child {v.get('CHILD') or '?'}: {exc}", None,
                            v.get("CHILD"))
                continue
            if value != "1":
                load.skip("ssd_cla_health", source, "0 or blank: none in the year")
                continue
            load.add("ssd_cla_health", {
                "clah_health_check_id": f"903-{child}-{code}{year_end.year}",
                "clah_person_id": child,
                "clah_health_check_type": kind,
                "clah_health_check_date": year_end.isoformat(),
                "clah_health_check_status": "Completed",
            }, source, record.where)


def _missing(load: Load, rows: list[Record]) -> None:
    ids = Ids()
    for record in rows:
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            start = iso_date(v.get("MIS_START"), "MIS_START")
            if start is None:
                raise Rejected("MIS_START is empty")
            kind = (v.get("MISSING") or "").upper()
            if kind and kind not in _MISSING:
                raise Rejected(f"MISSING {v.get('MISSING')!r} is not M (missing) or A (away)")
            row = {
                "miss_table_id": ids(f"903-{child}-M{compact(start)}"),
                "miss_person_id": child,
                "miss_missing_episode_start_date": start,
                "miss_missing_episode_type": _MISSING.get(kind),
                "miss_missing_episode_end_date": iso_date(v.get("MIS_END"), "MIS_END"),
            }
        except Rejected as exc:
            load.reject("ssd_missing", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}", None,
                        v.get("CHILD"))
            continue
        load.add("ssd_missing", row, record.source, record.where)


def _care_leavers(load: Load, rows: list[Record], year_end: date | None) -> None:
    ids = Ids()
    for record in rows:
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            accom = (v.get("ACCOM") or "").upper()
            letter = suitable = None
            if accom:
                if len(accom) != 2 or accom[0] not in ACCOMMODATION or accom[1] not in "12":
                    raise Rejected(f"ACCOM {v.get('ACCOM')!r} is not an accommodation code (a letter B to Z, "
                                   "then 1 suitable or 2 unsuitable)")
                letter, suitable = accom[0], accom[1]
            row = {
                "clea_table_id": ids(f"903-{child}-CL{year_end.year}"),
                "clea_person_id": child,
                "clea_care_leaver_eligibility": "Former Relevant",
                "clea_care_leaver_in_touch": (v.get("IN_TOUCH") or "").upper() or None,
                "clea_care_leaver_accommodation": letter,
                "clea_care_leaver_accom_suitable": suitable,
                "clea_care_leaver_activity": (v.get("ACTIV") or "").upper() or None,
            }
        except Rejected as exc:
            load.reject("ssd_care_leavers", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}",
                        None, v.get("CHILD"))
            continue
        load.add("ssd_care_leavers", row, record.source, record.where)


def _permanence(load: Load, placed: list[Record], ad1: list[Record], periods: dict[str, list[Period]]) -> None:
    """One row per adoption decision (placed_for_adoption, AD1), plus the orders that end periods of care."""
    decisions: dict[str, list[str]] = defaultdict(list)  # child -> decision dates with a row
    with_decision: set[str] = set()  # periods of care that have a decision row

    def decision_row(child: str, decided: str) -> dict[str, str | None]:
        decisions[child].append(decided)
        row = {"perm_table_id": f"903-{child}-A{compact(decided)}", "perm_person_id": child}
        period = _period_holding(periods.get(child, []), decided)
        if period:
            with_decision.add(period.cla_id)
            row.update(_from_episodes(period))
        return row

    for record in placed:
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            decided = iso_date(v.get("DATE_PLACED"), "DATE_PLACED")
            if decided is None:
                raise Rejected("DATE_PLACED is empty")
            reversed_ = iso_date(v.get("DATE_PLACED_CEASED"), "DATE_PLACED_CEASED")
        except Rejected as exc:
            load.reject("ssd_permanence", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}", None,
                        v.get("CHILD"))
            continue
        load.add("ssd_permanence", {**decision_row(child, decided), "perm_adm_decision_date": decided,
                                    "perm_decision_reversed_date": reversed_}, record.source, record.where)
    for record in ad1:
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            decided = iso_date(v.get("DATE_INT"), "DATE_INT")
            matched = iso_date(v.get("DATE_MATCH"), "DATE_MATCH")
            if decided is None and matched is None:
                raise Rejected("neither DATE_INT nor DATE_MATCH is given")
        except Rejected as exc:
            load.reject("ssd_permanence", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}", None,
                        v.get("CHILD"))
            continue
        # the decision this match belongs to: the same date, else the latest one before the match
        known = decisions.get(child, [])
        target = decided if decided in known else max(
            (d for d in known if matched is None or d <= matched), default=None)
        if target is not None:
            row = {"perm_table_id": f"903-{child}-A{compact(target)}", "perm_person_id": child,
                   "perm_matched_date": matched}
        else:
            row = {**decision_row(child, decided or matched), "perm_adm_decision_date": decided,
                   "perm_matched_date": matched}
        load.add("ssd_permanence", row, record.source, record.where)
    for child, child_periods in periods.items():
        for period in child_periods:
            if period.final_reason in ORDERS and period.cla_id not in with_decision:
                load.add("ssd_permanence", {
                    "perm_table_id": f"903-{child}-O{compact(period.end)}",
                    "perm_person_id": child,
                    **_from_episodes(period),
                }, f"{period.episodes[-1].source} (orders)", period.episodes[-1].where)


def _reviews(load: Load, rows: list[Record], periods: dict[str, list[Period]], prior: _Prior) -> None:
    """Each review into ssd_cla_reviews, linked to the child's period of care holding its date."""
    ids = Ids()
    outside: dict[str, int] = defaultdict(int)  # source -> reviews dated outside every period of the child
    for record in rows:
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            day = iso_date(v.get("REVIEW"), "REVIEW")
            if day is None:
                raise Rejected("REVIEW is empty")
            spans = [(p.entered or p.start, p.end, p.cla_id) for p in periods.get(child, [])]
            known = {cla_id for _, _, cla_id in spans}
            spans += [span for span in prior.periods(child) if span[2] not in known]
            if not spans:
                raise Rejected("no period of care of the child in this return (its episodes are missing or were "
                               "rejected) or in an earlier SSDA903 load")
            cla_id, inside = _span_holding(sorted(spans, key=lambda s: s[0]), day)
        except Rejected as exc:
            load.reject("ssd_cla_reviews", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}",
                        None, v.get("CHILD"))
            continue
        if load.add("ssd_cla_reviews", {
            "clar_cla_review_id": ids(f"903-{child}-R{compact(day)}"),
            "clar_cla_id": cla_id,
            "clar_cla_review_date": day,
            "clar_cla_review_participation": (v.get("REVIEW_CODE") or "").upper() or None,
        }, record.source, record.where) and not inside:
            outside[record.source] += 1
    for source, n in outside.items():
        load.note("ssd_cla_reviews", source, f"{n:,} dated outside every period of care of the child: linked to the "
                                             "next period (else the last); the indicators ignore one before its period")


def _span_holding(spans: list[tuple[str, str | None, str]], day: str) -> tuple[str, bool]:
    """The period (start, end, id) holding `day` (the latest-starting one), else the first after it, else the
    last before it; and whether it holds the day."""
    holding = [s for s in spans if s[0] <= day and (s[1] is None or day <= s[1])]
    if holding:
        return holding[-1][2], True
    later = [s for s in spans if s[0] > day]
    return (later[0] if later else spans[-1])[2], False


def _uasc(load: Load, rows: list[Record]) -> None:
    """Each child of the UASC file into one UASC status, ending on DUC (the date UASC status ceased)."""
    for record in rows:
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            row = {
                "immi_immigration_status_id": f"903-{child}-U",
                "immi_person_id": child,
                "immi_immigration_status": UASC_STATUS,
                "immi_immigration_status_end_date": iso_date(v.get("DUC"), "DUC"),
            }
        except Rejected as exc:
            load.reject("ssd_immigration_status", record.source, record.where,
                        f"child {v.get('CHILD') or '?'}: {exc}", None, v.get("CHILD"))
            continue
        load.add("ssd_immigration_status", row, record.source, record.where)


def _social_workers(load: Load, rows: list[Record]) -> None:
    """Each social worker episode into an allocated involvement; SW_REASON of the next episode is why this
    one's worker changed."""
    episodes: dict[str, list[tuple[str, int, Record, dict[str, str | None]]]] = defaultdict(list)
    for order, record in enumerate(rows):
        v = record.values
        try:
            _problem(record)
            child = _child(record)
            start = iso_date(v.get("SW_DECOM"), "SW_DECOM")
            if start is None:
                raise Rejected("SW_DECOM is empty")
            end = iso_date(v.get("SW_DEC"), "SW_DEC")
            if end and end < start:
                raise Rejected(f"SW_DEC {v.get('SW_DEC')} is before SW_DECOM {v.get('SW_DECOM')}")
        except Rejected as exc:
            load.reject("ssd_involvements", record.source, record.where, f"child {v.get('CHILD') or '?'}: {exc}",
                        None, v.get("CHILD"))
            continue
        episodes[child].append((start, order, record, {
            "invo_person_id": child,
            "invo_professional_id": v.get("SW_ID"),
            "invo_involvement_start_date": start,
            "invo_involvement_end_date": end,
        }))
    ids = Ids()
    for child, eps in episodes.items():
        eps.sort(key=lambda e: e[:2])
        for n, (start, _, record, row) in enumerate(eps):
            following = (eps[n + 1][2].values.get("SW_REASON") or "").upper() if n + 1 < len(eps) else ""
            load.add("ssd_involvements", {
                **row,
                "invo_involvements_id": ids(f"903-{child}-W{compact(start)}"),
                "invo_worker_change_reason": following if following not in ("", FIRST_ALLOCATION) else None,
            }, record.source, record.where)


def _period_holding(periods: list[Period], day: str) -> Period | None:
    """The period of care open on `day`, else the first one after it, else the last one before it."""
    for period in periods:
        if period.start <= day and (period.end is None or day <= period.end):
            return period
    later = [p for p in periods if p.start > day]
    return later[0] if later else (periods[-1] if periods else None)


def _from_episodes(period: Period) -> dict[str, str | None]:
    placement_order = next((e.start for e in period.episodes if e.ls == "E1"), None)
    placed = next((e.start for e in period.episodes if (e.place or "").upper() in ADOPTION_PLACEMENTS), None)
    order = ORDERS.get(period.final_reason or "")
    return {
        "perm_cla_id": period.cla_id,
        "perm_placement_order_date": placement_order,
        "perm_placed_for_adoption_date": placed,
        "perm_permanence_order_date": period.end if order else None,
        "perm_permanence_order_type": order,
    }


class _Prior:
    """What an earlier SSDA903 load left in the folder, so a period that continues from it keeps its ids."""

    def __init__(self, episodes: dict[str, list[dict]], placements: dict[str, dict], legal: dict[str, list[dict]]):
        self._episodes = episodes
        self._placements = placements
        self._legal = legal

    @classmethod
    def read(cls, load: Load, reloaded: set[str]) -> _Prior:
        la_dir = load.out_dir / load.la_code

        def rows(table: str) -> list[dict]:
            path = la_dir / f"{table}.csv"
            if not path.exists():
                return []
            with path.open(encoding="utf-8-sig", newline="") as handle:
                key = TABLES[table].id_column
                return [r for r in csv.DictReader(handle) if (r.get(key) or "").startswith("903-")]

        episodes: dict[str, list[dict]] = defaultdict(list)
        for r in rows("ssd_cla_episodes"):
            if re.sub(r"-\d+$", "", r["clae_cla_episode_id"]) not in reloaded:
                episodes[r["clae_person_id"]].append(r)
        placements = {r["clap_cla_placement_id"]: r for r in rows("ssd_cla_placement")}
        legal: dict[str, list[dict]] = defaultdict(list)
        for r in rows("ssd_legal_status"):
            legal[r["lega_person_id"]].append(r)
        return cls(episodes, placements, legal)

    def periods(self, child: str) -> list[tuple[str, str | None, str]]:
        """The child's periods of care in earlier loads: (start, end or None while open, clae_cla_id)."""
        starts: dict[str, str] = {}
        ends: dict[str, list[str | None]] = defaultdict(list)
        for r in self._episodes.get(child, []):
            cla_id = r.get("clae_cla_id")
            if cla_id:
                start = r.get("clae_entered_care_date") or r["clae_cla_episode_start_date"]
                starts[cla_id] = min(starts.get(cla_id, start), start)
                ends[cla_id].append(r.get("clae_cla_episode_ceased_date") or None)
        return [(start, None if None in ends[cla_id] else max(ends[cla_id]), cla_id)
                for cla_id, start in starts.items()]

    def episode_ending(self, child: str, day: str) -> dict | None:
        """An earlier episode of the child that ended on `day` with the period of care going on."""
        return next((r for r in self._episodes.get(child, [])
                     if r.get("clae_cla_episode_ceased_date") == day
                     and (r.get("clae_cla_episode_ceased_reason") or "X1") == "X1"), None)

    def placement(self, before: dict | None, first: Episode) -> dict | None:
        """The earlier placement the first episode stays in (it does not start a new placement)."""
        if not before or first.rne in NEW_PLACEMENT:
            return None
        return self._placements.get(before.get("clae_cla_placement_id") or "")

    def legal_status(self, before: dict | None, first: Episode) -> dict | None:
        """The earlier legal status the first episode continues (same status, ending the day it starts)."""
        if not before:
            return None
        return next((r for r in self._legal.get(first.child, [])
                     if r.get("lega_legal_status_end_date") == first.start and r.get("lega_legal_status") == first.ls),
                    None)

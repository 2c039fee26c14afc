"""Which DfE rules can apply to a return made from the SSD, and what each finding means.

The SSD contract (../shared/spec/data-contract.md) does not hold every field of the statutory returns:
no UPN, no assessment factors, no SDQ, no adopters' details, no home postcode... A return made from it
leaves those fields blank (README, "Statutory returns"), and a DfE rule that checks one of them then
says nothing about the data: it does not apply. Some fields are held only when the authority supplies
an optional SSD table (disabilities, reviews, UASC status, social worker episodes). Whether a field is
held is read off the return itself: a field blank throughout it is not held (so a census from a case
management system, with its UPNs, gets the UPN rules).

Each finding is classed:

- `error`: a DfE error, to fix before the return is sent;
- `query`: a DfE query (CIN rule codes ending in Q), to check or explain;
- `not_held`: the rule fired because of a field the SSD does not hold (which one is in `note`);
- `tool_limit`: a limit of the validator, not of the data: it reads this year's and last year's
  return only and so cannot see a young person's earlier care (rules 1001 and 1002 say so
  themselves; the warehouse shows it), or it applies a rule wider than the DfE's text (SW17STG2).

The SSDA903 package does not mark queries: each of its findings is an error.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runner.validate.run import Validation

# ---- CIN census ----------------------------------------------------------------------------------

#: CIN rules that check one field, with where it is and what it is; the census package carries no list
#: of the fields each rule reads, so this one is kept by hand from the rules' texts. The rule does not
#: apply when the field is blank throughout the return (a return from the SSD never has the first
#: three; the last two come with optional SSD tables).
CIN_FIELDS: dict[str, tuple[str, str, str]] = {
    **dict.fromkeys(("1510", "1520", "1530", "1540", "1550", "8770Q"),
                    ("ChildIdentifiers", "UPN", "UPN (the SSD contract does not hold it)")),
    "1560Q": ("ChildIdentifiers", "FormerUPN", "FormerUPN (the SSD contract does not hold it)"),
    **dict.fromkeys(("8614", "8869", "8873Q", "8897Q", "8898", "8945Q", "8950Q"),
                    ("Assessments", "AssessmentFactors",
                     "the factors identified at assessment (the SSD contract does not hold them)")),
    **dict.fromkeys(("8540", "8790", "8794", "2887Q", "2888Q"),
                    ("Disabilities", "Disability",
                     "Disability (from ssd_disability, which the authority did not supply)")),
    **dict.fromkeys(("8841", "8842Q", "4003"),
                    ("Reviews", "CPPreviewDate", "CP plan review dates (from ssd_cp_reviews, which the authority "
                                                 "did not supply)")),
}

# ---- SSDA903 -------------------------------------------------------------------------------------

#: 903 fields the SSD contract does not hold: always blank in a return made from the warehouse
NEVER_HELD_903: dict[str, str] = {
    "UPN": "UPN",
    **dict.fromkeys(("MOTHER", "MC_DOB"), "motherhood (MOTHER, MC_DOB)"),
    **dict.fromkeys(("SDQ_SCORE", "SDQ_REASON"), "the SDQ score or reason"),
    **dict.fromkeys(("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
                     "INTERVENTION_OFFERED"), "OC2 items other than health assessment and teeth check"),
    **dict.fromkeys(("FOSTER_CARE", "NB_ADOPTR", "NB_ADOPTER", "SEX_ADOPTR", "LS_ADOPTR"), "the adopters' details"),
    "REASON_PLACED_CEASED": "the reason a decision to place for adoption was reversed",
    **dict.fromkeys(("PREV_PERM", "LA_PERM", "DATE_PERM"), "previous permanence"),
    **dict.fromkeys(("HOME_POST", "PL_DISTANCE"), "the child's home postcode (and so the placement distance)"),
    "SW_ID": "the social worker's Social Work England registration number",
}
NOT_IN_CONTRACT = " (the SSD contract does not hold it)"
#: 903 fields that come with an optional SSD table: field -> (the return's file, SSD table)
OPTIONAL_903: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("UASC", "DUC"), ("UASC", "ssd_immigration_status")),
    **dict.fromkeys(("REVIEW", "REVIEW_CODE"), ("Reviews", "ssd_cla_reviews")),
    **dict.fromkeys(("SW_DECOM", "SW_DEC", "SW_REASON"), ("SWEpisodes", "ssd_involvements")),
}
#: fields that only place a check (whose child, which episode); a rule whose other fields are all not
#: held cannot apply
CONTEXT_903 = frozenset({"CHILD", "DOB", "SEX", "LS", "DECOM", "DEC", "REC", "RNE", "PLACE"})
#: rules read from their code, where the fields they list would mislead: they cannot apply
NOT_APPLICABLE_903: dict[str, tuple[str, str]] = {
    "165": ("MOTHER", "MOTHER"),  # fires on a blank MOTHER; the rest of its fields only select the children
    "151": ("FOSTER_CARE", "the adopters' details"),  # all of AD1 or none: DATE_INT is held, the adopters never
    "392d": ("HOME_POST", "the child's home postcode"),  # compares HOME_POST with PL_POST
    "630": ("PREV_PERM", "previous permanence"),  # names RNE, but wants PREV_PERM for every child starting care
}

#: file name in a return folder -> the validator's table name
TABLE_OF_FILE = {"header": "Header", "episodes": "Episodes", "reviews": "Reviews", "uasc": "UASC", "oc2": "OC2",
                 "oc3": "OC3", "ad1": "AD1", "placed_for_adoption": "PlacedAdoption",
                 "previous_permanence": "PrevPerm", "missing": "Missing", "social_worker_episodes": "SWEpisodes"}

Rows = dict[str, list[dict[str, str]]]


@dataclass(frozen=True)
class RowCheck:
    """A rule that fires either on a field not held or on a real gap: when `unheld` is blank throughout
    the return, the finding is not_held if `held` says the row has everything else, an error otherwise."""

    unheld: str
    field: str
    held: Callable[[dict[str, str], str, Rows], bool]


def _present(*names: str) -> Callable[[dict[str, str], str, Rows], bool]:
    def check(row: dict[str, str], table: str, tables: Rows) -> bool:
        return all((row.get(n) or "").strip() for n in names)
    return check


def _via_child(table: str, *names: str) -> Callable[[dict[str, str], str, Rows], bool]:
    """On `table`'s row: its fields `names` are present; on another table's row: the child's `table` row's are."""
    def check(row: dict[str, str], row_table: str, tables: Rows) -> bool:
        if row_table == table:
            return _present(*names)(row, row_table, tables)
        return any(r.get("CHILD") == row.get("CHILD") and _present(*names)(r, table, tables)
                   for r in tables.get(table, []))
    return check


ROW_CHECKS_903: dict[str, RowCheck] = {
    # no postcodes: HOME_POST never is; PL_POST should be
    "392b": RowCheck("HOME_POST", "the child's home postcode", _present("PL_POST")),
    # a reversed decision needs its reason, which the SSD does not hold; a missing reversal date is a real gap
    "119": RowCheck("REASON_PLACED_CEASED", "the reason a decision to place for adoption was reversed",
                    _present("DATE_PLACED_CEASED")),
    "557": RowCheck("REASON_PLACED_CEASED", "the reason a decision to place for adoption was reversed",
                    _via_child("PlacedAdoption", "DATE_PLACED_CEASED")),
    # an adoption needs all of AD1: the decision and match dates are held, the adopters' details are not
    "601": RowCheck("FOSTER_CARE", "the adopters' details", _via_child("AD1", "DATE_INT", "DATE_MATCH")),
    # social worker episodes complete (to 2024-25): the start and reason are held, the registration number never
    "SW01aSTG1": RowCheck("SW_ID", "the social worker's Social Work England registration number",
                          _present("SW_DECOM")),
    "SW01bSTG1": RowCheck("SW_ID", "the social worker's Social Work England registration number",
                          _present("SW_DECOM", "SW_REASON")),
    # OC2 completeness: health assessment and teeth check are held, immunisations and substance misuse are not
    "191": RowCheck("IMMUNISATIONS", "OC2 items other than health assessment and teeth check",
                    _present("HEALTH_ASSESSMENT", "TEETH_CHECK")),
}

#: rules whose own text says they can only see the current and previous year's episodes
TOOL_LIMIT_903 = frozenset({"1001", "1002"})


def _not_looked_after_at_year_end(row: dict[str, str], table: str, tables: Rows) -> bool:
    """The row's child has no episode open at 31 March (other than a V3/V4 short break)."""
    return not any(e.get("CHILD") == row.get("CHILD") and not (e.get("DEC") or "").strip()
                   and (e.get("LS") or "") not in ("V3", "V4") for e in tables.get("Episodes", []))


def _day(text: str | None) -> date | None:
    try:
        return datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def _social_worker_met(row: dict[str, str], table: str, tables: Rows) -> bool:
    """An episode that starts a period of care has a social worker episode starting on or after it, and
    one that ends a period has one starting on or before its end: what SW12STG2 asks of each."""
    starts = [_day(s.get("SW_DECOM")) for s in tables.get("SWEpisodes", []) if s.get("CHILD") == row.get("CHILD")]
    starts = [s for s in starts if s]
    decom, dec = _day(row.get("DECOM")), _day(row.get("DEC"))
    starts_ok = row.get("RNE") != "S" or (decom is not None and any(s >= decom for s in starts))
    ends_ok = (row.get("REC") or "X1") == "X1" or (dec is not None and any(s <= dec for s in starts))
    return bool(starts) and starts_ok and ends_ok


def _next_social_worker(row: dict[str, str], table: str, tables: Rows) -> bool:
    """Another social worker episode of the child starts on or after this one's end."""
    end = _day(row.get("SW_DEC"))
    return end is not None and any(
        s is not row and s.get("CHILD") == row.get("CHILD") and (_day(s.get("SW_DECOM")) or date.min) >= end
        for s in tables.get("SWEpisodes", []))


#: rules the package applies wider than the DfE's text: (the rows where it does so, the note)
SCOPE_LIMITS_903: dict[str, tuple[Callable[[dict[str, str], str, Rows], bool], str]] = {
    "SW17STG2": (_not_looked_after_at_year_end,
                 "csc-validator-be-903 checks every child for a social worker episode open at 31 March; the "
                 "rule is for children looked after then, and this one was not"),
    "SW11bSTG2": (lambda row, table, tables: _not_looked_after_at_year_end(row, table, tables)
                  or _next_social_worker(row, table, tables),
                  "csc-validator-be-903 wants a next social worker episode after one ending in the year's last "
                  "days; this child has one, or left care then"),
    "SW12STG2": (_social_worker_met,
                 "csc-validator-be-903 compares the episode with every social worker episode of the child (one "
                 "from an earlier or later period of care fails it); the episode has the one the rule asks for"),
}


@dataclass
class Context:
    """What classification may look up: the return's own rows (903) and the warehouse's care history."""

    first_episode: dict[str, date] = field(default_factory=dict)
    folder: Path | None = None

    @classmethod
    def from_warehouse(cls, warehouse: Path | None, la_code: str, year: int, folder: Path | None = None) -> Context:
        first: dict[str, date] = {}
        if warehouse is not None and warehouse.exists():
            import duckdb

            from runner.returns.common import connect, has_relation

            try:
                con = connect(warehouse)
            except Exception:  # noqa: BLE001 - classification works without the warehouse
                return cls({}, folder)
            try:
                if has_relation(con, "returns", "ret_ssda903__episodes"):
                    first = dict(con.execute(
                        "select child, min(decom) from returns.ret_ssda903__episodes where la_code = ? group by child",
                        [la_code]).fetchall())
            except duckdb.Error:
                first = {}
            finally:
                con.close()
        return cls(first, folder)


def classify(v: Validation, context: Context) -> None:
    """Set each rule's status and each finding's category and note (in place)."""
    if v.kind == "cin_census":
        _classify_cin(v)
    else:
        _classify_903(v, context)


def _classify_cin(v: Validation) -> None:
    not_held = {code: f"{label}, blank throughout this return" for code, (table, column, label) in CIN_FIELDS.items()
                if column not in v.filled.get(table, ())}
    _apply(v, not_held, {})


def _classify_903(v: Validation, context: Context) -> None:
    filled = {column for columns in v.filled.values() for column in columns}
    unheld = {name: text + NOT_IN_CONTRACT for name, text in NEVER_HELD_903.items() if name not in filled}
    for name, (table, ssd_table) in OPTIONAL_903.items():
        if name not in filled:
            unheld[name] = (f"{name} (the return has no {table} file, or it is empty: the authority supplied no "
                            f"{ssd_table})")
    not_held: dict[str, str] = {}
    for rule in v.rules:
        code, fields = rule["rule_code"], set(rule.get("fields") or [])
        substantive = fields - CONTEXT_903
        if code in NOT_APPLICABLE_903 and NOT_APPLICABLE_903[code][0] not in filled:
            not_held[code] = NOT_APPLICABLE_903[code][1] + NOT_IN_CONTRACT
        elif substantive and substantive <= set(unheld):
            not_held[code] = "; ".join(sorted({unheld[f] for f in substantive}))
    checks = {code: check for code, check in ROW_CHECKS_903.items() if check.unheld not in filled}
    _apply(v, not_held, checks, context, year_start=date(v.year - 1, 4, 1), scope_limits=SCOPE_LIMITS_903)


def _apply(v: Validation, not_held: dict[str, str], row_checks: dict[str, RowCheck], context: Context | None = None,
           year_start: date | None = None, scope_limits: dict | None = None) -> None:
    scope_limits = scope_limits or {}
    tables = _read_903(context.folder) if (row_checks or scope_limits) and context and context.folder else {}
    for finding in v.findings:
        code = finding["rule_code"]
        if code in not_held:
            finding.update(category="not_held", note=f"needs {not_held[code]}")
        elif code in row_checks and tables:
            check = row_checks[code]
            row = _row(tables, finding)
            if row is not None and check.held(row, finding.get("table_name") or "", tables):
                finding.update(category="not_held",
                               note=f"needs {check.field}{NOT_IN_CONTRACT}, blank throughout this return")
        elif code in scope_limits and tables:
            limited, note = scope_limits[code]
            row = _row(tables, finding)
            if row is not None and limited(row, finding.get("table_name") or "", tables):
                finding.update(category="tool_limit", note=note)
        elif code in TOOL_LIMIT_903 and context and year_start:
            first = context.first_episode.get(finding.get("child_id") or "")
            seen_from = date(year_start.year - 1, 4, 1)  # the validator reads this year and last year
            if first is not None and first < seen_from:
                finding.update(category="tool_limit",
                               note=f"the young person's care began {first.isoformat()}, before the two years the "
                                    "validator reads; the warehouse holds it")
    for rule in v.rules:
        if rule["status"] == "ran" and rule["rule_code"] in not_held:
            rule.update(status="not_applicable", reason=f"needs {not_held[rule['rule_code']]}")


def _read_903(folder: Path) -> Rows:
    """The return folder's files as the validator indexes them: rows in order, blank lines skipped."""
    from runner.returns.ssda903 import FILES

    by_columns = {frozenset(columns): TABLE_OF_FILE[name] for name, (_, columns, _, _) in FILES.items()}
    tables: Rows = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            table = by_columns.get(frozenset(h.strip().upper() for h in reader.fieldnames or []))
            if table:
                tables[table] = [row for row in reader if any((v or "").strip() for v in row.values())]
    return tables


def _row(tables: Rows, finding: dict) -> dict[str, str] | None:
    rows = tables.get(finding.get("table_name") or "")
    index = finding.get("row_number")
    if rows is None or index is None or not 0 <= int(index) < len(rows):
        return None
    return rows[int(index)]

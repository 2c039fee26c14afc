"""What a DfE rule's finding means (runner/validate/coverage.py), on hand-made results: a rule on a field
blank throughout the return does not apply; a rule that fires on a field not held or on a real gap is
told apart row by row; the validator's own limits are named, not counted as errors."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from runner.validate.coverage import Context, classify
from runner.validate.run import Validation


def _validation(kind: str, rules: list[dict], findings: list[dict], filled: dict, tables=()) -> Validation:
    for f in findings:
        f.setdefault("category", "error")
        f.setdefault("note", None)
    return Validation(kind, "874", 2026, Path("x"), "ruleset", "package", rules, findings,
                      datetime(2026, 5, 1), list(tables), filled)


def _rule(code: str, fields=(), severity="error") -> dict:
    return {"rule_code": code, "message": "m", "severity": severity, "status": "ran", "reason": None,
            "fields": list(fields)}


def test_a_census_rule_on_a_field_blank_throughout_does_not_apply():
    findings = [{"rule_code": "8770Q", "category": "query", "table_name": "ChildIdentifiers", "row_number": 0},
                {"rule_code": "8500", "table_name": "ChildIdentifiers", "row_number": 1}]
    blank = _validation("cin_census", [_rule("8770Q", severity="query"), _rule("8500"), _rule("1510")],
                        [dict(f) for f in findings], {"ChildIdentifiers": ["LAchildID"]})
    classify(blank, Context())
    assert [f["category"] for f in blank.findings] == ["not_held", "error"]
    assert {r["rule_code"]: r["status"] for r in blank.rules} == {"8770Q": "not_applicable", "8500": "ran",
                                                                  "1510": "not_applicable"}
    assert "UPN" in blank.rules[0]["reason"]
    # a census from a case management system has UPNs: the UPN rules apply to it
    filled = _validation("cin_census", [_rule("8770Q", severity="query")], [dict(findings[0])],
                         {"ChildIdentifiers": ["LAchildID", "UPN"]})
    classify(filled, Context())
    assert filled.findings[0]["category"] == "query" and filled.rules[0]["status"] == "ran"


def _write(folder: Path, name: str, columns: list[str], rows: list[list[str]]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def test_903_findings_are_told_apart_row_by_row(tmp_path: Path):
    episodes = ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
                "HOME_POST", "PL_POST", "URN"]
    _write(tmp_path, "episodes.csv", episodes, [
        # A is in care at 31 March; B left in June and has no placement postcode
        ["A", "01/04/2025", "S", "C2", "N1", "U1", "PR1", "", "", "", "", "PE1 1AA", "SC000001"],
        ["B", "01/04/2025", "S", "C2", "N1", "U1", "PR1", "01/06/2025", "E8", "", "", "", "SC000001"],
    ])
    _write(tmp_path, "social_worker_episodes.csv", ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"], [
        ["A", "01/01/2010", "", "01/04/2025", "01/02/2026", "FCONTA"],
        ["B", "01/01/2010", "", "01/04/2025", "01/06/2025", "FCONTA"],
    ])
    rules = [_rule("392b", ["HOME_POST", "PL_POST"]), _rule("442", ["UPN"]), _rule("SW17STG2", ["SW_DEC", "SW_DECOM"])]
    findings = [
        {"rule_code": "392b", "table_name": "Episodes", "row_number": 0, "child_id": "A"},  # PL_POST held: not_held
        {"rule_code": "392b", "table_name": "Episodes", "row_number": 1, "child_id": "B"},  # no PL_POST: an error
        {"rule_code": "442", "table_name": "Header", "row_number": 0, "child_id": "A"},
        {"rule_code": "SW17STG2", "table_name": "SWEpisodes", "row_number": 0, "child_id": "A"},  # in care: error
        {"rule_code": "SW17STG2", "table_name": "SWEpisodes", "row_number": 1, "child_id": "B"},  # left care: limit
    ]
    filled = {"Episodes": ["CHILD", "DECOM", "PL_POST", "URN"], "SWEpisodes": ["CHILD", "SW_DECOM", "SW_DEC"],
              "Header": ["CHILD", "DOB"]}
    v = _validation("ssda903", rules, findings, filled, tables=("Episodes", "SWEpisodes", "Header"))
    classify(v, Context(folder=tmp_path))
    assert [f["category"] for f in v.findings] == ["not_held", "error", "not_held", "error", "tool_limit"]
    assert "home postcode" in v.findings[0]["note"]
    assert {r["rule_code"]: r["status"] for r in v.rules} == {"392b": "ran", "442": "not_applicable",
                                                              "SW17STG2": "ran"}

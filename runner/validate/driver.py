"""Runs the DfE rules of Data to Insight's validators on one return; executed by the validators' own
Python (runner/validate/env.py), never imported by the runner, whose packages it cannot see.

    python driver.py JOB.json RESULT.json

JOB names the return: {"kind": "cin_census" | "ssda903", "year": 2026, "files": [...],
"previous_files": [...] (SSDA903: last year's return, for the rules that compare years),
"la_area_code": "E06000031"}. RESULT gets every rule of the year's rule set with what became of it
(ran, not_run and why, failed and the exception) and every finding (rule, table, field, row, child).

The packages are used through their own entry points (cin_validator.CinValidator,
lac_validator.LacValidator and its Report), with each rule's function wrapped so that a rule that
raises is recorded here instead of vanishing into the packages' own "print and carry on". Two
departures: the census is read into the package's tables in one pass (cin_tables; a test checks the
findings are the same), and last year's 903 tables are aligned with this year's before the years are
compared (aligned_store).
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib.metadata
import inspect
import json
import logging
import sys
import traceback
from pathlib import Path


def main(argv: list[str]) -> int:
    job = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    out = Path(argv[2])
    # the packages print and log as they go: keep it off stdout, which the runner shows on failure
    with contextlib.redirect_stdout(sys.stderr):
        try:
            if job["kind"] == "cin_census":
                result = run_cin(job)
            elif job["kind"] == "ssda903":
                result = run_903(job)
            else:
                raise ValueError(f"unknown return kind {job['kind']!r}")
        except NoRuleset as exc:
            result = {"error": str(exc)}
        except Exception as exc:  # the input could not be read by the package: say so, in one line
            result = {"error": f"the validator could not read the return: {type(exc).__name__}: {exc}",
                      "traceback": traceback.format_exc()}
    out.write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


class NoRuleset(Exception):
    pass


def _versions() -> dict[str, str]:
    names = ("csc-validator-be-cin", "csc-validator-be-903", "pandas", "numpy")
    found = {}
    for name in names:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found[name] = importlib.metadata.version(name)
    return found


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return text[:300]


def _wrap(rule, failed: dict[str, str]):
    """The rule with its function recording any exception before re-raising it."""
    func = rule.func

    @__import__("functools").wraps(func)
    def recorded(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            failed[str(rule.code)] = _short(exc)
            raise

    return dataclasses.replace(rule, func=recorded)


def _filled(tables: dict) -> dict[str, list[str]]:
    """Per table, the columns with a value in at least one row: a field blank throughout the return is
    one its source did not hold, and the rules on it say nothing about the data."""
    filled = {}
    for name, frame in tables.items():
        if hasattr(frame, "columns"):
            filled[name] = sorted(str(c) for c in frame.columns if frame[c].notna().any())
    return filled


def _records(frame, columns: dict[str, str]) -> list[dict]:
    """Rows of a pandas frame as dicts with the runner's names (missing columns as None)."""
    if frame is None or len(frame) == 0:
        return []
    rows = []
    for values in frame.to_dict(orient="records"):
        rows.append({ours: _plain(values.get(theirs)) for ours, theirs in columns.items()})
    return rows


def _plain(value):
    try:
        import pandas as pd

        if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
            return None
    except (TypeError, ValueError):
        pass
    text = str(value)
    return text.split(".", 1)[1] if text.startswith("CINTable.") else text


# ---- CIN census -----------------------------------------------------------------------------------


def run_cin(job: dict) -> dict:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator
    from cin_validator.rules.ruleset_utils import get_year_ruleset

    year = str(job["year"])
    try:
        registry = get_year_ruleset(year)
    except ModuleNotFoundError as exc:
        raise NoRuleset(f"csc-validator-be-cin {_versions().get('csc-validator-be-cin')} has no rules for "
                        f"collection year {year} ({_cin_years()})") from exc
    root = ET.parse(job["files"][0]).getroot()
    raw = cin_validator.convert_data(root) if job.get("ingest") == "package" else cin_tables(root)
    data = cin_validator.process_data(raw)
    failed: dict[str, str] = {}
    wrapped = {code: _wrap(rule, failed) for code, rule in registry.items()}
    validator = cin_validator.CinValidator(data, wrapped)

    findings = _records(validator.full_issue_df, {
        "rule_code": "rule_code", "table_name": "tables_affected", "field_name": "columns_affected",
        "row_number": "row_id", "child_id": "child_id"})
    findings += _records(validator.multichild_issues, {"rule_code": "rule_code"})
    rules = []
    for code, rule in registry.items():
        code = str(code)
        kind = getattr(getattr(rule, "rule_type", None), "value", "Error")
        entry = {"rule_code": code, "message": rule.message, "severity": "query" if kind == "Query" else "error",
                 "status": "ran", "reason": None}
        if code in failed:
            entry.update(status="failed", reason=f"the rule raised {failed[code]}")
        rules.append(entry)
    return {"package": _versions(), "ruleset": f"cin{int(year) - 1}_{year[2:]}", "rules": rules,
            "findings": findings, "tables": sorted(name for name, table in raw.items() if len(table)),
            "filled": _filled(raw)}


#: the census tables as cin_validator.ingress.XMLtoCSV builds them: (table, columns)
CIN_COLUMNS = {
    "Header": ["Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo",
               "DateTime"],
    "ChildIdentifiers": ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
                         "GenderCurrent", "Sex", "PersonDeathDate"],
    "ChildCharacteristics": ["LAchildID", "Ethnicity"],
    "Disabilities": ["LAchildID", "Disability"],
    "CINdetails": ["LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode",
                   "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"],
    "Assessments": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate",
                    "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "AssessmentFactors"],
    "AssessmentFactorsList": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"],
    "CINplanDates": ["LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"],
    "Section47": ["LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired"],
    "ChildProtectionPlans": ["LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate",
                             "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
    "Reviews": ["LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"],
}


#: the tables the package appends in their declared column order (no realignment, pd.NA kept)
ALIGNED = frozenset({"Header", "ChildIdentifiers", "ChildCharacteristics", "Disabilities", "AssessmentFactorsList",
                     "Reviews"})


def cin_tables(root) -> dict:
    """The census's tables as cin_validator.convert_data makes them, built in one pass: the package's
    own ingress appends child by child (pd.concat per record group) and takes minutes on an
    authority's census. Same rows, columns, order and values; a missing element is pd.NA (None when
    empty), except where the package's concat realigns a group's columns, which turns a column with
    no value in that group into NaN. Which groups it realigns depends on the order of a Python set
    (on the process's hash seed), so the package itself varies there; here the tables the package
    builds in column order keep pd.NA and the others get NaN, its usual result. The runner runs both
    with PYTHONHASHSEED=0, and tests/test_returns_validate.py checks that both ingresses give the same
    findings on the fixtures and on a generated census."""
    import numpy as np
    import pandas as pd

    rows: dict[str, list[dict]] = {name: [] for name in CIN_COLUMNS}

    def add(table: str, group: list[dict]) -> None:
        """Append one group as the package does, all-missing columns of a realigned group becoming NaN."""
        if table in ALIGNED:
            rows[table].extend(group)
            return
        columns = {c for row in group for c in row}
        for column in columns:
            if all(row.get(column) is None or row.get(column) is pd.NA for row in group):
                for row in group:
                    row[column] = np.nan
        rows[table].extend(group)

    def values(block, names) -> dict:
        out = {}
        for name in names:
            found = block.find(name) if block is not None else None
            out[name] = found.text if found is not None else pd.NA
        return out

    header = root.find("Header")
    head = {**values(header.find("CollectionDetails"), ["Collection", "Year", "ReferenceDate"]),
            **values(header.find("Source"), CIN_COLUMNS["Header"][3:])}
    add("Header", [head])
    for child in root.find("Children").findall("Child"):
        ids = values(child.find("ChildIdentifiers"), CIN_COLUMNS["ChildIdentifiers"])
        child_id = ids.get("LAchildID", pd.NA)
        add("ChildIdentifiers", [ids])
        characteristics = child.find("ChildCharacteristics")
        add("ChildCharacteristics", [{"LAchildID": child_id, **values(characteristics, ["Ethnicity"])}])
        disabilities = characteristics.find("Disabilities") if characteristics is not None else None
        if disabilities is not None:
            add("Disabilities", [{"LAchildID": child_id, "Disability": d.text} for d in disabilities])
        details = []
        for detail_id, detail in enumerate(child.findall("CINdetails"), start=1):
            key = {"LAchildID": child_id, "CINdetailsID": detail_id}
            assessments = []
            for assessment_id, assessment in enumerate(detail.findall("Assessments"), start=1):
                row = {**key, "AssessmentID": assessment_id,
                       **values(assessment, CIN_COLUMNS["Assessments"][3:6])}
                factors = assessment.find("FactorsIdentifiedAtAssessment")
                if factors is not None and len(factors):
                    listed = [f.text for f in factors]
                    add("AssessmentFactorsList", [{**key, "AssessmentID": assessment_id, "AssessmentFactor": f}
                                                  for f in listed])
                    row["AssessmentFactors"] = listed
                assessments.append(row)
            add("Assessments", assessments)
            add("CINplanDates", [{**key, **values(p, CIN_COLUMNS["CINplanDates"][2:])}
                                 for p in detail.findall("CINPlanDates")])
            add("Section47", [{**key, **values(s, CIN_COLUMNS["Section47"][2:])} for s in detail.findall("Section47")])
            plans = []
            for cpp_id, plan in enumerate(detail.findall("ChildProtectionPlans"), start=1):
                plans.append({**key, "CPPID": cpp_id, **values(plan, CIN_COLUMNS["ChildProtectionPlans"][3:])})
                add("Reviews", [{**key, "CPPID": cpp_id, **values(r, ["CPPreviewDate"])}
                                for r in plan.findall("Reviews[CPPreviewDate]")])
            add("ChildProtectionPlans", plans)
            details.append({**key, **values(detail, CIN_COLUMNS["CINdetails"][2:])})
        add("CINdetails", details)
    tables = {}
    for name, columns in CIN_COLUMNS.items():
        frame = pd.DataFrame(rows[name], columns=columns, dtype=object)
        tables[name] = frame if len(frame) else pd.DataFrame(columns=columns)
    return tables


def _cin_years() -> str:
    import cin_validator.rules as rules

    years = sorted(int(p.name[-2:]) + 2000 for p in Path(list(rules.__path__)[0]).glob("cin20*_*"))
    return f"it has {years[0]} to {years[-1]}" if years else "it has none"


# ---- SSDA903 --------------------------------------------------------------------------------------


#: the first collection year whose 903 codes SEX as M/F/U
SEX_CODES_FROM = 2025


def run_903(job: dict) -> dict:
    from lac_validator import lac_validator
    from lac_validator.ingress import _BufferedUploadedFile
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    logging.getLogger().setLevel(logging.CRITICAL)  # the package logs every rule at INFO
    year = str(job["year"])
    try:
        registry = get_year_ruleset(year)
    except ModuleNotFoundError as exc:
        raise NoRuleset(f"csc-validator-be-903 {_versions().get('csc-validator-be-903')} has no rules for "
                        f"collection year {year} ({_903_years()})") from exc
    files = [_BufferedUploadedFile(p, Path(p).name, "This year") for p in job["files"]]
    files += [_BufferedUploadedFile(p, Path(p).name, "Prev year") for p in job.get("previous_files", [])]
    failed: dict[str, str] = {}
    wrapped = {code: _wrap(rule, failed) for code, rule in registry.items()}
    metadata = {"collectionYear": year, "localAuthority": job["la_area_code"]}

    make_store = lac_validator.create_datastore

    def aligned_store(data: dict, meta: dict) -> dict:
        """The package's data store with last year's tables made comparable with this year's: from
        2024-25 the 903 codes SEX as M/F/U, before as 1/2, so last year's is recoded (rule 202 would
        otherwise find every child's sex changed); and last year's rows are numbered after this year's,
        since rules that concatenate the two years pick rows by their number (rule 1001 drops a V3/V4
        episode by number and, when both years number from 0, another child's episode of that number)."""
        store = make_store(data, meta)
        for name in [n for n in store if n.endswith("_last")]:
            frame, current = store[name], store.get(name[: -len("_last")])
            if int(year) >= SEX_CODES_FROM and "SEX" in frame:
                frame["SEX"] = frame["SEX"].replace({"1": "M", "2": "F"})
            if current is not None:
                frame.index = frame.index + len(current)
        return store

    lac_validator.create_datastore = aligned_store
    validator = lac_validator.LacValidator(metadata=metadata, files=files, registry=wrapped)
    logging.getLogger().setLevel(logging.CRITICAL)

    report = Report(validator.ds_results, wrapped)
    try:
        issues = lac_validator.create_issue_df(report.report, report.error_report)
    except ValueError:  # no rule found anything: nothing to concatenate
        issues = None
    findings = _records(issues, {
        "rule_code": "rule_code", "table_name": "tables_affected", "field_name": "columns_affected",
        "row_number": "row_id", "child_id": "child_id"})

    present = set(validator.dfs)
    skipped = {str(c) for c in validator.skips}
    rules = []
    for code, rule in registry.items():
        code = str(code)
        entry = {"rule_code": code, "message": rule.message, "severity": "error", "status": "ran", "reason": None,
                 "fields": [str(f) for f in (rule.affected_fields or [])]}
        if code in failed:
            entry.update(status="failed", reason=f"the rule raised {failed[code]}")
        elif code in skipped:
            entry.update(status="not_run", reason=_why_skipped(rule, present))
        rules.append(entry)
    return {"package": _versions(), "ruleset": f"lac{int(year) - 1}_{year[2:]}", "rules": rules,
            "findings": findings, "tables": sorted(present), "filled": _filled(validator.dfs)}


def _why_skipped(rule, present: set[str]) -> str:
    """Why a 903 rule returned no result: the tables or lookups it needs that this run lacks."""
    try:
        source = inspect.getsource(rule.func)
    except (OSError, TypeError):
        source = ""
    if "file_format" in source and '"csv"' in source:
        return "checks the XML form of the return only (this one is CSV files)"
    if "provider_info" in source:
        return ("needs Ofsted's children's homes and social care providers lists (the URN lookup), "
                "which the runner does not hold")
    names = [t for t in (rule.tables or []) if isinstance(t, str)]
    wanted = [t for t in names if t not in present]
    lasts = sorted({t for t in _quoted_tables(source) if t.endswith("_last") and t not in present})
    missing = wanted + [t for t in lasts if t not in wanted]
    if missing:
        return f"needs {', '.join(missing)}, not in this return"
    if "UASC" in source:
        return "needs to know which children are or were UASC (the UASC file), not in this return"
    return "the rule returned no result (it needs a table this return lacks)"


def _quoted_tables(source: str) -> set[str]:
    import re

    return set(re.findall(r"[\"']([A-Za-z0-9]+(?:_last)?)[\"'] not in dfs", source))


def _903_years() -> str:
    import lac_validator.rules as rules

    years = sorted(int(p.name[-2:]) + 2000 for p in Path(list(rules.__path__)[0]).glob("lac20*_*"))
    return f"it has {years[0]} to {years[-1]}" if years else "it has none"


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""Runs the DfE rules of Data to Insight's validators on one return; executed by the validators' own
Python (runner/validate/env.py), never imported by the runner, whose packages it cannot see.

    python driver.py JOB.json RESULT.json

JOB names the return: {"kind": "cin_census" | "ssda903", "year": 2026, "files": [...],
"previous_files": [...] (SSDA903: last year's return, for the rules that compare years),
"la_area_code": "E06000031"}. RESULT gets every rule of the year's rule set with what became of it
(ran, not_run and why, failed and the exception) and every finding (rule, table, field, row, child).

The packages are used through their own entry points (cin_validator.CinValidator,
lac_validator.LacValidator and its Report), with each rule's function wrapped so that a rule that
raises is recorded here instead of vanishing into the packages' own "print and carry on".
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
    data = cin_validator.process_data(cin_validator.convert_data(root))
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
    sizes = {name: len(table) for name, table in data.items()}
    return {"package": _versions(), "ruleset": f"cin{int(year) - 1}_{year[2:]}", "rules": rules,
            "findings": findings, "tables": sorted(name for name, n in sizes.items() if n)}


def _cin_years() -> str:
    import cin_validator.rules as rules

    years = sorted(int(p.name[-2:]) + 2000 for p in Path(rules.__file__).parent.glob("cin20*_*"))
    return f"it has {years[0]} to {years[-1]}" if years else "it has none"


# ---- SSDA903 --------------------------------------------------------------------------------------


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
            "findings": findings, "tables": sorted(present)}


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

    years = sorted(int(p.name[-2:]) + 2000 for p in Path(rules.__file__).parent.glob("lac20*_*"))
    return f"it has {years[0]} to {years[-1]}" if years else "it has none"


if __name__ == "__main__":
    sys.exit(main(sys.argv))

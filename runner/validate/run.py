"""`runner validate`: the DfE's validation rules on a CIN census or an SSDA903 return, through Data to
Insight's packages (run in their own environment: runner/validate/env.py, driver.py).

Every rule of the year's rule set is accounted for: it ran (with its findings), was not run (the
return lacks a file it needs, or a lookup the runner does not hold, named), failed (the package's rule
raised: the exception is named), or does not apply (it checks a field the SSD contract does not hold:
runner/validate/coverage.py). Each finding is classed error, query, not_held or tool_limit. Findings
go to a CSV beside the return (or in --out) and to the warehouse (returns.dfe_rule_findings and
returns.dfe_rule_runs), which the report's data-quality page counts.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from runner.atomic import files_into
from runner.errors import BadInput, RunnerError
from runner.export import inside
from runner.returns.common import out_folder
from runner.settings import PROJECT_DIR
from runner.validate import coverage, env
from runner.validate.store import save

DRIVER = Path(__file__).with_name("driver.py")
LA_LOOKUP = PROJECT_DIR / "seeds" / "la_lookup.csv"
KIND_NAMES = {"cin_census": "CIN census", "ssda903": "SSDA903"}
FINDING_COLUMNS = ("la_code", "collection_year", "return_kind", "rule_code", "severity", "category", "message",
                   "table_name", "field_name", "row_number", "child_id", "note", "source", "validated_at")
RULE_COLUMNS = ("la_code", "collection_year", "return_kind", "rule_code", "severity", "message", "status", "reason",
                "findings", "error_records", "query_records", "not_held_records", "tool_limit_records", "ruleset",
                "package", "source", "validated_at")
CATEGORIES = ("error", "query", "not_held", "tool_limit")


class ValidatorFailed(RunnerError):
    """The validators' process itself failed (not a rule: the whole run). Exit 2 with its last line."""


@dataclass
class Validation:
    """One return validated: every rule with its status, every finding with its category."""

    kind: str
    la_code: str
    year: int
    source: Path
    ruleset: str
    package: str
    rules: list[dict]
    findings: list[dict]
    validated_at: datetime
    tables: list[str] = field(default_factory=list)  # the return's tables that hold rows (or files, 903)
    filled: dict[str, list[str]] = field(default_factory=dict)  # per table, the columns with any value
    outputs: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        statuses = Counter(r["status"] for r in self.rules)
        lines = [f"{KIND_NAMES[self.kind]} {self.year - 1}-{str(self.year)[2:]}, LA {self.la_code} ({self.source}): "
                 f"{len(self.rules)} DfE rules ({self.ruleset}, {self.package})",
                 "  " + ", ".join(f"{statuses.get(s, 0)} {label}" for s, label in (
                     ("ran", "ran"), ("not_applicable", "do not apply (a field blank throughout the return)"),
                     ("not_run", "not run"), ("failed", "failed")))]
        for category, label in (("error", "errors"), ("query", "queries"), ("not_held", "fields not held"),
                                ("tool_limit", "beyond what the validator can see")):
            records = self.records(category)
            listed = ", ".join(f"{code} {n:,}" for code, n in sorted(records.items(), key=lambda kv: (-kv[1], kv[0])))
            lines.append(f"  {label}: {sum(records.values()):,} records" + (f" ({listed})" if listed else ""))
        by_reason: dict[tuple[str, str], list[str]] = {}
        for rule in self.rules:
            if rule["status"] != "ran":
                by_reason.setdefault((rule["status"], rule["reason"] or ""), []).append(rule["rule_code"])
        for (status, reason), codes in sorted(by_reason.items()):
            lines.append(f"  {status.replace('_', ' ')} ({reason}): {', '.join(sorted(codes))}")
        lines += [f"  -> {o}" for o in self.outputs]
        return lines

    def records(self, category: str) -> Counter:
        """Per rule, the records (rows of the return, or the return itself) it found in this category."""
        seen = {(f["rule_code"], f.get("table_name"), f.get("row_number")) for f in self.findings
                if f["category"] == category}
        return Counter(code for code, _, _ in seen)

    @property
    def error_count(self) -> int:
        return sum(self.records("error").values())


# ---- the three ways in ---------------------------------------------------------------------------


def validate_cin_file(path: Path, *, year: int | None, la_code: str | None, out_dir: Path | None,
                      warehouse: Path | None, echo: Callable[[str], None] = print) -> Validation:
    """A CIN census XML file; the year and LA default to its header's."""
    path = Path(path).resolve()
    header = read_cin_header(path)
    year = year or _header_year(path, header)
    la_code = la_code or _header_la(path, header)
    result = run_driver({"kind": "cin_census", "year": year, "files": [str(path)]}, echo)
    validation = _validation("cin_census", la_code, year, path, result)
    coverage.classify(validation, context=coverage.Context.from_warehouse(warehouse, la_code, year))
    return _finish(validation, out_folder(out_dir or path.parent), warehouse, echo)


def validate_903_dir(folder: Path, *, year: int | None, la_code: str | None, out_dir: Path | None,
                     warehouse: Path | None, previous: Path | None = None,
                     echo: Callable[[str], None] = print) -> Validation:
    """A folder of SSDA903 CSV files (and optionally last year's, for the rules that compare years)."""
    folder = Path(folder).resolve()
    files = ssda903_files(folder)
    previous_files = ssda903_files(Path(previous).resolve()) if previous else []
    year = year or infer_903_year(folder, files)
    if la_code is None:
        la_code = _single_la(warehouse)
    area = area_code(la_code)
    job = {"kind": "ssda903", "year": year, "files": [str(p) for p in files],
           "previous_files": [str(p) for p in previous_files], "la_area_code": area}
    result = run_driver(job, echo)
    validation = _validation("ssda903", la_code, year, folder, result)
    coverage.classify(validation, context=coverage.Context.from_warehouse(warehouse, la_code, year, folder=folder))
    return _finish(validation, out_folder(out_dir or folder.parent), warehouse, echo)


def validate_from_warehouse(warehouse: Path, *, year: int | None, la_code: str | None, out_dir: Path,
                            echo: Callable[[str], None] = print) -> list[Validation]:
    """Write both returns from the warehouse into --out, then validate them (the 903 with last year's)."""
    from runner.returns.cin_census import write_cin_census
    from runner.returns.ssda903 import write_ssda903

    out = out_folder(out_dir)
    cin = write_cin_census(warehouse, out, year, la_code)
    c = cin.collection
    for line in cin.summary_lines():
        echo(line)
    folder = out / f"ssda903_{c.la_code}_{c.year}"
    ssda903 = write_ssda903(warehouse, folder, c.year, c.la_code)
    for line in ssda903.summary_lines():
        echo(line)
    previous = None
    try:
        last = write_ssda903(warehouse, out / f"ssda903_{c.la_code}_{c.year - 1}", c.year - 1, c.la_code)
        previous = last.paths[0].parent if last.paths else None
        echo(f"SSDA903 for {c.year - 1} (last year, for the rules that compare years) -> {previous}")
    except BadInput as exc:
        echo(f"note: no SSDA903 for {c.year - 1} to compare with ({exc}); the year-on-year rules are not run")
    return [
        validate_cin_file(cin.paths[0], year=c.year, la_code=c.la_code, out_dir=out, warehouse=warehouse, echo=echo),
        validate_903_dir(folder, year=c.year, la_code=c.la_code, out_dir=out, warehouse=warehouse, previous=previous,
                         echo=echo),
    ]


# ---- reading the inputs -------------------------------------------------------------------------


def read_cin_header(path: Path) -> dict[str, str]:
    """The census header's leaf values (Year, ReferenceDate, LEA, ...), by local name; exit 2 on a bad file."""
    if not path.is_file():
        raise BadInput(f"{path}: not found (give the CIN census XML file)")
    values: dict[str, str] = {}
    depth = 0
    try:
        for event, el in ET.iterparse(path, events=("start", "end")):
            name = el.tag.rsplit("}", 1)[-1]
            if event == "start":
                depth += 1
                if depth == 1 and name.lower() != "message":
                    raise BadInput(f"{path}: the root element is <{name}>, not <Message>: not a CIN census file")
                continue
            depth -= 1
            if len(el) == 0 and el.text and el.text.strip():
                values.setdefault(name, el.text.strip())
            if name == "Header" or name == "Children":
                break
    except ET.ParseError as exc:
        line, column = exc.position
        raise BadInput(f"{path}: line {line}: not well-formed XML (column {column})") from exc
    return values


def _header_year(path: Path, header: dict[str, str]) -> int:
    year = header.get("Year", "")
    if not year.isdigit():
        raise BadInput(f"{path}: the header has no collection <Year>: give --year")
    return int(year)


def _header_la(path: Path, header: dict[str, str]) -> str:
    lea = header.get("LEA", "")
    if not lea.isdigit():
        raise BadInput(f"{path}: the header has no <LEA>: give --la")
    return lea.zfill(3)


def ssda903_files(folder: Path) -> list[Path]:
    """The folder's SSDA903 CSV files; exit 2 if it is not a folder, holds none, or holds a CSV that is not one."""
    from runner.returns.ssda903 import FILES

    if not folder.is_dir():
        raise BadInput(f"{folder}: not a folder (give the folder that holds the SSDA903 CSV files)")
    known = {frozenset(columns) for _, columns, _, _ in FILES.values()}
    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv"):
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle), [])
        except (UnicodeDecodeError, csv.Error) as exc:
            raise BadInput(f"{path}: line 1: not a readable UTF-8 CSV file ({exc})") from exc
        columns = frozenset(h.strip().upper() for h in header)
        if columns not in known:
            raise BadInput(f"{path}: line 1: its columns ({', '.join(header[:8])}{', ...' if len(header) > 8 else ''}) "
                           "are not those of any SSDA903 file")
        found.append(path)
    if not found:
        raise BadInput(f"{folder}: no SSDA903 CSV files in this folder")
    return found


def infer_903_year(folder: Path, files: list[Path]) -> int:
    """The 31 March on or after the latest episode start (as `runner load ssda903` does)."""
    episodes = next((p for p in files if _columns(p) >= {"DECOM", "RNE"}), None)
    latest = None
    if episodes:
        with episodes.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    day = datetime.strptime((row.get("DECOM") or "").strip(), "%d/%m/%Y").date()
                except ValueError:
                    continue
                latest = day if latest is None or day > latest else latest
    if latest is None:
        raise BadInput(f"{folder}: no episode start dates to infer the collection year from: give --year")
    return latest.year + (1 if latest.month >= 4 else 0)


def _columns(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {h.strip().upper() for h in next(csv.reader(handle), [])}


def area_code(la_code: str) -> str:
    """The authority's E06/E08/E09/E10 code (the SSDA903 validator's name for it), from seeds/la_lookup.csv."""
    with LA_LOOKUP.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["la_code"] == la_code:
                return row["area_code"]
    raise BadInput(f"--la {la_code}: not an English local authority number (seeds/la_lookup.csv)")


def _single_la(warehouse: Path | None) -> str:
    if warehouse and warehouse.exists():
        from runner.returns.common import connect, has_relation

        con = connect(warehouse)
        try:
            if has_relation(con, "returns", "ret_collection_years"):
                las = [r[0] for r in con.execute(
                    "select distinct la_code from returns.ret_collection_years order by 1").fetchall()]
                if len(las) == 1:
                    return las[0]
        finally:
            con.close()
    raise BadInput("the SSDA903 files do not name their authority: give --la")


# ---- running the packages ------------------------------------------------------------------------


def run_driver(job: dict, echo: Callable[[str], None] = print) -> dict:
    python = env.ensure(echo)
    with tempfile.TemporaryDirectory(prefix="runner-validate-") as tmp:
        job_path, result_path = Path(tmp) / "job.json", Path(tmp) / "result.json"
        job_path.write_text(json.dumps(job), encoding="utf-8")
        done = subprocess.run([str(python), str(DRIVER), str(job_path), str(result_path)],
                              capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONHASHSEED": "0"})
        if done.returncode != 0 or not result_path.exists():
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            raise ValidatorFailed(f"the DfE validators stopped (exit {done.returncode}): "
                                  f"{lines[-1] if lines else 'no message'}")
        result = json.loads(result_path.read_text(encoding="utf-8"))
    if "error" in result:
        raise BadInput(f"{', '.join(Path(p).name for p in job['files'])}: {result['error']}")
    return result


def _validation(kind: str, la_code: str, year: int, source: Path, result: dict) -> Validation:
    messages = {r["rule_code"]: r for r in result["rules"]}
    findings = []
    for f in result["findings"]:
        rule = messages.get(f["rule_code"], {})
        findings.append({**f, "severity": rule.get("severity", "error"), "category": rule.get("severity", "error"),
                         "message": rule.get("message"), "note": None,
                         "row_number": None if f.get("row_number") is None else int(float(f["row_number"]))})
    name = "csc-validator-be-cin" if kind == "cin_census" else "csc-validator-be-903"
    package = f"{name} {result['package'].get(name, '?')}"
    return Validation(kind, la_code, year, source, result["ruleset"], package, result["rules"], findings,
                      datetime.now().replace(microsecond=0), result.get("tables", []), result.get("filled", {}))


# ---- where the findings go -----------------------------------------------------------------------


def _finish(v: Validation, out: Path, warehouse: Path | None, echo: Callable[[str], None]) -> Validation:
    counts = Counter(f["rule_code"] for f in v.findings)
    records = {category: v.records(category) for category in CATEGORIES}
    for rule in v.rules:
        rule["findings"] = counts.get(rule["rule_code"], 0)
        for category in CATEGORIES:
            rule[f"{category}_records"] = records[category].get(rule["rule_code"], 0)
    common = {"la_code": v.la_code, "collection_year": v.year, "return_kind": v.kind, "source": str(v.source),
              "validated_at": v.validated_at}
    finding_rows = [{**common, **{k: f.get(k) for k in FINDING_COLUMNS if k not in common}} for f in v.findings]
    rule_rows = [{**common, "ruleset": v.ruleset, "package": v.package,
                  **{k: r.get(k) for k in RULE_COLUMNS if k not in common and k not in ("ruleset", "package")}}
                 for r in v.rules]
    stem = f"{v.kind}_{v.la_code}_{v.year}"
    with files_into(out) as staging:
        for name, columns, rows_ in ((f"dfe_findings_{stem}.csv", FINDING_COLUMNS, finding_rows),
                                     (f"dfe_rules_{stem}.csv", RULE_COLUMNS, rule_rows)):
            with (staging / inside(out, name).name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                for row in rows_:
                    writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
            v.outputs.append(f"{out / name} ({len(rows_):,} rows)")
    if warehouse is not None:
        v.outputs.append(save(warehouse, v.kind, v.la_code, v.year, finding_rows, rule_rows))
    for line in v.summary_lines():
        echo(line)
    return v

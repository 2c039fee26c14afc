"""`runner validate` on the shared fixtures (public CIN census and SSDA903 samples, full of deliberate
errors): every rule accounted for, the findings counted and pinned, written to CSV and to a warehouse.
And the driver's fast census ingress gives the same findings as the package's own on the fixtures."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from runner.validate import env
from runner.validate.run import DRIVER
from tests.conftest import PROJECT_DIR, runner

FIXTURES = PROJECT_DIR.parent / "shared" / "fixtures"
CENSUS = FIXTURES / "cin_census" / "CIN_Census_2024.xml"
FAKE_CENSUS = FIXTURES / "cin_census" / "fake_CIN_data.xml"


def _records(findings_csv: Path) -> dict[str, Counter]:
    """Records (rows of the return, or the return itself) per category and rule, as the summary counts them."""
    seen: dict[str, set] = {}
    with findings_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            seen.setdefault(row["category"], set()).add((row["rule_code"], row["table_name"], row["row_number"]))
    return {category: Counter(code for code, _, _ in rows) for category, rows in seen.items()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A warehouse with the findings tables (an empty build: no SSD files), for the findings to go to."""
    work = tmp_path_factory.mktemp("validate")
    (work / "data" / "874").mkdir(parents=True)
    (work / "data" / "874" / "ssd_person.csv").write_text("pers_person_id,pers_dob\n", encoding="utf-8")
    done = runner("build", "--data-dir", work / "data", "--warehouse", work / "w.duckdb", "--as-at", "2024-03-31",
                  "--select", "path:models/marts/returns/validation")
    assert done.returncode == 0, done.output
    return work


def test_the_census_fixture_is_validated_with_its_findings_counted(built: Path):
    done = runner("validate", "cin-census", CENSUS, "--out", built / "out", "--warehouse", built / "w.duckdb")
    assert done.returncode == 0, done.output
    # the header says LEA 201 and Year 2023: the 2022-23 rules (cin2022_23, 105 rules), all of which ran
    assert "CIN census 2022-23, LA 201" in done.output and "105 ran, 0 do not apply" in done.output
    records = _records(built / "out" / "dfe_findings_cin_census_201_2023.csv")
    assert sum(records["error"].values()) == 25
    assert records["error"]["100"] == 1  # ReferenceDate 2024-03-31 is not 31 March of Year 2023
    assert records["error"]["1103"] == 2  # an assessment starting before its referral, in both children
    assert dict(records["query"]) == {"1560Q": 1, "2887Q": 1, "8897Q": 1}
    con = duckdb.connect(str(built / "w.duckdb"), read_only=True)
    try:
        stored = con.execute("select count(*) from returns.dfe_rule_findings where la_code = '201'").fetchone()[0]
        rules = con.execute("select count(*), count(*) filter (where status = 'ran') from returns.dfe_rule_runs "
                            "where la_code = '201'").fetchone()
    finally:
        con.close()
    assert stored == 33 and rules == (105, 105)


def test_a_census_without_upns_or_factors_does_not_get_the_rules_on_them(built: Path):
    # fake_CIN_data.xml says Year 2022, for which the package has no rules: --year chooses the 2022-23 ones
    refused = runner("validate", "cin-census", FAKE_CENSUS, "--out", built / "out", "--warehouse", built / "w.duckdb")
    assert refused.returncode == 2 and "has no rules for collection year 2022 (it has 2023 to 2027)" in refused.stderr
    done = runner("validate", "cin-census", FAKE_CENSUS, "--year", "2023", "--out", built / "out",
                  "--warehouse", built / "w.duckdb")
    assert done.returncode == 0, done.output
    assert "96 ran, 9 do not apply" in done.output
    assert "needs the factors identified at assessment" in done.output
    records = _records(built / "out" / "dfe_findings_cin_census_975_2023.csv")
    assert sum(records["error"].values()) == 1198 and sum(records["query"].values()) == 493
    assert records["error"]["8831"] == 350


def test_the_ssda903_fixture_is_validated_with_its_findings_counted(built: Path):
    done = runner("validate", "ssda903", FIXTURES / "ssda903", "--year", "2023", "--la", "874", "--out",
                  built / "out", "--warehouse", built / "w.duckdb", timeout=1200)
    assert done.returncode == 0, done.output
    assert "293 DfE rules (lac2022_23" in done.output and "0 failed" in done.output
    # the rules that cannot run say why: no social worker file, no Ofsted URN lookup
    assert "needs Ofsted's children's homes and social care providers lists" in done.output
    records = _records(built / "out" / "dfe_findings_ssda903_874_2023.csv")
    assert sum(records["error"].values()) == 59649
    assert records["error"]["634"] == 7173
    assert "query" not in records  # the SSDA903 package marks no rule as a query


def test_the_fast_census_ingress_gives_the_packages_own_findings(tmp_path: Path):
    python = env.ensure()
    for census in (CENSUS, FAKE_CENSUS):
        findings = {}
        for ingest in ("package", "fast"):
            job, result = tmp_path / f"{ingest}.json", tmp_path / f"{ingest}-result.json"
            job.write_text(json.dumps({"kind": "cin_census", "year": 2023, "files": [str(census)], "ingest": ingest}))
            done = subprocess.run([str(python), str(DRIVER), str(job), str(result)], capture_output=True, text=True,
                                  env={**os.environ, "PYTHONHASHSEED": "0"}, check=False)
            assert done.returncode == 0, done.stderr[-2000:]
            data = json.loads(result.read_text())
            findings[ingest] = sorted(json.dumps(f, sort_keys=True) for f in data["findings"])
            assert all(r["status"] == "ran" for r in data["rules"])
        assert findings["fast"] == findings["package"], census.name
        assert len(findings["fast"]) > 10

"""`runner returns` and `runner validate` end to end, on a small clean synthetic authority (Rutland, 857,
two financial years to March 2025): the returns are written, read back by `runner load` into a new
warehouse and written again the same (the round trip); the DfE rules run on them with every rule
accounted for and no error outside the ones the synthetic generator causes; bad usage is one line."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest

from tests.conftest import NO_UNIT_TESTS, runner

LA = "857"
YEAR = 2025

#: DfE rules that find errors in clean synthetic data because of how runner/generate.py makes it, not
#: because of the returns' mapping (README, "Statutory returns": each with the generator change it needs).
#: Any other rule finding an error is a regression in the returns.
GENERATOR_ERRORS = {
    "cin_census": {"2990", "8565", "8772"},
    "ssda903": {"146", "169", "179", "218", "222", "392c", "1015", "217", "361", "364", "378", "516", "553", "557",
                "574", "575", "577", "3001", "SW01bSTG1", "SW09STG2", "SW13STG1"},
}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("returns")
    done = runner("generate", "--clean", "--out", work / "data", "--la", LA, "--years", "2", "--end-year", str(YEAR))
    assert done.returncode == 0, done.output
    built = runner("build", "--data-dir", work / "data", "--warehouse", work / "w.duckdb", *NO_UNIT_TESTS)
    assert built.returncode == 0, built.output
    for kind, out in (("cin-census", work / "first"), ("ssda903", work / "first" / "ssda903")):
        done = runner("returns", kind, "--year", str(YEAR), "--out", out, "--warehouse", work / "w.duckdb")
        assert done.returncode == 0, done.output
    return work


#: what `runner load` does not read back: the header's timestamp; ICPCnotRequired (no contract column);
#: NumberOfPreviousCPP (counted from the history before the census); disabilities and CP reviews, and
#: the 903's reviews, UASC and social worker files (issue 15's tables, which the loaders do not fill yet)
NOT_LOADED_ELEMENTS = ("DateTime", "ICPCnotRequired", "NumberOfPreviousCPP", "Disabilities", "Reviews")
NOT_LOADED_FILES = ("reviews.csv", "uasc.csv", "social_worker_episodes.csv")


def _census(path: Path) -> list:
    """The census as a tree of its values, without what the loader does not read back."""
    def tree(el: ET.Element):
        if len(el) == 0:
            return el.text
        return [(k.tag, tree(k)) for k in el if k.tag not in NOT_LOADED_ELEMENTS]
    return tree(ET.parse(path).getroot())


def _rows(folder: Path) -> dict[str, list[tuple]]:
    out = {}
    for path in sorted(p for p in folder.glob("*.csv") if p.name not in NOT_LOADED_FILES):
        with path.open(encoding="utf-8", newline="") as handle:
            out[path.name] = sorted(tuple(r) for r in csv.reader(handle))
    return out


def test_a_loaded_return_gives_the_same_return_again(clean: Path):
    first = clean / "first"
    census = first / f"cin_census_{LA}_{YEAR}.xml"
    assert census.exists()
    for args in (("cin-census", census), ("ssda903", first / "ssda903", "--year", str(YEAR))):
        done = runner("load", *args, "--out", clean / "loaded", "--la", LA)
        assert done.returncode == 0, done.output
        assert "rejects: 0 records" in done.output, done.output
    built = runner("build", "--data-dir", clean / "loaded", "--warehouse", clean / "w2.duckdb", "--as-at",
                   f"{YEAR}-03-31", *NO_UNIT_TESTS)
    assert built.returncode == 0, built.output
    for kind, out in (("cin-census", clean / "second"), ("ssda903", clean / "second" / "ssda903")):
        done = runner("returns", kind, "--year", str(YEAR), "--out", out, "--warehouse", clean / "w2.duckdb")
        assert done.returncode == 0, done.output

    again = _census(clean / "second" / census.name)
    original = _census(census)
    children = [c for tag, c in original[1][1] if tag == "Child"]
    assert len(children) > 100  # a real census: children, episodes and their dates
    assert again == original
    assert _rows(clean / "second" / "ssda903") == _rows(first / "ssda903")
    assert len(_rows(first / "ssda903")["episodes.csv"]) > 30


def test_the_dfe_rules_run_on_the_returns_with_every_rule_accounted_for(clean: Path):
    done = runner("validate", "--from-warehouse", "--year", str(YEAR), "--out", clean / "validated",
                  "--warehouse", clean / "w.duckdb", timeout=1800)
    assert done.returncode == 0, done.output
    assert "CIN census 2024-25, LA 857" in done.output and "SSDA903 2024-25, LA 857" in done.output
    con = duckdb.connect(str(clean / "w.duckdb"), read_only=True)
    try:
        runs = con.execute("select return_kind, rule_code, status, reason from returns.dfe_rule_runs "
                           "where la_code = ? and collection_year = ?", [LA, YEAR]).fetchall()
        errors = con.execute("select return_kind, rule_code, count(*) from returns.dfe_rule_findings "
                             "where la_code = ? and collection_year = ? and category = 'error' group by all",
                             [LA, YEAR]).fetchall()
        categories = {r[0] for r in con.execute("select distinct category from returns.dfe_rule_findings").fetchall()}
    finally:
        con.close()
    by_kind = {kind: [r for r in runs if r[0] == kind] for kind in ("cin_census", "ssda903")}
    # the year's whole rule sets (cin2024_25: 109 rules; lac2024_25: 305 rules), each with a status
    assert len(by_kind["cin_census"]) == 109 and len(by_kind["ssda903"]) >= 300
    for kind, rule, status, reason in runs:
        assert status in ("ran", "not_run", "failed", "not_applicable"), rule
        assert (reason is None) == (status == "ran"), (kind, rule, status, reason)
    # the rules on the URN lookup cannot run: said, not skipped silently
    assert any(r[1] == "224" and r[2] == "not_run" and "URN lookup" in r[3] for r in runs)
    # UPN rules cannot apply to a return from the SSD, which holds no UPN; issue 15's tables are there
    assert any(r[1] == "442" and r[2] == "not_applicable" and "UPN" in r[3] for r in runs)
    assert any(r[1] == "SW13STG1" and r[2] == "ran" for r in runs)
    assert categories <= {"error", "query", "not_held", "tool_limit"}
    unexpected = {(kind, rule): n for kind, rule, n in errors if rule not in GENERATOR_ERRORS[kind]}
    assert not unexpected, f"DfE errors not explained by the generator: {unexpected}"
    for name in (f"dfe_findings_cin_census_{LA}_{YEAR}.csv", f"dfe_rules_ssda903_{LA}_{YEAR}.csv"):
        assert (clean / "validated" / name).exists()


def test_annex_a_is_written_and_reads_back_with_no_rejects(clean: Path):
    book = clean / "annex_a.xlsx"
    done = runner("returns", "annex-a", "--out", book, "--warehouse", clean / "w.duckdb")
    assert done.returncode == 0, done.output
    assert "List 8 Children Looked After" in done.output
    loaded = runner("load", "annex-a", book, "--out", clean / "annex_loaded", "--la", LA)
    assert loaded.returncode == 0, loaded.output
    assert "rejects: 0 records" in loaded.output, loaded.output


@pytest.mark.parametrize("args, message", [
    (("returns", "cin-census", "--year", "2010", "--out", "{work}/x"), "--year 2010: not a collection year of LA 857"),
    (("returns", "ssda903", "--la", "201", "--out", "{work}/x"), "--la 201: "),
    (("returns", "annex-a", "--out", "{work}/a.csv"), "give a file name ending .xlsx"),
    (("validate",), "say what to validate"),
    (("validate", "--from-warehouse"), "--from-warehouse needs --out DIR"),
    (("validate", "cin-census", "{work}/missing.xml"), "not found"),
    (("validate", "ssda903", "{work}/data/857"), "are not those of any SSDA903 file"),
])
def test_bad_usage_is_one_line_and_exit_2(clean: Path, args, message):
    done = runner(*(a.format(work=clean) for a in args), "--warehouse", clean / "w.duckdb")
    assert done.returncode == 2, done.output
    assert message in done.stderr, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr

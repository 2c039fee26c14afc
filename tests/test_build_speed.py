"""What a build does not repeat (issue 16): unit tests unless asked, unchanged seeds, dbt's parse.

Every shortcut must give the same warehouse as doing the work: a seed whose file or configuration
changed is loaded again, the seeds' data tests run every time, dbt parses what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from runner.build import dbt_arguments
from runner.seeds import SEEDS_DIR, reuse_seeds, seed_checksums
from runner.settings import PROJECT_DIR, build_dir
from tests.conftest import FIXTURES, build_fixture

SEED_NAMES = sorted(p.stem for p in SEEDS_DIR.glob("*.csv"))


def results(warehouse: Path) -> dict[str, str]:
    """unique id -> status of every node the build that made `warehouse` ran."""
    data = json.loads((build_dir(warehouse) / "dbt" / "target" / "run_results.json").read_text(encoding="utf-8"))
    return {r["unique_id"]: r["status"] for r in data["results"]}


def seed_tables(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {name: con.execute(f"select * from reference.{name} order by all").fetchall() for name in SEED_NAMES}


def seed_tests(nodes: dict[str, str]) -> set[str]:
    """The data tests on seeds (their names end with the seed's, or name a seed's column)."""
    return {uid for uid in nodes if uid.startswith("test.") and any(name in uid for name in
                                                                     ("bank_holidays", "targets", "la_lookup"))}


@pytest.fixture(scope="module")
def rebuilt(front_door_exports, tmp_path_factory) -> dict:
    """The session's front-door warehouse, copied, then built twice more: once as it is, once after its record
    says the targets seed changed (and its table lost rows, as a stale copy would have)."""
    work = tmp_path_factory.mktemp("rebuilt")
    shutil.copy2(front_door_exports / "w.duckdb", work / "w.duckdb")
    side = build_dir(front_door_exports / "w.duckdb")
    shutil.copytree(side, work / side.name, symlinks=True)
    warehouse = work / "w.duckdb"
    first = seed_tables(warehouse)
    again = build_fixture(FIXTURES / "front_door", warehouse)
    assert again.returncode == 0, again.output
    again_nodes, again_seeds = results(warehouse), seed_tables(warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update _runner.seeds set checksum = 'an older targets.csv' where seed_name = 'targets'")
        con.execute("delete from reference.targets where indicator_id = 'assessment_45wd_pct'")
    changed = build_fixture(FIXTURES / "front_door", warehouse)
    assert changed.returncode == 0, changed.output
    return {"first": first, "again": again, "again_nodes": again_nodes, "again_seeds": again_seeds,
            "changed": changed, "changed_nodes": results(warehouse), "changed_seeds": seed_tables(warehouse),
            "warehouse": warehouse}


def test_unchanged_seeds_are_copied_and_their_data_tests_still_run(rebuilt):
    assert f"seeds: {len(SEED_NAMES)} of {len(SEED_NAMES)} unchanged, copied from w.duckdb" in rebuilt["again"].stdout
    assert not [uid for uid in rebuilt["again_nodes"] if uid.startswith("seed.")]
    assert rebuilt["again_seeds"] == rebuilt["first"]
    tests = seed_tests(rebuilt["again_nodes"])
    assert len(tests) >= 8 and all(rebuilt["again_nodes"][uid] == "pass" for uid in tests)


def test_a_changed_seed_is_loaded_again_and_the_rest_copied(rebuilt):
    assert f"seeds: {len(SEED_NAMES) - 1} of {len(SEED_NAMES)} unchanged" in rebuilt["changed"].stdout
    assert [uid for uid in rebuilt["changed_nodes"] if uid.startswith("seed.")] == ["seed.csc_analytics.targets"]
    # the stale table was replaced by the file's rows
    assert rebuilt["changed_seeds"] == rebuilt["first"]
    assert seed_tests(rebuilt["changed_nodes"]) == seed_tests(rebuilt["again_nodes"])
    with duckdb.connect(str(rebuilt["warehouse"]), read_only=True) as con:
        recorded = dict(con.execute("select seed_name, checksum from _runner.seeds").fetchall())
    assert recorded == seed_checksums()


def test_dbt_reuses_its_parse_when_nothing_changed(rebuilt):
    assert "last parse reused, 0 files reparsed" in rebuilt["changed"].stdout


def test_a_seed_file_or_the_seed_configuration_changing_changes_the_checksums(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    project = PROJECT_DIR / "dbt_project.yml"
    before = seed_checksums(seeds, project)
    assert before == seed_checksums() and sorted(before) == SEED_NAMES
    with (seeds / "targets.csv").open("a", encoding="utf-8") as handle:
        handle.write("cla_rate,874,60,,2030-04-01,,a new target\n")
    after_csv = seed_checksums(seeds, project)
    assert {name for name in SEED_NAMES if after_csv[name] != before[name]} == {"targets"}
    (seeds / "_seeds.yml").write_text((seeds / "_seeds.yml").read_text(encoding="utf-8") + "\n# a comment\n",
                                      encoding="utf-8")
    after_yml = seed_checksums(seeds, project)
    assert all(after_yml[name] != after_csv[name] for name in SEED_NAMES)


def test_only_seeds_with_the_recorded_checksum_are_copied(rebuilt, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    (seeds / "la_lookup.csv").write_text((seeds / "la_lookup.csv").read_text(encoding="utf-8").replace(
        "Peterborough", "Peterborough City"), encoding="utf-8")
    candidate = tmp_path / "w.duckdb"
    copied = reuse_seeds(rebuilt["warehouse"], candidate, seed_checksums(seeds, PROJECT_DIR / "dbt_project.yml"))
    assert copied == [name for name in SEED_NAMES if name != "la_lookup"]
    # a warehouse that recorded no seeds (made before they were recorded) gives nothing to copy
    with duckdb.connect(str(candidate)) as con:
        con.execute("create schema _runner")
    assert reuse_seeds(candidate, tmp_path / "other.duckdb", seed_checksums()) == []


def test_the_build_leaves_out_unit_tests_unless_asked_or_selected():
    assert dbt_arguments([], False, []) == ["--exclude-resource-type", "unit_test"]
    assert dbt_arguments([], True, []) == []
    assert dbt_arguments(["--select", "test_type:unit"], False, []) == ["--select", "test_type:unit"]
    assert dbt_arguments([], False, ["bank_holidays"]) == [
        "--exclude-resource-type", "unit_test", "--exclude", "bank_holidays", "--indirect-selection", "empty"]

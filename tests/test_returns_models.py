"""The statutory returns' models carry personal data: they are tagged pii, only pii models read the pii
staging models, and no export, report page or report query reads any of them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from runner.report import RELATION_NODES, SOURCES

PROJECT = Path(__file__).resolve().parent.parent
MODELS = PROJECT / "models"
PII_FOLDERS = (MODELS / "staging" / "ssd" / "pii", MODELS / "marts" / "returns" / "cin_census",
               MODELS / "marts" / "returns" / "ssda903", MODELS / "marts" / "returns" / "annex_a")


def _models() -> dict[str, Path]:
    return {p.stem: p for p in MODELS.rglob("*.sql")}


def _pii_models() -> set[str]:
    return {p.stem for folder in PII_FOLDERS for p in folder.glob("*.sql")}


def _refs(path: Path) -> set[str]:
    return set(re.findall(r"ref\(\s*'([a-z0-9_]+)'\s*\)", re.sub(r"\{#.*?#\}", "", path.read_text(), flags=re.S)))


def test_the_return_folders_are_tagged_pii_in_the_project():
    config = yaml.safe_load((PROJECT / "dbt_project.yml").read_text())["models"]["csc_analytics"]
    assert config["staging"]["ssd"]["pii"]["+tags"] == ["pii"]
    returns = config["marts"]["returns"]
    for folder in ("cin_census", "ssda903", "annex_a"):
        assert returns[folder]["+tags"] == ["pii"], folder
    # the findings tables hold no personal data beyond the authority's child id: not pii, so the report may count them
    assert "+tags" not in returns


def test_only_pii_models_read_the_pii_models():
    pii = _pii_models()
    assert {"stg_ssd_pii__person_identifiers", "stg_ssd_pii__placement_postcodes", "ret_cin_census__children",
            "ret_ssda903__episodes", "ret_annex_a__list_08_looked_after"} <= pii
    for name, path in _models().items():
        read = _refs(path) & pii
        if read:
            assert name in pii, f"{path} reads the pii models {sorted(read)} but is not tagged pii"


def test_no_export_report_page_or_report_query_reads_a_return():
    pii = _pii_models()
    readers = [p for p in (PROJECT / "runner").rglob("*.py") if p.parent.name not in ("returns", "validate")]
    texts = {p: p.read_text() for p in [*readers, *(PROJECT / "docs").glob("*.md")]}
    for path, text in texts.items():
        named = {m for m in pii if m in text}
        assert not named, f"{path} names the pii models {sorted(named)}"
    for name, source in SOURCES.items():
        assert source.node not in pii and not source.relation.startswith("staging."), name
    assert not {n for nodes in RELATION_NODES.values() for n in nodes} & pii
    # the DfE rules reach the report as counts per rule; the row-level findings (child ids) do not
    assert "dfe_rule_runs" in SOURCES and not any("dfe_rule_findings" in s.relation for s in SOURCES.values())


def test_every_return_model_is_documented_with_a_contract():
    documented = {}
    for path in (MODELS / "marts" / "returns").glob("_*.yml"):
        for model in yaml.safe_load(path.read_text())["models"]:
            documented[model["name"]] = model
    for path in (MODELS / "marts" / "returns").rglob("*.sql"):
        if "materialized='ephemeral'" in path.read_text():
            continue
        assert path.stem in documented, f"{path.stem} has no entry in _returns__models.yml"
        assert documented[path.stem]["config"]["contract"]["enforced"] is True, path.stem

"""The DAG flows one way (docs/architecture.md): no model reads a model of a layer below its own.

Read from dbt's own manifest (`dbt parse`), not from the SQL text, so a ref hidden in a macro counts too."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from runner.dbt import run_dbt

#: each folder's place in the flow, top (0) to bottom; a model may read its own layer and those above
LAYERS = (
    ("models/staging/", 0, "staging"),
    ("models/utilities/", 1, "utilities"),
    ("models/intermediate/", 2, "intermediate"),
    ("models/marts/core/", 3, "core marts"),
    ("models/marts/indicators/", 4, "indicator marts"),
    ("models/marts/reporting/", 5, "reporting"),
    ("models/marts/data_quality/", 5, "data quality"),
    ("models/marts/returns/", 5, "returns"),
    ("models/marts/exceptions/", 5, "exception lists"),
)


def layer(path: str) -> tuple[int, str]:
    for prefix, rank, name in LAYERS:
        if path.startswith(prefix):
            return rank, name
    raise AssertionError(f"{path}: in no layer of docs/architecture.md (add its folder to LAYERS and the page)")


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("parse")
    run_dbt("parse", work / "w.duckdb", work=work / "dbt", quiet=True)
    return json.loads((work / "dbt" / "target" / "manifest.json").read_text(encoding="utf-8"))


def models_of(manifest: dict) -> dict[str, dict]:
    return {uid: node for uid, node in manifest["nodes"].items() if node["resource_type"] == "model"}


def upward_reads(models: dict[str, dict]) -> list[str]:
    """Every model that reads a model of a layer below its own, said in words."""
    found = []
    for node in models.values():
        rank, name = layer(node["original_file_path"])
        for parent in node["depends_on"]["nodes"]:
            if parent in models:
                parent_rank, parent_name = layer(models[parent]["original_file_path"])
                if parent_rank > rank:
                    found.append(f"{node['name']} ({name}) reads {models[parent]['name']} ({parent_name})")
    return found


def test_every_model_is_in_a_layer_and_reads_only_its_own_or_those_above(manifest):
    models = models_of(manifest)
    assert len(models) > 100
    assert upward_reads(models) == []


def test_the_layer_check_finds_a_model_reading_below_its_layer(manifest):
    """The check can fail: the same manifest with the calendar made to read the scorecard is caught."""
    models = copy.deepcopy(models_of(manifest))
    calendar = next(n for n in models.values() if n["name"] == "dim_date")
    scorecard = next(uid for uid, n in models.items() if n["name"] == "scorecard")
    calendar["depends_on"]["nodes"].append(scorecard)
    assert upward_reads(models) == ["dim_date (utilities) reads scorecard (reporting)"]


def test_only_staging_reads_sources(manifest):
    readers = sorted(node["name"] for node in manifest["nodes"].values()
                     if node["resource_type"] == "model" and node["depends_on"]["nodes"]
                     and any(p.startswith("source.") for p in node["depends_on"]["nodes"])
                     and not node["original_file_path"].startswith("models/staging/"))
    assert readers == []


def test_no_model_file_is_longer_than_a_reader_can_hold(manifest):
    """About 250 lines at most (issue 13); the one over it is listed here with why, so a new one fails."""
    allowed = {
        # twelve lists, each the children behind one indicator's missed timescale, in one long
        # contract-enforced table; splitting it into a model per list is the next step
        "exception_lists",
    }
    root = Path(__file__).resolve().parents[1]
    long = sorted(node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "model"
                  and len((root / node["original_file_path"]).read_text(encoding="utf-8").splitlines()) > 250
                  and node["name"] not in allowed)
    assert long == []

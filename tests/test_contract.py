"""The contract is stated once (the dbt sources file); everything else must agree with it."""

from __future__ import annotations

import re
from pathlib import Path

from runner.contract import TABLES

PROJECT = Path(__file__).resolve().parent.parent
SPEC = PROJECT.parent / "shared" / "spec" / "data-contract.md"


def test_sources_file_matches_the_data_contract_tables_and_columns():
    spec = SPEC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (ssd_[a-z0-9_]+)(?: \([^)]*\))? \| ([^|]+) \|$", spec, flags=re.M)
    assert len(rows) == 24
    for name, columns in rows:
        listed = [c.strip() for c in columns.split(",")]
        assert TABLES[name].columns == tuple(c.rstrip("*") for c in listed), name
        assert TABLES[name].required == tuple(c.rstrip("*") for c in listed if c.endswith("*")), name


def test_ssd_tables_macro_lists_every_contract_table():
    macro = (PROJECT / "macros" / "ssd_tables.sql").read_text(encoding="utf-8")
    listed = re.findall(r"'([a-z0-9_]+)'", macro.split("return([", 1)[1].split("])", 1)[0])
    assert sorted("ssd_" + t for t in listed) == sorted(TABLES)


def test_every_table_has_a_base_and_a_staging_model():
    for name in TABLES:
        short = name.removeprefix("ssd_")
        assert (PROJECT / "models/staging/ssd/base" / f"base_ssd__{short}.sql").exists(), name
        assert (PROJECT / "models/staging/ssd" / f"stg_ssd__{short}.sql").exists(), name


def test_personal_identifiers_are_not_selected_past_the_base_models():
    """Only the base models name them, and the pii-tagged staging models that give the statutory returns
    the two they need (models/staging/ssd/pii; tests/test_returns_models.py checks who reads those)."""
    personal = {c for t in TABLES.values() for c in t.personal}
    assert {"pers_forename", "pers_surname", "pers_upn_unknown", "clap_cla_placement_postcode"} <= personal
    pii_staging = PROJECT / "models" / "staging" / "ssd" / "pii"
    for path in (PROJECT / "models").rglob("*.sql"):
        if "/base/" in str(path):
            continue
        if path.parent == pii_staging:
            text = path.read_text(encoding="utf-8")
            assert not {"pers_forename", "pers_surname"} & {c for c in personal if c in text}, path
            continue
        text = path.read_text(encoding="utf-8")
        for column in personal:
            assert column not in text, f"{path} names {column}"

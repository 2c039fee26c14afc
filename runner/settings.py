"""Paths and defaults shared by every command, so each reads and writes the same places."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

#: The DuckDB warehouse, the same default in every command; CSC_WAREHOUSE or --warehouse override it.
WAREHOUSE_ENV = "CSC_WAREHOUSE"
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "csc.duckdb"

#: The bundled synthetic data set, generated on first use (deterministic: seed 42, LA 874, 6 years).
DATA_DIR_ENV = "CSC_DATA_DIR"
DEFAULT_DATA_DIR = PROJECT_DIR / "data" / "synthetic"

#: The report site's sources (evidence-style pages, mkdocs.yml, theme overrides, the lineage's overview page),
#: and where `runner docs` builds the site. docs/ is the project's own documentation, not the site.
REPORT_DIR = PROJECT_DIR / "report"
DEFAULT_SITE_DIR = PROJECT_DIR / "site"


def warehouse_path(option: str | Path | None = None) -> Path:
    """--warehouse if given, else $CSC_WAREHOUSE, else warehouse/csc.duckdb in the project."""
    value = option or os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE
    return Path(value).expanduser().resolve()


#: The table in every warehouse that `runner build` made: which build it is and where its side files are.
BUILD_TABLE = "_runner.build"


def build_dir(warehouse: Path) -> Path | None:
    """The folder of the side files of the build that made `warehouse` (its intake manifest,
    dbt vars, dbt target and logs): `.<stem>.build-<id>/` beside it, named in the warehouse itself so
    that the two always change together (runner/build.py). None for a warehouse no build finished."""
    import duckdb

    if not warehouse.exists():
        return None
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute(f"select side_dir from {BUILD_TABLE}").fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return warehouse.parent / row[0] if row else None


def intake_dir(warehouse: Path) -> Path:
    """Where the last build's intake check wrote its manifest (files.csv)."""
    side = build_dir(warehouse)
    return side / "intake" if side else warehouse.parent / f".{warehouse.stem}.intake"


def build_vars_path(warehouse: Path) -> Path:
    """The dbt vars of the last `runner build` into `warehouse`, so that `runner docs` runs dbt the same way."""
    side = build_dir(warehouse)
    return side / "vars.json" if side else warehouse.parent / f".{warehouse.stem}.vars.json"


def dbt_environment(warehouse: Path) -> dict[str, str]:
    """Environment for a dbt run against `warehouse` (profiles.yml reads CSC_WAREHOUSE)."""
    return {
        WAREHOUSE_ENV: str(warehouse),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }

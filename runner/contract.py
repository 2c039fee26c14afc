"""The input contract: the Standard Safeguarding Dataset tables the project reads.

The one statement of ../shared/spec/data-contract.md section 1 is the dbt sources file
`models/staging/ssd/_ssd__sources.yml`: tables, columns in contract order, and column meta saying
which are required, which hold dates and which are personal identifiers. This module reads it, so
the runner's intake check, the synthetic generator, the loaders and the dbt models cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
SOURCES_YML = PROJECT_DIR / "models" / "staging" / "ssd" / "_ssd__sources.yml"


@dataclass(frozen=True)
class Table:
    """One SSD table: its columns in contract order and what the contract says about them."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    #: columns holding dates (the SSD's datetimes; the project uses the date part)
    dates: tuple[str, ...] = ()
    #: (start, end) column pairs where the end must not be before the start
    periods: tuple[tuple[str, str], ...] = ()
    #: personal identifiers: never selected past the staging layer's base models
    personal: tuple[str, ...] = ()
    #: full dates of birth: past staging only where a definition needs them (dim_child keeps the month of
    #: birth), and never shown in a data-quality finding, a message or a log
    birth_dates: tuple[str, ...] = ()

    @property
    def id_column(self) -> str:
        return self.columns[0]

    @property
    def person_column(self) -> str | None:
        return next((c for c in self.columns if c.endswith("_person_id")), None)


def _meta(node: dict) -> dict:
    return (node.get("config") or {}).get("meta") or node.get("meta") or {}


@cache
def load_tables(path: Path = SOURCES_YML) -> dict[str, Table]:
    """Parse the dbt sources file into Table objects, keyed by table name."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    source = next(s for s in doc["sources"] if s["name"] == "ssd")
    tables: dict[str, Table] = {}
    for node in source["tables"]:
        cols = node["columns"]
        names = tuple(c["name"] for c in cols)
        tables[node["name"]] = Table(
            name=node["name"],
            columns=names,
            required=tuple(c["name"] for c in cols if _meta(c).get("required")),
            dates=tuple(c["name"] for c in cols if _meta(c).get("date")),
            periods=tuple((a, b) for a, b in _meta(node).get("periods", [])),
            personal=tuple(c["name"] for c in cols if _meta(c).get("personal")),
            birth_dates=tuple(c["name"] for c in cols if _meta(c).get("birth_date")),
        )
    return tables


TABLES: dict[str, Table] = load_tables()

#: Tables whose rows are about a person in ssd_person (every table but the person and staff tables).
PERSON_TABLES = [t for t in TABLES.values() if t.person_column and t.name != "ssd_person"]

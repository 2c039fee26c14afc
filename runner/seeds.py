"""Seeds that have not changed are copied from the last good warehouse instead of being loaded again.

A build writes a new warehouse file (runner/build.py), so nothing of the last one is there to start
with. The seeds (`seeds/*.csv`: bank holidays, populations, benchmarks, ...) rarely change between
builds, and loading them through dbt is slow (the benchmarks file alone is 7 MB of CSV). So each
warehouse records, in `_runner.seeds`, a checksum of every seed it holds; at the start of a full build,
each seed whose checksum is the same as in the last good warehouse has its table copied from that
warehouse into the new file (a few milliseconds), and dbt is told not to load it. Every other seed,
and every seed of a first build, is loaded by dbt as before. The seeds' data tests run every time.

The checksum covers everything that decides what dbt would load: the seed's CSV, every YAML file in
`seeds/` (column types, ...), `dbt_project.yml` (seed configs), and the versions of dbt-core,
dbt-duckdb and DuckDB. Change any of them and the seed is loaded again.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

import duckdb

from runner.settings import PROJECT_DIR

SEEDS_DIR = PROJECT_DIR / "seeds"
#: the schema the seeds are built in (dbt_project.yml: seeds: +schema)
SEED_SCHEMA = "reference"
#: seed name -> checksum, in every warehouse a build made
SEEDS_TABLE = "_runner.seeds"


def seed_checksums(seeds_dir: Path = SEEDS_DIR, project_file: Path = PROJECT_DIR / "dbt_project.yml") -> dict[str, str]:
    """Each seed's checksum: its CSV, with the seed configuration and the versions that load it."""
    shared = hashlib.sha256()
    for path in [*sorted(seeds_dir.glob("*.yml")), *sorted(seeds_dir.glob("*.yaml")), project_file]:
        shared.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in ("dbt-core", "dbt-duckdb", "duckdb"):
        shared.update(f"{package}={metadata.version(package)}\0".encode())
    checksums = {}
    for path in sorted(seeds_dir.glob("*.csv")):
        digest = shared.copy()
        digest.update(path.read_bytes())
        checksums[path.stem] = digest.hexdigest()
    return checksums


def reuse_seeds(previous: Path, candidate: Path, checksums: dict[str, str]) -> list[str]:
    """Copy into `candidate` the seed tables of `previous` whose recorded checksum is `checksums`' one.

    Returns the seeds copied (dbt must not load them). Nothing is copied from a warehouse without
    `_runner.seeds` (one made before seeds were recorded, or by dbt alone)."""
    if not previous.exists():
        return []
    con = duckdb.connect(str(candidate))
    try:
        path = str(previous).replace("'", "''")
        con.execute(f"attach '{path}' as previous (read_only)")
        try:
            recorded = dict(con.execute(f"select seed_name, checksum from previous.{SEEDS_TABLE}").fetchall())
        except duckdb.CatalogException:
            return []
        present = {name for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'previous' and schema_name = ?",
            [SEED_SCHEMA]).fetchall()}
        reused = sorted(name for name, checksum in checksums.items()
                        if recorded.get(name) == checksum and name in present)
        if reused:
            con.execute(f"create schema if not exists {SEED_SCHEMA}")
            for name in reused:
                con.execute(f'create table {SEED_SCHEMA}."{name}" as select * from previous.{SEED_SCHEMA}."{name}"')
        con.execute("detach previous")
        return reused
    finally:
        con.close()


def record_seeds(con: duckdb.DuckDBPyConnection, current: dict[str, str]) -> None:
    """Record in the new warehouse the checksums of the seeds it now holds as `current` says (those this
    build loaded or copied); other rows (a selection build that left a seed as it was) stay."""
    con.execute(f"create table if not exists {SEEDS_TABLE} (seed_name varchar primary key, checksum varchar not null)")
    for name, checksum in sorted(current.items()):
        con.execute(f"insert or replace into {SEEDS_TABLE} values (?, ?)", [name, checksum])

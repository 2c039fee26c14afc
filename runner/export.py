"""`runner export`: the published marts as files (data-contract.md section 4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from runner.errors import BadInput

#: mart -> (relation, ordering); each is written as <name>.<format>
EXPORTS: dict[str, tuple[str, str]] = {
    "indicator_values": ("reporting.indicator_values", "la_code, indicator_id, period_type, period_end"),
}
FORMATS = ("csv", "parquet")


@dataclass
class Exported:
    name: str
    path: Path
    rows: int


def export(warehouse: Path, out_dir: Path, fmt: str = "csv", echo: Callable[[str], None] = print) -> list[Exported]:
    """Write each exported mart from the warehouse (opened read-only) into `out_dir`."""
    if fmt not in FORMATS:
        raise BadInput(f"--format {fmt}: not one of {', '.join(FORMATS)}")
    if not warehouse.exists():
        raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.IOException as exc:
        raise BadInput(f"{warehouse}: cannot open the warehouse ({str(exc).splitlines()[0]})") from exc
    written = []
    try:
        for name, (relation, order) in EXPORTS.items():
            path = out_dir / f"{name}.{fmt}"
            options = "format csv, header true" if fmt == "csv" else "format parquet"
            try:
                con.execute(f"copy (select * from {relation} order by {order}) to '{_quote(path)}' ({options})")
                rows = con.execute(f"select count(*) from {relation}").fetchone()[0]
            except duckdb.CatalogException as exc:
                raise BadInput(f"{warehouse}: {relation} is missing; run `runner build` first") from exc
            written.append(Exported(name, path, int(rows)))
            echo(f"wrote {path} ({rows:,} rows)")
    finally:
        con.close()
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")

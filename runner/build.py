"""`runner build`: check the raw files, then dbt build (seeds, models, tests) into the warehouse."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from runner.dbt import DbtRun, ensure_unlocked, run_dbt
from runner.intake import inspect_data_dir
from runner.settings import build_vars_path, intake_dir


def build(
    data_dir: Path,
    warehouse: Path,
    as_at: date | None = None,
    dbt_args: Sequence[str] = (),
    echo: Callable[[str], None] = print,
) -> DbtRun:
    """Build the warehouse from the SSD files in `data_dir`; raise BadInput or BuildFailed on failure."""
    ensure_unlocked(warehouse)
    intake = inspect_data_dir(data_dir, intake_dir(warehouse))
    for warning in intake.warnings:
        echo(f"warning: {warning}")
    rows = sum(f.rows for f in intake.files)
    echo(f"intake: {len(intake.files)} files, {rows:,} rows, LA {', '.join(intake.la_codes)} from {intake.data_dir}")
    dbt_vars = intake.dbt_vars()
    if as_at is not None:
        dbt_vars["as_at"] = as_at.isoformat()
    # `runner docs` regenerates the dbt docs for this warehouse and needs the same vars
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    build_vars_path(warehouse).write_text(json.dumps(dbt_vars, indent=2) + "\n", encoding="utf-8")
    return run_dbt("build", warehouse, dbt_vars, dbt_args, echo=echo)

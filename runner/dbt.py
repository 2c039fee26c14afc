"""Driving dbt: in process, with progress lines and a summary, and the warehouse released afterwards."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from runner.errors import BadInput, BuildFailed
from runner.settings import PROJECT_DIR, dbt_environment

#: dbt events whose message is a progress line ("12 of 140 OK created sql table model ...").
PROGRESS_EVENTS = {
    "LogModelResult",
    "LogTestResult",
    "LogSeedResult",
    "LogSnapshotResult",
    "LogStartLine",
}
FAILED = {"error", "fail", "runtime error"}


@dataclass
class DbtRun:
    command: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()))
        return f"dbt {self.command}: {sum(self.counts.values())} nodes ({parts}) in {self.seconds:.1f}s"


def ensure_unlocked(warehouse: Path) -> None:
    """Fail with one line (exit 2) if another process holds the DuckDB file."""
    if not warehouse.exists():
        return
    try:
        duckdb.connect(str(warehouse)).close()
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            marker = "Conflicting lock is held in"
            holder = message.split(marker, 1)[1].strip().splitlines()[0].rstrip(".") if marker in message else ""
            raise BadInput(
                f"{warehouse}: the warehouse is in use by another process{f' ({holder})' if holder else ''}; "
                "close it and run again"
            ) from exc
        raise BadInput(f"{warehouse}: cannot open the warehouse ({message.splitlines()[0]})") from exc


@contextmanager
def _environment(values: dict[str, str]):
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_dbt(
    command: str,
    warehouse: Path,
    dbt_vars: dict | None = None,
    extra_args: Sequence[str] = (),
    echo: Callable[[str], None] = print,
) -> DbtRun:
    """Run one dbt command against `warehouse`, echoing progress; raise BuildFailed if a node failed.

    `command` may have a subcommand ("docs generate"); its options follow it.
    """
    from dbt.cli.main import dbtRunner  # imported here: it is slow to import and not every command needs it

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    ensure_unlocked(warehouse)
    work = warehouse.parent / f".{warehouse.stem}.dbt"
    env = dbt_environment(warehouse) | {"DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")}
    args = [*command.split(), "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--log-level", "none"]
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    args += list(extra_args)

    def on_event(event) -> None:
        name = event.info.name
        if name in PROGRESS_EVENTS and name != "LogStartLine":
            echo(event.info.msg)

    started = time.perf_counter()
    with _environment(env):
        result = dbtRunner(callbacks=[on_event]).invoke(args)
    run = DbtRun(command, time.perf_counter() - started)
    if result.exception is not None:
        raise BuildFailed(f"dbt {command} could not run: {_gist(result.exception)}")
    for node in getattr(result.result, "results", None) or []:
        status = str(node.status).lower()
        run.counts[status] = run.counts.get(status, 0) + 1
        label = f"{node.node.resource_type} {node.node.name}"
        if status in FAILED:
            run.failures.append(f"{label}: {_gist(node.message)}")
        elif status == "warn":
            run.warnings.append(f"{label}: {_first_line(node.message)}")
    for warning in run.warnings:
        echo(f"warning: {warning}")
    echo(run.summary())
    if run.failures or not result.success:
        listed = "; ".join(run.failures[:10]) or "see the messages above"
        more = f" (and {len(run.failures) - 10} more)" if len(run.failures) > 10 else ""
        raise BuildFailed(f"{len(run.failures)} dbt node(s) failed: {listed}{more}")
    return run


def _gist(value: object, lines: int = 4) -> str:
    """A dbt exception's first few meaningful lines, on one line."""
    kept = [line.strip() for line in str(value or "").splitlines() if line.strip()][:lines]
    return " | ".join(kept) or "no message"


def _first_line(value: object) -> str:
    """The gist of a dbt message: its first line, and the second when the first only names the node."""
    lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
    if not lines:
        return "no message"
    if len(lines) > 1 and lines[0].endswith(")") and " in " in lines[0] and "Error" in lines[0]:
        return f"{lines[0]}: {lines[1]}"
    return lines[0]

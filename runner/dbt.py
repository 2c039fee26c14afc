"""Driving dbt: in process, with progress lines and a summary, and the warehouse released afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import click
import duckdb

from runner.errors import BadInput, BuildFailed
from runner.progress import Progress
from runner.settings import PROJECT_DIR, dbt_environment

FAILED = {"error", "fail", "runtime error"}


@dataclass
class DbtRun:
    command: str
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: warnings by kind (a generic test's name, or the singular test): (nodes that warned, rows they found)
    warning_kinds: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: the seeds this run loaded
    seeds_loaded: list[str] = field(default_factory=list)
    #: how dbt read the project ('last parse reused, 0 files reparsed', 'whole project parsed: ...')
    parse: str | None = None

    def summary(self) -> str:
        parts = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()))
        parse = f"; {self.parse}" if self.parse else ""
        return f"dbt {self.command}: {sum(self.counts.values())} nodes ({parts}) in {self.seconds:.1f}s{parse}"

    def warning_summary(self) -> str | None:
        """The warnings once, by kind with their counts: 'warnings: 22 data tests warned (relationships_in_la 20
        tests, 243 rows; ...)'."""
        if not self.warning_kinds:
            return None
        kinds = sorted(self.warning_kinds.items(), key=lambda item: (-item[1][0], item[0]))
        parts = "; ".join(f"{kind} {nodes} test{'s' if nodes > 1 else ''}, {rows:,} rows"
                          for kind, (nodes, rows) in kinds)
        return f"warnings: {len(self.warnings)} data tests warned ({parts})"


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
    *,
    work: Path | None = None,
    live: bool = False,
    quiet: bool = False,
    manifest: bool = True,
) -> DbtRun:
    """Run one dbt command against `warehouse`, showing its progress; raise BuildFailed if a node failed.

    `command` may have a subcommand ("docs generate"); its options follow it. dbt's target and logs go to
    `work` (default `.<warehouse>.dbt/` beside it). `live`: one updating progress line (a terminal);
    otherwise plain lines. `quiet`: no progress at all. Warnings are summarised once, by kind.
    `manifest=False`: dbt does not write manifest.json (a few seconds for this project, twice a run);
    run_results.json is written all the same.
    """
    from dbt.cli.main import dbtRunner  # imported here: it is slow to import and not every command needs it

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    ensure_unlocked(warehouse)
    work = work or warehouse.parent / f".{warehouse.stem}.dbt"
    env = dbt_environment(warehouse) | {"DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")}
    args = [*command.split(), "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--log-level", "none"]
    if dbt_vars:
        args += ["--vars", json.dumps(dbt_vars)]
    if not manifest:
        args += ["--no-write-json"]
    args += list(extra_args)

    started = time.perf_counter()
    progress = Progress(command, (lambda line: None) if quiet else echo, live=live and not quiet)
    try:
        with _environment(env), progress:
            result = dbtRunner(callbacks=[progress]).invoke(args)
    finally:
        release_duckdb()
    run = DbtRun(command, time.perf_counter() - started, parse=progress.parse)
    if not manifest and hasattr(result.result, "write"):
        (work / "target").mkdir(parents=True, exist_ok=True)
        result.result.write(str(work / "target" / "run_results.json"))
    if result.exception is not None:
        from dbt.cli.exceptions import DbtUsageException

        if isinstance(result.exception, click.ClickException | DbtUsageException):
            # an option dbt does not know, a bad selector: bad usage, not a failed model
            message = getattr(result.exception, "format_message", lambda: str(result.exception))()
            raise BadInput(f"dbt {command}: {_gist(message)} "
                           f"(arguments after the runner's options go to dbt: {' '.join(extra_args) or 'none'})")
        raise BuildFailed(f"dbt {command} could not run: {_gist(result.exception)}")
    for node in getattr(result.result, "results", None) or []:
        status = str(node.status).lower()
        run.counts[status] = run.counts.get(status, 0) + 1
        label = f"{node.node.resource_type} {node.node.name}"
        if str(node.node.resource_type) == "seed" and status == "success":
            run.seeds_loaded.append(node.node.name)
        if status in FAILED:
            run.failures.append(f"{label}: {_gist(node.message)}")
        elif status == "warn":
            run.warnings.append(f"{label}: {_first_line(node.message)}")
            kind = _kind(node.node)
            nodes, rows = run.warning_kinds.get(kind, (0, 0))
            run.warning_kinds[kind] = (nodes + 1, rows + int(getattr(node, "failures", 0) or 0))
    echo(run.summary())
    if run.failures or not result.success:
        listed = "; ".join(run.failures[:10]) or "see the messages above"
        more = f" (and {len(run.failures) - 10} more)" if len(run.failures) > 10 else ""
        raise BuildFailed(f"{len(run.failures)} dbt node(s) failed: {listed}{more}")
    return run


def release_duckdb() -> None:
    """Close dbt-duckdb's database in this process, so the warehouse file is complete on disk (checkpointed)
    and free for the next step (a swap, another connection)."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - dbt-duckdb is a dependency
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        with contextlib.suppress(Exception):  # best effort: the next open reports real trouble
            env.close()
        DuckDBConnectionManager._ENV = None


def _kind(node) -> str:
    """A test's kind for the warning summary: its generic test (relationships_in_la), or its own name."""
    metadata = getattr(node, "test_metadata", None)
    return getattr(metadata, "name", None) or node.name


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

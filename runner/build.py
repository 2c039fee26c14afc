"""`runner build`: check the raw files, then dbt build (seeds, models, tests), and swap the result in whole.

A build never writes to the warehouse a reader sees. It works in a folder of its own beside the
warehouse, `.<stem>.build-<time>-<pid>/`, which holds everything that belongs to one build: the new
warehouse file, the intake check's manifest (`intake/`), the dbt vars (`vars.json`) and
dbt's target and logs (`dbt/`). Only when dbt has run every node without failure, and the new warehouse
holds indicator values, is the new file renamed over the old one: a rename is atomic, so a reader sees
the old warehouse or the new one, never a mixture. The warehouse records which folder holds its side
files (table `_runner.build`), so the two change together in that one rename.

A build that is killed at any moment therefore leaves the last good warehouse, and the side files it
points to, exactly as they were; the next build removes what the killed one left. A build that fails
(a failed test, bad input found by dbt) also leaves the warehouse as it was; its own warehouse is kept
for inspection until the next build, and the error message says where. The caller holds the warehouse
lock (runner/lock.py) throughout, so no two builds, exports or site builds ever overlap.

A build with dbt selection arguments (`--select staging`) starts from a copy of the current warehouse,
so the models it leaves out keep their last good tables; a full build starts from an empty file.

What a build does not repeat (README, Performance):
- dbt's unit tests test the SQL, not the data: `runner build` runs seeds, models and data tests, and
  `--unit-tests` adds the unit tests (./dev test and CI run them all).
- Seeds whose files have not changed are copied from the last good warehouse (runner/seeds.py).
- dbt reads the project once: the last good build's parsed project (partial_parse.msgpack) is handed
  to this one, and dbt reparses only what changed. For that, every build shows dbt the same profile
  (its DuckDB file as `.<stem>.building/<name>`, a link to this build's folder) and the same vars for
  the same data (the read expressions name only the data files; the intake manifest is a table the
  runner writes into the new warehouse, `_runner.intake_files`, not a file named in a var). dbt itself
  decides what it can reuse and parses everything again whenever the vars, the profile, the project's
  configuration or dbt's version differ; `runner build --no-partial-parse` (a dbt option) forces it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from runner.dbt import DbtRun, ensure_unlocked, run_dbt
from runner.errors import BadInput, RunnerError
from runner.intake import Intake, inspect_data_dir
from runner.seeds import record_seeds, reuse_seeds, seed_checksums
from runner.settings import BUILD_TABLE, build_dir

#: the runner's own table of the intake manifest in every warehouse (the dbt source intake.files)
INTAKE_TABLE = "_runner.intake_files"
#: dbt's parsed project, handed from the last good build to the next
PARTIAL_PARSE = "partial_parse.msgpack"


@dataclass
class Window:
    la_code: str
    window_start: date
    as_at_date: date


@dataclass
class BuildResult:
    run: DbtRun
    warehouse: Path
    side_dir: Path
    windows: list[Window] = field(default_factory=list)
    raw_rows: int = 0
    staged_rows: int = 0
    quarantined_rows: int = 0
    indicator_rows: int = 0
    #: (severity, rule) -> findings in data_quality.dq_findings
    findings: dict[tuple[str, str], int] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        lines = [f"window: {line}" for line in _window_lines(self.windows)]
        quarantined = f"{self.quarantined_rows:,} quarantined" if self.quarantined_rows else "none quarantined"
        lines.append(f"rows: {self.raw_rows:,} received, {self.staged_rows:,} staged, {quarantined}")
        for severity, label in (("error", "quarantined rows"), ("warning", "warnings")):
            kinds = sorted(((rule, n) for (sev, rule), n in self.findings.items() if sev == severity),
                           key=lambda item: (-item[1], item[0]))
            if kinds:
                total = sum(n for _, n in kinds)
                listed = ", ".join(f"{rule} {n:,}" for rule, n in kinds)
                lines.append(f"data quality: {total:,} {label} ({listed})")
        lines.append(f"built {self.warehouse}: {self.indicator_rows:,} indicator values")
        where = f" --warehouse {self.warehouse}"
        lines.append(f"next: `runner export{where}`, `runner docs{where}`; every finding, row by row, is in "
                     "data_quality.dq_findings (counts in the report's data-quality page)")
        return lines


def build(
    data_dir: Path,
    warehouse: Path,
    as_at: date | None = None,
    dbt_args: Sequence[str] = (),
    echo: Callable[[str], None] = print,
    *,
    extract_start: date | None = None,
    day_first: bool = False,
    live: bool = False,
    unit_tests: bool = False,
) -> BuildResult:
    """Build a new warehouse from the SSD files in `data_dir` and swap it in for `warehouse`.

    `unit_tests`: run dbt's unit tests too. Raises BadInput (exit 2) or BuildFailed (exit 1), leaving
    `warehouse` as it was.
    """
    warehouse = Path(warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    ensure_unlocked(warehouse)
    previous = build_dir(warehouse)
    _tidy(warehouse, keep=previous)
    side = warehouse.parent / f".{warehouse.stem}.build-{datetime.now():%Y%m%dT%H%M%S}-{os.getpid()}"
    side.mkdir()
    candidate = side / warehouse.name
    dbt_started = False
    try:
        intake = inspect_data_dir(data_dir, side / "intake", day_first=day_first)
        for warning in intake.warnings:
            echo(f"warning: {warning}")
        rows = sum(f.rows for f in intake.files)
        echo(f"intake: {len(intake.files)} files, {rows:,} rows, LA {', '.join(intake.la_codes)} "
             f"from {intake.data_dir}")
        dbt_vars = intake.dbt_vars()
        if as_at is not None:
            dbt_vars["as_at"] = as_at.isoformat()
        if extract_start is not None:
            dbt_vars["extract_start"] = extract_start.isoformat()
        if day_first:
            dbt_vars["day_first"] = True
        # `runner docs` regenerates the dbt docs for this warehouse and needs the same vars
        (side / "vars.json").write_text(json.dumps(dbt_vars, indent=2) + "\n", encoding="utf-8")
        if dbt_args and warehouse.exists():
            echo(f"copying {warehouse}: the selection rebuilds part of it, the rest stays as it is")
            shutil.copyfile(warehouse, candidate)
        _load_intake(candidate, intake)
        checksums = seed_checksums()
        reused = reuse_seeds(warehouse, candidate, checksums) if not dbt_args else []
        if reused:
            echo(f"seeds: {len(reused)} of {len(checksums)} unchanged, copied from {warehouse.name}"
                 f"{'' if len(reused) == len(checksums) else ' (the others are loaded)'}")
        _hand_over_parse(previous, side / "dbt" / "target")
        dbt_started = True
        with _stable_path(warehouse, side) as dbt_path:
            run = run_dbt("build", dbt_path, dbt_vars, dbt_arguments(dbt_args, unit_tests, reused), echo=echo,
                          work=side / "dbt", live=live, manifest=False)
        result = _inspect(candidate, run, side, warehouse)
        loaded = {name: checksums[name] for name in [*reused, *run.seeds_loaded] if name in checksums}
        _record(candidate, side, intake.data_dir, dbt_vars, loaded)
    except RunnerError as exc:
        if dbt_started and candidate.exists():
            raise type(exc)(f"{exc} [{warehouse} is unchanged; this build's warehouse is kept for inspection "
                            f"until the next build: {candidate}]") from exc
        shutil.rmtree(side, ignore_errors=True)
        raise
    except BaseException:
        shutil.rmtree(side, ignore_errors=True)
        raise
    os.replace(candidate, warehouse)
    _tidy(warehouse, keep=side)
    if run.warning_summary():
        echo(run.warning_summary())
    for line in result.summary_lines():
        echo(line)
    return result


def dbt_arguments(dbt_args: Sequence[str], unit_tests: bool, reused_seeds: Sequence[str]) -> list[str]:
    """The arguments after `dbt build`: the user's, then what leaves out the unit tests (unless asked for,
    or the user's arguments select them) and the seeds copied from the last warehouse. Their data tests
    stay: `--indirect-selection empty` stops dbt from leaving out the tests of the seeds it leaves out
    (every node is selected directly in a full build, the only kind that copies seeds)."""
    args = list(dbt_args)
    if not unit_tests and not any("unit_test" in arg or "test_type:unit" in arg for arg in dbt_args):
        args += ["--exclude-resource-type", "unit_test"]
    if reused_seeds:
        args += ["--exclude", *reused_seeds, "--indirect-selection", "empty"]
    return args


def _load_intake(candidate: Path, intake: Intake) -> None:
    """Write the intake manifest into the new warehouse (the dbt source intake.files), replacing the copy's."""
    schema = INTAKE_TABLE.split(".")[0]
    manifest = str(intake.manifest_path).replace("'", "''")
    con = duckdb.connect(str(candidate))
    try:
        con.execute(f"create schema if not exists {schema}")
        con.execute(
            f"create or replace table {INTAKE_TABLE} as select la_code, table_name, file_path, file_format, "
            f"cast(raw_rows as bigint) as raw_rows from read_csv('{manifest}', header = true, all_varchar = true)")
    finally:
        con.close()


def _hand_over_parse(previous: Path | None, target: Path) -> None:
    """Give this build's dbt the last good build's parsed project, for dbt to reuse what has not changed."""
    if previous is None or not (previous / "dbt" / "target" / PARTIAL_PARSE).is_file():
        return
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(previous / "dbt" / "target" / PARTIAL_PARSE, target / PARTIAL_PARSE)


@contextmanager
def _stable_path(warehouse: Path, side: Path) -> Iterator[Path]:
    """The new warehouse under a name that is the same in every build, `.<stem>.building/<name>`, where
    `.<stem>.building` links to this build's folder: dbt's profile (and so its parsed project) stays
    the same from one build to the next. Where links cannot be made, the file's own path."""
    link = warehouse.parent / f".{warehouse.stem}.building"
    temporary = link.with_name(f"{link.name}-{os.getpid()}")
    try:
        temporary.unlink(missing_ok=True)
        os.symlink(side.name, temporary, target_is_directory=True)
        os.replace(temporary, link)
    except OSError:
        yield side / warehouse.name
        return
    try:
        yield link / warehouse.name
    finally:
        with contextlib.suppress(OSError):
            link.unlink()


def _inspect(candidate: Path, run: DbtRun, side: Path, warehouse: Path) -> BuildResult:
    """What the new warehouse holds; BadInput when it holds no indicator value (nothing to report is no success)."""
    result = BuildResult(run, warehouse, side)
    con = duckdb.connect(str(candidate), read_only=True)
    try:
        present = {f"{schema}.{name}" for schema, name in con.execute(
            "select schema_name, table_name from duckdb_tables() union all "
            "select schema_name, view_name from duckdb_views() where not internal").fetchall()}
        if "intermediate.int_reporting_windows__resolved" in present:
            result.windows = [Window(*row) for row in con.execute(
                "select la_code, window_start, as_at_date from intermediate.int_reporting_windows__resolved "
                "order by la_code"
            ).fetchall()]
        if "data_quality.dq_row_reconciliation" in present:
            raw, staged, quarantined = con.execute(
                "select coalesce(sum(raw_rows), 0), coalesce(sum(staged_rows), 0), coalesce(sum(quarantined_rows), 0) "
                "from data_quality.dq_row_reconciliation").fetchone()
            result.raw_rows, result.staged_rows, result.quarantined_rows = int(raw), int(staged), int(quarantined)
        if "data_quality.dq_findings" in present:
            result.findings = {(severity, rule): int(n) for severity, rule, n in con.execute(
                "select severity, rule, count(*) from data_quality.dq_findings group by all").fetchall()}
        if "reporting.indicator_values" in present:
            result.indicator_rows = int(con.execute("select count(*) from reporting.indicator_values").fetchone()[0])
            if result.indicator_rows == 0:
                raise BadInput(f"the build produced no indicator values: {_why_empty(con, result, present)}")
    finally:
        con.close()
    return result


def _why_empty(con: duckdb.DuckDBPyConnection, result: BuildResult, present: set[str]) -> str:
    """The likeliest reason a build has no indicator value, in a few words."""
    if "data_quality.dq_findings" in present:
        worst = con.execute(
            "select table_name, rule, column_name, count(*) as n from data_quality.dq_findings "
            "where severity = 'error' group by all order by n desc limit 1").fetchone()
        staged = con.execute(
            "select coalesce(sum(staged_rows), 0), coalesce(sum(raw_rows), 0) from data_quality.dq_row_reconciliation "
            "where table_name in ('ssd_contacts', 'ssd_cin_episodes')").fetchone()
        if worst and staged[0] == 0:
            table, rule, column, n = worst
            return (f"no contact or referral was staged ({n:,} rows of {table} were quarantined as {rule}"
                    f"{' in ' + column if column else ''}); see data_quality.dq_findings")
    if not result.windows:
        return "no contacts or referrals to set the reporting window from (ssd_contacts, ssd_cin_episodes)"
    window = result.windows[0]
    return (f"the reporting window ({window.window_start} to {window.as_at_date}) holds no whole month: "
            "check --as-at and --from")


def _record(candidate: Path, side: Path, data_dir: Path, dbt_vars: dict, seeds: dict[str, str]) -> None:
    """Write which build this is, where its side files are and which seeds it holds (their checksums) into
    the new warehouse; leave it checkpointed."""
    schema = BUILD_TABLE.split(".")[0]
    con = duckdb.connect(str(candidate))
    try:
        con.execute(f"create schema if not exists {schema}")
        con.execute(
            f"create or replace table {BUILD_TABLE} as select ? as side_dir, ? as data_dir, "
            "cast(? as timestamp) as built_at, ? as dbt_vars",
            [side.name, str(data_dir), datetime.now().isoformat(timespec="seconds"), json.dumps(dbt_vars)])
        record_seeds(con, seeds)
        con.execute("checkpoint")
    finally:
        con.close()
    if candidate.with_name(candidate.name + ".wal").exists():  # pragma: no cover - checkpoint above empties it
        raise BadInput(f"{candidate}: the new warehouse was not written out completely (a .wal file remains)")


def _tidy(warehouse: Path, keep: Path | None) -> None:
    """Remove what killed or failed builds left beside `warehouse` (every build folder but `keep`); after a
    swap, also the side files of the layout before build folders (.<stem>.intake, .<stem>.vars.json)."""
    for path in warehouse.parent.glob(f".{warehouse.stem}.build-*"):
        if keep is None or path.resolve() != keep.resolve():
            shutil.rmtree(path, ignore_errors=True)
    if keep is not None:
        shutil.rmtree(warehouse.parent / f".{warehouse.stem}.intake", ignore_errors=True)
        (warehouse.parent / f".{warehouse.stem}.vars.json").unlink(missing_ok=True)


def _window_lines(windows: list[Window]) -> list[str]:
    """'LA 874 from 2023-04-01 to 2025-03-31 (as-at date 2025-03-31)'; authorities sharing a window on one line."""
    if not windows:
        return ["none (no contacts or referrals staged)"]
    groups: dict[tuple[date, date], list[str]] = {}
    for window in windows:
        groups.setdefault((window.window_start, window.as_at_date), []).append(window.la_code)
    lines = []
    for (start, as_at), codes in sorted(groups.items()):
        who = f"LA {', '.join(codes)}" if len(codes) <= 6 else f"{len(codes)} authorities"
        lines.append(f"{who} from {start} to {as_at} (as-at date {as_at})")
    return lines

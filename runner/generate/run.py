"""Orchestration: which authorities, one worker process per core for big runs, totals."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pyarrow as pa

from ..contract import TABLES
from ..errors import BadInput
from . import writing
from .constants import PROJECT_DIR, REFERENCE_LA, REFERENCE_POPULATION
from .faults import FAULT_KINDS, _inject_faults
from .finalise import _finalise
from .populations import _calibrated_populations
from .stages import simulate
from .stages.casework import casework
from .vectors import _day
from .world import World


@dataclass
class GenerateResult:
    """What `generate` wrote."""

    out_dir: Path
    la_codes: list[str]
    rows: dict[str, int]  # table name -> total rows written over all LAs
    start: date  # first day covered (1 April)
    end: date  # last day covered (31 March)
    seconds: float
    faults: dict[str, int] = field(default_factory=dict)  # fault kind -> injected count over all LAs


def generate(out_dir: Path, la_codes: list[str] | None = None, n_las: int | None = None, years: int = 6,
             seed: int = 42, end_year: int = 2026, fault_rate: float = 0.002, fmt: str = "csv",
             populations: dict[str, int] | None = None) -> GenerateResult:
    """Write synthetic SSD files for some authorities; see the module docstring.

    `la_codes` names the authorities; otherwise the first `n_las` LA codes (sorted) of the population
    table; otherwise Peterborough (874) alone. `populations` (children aged 0-17, on the scale where
    874 has REFERENCE_POPULATION) overrides the looked-up population of the authorities it names.
    """
    started = time.perf_counter()
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    if years < 1:
        raise ValueError("years must be at least 1")
    if not 0 <= fault_rate <= 0.5:
        raise ValueError("fault_rate must be between 0 and 0.5")
    try:  # the bank-holiday seed must cover every year the simulation's histories reach
        World.calendar_for(_day(_window(years, end_year)[1]))
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    lookup = _calibrated_populations()
    if la_codes:
        codes = list(dict.fromkeys(str(c) for c in la_codes))
    elif n_las:
        available = sorted(lookup)
        if n_las > len(available):
            raise ValueError(f"asked for {n_las} authorities but the population table has {len(available)}")
        codes = available[:n_las]
    else:
        codes = [REFERENCE_LA]
    pops = {c: float((populations or {}).get(c, lookup.get(c, REFERENCE_POPULATION))) for c in codes}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(out_dir, c, pops[c], years, seed, end_year, fault_rate, fmt) for c in codes]
    workers = min(os.cpu_count() or 1, len(jobs))
    results = _run_in_workers(jobs, workers) if len(jobs) >= 4 and workers > 1 else [_generate_one(j) for j in jobs]
    rows: dict[str, int] = dict.fromkeys(TABLES, 0)
    faults: dict[str, int] = dict.fromkeys(FAULT_KINDS, 0)
    for table_rows, table_faults in results:
        for k, v in table_rows.items():
            rows[k] += v
        for k, v in table_faults.items():
            faults[k] += v
    start, end = _window(years, end_year)
    return GenerateResult(out_dir, codes, rows, start, end, time.perf_counter() - started, faults)


def _window(years: int, end_year: int) -> tuple[date, date]:
    return date(end_year - years, 4, 1), date(end_year, 3, 31)


def _run_in_workers(jobs: list[tuple], workers: int) -> list[tuple[dict[str, int], dict[str, int]]]:
    """Run jobs in worker subprocesses, biggest authorities first to the least-loaded worker.

    Plain subprocesses (not multiprocessing): they never re-import the caller's __main__ and never
    fork a process that may hold threads. Every authority is independent, so the files are the same
    as from a sequential run.
    """
    groups: list[list[int]] = [[] for _ in range(workers)]
    load = [0.0] * workers
    for i in sorted(range(len(jobs)), key=lambda i: -jobs[i][2]):
        k = load.index(min(load))
        groups[k].append(i)
        load[k] += jobs[i][2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_DIR), env.get("PYTHONPATH", "")) if p)
    cmd = [sys.executable, "-c", "from runner.generate.run import _worker_main; _worker_main()"]
    # run from the project folder: `python -c` puts the working folder first on sys.path
    procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                              cwd=PROJECT_DIR)
             for _ in groups]
    for proc, group in zip(procs, groups, strict=True):
        assert proc.stdin is not None
        proc.stdin.write(pickle.dumps([jobs[i] for i in group]))
        proc.stdin.close()
    results: list[tuple[dict[str, int], dict[str, int]] | None] = [None] * len(jobs)
    for proc, group in zip(procs, groups, strict=True):
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
        if proc.wait() != 0:
            raise RuntimeError(f"synthetic data worker failed:\n{err.decode(errors='replace')}")
        for i, result in zip(group, pickle.loads(out), strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def _worker_main() -> None:
    """Entry point of a worker subprocess: pickled jobs on stdin, pickled results on stdout."""
    jobs = pickle.loads(sys.stdin.buffer.read())
    writing.WRITER_THREADS = 1  # one thread per worker process: the workers are the parallelism
    pa.set_cpu_count(1)
    sys.stdout.buffer.write(pickle.dumps([_generate_one(j) for j in jobs]))


def _generate_one(job: tuple) -> tuple[dict[str, int], dict[str, int]]:
    """Simulate, finalise and write one authority (runs in a worker process for big runs)."""
    out_dir, la, population, years, seed, end_year, fault_rate, fmt = job
    start, end = _window(years, end_year)
    w = World(la, seed, _day(start), _day(end), population / REFERENCE_POPULATION)
    simulate(w)
    tables = _finalise(w)
    tables.update(casework(w, tables))
    tables = {t: tables[t] for t in TABLES}
    faults = dict.fromkeys(FAULT_KINDS, 0)
    if fault_rate > 0:
        tables = _inject_faults(w, tables, fault_rate, faults)
    rows = writing.write(out_dir / la, tables, fmt)
    return rows, faults

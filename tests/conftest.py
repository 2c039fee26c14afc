"""Shared helpers: run the real `runner` command in a subprocess, as CI and analysts do."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def runner(*args: str | Path, env: dict[str, str] | None = None, timeout: int = 600) -> Run:
    """Run `runner ARGS` in a fresh Python process and return its exit code and output."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("CSC_WAREHOUSE", None)
    full_env.pop("CSC_DATA_DIR", None)
    full_env.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "runner.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=PROJECT_DIR,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def run_runner():
    return runner


@pytest.fixture(scope="session")
def synthetic_build(tmp_path_factory):
    """One small synthetic warehouse for the whole session (LA 874, two financial years to March 2025):
    generate and build once, then every end-to-end test reads it (the report adds to it only the
    files runner docs writes beside it)."""
    work = tmp_path_factory.mktemp("synthetic")
    generated = runner("generate", "--out", work / "data", "--la", "874", "--years", "2", "--end-year", "2025")
    assert generated.returncode == 0, generated.output
    built = runner("build", "--data-dir", work / "data", "--warehouse", work / "w.duckdb")
    assert built.returncode == 0, built.output
    return work

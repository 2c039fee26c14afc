"""The validators' own Python environment.

Data to Insight's validators pin what the project cannot have: csc-validator-be-903 wants
numpy<1.25 and pandas<2 (the project needs numpy>=1.26 with pyarrow and duckdb), csc-validator-be-cin
pandas<2. So they live in a virtual environment of their own, `.venv-validators` in the project
(or $CSC_VALIDATORS_ENV), made on first use from the package registries with the exact versions in
requirements-validators.txt (pip's resolution of the two packages, frozen), and run as a subprocess
(runner/validate/driver.py). `./dev test` makes it too, so CI has it; nothing is fetched at run time
once it exists. The marker file records the requirements it was made from; a change remakes it.

    python -m runner.validate.env      make (or check) the environment and print where it is
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from runner.errors import RunnerError
from runner.settings import PROJECT_DIR

ENV_VARIABLE = "CSC_VALIDATORS_ENV"
DEFAULT_ENV = PROJECT_DIR / ".venv-validators"
REQUIREMENTS = Path(__file__).with_name("requirements-validators.txt")
MARKER = ".runner-validators"


class EnvironmentFailed(RunnerError):
    """The validators' environment could not be made (exit 2, with pip's last line)."""


def env_dir() -> Path:
    return Path(os.environ.get(ENV_VARIABLE) or DEFAULT_ENV)


def python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _fingerprint() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def is_ready(env: Path | None = None) -> bool:
    env = env or env_dir()
    marker = env / MARKER
    return python(env).exists() and marker.exists() and marker.read_text(encoding="utf-8").strip() == _fingerprint()


def ensure(echo: Callable[[str], None] = print) -> Path:
    """The environment's python, making the environment first if it is missing or out of date."""
    env = env_dir()
    if is_ready(env):
        return python(env)
    echo(f"setting up the DfE validators' environment in {env} (once; about 2 minutes)")
    if env.exists():
        shutil.rmtree(env)
    base = getattr(sys, "_base_executable", None) or sys.executable
    _run([base, "-m", "venv", str(env)], "making the virtual environment")
    _run([str(python(env)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input",
          "-r", str(REQUIREMENTS)], f"installing {REQUIREMENTS.name}")
    (env / MARKER).write_text(_fingerprint() + "\n", encoding="utf-8")
    return python(env)


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).splitlines()
                 if line.strip() and "is ignored: it is neither a file nor a directory" not in line]
        last = lines[-1] if lines else f"exit code {result.returncode}"
        raise EnvironmentFailed(f"the DfE validators' environment: {what} failed: {last}")


def main() -> int:
    try:
        path = ensure()
    except RunnerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"DfE validators' environment ready: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

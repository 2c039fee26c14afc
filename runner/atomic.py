"""Writing outputs whole or not at all: what a reader sees is either the last complete output or the new
one, never a mixture, whenever the writer is stopped (an error, Ctrl-C, `kill -9`, a full disk).

- `files_into(out_dir)`: export files. Each is written in a hidden staging folder inside `out_dir`
  (same file system) and, once every file is complete, moved over its old version with an atomic
  rename.
- `begin_dir(final)` / `commit_dir(staging, final)` / `discard_dir(final)`: a whole folder (the report
  site). It is built in a staging folder beside `final` and swapped in by one atomic exchange of the
  two folders (renameat2 RENAME_EXCHANGE on Linux); the old folder is then removed. Where the exchange
  is not available, the old folder is renamed aside first and put back by the next run if the writer
  died between the two renames.

Leftovers of a writer that was killed are hidden folders (`.export-*`, `.<name>.staging`) that the next
run removes; the caller holds the warehouse lock (runner/lock.py), so no other writer owns them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from runner.errors import BadInput

STAGING_PREFIX = ".export-"


@contextmanager
def files_into(out_dir: Path) -> Iterator[Path]:
    """Yield a staging folder inside `out_dir`; on success move each file in it into `out_dir`.

    On failure the staging folder is removed and `out_dir` is left as it was.
    """
    out_dir = Path(out_dir)
    for stale in out_dir.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = out_dir / f"{STAGING_PREFIX}{os.getpid()}"
    try:
        staging.mkdir()
    except OSError as exc:
        raise BadInput(f"--out {out_dir}: cannot write there ({exc.strerror or exc})") from exc
    try:
        yield staging
        for path in sorted(staging.iterdir()):
            _fsync(path)
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def staging_path(final: Path) -> Path:
    return final.parent / f".{final.name}.staging"


def _aside_path(final: Path) -> Path:
    return final.parent / f".{final.name}.old"


def begin_dir(final: Path) -> Path:
    """A fresh, empty staging folder beside `final`, after tidying what a killed earlier run left."""
    final = Path(final)
    aside = _aside_path(final)
    if aside.exists() and not final.exists():
        os.rename(aside, final)  # a run died between the two renames of the fallback: put the old one back
    shutil.rmtree(aside, ignore_errors=True)
    staging = staging_path(final)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise BadInput(f"{final}: cannot write beside it ({exc.strerror or exc})") from exc
    return staging


def commit_dir(staging: Path, final: Path) -> None:
    """Put the complete folder `staging` in the place of `final` in one step and remove the old one."""
    if not final.exists():
        os.rename(staging, final)
        return
    if _exchange(staging, final):
        shutil.rmtree(staging, ignore_errors=True)  # now the old folder
        return
    aside = _aside_path(final)
    os.rename(final, aside)
    os.rename(staging, final)
    shutil.rmtree(aside, ignore_errors=True)


def discard_dir(final: Path) -> None:
    """Remove the staging folder of a run that failed; `final` is untouched."""
    shutil.rmtree(staging_path(Path(final)), ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0


def _fsync(path: Path) -> None:
    """Flush a finished file to disk before it replaces the old one (a power cut then leaves one or the other)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

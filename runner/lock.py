"""One lock per warehouse: `runner build`, `runner export` and `runner docs` take it before they write
anything and hold it to the end, so two of them never work on one warehouse at once.

The lock is an advisory lock (flock) on `.<warehouse>.lock` beside the warehouse, holding the PID and
the command of its holder. The operating system releases it when the holder exits in any way (an
error, Ctrl-C, even `kill -9`), so a lock is never left behind and there is nothing to clean up. A
second command meanwhile stops at once with exit code 2 and one line naming the holder's PID.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from runner.errors import BadInput

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def lock_path(warehouse: Path) -> Path:
    return warehouse.parent / f".{warehouse.stem}.lock"


@contextmanager
def warehouse_lock(warehouse: Path, command: str) -> Iterator[Path]:
    """Hold the warehouse's lock for the block; BadInput (exit 2) naming the holder if another has it."""
    path = lock_path(warehouse)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise BadInput(f"{path}: cannot create the warehouse's lock file ({exc.strerror or exc})") from exc
    try:
        if not _try_lock(fd):
            raise BadInput(f"{warehouse}: {_holder(path)} is using this warehouse; wait for it to finish "
                           "and run again")
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} runner {command}\n".encode())
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False
    import msvcrt  # pragma: no cover - Windows

    try:  # pragma: no cover
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:  # pragma: no cover
        return False


def _unlock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return
    import msvcrt  # pragma: no cover - Windows

    os.lseek(fd, 0, os.SEEK_SET)  # pragma: no cover
    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # pragma: no cover


def _holder(path: Path) -> str:
    """'`runner build` (PID 1234)': the holder writes its PID just after taking the lock, so wait a moment."""
    for _ in range(20):
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError:
            text = ""
        if text:
            pid, _, command = text.partition(" ")
            return f"`{command}` (PID {pid})" if command else f"another process (PID {pid})"
        time.sleep(0.05)
    return "another runner command (PID not yet written)"

"""What a dbt run shows while it runs.

On a terminal: one line, rewritten in place, with the node count (n of N), the node running and the
time elapsed, refreshed every half second so a long node or dbt's own start-up (reading and parsing
the project, 10 to 20 seconds) never looks like a hang. Elsewhere (a log file, CI, a pipe): plain
lines, one per stage and one per node as dbt reports it, which a log reader can search.

Failures are printed as they happen, on their own line, in both modes; warnings are gathered and
summarised once by kind at the end (runner/dbt.py).
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

#: dbt events that report a finished node, and those that announce one starting
RESULT_EVENTS = {"LogModelResult", "LogTestResult", "LogSeedResult", "LogSnapshotResult", "LogNodeNoOpResult"}
START_EVENTS = {"LogStartLine"}


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    try:
        return stream.isatty() and os.environ.get("TERM", "") != "dumb"
    except (AttributeError, ValueError):
        return False


class Progress:
    """Receives dbt's events (as a dbtRunner callback) and shows the run's progress."""

    def __init__(self, command: str, echo: Callable[[str], None] = print, *, live: bool = False,
                 stream: TextIO | None = None, interval: float = 0.5) -> None:
        self.command = command
        self.echo = echo
        self.live = live
        self.stream = stream or sys.stdout
        self.interval = interval
        self.started = time.perf_counter()
        self.total = 0
        self.done = 0
        self.running: dict[str, str] = {}  # unique id or description -> what to show
        self.stage = "reading the project"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._shown = False
        #: how dbt read the project: its last parse reused, or why not (None: it said nothing)
        self.parse: str | None = None

    # ---- life cycle ----

    def __enter__(self) -> Progress:
        if self.live:
            self._ticker = threading.Thread(target=self._tick, name="runner-progress", daemon=True)
            self._ticker.start()
        else:
            self.echo(f"dbt {self.command}: {self.stage}")
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self._lock:
            self._clear()

    def _tick(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                self._draw()

    # ---- events ----

    def __call__(self, event) -> None:
        name = event.info.name
        if name == "PartialParsingEnabled":
            data = getattr(event, "data", None)
            changed = sum(_int(data, field) for field in ("added", "deleted", "changed"))
            self.parse = f"last parse reused, {changed} file{'' if changed == 1 else 's'} reparsed"
            return
        if name == "UnableToPartialParse" and self.parse is None:
            reason = str(getattr(getattr(event, "data", None), "reason", "") or "").strip()
            self.parse = f"whole project parsed: {reason}" if reason else "whole project parsed"
            return
        if name == "FoundStats":
            with self._lock:
                self.stage = "starting"
                if not self.live:
                    self.echo(f"dbt {self.command}: {event.info.msg}")
            return
        if name not in START_EVENTS and name not in RESULT_EVENTS:
            return
        data = getattr(event, "data", None)
        total = _int(data, "total") or _int(data, "num_models")
        key = _node_key(data) or event.info.msg
        with self._lock:
            if total:
                self.total = max(self.total, total)
            if name in START_EVENTS:
                self.running[key] = _describe(data, event.info.msg)
                if self.live:
                    self._draw()
                return
            self.running.pop(key, None)
            self.done += 1
            status = str(getattr(data, "status", "") or "").lower()
            if self.live:
                if status in ("error", "fail", "runtime error"):
                    self._clear()
                    self.echo(f"failed: {_describe(data, event.info.msg)} ({status})")
                self._draw()
            else:
                self.echo(event.info.msg)

    # ---- the line ----

    def line(self) -> str:
        elapsed = _clock(time.perf_counter() - self.started)
        if not self.total:
            return f"dbt {self.command}: {self.stage} ... {elapsed}"
        current = next(reversed(self.running.values()), "") if self.running else ""
        return f"dbt {self.command} [{self.done}/{self.total}] {elapsed} {current}".rstrip()

    def _draw(self) -> None:
        width = shutil.get_terminal_size((100, 20)).columns - 1
        text = self.line()[:width]
        self.stream.write("\r\033[K" + text)
        self.stream.flush()
        self._shown = True

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False


def _int(data, field: str) -> int:
    try:
        return int(getattr(data, field, 0) or 0)
    except (TypeError, ValueError):
        return 0


def _node_key(data) -> str:
    node_info = getattr(data, "node_info", None)
    return getattr(node_info, "unique_id", "") or ""


def _describe(data, fallback: str) -> str:
    node_info = getattr(data, "node_info", None)
    name = getattr(node_info, "node_name", "") or getattr(data, "name", "")
    kind = getattr(node_info, "resource_type", "")
    if name:
        return f"{kind} {name}".strip()
    return fallback


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"

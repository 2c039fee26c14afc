"""Expected failures, each with the exit code the data contract gives it."""

from __future__ import annotations


class RunnerError(Exception):
    """An expected failure: shown as one line, no traceback, and the process exits with `exit_code`."""

    exit_code = 2


class BadInput(RunnerError):
    """Bad usage or bad input (exit 2): the message names the file, the row where known, the problem."""

    exit_code = 2


class BuildFailed(RunnerError):
    """A model or a data test failed (exit 1): the message names it."""

    exit_code = 1

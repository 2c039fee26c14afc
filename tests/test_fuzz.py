"""Damaged input at random (Hypothesis): every build either stops with exit 2 and one line naming the
file, or keeps and reconciles every raw row.

Bounded so the suite stays fast: Hypothesis damages copies of the front-door fixture 40 times (bytes,
quoting, columns, dates, duplicates, truncation) and puts each through the intake check, in process
(well under a second each). The damaged sets the intake check refuses must be refused in one line
naming the file; three of them are also run through `runner build` to see exit 2 and that one line on
the terminal. Up to eight of the damaged sets it accepts become eight authorities of one data folder,
which one real `runner build` (about a minute) must build with every raw row staged or quarantined.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runner.errors import BadInput
from runner.intake import inspect_data_dir
from tests.conftest import FIXTURES, runner

BASE = FIXTURES / "front_door" / "874"
FILES = sorted(p.name for p in BASE.glob("*.csv"))
BAD_DATES = ["31/12/2023", "2023-02-30", "yesterday", "2062-01-01", "1926-05-04", "20230401", "45017", "", "  ",
             "2023-04-01T25:61:00", "0000-00-00", "=NOW()"]

fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
damage = st.one_of(
    st.tuples(st.just("bytes"), st.sampled_from(FILES), fraction, st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("quote"), st.sampled_from(FILES), fraction, fraction),
    st.tuples(st.just("drop_column"), st.sampled_from(FILES), st.integers(0, 12)),
    st.tuples(st.just("extra_field"), st.sampled_from(FILES), fraction),
    st.tuples(st.just("date"), st.sampled_from(FILES), fraction, st.sampled_from(BAD_DATES)),
    st.tuples(st.just("day_first"), st.sampled_from(FILES)),
    st.tuples(st.just("duplicate"), st.sampled_from(FILES), fraction, st.booleans()),
    st.tuples(st.just("truncate"), st.sampled_from(FILES), fraction),
    st.tuples(st.just("blank_line"), st.sampled_from(FILES), fraction),
)


def _pick(items: list, at: float) -> int:
    return min(int(at * len(items)), len(items) - 1)


def apply(folder: Path, op: tuple) -> None:
    kind, name = op[0], op[1]
    path = folder / name
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    body = [i for i, line in enumerate(lines) if i > 0 and line.strip()]
    if kind == "bytes":
        at = int(op[2] * len(raw))
        raw = raw[:at] + op[3] + raw[at:]
    elif kind == "quote" and body:
        i = body[_pick(body, op[2])]
        at = int(op[3] * len(lines[i]))
        lines[i] = lines[i][:at] + b'"' + lines[i][at:]
        raw = b"\n".join(lines)
    elif kind == "drop_column":
        cells = [line.split(b",") for line in lines]
        column = op[2] % max(len(cells[0]), 1)
        raw = b"\n".join(b",".join(c[:column] + c[column + 1:]) if len(c) > column else b",".join(c) for c in cells)
    elif kind == "extra_field" and body:
        i = body[_pick(body, op[2])]
        lines[i] += b",extra"
        raw = b"\n".join(lines)
    elif kind == "date" and body:
        i = body[_pick(body, op[2])]
        lines[i] = re.sub(rb"\d{4}-\d{2}-\d{2}(T[\d:]+)?", op[3].encode(), lines[i], count=1)
        raw = b"\n".join(lines)
    elif kind == "day_first":
        raw = re.sub(rb"\b(\d{4})-(\d{2})-(\d{2})\b", rb"\3/\2/\1", raw)
    elif kind == "duplicate" and body:
        i = body[_pick(body, op[2])]
        copy = lines[i] if op[3] else lines[i] + b"x"
        lines.insert(i + 1, copy)
        raw = b"\n".join(lines)
    elif kind == "truncate":
        raw = raw[: int(op[2] * len(raw))]
    elif kind == "blank_line" and body:
        lines.insert(body[_pick(body, op[2])], b"")
        raw = b"\n".join(lines)
    path.write_bytes(raw)


def test_damaged_files_are_refused_in_one_line_or_every_raw_row_is_reconciled(tmp_path_factory):
    work = tmp_path_factory.mktemp("fuzz")
    accepted = work / "accepted"
    accepted.mkdir()
    refused: list[tuple[Path, str]] = []
    counter = iter(range(10_000))

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(st.lists(damage, min_size=1, max_size=3))
    def check(ops):
        n = next(counter)
        data = work / f"case{n}"
        shutil.copytree(BASE, data / "874")
        for op in ops:
            apply(data / "874", op)
        try:
            inspect_data_dir(data, work / f"intake{n}")
        except BadInput as exc:
            message = str(exc)
            assert "\n" not in message, (ops, message)
            assert str(data) in message, (ops, message)  # names the file (or folder)
            refused.append((data, message))
            return
        if len(list(accepted.iterdir())) < 8:
            shutil.copytree(data / "874", accepted / f"{801 + len(list(accepted.iterdir()))}")

    check()
    assert refused, "no damage was refused: the strategies are too gentle"
    for data, message in refused[:3]:
        run = runner("build", "--data-dir", data, "--warehouse", work / "refused.duckdb")
        assert run.returncode == 2, run.output
        assert "Traceback" not in run.output
        assert run.stderr.strip() == f"error: {message}", run.stderr
    built = list(accepted.iterdir())
    assert built, "no damaged set got past the intake check"
    warehouse = work / "w.duckdb"
    run = runner("build", "--data-dir", accepted, "--warehouse", warehouse)
    if run.returncode == 2:  # refused whole: one line
        assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.output, run.output
        return
    assert run.returncode == 0, run.output
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select la_code, table_name, raw_rows, staged_rows, quarantined_rows "
                           "from data_quality.dq_row_reconciliation").fetchall()
    assert {r[0] for r in rows} == {p.name for p in built}
    assert all(raw == staged + quarantined for _, _, raw, staged, quarantined in rows), rows

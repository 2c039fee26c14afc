"""Realistic data faults injected into a small share of rows, per table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..contract import TABLES
from .constants import CASEWORK_TABLES, NULL
from .finalise import _OUTCOME_OF_END, _anchor
from .vectors import I64, Bool, Cols, Rng, _uniform
from .world import _KINDS, World

#: fault kinds, and which tables get which
FAULT_KINDS = (
    "end_before_start", "duplicate_exact", "duplicate_conflict", "orphan_person", "bad_date",
    "missing_required", "future_date", "overlap",
)
_FAULTS_BY_TABLE: dict[str, tuple[str, ...]] = {
    "ssd_person": ("duplicate_exact", "bad_date"),
    "ssd_contacts": ("duplicate_exact", "orphan_person", "bad_date", "missing_required", "future_date"),
    "ssd_early_help_episodes": ("end_before_start", "duplicate_exact", "missing_required", "future_date"),
    "ssd_cin_episodes": ("end_before_start", "duplicate_conflict", "orphan_person", "bad_date", "future_date"),
    "ssd_cin_assessments": ("end_before_start", "duplicate_exact", "bad_date", "missing_required"),
    "ssd_cin_plans": ("end_before_start", "duplicate_exact", "orphan_person"),
    "ssd_s47_enquiry": ("end_before_start", "duplicate_conflict", "future_date"),
    "ssd_initial_cp_conference": ("duplicate_exact", "bad_date", "missing_required"),
    "ssd_cp_plans": ("end_before_start", "duplicate_conflict", "orphan_person", "future_date", "overlap"),
    "ssd_cp_visits": ("duplicate_exact", "orphan_person", "bad_date", "future_date"),
    "ssd_cla_episodes": ("end_before_start", "duplicate_conflict", "bad_date", "overlap"),
    "ssd_cla_placement": ("end_before_start", "duplicate_exact", "missing_required"),
    "ssd_legal_status": ("end_before_start", "missing_required", "duplicate_exact"),
    "ssd_cla_visits": ("duplicate_exact", "orphan_person", "future_date"),
    "ssd_cla_health": ("duplicate_exact", "bad_date", "missing_required"),
    "ssd_missing": ("end_before_start", "orphan_person", "future_date"),
    "ssd_care_leavers": ("duplicate_conflict", "bad_date"),
    "ssd_permanence": ("duplicate_exact", "bad_date"),
    "ssd_professionals": ("duplicate_exact",),
    "ssd_involvements": ("end_before_start", "duplicate_exact", "orphan_person", "missing_required"),
    "ssd_disability": ("duplicate_exact", "orphan_person", "missing_required"),
    "ssd_cla_reviews": ("duplicate_exact", "bad_date", "missing_required", "future_date"),
    "ssd_cp_reviews": ("duplicate_conflict", "bad_date", "future_date"),
    "ssd_immigration_status": ("end_before_start", "duplicate_exact", "orphan_person"),
}
BAD_DATES = ("31/02/2021", "2021-13-01", "unknown", "2022-02-30", "00/00/0000", "19/07/2023", "2023-7-32")


@dataclass
class _Faulted:
    cols: Cols
    bad: dict[str, np.ndarray]  # column -> unparseable date text per row ('' = none)


def _inject_faults(w: World, tables: dict[str, Cols], rate: float, faults: dict[str, int]) -> dict[str, Cols]:
    """Realistic faults in a small share of rows; returns tables whose bad dates ride in `_bad:` keys."""
    shared = w.rng("faults")
    person_ids = tables["ssd_person"][TABLES["ssd_person"].id_column]
    orphan_base = int(person_ids.max(initial=0)) + 1000
    out: dict[str, Cols] = {}
    for t, cols in tables.items():
        tb = TABLES[t]
        n = cols[tb.id_column].size
        kinds = _FAULTS_BY_TABLE.get(t, ())
        total = round(rate * n)
        total = max(total, 5 if n >= 1000 else 1 if n >= 100 else 0)
        if t == "ssd_person":  # an unusable person row orphans the child's other rows: keep these few
            total = min(total, max(1, round(rate * n / 2)))
        if not kinds or total == 0 or n == 0:
            out[t] = cols
            continue
        # the casework tables draw from streams of their own, so the older tables' faults never move
        rng = w.rng(f"faults:{t}") if t in CASEWORK_TABLES else shared
        order = rng.permutation(len(kinds))
        counts = np.full(len(kinds), total // len(kinds))
        counts[order[: total % len(kinds)]] += 1
        f = _Faulted(cols, {})
        used = np.zeros(n, bool)
        pool = rng.permutation(n)
        extra: list[Cols] = []
        for kind, k in zip(kinds, counts.tolist(), strict=True):
            if k == 0:
                continue
            done = _fault(w, rng, t, kind, k, f, used, pool, extra, orphan_base)
            faults[kind] += done
        if extra:
            for c in cols:
                cols[c] = np.concatenate([cols[c]] + [e[c] for e in extra])
            for c in f.bad:
                f.bad[c] = np.concatenate([f.bad[c], np.full(cols[c].size - f.bad[c].size, "")])
        sort = np.argsort(cols[tb.id_column], kind="stable")
        table = {c: v[sort] for c, v in cols.items()}
        table.update({f"_bad:{c}": v[sort] for c, v in f.bad.items()})
        out[t] = table
    return out


def _take(pool: I64, used: Bool, eligible: Bool, k: int) -> I64:
    cand = pool[eligible[pool] & ~used[pool]][:k]
    used[cand] = True
    return cand


def _fault(w: World, rng: Rng, t: str, kind: str, k: int, f: _Faulted, used: Bool, pool: I64, extra: list[Cols],
           orphan_base: int) -> int:
    """Inject k faults of one kind into table t; returns how many were injected."""
    tb, cols = TABLES[t], f.cols
    n = used.size
    anchor = _anchor(t) or (tb.dates[0] if tb.dates else None)
    everything = np.ones(n, bool)
    if kind == "end_before_start":
        start, end = tb.periods[0]
        rows = _take(pool, used, (cols[start] != NULL) & (cols[end] != NULL), k)
        cols[end][rows] = cols[start][rows] - _uniform(rng, 1, 60, rows.size)
    elif kind == "future_date" and anchor:
        rows = _take(pool, used, cols[anchor] != NULL, k)
        cols[anchor][rows] = w.w1 + _uniform(rng, 1, 150, rows.size)
        for start, end in tb.periods:
            if start == anchor:
                cols[end][rows] = NULL
                for dep in _OUTCOME_OF_END.get(end, ()):
                    cols[dep][rows] = ""
    elif kind == "bad_date" and anchor:
        rows = _take(pool, used, cols[anchor] != NULL, k)
        bad = f.bad.setdefault(anchor, np.full(n, "", dtype="<U10"))
        bad[rows] = np.array(BAD_DATES)[rng.integers(0, len(BAD_DATES), rows.size)]
    elif kind == "missing_required":
        options = [c for c in tb.required if c != tb.id_column]
        rows = _take(pool, used, everything, k)
        which = rng.integers(0, len(options), rows.size)
        for i, c in enumerate(options):
            r = rows[which == i]
            cols[c][r] = "" if _KINDS[t][c] == "str" else NULL if _KINDS[t][c] == "date" else -1
    elif kind == "orphan_person" and tb.person_column:
        rows = _take(pool, used, everything, k)
        cols[tb.person_column][rows] = orphan_base + 7 * np.arange(rows.size) + rng.integers(0, 7, rows.size)
    elif kind in ("duplicate_exact", "duplicate_conflict"):
        eligible = cols[anchor] != NULL if kind == "duplicate_conflict" and anchor else everything
        rows = _take(pool, used, eligible, k)
        copy = {c: v[rows].copy() for c, v in cols.items()}
        if kind == "duplicate_conflict":
            if anchor:
                copy[anchor] = copy[anchor] - _uniform(rng, 1, 30, rows.size)
            else:
                c = next(c for c in tb.columns if _KINDS[t][c] == "str")
                copy[c] = np.char.add(copy[c].astype(str), "*")
        extra.append(copy)
    elif kind == "overlap" and tb.periods:
        start, end = tb.periods[0]
        length = np.where(cols[end] != NULL, cols[end] - cols[start], 60)
        rows = _take(pool, used, (cols[start] != NULL) & (length >= 4), k)
        copy = {c: v[rows].copy() for c, v in cols.items()}
        top = int(cols[tb.id_column].max(initial=0)) + sum(e[tb.id_column].size for e in extra)
        copy[tb.id_column] = top + 1 + np.arange(rows.size)
        shift = 1 + np.floor(rng.random(rows.size) * (length[rows] // 2)).astype(np.int64)
        copy[start] = np.minimum(copy[start] + shift, w.w1)
        extra.append(copy)
    else:
        return 0
    return int(rows.size)

"""Finalisation: clip to the window, keep the relevant children, number the ids."""

from __future__ import annotations

import numpy as np

from ..contract import TABLES
from .constants import (
    ACTIVITY_LOOKBACK,
    CASEWORK_TABLES,
    ETHNICITY,
    FORENAMES_F,
    FORENAMES_M,
    NULL,
    PERIOD,
    SURNAMES,
    YEAR,
)
from .vectors import I64, Bool, Cols, _pick
from .world import _KINDS, World

#: when an end date is beyond the window it becomes null, and so do the columns that record its outcome
_OUTCOME_OF_END = {
    "cine_close_date": ("cine_close_reason",),
    "cina_assessment_auth_date": ("cina_assessment_outcome_nfa",),
    "s47e_s47_end_date": ("s47e_s47_nfa",),
    "clae_cla_episode_ceased_date": ("clae_cla_episode_ceased_reason",),
    "clap_cla_placement_end_date": ("clap_cla_placement_change_reason",),
    "earl_episode_end_date": ("earl_episode_end_reason",),
}
#: tables whose rows are dropped when every date is beyond the window (nothing has happened yet)
_DROP_WITHOUT_DATES = ("ssd_permanence",)


def _anchor(table: str) -> str | None:
    """The date a row is 'about' (its first required date column): rows after the end date are dropped."""
    t = TABLES[table]
    return next((c for c in t.required if c in t.dates), None)


def _number(alive: Bool, key: I64) -> I64:
    """Id numbers 1..n for the alive rows in (key, internal order) order; -1 for the others."""
    idx = np.flatnonzero(alive)
    order = idx[np.lexsort((idx, key[idx]))]
    out = np.full(alive.size, -1, np.int64)
    out[order] = np.arange(1, order.size + 1)
    return out


def _finalise(w: World) -> dict[str, Cols]:
    """The extract as the SSD would hold it on the end date; columns per table, rows in id order."""
    raw = {t: w.store.concat(t) for t in TABLES if t != "ssd_person" and t not in CASEWORK_TABLES}
    alive = {t: np.ones(w.store.size[t], bool) for t in raw}
    for t, cols in raw.items():  # nothing dated after the end date: drop the row, or null the end
        anchor = _anchor(t)
        if anchor:
            alive[t] &= cols[anchor] <= w.w1
        for c in TABLES[t].dates:
            if c == anchor:
                continue
            future = cols[c] > w.w1
            cols[c] = np.where(future, NULL, cols[c])
            for dep in _OUTCOME_OF_END.get(c, ()):
                cols[dep] = np.where(future, "", cols[dep])
        if t in _DROP_WITHOUT_DATES:
            alive[t] &= np.any([cols[c] != NULL for c in TABLES[t].dates], axis=0)
    active = np.zeros(w.persons.n, bool)  # children with anything dated in, or open during, the window
    for t, cols in raw.items():
        pcol = TABLES[t].person_column
        if not pcol:
            continue
        touch = np.full(alive[t].size, t == "ssd_care_leavers")
        for c in TABLES[t].dates:
            touch |= cols[c] >= w.w0
        for _, end in TABLES[t].periods:
            touch |= cols[end] == NULL
        active[cols[pcol][alive[t] & touch]] = True
    for t, cols in raw.items():
        pcol = TABLES[t].person_column
        if pcol:
            alive[t] &= active[cols[pcol]]
        if t in ACTIVITY_LOOKBACK:
            alive[t] &= cols[_anchor(t) or ""] >= w.w0 - ACTIVITY_LOOKBACK[t]
    final: dict[str, I64] = {}
    for t, cols in raw.items():
        anchor = _anchor(t)
        final[t] = _number(alive[t], cols[anchor] if anchor else np.zeros(alive[t].size, np.int64))
    dob = w.persons.column("dob")
    final["ssd_person"] = _number(active, dob)
    period_alive = np.zeros(w.periods.n, bool)
    for t, cols in raw.items():
        for c, kind in _KINDS[t].items():
            if kind == f"ref:{PERIOD}":
                ref = cols[c][alive[t]]
                period_alive[ref[ref >= 0]] = True
    final[PERIOD] = _number(period_alive, w.periods.column("start"))
    out: dict[str, Cols] = {"ssd_person": _person_columns(w, active, final["ssd_person"])}
    for t, cols in raw.items():
        rows = np.flatnonzero(alive[t])
        rows = rows[np.argsort(final[t][rows], kind="stable")]
        table: Cols = {}
        for c in TABLES[t].columns:
            kind = _KINDS[t][c]
            if kind == "self":
                table[c] = final[t][rows]
            elif kind.startswith("ref:"):
                ref = cols[c][rows]
                table[c] = np.where(ref >= 0, final[kind[4:]][np.maximum(ref, 0)], -1)
            else:
                table[c] = cols[c][rows]
        out[t] = table
    w.final_ids = final
    return {t: out[t] for t in TABLES if t in out}


def _person_columns(w: World, active: Bool, number: I64) -> Cols:
    """ssd_person for the children kept: demographics drawn per child, deaths from their journeys."""
    rng = w.rng("person-attributes")
    n = w.persons.n
    dob, expected, sex = w.persons.column("dob"), w.persons.column("expected"), w.persons.column("sex")
    death = np.full(n, NULL, np.int64)
    for who, when in w.deaths:
        death[who] = when
    death = np.where(death > w.w1, NULL, death)
    male = sex == 1
    gender = np.where(male, "01", "02")
    u = rng.random(n)
    gender = np.where(u < 0.015, "00", np.where(u < 0.018, "09", gender))
    ethnicity = _pick(rng, ETHNICITY, n)
    upn = np.where(w.w1 - dob < 5 * YEAR, "UN1", _pick(rng, tuple((f"UN{i}", 1) for i in range(2, 11)), n))
    upn = np.where(rng.random(n) < 0.04, upn, "")
    forename = np.where(male, np.array(FORENAMES_M)[rng.integers(0, len(FORENAMES_M), n)],
                        np.array(FORENAMES_F)[rng.integers(0, len(FORENAMES_F), n)])
    surname = np.array(SURNAMES)[rng.integers(0, len(SURNAMES), n)]
    rows = np.flatnonzero(active)
    rows = rows[np.argsort(number[rows], kind="stable")]
    values = {
        "pers_person_id": number, "pers_dob": dob, "pers_sex": np.where(male, "M", "F"), "pers_gender": gender,
        "pers_ethnicity": ethnicity, "pers_expected_dob": expected, "pers_death_date": death, "pers_upn_unknown": upn,
        "pers_forename": forename, "pers_surname": surname,
    }
    columns = TABLES["ssd_person"].columns
    if set(values) != set(columns):
        raise KeyError(f"ssd_person columns differ from the contract: {sorted(set(values) ^ set(columns))}")
    return {c: values[c][rows] for c in columns}

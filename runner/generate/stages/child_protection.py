"""Child protection chains: referral, s47, ICPC, CP plans and visits; repeat plans; some into care."""

from __future__ import annotations

import numpy as np

from ..constants import (
    ACTIVITY_LOOKBACK,
    CLOSE_REASON_BY_PATH,
    CP_AGE_P,
    CP_CATEGORIES,
    CP_HISTORY_YEARS,
    CP_PLANS_PM,
    NULL,
    REFERRAL_NEEDS,
    YEAR,
)
from ..vectors import (
    I64,
    Rng,
    _add_years,
    _ages,
    _expand,
    _lognormal_days,
    _mix,
    _pick,
    _sample_days,
    _seg_cumsum,
    _uniform,
    _yn,
)
from ..world import World
from .care import _periods_of_care
from .front_door import _assessment_dates, _front_door, _icpc_dates, _s47_dates

CP_LENGTH = [(0.06, 30, 90), (0.34, 91, 270), (0.30, 271, 365), (0.20, 366, 545), (0.07, 546, 730),
             (0.03, 731, 1100)]


def _stage_child_protection(w: World) -> None:
    """Children with one or more CP plans, each reached through referral, s47 and ICPC."""
    rng = w.rng("cp")
    days = np.arange(w.w0 - CP_HISTORY_YEARS * 365, w.w1 + 1, dtype=np.int64)
    plans_per_child = np.array([1, 2, 3])
    plans_p = np.array([0.72, 0.22, 0.06])
    per_day = CP_PLANS_PM * w.scale * w.ch.cp / 30.44 * w.day_weights(days) * w.by_fy(days, w.year_volume)
    arrivals = _sample_days(rng, days, per_day / float(plans_per_child @ plans_p))
    n = arrivals.size
    unborn = rng.random(n) < 0.05
    dob = np.where(unborn, arrivals + _uniform(rng, 20, 150, n), arrivals - _ages(rng, n, CP_AGE_P))
    persons = w.new_persons(rng, dob, unborn)
    adult = _add_years(dob, 18)
    nplans = plans_per_child[rng.choice(3, n, p=plans_p)]
    ref = arrivals.copy()
    previous_close = np.full(n, NULL, np.int64)
    alive = np.ones(n, bool)
    batches: list[dict[str, np.ndarray]] = []
    for g in range(3):
        idx = np.flatnonzero(alive & (nplans > g) & (ref <= w.w1) & (ref < adult - 200))
        if idx.size == 0:
            break
        b = _cp_timeline(w, rng, ref[idx], adult[idx])
        b["owner"], b["previous_close"] = idx, previous_close[idx]
        b["to_care"] = (rng.random(idx.size) < 0.11) & (b["plan_end"] < _add_years(dob[idx], 16))
        # a child who becomes looked after when the plan ends gets no step-down CIN plan
        b["cinp_start"] = np.where(b["to_care"], NULL, b["cinp_start"])
        b["cinp_end"] = np.where(b["to_care"], NULL, b["cinp_end"])
        b["close"] = np.where(b["to_care"], b["plan_end"], b["close"])
        batches.append(b)
        gap = _mix(rng, idx.size, [(0.1, 60, 700), (0.9, 731, 2200)])
        alive[:] = False
        alive[idx] = ~b["to_care"]
        ref = np.full(n, NULL, np.int64)
        ref[idx] = b["close"] + gap
        previous_close[idx] = b["close"]
    if not batches:
        return
    j = {k: np.concatenate([b[k] for b in batches]) for k in batches[0]}
    person = persons[j["owner"]]
    close = j["close"]
    reason = _pick(rng, (("RC7", 90), ("RC5", 10)), close.size)
    care = np.flatnonzero(j["to_care"])
    if care.size:
        p_end, p_path = _periods_of_care(w, w.rng("care-from-cp"), j["plan_end"][care], person[care],
                                         own_front_door=False)
        close[care] = np.maximum(close[care], p_end + _uniform(rng, 0, 30, care.size))
        reason[care] = np.array(CLOSE_REASON_BY_PATH)[p_path]
    _prior_referrals(w, rng, person, j["ref"], j["previous_close"])
    n = close.size
    need = _pick(rng, (("N1", 88), ("N4", 5), ("N5", 5), ("N3", 2)), n)
    ref_idx = _front_door(w, rng, person, j["ref"], need=need, nfa=np.zeros(n, bool), a_start=j["a_start"],
                          a_auth=j["a_auth"], a_nfa=np.zeros(n, bool), close=close, close_reason=reason)
    s = np.flatnonzero(~j["transfer_in"])
    s47_idx = np.full(n, -1, np.int64)
    s47_idx[s] = w.store.add("ssd_s47_enquiry", s.size, s47e_person_id=person[s], s47e_referral_id=ref_idx[s],
                             s47e_s47_start_date=j["s47_start"][s], s47e_s47_end_date=j["s47_end"][s],
                             s47e_s47_nfa="N")
    plan_idx = w.store.size["ssd_cp_plans"] + np.arange(n)
    icpc_idx = w.store.add("ssd_initial_cp_conference", n, icpc_person_id=person, icpc_s47_enquiry_id=s47_idx,
                           icpc_referral_id=ref_idx, icpc_cp_plan_id=plan_idx,
                           icpc_icpc_transfer_in=_yn(j["transfer_in"]), icpc_icpc_target_date=j["target"],
                           icpc_icpc_date=j["plan_start"], icpc_icpc_outcome_cp_flag="Y")
    initial = _pick(rng, CP_CATEGORIES, n)
    latest = np.where(rng.random(n) < 0.88, initial, _pick(rng, CP_CATEGORIES, n))
    w.store.add("ssd_cp_plans", n, cppl_person_id=person, cppl_referral_id=ref_idx, cppl_icpc_id=icpc_idx,
                cppl_cp_plan_start_date=j["plan_start"], cppl_cp_plan_end_date=j["plan_end"],
                cppl_cp_plan_initial_category=initial, cppl_cp_plan_latest_category=latest)
    c = np.flatnonzero(j["cinp_start"] != NULL)
    w.store.add("ssd_cin_plans", c.size, cinp_person_id=person[c], cinp_referral_id=ref_idx[c],
                cinp_cin_plan_start_date=j["cinp_start"][c], cinp_cin_plan_end_date=j["cinp_end"][c])
    _cp_visits(w, rng, plan_idx, person, j["plan_start"], j["plan_end"])


def _cp_timeline(w: World, rng: Rng, ref: I64, adult: I64) -> dict[str, np.ndarray]:
    n = ref.size
    a_start, a_auth = _assessment_dates(w, rng, ref)
    transfer_in = rng.random(n) < 0.02
    s47_start, s47_end = _s47_dates(w, rng, ref, 4, 15)
    icpc, target = _icpc_dates(w, rng, s47_start)
    icpc = np.where(transfer_in, w.cal.add(ref, _uniform(rng, 3, 15, n)), icpc)
    target = np.where(transfer_in, w.cal.add(ref, 15), target)
    s47_end = np.minimum(s47_end, icpc)
    plan_end = np.maximum(np.minimum(icpc + _mix(rng, n, CP_LENGTH), adult), icpc + 1)
    step_down = (rng.random(n) < 0.45) & (plan_end < adult - 60)
    cinp_start = np.where(step_down, plan_end, NULL)
    cinp_end = np.where(step_down, np.minimum(plan_end + _lognormal_days(rng, 150, 0.4, n, 40, 400), adult), NULL)
    close = np.maximum(plan_end, cinp_end) + _uniform(rng, 0, 10, n)
    return {"ref": ref, "a_start": a_start, "a_auth": a_auth, "transfer_in": transfer_in, "s47_start": s47_start,
            "s47_end": s47_end, "target": target, "plan_start": icpc, "plan_end": plan_end,
            "cinp_start": cinp_start, "cinp_end": cinp_end, "close": close}


def _prior_referrals(w: World, rng: Rng, person: I64, later: I64, earliest: I64) -> None:
    """An earlier, short referral for some children (it makes the later one a re-referral if recent).

    It falls after `earliest` (the close of the child's previous referral) and closes before `later`.
    """
    n = person.size
    dob = w.dob_of(person)
    ref = later - _uniform(rng, 30, 540, n)
    sel = np.flatnonzero((rng.random(n) < 0.25) & (ref > dob) & (ref > earliest))
    ref, person, later = ref[sel], person[sel], later[sel]
    k = sel.size
    a_start, a_auth = _assessment_dates(w, rng, ref)
    assessed = (rng.random(k) < 0.65) & (a_auth < later - 1)
    close = np.where(assessed, a_auth + _uniform(rng, 0, 7, k), ref + _uniform(rng, 0, 2, k))
    close = np.minimum(close, later - 1)
    _front_door(w, rng, person, ref, need=_pick(rng, REFERRAL_NEEDS, k), nfa=~assessed,
                a_start=np.where(assessed, a_start, NULL), a_auth=np.where(assessed, a_auth, NULL),
                a_nfa=assessed, close=close, close_reason=np.where(assessed, "RC8", "RC7"))


def _cp_visits(w: World, rng: Rng, plan_idx: I64, person: I64, start: I64, end: I64) -> None:
    """Visits every few working days while a plan is open, from a year before the window."""
    begin = np.maximum(start, w.w0 - ACTIVITY_LOOKBACK["ssd_cp_visits"] - 30)
    stop = np.minimum(end, w.w1 + 1)
    span = np.maximum(stop - begin, 0)
    counts = np.where(span > 0, span // 6 + 3, 0)
    owner, pos = _expand(counts)
    m = owner.size
    gaps = np.where(pos == 0, _uniform(rng, 1, 5, m), _mix(rng, m, [(0.9, 4, 8), (0.08, 9, 10), (0.02, 11, 16)]))
    when = w.cal.add(begin[owner], _seg_cumsum(gaps, owner))
    keep = (when < end[owner]) & (when <= w.w1)
    owner, when = owner[keep], when[keep]
    k = owner.size
    dob = w.persons.column("dob")[person[owner]]
    seen = rng.random(k) < 0.955
    alone = seen & (when - dob > 5 * YEAR) & (rng.random(k) < 0.7)
    w.store.add("ssd_cp_visits", k, cppv_person_id=person[owner], cppv_cp_plan_id=plan_idx[owner],
                cppv_cp_visit_date=when, cppv_cp_visit_seen=_yn(seen),
                cppv_cp_visit_seen_alone=np.where(seen, _yn(alone), ""))

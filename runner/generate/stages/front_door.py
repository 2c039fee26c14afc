"""The front door: contacts, referrals and assessments; general referral chains; other contacts; early help."""

from __future__ import annotations

import numpy as np

from ..constants import (
    ASSESSMENT_TEAMS,
    CLA_NEW_ENTRANTS_PM,
    CONTACT_OUTCOMES,
    CP_PLANS_PM,
    EH_END_REASONS,
    EH_ORGS,
    EH_REASONS,
    FRONT_DOOR_BURN_IN_YEARS,
    NULL,
    REFERRAL_AGE_P,
    REFERRAL_NEEDS,
    REFERRAL_TEAMS,
    SOURCES,
)
from ..vectors import I64, Bool, Rng, Str, _add_years, _ages, _lognormal_days, _mix, _pick, _sample_days, _uniform, _yn
from ..world import World


def _assessment_dates(w: World, rng: Rng, ref: I64) -> tuple[I64, I64]:
    """Start (within days of the referral) and authorisation date, timed from the referral date."""
    n = ref.size
    start = w.cal.snap(ref + np.where(rng.random(n) < 0.55, 0, _uniform(rng, 1, 5, n)))
    in_time = rng.random(n) < w.assessment_timeliness(ref)
    wd = np.where(in_time, 5 + np.floor(rng.beta(2.0, 1.3, n) * 41), 46 + np.floor(rng.exponential(11.0, n)))
    auth = w.cal.add(ref, np.minimum(wd, 130).astype(np.int64))
    return start, np.maximum(auth, start)


def _front_door(w: World, rng: Rng, person: I64, ref: I64, *, need: Str, nfa: Bool, a_start: I64, a_auth: I64,
                a_nfa: Bool, close: I64, close_reason: Str, team: str | None = None) -> I64:
    """Write each referral with the contact it came from and its assessment (where a_start is set)."""
    n = ref.size
    src = rng.choice(len(SOURCES), n, p=np.array([s[2] for s in SOURCES]) / sum(s[2] for s in SOURCES))
    codes = np.array([s[0] for s in SOURCES])[src]
    lag = np.where(rng.random(n) < 0.75, 0, _mix(rng, n, [(0.5, 1, 1), (0.5, 2, 5)]))
    w.store.add(
        "ssd_contacts", n, cont_person_id=person, cont_contact_date=ref - lag, cont_contact_source_code=codes,
        cont_contact_source_desc=np.array([s[1] for s in SOURCES])[src],
        cont_contact_outcome_json='{"outcome":"referral"}',
    )
    ref_idx = w.store.add(
        "ssd_cin_episodes", n, cine_person_id=person, cine_referral_date=ref, cine_cin_primary_need_code=need,
        cine_referral_source_code=codes, cine_referral_nfa=_yn(nfa), cine_close_reason=close_reason,
        cine_close_date=close, cine_referral_team=_pick(rng, REFERRAL_TEAMS, n),
        cine_referral_worker_id=w.workers[rng.integers(0, w.workers.size, n)],
    )
    has = a_start != NULL
    m = int(has.sum())
    unborn = ref[has] < w.dob_of(person[has])
    unlinked = rng.random(m) < 0.004
    w.store.add(
        "ssd_cin_assessments", m, cina_person_id=person[has], cina_referral_id=np.where(unlinked, -1, ref_idx[has]),
        cina_assessment_start_date=a_start[has], cina_assessment_child_seen=_yn(~unborn & (rng.random(m) < 0.96)),
        cina_assessment_auth_date=a_auth[has], cina_assessment_outcome_nfa=_yn(a_nfa[has]),
        cina_assessment_team=np.full(m, team) if team else _pick(rng, ASSESSMENT_TEAMS, m),
    )
    return ref_idx


def _s47_dates(w: World, rng: Rng, ref: I64, lo: int, hi: int) -> tuple[I64, I64]:
    start = w.cal.snap(ref + _uniform(rng, 0, 10, ref.size))
    return start, w.cal.add(start, _uniform(rng, lo, hi, ref.size))


def _icpc_dates(w: World, rng: Rng, s47_start: I64) -> tuple[I64, I64]:
    """ICPC date (mostly within 15 working days of the s47 start) and its target date."""
    n = s47_start.size
    p_in = np.clip(0.8 + w.ch.icpc_timeliness, 0.4, 0.97)
    wd = np.where(rng.random(n) < p_in, _uniform(rng, 6, 15, n), _uniform(rng, 16, 32, n))
    return w.cal.add(s47_start, wd), w.cal.add(s47_start, 15)


def _cin_plan_length(rng: Rng, n: int) -> I64:
    return _lognormal_days(rng, 185, 0.55, n, 45, 1000)


# ---- general referral chains -----------------------------------------------------------------------

GENERAL_OUTCOMES = (
    ("nfa", 0.07), ("no_assessment", 0.05), ("assessment_nfa", 0.43), ("cin_plan", 0.20), ("s47_nfa", 0.13),
    ("s47_cin", 0.06), ("s47_close", 0.035), ("icpc_no_plan", 0.025),
)
#: a child's chance of another referral after each one closes
GENERAL_AGAIN = 0.45
#: chains lose follow-up referrals that would fall after the child's 18th birthday or the sixth referral;
#: arrivals are raised by this factor so that the realised referrals match the intended rate
GENERAL_CHAIN_LOSS = 1.22


def _stage_general_referrals(w: World) -> tuple[I64, I64]:
    """Children referred once or more, none of whose referrals leads to a CP plan or care."""
    rng = w.rng("general")
    days = np.arange(w.w0 - FRONT_DOOR_BURN_IN_YEARS * 365, w.w1 + 1, dtype=np.int64)
    total = w.contacts_per_day(days) * w.conversion(days)
    special = (CP_PLANS_PM * w.ch.cp * 1.25 + CLA_NEW_ENTRANTS_PM * w.ch.cla * 1.15 + 1.0) * w.scale / 30.44
    general = np.maximum(total - special * w.day_weights(days), 0.4 * total)
    arrivals = _sample_days(rng, days, general * (1 - GENERAL_AGAIN) * GENERAL_CHAIN_LOSS)
    n = arrivals.size
    unborn = rng.random(n) < 0.02
    dob = np.where(unborn, arrivals + _uniform(rng, 14, 160, n), arrivals - _ages(rng, n, REFERRAL_AGE_P))
    persons = w.new_persons(rng, dob, unborn)
    adult = _add_years(dob, 18)
    out: dict[str, list[np.ndarray]] = {k: [] for k in ("owner", "ref")}
    ref = arrivals.copy()
    alive = np.ones(n, bool)
    for _ in range(6):
        idx = np.flatnonzero(alive & (ref <= w.w1) & (ref < adult - 30))
        if idx.size == 0:
            break
        close = _general_referral_batch(w, rng, persons[idx], ref[idx], adult[idx])
        out["owner"].append(idx)
        out["ref"].append(ref[idx])
        again = rng.random(idx.size) < GENERAL_AGAIN
        gap = _mix(rng, idx.size, [(0.7, 10, 300), (0.3, 301, 1400)])
        alive[:] = False
        alive[idx] = again
        ref = np.full(n, NULL, np.int64)
        ref[idx] = close + gap
    owner = np.concatenate(out["owner"]) if out["owner"] else np.zeros(0, np.int64)
    refs = np.concatenate(out["ref"]) if out["ref"] else np.zeros(0, np.int64)
    return refs, persons[owner]


def _general_referral_batch(w: World, rng: Rng, person: I64, ref: I64, adult: I64) -> I64:
    """One referral per child with its outcome; returns the close dates (maybe beyond the window)."""
    n = ref.size
    names = [o[0] for o in GENERAL_OUTCOMES]
    outcome = rng.choice(len(names), n, p=np.array([o[1] for o in GENERAL_OUTCOMES]))
    is_ = {k: outcome == i for i, k in enumerate(names)}
    assessed = ~(is_["nfa"] | is_["no_assessment"])
    a_start, a_auth = _assessment_dates(w, rng, ref)
    a_start = np.where(assessed, a_start, NULL)
    a_auth = np.where(assessed, a_auth, NULL)
    s47 = is_["s47_nfa"] | is_["s47_cin"] | is_["s47_close"] | is_["icpc_no_plan"]
    s47_start, s47_end = _s47_dates(w, rng, ref, 3, 20)
    icpc, target = _icpc_dates(w, rng, s47_start)
    s47_end = np.where(is_["icpc_no_plan"], np.minimum(s47_end, icpc), s47_end)
    cinp = is_["cin_plan"] | is_["s47_cin"] | is_["icpc_no_plan"]
    cinp_start = np.select(
        [is_["cin_plan"], is_["s47_cin"], is_["icpc_no_plan"]],
        [a_auth + _uniform(rng, 0, 10, n), np.maximum(a_auth, s47_end) + _uniform(rng, 0, 10, n), icpc], NULL)
    cinp &= cinp_start < adult - 14  # no plan for a child about to turn 18
    cinp_end = np.maximum(np.minimum(cinp_start + _cin_plan_length(rng, n), adult), cinp_start + 1)
    close = np.select(
        [is_["nfa"], is_["no_assessment"], is_["assessment_nfa"], cinp],
        [ref + _mix(rng, n, [(0.6, 0, 0), (0.4, 1, 3)]), ref + _uniform(rng, 5, 40, n), a_auth + _uniform(rng, 0, 7, n),
         cinp_end + _uniform(rng, 0, 14, n)],
        np.maximum(a_auth, s47_end) + _uniform(rng, 0, 10, n))
    reason = np.select(
        [is_["nfa"] | is_["no_assessment"], is_["assessment_nfa"] | is_["s47_nfa"] | is_["s47_close"]],
        [np.full(n, "RC7"), np.where(rng.random(n) < 0.7, "RC8", "RC9")],
        _pick(rng, (("RC7", 85), ("RC5", 7), ("RC9", 8)), n))
    need = np.where(is_["nfa"] & (rng.random(n) < 0.5), "N9", _pick(rng, REFERRAL_NEEDS, n))
    ref_idx = _front_door(w, rng, person, ref, need=need, nfa=is_["nfa"], a_start=a_start, a_auth=a_auth,
                          a_nfa=is_["assessment_nfa"] | is_["s47_nfa"] | is_["s47_close"], close=close,
                          close_reason=reason)
    s = np.flatnonzero(s47)
    s47_idx = w.store.add("ssd_s47_enquiry", s.size, s47e_person_id=person[s], s47e_referral_id=ref_idx[s],
                          s47e_s47_start_date=s47_start[s], s47e_s47_end_date=s47_end[s],
                          s47e_s47_nfa=_yn(is_["s47_nfa"][s]))
    ic = np.flatnonzero(is_["icpc_no_plan"][s])
    k = s[ic]
    w.store.add("ssd_initial_cp_conference", k.size, icpc_person_id=person[k], icpc_s47_enquiry_id=s47_idx[ic],
                icpc_referral_id=ref_idx[k], icpc_icpc_transfer_in="N", icpc_icpc_target_date=target[k],
                icpc_icpc_date=icpc[k], icpc_icpc_outcome_cp_flag="N")
    c = np.flatnonzero(cinp)
    w.store.add("ssd_cin_plans", c.size, cinp_person_id=person[c], cinp_referral_id=ref_idx[c],
                cinp_cin_plan_start_date=cinp_start[c], cinp_cin_plan_end_date=cinp_end[c])
    return close


# ---- contacts that go no further, and early help ----------------------------------------------------


def _stage_contacts_and_early_help(w: World, ref_dates: I64, ref_persons: I64) -> None:
    """Contacts that are not referrals: some about children already known, most about new ones."""
    rng = w.rng("contacts")
    days = np.arange(w.w0 - FRONT_DOOR_BURN_IN_YEARS * 365, w.w1 + 1, dtype=np.int64)
    per_day = w.contacts_per_day(days) * (1 - w.conversion(days))
    dates = _sample_days(rng, days, per_day)
    n = dates.size
    dob_all = w.persons.column("dob")
    person = np.full(n, -1, np.int64)
    known = (rng.random(n) < 0.22) & (ref_dates.size > 0)
    if ref_dates.size:
        order = np.argsort(ref_dates, kind="stable")
        target = dates - _uniform(rng, -30, 365, n)
        cand = order[np.clip(np.searchsorted(ref_dates[order], target), 0, order.size - 1)]
        cand_person = ref_persons[cand]
        cand_dob = dob_all[cand_person]
        known &= (dates >= cand_dob) & (dates < _add_years(cand_dob, 18))
        person[known] = cand_person[known]
    # new children: a contact belongs to the child of an earlier contact with some probability, so
    # that children have one or several contacts over weeks to months (pointer jumping finds roots)
    new = np.flatnonzero(~known)
    m = new.size
    if m:
        per_day_mean = max(m / days.size, 1e-6)
        back = _uniform(rng, 1, max(2, int(per_day_mean * 200)), m)
        i = np.arange(m)
        parent = np.where((rng.random(m) < 0.22) & (i >= back), i - back, i)
        for _ in range(64):
            nxt = parent[parent]
            if np.array_equal(nxt, parent):
                break
            parent = nxt
        roots, root_of = np.unique(parent, return_inverse=True)
        root_dates = dates[new[roots]]
        dob = root_dates - _ages(rng, roots.size, REFERRAL_AGE_P)
        pid = w.new_persons(rng, dob)
        person[new] = pid[root_of]
    dob_all = w.persons.column("dob")
    ok = (dates >= dob_all[person]) & (dates < _add_years(dob_all[person], 18))
    dates, person = dates[ok], person[ok]
    n = dates.size
    src = rng.choice(len(SOURCES), n, p=np.array([s[2] for s in SOURCES]) / sum(s[2] for s in SOURCES))
    outcome = _pick(rng, CONTACT_OUTCOMES, n)
    eh_share = np.clip(0.16 * w.ch.early_help, 0.03, 0.5)
    outcome = np.where((outcome == "early_help") | (rng.random(n) < eh_share - 0.16), "early_help",
                       np.where(outcome == "early_help", "nfa", outcome))
    w.store.add(
        "ssd_contacts", n, cont_person_id=person, cont_contact_date=dates,
        cont_contact_source_code=np.array([s[0] for s in SOURCES])[src],
        cont_contact_source_desc=np.array([s[1] for s in SOURCES])[src],
        cont_contact_outcome_json=np.char.add(np.char.add('{"outcome":"', outcome), '"}'),
    )
    e = np.flatnonzero(outcome == "early_help")
    start = dates[e] + _uniform(rng, 1, 20, e.size)
    adult = _add_years(dob_all[person[e]], 18)
    e, start, adult = e[start < adult - 30], start[start < adult - 30], adult[start < adult - 30]
    k = e.size
    end = np.minimum(start + _lognormal_days(rng, 150, 0.5, k, 30, 720), adult)
    w.store.add(
        "ssd_early_help_episodes", k, earl_person_id=person[e], earl_episode_start_date=start,
        earl_episode_end_date=end, earl_episode_reason=_pick(rng, EH_REASONS, k),
        earl_episode_end_reason=_pick(rng, EH_END_REASONS, k), earl_episode_organisation=_pick(rng, EH_ORGS, k),
    )

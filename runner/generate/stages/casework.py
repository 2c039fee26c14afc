"""Casework tables: allocated workers and teams, disabilities, reviews of care and of CP plans, immigration status.

These five tables are simulated after every other table is final (clipped to the window and
numbered), from those tables and the world's periods of care, each from its own random stream. So
the other tables' files are the same with or without them, and every row here points at a row that
is in the extract: a review at a period of care (clar_cla_id) or a plan (cppr_cp_plan_id) that was
kept, an involvement at a kept referral and professional.

* Involvements: every referral's case passes through phases (front door, assessment, then the
  children in need, child protection or children in care team), each held by a run of allocated
  workers that changes every few months (a worker leaves, caseloads are rebalanced); some plans also
  have a family support worker (a role other than the allocated one).
* Disabilities: every child with a disabled children's need (N2) or short breaks (V3/V4), and a small
  share of other children in need, has one to three CIN census codes; most other children in need
  have NONE recorded; children known only through contacts have no row.
* Reviews: a looked-after child's first review within 20 working days of the period's start, the
  second within three months, then every six months; a CP plan's first review within three months,
  then every six months. Most are held a little before they are due, some late, a few missed (the
  next one is then late too). Reviews stop when the period or plan ends, and at the end date.
* Immigration status: unaccompanied asylum-seeking children (their period of care's exit path, or an
  older child entering care under section 20 for absent parenting) with a UASC status from arrival,
  some later granted refugee status or other leave; a few other looked-after children with another
  status.
"""

from __future__ import annotations

import numpy as np

from ..constants import NULL, PERIOD, UASC, YEAR
from ..vectors import I64, Cols, Rng, _add_months, _expand, _pick, _uniform
from ..world import World

ALLOCATION_MONTHS = 200.0  # mean days between changes of allocated worker
WORKER_CHANGE_REASONS = (
    ("Worker left the authority", 35), ("Caseload balancing", 30), ("Worker changed role", 15),
    ("Worker on long-term leave", 15), ("Change of worker at the family's request", 5),
)
DISABILITY_CODES = (
    ("LD", 28), ("AUT", 24), ("COMM", 12), ("BEH", 10), ("CON", 8), ("MOB", 6), ("HAND", 3), ("PC", 3),
    ("INC", 2), ("HEAR", 2), ("VIS", 1.5), ("DDA", 0.5),
)
REVIEW_PARTICIPATION = (("PN1", 40), ("PN2", 10), ("PN3", 12), ("PN4", 14), ("PN5", 10), ("PN6", 9), ("PN7", 5))
OTHER_IMMIGRATION = (("EU settled status", 40), ("Indefinite leave to remain", 30), ("Limited leave to remain", 30))
UASC_LABELS = (("UASC", 75), ("Unaccompanied asylum-seeking child", 25))
LEAVE_GRANTED = (("Refugee status", 60), ("Humanitarian protection", 15), ("Discretionary leave", 25))


def casework(w: World, tables: dict[str, Cols]) -> dict[str, Cols]:
    """The five casework tables, in the contract's columns, numbered and in id order."""
    periods = _periods(w, tables)
    return {
        "ssd_involvements": _involvements(w, w.rng("involvements"), tables, periods),
        "ssd_disability": _disabilities(w.rng("disability"), tables),
        "ssd_cla_reviews": _cla_reviews(w, w.rng("cla-reviews"), tables, periods),
        "ssd_cp_reviews": _cp_reviews(w, w.rng("cp-reviews"), tables),
        "ssd_immigration_status": _immigration(w, w.rng("immigration"), tables, periods),
    }


# ---- shared --------------------------------------------------------------------------------------


def _final(w: World, d: I64) -> I64:
    """A simulated date as the extract holds it: null when after the end date."""
    return np.where((d == NULL) | (d > w.w1), NULL, d)


def _numbered(cols: Cols, id_column: str, *keys: np.ndarray) -> Cols:
    """Rows sorted by keys (the first is the most significant) with ids 1..n in that order."""
    n = len(keys[0]) if keys else 0
    order = np.lexsort(tuple(reversed(keys))) if n else np.zeros(0, np.int64)
    out = {c: np.asarray(v)[order] for c, v in cols.items()}
    out[id_column] = np.arange(1, n + 1, dtype=np.int64)
    return out


def _periods(w: World, tables: dict[str, Cols]) -> dict[str, np.ndarray]:
    """The periods of care in the extract: final id, child, start, end (NULL while open), path, short break."""
    number = w.final_ids[PERIOD]
    keep = number >= 0
    person = w.final_ids["ssd_person"][w.periods.column("person")[keep]]
    start = w.periods.column("start")[keep]
    ok = (person >= 0) & (start <= w.w1)
    dob = tables["ssd_person"]["pers_dob"]
    person = person[ok]
    return {
        "id": number[keep][ok], "person": person, "start": start[ok],
        "end": _final(w, w.periods.column("end")[keep][ok]), "path": w.periods.column("path")[keep][ok],
        "short_break": w.periods.column("short_break")[keep][ok] == 1, "dob": dob[person - 1],
    }


def _by_key(keys: I64, values: I64, lookup: I64, missing: int = -1) -> I64:
    """values[i] where keys[i] == lookup (the first such i), or `missing`."""
    if keys.size == 0:
        return np.full(lookup.size, missing, np.int64)
    order = np.argsort(keys, kind="stable")
    pos = np.clip(np.searchsorted(keys[order], lookup), 0, keys.size - 1)
    hit = keys[order][pos] == lookup
    return np.where(hit, values[order][pos], missing)


# ---- involvements --------------------------------------------------------------------------------


def _pools(tables: dict[str, Cols]) -> dict[str, I64]:
    """Professional ids by the department whose cases they hold (social workers; family support)."""
    prof = tables["ssd_professionals"]
    title = prof["prof_professional_job_title"].astype(str)
    dept = prof["prof_professional_department"].astype(str)
    ids = prof["prof_professional_id"]
    social = np.char.find(np.char.lower(title), "social worker") >= 0
    pools = {}
    for name in ("MASH", "Assessment", "Safeguarding", "Children in Care"):
        sel = ids[social & (np.char.find(dept, name) >= 0)]
        pools[name] = sel if sel.size else ids[social] if social.any() else ids
    fsw = ids[title == "Family Support Worker"]
    pools["Family Support"] = fsw if fsw.size else ids
    return pools


def _involvements(w: World, rng: Rng, tables: dict[str, Cols], periods: dict[str, np.ndarray]) -> Cols:
    ref = tables["ssd_cin_episodes"]
    n = ref["cine_referral_id"].size
    rid, person, r_date, close = ref["cine_referral_id"], ref["cine_person_id"], ref["cine_referral_date"], \
        ref["cine_close_date"]
    # the referral's first linked assessment
    asm = tables["ssd_cin_assessments"]
    linked = asm["cina_referral_id"] >= 0
    a_start = _by_key(asm["cina_referral_id"][linked], asm["cina_assessment_start_date"][linked], rid, NULL)
    a_auth = _by_key(asm["cina_referral_id"][linked], asm["cina_assessment_auth_date"][linked], rid, NULL)
    a_pos = _by_key(asm["cina_referral_id"][linked], np.flatnonzero(linked), rid, -1)
    a_team = np.where(a_pos >= 0, asm["cina_assessment_team"][np.maximum(a_pos, 0)], "").astype(str)
    disabled_team = a_team == "Disabled Children's Team"
    # what followed: a CP plan or a CIN plan on the referral, or a period of care started while it was open
    cp_start = _by_key(tables["ssd_cp_plans"]["cppl_referral_id"], tables["ssd_cp_plans"]["cppl_cp_plan_start_date"],
                       rid, NULL)
    cinp_start = _by_key(tables["ssd_cin_plans"]["cinp_referral_id"],
                         tables["ssd_cin_plans"]["cinp_cin_plan_start_date"], rid, NULL)
    care_start = _care_start_in_referral(periods, person, r_date, close)
    # phases: [start, end) with a team and a pool of workers; the last ends at the referral's close
    end_of_case = close  # NULL while open
    assessed = (a_start != NULL) & (a_start >= r_date)
    p1_start = np.where(assessed, a_start, NULL)
    ongoing = assessed & (a_auth != NULL) & ((cp_start != NULL) | (cinp_start != NULL) | (care_start != NULL)
                                             | disabled_team)
    p2_start = np.where(ongoing, np.maximum(a_auth, p1_start), NULL)
    to_care = ongoing & (care_start != NULL) & (care_start > p2_start)
    p3_start = np.where(to_care, care_start, NULL)
    care_only = ongoing & (care_start != NULL) & ~to_care
    team2 = np.select(
        [disabled_team, care_only, cp_start != NULL],
        ["Disabled Children's Team", _pick(rng, (("Children in Care Team 1", 1), ("Children in Care Team 2", 1)), n),
         _pick(rng, (("Safeguarding Team 1", 1), ("Safeguarding Team 2", 1), ("Safeguarding Team 3", 1)), n)],
        _pick(rng, (("Children in Need Team 1", 1), ("Children in Need Team 2", 1)), n))
    pool2 = np.select([care_only], ["Children in Care"], "Safeguarding")
    team3 = _pick(rng, (("Children in Care Team 1", 1), ("Children in Care Team 2", 1)), n)
    starts = np.stack([r_date, p1_start, p2_start, p3_start], axis=1)
    teams = np.stack([ref["cine_referral_team"].astype(str), a_team, team2, team3], axis=1)
    pools = np.stack([np.where(ref["cine_referral_team"] == "MASH", "MASH", "Assessment"),
                      np.full(n, "Assessment"), pool2, np.full(n, "Children in Care")], axis=1)
    valid = starts != NULL
    # a phase ends where the next valid phase starts, the last at the case's end
    ends = np.full(starts.shape, NULL, np.int64)
    nxt = end_of_case.copy()
    for k in range(3, -1, -1):
        ends[:, k] = nxt
        nxt = np.where(valid[:, k], starts[:, k], nxt)
    valid &= (ends == NULL) | (ends > starts)
    r, k = np.nonzero(valid)
    ph_start, ph_end, ph_team, ph_pool = starts[r, k], ends[r, k], teams[r, k], pools[r, k]
    # allocation spells: the phase cut where the allocated worker changes
    span = np.where(ph_end == NULL, w.w1 + 1, ph_end) - ph_start
    changes = np.minimum(rng.poisson(np.maximum(span, 0) / ALLOCATION_MONTHS), 8)
    changes = np.where(span > 14, changes, 0)
    owner, _ = _expand(changes)
    cut = ph_start[owner] + 1 + np.floor(rng.random(owner.size) * np.maximum(span[owner] - 2, 1)).astype(np.int64)
    cut = np.unique(np.stack([owner, cut], axis=1), axis=0) if owner.size else np.zeros((0, 2), np.int64)
    sp_owner = np.concatenate([np.arange(r.size), cut[:, 0]])
    sp_start = np.concatenate([ph_start, cut[:, 1]])
    order = np.lexsort((sp_start, sp_owner))
    sp_owner, sp_start = sp_owner[order], sp_start[order]
    last_of_phase = np.r_[sp_owner[1:] != sp_owner[:-1], True]
    sp_end = np.where(last_of_phase, ph_end[sp_owner], np.r_[sp_start[1:], NULL])
    m = sp_owner.size
    # workers: the referral's own worker at the front door, then one of the team's pool per spell
    pool_of = _pools(tables)
    worker = np.zeros(m, np.int64)
    for name, ids in pool_of.items():
        sel = ph_pool[sp_owner] == name
        worker[sel] = ids[rng.integers(0, ids.size, int(sel.sum()))]
    first_spell = np.r_[True, sp_owner[1:] != sp_owner[:-1]]
    front = (k[sp_owner] == 0) & first_spell & (ref["cine_referral_worker_id"][r[sp_owner]] >= 0)
    worker = np.where(front, ref["cine_referral_worker_id"][r[sp_owner]], worker)
    same_case = np.r_[r[sp_owner][1:] == r[sp_owner][:-1], False]
    reason = np.where(same_case & ~last_of_phase, _pick(rng, WORKER_CHANGE_REASONS, m),
                      np.where(same_case, "Case transferred to another team", ""))
    allocated: Cols = {
        "invo_person_id": person[r[sp_owner]], "invo_professional_id": worker,
        "invo_professional_role_id": np.full(m, ""), "invo_professional_team": ph_team[sp_owner],
        "invo_involvement_start_date": sp_start, "invo_involvement_end_date": _final(w, sp_end),
        "invo_worker_change_reason": np.where(_final(w, sp_end) == NULL, "", reason),
        "invo_referral_id": rid[r[sp_owner]],
    }
    # family support alongside a quarter of the children in need and child protection phases
    f = np.flatnonzero((k >= 2) & (np.char.find(ph_team.astype(str), "Care") < 0) & (rng.random(r.size) < 0.25))
    f_start = ph_start[f] + _uniform(rng, 0, 30, f.size)
    f_end = f_start + _uniform(rng, 60, 240, f.size)
    f_end = np.where((ph_end[f] != NULL) & (ph_end[f] < f_end), ph_end[f], f_end)
    ok = (f_start <= w.w1) & ((ph_end[f] == NULL) | (f_start < ph_end[f]))
    f, f_start, f_end = f[ok], f_start[ok], f_end[ok]
    fsw = pool_of["Family Support"]
    support: Cols = {
        "invo_person_id": person[r[f]], "invo_professional_id": fsw[rng.integers(0, fsw.size, f.size)],
        "invo_professional_role_id": np.full(f.size, "FSW"),
        "invo_professional_team": np.full(f.size, "Family Support Team"),
        "invo_involvement_start_date": f_start, "invo_involvement_end_date": _final(w, f_end),
        "invo_worker_change_reason": np.full(f.size, ""), "invo_referral_id": rid[r[f]],
    }
    cols = {c: np.concatenate([allocated[c], support[c]]) for c in allocated}
    return _numbered(cols, "invo_involvements_id", cols["invo_involvement_start_date"], cols["invo_referral_id"])


def _care_start_in_referral(periods: dict[str, np.ndarray], person: I64, r_date: I64, close: I64) -> I64:
    """The start of the child's first period of care (not a short break) that began while the referral was open."""
    sel = ~periods["short_break"]
    p_person, p_start = periods["person"][sel], periods["start"][sel]
    out = np.full(person.size, NULL, np.int64)
    if p_person.size == 0:
        return out
    order = np.lexsort((p_start, p_person))
    p_person, p_start = p_person[order], p_start[order]
    key = p_person * 2**21 + (p_start - NULL)
    pos = np.searchsorted(key, person * 2**21 + (r_date - NULL))  # the first period starting on or after it
    pos = np.clip(pos, 0, key.size - 1)
    hit = (p_person[pos] == person) & (p_start[pos] >= r_date) & ((close == NULL) | (p_start[pos] <= close))
    return np.where(hit, p_start[pos], out)


# ---- disabilities ----------------------------------------------------------------------------------


def _disabilities(rng: Rng, tables: dict[str, Cols]) -> Cols:
    n_people = tables["ssd_person"]["pers_person_id"].size
    ref = tables["ssd_cin_episodes"]
    referred = np.zeros(n_people + 1, bool)
    referred[ref["cine_person_id"]] = True
    core = np.zeros(n_people + 1, bool)
    core[ref["cine_person_id"][ref["cine_cin_primary_need_code"] == "N2"]] = True
    legal = tables["ssd_legal_status"]
    core[legal["lega_person_id"][np.isin(legal["lega_legal_status"], ["V3", "V4"])]] = True
    in_care = np.zeros(n_people + 1, bool)
    in_care[tables["ssd_cla_episodes"]["clae_person_id"]] = True
    u = rng.random(n_people + 1)
    disabled = core | (referred & (u < np.where(in_care, 0.10, 0.07)))
    none = referred & ~disabled & (rng.random(n_people + 1) < 0.6)
    disabled[0] = none[0] = False
    people = np.flatnonzero(disabled)
    # one to three different codes each, weighted (keys of the Gumbel top-k trick)
    codes = np.array([c for c, _ in DISABILITY_CODES])
    weight = np.array([x for _, x in DISABILITY_CODES], float)
    keys = np.log(rng.random((people.size, codes.size))) / weight
    ranked = np.argsort(-keys, axis=1)
    count = 1 + (rng.random(people.size) < 0.35) + (rng.random(people.size) < 0.12)
    owner, pos = _expand(count)
    d_person = np.concatenate([people[owner], np.flatnonzero(none)])
    d_code = np.concatenate([codes[ranked[owner, pos]], np.full(int(none.sum()), "NONE")])
    cols = {"disa_person_id": d_person, "disa_disability_code": d_code}
    return _numbered(cols, "disa_table_id", d_person, np.arange(d_person.size))


# ---- reviews -----------------------------------------------------------------------------------------


def _review_series(w: World, rng: Rng, start: I64, end: I64, first_due: I64, first_interval_months: int,
                   p_late: tuple[float, float], p_missed: float) -> dict[str, I64]:
    """Review dates of each plan or period: R1 due at first_due, R2 first_interval_months after R1 (6 after
    for CP plans), then every 6 months; each held a little early, late (p_late for R1, then later ones), or
    missed (the next is then held late). Reviews on or after the end (or after the end date) are dropped."""
    stop = np.where(end == NULL, w.w1 + 1, np.minimum(end, w.w1 + 1))
    owner_l, date_l, due_l, number_l = [], [], [], []
    alive = np.flatnonzero(first_due < stop)
    due = first_due.copy()
    previous = np.full(alive.size, NULL, np.int64)  # the last review held, per alive plan
    k = 1
    while alive.size:
        m = alive.size
        late = rng.random(m) < (p_late[0] if k == 1 else p_late[1])
        missed = rng.random(m) < p_missed
        early = np.where(k == 1, _uniform(rng, 0, 9, m), _uniform(rng, 0, 21, m))
        held = np.where(late, due[alive] + _uniform(rng, 1, 40, m), due[alive] - early)
        held = np.where(missed, due[alive] + _uniform(rng, 45, 150, m), held)
        held = np.maximum(held, start[alive] + 1)
        if k > 1:
            held = np.maximum(held, previous + 14)
        ok = held < stop[alive]
        owner_l.append(alive[ok])
        date_l.append(held[ok])
        due_l.append(due[alive][ok])
        number_l.append(np.full(int(ok.sum()), k))
        alive, previous = alive[ok], held[ok]
        due[alive] = _add_months(previous, first_interval_months if k == 1 else 6)
        k += 1
    owner = np.concatenate(owner_l) if owner_l else np.zeros(0, np.int64)
    return {"owner": owner, "date": np.concatenate(date_l) if date_l else owner,
            "due": np.concatenate(due_l) if due_l else owner, "number": np.concatenate(number_l) if number_l else owner}


def _cla_reviews(w: World, rng: Rng, tables: dict[str, Cols], periods: dict[str, np.ndarray]) -> Cols:
    sel = np.flatnonzero(~periods["short_break"])
    start, end = periods["start"][sel], periods["end"][sel]
    s = _review_series(w, rng, start, end, w.cal.add(start, 20), 3, (0.08, 0.05), 0.015)
    o = s["owner"]
    m = o.size
    age = (s["date"] - periods["dob"][sel][o]) / YEAR
    participation = np.where(age < 4, "PN0", _pick(rng, REVIEW_PARTICIPATION, m))
    iro = s["date"] - _uniform(rng, 0, 60, m)
    iro = np.where((rng.random(m) < 0.15) | (iro < start[o]), NULL, iro)
    cols = {
        "clar_cla_id": periods["id"][sel][o], "clar_cla_review_due_date": _final(w, s["due"]),
        "clar_cla_review_date": s["date"], "clar_cla_review_participation": participation,
        "clar_cla_review_last_iro_contact_date": iro,
    }
    return _numbered(cols, "clar_cla_review_id", s["date"], cols["clar_cla_id"])


def _cp_reviews(w: World, rng: Rng, tables: dict[str, Cols]) -> Cols:
    plans = tables["ssd_cp_plans"]
    start, end = plans["cppl_cp_plan_start_date"], plans["cppl_cp_plan_end_date"]
    s = _review_series(w, rng, start, end, _add_months(start, 3), 6, (0.06, 0.04), 0.01)
    o = s["owner"]
    m = o.size
    dob = tables["ssd_person"]["pers_dob"][plans["cppl_person_id"][o] - 1]
    last = np.r_[o[1:] != o[:-1], True] if m else np.zeros(0, bool)
    ending = last & (end[o] != NULL) & (end[o] - s["date"] <= 45)
    outcome = np.where(ending, "Plan to end", "Plan to continue")
    participated = ((s["date"] - dob) / YEAR >= 8) & (rng.random(m) < 0.7)
    cols = {
        "cppr_cp_plan_id": plans["cppl_cp_plan_id"][o], "cppr_cp_review_due": _final(w, s["due"]),
        "cppr_cp_review_date": s["date"], "cppr_cp_review_outcome": outcome,
        "cppr_cp_review_participation": np.where(participated, "Y", "N"),
    }
    return _numbered(cols, "cppr_cp_review_id", s["date"], cols["cppr_cp_plan_id"])


# ---- immigration status ----------------------------------------------------------------------------


def _immigration(w: World, rng: Rng, tables: dict[str, Cols], periods: dict[str, np.ndarray]) -> Cols:
    n = periods["id"].size
    entry_age = (periods["start"] - periods["dob"]) / YEAR
    # the first episode's need code and the legal status the period started under
    ep = tables["ssd_cla_episodes"]
    first = np.flatnonzero(ep["clae_cla_episode_start_reason"] == "S")
    need = _by_key(ep["clae_cla_id"][first], np.arange(first.size), periods["id"], -1)
    need_code = np.where(need >= 0, ep["clae_cla_primary_need_code"][first][np.maximum(need, 0)], "")
    legal = tables["ssd_legal_status"]
    key = legal["lega_person_id"] * 2**21 + (legal["lega_legal_status_start_date"] - NULL)
    at_start = _by_key(key, np.arange(key.size), periods["person"] * 2**21 + (periods["start"] - NULL), -1)
    status = np.where(at_start >= 0, legal["lega_legal_status"][np.maximum(at_start, 0)], "")
    uasc = (periods["path"] == UASC) | ((need_code == "N8") & (entry_age >= 14) & (status == "V2")
                                        & (rng.random(n) < 0.5))
    uasc &= ~periods["short_break"]
    u = np.flatnonzero(uasc)
    arrival = periods["start"][u] - _uniform(rng, 0, 14, u.size)
    decided = periods["start"][u] + _uniform(rng, 180, 720, u.size)
    has_decision = (rng.random(u.size) < 0.4) & (decided <= w.w1)
    first_rows: Cols = {
        "immi_person_id": periods["person"][u], "immi_immigration_status": _pick(rng, UASC_LABELS, u.size),
        "immi_immigration_status_start_date": np.where(rng.random(u.size) < 0.04, NULL, arrival),
        "immi_immigration_status_end_date": np.where(has_decision, decided, NULL),
    }
    g = np.flatnonzero(has_decision)
    granted: Cols = {
        "immi_person_id": periods["person"][u][g], "immi_immigration_status": _pick(rng, LEAVE_GRANTED, g.size),
        "immi_immigration_status_start_date": decided[g], "immi_immigration_status_end_date": np.full(g.size, NULL),
    }
    # another status for a few other looked-after children (one row per child)
    others = np.setdiff1d(periods["person"][~uasc & ~periods["short_break"]], periods["person"][u])
    o = others[rng.random(others.size) < 0.025]
    since = w.w0 - _uniform(rng, 100, 3000, o.size)
    other_rows: Cols = {
        "immi_person_id": o, "immi_immigration_status": _pick(rng, OTHER_IMMIGRATION, o.size),
        "immi_immigration_status_start_date": np.where(rng.random(o.size) < 0.3, NULL, since),
        "immi_immigration_status_end_date": np.full(o.size, NULL),
    }
    parts = (first_rows, granted, other_rows)
    cols = {c: np.concatenate([p[c] for p in parts]) for c in first_rows}
    start = cols["immi_immigration_status_start_date"]
    return _numbered(cols, "immi_immigration_status_id", cols["immi_person_id"],
                     np.where(start == NULL, np.iinfo(np.int64).min, start))


"""Periods of care: legal statuses, placements, episodes, permanence, visits, health, missing."""

from __future__ import annotations

import numpy as np

from ..constants import (
    ACTIVITY_LOOKBACK,
    ADOPTION,
    CAO,
    CARE_HISTORY_YEARS,
    CEASED_BY_PATH,
    CHANGE_REASONS,
    CLA_AGE_P,
    CLA_NEEDS,
    CLA_NEW_ENTRANTS_PM,
    CLOSE_REASON_BY_PATH,
    CUSTODY,
    DIED,
    HOME,
    NULL,
    OFSTED_TYPES,
    OTHER,
    PATH_P,
    PATHS,
    PLACEMENT_TYPES,
    POSTCODE_AREAS,
    POSTCODE_LETTERS,
    PROVIDERS,
    RESIDENTIAL_PROVIDERS,
    SGO,
    TO18,
    UASC,
    YEAR,
)
from ..vectors import (
    I64,
    Rng,
    Str,
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
from .front_door import _assessment_dates, _front_door, _s47_dates


def _stage_care_entrants(w: World) -> None:
    """Children entering care straight from a referral (not from a CP plan), over a long history."""
    rng = w.rng("care")
    days = np.arange(w.w1 - CARE_HISTORY_YEARS * 365, w.w1 + 1, dtype=np.int64)
    per_day = CLA_NEW_ENTRANTS_PM * w.scale * w.ch.cla / 30.44 * w.day_weights(days) * w.by_fy(days, w.year_volume)
    start = _sample_days(rng, days, per_day)
    dob = start - _ages(rng, start.size, CLA_AGE_P)
    person = w.new_persons(rng, dob)
    _periods_of_care(w, rng, start, person, own_front_door=True)


def _periods_of_care(w: World, rng: Rng, start: I64, person: I64, own_front_door: bool) -> tuple[I64, I64]:
    """Simulate periods of care (and re-entries to care) and write every row they imply.

    Returns the end date and exit path of each period in `start` (not of the re-entries).
    """
    dob_all = w.persons.column("dob")
    batches: list[dict[str, np.ndarray]] = []
    cur_start, cur_person, cur_previous = start, person, np.full(start.size, NULL, np.int64)
    front = np.full(start.size, own_front_door)
    first: dict[str, np.ndarray] | None = None
    for _ in range(3):
        if cur_start.size == 0:
            break
        b = _care_timeline(w, rng, cur_start, dob_all[cur_person])
        b["person"], b["front"], b["previous_end"] = cur_person, front, cur_previous
        batches.append(b)
        if first is None:
            first = b
        adult = _add_years(dob_all[cur_person], 18)
        again = (b["path"] == HOME) & (b["end"] < adult - 900) & (rng.random(cur_start.size) < 0.16)
        nxt = b["end"] + _lognormal_days(rng, 330, 0.7, cur_start.size, 60, 2000)
        again &= nxt < adult - 120
        cur_start, cur_person, cur_previous = nxt[again], cur_person[again], b["end"][again]
        front = np.ones(cur_start.size, bool)
    assert first is not None
    p = {k: np.concatenate([b[k] for b in batches]) for k in batches[0]}
    _write_periods(w, rng, p)
    return first["end"], first["path"]


def _care_timeline(w: World, rng: Rng, start: I64, dob: I64) -> dict[str, np.ndarray]:
    """Exit path, end date and reason, permanence dates and legal statuses of periods of care."""
    n = start.size
    age = (start - dob) / YEAR
    band = np.digitize(age, [1, 5, 10, 16])
    cum = np.cumsum(PATH_P / PATH_P.sum(axis=1, keepdims=True), axis=1)[band]
    path = np.minimum((rng.random(n)[:, None] > cum).sum(axis=1), len(PATHS) - 1)
    adult = _add_years(dob, 18)
    # adoption: decision, placement order, match, placement, order; some decisions are reversed
    adopt = path == ADOPTION
    adm = np.where(adopt, start + _uniform(rng, 60, 300, n), NULL)
    po = adm + _uniform(rng, 30, 240, n)
    matched = np.maximum(adm + _uniform(rng, 150, 250, n), po + _uniform(rng, 7, 45, n))
    placed = matched + _uniform(rng, 7, 35, n)
    ffa = adopt & (rng.random(n) < 0.15)
    ffa_date = np.where(ffa, adm + _uniform(rng, 14, 90, n), NULL)
    order = placed + _uniform(rng, 100, 330, n)
    reversed_ = adopt & (rng.random(n) < 0.09)
    reversal = np.where(reversed_, adm + _uniform(rng, 90, 400, n), NULL)
    po = np.where(adopt & ~(reversed_ & (po >= reversal)), po, NULL)
    matched, placed, order = (np.where(adopt & ~reversed_, x, NULL) for x in (matched, placed, order))
    ffa_date = np.where(reversed_, NULL, ffa_date)
    path = np.where(reversed_, np.where(rng.random(n) < 0.5, SGO, TO18), path)
    end = np.select(
        [path == ADOPTION, path == SGO, path == CAO, path == HOME, path == TO18, path == OTHER, path == CUSTODY,
         path == UASC],
        [order, start + _uniform(rng, 180, 720, n), start + _uniform(rng, 120, 600, n),
         start + _lognormal_days(rng, 80, 1.1, n, 3, 2500), adult, start + _uniform(rng, 30, 700, n),
         start + _uniform(rng, 20, 400, n), start + _uniform(rng, 7, 120, n)],
        start + _uniform(rng, 30, 1500, n))
    end = np.where(reversed_ & (path == SGO), np.maximum(end, reversal + _uniform(rng, 120, 500, n)), end)
    end = np.maximum(end, start + 1)
    aged_out = end >= adult
    end = np.where(aged_out, adult, end)
    path = np.where(aged_out & (path != ADOPTION), TO18, path)
    ceased = np.empty(n, dtype="<U3")
    for k, options in enumerate(CEASED_BY_PATH):
        sel = path == k
        ceased[sel] = _pick(rng, options, int(sel.sum()))
    # legal statuses: up to four (code, start) slots
    emergency = (rng.random(n) < 0.10) & ~np.isin(path, [CUSTODY, UASC])
    court_path = np.isin(path, [ADOPTION, SGO, CAO]) | reversed_
    p_c2 = np.where(court_path, 0.85, np.where(path == TO18, 0.55, np.where(path == UASC, 0.0, 0.35)))
    c0 = np.where(rng.random(n) < p_c2, "C2", "V2")
    c0 = np.where(path == CUSTODY, np.where(rng.random(n) < 0.7, "J2", "J1"), c0)
    c0 = np.where(emergency, np.where(rng.random(n) < 0.45, "L1", "L2"), c0)
    d1 = np.where(emergency, start + _uniform(rng, 1, 8, n), NULL)
    c1 = np.where(rng.random(n) < np.maximum(p_c2, 0.5), "C2", "V2")
    held = np.where(emergency, c1, c0)
    held_from = np.where(emergency, d1, start)
    to_c1 = (held == "C2") & ~adopt & (rng.random(n) < 0.85)
    to_c2 = (held == "V2") & (rng.random(n) < 0.2)
    d2 = np.select([to_c1, to_c2], [held_from + _uniform(rng, 150, 420, n), held_from + _uniform(rng, 30, 300, n)],
                   NULL)
    c2 = np.where(to_c1, "C1", "C2")
    legal_codes = np.stack([c0, np.where(emergency, c1, ""), c2, np.full(n, "E1")], axis=1)
    legal_dates = np.stack([start, d1, d2, po], axis=1)
    return {"start": start, "end": end, "path": path, "ceased": ceased, "dob": dob, "adm": adm, "po": po,
            "matched": matched, "placed": placed, "ffa": ffa_date, "reversal": reversal,
            "legal_codes": legal_codes, "legal_dates": legal_dates, "emergency": emergency}


def _write_periods(w: World, rng: Rng, p: dict[str, np.ndarray]) -> None:
    n = p["start"].size
    start, end, person, path = p["start"], p["end"], p["person"], p["path"]
    period = w.periods.add(start=start, end=end, person=person, path=path)
    need = np.where(path == UASC, "N8", _pick(rng, CLA_NEEDS, n))
    died = path == DIED
    w.deaths.append((person[died], end[died]))
    # legal status rows
    dates, codes = p["legal_dates"].copy(), p["legal_codes"]
    valid = (dates != NULL) & (dates < end[:, None])
    last = np.full(n, NULL)
    for k in range(dates.shape[1]):
        valid[:, k] &= dates[:, k] > last
        last = np.where(valid[:, k], dates[:, k], last)
    nxt = end.copy()
    lend = np.empty_like(dates)
    for k in range(dates.shape[1] - 1, -1, -1):
        lend[:, k] = nxt
        nxt = np.where(valid[:, k], dates[:, k], nxt)
    r, k = np.nonzero(valid)
    w.store.add("ssd_legal_status", r.size, lega_person_id=person[r], lega_legal_status=codes[r, k],
                lega_legal_status_start_date=dates[r, k], lega_legal_status_end_date=lend[r, k])
    pl = _placements(w, rng, p, period)
    _episodes(w, rng, p, period, need, dates[r, k], r, pl)
    _permanence(w, p, period)
    front = np.flatnonzero(p["front"])
    if front.size:
        _care_front_door(w, rng, p, front, need)
    _care_visits(w, rng, p, period)
    _care_health(w, rng, p)
    _missing(w, rng, p)


def _placements(w: World, rng: Rng, p: dict[str, np.ndarray], period: I64) -> dict[str, np.ndarray]:
    """Placements of each period: a run of short, medium and lasting ones, then adoption placements."""
    n, slots = p["start"].size, 8
    start, end, dob = p["start"], p["end"], p["dob"]
    kind_first = rng.choice(3, n, p=[0.40, 0.38, 0.22])
    kind_rest = rng.choice(3, (n, slots - 1), p=[0.18, 0.40, 0.42])
    kind = np.column_stack([kind_first, kind_rest])
    length = np.select(
        [kind == 0, kind == 1],
        [_lognormal_days(rng, 35, 0.7, n * slots, 3, 150).reshape(n, slots),
         _lognormal_days(rng, 250, 0.5, n * slots, 60, 900).reshape(n, slots)],
        _lognormal_days(rng, 2500, 0.6, n * slots, 500, 9000).reshape(n, slots))
    cut = np.where(p["ffa"] != NULL, p["ffa"], np.where(p["placed"] != NULL, p["placed"], end))
    s = start[:, None] + np.column_stack([np.zeros(n, np.int64), np.cumsum(length, axis=1)[:, :-1]])
    e = s + length
    valid = s < cut[:, None]
    last = valid & ~np.column_stack([valid[:, 1:], np.zeros(n, bool)])
    e = np.where(last, cut[:, None], np.minimum(e, cut[:, None]))
    r, k = np.nonzero(valid)
    pl_start, pl_end, owner = s[r, k], e[r, k], r
    age_band = np.digitize((pl_start - dob[owner]) / YEAR, [1, 5, 12, 16])
    ptype = np.empty(r.size, dtype="<U2")
    for b, options in enumerate(PLACEMENT_TYPES):
        sel = age_band == b
        ptype[sel] = _pick(rng, options, int(sel.sum()))
    same_carer = np.zeros(r.size, bool)
    # fostering for adoption, then the adoption placement itself
    f = np.flatnonzero(p["ffa"] != NULL)
    a = np.flatnonzero(p["placed"] != NULL)
    a_type = np.where(p["ffa"][a] != NULL, "A5", _pick(rng, (("A6", 75), ("A4", 12), ("A5", 8), ("A3", 5)), a.size))
    owner = np.concatenate([owner, f, a])
    pl_start = np.concatenate([pl_start, p["ffa"][f], p["placed"][a]])
    pl_end = np.concatenate([pl_end, p["placed"][f], end[a]])
    ptype = np.concatenate([ptype, np.where(rng.random(f.size) < 0.85, "U5", "U2"), a_type])
    same_carer = np.concatenate([same_carer, np.zeros(f.size, bool), p["ffa"][a] != NULL])
    order = np.lexsort((pl_start, owner))
    owner, pl_start, pl_end, ptype, same_carer = (x[order] for x in (owner, pl_start, pl_end, ptype, same_carer))
    m = owner.size
    provider = np.empty(m, dtype="<U3")
    for code in np.unique(ptype):
        sel = ptype == code
        provider[sel] = _pick(rng, PROVIDERS.get(str(code), RESIDENTIAL_PROVIDERS), int(sel.sum()))
    in_area = rng.random(m) < np.where(np.isin(ptype, ["K2", "K1", "R1", "S1", "R5"]), 0.3, w.ch.in_area)
    area = np.where(in_area, w.area, np.array(POSTCODE_AREAS)[rng.integers(0, len(POSTCODE_AREAS), m)])
    postcode = _postcodes(rng, area)
    distance = np.where(in_area, rng.uniform(0.5, 15, m), rng.uniform(15, 180, m)).round(1)
    urn_needed = np.isin(ptype, OFSTED_TYPES) | (np.isin(provider, ["PR4", "PR5"]) & (np.char.str_len(ptype) == 2))
    urn = np.where(urn_needed & (ptype != "P1"), np.char.add("SC", _uniform(rng, 100_000, 999_999, m).astype(str)), "")
    followed = np.r_[owner[1:] == owner[:-1], False]
    change = np.where(followed, _pick(rng, CHANGE_REASONS, m), "")
    change = np.where(followed & np.r_[same_carer[1:], False], "CARPL", change)
    idx = w.store.add(
        "ssd_cla_placement", m, clap_person_id=p["person"][owner], clap_cla_id=period[owner],
        clap_cla_placement_start_date=pl_start, clap_cla_placement_end_date=pl_end, clap_cla_placement_type=ptype,
        clap_cla_placement_provider=provider, clap_cla_placement_postcode=postcode, clap_cla_placement_urn=urn,
        clap_cla_placement_distance=distance.astype(str), clap_cla_placement_change_reason=change,
    )
    return {"owner": owner, "start": pl_start, "idx": idx, "same_carer": same_carer}


def _postcodes(rng: Rng, area: Str) -> Str:
    """Realistic-looking postcodes: AREA + district, space, sector digit + two unit letters."""
    m = area.size
    district = _uniform(rng, 1, 20, m).astype(str)
    unit = np.char.add(POSTCODE_LETTERS[rng.integers(0, 20, m)], POSTCODE_LETTERS[rng.integers(0, 20, m)])
    inward = np.char.add(_uniform(rng, 1, 9, m).astype(str), unit)
    return np.char.add(np.char.add(np.char.add(area, district), " "), inward)


def _episodes(w: World, rng: Rng, p: dict[str, np.ndarray], period: I64, need: Str, legal_start: I64,
              legal_owner: I64, pl: dict[str, np.ndarray]) -> None:
    """Episodes: a new one whenever the placement or the legal status changes."""
    owner = np.concatenate([pl["owner"], legal_owner])
    when = np.concatenate([pl["start"], legal_start])
    flag = np.concatenate([np.ones(pl["owner"].size, np.int64), np.full(legal_owner.size, 2)])
    carer = np.concatenate([pl["same_carer"], np.zeros(legal_owner.size, bool)]).astype(np.int64) * 4
    order = np.lexsort((when, owner))
    owner, when, flag, carer = owner[order], when[order], flag[order], carer[order]
    new = np.r_[True, (owner[1:] != owner[:-1]) | (when[1:] != when[:-1])]
    first_of = np.flatnonzero(new)
    flags = np.bitwise_or.reduceat(flag | carer, first_of)
    owner, when = owner[first_of], when[first_of]
    m = owner.size
    opens = np.r_[True, owner[1:] != owner[:-1]]
    closes = np.r_[owner[1:] != owner[:-1], True]
    same = (flags & 4) > 0
    reason = np.select(
        [opens, (flags & 3) == 1, (flags & 3) == 2],
        [np.full(m, "S"), np.where(same | (rng.random(m) < 0.12), "T", "P"), np.full(m, "L")],
        np.where(same | (rng.random(m) < 0.2), "U", "B"))
    ceased_date = np.where(closes, p["end"][owner], np.r_[when[1:], NULL])
    ceased_reason = np.where(closes, p["ceased"][owner], "X1")
    pl_key = pl["owner"] * 1_000_000 + pl["start"]  # placements are sorted by (period, start)
    ep_key = owner * 1_000_000 + when
    pl_pos = np.clip(np.searchsorted(pl_key, ep_key, side="right") - 1, 0, max(pl_key.size - 1, 0))
    w.store.add(
        "ssd_cla_episodes", m, clae_person_id=p["person"][owner], clae_cla_episode_start_date=when,
        clae_cla_episode_start_reason=reason, clae_cla_primary_need_code=need[owner],
        clae_cla_episode_ceased_date=ceased_date, clae_cla_episode_ceased_reason=ceased_reason,
        clae_cla_id=period[owner], clae_cla_placement_id=pl["idx"][pl_pos], clae_entered_care_date=p["start"][owner],
    )


def _permanence(w: World, p: dict[str, np.ndarray], period: I64) -> None:
    """Adoption decisions and their milestones, and the SGOs and CAOs that end periods of care."""
    adopt = np.flatnonzero(p["adm"] != NULL)
    order_end = np.flatnonzero(np.isin(p["path"], [SGO, CAO]) & (p["adm"] == NULL))
    rows = np.concatenate([adopt, order_end])
    n = rows.size
    is_adopt = np.arange(n) < adopt.size
    order_date = np.where(is_adopt, np.where(p["placed"][rows] != NULL, p["end"][rows], NULL), p["end"][rows])
    kind = np.where(is_adopt, np.where(order_date != NULL, "Adoption Order", ""),
                    np.where(p["path"][rows] == SGO, "Special Guardianship Order", "Child Arrangements Order"))
    w.store.add(
        "ssd_permanence", n, perm_person_id=p["person"][rows], perm_cla_id=period[rows],
        perm_adm_decision_date=p["adm"][rows], perm_placement_order_date=p["po"][rows],
        perm_matched_date=p["matched"][rows], perm_placed_for_adoption_date=p["placed"][rows],
        perm_placed_ffa_cp_date=p["ffa"][rows], perm_permanence_order_date=order_date,
        perm_permanence_order_type=kind, perm_decision_reversed_date=p["reversal"][rows],
    )


def _care_front_door(w: World, rng: Rng, p: dict[str, np.ndarray], rows: I64, need: Str) -> None:
    """The referral (and contact, assessment, often an s47) that a period of care started from."""
    k = rows.size
    start, end, person = p["start"][rows], p["end"][rows], p["person"][rows]
    lag = np.where(p["emergency"][rows], _uniform(rng, 0, 1, k), _uniform(rng, 3, 75, k))
    # after the referral of any previous period of care has closed (at most 30 days after it ended)
    ref = np.maximum(start - lag, p["previous_end"][rows] + 31)
    a_start, a_auth = _assessment_dates(w, rng, ref)
    close = end + _uniform(rng, 0, 30, k)
    reason = np.array(CLOSE_REASON_BY_PATH)[p["path"][rows]]
    reason = np.where(p["ceased"][rows] == "E7", "RC6", np.where(p["ceased"][rows] == "E3", "RC5", reason))
    ref_idx = _front_door(w, rng, person, ref, need=need[rows], nfa=np.zeros(k, bool), a_start=a_start,
                          a_auth=a_auth, a_nfa=np.zeros(k, bool), close=close, close_reason=reason)
    s = np.flatnonzero(rng.random(k) < 0.45)
    s47_start, s47_end = _s47_dates(w, rng, ref[s], 3, 15)
    w.store.add("ssd_s47_enquiry", s.size, s47e_person_id=person[s], s47e_referral_id=ref_idx[s],
                s47e_s47_start_date=np.minimum(s47_start, np.maximum(start[s], ref[s])), s47e_s47_end_date=s47_end,
                s47e_s47_nfa="N")


def _care_visits(w: World, rng: Rng, p: dict[str, np.ndarray], period: I64) -> None:
    """Statutory visits every four to six weeks while looked after."""
    start, end = p["start"], p["end"]
    begin = np.maximum(start, w.w0 - ACTIVITY_LOOKBACK["ssd_cla_visits"] - 60)
    span = np.maximum(np.minimum(end, w.w1 + 1) - begin, 0)
    counts = np.where(span > 0, span // 20 + 2, 0)
    owner, pos = _expand(counts)
    m = owner.size
    first_gap = np.where(begin[owner] == start[owner], _uniform(rng, 1, 7, m), _uniform(rng, 0, 40, m))
    gaps = np.where(pos == 0, first_gap, _mix(rng, m, [(0.82, 21, 38), (0.14, 35, 42), (0.04, 43, 75)]))
    when = begin[owner] + _seg_cumsum(gaps, owner)
    keep = (when < end[owner]) & (when <= w.w1)
    owner, when = owner[keep], when[keep]
    k = owner.size
    seen = rng.random(k) < 0.95
    alone = seen & (when - p["dob"][owner] > 7 * YEAR) & (rng.random(k) < 0.65)
    w.store.add("ssd_cla_visits", k, clav_person_id=p["person"][owner], clav_cla_id=period[owner],
                clav_cla_visit_date=when, clav_cla_visit_seen=_yn(seen),
                clav_cla_visit_seen_alone=np.where(seen, _yn(alone), ""))


def _care_health(w: World, rng: Rng, p: dict[str, np.ndarray]) -> None:
    """Initial health assessments for starters; annual health assessments and dental checks."""
    start, end, person = p["start"], p["end"], p["person"]
    n = start.size
    # initial health assessment
    iha = np.flatnonzero((rng.random(n) < 0.95) & (end - start > 14))
    wd = _mix(rng, iha.size, [(0.85, 5, 20), (0.15, 21, 60)])
    iha_date = w.cal.add(start[iha], wd)
    iha_status = _pick(rng, (("Completed", 93), ("Cancelled", 3), ("Refused", 2), ("Planned", 2)), iha.size)
    keep = iha_date < end[iha]
    rows = [(iha[keep], iha_date[keep], np.full(int(keep.sum()), "Initial Health Assessment"), iha_status[keep])]
    # annual checks from the first anniversary, from a year before the window
    years_in = np.maximum((np.minimum(end, w.w1) - start) // 365, 0)
    for check, completed in (("Health Assessment", 0.91), ("Dental Check", 0.83)):
        owner, pos = _expand(years_in)
        m = owner.size
        when = _add_years(start[owner], 1) + pos * 365 - _uniform(rng, 0, 50, m)
        keep = (when >= w.w0 - ACTIVITY_LOOKBACK["ssd_cla_health"]) & (when <= w.w1) & (when < end[owner])
        owner, when = owner[keep], when[keep]
        m = owner.size
        status = np.where(rng.random(m) < completed, "Completed",
                          _pick(rng, (("Refused", 40), ("Cancelled", 40), ("Planned", 20)), m))
        rows.append((owner, when, np.full(m, check), status))
    owner = np.concatenate([r[0] for r in rows])
    w.store.add("ssd_cla_health", owner.size, clah_person_id=person[owner],
                clah_health_check_type=np.concatenate([r[2] for r in rows]),
                clah_health_check_date=np.concatenate([r[1] for r in rows]),
                clah_health_check_status=np.concatenate([r[3] for r in rows]))


def _missing(w: World, rng: Rng, p: dict[str, np.ndarray]) -> None:
    """Missing and away episodes for a minority of older looked-after children, some many."""
    start, end, person, dob = p["start"], p["end"], p["person"], p["dob"]
    n = start.size
    lo = np.maximum.reduce([start, _add_years(dob, 11), np.full(n, w.w0 - ACTIVITY_LOOKBACK["ssd_missing"])])
    hi = np.minimum(end, w.w1)
    span = np.maximum(hi - lo, 0)
    rate = np.where(rng.random(n) < 0.35, rng.lognormal(np.log(3.0), 0.9, n), 0.0)  # episodes a year
    counts = rng.poisson(rate * span / YEAR)
    owner, _ = _expand(counts)
    m = owner.size
    when = lo[owner] + np.floor(rng.random(m) * np.maximum(span[owner], 1)).astype(np.int64)
    order = np.lexsort((when, owner))
    owner, when = owner[order], when[order]
    missing = rng.random(m) < 0.82
    back = when + _mix(rng, m, [(0.4, 0, 0), (0.35, 1, 1), (0.25, 2, 7)])
    offered = missing & (rng.random(m) < 0.92)
    accepted = offered & (rng.random(m) < 0.55)
    w.store.add("ssd_missing", m, miss_person_id=person[owner], miss_missing_episode_start_date=when,
                miss_missing_episode_type=np.where(missing, "Missing", "Away"), miss_missing_episode_end_date=back,
                miss_missing_rhi_offered=np.where(missing, _yn(offered), ""),
                miss_missing_rhi_accepted=np.where(offered, _yn(accepted), np.where(missing, "N", "")))

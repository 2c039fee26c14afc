"""Short breaks: disabled children on an agreed series of short-term placements (V3/V4)."""

from __future__ import annotations

import numpy as np

from ..constants import FRONT_DOOR_BURN_IN_YEARS, HOME, SHORT_BREAK_CHILDREN
from ..vectors import _add_years, _expand, _seg_cumsum, _uniform
from ..world import World
from .care import _postcodes
from .front_door import _assessment_dates, _front_door


def _stage_short_breaks(w: World) -> None:
    """Disabled children on an agreed series of short-term placements (legal status V3 or V4)."""
    rng = w.rng("short-breaks")
    span = (w.w1 - w.w0) + FRONT_DOOR_BURN_IN_YEARS * 365
    n = int(rng.poisson(SHORT_BREAK_CHILDREN * w.scale * span / (2.5 * 365)))
    series_start = w.w1 - _uniform(rng, 0, span, n)
    dob = series_start - _uniform(rng, 5 * 365, 15 * 365, n)
    series_end = np.minimum(series_start + _uniform(rng, 365, 1460, n), _add_years(dob, 18) - 7)
    person = w.new_persons(rng, dob)
    counts = (series_end - series_start) // 14 + 1
    owner, pos = _expand(counts)
    m = owner.size
    gaps = np.where(pos == 0, 0, _uniform(rng, 14, 42, m))
    b_start = series_start[owner] + _seg_cumsum(gaps, owner)
    keep = b_start < series_end[owner]
    owner, b_start = owner[keep], b_start[keep]
    m = owner.size
    b_end = b_start + _uniform(rng, 1, 4, m)
    period = w.periods.add(start=b_start, end=b_end, person=person[owner], path=np.full(m, HOME),
                           short_break=np.ones(m))
    legal = np.where(rng.random(n) < 0.7, "V3", "V4")[owner]
    w.store.add("ssd_legal_status", m, lega_person_id=person[owner], lega_legal_status=legal,
                lega_legal_status_start_date=b_start, lega_legal_status_end_date=b_end)
    ptype = np.where(rng.random(n) < 0.6, "U6", "K2")[owner]
    urn = np.char.add("SC", _uniform(rng, 100_000, 999_999, n).astype(str))
    pl_idx = w.store.add(
        "ssd_cla_placement", m, clap_person_id=person[owner], clap_cla_id=period, clap_cla_placement_start_date=b_start,
        clap_cla_placement_end_date=b_end, clap_cla_placement_type=ptype,
        clap_cla_placement_provider="PR1", clap_cla_placement_postcode=_postcodes(rng, np.full(n, w.area))[owner],
        clap_cla_placement_urn=np.where(ptype == "K2", urn[owner], ""),
        clap_cla_placement_distance=rng.uniform(0.5, 12, n).round(1).astype(str)[owner],
    )
    w.store.add("ssd_cla_episodes", m, clae_person_id=person[owner], clae_cla_episode_start_date=b_start,
                clae_cla_episode_start_reason="S", clae_cla_primary_need_code="N2", clae_cla_episode_ceased_date=b_end,
                clae_cla_episode_ceased_reason="E4A", clae_cla_id=period, clae_cla_placement_id=pl_idx,
                clae_entered_care_date=b_start)
    # the disabled children's team referral, assessment and CIN plan that cover the series
    ref = series_start - _uniform(rng, 40, 120, n)
    a_start, a_auth = _assessment_dates(w, rng, ref)
    close = series_end + _uniform(rng, 0, 30, n)
    ref_idx = _front_door(w, rng, person, ref, need=np.full(n, "N2"), nfa=np.zeros(n, bool), a_start=a_start,
                          a_auth=a_auth, a_nfa=np.zeros(n, bool), close=close, close_reason=np.full(n, "RC7"),
                          team="Disabled Children's Team")
    w.store.add("ssd_cin_plans", n, cinp_person_id=person, cinp_referral_id=ref_idx,
                cinp_cin_plan_start_date=np.maximum(a_auth, ref) + _uniform(rng, 0, 10, n),
                cinp_cin_plan_end_date=series_end)

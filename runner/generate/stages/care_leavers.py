"""Care leavers aged 17 to 25 at the end date."""

from __future__ import annotations

import numpy as np

from ..constants import ADOPTION, CAO, DIED, NULL, SGO, YEAR
from ..vectors import _add_years, _pick, _uniform
from ..world import World


def _stage_care_leavers(w: World) -> None:
    """One row per care leaver aged 17 to 25 at the end date, as known on that date."""
    rng = w.rng("care-leavers")
    if w.periods.n == 0:
        return
    start, end, person = w.periods.column("start"), w.periods.column("end"), w.periods.column("person")
    path, short = w.periods.column("path"), w.periods.column("short_break") == 1
    order = np.lexsort((start, person))
    last = order[np.r_[person[order][1:] != person[order][:-1], True]]
    last = last[~short[last]]
    dob = w.persons.column("dob")[person[last]]
    left_16 = end[last] >= _add_years(dob, 16)
    long_enough = (end[last] - np.maximum(start[last], _add_years(dob, 14))) >= 91
    not_permanent = ~np.isin(path[last], [ADOPTION, SGO, CAO, DIED])
    left = end[last] <= w.w1
    age = (w.w1 - dob) / YEAR
    in_range = (age >= 17) & (age < 26)
    keep = np.where(age >= 22, rng.random(last.size) < 0.35, True)
    sel = left & left_16 & not_permanent & in_range & keep
    rows = last[sel]
    n = rows.size
    age, qualifying = age[sel], ~long_enough[sel]
    eligibility = np.where(qualifying, "Qualifying", np.where(age < 18, "Relevant", "Former Relevant"))
    in_touch = _pick(rng, (("YES", 87), ("NO", 5), ("REFU", 3), ("NREQ", 4.5), ("DIED", 0.5)), n)
    died = in_touch == "DIED"
    latest = w.w1 - np.select([in_touch == "YES", in_touch == "NO", in_touch == "DIED"],
                              [_uniform(rng, 0, 60, n), _uniform(rng, 90, 500, n), _uniform(rng, 30, 700, n)],
                              _uniform(rng, 30, 400, n))
    latest = np.maximum(latest, end[rows])
    w.deaths.append((person[rows][died], latest[died]))
    suitable = rng.random(n) < 0.875
    accommodation = np.where(
        suitable,
        _pick(rng, (("U", 35), ("B", 20), ("D", 15), ("E", 10), ("K", 6), ("T", 5), ("C", 3), ("Z", 4), ("G", 2)), n),
        _pick(rng, (("S", 25), ("W", 20), ("V", 20), ("X", 20), ("R", 10), ("H", 5)), n))
    eet = rng.random(n) < 0.57
    eet_codes = (("F1", 15), ("P1", 5), ("F2", 25), ("P2", 10), ("F4", 25), ("P4", 5), ("F5", 10), ("P5", 5))
    activity = np.where(eet, _pick(rng, eet_codes, n), _pick(rng, (("G4", 35), ("G5", 50), ("G6", 15)), n))
    review = np.where(died, NULL, w.w1 - _uniform(rng, 0, 180, n))
    w.store.add(
        "ssd_care_leavers", n, clea_person_id=person[rows], clea_care_leaver_eligibility=eligibility,
        clea_care_leaver_in_touch=in_touch, clea_care_leaver_latest_contact=latest,
        clea_care_leaver_accommodation=np.where(died, "", accommodation),
        clea_care_leaver_accom_suitable=np.where(died, "", np.where(suitable, "1", "2")),
        clea_care_leaver_activity=np.where(died, "", activity), clea_pathway_plan_review_date=review,
    )

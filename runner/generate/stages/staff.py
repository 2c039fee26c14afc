"""Staff: the professionals who hold cases."""

from __future__ import annotations

import numpy as np

from ..constants import DEPARTMENTS, JOB_TITLES, PROFESSIONALS
from ..vectors import _yn
from ..world import World


def _stage_professionals(w: World) -> None:
    """Staff: social workers hold cases (their ids are the referrals' worker ids)."""
    rng = w.rng("professionals")
    n = max(8, round(PROFESSIONALS * w.scale))
    title_i = rng.choice(len(JOB_TITLES), n, p=np.array([t[1] for t in JOB_TITLES]) / sum(t[1] for t in JOB_TITLES))
    titles = np.array([t[0] for t in JOB_TITLES])[title_i]
    social_worker = title_i <= 2
    mean = np.array([t[2] for t in JOB_TITLES])[title_i]
    caseload = np.clip(np.round(rng.normal(mean, np.where(mean > 0, 4.0, 1.0))), 0, 30)
    caseload = np.where(rng.random(n) < 0.05, 0, caseload).astype(np.int64)
    fte = np.array(["1.0", "0.9", "0.8", "0.6", "0.5"])[rng.choice(5, n, p=[0.7, 0.05, 0.1, 0.08, 0.07])]
    agency = np.where(social_worker, rng.random(n) < w.ch.agency, rng.random(n) < 0.04)
    dept_of_title = np.array([0, 1, 2, 1, 4, 3])  # by title, with social workers spread over teams
    dept = np.where(social_worker, rng.choice(4, n, p=[0.35, 0.35, 0.2, 0.1]), dept_of_title[title_i])
    dept = np.where((title_i == 0) & (rng.random(n) < 0.1), 5, dept)
    staff = 10_000 + rng.permutation(89_999)[:n]
    idx = w.store.add(
        "ssd_professionals", n,
        prof_staff_id=np.char.add("EMP", staff.astype(str)), prof_professional_job_title=titles,
        prof_professional_caseload=caseload.astype(str),
        prof_professional_department=np.char.add("Children's Social Care - ", np.array(DEPARTMENTS)[dept]),
        prof_full_time_equivalency=fte, prof_agency_worker_flag=_yn(agency),
    )
    w.workers = idx[social_worker] if social_worker.any() else idx

"""Deterministic synthetic Standard Safeguarding Dataset (SSD) extracts, one folder per authority.

`generate()` writes ``<out>/<la_code>/<table>.csv`` (or ``.parquet``) for every table in
`runner.contract.TABLES`, with exactly the contract's columns in contract order: UTF-8, a header
row, ISO dates, Y/N flags, empty = null.

How an authority is simulated
-----------------------------
Every authority is simulated on its own, from a random stream seeded by (seed, LA code, stage), so
adding authorities never changes an existing one's files. Volumes are calibrated on Peterborough's
committee reports (LA 874, see ../shared/spec/indicators.md) and scale with the authority's child
population relative to Peterborough's. Other authorities also get a "character" (lognormal
multipliers on contact, protection and care volumes, timeliness shifts) so they differ the way real
authorities do; 874 is the calibration anchor and keeps the reference profile.

Children enter through journeys, each a vectorised stage producing whole cohorts at once:

* general referral chains: contact -> referral -> (assessment -> s47 / CIN plan / ICPC with no plan),
  with a child's next referral some time after the previous one closed (re-referrals);
* child protection chains: contact -> referral -> assessment -> s47 -> ICPC -> CP plan -> visits,
  a minority of children having a second or third plan years later, some ending in care;
* periods of care: a referral (unless the child came from a CP plan), legal statuses, placements,
  the episodes they imply, permanence (adoption, SGO, CAO), visits, health checks, missing episodes,
  re-entries to care, and the care leavers they become;
* short breaks (V3/V4 legal status), contacts that go no further, and early help episodes.

Each stage starts its arrivals years before the window (a burn-in: 3 years for the front door, 10
for child protection so repeat plans have history, 26 for care so that long periods of care and
care leavers exist), so stocks are at steady state on the first day. The extract then keeps every
record of every child who has anything dated in, or open during, the window (history included),
drops what lies after the end date (an end date after it becomes null), and keeps visits, health
checks and missing episodes from shortly before the window (ACTIVITY_LOOKBACK).

Finally, if ``fault_rate > 0``, realistic faults are injected per table (see `FAULT_KINDS`) and
counted in `GenerateResult.faults`.

The package
-----------
``constants`` (volumes, code lists), ``vectors`` (day numbers, vectorised helpers), ``calendar``
(working days from seeds/bank_holidays.csv, the seed dim_date reads), ``populations``, ``world``
(one authority's random streams and registries), ``stages`` (the journeys, one module each),
``finalise`` (clip to the window, number the ids), ``faults``, ``writing`` and ``run`` (which
authorities, worker processes, totals).
"""

from .faults import FAULT_KINDS
from .run import GenerateResult, generate

__all__ = ["FAULT_KINDS", "GenerateResult", "generate"]

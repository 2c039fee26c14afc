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
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .contract import TABLES

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]
Str = npt.NDArray[np.str_]
Cols = dict[str, np.ndarray]
Rng = np.random.Generator

#: Day number (days since 1970-01-01) standing for a null date.
NULL = -1_000_000
EPOCH = date(1970, 1, 1)
YEAR = 365.25

#: first financial year with its own random noise (earlier years share it)
FIRST_FY = 1980

#: The calibration anchor: volumes below are Peterborough's, for a population of 49,000 children.
REFERENCE_LA = "874"
REFERENCE_POPULATION = 49_000

PROJECT_DIR = Path(__file__).resolve().parent.parent
POPULATION_SEED = PROJECT_DIR / "seeds" / "population.csv"
POPULATION_REFERENCE = (PROJECT_DIR.parent / "shared" / "reference" / "dfe"
                        / "ons_mid-year_population_estimates_2012_to_2024.csv")

FRONT_DOOR_BURN_IN_YEARS = 3
CP_HISTORY_YEARS = 10
CARE_HISTORY_YEARS = 26
#: days before the window from which activity rows are kept: enough history for every indicator to be
#: computable on the window's first day (CP visits 10 working days, CLA visits 91 days, health 12 months).
#: Contacts are kept from the window's first day only, as the SSD extract's timeframe keeps them: the
#: first contact is where an extract's reporting window starts.
ACTIVITY_LOOKBACK = {"ssd_cp_visits": 31, "ssd_cla_visits": 92, "ssd_cla_health": 366, "ssd_missing": 366,
                     "ssd_contacts": 0}

# ---- volumes for the reference authority (per month unless stated) --------------------------------
CONTACTS_PM = 800.0
CP_PLANS_PM = 27.0
CLA_NEW_ENTRANTS_PM = 18.5
SHORT_BREAK_CHILDREN = 36.0
PROFESSIONALS = 125.0

ID_PREFIX = {
    "ssd_person": "P", "ssd_contacts": "C", "ssd_early_help_episodes": "EH", "ssd_cin_episodes": "R",
    "ssd_cin_assessments": "A", "ssd_cin_plans": "CINP", "ssd_s47_enquiry": "S47", "ssd_initial_cp_conference": "ICPC",
    "ssd_cp_plans": "CPP", "ssd_cp_visits": "CPV", "ssd_cla_episodes": "E", "ssd_cla_placement": "PL",
    "ssd_legal_status": "LS", "ssd_cla_visits": "V", "ssd_cla_health": "H", "ssd_missing": "M",
    "ssd_care_leavers": "CL", "ssd_permanence": "PM", "ssd_professionals": "W",
}
#: pseudo-table of periods of care (the clae_cla_id and the columns that point at it)
PERIOD = "_period_of_care"
ID_PREFIX[PERIOD] = "CLA"

#: reference columns are recognised by their suffix; the first match wins
_REF_SUFFIXES = (
    ("_person_id", "ssd_person"),
    ("_referral_id", "ssd_cin_episodes"),
    ("_s47_enquiry_id", "ssd_s47_enquiry"),
    ("_icpc_id", "ssd_initial_cp_conference"),
    ("_cp_plan_id", "ssd_cp_plans"),
    ("_cla_placement_id", "ssd_cla_placement"),
    ("_cla_id", PERIOD),
    ("_worker_id", "ssd_professionals"),
)

# ---- code lists ---------------------------------------------------------------------------------
SOURCES = (
    ("1A", "Individual - family member/relative/carer", 6), ("1B", "Individual - acquaintance", 1),
    ("1C", "Individual - self", 1.5), ("1D", "Individual - other", 1), ("2A", "Schools", 18),
    ("2B", "Education services", 2), ("3A", "Health services - GP", 3), ("3B", "Health services - health visitor", 3),
    ("3C", "Health services - school nurse", 1), ("3D", "Health services - other primary health services", 2),
    ("3E", "Health services - A&E", 3), ("3F", "Health services - other", 4), ("4", "Housing", 2),
    ("5A", "LA services - social care", 6), ("5B", "LA services - other internal", 3),
    ("5C", "LA services - external", 2), ("5D", "Other local authority", 3), ("6", "Police", 28),
    ("7", "Other legal agency", 2), ("8", "Other", 5), ("9", "Anonymous", 1.5), ("10", "Unknown", 1),
)
ETHNICITY = (
    ("WBRI", 61.0), ("WIRI", 0.5), ("WOTH", 10.0), ("MWBC", 3.0), ("MWBA", 1.0), ("MWAS", 1.5), ("MOTH", 2.0),
    ("AIND", 1.5), ("APKN", 6.0), ("ABAN", 0.5), ("AOTH", 1.5), ("BCRB", 0.7), ("BAFR", 3.0), ("BOTH", 0.5),
    ("CHNE", 0.3), ("OOTH", 1.5), ("REFU", 1.0), ("NOBT", 2.5), ("", 1.5),
)
FORENAMES_M = (
    "Oliver", "Harry", "Jack", "George", "Noah", "Charlie", "Jacob", "Alfie", "Freddie", "Oscar", "Leo", "Logan",
    "Archie", "Theo", "Thomas", "James", "Joshua", "Henry", "William", "Max", "Lucas", "Ethan", "Arthur", "Mason",
    "Isaac", "Harrison", "Teddy", "Finley", "Daniel", "Riley", "Edward", "Joseph", "Alexander", "Adam", "Reggie",
    "Mohammed", "Samuel", "Dylan", "Tyler", "Kai", "Jakub", "Filip", "Kacper", "Aarav", "Ibrahim", "Musa",
)
FORENAMES_F = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Isabella", "Rosie", "Sophia", "Grace", "Willow",
    "Freya", "Florence", "Emily", "Ella", "Poppy", "Evie", "Elsie", "Charlotte", "Evelyn", "Sienna", "Sofia",
    "Daisy", "Phoebe", "Sophie", "Alice", "Harper", "Matilda", "Ruby", "Emilia", "Maya", "Millie", "Chloe",
    "Jessica", "Layla", "Zara", "Aisha", "Maryam", "Amira", "Zuzanna", "Julia", "Lena", "Precious", "Kayla",
)
SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
    "Khan", "Lewis", "James", "Phillips", "Mason", "Mitchell", "Rose", "Davis", "Rodriguez", "Cox", "Alexander",
    "Morgan", "Moore", "Hughes", "Turner", "Harris", "Baker", "Cooper", "Ward", "Martin", "King", "Hill", "Scott",
    "Young", "Allen", "Carter", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Bell",
    "Bailey", "Parker", "Kelly", "Price", "Shaw", "Hussain", "Ali", "Ahmed", "Begum", "Akhtar", "Kowalski",
    "Nowak", "Wisniewski", "Kaur", "Singh", "Okafor", "Mensah", "Campbell", "Murray", "Graham", "Kennedy",
    "Lee", "Chen", "Fraser", "Hunt", "Palmer", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell",
)
NEEDS = ("N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")
REFERRAL_NEEDS = tuple(zip(NEEDS, (0.52, 0.05, 0.05, 0.12, 0.12, 0.03, 0.01, 0.03, 0.07), strict=True))
CLA_NEEDS = tuple(zip(NEEDS, (0.62, 0.04, 0.03, 0.08, 0.08, 0.02, 0.01, 0.12, 0.0), strict=True))
CP_CATEGORIES = (("NEG", 0.46), ("EMO", 0.36), ("PHY", 0.08), ("SAB", 0.04), ("MUL", 0.06))
CHANGE_REASONS = (
    ("CARPL", 0.35), ("CREQB", 0.14), ("CREQO", 0.10), ("CHILD", 0.08), ("LAREQ", 0.10), ("STAND", 0.05),
    ("ALLEG", 0.03), ("CLOSE", 0.03), ("APPRR", 0.02), ("PLACE", 0.04), ("OTHER", 0.06),
)
REFERRAL_TEAMS = (("MASH", 0.6), ("Duty and Assessment Team", 0.4))
ASSESSMENT_TEAMS = (("Assessment Team 1", 0.34), ("Assessment Team 2", 0.33), ("Assessment Team 3", 0.33))
EH_REASONS = (
    ("Parenting support", 0.22), ("Domestic abuse", 0.14), ("School attendance", 0.12), ("Emotional wellbeing", 0.14),
    ("Child behaviour", 0.12), ("Parental mental health", 0.09), ("Substance misuse", 0.05), ("Housing", 0.05),
    ("Financial hardship", 0.07),
)
EH_END_REASONS = (
    ("Needs met", 0.58), ("Stepped up to social care", 0.1), ("Family declined further support", 0.12),
    ("Moved out of area", 0.06), ("Disengaged", 0.1), ("Transferred to universal services", 0.04),
)
EH_ORGS = (
    ("Local authority early help team", 0.5), ("School", 0.18), ("Health visiting service", 0.1),
    ("Children's centre", 0.1), ("Voluntary sector", 0.08), ("Youth service", 0.04),
)
CONTACT_OUTCOMES = (("information_advice", 0.31), ("nfa", 0.35), ("signposted", 0.18), ("early_help", 0.16))
JOB_TITLES = (
    ("Social Worker", 0.44, 17.0), ("Senior Social Worker", 0.14, 15.0),
    ("Advanced Practitioner Social Worker", 0.07, 12.0), ("Team Manager", 0.1, 0.0),
    ("Family Support Worker", 0.16, 10.0), ("Personal Adviser", 0.09, 20.0),
)
DEPARTMENTS = ("Assessment", "Safeguarding", "Children in Care", "Leaving Care", "Early Help", "MASH")
POSTCODE_AREAS = (
    "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CA", "CB", "CH", "CM", "CO", "CR", "CT", "CV", "CW",
    "DA", "DE", "DH", "DL", "DN", "DT", "DY", "E", "EN", "EX", "FY", "GL", "GU", "HA", "HD", "HG", "HP", "HR", "HU",
    "HX", "IG", "IP", "KT", "L", "LA", "LE", "LN", "LS", "LU", "M", "ME", "MK", "N", "NE", "NG", "NN", "NR", "NW",
    "OL", "OX", "PE", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SE", "SG", "SK", "SL", "SM", "SN", "SO", "SP", "SR",
    "SS", "ST", "SW", "TA", "TF", "TN", "TQ", "TR", "TS", "TW", "UB", "W", "WA", "WD", "WF", "WN", "WR", "WS", "WV",
    "YO",
)
POSTCODE_LETTERS = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))

# placement types by age band (<1, 1-4, 5-11, 12-15, 16-17): (code, weight) per band
PLACEMENT_TYPES = (
    (("U6", 50), ("U4", 10), ("U3", 15), ("U1", 5), ("R3", 10), ("U5", 5), ("P1", 5)),
    (("U6", 50), ("U4", 15), ("U3", 15), ("U1", 8), ("P1", 7), ("U5", 5)),
    (("U6", 45), ("U4", 22), ("U3", 12), ("U1", 8), ("K2", 6), ("P1", 5), ("S1", 2)),
    (("U6", 35), ("U4", 15), ("U3", 8), ("U1", 5), ("K2", 22), ("R1", 3), ("S1", 3), ("H5", 3), ("P1", 4),
     ("K1", 1), ("R5", 1)),
    (("H5", 30), ("U6", 20), ("K2", 20), ("U4", 10), ("U3", 5), ("P2", 8), ("R5", 2), ("U1", 5)),
)
PROVIDERS = {
    "P1": (("PR0", 1),), "P2": (("PR1", 1),), "R5": (("PR3", 1),), "R2": (("PR3", 1),),
    "U1": (("PR1", 1),), "U2": (("PR1", 1),), "U3": (("PR1", 1),),
    "U4": (("PR1", 60), ("PR4", 32), ("PR5", 8)), "U5": (("PR1", 60), ("PR4", 30), ("PR5", 10)),
    "U6": (("PR1", 60), ("PR4", 32), ("PR5", 8)), "R3": (("PR4", 60), ("PR5", 40)),
    "A3": (("PR1", 55), ("PR2", 20), ("PR5", 25)), "A4": (("PR1", 55), ("PR2", 20), ("PR5", 25)),
    "A5": (("PR1", 55), ("PR2", 20), ("PR5", 25)), "A6": (("PR1", 55), ("PR2", 20), ("PR5", 25)),
}
RESIDENTIAL_PROVIDERS = (("PR4", 60), ("PR1", 22), ("PR5", 12), ("PR2", 6))
OFSTED_TYPES = ("K1", "K2", "R1", "S1", "H5", "R3")

# exit paths of a period of care, with probabilities by age band at entry (<1, 1-4, 5-9, 10-15, 16-17)
PATHS = ("adoption", "sgo", "cao", "home", "to18", "other", "custody", "uasc", "died")
(ADOPTION, SGO, CAO, HOME, TO18, OTHER, CUSTODY, UASC, DIED) = range(len(PATHS))
PATH_P = np.array([
    [0.40, 0.18, 0.04, 0.28, 0.02, 0.07, 0.00, 0.00, 0.01],
    [0.28, 0.18, 0.04, 0.40, 0.04, 0.06, 0.00, 0.00, 0.00],
    [0.03, 0.13, 0.04, 0.64, 0.09, 0.07, 0.00, 0.00, 0.00],
    [0.00, 0.04, 0.02, 0.69, 0.14, 0.07, 0.02, 0.02, 0.00],
    [0.00, 0.00, 0.00, 0.40, 0.42, 0.08, 0.03, 0.07, 0.00],
])
CEASED_BY_PATH = (
    (("E11", 60), ("E12", 40)),
    (("E45", 45), ("E46", 55)),
    (("E47", 45), ("E48", 45), ("E41", 10)),
    (("E4A", 60), ("E4B", 15), ("E13", 25)),
    (("E17", 15), ("E5", 40), ("E6", 15), ("E8", 20), ("E7", 5), ("E3", 5)),
    (("E3", 40), ("E8", 40), ("E16", 20)),
    (("E9", 1),),
    (("E15", 1),),
    (("E2", 1),),
)
CLOSE_REASON_BY_PATH = ("RC1", "RC4", "RC3", "RC7", "RC7", "RC7", "RC7", "RC7", "RC2")

# ages (years 0..17) of children at a first referral, a first CP plan and entry to care
REFERRAL_AGE_P = np.array([9, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6.5, 6.5, 6.5, 6.5, 6.5, 6.5, 4, 4], float)
CP_AGE_P = np.array([14, 7, 7, 7, 7, 5.5, 5.5, 5.5, 5.5, 5.5, 3.4, 3.4, 3.4, 3.4, 3.4, 3.4, 1, 0.2], float)
CLA_AGE_P = np.array([20, 4, 4, 4, 4, 3.2, 3.2, 3.2, 3.2, 3.2, 6, 6, 6, 6, 6, 6, 6, 6], float)

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
}
BAD_DATES = ("31/02/2021", "2021-13-01", "unknown", "2022-02-30", "00/00/0000", "19/07/2023", "2023-7-32")

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


# ================================================================================================
# Public API
# ================================================================================================


@dataclass
class GenerateResult:
    """What `generate` wrote."""

    out_dir: Path
    la_codes: list[str]
    rows: dict[str, int]  # table name -> total rows written over all LAs
    start: date  # first day covered (1 April)
    end: date  # last day covered (31 March)
    seconds: float
    faults: dict[str, int] = field(default_factory=dict)  # fault kind -> injected count over all LAs


def generate(out_dir: Path, la_codes: list[str] | None = None, n_las: int | None = None, years: int = 6,
             seed: int = 42, end_year: int = 2026, fault_rate: float = 0.002, fmt: str = "csv",
             populations: dict[str, int] | None = None) -> GenerateResult:
    """Write synthetic SSD files for some authorities; see the module docstring.

    `la_codes` names the authorities; otherwise the first `n_las` LA codes (sorted) of the population
    table; otherwise Peterborough (874) alone. `populations` (children aged 0-17, on the scale where
    874 has REFERENCE_POPULATION) overrides the looked-up population of the authorities it names.
    """
    started = time.perf_counter()
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"fmt must be 'csv' or 'parquet', not {fmt!r}")
    if years < 1:
        raise ValueError("years must be at least 1")
    if not 0 <= fault_rate <= 0.5:
        raise ValueError("fault_rate must be between 0 and 0.5")
    lookup = _calibrated_populations()
    if la_codes:
        codes = list(dict.fromkeys(str(c) for c in la_codes))
    elif n_las:
        available = sorted(lookup)
        if n_las > len(available):
            raise ValueError(f"asked for {n_las} authorities but the population table has {len(available)}")
        codes = available[:n_las]
    else:
        codes = [REFERENCE_LA]
    pops = {c: float((populations or {}).get(c, lookup.get(c, REFERENCE_POPULATION))) for c in codes}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(out_dir, c, pops[c], years, seed, end_year, fault_rate, fmt) for c in codes]
    workers = min(os.cpu_count() or 1, len(jobs))
    results = _run_in_workers(jobs, workers) if len(jobs) >= 4 and workers > 1 else [_generate_one(j) for j in jobs]
    rows: dict[str, int] = dict.fromkeys(TABLES, 0)
    faults: dict[str, int] = dict.fromkeys(FAULT_KINDS, 0)
    for table_rows, table_faults in results:
        for k, v in table_rows.items():
            rows[k] += v
        for k, v in table_faults.items():
            faults[k] += v
    start, end = _window(years, end_year)
    return GenerateResult(out_dir, codes, rows, start, end, time.perf_counter() - started, faults)


def _window(years: int, end_year: int) -> tuple[date, date]:
    return date(end_year - years, 4, 1), date(end_year, 3, 31)


def _run_in_workers(jobs: list[tuple], workers: int) -> list[tuple[dict[str, int], dict[str, int]]]:
    """Run jobs in worker subprocesses, biggest authorities first to the least-loaded worker.

    Plain subprocesses (not multiprocessing): they never re-import the caller's __main__ and never
    fork a process that may hold threads. Every authority is independent, so the files are the same
    as from a sequential run.
    """
    groups: list[list[int]] = [[] for _ in range(workers)]
    load = [0.0] * workers
    for i in sorted(range(len(jobs)), key=lambda i: -jobs[i][2]):
        k = load.index(min(load))
        groups[k].append(i)
        load[k] += jobs[i][2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_DIR), env.get("PYTHONPATH", "")) if p)
    cmd = [sys.executable, "-c", "from runner.generate import _worker_main; _worker_main()"]
    procs = [subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
             for _ in groups]
    for proc, group in zip(procs, groups, strict=True):
        assert proc.stdin is not None
        proc.stdin.write(pickle.dumps([jobs[i] for i in group]))
        proc.stdin.close()
    results: list[tuple[dict[str, int], dict[str, int]] | None] = [None] * len(jobs)
    for proc, group in zip(procs, groups, strict=True):
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
        if proc.wait() != 0:
            raise RuntimeError(f"synthetic data worker failed:\n{err.decode(errors='replace')}")
        for i, result in zip(group, pickle.loads(out), strict=True):
            results[i] = result
    return [r for r in results if r is not None]


def _worker_main() -> None:
    """Entry point of a worker subprocess: pickled jobs on stdin, pickled results on stdout."""
    jobs = pickle.loads(sys.stdin.buffer.read())
    global _WRITER_THREADS  # one thread per worker process: the workers are the parallelism
    _WRITER_THREADS = 1
    pa.set_cpu_count(1)
    sys.stdout.buffer.write(pickle.dumps([_generate_one(j) for j in jobs]))


def _generate_one(job: tuple) -> tuple[dict[str, int], dict[str, int]]:
    """Simulate, finalise and write one authority (runs in a worker process for big runs)."""
    out_dir, la, population, years, seed, end_year, fault_rate, fmt = job
    start, end = _window(years, end_year)
    w = World(la, seed, _day(start), _day(end), population / REFERENCE_POPULATION)
    _simulate(w)
    tables = _finalise(w)
    faults = dict.fromkeys(FAULT_KINDS, 0)
    if fault_rate > 0:
        tables = _inject_faults(w, tables, fault_rate, faults)
    rows = _write(out_dir / la, tables, fmt)
    return rows, faults


# ================================================================================================
# Populations
# ================================================================================================


def _calibrated_populations() -> dict[str, float]:
    """Children aged 0-17 by LA code (latest mid-year), rescaled so that 874 = REFERENCE_POPULATION.

    The volumes in this module are Peterborough's; rescaling keeps 874 at exactly those volumes
    whichever population source or year is found, and every other authority in proportion to it.
    """
    raw = _read_population_seed() or _read_population_reference()
    if not raw:
        return {}
    ref = raw.get(REFERENCE_LA)
    factor = REFERENCE_POPULATION / ref if ref else 1.0
    return {k: v * factor for k, v in raw.items()}


def _latest_by_la(rows: list[tuple]) -> dict[str, float]:
    out: dict[str, tuple[int, float]] = {}
    for code, year, pop in rows:
        code = str(code).strip()
        try:
            y, p = int(float(year)), float(pop)
        except (TypeError, ValueError):
            continue
        if not (code.isdigit() and len(code) == 3) or p <= 0:
            continue
        if code not in out or y > out[code][0]:
            out[code] = (y, p)
    return {k: v[1] for k, v in out.items()}


def _read_population_seed() -> dict[str, float]:
    """seeds/population.csv: la_code, a year column and a population column (any reasonable names)."""
    try:
        rel = duckdb.sql(f"select * from read_csv('{POPULATION_SEED}', all_varchar = true, header = true)")
        cols = [c.lower() for c in rel.columns]
        code_col = next(c for c in rel.columns if c.lower() in ("la_code", "old_la_code", "la_number"))
        pop_col = next(c for c, lc in zip(rel.columns, cols, strict=True) if "population" in lc)
        year_col = next((c for c, lc in zip(rel.columns, cols, strict=True)
                         if lc in ("mid_year", "year", "time_period", "population_year")), None)
        year_sql = f'"{year_col}"' if year_col else "'0'"
        rows = rel.query("p", f'select "{code_col}", {year_sql}, "{pop_col}" from p').fetchall()
        return _latest_by_la(rows)
    except Exception:  # noqa: BLE001 - a missing or malformed seed falls back to the reference file
        return {}


def _read_population_reference() -> dict[str, float]:
    try:
        rows = duckdb.sql(
            f"select old_la_code, time_period, population_estimate from read_csv('{POPULATION_REFERENCE}', "
            "all_varchar = true, header = true) where geographic_level = 'Local authority'"
        ).fetchall()
        return _latest_by_la(rows)
    except Exception:  # noqa: BLE001
        return {}


# ================================================================================================
# Days, calendar, small vector helpers
# ================================================================================================


def _day(d: date) -> int:
    return (d - EPOCH).days


def _dt(d: np.ndarray) -> np.ndarray:
    return np.asarray(d, dtype=np.int64).astype("datetime64[D]")


def _months(d: I64) -> I64:
    """Calendar month 1-12 of day numbers."""
    return (_dt(d).astype("datetime64[M]").astype(np.int64) % 12) + 1


def _years(d: I64) -> I64:
    return _dt(d).astype("datetime64[Y]").astype(np.int64) + 1970


def _add_years(d: I64, n: int) -> I64:
    """d plus n calendar years (29 February -> 28 February)."""
    dt = _dt(d)
    month = dt.astype("datetime64[M]")
    dom = (dt - month.astype("datetime64[D]")).astype(np.int64)
    target = month + 12 * n
    last = (target + 1).astype("datetime64[D]").astype(np.int64) - 1
    return np.minimum(target.astype("datetime64[D]").astype(np.int64) + dom, last)


def bank_holidays(first_year: int, last_year: int) -> list[date]:
    """England and Wales bank holidays (with substitute days and the one-off holidays)."""
    out: list[date] = []
    moved = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
    spring = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}
    extra = [date(1999, 12, 31), date(2002, 6, 3), date(2011, 4, 29), date(2012, 6, 5), date(2022, 6, 3),
             date(2022, 9, 19), date(2023, 5, 8)]
    for y in range(first_year, last_year + 1):
        ny = date(y, 1, 1)
        out.append(ny + timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0)))
        easter = _easter(y)
        out += [easter - timedelta(days=2), easter + timedelta(days=1)]
        may1 = date(y, 5, 1)
        out.append(moved.get(y, may1 + timedelta(days=(7 - may1.weekday()) % 7)))
        may31 = date(y, 5, 31)
        out.append(spring.get(y, may31 - timedelta(days=may31.weekday())))
        aug31 = date(y, 8, 31)
        out.append(aug31 - timedelta(days=aug31.weekday()))
        xmas = date(y, 12, 25)
        if xmas.weekday() == 5:
            out += [date(y, 12, 27), date(y, 12, 28)]
        elif xmas.weekday() == 6:
            out += [date(y, 12, 26), date(y, 12, 27)]
        elif xmas.weekday() == 4:
            out += [xmas, date(y, 12, 28)]
        else:
            out += [xmas, date(y, 12, 26)]
    out += [d for d in extra if first_year <= d.year <= last_year]
    return sorted(set(out))


def _easter(y: int) -> date:
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(y, month, (h + l_ - 7 * m + 114) % 31 + 1)


class Calendar:
    """Working days: Monday to Friday except England and Wales bank holidays."""

    def __init__(self, first_year: int, last_year: int) -> None:
        hol = np.array(bank_holidays(first_year, last_year), dtype="datetime64[D]")
        self.holidays = hol.astype(np.int64)
        self.busdays = np.busdaycalendar(holidays=hol)

    def add(self, d: I64, n: I64 | int) -> I64:
        """The day that is n working days after d, so that wd(d, result) = n (d itself if n = 0)."""
        n = np.broadcast_to(np.asarray(n, dtype=np.int64), np.shape(d))
        out = np.busday_offset(_dt(d), n, roll="backward", busdaycal=self.busdays).astype(np.int64)
        return np.maximum(out, d)

    def snap(self, d: I64) -> I64:
        """d, or the next working day if d is not one."""
        return np.busday_offset(_dt(d), 0, roll="forward", busdaycal=self.busdays).astype(np.int64)

    def count(self, a: I64, b: I64) -> I64:
        """wd(a, b): working days x with a < x <= b."""
        return np.busday_count(_dt(a + 1), _dt(b + 1), busdaycal=self.busdays).astype(np.int64)


def _expand(counts: I64) -> tuple[I64, I64]:
    """For counts per owner: each item's owner and its position within the owner."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(counts.size), counts)
    first = np.cumsum(counts) - counts
    return owner, np.arange(owner.size) - first[owner]


def _seg_cumsum(values: I64, owner: I64) -> I64:
    """Cumulative sum of values restarting for each owner (items of one owner are contiguous)."""
    total = np.cumsum(values)
    if total.size == 0:
        return total
    starts = np.r_[True, owner[1:] != owner[:-1]]
    offset = (total - values)[starts]
    return total - offset[np.cumsum(starts) - 1]


def _pick(rng: Rng, options: Sequence[tuple], n: int) -> Str:
    """n codes drawn from (code, weight, ...) options."""
    codes = np.array([o[0] for o in options])
    p = np.array([o[1] for o in options], dtype=float)
    return codes[rng.choice(len(codes), n, p=p / p.sum())]


def _mix(rng: Rng, n: int, parts: Sequence[tuple[float, int, int]]) -> I64:
    """n integers, each uniform in [lo, hi] of a (weight, lo, hi) part drawn by weight."""
    p = np.array([q for q, _, _ in parts], dtype=float)
    k = rng.choice(len(parts), n, p=p / p.sum())
    lo = np.array([a for _, a, _ in parts], dtype=np.int64)[k]
    hi = np.array([b for _, _, b in parts], dtype=np.int64)[k]
    return lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)


def _uniform(rng: Rng, lo: int, hi: int, n: int) -> I64:
    return rng.integers(lo, hi + 1, n).astype(np.int64)


def _lognormal_days(rng: Rng, median: float, sigma: float, n: int, lo: int, hi: int) -> I64:
    return np.clip(np.round(median * np.exp(sigma * rng.standard_normal(n))), lo, hi).astype(np.int64)


def _yn(flag: Bool) -> Str:
    return np.where(flag, "Y", "N")


def _sample_days(rng: Rng, days: I64, per_day: F64) -> I64:
    """Event days from a daily expected count (Poisson per day), in date order."""
    return np.repeat(days, rng.poisson(per_day))


def _ages(rng: Rng, n: int, probs: F64) -> I64:
    """Ages in days drawn from probabilities over whole years 0..17."""
    years = rng.choice(probs.size, n, p=probs / probs.sum())
    return np.floor((years + rng.random(n)) * YEAR).astype(np.int64)


# ================================================================================================
# The world of one authority: random streams, registries of rows, persons and periods of care
# ================================================================================================


@dataclass
class Character:
    """How one authority differs from the reference profile (all 1 / 0 for the reference LA)."""

    contacts: float = 1.0
    conversion: float = 1.0
    cp: float = 1.0
    cla: float = 1.0
    early_help: float = 1.0
    assessment_timeliness: float = 0.0  # added to the share of assessments within 45 working days
    icpc_timeliness: float = 0.0
    agency: float = 0.20
    in_area: float = 0.62


def _la_key(la: str) -> int:
    return zlib.crc32(la.encode("utf-8"))


def _character(la: str, seed: int) -> Character:
    if la == REFERENCE_LA:
        return Character()
    rng = np.random.default_rng(np.random.SeedSequence([seed % 2**63, _la_key(la), 1]))
    ln = rng.lognormal(0.0, 1.0, 6)
    return Character(
        contacts=float(ln[0] ** 0.25), conversion=float(ln[1] ** 0.15), cp=float(ln[2] ** 0.33),
        cla=float(ln[3] ** 0.33), early_help=float(ln[4] ** 0.45),
        assessment_timeliness=float(rng.normal(0, 0.05)), icpc_timeliness=float(rng.normal(0, 0.07)),
        agency=float(np.clip(rng.normal(0.17, 0.08), 0.02, 0.45)), in_area=float(rng.uniform(0.45, 0.8)),
    )


class Store:
    """Rows of each SSD table as column chunks; a row's internal id is its position in the table."""

    def __init__(self) -> None:
        self.chunks: dict[str, list[tuple[int, Cols]]] = {t: [] for t in TABLES}
        self.size: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, table: str, n: int, **cols: object) -> I64:
        allowed = TABLES[table].columns
        chunk: Cols = {}
        for name, value in cols.items():
            if name not in allowed or name == allowed[0]:
                raise KeyError(f"{table} has no settable column {name}")
            arr = np.asarray(value)
            if arr.ndim == 0:
                arr = np.full(n, arr.item(), dtype=np.int64 if arr.dtype.kind in "iu" else arr.dtype)
            if arr.shape != (n,):
                raise ValueError(f"{table}.{name}: {arr.shape} values for {n} rows")
            chunk[name] = arr.astype(np.int64) if arr.dtype.kind in "iub" and _KINDS[table][name] != "str" else arr
        idx = np.arange(self.size[table], self.size[table] + n, dtype=np.int64)
        self.chunks[table].append((n, chunk))
        self.size[table] += n
        return idx

    def concat(self, table: str) -> Cols:
        out: Cols = {}
        for col in TABLES[table].columns[1:]:
            kind = _KINDS[table][col]
            parts = [c[col] if col in c else _nulls(kind, n) for n, c in self.chunks[table]]
            out[col] = np.concatenate(parts) if parts else _nulls(kind, 0)
        return out


def _nulls(kind: str, n: int) -> np.ndarray:
    return np.full(n, "", dtype="<U1") if kind == "str" else np.full(n, -1 if kind != "date" else NULL, np.int64)


def _column_kind(table: str, col: str) -> str:
    """'self' (the id), 'date', 'str', or 'ref:<table>' (an internal row number of that table)."""
    t = TABLES[table]
    if col == t.id_column:
        return "self"
    if col in t.dates:
        return "date"
    for suffix, target in _REF_SUFFIXES:
        if col.endswith(suffix):
            return f"ref:{target}"
    return "str"


_KINDS: dict[str, dict[str, str]] = {t: {c: _column_kind(t, c) for c in TABLES[t].columns} for t in TABLES}


class Registry:
    """A growing set of entities (persons, periods of care) held as column chunks."""

    def __init__(self, **defaults: int) -> None:
        self.defaults = defaults
        self.chunks: list[dict[str, I64]] = []
        self.n = 0

    def add(self, **cols: I64) -> I64:
        n = len(next(iter(cols.values())))
        chunk = {k: np.full(n, v, np.int64) for k, v in self.defaults.items()}
        chunk.update({k: np.asarray(v, np.int64) for k, v in cols.items()})
        self.chunks.append(chunk)
        idx = np.arange(self.n, self.n + n, dtype=np.int64)
        self.n += n
        return idx

    def column(self, name: str) -> I64:
        return np.concatenate([c[name] for c in self.chunks]) if self.chunks else np.zeros(0, np.int64)


class World:
    """Everything one authority's simulation shares."""

    def __init__(self, la: str, seed: int, w0: int, w1: int, scale: float) -> None:
        self.la, self.seed, self.w0, self.w1, self.scale = la, seed, w0, w1, scale
        self.ch = _character(la, seed)
        first_year = int(_years(np.array([w1]))[0]) - CARE_HISTORY_YEARS - 2
        self.cal = Calendar(first_year, int(_years(np.array([w1]))[0]) + 3)
        self.store = Store()
        #: persons: dob, expected dob (unborn at referral), sex (0 F, 1 M)
        self.persons = Registry(expected=NULL, death=NULL)
        #: periods of care: start, end (may lie beyond the window), person, exit path, short break flag
        self.periods = Registry(short_break=0)
        self.workers = np.zeros(0, np.int64)
        #: (persons, dates) of deaths (a period of care ending with E2, a care leaver who died)
        self.deaths: list[tuple[I64, I64]] = []
        rng = self.rng("years")
        #: noise per financial year FIRST_FY.. (labelled by the year it starts) on volumes and rates
        years = 2101 - FIRST_FY
        self.year_volume = rng.normal(1.0, 0.05, years)
        self.year_conversion = rng.normal(0.0, 0.012, years)
        self.year_timeliness = rng.normal(0.0, 0.03, years)
        self.area = "PE" if la == REFERENCE_LA else POSTCODE_AREAS[_la_key(la) % len(POSTCODE_AREAS)]

    def rng(self, stage: str) -> Rng:
        entropy = [self.seed % 2**63, _la_key(self.la), zlib.crc32(stage.encode())]
        return np.random.default_rng(np.random.SeedSequence(entropy))

    # ---- time-varying rates ----------------------------------------------------------------------

    def by_fy(self, days: I64, per_year: F64) -> F64:
        """The value for each day's financial year from an array indexed from FIRST_FY."""
        y = _years(days)
        fy = np.where(_months(days) >= 4, y, y - 1)
        return per_year[np.clip(fy - FIRST_FY, 0, per_year.size - 1)]

    def day_weights(self, days: I64) -> F64:
        """Relative daily intensity (weekdays, bank holidays, school-year seasonality), mean about 1."""
        dow = (days + 3) % 7  # 0 = Monday
        wgt = np.where(dow < 5, 1.0, np.where(dow == 5, 0.15, 0.10))
        wgt = np.where(np.isin(days, self.cal.holidays), 0.15, wgt)
        season = np.array([0, 1.0, 1.02, 1.08, 0.95, 1.05, 1.05, 1.03, 0.8, 1.0, 1.08, 1.1, 0.88])
        return wgt * season[_months(days)] / 0.749

    def contacts_per_day(self, days: I64) -> F64:
        t = 1970 + days / YEAR
        growth = 1 + 0.018 * np.clip(t - 2015, -5, 15)
        covid = np.where((days >= _day(date(2020, 3, 23))) & (days <= _day(date(2020, 6, 30))), 0.8, 1.0)
        per_month = CONTACTS_PM * self.scale * self.ch.contacts * growth * covid * self.by_fy(days, self.year_volume)
        return per_month / 30.44 * self.day_weights(days)

    def conversion(self, days: I64) -> F64:
        """Share of contacts that become referrals: 26% around 2014, drifting to about 20%."""
        t = 1970 + days / YEAR
        base = np.clip(0.262 - 0.0105 * (t - 2014.5), 0.198, 0.265)
        return np.clip(base * self.ch.conversion + self.by_fy(days, self.year_conversion), 0.08, 0.5)

    def assessment_timeliness(self, days: I64) -> F64:
        return np.clip(0.865 + self.ch.assessment_timeliness + self.by_fy(days, self.year_timeliness), 0.6, 0.97)

    def dob_of(self, person: I64) -> I64:
        return self.persons.column("dob")[person]

    def new_persons(self, rng: Rng, dob: I64, unborn: Bool | None = None) -> I64:
        """Register children; unborn ones (dob after their first event) also get an expected dob."""
        dob = np.minimum(dob, self.w1)
        expected = np.where(unborn, dob, NULL) if unborn is not None else np.full(dob.size, NULL)
        sex = (rng.random(dob.size) < 0.51).astype(np.int64)
        return self.persons.add(dob=dob, expected=expected, sex=sex)


# ================================================================================================
# Journeys
# ================================================================================================


def _simulate(w: World) -> None:
    _stage_professionals(w)
    refs = _stage_general_referrals(w)
    _stage_contacts_and_early_help(w, *refs)
    _stage_child_protection(w)
    _stage_care_entrants(w)
    _stage_short_breaks(w)
    _stage_care_leavers(w)


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


# ---- the front door: contact, referral, assessment -------------------------------------------------


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


# ---- child protection chains ------------------------------------------------------------------------

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


# ---- periods of care --------------------------------------------------------------------------------


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


# ---- short breaks -----------------------------------------------------------------------------------


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


# ---- care leavers -----------------------------------------------------------------------------------


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


# ================================================================================================
# Finalisation: clip to the window, keep the relevant children, number the ids
# ================================================================================================


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
    raw = {t: w.store.concat(t) for t in TABLES if t != "ssd_person"}
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
    return {t: out[t] for t in TABLES}


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


# ================================================================================================
# Faults
# ================================================================================================


@dataclass
class _Faulted:
    cols: Cols
    bad: dict[str, np.ndarray]  # column -> unparseable date text per row ('' = none)


def _inject_faults(w: World, tables: dict[str, Cols], rate: float, faults: dict[str, int]) -> dict[str, Cols]:
    """Realistic faults in a small share of rows; returns tables whose bad dates ride in `_bad:` keys."""
    rng = w.rng("faults")
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


# ================================================================================================
# Writing
# ================================================================================================


def _id_strings(prefix: str, numbers: I64) -> pa.Array:
    arr = pa.array(numbers, mask=numbers < 0, type=pa.int64()).cast(pa.string())
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.utf8_lpad(arr, width=6, padding="0"), "")


def _to_arrow(t: str, cols: Cols) -> pa.Table:
    arrays = []
    for c in TABLES[t].columns:
        kind, v = _KINDS[t][c], cols[c]
        if kind == "self":
            arr = _id_strings(ID_PREFIX[t], v)
        elif kind.startswith("ref:"):
            arr = _id_strings(ID_PREFIX[kind[4:]], v)
        elif kind == "date":
            arr = pa.array(v.astype(np.int32), mask=v == NULL, type=pa.int32()).cast(pa.date32()).cast(pa.string())
        else:
            v = v.astype(str)
            arr = pa.array(v, mask=v == "", type=pa.string())
        bad = cols.get(f"_bad:{c}")
        if bad is not None and (bad != "").any():
            mask = bad != ""
            arr = pc.replace_with_mask(arr, pa.array(mask), pa.array(bad[mask], type=pa.string()))
        arrays.append(arr)
    return pa.table(arrays, names=list(TABLES[t].columns))


#: DuckDB threads for writing files (None: DuckDB's default); worker processes use one each
_WRITER_THREADS: int | None = None


def _write(la_dir: Path, tables: dict[str, Cols], fmt: str) -> dict[str, int]:
    la_dir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    con = duckdb.connect(config={"threads": _WRITER_THREADS} if _WRITER_THREADS else {})
    try:
        for t, cols in tables.items():
            table = _to_arrow(t, cols)
            path = la_dir / f"{t}.{fmt}"
            if fmt == "csv":
                con.register("ssd_out", table)
                con.execute(f"COPY ssd_out TO '{str(path).replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')")
                con.unregister("ssd_out")
            else:
                pq.write_table(table, path)
            rows[t] = table.num_rows
    finally:
        con.close()
    return rows

"""Constants of the synthetic SSD: volumes, code lists, histories, ids (Peterborough is the anchor)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

#: Day number (days since 1970-01-01) standing for a null date.
NULL = -1_000_000
EPOCH = date(1970, 1, 1)
YEAR = 365.25

#: first financial year with its own random noise (earlier years share it)
FIRST_FY = 1980

#: The calibration anchor: volumes below are Peterborough's, for a population of 49,000 children.
REFERENCE_LA = "874"
REFERENCE_POPULATION = 49_000

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
POPULATION_SEED = PROJECT_DIR / "seeds" / "population.csv"
BANK_HOLIDAY_SEED = PROJECT_DIR / "seeds" / "bank_holidays.csv"
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
    "ssd_involvements": "INV", "ssd_disability": "D", "ssd_cla_reviews": "CLAR", "ssd_cp_reviews": "CPR",
    "ssd_immigration_status": "IMM",
}
#: tables simulated after the others are final, each from its own random streams (stages/casework.py),
#: so that adding them changed no byte of the other tables' files
CASEWORK_TABLES = ("ssd_involvements", "ssd_disability", "ssd_cla_reviews", "ssd_cp_reviews", "ssd_immigration_status")
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
    ("_professional_id", "ssd_professionals"),
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

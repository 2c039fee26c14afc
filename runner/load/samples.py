"""Synthetic statutory returns of any size, for benchmarks and tests of the loaders.

`write_cin_census` streams a well-formed CIN census XML file (Message/Header/Children/Child) with
`children` children to disk, line by line, so a national-size file (about 700,000 children, the
size of England's CIN census) is written in bounded memory. The records are random but plausible:
every child has one to three CIN episodes, most with an assessment, some with a CIN plan, a
section 47 enquiry, an initial conference and a child protection plan with its reviews (the first
about three months after the plan starts, then about every six months, a few late), and about
a third of the children have disability codes (NONE for most of them). Deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "MOTH", "AIND", "APKN", "BAFR", "BCRB", "OOTH", "NOBT")
SOURCES = ("1A", "1B", "2A", "2B", "3A", "3B", "5A", "5D", "6", "8", "9", "10")
NEEDS = ("N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")
CLOSURES = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
ABUSE = ("NEG", "NEG", "EMO", "EMO", "PHY", "SAB", "MUL")
DISABILITIES = ("LD", "AUT", "COMM", "BEH", "CON", "MOB", "HAND", "PC", "INC", "HEAR", "VIS", "DDA")


def write_cin_census(path: Path, children: int, *, la_code: str = "874", year: int = 2024, seed: int = 1) -> int:
    """Write a CIN census file for collection `year` (ending 31 March); returns the number of CINdetails.

    Files for 2025 and later carry <Sex> (M/F/U); earlier ones <GenderCurrent> (1/2/0/9).
    """
    rng = random.Random(seed)
    year_end = date(year, 3, 31)
    year_start = date(year - 1, 4, 1)
    n_details = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as out:
        w = out.write
        w('<?xml version="1.0" encoding="utf-8"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n')
        w(f"      <Collection>CIN</Collection>\n      <Year>{year}</Year>\n")
        w(f"      <ReferenceDate>{year_end.isoformat()}</ReferenceDate>\n    </CollectionDetails>\n")
        w(f"    <Source>\n      <SourceLevel>L</SourceLevel>\n      <LEA>{la_code}</LEA>\n")
        w("      <SoftwareCode>runner.load.samples</SoftwareCode>\n      <Release>1</Release>\n")
        w("      <SerialNo>1</SerialNo>\n      <DateTime>2024-05-01T09:00:00</DateTime>\n    </Source>\n  </Header>\n")
        w("  <Children>\n")
        for number in range(1, children + 1):
            age_days = rng.randrange(0, 18 * 365)
            dob = year_end - timedelta(days=age_days)
            lines = ["    <Child>", "      <ChildIdentifiers>", f"        <LAchildID>C{number:08d}</LAchildID>"]
            if age_days > 5 * 365:
                lines.append(f"        <UPN>A{rng.randrange(10**11, 10**12)}X</UPN>")
            else:
                lines.append("        <UPNunknown>UN1</UPNunknown>")
            lines.append(f"        <PersonBirthDate>{dob.isoformat()}</PersonBirthDate>")
            if year >= 2025:
                lines.append(f"        <Sex>{rng.choice('MMFFFU' if rng.random() < 0.02 else 'MF')}</Sex>")
            else:
                gender = rng.choice("12") if rng.random() > 0.02 else "0"
                lines.append(f"        <GenderCurrent>{gender}</GenderCurrent>")
            lines += ["      </ChildIdentifiers>", "      <ChildCharacteristics>",
                      f"        <Ethnicity>{rng.choice(ETHNICITIES)}</Ethnicity>"]
            recorded = rng.random()
            if recorded < 0.35:
                codes = ["NONE"] if recorded < 0.28 else rng.sample(DISABILITIES, rng.choice((1, 1, 2, 3)))
                lines += ["        <Disabilities>", *(f"          <Disability>{c}</Disability>" for c in codes),
                          "        </Disabilities>"]
            lines.append("      </ChildCharacteristics>")
            referral = max(dob, year_start - timedelta(days=rng.randrange(0, 3 * 365)))
            for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                n_details += 1
                referral, block = _cin_details(rng, referral, year_end)
                lines += block
                referral += timedelta(days=rng.randrange(30, 400))
                if referral > year_end:
                    break
            lines.append("    </Child>")
            w("\n".join(lines))
            w("\n")
        w("  </Children>\n</Message>\n")
    return n_details


def _cin_details(rng: random.Random, referral: date, year_end: date) -> tuple[date, list[str]]:
    """One CINdetails block starting at `referral`; returns the date its episode closed (or the year end)."""
    def d(day: date) -> str:
        return day.isoformat()

    lines = ["      <CINdetails>", f"        <CINreferralDate>{d(referral)}</CINreferralDate>",
             f"        <ReferralSource>{rng.choice(SOURCES)}</ReferralSource>",
             f"        <PrimaryNeedCode>{rng.choice(NEEDS)}</PrimaryNeedCode>"]
    close = referral + timedelta(days=rng.randrange(10, 500))
    closed = close <= year_end
    if closed:
        lines += [f"        <CINclosureDate>{d(close)}</CINclosureDate>",
                  f"        <ReasonForClosure>{rng.choice(CLOSURES)}</ReasonForClosure>"]
    nfa = rng.random() < 0.08
    if not nfa:
        start = referral + timedelta(days=rng.randrange(0, 10))
        auth = start + timedelta(days=rng.randrange(5, 60))
        lines += ["        <Assessments>",
                  f"          <AssessmentActualStartDate>{d(start)}</AssessmentActualStartDate>"]
        if auth <= year_end:
            lines.append(f"          <AssessmentAuthorisationDate>{d(auth)}</AssessmentAuthorisationDate>")
        lines += ["          <FactorsIdentifiedAtAssessment>",
                  f"            <AssessmentFactors>{rng.choice(('1C', '2B', '3A', '4B', '21'))}</AssessmentFactors>",
                  "          </FactorsIdentifiedAtAssessment>", "        </Assessments>"]
        if rng.random() < 0.35 and auth <= year_end:
            end = auth + timedelta(days=rng.randrange(30, 300))
            lines += ["        <CINPlanDates>", f"          <CINPlanStartDate>{d(auth)}</CINPlanStartDate>"]
            if end <= year_end:
                lines.append(f"          <CINPlanEndDate>{d(end)}</CINPlanEndDate>")
            lines.append("        </CINPlanDates>")
        if rng.random() < 0.25:
            s47 = start + timedelta(days=rng.randrange(0, 5))
            icpc = s47 + timedelta(days=rng.randrange(5, 25))
            lines += ["        <Section47>", f"          <S47ActualStartDate>{d(s47)}</S47ActualStartDate>",
                      f"          <InitialCPCtarget>{d(s47 + timedelta(days=21))}</InitialCPCtarget>"]
            conference = rng.random() < 0.6 and icpc <= year_end
            if conference:
                lines.append(f"          <DateOfInitialCPC>{d(icpc)}</DateOfInitialCPC>")
            lines += [f"          <ICPCnotRequired>{'false' if conference else 'true'}</ICPCnotRequired>",
                      "        </Section47>"]
            if conference and rng.random() < 0.75:
                end = icpc + timedelta(days=rng.randrange(90, 800))
                category = rng.choice(ABUSE)
                lines += ["        <ChildProtectionPlans>", f"          <CPPstartDate>{d(icpc)}</CPPstartDate>"]
                if end <= year_end:
                    lines.append(f"          <CPPendDate>{d(end)}</CPPendDate>")
                lines += [f"          <InitialCategoryOfAbuse>{category}</InitialCategoryOfAbuse>",
                          f"          <LatestCategoryOfAbuse>{category}</LatestCategoryOfAbuse>",
                          f"          <NumberOfPreviousCPP>{rng.choice((0, 0, 0, 1, 2))}</NumberOfPreviousCPP>"]
                review = icpc + timedelta(days=rng.randrange(60, 89) if rng.random() < 0.92 else rng.randrange(95, 130))
                while review <= min(end, year_end):
                    lines += ["          <Reviews>", f"            <CPPreviewDate>{d(review)}</CPPreviewDate>",
                              "          </Reviews>"]
                    late = rng.random() >= 0.94
                    review += timedelta(days=rng.randrange(190, 240) if late else rng.randrange(150, 180))
                lines.append("        </ChildProtectionPlans>")
    lines += [f"        <ReferralNFA>{'true' if nfa else 'false'}</ReferralNFA>", "      </CINdetails>"]
    return (close if closed else year_end), lines

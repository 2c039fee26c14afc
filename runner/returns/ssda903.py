"""`runner returns ssda903`: the SSDA903 looked-after children return (its CSV files) from the warehouse.

The rows come from the dbt models in models/marts/returns/ssda903 (one per file, each with a
collection_year column); this module only picks the authority and year and writes each file with
the DfE's column names, in their order, dates as dd/mm/yyyy, into --out:

    header.csv  episodes.csv  reviews.csv  uasc.csv  oc2.csv  oc3.csv  ad1.csv
    placed_for_adoption.csv  previous_permanence.csv  missing.csv  social_worker_episodes.csv

A file whose SSD source table the authority did not supply (reviews without ssd_cla_reviews, UASC
without ssd_immigration_status, social worker episodes without ssd_involvements, OC3 without
ssd_care_leavers, ...) is not written: an empty file would tell the DfE "none", which is not known.
The DfE rules that need it are then reported as not run (runner validate). A file of ours left in
--out by an earlier run that is not written now is removed, so a folder never mixes two runs.

`runner load ssda903` reads the folder back into the same SSD rows (tests/test_returns_roundtrip.py).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from runner.atomic import files_into
from runner.export import inside
from runner.returns.common import (
    Written,
    collection,
    connect,
    dmy,
    out_folder,
    require,
    rows,
    supplied_tables,
)

KIND = "SSDA903"
#: SEX is M, F or U from the 2024-25 collection (year 2025); before it 1 (male) or 2 (female)
SEX_CODES_FROM = 2025
OLD_SEX_CODES = {"M": "1", "F": "2"}

#: file -> (model, the DfE's columns in order, the SSD tables it needs, order of rows)
FILES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str]] = {
    "header": ("ret_ssda903__header", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
               ("ssd_person",), "child"),
    "episodes": ("ret_ssda903__episodes", ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                                           "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
                 ("ssd_cla_episodes",), "child, decom, cla_episode_id"),
    "reviews": ("ret_ssda903__reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
                ("ssd_cla_reviews",), "child, review, review_code"),
    "uasc": ("ret_ssda903__uasc", ("CHILD", "SEX", "DOB", "DUC"), ("ssd_immigration_status",), "child"),
    "oc2": ("ret_ssda903__oc2", ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                                 "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                                 "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"),
            ("ssd_cla_episodes",), "child"),
    "oc3": ("ret_ssda903__oc3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), ("ssd_care_leavers",), "child"),
    "ad1": ("ret_ssda903__ad1", ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
                                 "LS_ADOPTR"), ("ssd_cla_episodes",), "child"),
    "placed_for_adoption": ("ret_ssda903__placed_for_adoption", ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                                                  "REASON_PLACED_CEASED"),
                            ("ssd_permanence",), "child, date_placed, permanence_id"),
    "previous_permanence": ("ret_ssda903__previous_permanence", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
                            ("ssd_cla_episodes",), "child"),
    "missing": ("ret_ssda903__missing", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), ("ssd_missing",),
                "child, mis_start, missing_id"),
    "social_worker_episodes": ("ret_ssda903__social_worker_episodes", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC",
                                                                       "SW_REASON"),
                               ("ssd_involvements",), "child, sw_decom, involvement_id"),
}


def write_ssda903(warehouse: Path, out_dir: Path, year: int | None = None, la_code: str | None = None) -> Written:
    """Write the return's CSV files for one authority and collection year into `out_dir`."""
    con = connect(warehouse)
    try:
        require(con, warehouse, *(model for model, *_ in FILES.values()))
        c = collection(con, warehouse, year, la_code)
        supplied = supplied_tables(con, c.la_code)
        data = {name: rows(con, model, c, order) for name, (model, _, needs, order) in FILES.items()
                if all(t in supplied for t in needs)}
    finally:
        con.close()
    folder = out_folder(out_dir)
    written, notes = [], []
    with files_into(folder) as staging:  # every file of the return is written, then moved in together
        for name, (_, columns, needs, _) in FILES.items():
            path = inside(folder, f"{name}.csv")
            if name not in data:
                lacking = ", ".join(t for t in needs if t not in supplied)
                notes.append(f"{name}.csv not written: the authority supplied no {lacking}")
                if path.exists():
                    path.unlink()
                    notes.append(f"removed {path.name} left by an earlier run")
                continue
            with (staging / path.name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(columns)
                for row in data[name]:
                    if "sex" in row and c.year < SEX_CODES_FROM:
                        row["sex"] = OLD_SEX_CODES.get(row["sex"])
                    writer.writerow([_cell(row.get(column.lower())) for column in columns])
            written.append(path)
    if not c.is_complete:
        notes.insert(0, f"collection year {c.year} is not complete in the warehouse (its data end {c.as_at_date})")
    return Written(KIND, c, written, {f"{name}.csv": len(r) for name, r in data.items()}, notes)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return dmy(value)
    return str(value)

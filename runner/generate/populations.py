"""Children aged 0-17 by authority, calibrated so that the reference authority keeps its volumes."""

from __future__ import annotations

import duckdb

from .constants import POPULATION_REFERENCE, POPULATION_SEED, REFERENCE_LA, REFERENCE_POPULATION


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

"""The reference seeds: reproducible from the shared data and holding the published facts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from runner import reference

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
SEED_NAMES = ("bank_holidays", "population", "la_lookup")


def _read(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, reference.BuildSummary]:
    out = tmp_path_factory.mktemp("seeds")
    return out, reference.build_all(reference.DEFAULT_SHARED_DIR, out)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_rebuild_is_byte_identical_to_checked_in_seed(rebuilt: tuple[Path, reference.BuildSummary], name: str) -> None:
    out, _ = rebuilt
    fresh = (out / f"{name}.csv").read_bytes()
    assert fresh == (SEEDS_DIR / f"{name}.csv").read_bytes(), (
        f"seeds/{name}.csv is stale: run `python -m runner.reference`"
    )
    assert b"\r" not in fresh
    assert not fresh.startswith(b"\xef\xbb\xbf")


def test_rebuild_reports_dropped_population_rows(rebuilt: tuple[Path, reference.BuildSummary]) -> None:
    _, summary = rebuilt
    # Bournemouth, Poole and old Dorset are `x` for mid-2012 to mid-2018
    assert summary.population_dropped == 21
    assert {value for *_, value in summary.population_dropped_examples} == {"x"}


def test_bank_holidays() -> None:
    rows = _read("bank_holidays")
    dates = [r["holiday_date"] for r in rows]
    assert dates == sorted(set(dates))
    assert dates[0].startswith("2010-") and dates[-1].startswith("2035-")
    for day in ("2011-04-29", "2012-06-04", "2012-06-05", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"):
        assert day in dates, f"one-off bank holiday {day} missing"
    assert "2020-12-28" in dates  # Boxing Day substitute
    assert "2035-12-25" in dates
    assert "2022-09-20" not in dates  # an ordinary Tuesday
    assert all(r["holiday_name"] for r in rows)


def test_population_peterborough_and_england() -> None:
    rows = _read("population")
    peterborough = [r for r in rows if (r["geographic_level"], r["la_code"], r["mid_year"]) == ("la", "874", "2022")]
    assert len(peterborough) == 1
    assert peterborough[0]["area_code"] == "E06000031"
    assert 40_000 <= int(peterborough[0]["population"]) <= 60_000
    england = [r for r in rows if r["geographic_level"] == "national" and r["mid_year"] == "2022"]
    assert [(r["area_code"], int(r["population"])) for r in england] == [("E92000001", 11_901_267)]


def test_population_shape() -> None:
    rows = _read("population")
    assert {r["geographic_level"] for r in rows} == {"national", "regional", "la"}
    assert all(r["population"].isdigit() for r in rows)
    keys = [(r["area_code"], r["mid_year"]) for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        if r["geographic_level"] == "la":
            assert len(r["la_code"]) == 3 and r["la_code"].isdigit()
        else:
            assert r["la_code"] == ""


def test_la_lookup() -> None:
    rows = _read("la_lookup")
    by_code = {r["la_code"]: r for r in rows}
    assert len(by_code) == len(rows) == 153
    assert by_code["874"]["area_code"] == "E06000031"
    assert by_code["874"]["la_name"] == "Peterborough"
    assert by_code["874"]["region_name"] == "East of England"
    assert all(len(code) == 3 and code.isdigit() for code in by_code)
    assert [r["la_code"] for r in rows] == sorted(by_code)


def test_la_code_padding() -> None:
    assert reference._la_code("874") == "874"
    assert reference._la_code("874.0") == "874"
    assert reference._la_code("42") == "042"
    with pytest.raises(ValueError):
        reference._la_code("E06000031")

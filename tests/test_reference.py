"""The reference seeds: reproducible from the shared data and holding the published facts."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import duckdb
import pytest

from runner import reference
from tests.conftest import FIXTURES, runner

SEEDS_DIR = Path(__file__).resolve().parents[1] / "seeds"
SEED_NAMES = ("bank_holidays", "population", "la_lookup", "benchmark_measures", "benchmarks", "statistical_neighbours")


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
    assert dates[0].startswith("1980-") and dates[-1].startswith("2050-")
    one_offs = ("1995-05-08", "1999-12-31", "2002-06-03", "2002-06-04", "2011-04-29", "2012-06-04", "2012-06-05",
                "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08")
    for day in one_offs:
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


# --------------------------------------------------------------------------------------------------
# benchmarks


def _benchmark(measure_id: str, year: int, area_code: str) -> dict[str, str]:
    rows = [
        r for r in _read("benchmarks")
        if (r["measure_id"], r["year"], r["area_code"]) == (measure_id, str(year), area_code)
    ]
    assert len(rows) == 1, (measure_id, year, area_code, rows)
    return rows[0]


@pytest.fixture(scope="module")
def benchmarks() -> list[dict[str, str]]:
    return _read("benchmarks")


@pytest.fixture(scope="module")
def neighbours() -> list[dict[str, str]]:
    return _read("statistical_neighbours")


@pytest.mark.parametrize(
    ("measure_id", "year", "area_code", "value"),
    [
        # C1: England re-referrals 2025; Peterborough 2025 and 2013
        ("c1_rereferral_percent", 2025, "E92000001", "22.6"),
        ("c1_rereferral_percent", 2025, "E06000031", "19.8"),
        ("c1_rereferral_percent", 2013, "E06000031", "33.5"),
        ("c1_referral_count", 2025, "E92000001", "632830"),
        # D3 Peterborough 2024: 93 of 412 plans were second or subsequent
        ("d3_cpp_subsequent_percent", 2024, "E06000031", "22.6"),
        # CLA at 31 March per 10,000: Peterborough 72 (2025), 74 (2023); England 67 (2025)
        ("cla_rate_per_10000_at31march", 2025, "E06000031", "72"),
        ("cla_rate_per_10000_at31march", 2023, "E06000031", "74"),
        ("cla_rate_per_10000_at31march", 2025, "E92000001", "67"),
        ("cla_stability_long_term_percent", 2025, "E06000031", "64"),
        # LAIT: referrals per 10,000 England 2023 (640,430 referrals over mid-2022 11,901,267)
        ("lait_CPP_Total_Rateper10000", 2023, "E92000001", "538.1"),
        ("lait_CP_conf_15days", 2025, "E06000031", "86.3"),
        # LAIT's float noise is removed: 96.600000000000009 in the source
        ("lait_CP_conf_15days", 2018, "E06000031", "96.6"),
        # LAIT's 2025 workforce figure (30 September 2025, 18.399999999999999) is the year ending March 2026
        ("lait_Work_Force_Agecy_Rate", 2026, "E06000031", "18.4"),
        ("lait_Work_Force_Agecy_Rate", 2025, "E06000031", "35"),
        # Inner London, as LAIT publishes it (987 "London (Inner)")
        ("lait_CPP_rate", 2025, "E13000001", "35.2"),
    ],
)
def test_known_published_figures(measure_id: str, year: int, area_code: str, value: str) -> None:
    row = _benchmark(measure_id, year, area_code)
    assert (row["value"], row["status"], row["status_reason"]) == (value, "", "")


def test_suppressed_values_are_null_with_their_marker() -> None:
    # D5: Peterborough's plans open two years or more at 31 March 2025 are suppressed
    row = _benchmark("d5_2_years_or_more_percent", 2025, "E06000031")
    assert (row["value"], row["status"], row["status_reason"]) == ("", "c", "suppressed (c)")
    # C1: Hampshire 2024 is low reliability (u); Norfolk 2013 not available (x)
    assert _benchmark("c1_rereferral_percent", 2024, "E10000014")["status"] == "u"
    assert _benchmark("c1_rereferral_percent", 2013, "E10000020")["status"] == "x"
    # LAIT's '-' says nothing of why
    row = _benchmark("lait_CPPlans2yrs", 2025, "E06000031")
    assert (row["value"], row["status"]) == ("", "missing")
    assert "LAIT shows '-'" in row["status_reason"]


def test_benchmark_rows_are_consistent(benchmarks: list[dict[str, str]]) -> None:
    measures = {r["measure_id"]: r for r in _read("benchmark_measures")}
    allowed = {"", "c", "x", "z", "u", "k", "missing"}
    for r in benchmarks:
        assert r["indicator_id"] == measures[r["measure_id"]]["indicator_id"]
        assert r["source_file"] == measures[r["measure_id"]]["source_file"]
        assert r["status"] in allowed
        assert (r["value"] == "") == (r["status"] != "") == (r["status_reason"] != "")
        if r["value"]:
            float(r["value"])
            assert len(r["value"].partition(".")[2]) <= 2 or r["measure_id"].startswith("lait_Work_Force")
        assert (r["geographic_level"] == "la") == (r["la_code"] != "")
        assert r["area_code"]
    keys = [(r["measure_id"], r["year"], r["area_code"]) for r in benchmarks]
    assert len(keys) == len(set(keys))
    ordered = [(r["measure_id"], int(r["year"])) for r in benchmarks]
    assert ordered == sorted(ordered)


def test_every_measure_has_england_and_inner_and_outer_london_each_year(benchmarks: list[dict[str, str]]) -> None:
    areas: dict[tuple[str, str], set[str]] = {}
    for r in benchmarks:
        areas.setdefault((r["measure_id"], r["year"]), set()).add(r["area_code"])
    for (measure_id, year), codes in areas.items():
        assert {"E92000001", "E13000001", "E13000002", "E12000006"} <= codes, (measure_id, year)


def test_no_unusable_lait_england_first_time_entrants() -> None:
    measure = reference.BenchmarkMeasure(
        "lait_FirstYJS", "rereferral_pct", "percent", reference.LAIT_FILE, "FirstYJS", "test only"
    )
    rows = reference.build_benchmarks(measures=[measure])
    assert rows and not [r for r in rows if r["geographic_level"] == "national"]
    assert not [r for r in _read("benchmarks") if "FirstYJS" in r["measure_id"]]


def test_lait_and_the_dfe_tables_agree_where_both_publish(rebuilt: tuple[Path, reference.BuildSummary]) -> None:
    _, summary = rebuilt
    assert summary.benchmark_differences == []
    assert summary.benchmark_statuses["c"] > 0 and summary.benchmark_statuses["missing"] > 0


def test_benchmark_measures_cover_the_indicators() -> None:
    measures = _read("benchmark_measures")
    catalogue = {r["indicator_id"]: r for r in _read("indicator_catalogue")}
    preferred = [r["indicator_id"] for r in measures if r["is_preferred"] == "true"]
    assert len(preferred) == len(set(preferred))
    assert {r["is_preferred"] for r in measures} == {"true", "false"}
    for r in measures:
        assert r["unit"] == catalogue[r["indicator_id"]]["unit"], r["measure_id"]
        assert r["basis_note"] and r["source_column_or_item"]
    required = {
        "referral_rate", "rereferral_pct", "assessment_45wd_pct", "s47_rate", "icpc_15wd_pct", "cp_rate",
        "cp_repeat_pct", "cp_open_2y_plus_pct", "cp_ended_2y_plus_pct", "cla_rate", "cla_3plus_placements_pct",
        "cla_long_term_stability_pct", "cla_health_pct", "cla_dental_pct", "care_leavers_accom_pct",
        "care_leavers_eet_pct", "agency_sw_pct", "cla_missing_pct", "cin_rate", "referral_nfa_pct", "adoptions",
        "sw_caseload_avg",
    }
    assert required <= set(preferred)
    by_id = {r["measure_id"]: r for r in measures}
    assert by_id["c1_rereferral_percent"]["indicator_id"] == "rereferral_pct"
    assert by_id["lait_CP_conf_15days"]["source_column_or_item"] == "CP_conf_15days"
    assert by_id["lait_LAC"]["is_preferred"] == "false"


def test_check_measures_refuses_two_preferred_measures_for_one_indicator() -> None:
    doubled = (*reference.BENCHMARK_MEASURES, reference.BenchmarkMeasure(
        "lait_ReReferral", "rereferral_pct", "percent", reference.LAIT_FILE, "ReReferral", "test only"
    ))
    with pytest.raises(ValueError, match="exactly one preferred"):
        reference.check_measures(doubled, reference.read_catalogue())
    wrong_unit = (reference.BenchmarkMeasure("x", "cla_rate", "percent", reference.LAIT_FILE, "LAC", "test"),)
    with pytest.raises(ValueError, match="unit"):
        reference.check_measures(wrong_unit, reference.read_catalogue())


@pytest.mark.parametrize(
    ("text", "lait", "expected"),
    [
        ("22.6", False, ("22.6", "", "")),
        ("100", False, ("100", "", "")),
        ("0", False, ("0", "", "")),
        ("51.300000000000004", True, ("51.3", "", "")),
        ("580.30700000000002", True, ("580.307", "", "")),
        ("c", False, ("", "c", "suppressed (c)")),
        ("z", False, ("", "z", "not applicable (z)")),
        ("k", False, ("", "k", "rounds to zero (k)")),
        ("-", True, ("", "missing", reference.LAIT_MISSING_REASON)),
        ("", False, ("", "missing", reference.BLANK_REASON)),
    ],
)
def test_benchmark_value(text: str, lait: bool, expected: tuple[str, str, str]) -> None:
    assert reference._benchmark_value(text, lait=lait) == expected


@pytest.mark.parametrize(
    ("text", "lait"), [("-", False), ("c", True), ("1,234", False), ("n/a", True), ("1.2345678", False)]
)
def test_benchmark_value_refuses_the_unexpected(text: str, lait: bool) -> None:
    with pytest.raises(ValueError):
        reference._benchmark_value(text, lait=lait)


def test_lait_year() -> None:
    assert reference._lait_year("2023") == 2023
    assert reference._lait_year("2016-17 (OT)") == 2017
    for bad in ("2016-18 (OT)", "2016/17", "FY2023"):
        with pytest.raises(ValueError):
            reference._lait_year(bad)


def test_ees_reader_refuses_an_unknown_marker(tmp_path: Path) -> None:
    source = reference.DEFAULT_SHARED_DIR / reference.DFE_DIR / reference.C1_FILE
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",22.6,", ",n/a,", 1)
    bad = tmp_path / reference.C1_FILE
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    measure = next(m for m in reference.BENCHMARK_MEASURES if m.measure_id == "c1_rereferral_percent")
    with pytest.raises(ValueError, match="line 2"):
        reference._ees_rows(bad, [measure])


# --------------------------------------------------------------------------------------------------
# statistical neighbours


def test_peterborough_neighbours(neighbours: list[dict[str, str]]) -> None:
    def listed(model: str) -> list[tuple[str, str]]:
        rows = [r for r in neighbours if (r["model"], r["la_code"]) == (model, "874")]
        assert [r["rank"] for r in rows] == [str(i) for i in range(1, 11)]
        return [(r["neighbour_la_code"], r["closeness"]) for r in rows]

    # 2021: Derby, Telford and Wrekin, Medway; 2025: Coventry, Derby, Enfield ("Close " trimmed)
    assert listed("2021")[:3] == [("831", "Very Close"), ("894", "Very Close"), ("887", "Very Close")]
    assert listed("2025")[:3] == [("331", "Very close"), ("831", "Very close"), ("312", "Close")]


def test_neighbour_models_shape(
    neighbours: list[dict[str, str]], rebuilt: tuple[Path, reference.BuildSummary]
) -> None:
    las = {m: {r["la_code"] for r in neighbours if r["model"] == m} for m in ("2021", "2025")}
    assert len(las["2021"]) == 152 and len(las["2025"]) == 153
    assert len(neighbours) == 10 * (152 + 153)
    current = {r["la_code"] for r in _read("la_lookup")}
    assert las["2025"] == current
    assert current - las["2021"] == {"942", "943"}  # Cumberland, Westmorland and Furness: after 2021
    assert las["2021"] - current == {"909"}  # Cumbria
    _, summary = rebuilt
    assert summary.neighbours_old_block == ["835", "836", "837", "928"]
    assert summary.neighbours_missing == {"2021": ["942", "943"], "2025": []}
    assert all(r["closeness"] == r["closeness"].strip() != "" for r in neighbours)


def test_neighbour_reader_refuses_a_bad_list(tmp_path: Path) -> None:
    source = reference.DEFAULT_SHARED_DIR / reference.DFE_DIR / reference.SN_2025_FILE
    text = source.read_text(encoding="utf-8-sig")
    bad = tmp_path / "sn.csv"
    bad.write_text(text.replace("874,Peterborough,2,East of England,331,", "874,Peterborough,2,East of England,874,"))
    with pytest.raises(ValueError, match="874"):
        reference.read_statistical_neighbours_2025(bad)


# --------------------------------------------------------------------------------------------------
# int_benchmarks__joined_to_comparators, built by dbt from the seeds


@pytest.fixture(scope="module")
def benchmark_values(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    warehouse = tmp_path_factory.mktemp("benchmarks") / "b.duckdb"
    built = runner(
        "build", "--data-dir", FIXTURES / "front_door", "--as-at", "2024-04-30", "--warehouse", warehouse,
        "--select", "+int_benchmarks__joined_to_comparators", "indicator_catalogue", "population",
        "--indirect-selection", "cautious",
        "--unit-tests",  # the model's unit tests run too (a production build leaves them out)
    )
    assert built.returncode == 0, built.output
    assert "int_benchmarks__joined_to_comparators_sn_mean_skips_unpublished_neighbours" in built.output
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def _by_hand(benchmarks: list[dict[str, str]], neighbours: list[dict[str, str]], measure_id: str, year: int):
    """(mean, count) of 874's 2021 neighbours' published values, from the seed rows."""
    listed = {r["neighbour_la_code"] for r in neighbours if (r["model"], r["la_code"]) == ("2021", "874")}
    values = [
        float(r["value"]) for r in benchmarks
        if r["measure_id"] == measure_id and r["year"] == str(year) and r["la_code"] in listed and r["value"]
    ]
    return statistics.fmean(values), len(values)


@pytest.mark.parametrize(
    ("indicator_id", "measure_id", "year"),
    [
        ("rereferral_pct", "c1_rereferral_percent", 2025),
        # plans open two years or more: several of 874's neighbours are suppressed (c) in 2025
        ("cp_open_2y_plus_pct", "d5_2_years_or_more_percent", 2025),
        ("cla_rate", "cla_rate_per_10000_at31march", 2024),
    ],
)
def test_peterborough_neighbour_average_is_the_mean_of_the_published_values(
    benchmark_values, benchmarks, neighbours, indicator_id: str, measure_id: str, year: int
) -> None:
    row = benchmark_values.execute(
        "select la_value, la_status, england_value, region_code, region_value, sn_value, sn_count, sn_model, "
        "measure_id from intermediate.int_benchmarks__joined_to_comparators "
        "where la_code = '874' and indicator_id = ? and year = ?",
        [indicator_id, year],
    ).fetchall()
    assert len(row) == 1
    la_value, la_status, england, region_code, region, sn_value, sn_count, sn_model, used = row[0]
    mean, count = _by_hand(benchmarks, neighbours, measure_id, year)
    assert (used, sn_model, sn_count) == (measure_id, "2021", count)
    assert sn_value == pytest.approx(mean, rel=1e-12)
    own = _benchmark(measure_id, year, "E06000031")
    assert (la_value, la_status) == ((float(own["value"]) if own["value"] else None), (own["status"] or None))
    assert england == float(_benchmark(measure_id, year, "E92000001")["value"])
    assert region_code == "E12000006"
    assert region == float(_benchmark(measure_id, year, "E12000006")["value"])


def test_suppressed_neighbours_are_skipped_in_the_data(benchmark_values, benchmarks, neighbours) -> None:
    _, count = _by_hand(benchmarks, neighbours, "d5_2_years_or_more_percent", 2025)
    assert 0 < count < 10


def test_benchmark_values_cover_every_current_la_and_preferred_measure(benchmark_values) -> None:
    las, measures = benchmark_values.execute(
        "select count(distinct la_code), count(distinct measure_id) "
        "from intermediate.int_benchmarks__joined_to_comparators"
    ).fetchone()
    preferred = [r for r in _read("benchmark_measures") if r["is_preferred"] == "true"]
    assert (las, measures) == (153, len(preferred))
    # London boroughs compare with Inner/Outer London
    region = benchmark_values.execute(
        "select region_code, region_value from intermediate.int_benchmarks__joined_to_comparators "
        "where la_code = '202' and indicator_id = 'cla_rate' and year = 2025"
    ).fetchone()
    assert region == ("E13000001", float(_benchmark("cla_rate_per_10000_at31march", 2025, "E13000001")["value"]))


# --------------------------------------------------------------------------------------------------
# rank and quartile band among all LAs (int_benchmarks__ranked), against LAIT's method done by hand


def _lait_by_hand(benchmarks: list[dict[str, str]], measure_id: str, year: int, polarity: str):
    """{la_code: (rank, band)} and the cut points, from the seed rows alone, as LAIT computes them:
    rank() with ties.method "min" over the published values (1 = best by polarity), and R's default
    quantile() (type 7, which is numpy's default 'linear' method) for the bands."""
    import numpy as np

    values = {
        r["la_code"]: float(r["value"]) for r in benchmarks
        if r["measure_id"] == measure_id and r["year"] == str(year) and r["geographic_level"] == "la" and r["value"]
    }
    q25, q50, q75 = np.percentile(list(values.values()), [25, 50, 75])
    names = "ABCD" if polarity == "low" else "DCBA"
    expected = {}
    for la_code, value in values.items():
        better = sum(1 for other in values.values() if (other < value if polarity == "low" else other > value))
        quarter = 0 if value <= q25 else 1 if value <= q50 else 2 if value <= q75 else 3
        expected[la_code] = (better + 1, names[quarter])
    return expected, (float(q25), float(q50), float(q75))


@pytest.mark.parametrize(
    ("indicator_id", "measure_id", "polarity"),
    [
        # low polarity, one decimal, with u and x markers in some years
        ("rereferral_pct", "c1_rereferral_percent", "low"),
        # high polarity, from LAIT
        ("assessment_45wd_pct", "lait_Continue_Assess_Comp", "high"),
        # whole numbers: many ties, and values on the cut points
        ("cla_3plus_placements_pct", "cla_stability_3plus_placements_percent", "low"),
    ],
)
@pytest.mark.parametrize("year", [2024, 2025])
def test_rank_and_band_are_lait_s_computed_by_hand(
    benchmark_values, benchmarks, indicator_id: str, measure_id: str, polarity: str, year: int
) -> None:
    catalogue = {r["indicator_id"]: r["polarity"] for r in _read("indicator_catalogue")}
    assert catalogue[indicator_id] == polarity
    expected, cut_points = _lait_by_hand(benchmarks, measure_id, year, polarity)
    rows = benchmark_values.execute(
        "select la_code, value, la_rank, la_rank_count, quartile_band, quartile_25, quartile_50, quartile_75 "
        "from intermediate.int_benchmarks__ranked where measure_id = ? and year = ?",
        [measure_id, year],
    ).fetchall()
    published = [r for r in rows if r[1] is not None]
    unpublished = [r for r in rows if r[1] is None]
    assert {r[0]: (r[2], r[4]) for r in published} == expected
    assert {r[3] for r in rows} == {len(expected)}
    assert all(r[2] is None and r[4] is None for r in unpublished)
    for row in rows:
        assert row[5:] == pytest.approx(cut_points, rel=1e-12)
    # the case the interval rule decides: some authority sits exactly on a cut point in these years
    if indicator_id == "cla_3plus_placements_pct":
        assert any(r[1] in cut_points for r in published)


def test_peterborough_rank_and_band_in_the_values(benchmark_values, benchmarks) -> None:
    expected, _ = _lait_by_hand(benchmarks, "c1_rereferral_percent", 2025, "low")
    row = benchmark_values.execute(
        "select la_rank, quartile_band, la_rank_count from intermediate.int_benchmarks__joined_to_comparators "
        "where la_code = '874' and indicator_id = 'rereferral_pct' and year = 2025"
    ).fetchone()
    assert row[:2] == expected["874"] and row[2] == len(expected)


def test_context_indicators_and_volumes_are_not_ranked(benchmark_values) -> None:
    ranked = dict(benchmark_values.execute(
        "select indicator_id, count(la_rank) from intermediate.int_benchmarks__ranked group by indicator_id"
    ).fetchall())
    catalogue = {r["indicator_id"]: r["polarity"] for r in _read("indicator_catalogue")}
    measures = _read("benchmark_measures")
    volumes = {r["indicator_id"] for r in measures if r["is_volume"] == "true" and r["is_preferred"] == "true"}
    assert volumes == {"referrals", "cp_starts", "cp_open", "cla_open", "cla_starts", "cla_ceased", "adoptions"}
    for indicator_id, count in ranked.items():
        assert (count > 0) == (catalogue[indicator_id] != "context" and indicator_id not in volumes), indicator_id


def test_the_catalogue_says_why_an_indicator_has_no_published_equivalent() -> None:
    preferred = {r["indicator_id"] for r in _read("benchmark_measures") if r["is_preferred"] == "true"}
    for row in _read("indicator_catalogue"):
        assert (row["indicator_id"] in preferred) != bool(row["no_published_equivalent"]), row["indicator_id"]
    reasons = {r["indicator_id"]: r["no_published_equivalent"] for r in _read("indicator_catalogue")}
    assert "not the complement" in reasons["care_leavers_in_touch_pct"]
    assert "not collected nationally" in reasons["early_help_starts"]

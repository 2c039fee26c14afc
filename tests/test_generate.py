"""The synthetic SSD generator: layout, determinism, integrity in clean mode, faults, and realistic levels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from runner.contract import TABLES
from runner.generate import FAULT_KINDS, GenerateResult, generate

AS_AT = "2025-03-31"
END = date(2026, 3, 31)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    """Peterborough (874) over the default six years, without faults."""
    return generate(tmp_path_factory.mktemp("clean"), la_codes=["874"], fault_rate=0)


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> GenerateResult:
    """874 over two years with the default fault rate."""
    return generate(tmp_path_factory.mktemp("faulty"), la_codes=["874"], years=2)


def _small(out: Path, **kwargs: object) -> GenerateResult:
    """A quick run: two years of a small authority."""
    options: dict = {"la_codes": ["874"], "years": 2, "populations": {"874": 8000}} | kwargs
    return generate(out, **options)


def _connect(la_dir: Path) -> duckdb.DuckDBPyConnection:
    """One table per SSD file of an LA folder, every column as text (as the project reads them)."""
    con = duckdb.connect()
    for t in TABLES:
        con.execute(f"create table {t} as select * from read_csv('{la_dir / (t + '.csv')}', all_varchar = true, "
                    "header = true)")
    return con


@pytest.fixture(scope="module")
def clean_db(clean: GenerateResult) -> duckdb.DuckDBPyConnection:
    return _connect(clean.out_dir / "874")


@pytest.fixture(scope="module")
def faulty_db(faulty: GenerateResult) -> duckdb.DuckDBPyConnection:
    return _connect(faulty.out_dir / "874")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> int | float:
    return con.execute(sql).fetchone()[0]  # type: ignore[index]


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---- layout and API ---------------------------------------------------------------------------------


def test_result_reports_the_window_authorities_and_rows_written(clean: GenerateResult) -> None:
    assert clean.la_codes == ["874"]
    assert (clean.start, clean.end) == (date(2020, 4, 1), END)
    assert set(clean.rows) == set(TABLES)
    for t, n in clean.rows.items():
        lines = (clean.out_dir / "874" / f"{t}.csv").read_text(encoding="utf-8").count("\n")
        assert lines == n + 1, t  # the header plus one line per row
    assert clean.rows["ssd_contacts"] > 50_000
    assert sum(clean.faults.values()) == 0


def test_every_table_file_has_exactly_the_contract_columns_in_order(clean: GenerateResult) -> None:
    for t, table in TABLES.items():
        header = (clean.out_dir / "874" / f"{t}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
        assert tuple(header.split(",")) == table.columns, t


def test_parquet_files_have_the_contract_columns_all_as_strings(tmp_path: Path) -> None:
    _small(tmp_path, fmt="parquet", fault_rate=0)
    for t, table in TABLES.items():
        schema = pq.read_schema(tmp_path / "874" / f"{t}.parquet")
        assert tuple(schema.names) == table.columns, t
        assert {str(f.type) for f in schema} == {"string"}, t


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    _small(tmp_path / "a")
    _small(tmp_path / "b")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_adding_an_authority_leaves_the_others_files_unchanged(tmp_path: Path) -> None:
    _small(tmp_path / "one")
    _small(tmp_path / "two", la_codes=["874", "201"], populations={"874": 8000, "201": 3000})
    assert _files(tmp_path / "one" / "874") == _files(tmp_path / "two" / "874")


def test_two_authorities_get_different_data(tmp_path: Path) -> None:
    _small(tmp_path, la_codes=["874", "919"], populations={"874": 8000, "919": 8000})
    for t in ("ssd_person", "ssd_cin_episodes", "ssd_cla_episodes"):
        assert (tmp_path / "874" / f"{t}.csv").read_bytes() != (tmp_path / "919" / f"{t}.csv").read_bytes(), t


def test_n_las_takes_the_first_codes_of_the_population_table(tmp_path: Path) -> None:
    result = generate(tmp_path, n_las=2, years=1)
    assert result.la_codes == sorted(result.la_codes)
    assert len(result.la_codes) == 2 and all(c.isdigit() and len(c) == 3 for c in result.la_codes)
    assert all((tmp_path / c / "ssd_person.csv").is_file() for c in result.la_codes)


# ---- integrity in clean mode ------------------------------------------------------------------------


def test_ids_are_unique_within_each_table_in_clean_mode(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    for t, table in TABLES.items():
        n, distinct = con.execute(f"select count(*), count(distinct {table.id_column}) from {t}").fetchone()
        assert n == distinct, t


def test_every_person_id_referenced_exists_in_ssd_person_in_clean_mode(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    for t, table in TABLES.items():
        col = table.person_column
        if col and t != "ssd_person":
            orphans = _one(con, f"select count(*) from {t} where {col} is null or {col} not in "
                                "(select pers_person_id from ssd_person)")
            assert orphans == 0, t


def test_links_between_tables_resolve_to_the_same_child(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    links = [  # (table, link column, its person column, target table, target id, target person column)
        ("ssd_cin_assessments", "cina_referral_id", "cina_person_id", "ssd_cin_episodes", "cine_referral_id",
         "cine_person_id"),
        ("ssd_s47_enquiry", "s47e_referral_id", "s47e_person_id", "ssd_cin_episodes", "cine_referral_id",
         "cine_person_id"),
        ("ssd_initial_cp_conference", "icpc_s47_enquiry_id", "icpc_person_id", "ssd_s47_enquiry",
         "s47e_s47_enquiry_id", "s47e_person_id"),
        ("ssd_cp_plans", "cppl_icpc_id", "cppl_person_id", "ssd_initial_cp_conference", "icpc_icpc_id",
         "icpc_person_id"),
        ("ssd_cp_visits", "cppv_cp_plan_id", "cppv_person_id", "ssd_cp_plans", "cppl_cp_plan_id", "cppl_person_id"),
        ("ssd_cla_episodes", "clae_cla_placement_id", "clae_person_id", "ssd_cla_placement", "clap_cla_placement_id",
         "clap_person_id"),
        ("ssd_cla_visits", "clav_cla_id", "clav_person_id", "ssd_cla_episodes", "clae_cla_id", "clae_person_id"),
        ("ssd_permanence", "perm_cla_id", "perm_person_id", "ssd_cla_episodes", "clae_cla_id", "clae_person_id"),
    ]
    for t, link, person, target, target_id, target_person in links:
        bad = _one(con, f"""select count(*) from {t} a where a.{link} is not null and not exists (select 1
                             from {target} b where b.{target_id} = a.{link} and b.{target_person} = a.{person})""")
        assert bad == 0, f"{t}.{link}"
    unlinked = _one(con, "select avg((cina_referral_id is null)::int) from ssd_cin_assessments")
    assert 0 < unlinked < 0.02  # a few assessments have no referral, as in real extracts


def test_no_end_date_is_before_its_start_in_clean_mode(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    for t, table in TABLES.items():
        for start, end in table.periods:
            assert _one(con, f"select count(*) from {t} where {end}::date < {start}::date") == 0, (t, end)


def test_nothing_is_dated_after_the_end_date_in_clean_mode(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    for t, table in TABLES.items():
        for c in table.dates:
            assert _one(con, f"select count(*) from {t} where {c}::date > date '{END}'") == 0, (t, c)


def test_required_values_are_present_and_dates_parse_in_clean_mode(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    for t, table in TABLES.items():
        for c in table.required:
            assert _one(con, f"select count(*) from {t} where {c} is null") == 0, (t, c)
        for c in table.dates:
            bad = _one(con, f"select count(*) from {t} where {c} is not null "
                            f"and try_strptime({c}, '%Y-%m-%d') is null")
            assert bad == 0, (t, c)



# ---- the casework tables (involvements, disability, reviews, immigration status) ---------------------


def test_casework_rows_point_at_rows_of_the_extract(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    unlinked = {
        "cla review without its period of care": """select count(*) from ssd_cla_reviews r where not exists
            (select 1 from ssd_cla_episodes e where e.clae_cla_id = r.clar_cla_id)""",
        "cla review before its period started": """select count(*) from ssd_cla_reviews r
            where r.clar_cla_review_date::date < (select min(e.clae_cla_episode_start_date::date)
                                                  from ssd_cla_episodes e where e.clae_cla_id = r.clar_cla_id)""",
        "cp review outside its plan": """select count(*) from ssd_cp_reviews r join ssd_cp_plans p
            on p.cppl_cp_plan_id = r.cppr_cp_plan_id where r.cppr_cp_review_date::date < p.cppl_cp_plan_start_date::date
            or r.cppr_cp_review_date::date >= coalesce(p.cppl_cp_plan_end_date::date, date '9999-12-31')""",
        "cp review without its plan": """select count(*) from ssd_cp_reviews r where not exists
            (select 1 from ssd_cp_plans p where p.cppl_cp_plan_id = r.cppr_cp_plan_id)""",
        "involvement of another child's referral": """select count(*) from ssd_involvements i where not exists
            (select 1 from ssd_cin_episodes c where c.cine_referral_id = i.invo_referral_id
             and c.cine_person_id = i.invo_person_id)""",
        "involvement of an unknown professional": """select count(*) from ssd_involvements i where not exists
            (select 1 from ssd_professionals p where p.prof_professional_id = i.invo_professional_id)""",
    }
    for what, sql in unlinked.items():
        assert _one(con, sql) == 0, what


def test_allocated_workers_and_teams_change_over_a_case(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    workers, teams = con.execute("""select avg((workers > 1)::int), avg((teams > 1)::int) from (
        select invo_referral_id, count(distinct invo_professional_id) workers,
            count(distinct invo_professional_team) teams
        from ssd_involvements where invo_professional_role_id is null group by 1)""").fetchone()
    assert 0.3 < workers < 0.95 and 0.3 < teams < 0.95
    # one allocated worker at a time: a referral's allocated involvements never overlap
    overlaps = _one(con, """select count(*) from ssd_involvements a join ssd_involvements b
        on a.invo_referral_id = b.invo_referral_id and a.invo_involvements_id < b.invo_involvements_id
        where a.invo_professional_role_id is null and b.invo_professional_role_id is null
          and a.invo_involvement_start_date::date < coalesce(b.invo_involvement_end_date::date, date '9999-12-31')
          and b.invo_involvement_start_date::date < coalesce(a.invo_involvement_end_date::date, date '9999-12-31')""")
    assert overlaps == 0
    assert _one(con, "select count(*) from ssd_involvements where invo_professional_role_id = 'FSW'") > 100


def test_most_reviews_are_in_time_some_late(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    # a CP plan's first review is due by start + 3 months
    late_cp = _one(con, """select avg((r.cppr_cp_review_date::date
                                       > p.cppl_cp_plan_start_date::date + interval 3 month)::int)
        from ssd_cp_reviews r join ssd_cp_plans p on p.cppl_cp_plan_id = r.cppr_cp_plan_id
        where r.cppr_cp_review_date = (select min(x.cppr_cp_review_date) from ssd_cp_reviews x
                                       where x.cppr_cp_plan_id = r.cppr_cp_plan_id)""")
    assert 0.02 < late_cp < 0.15
    # a later looked-after review is due by the previous one + 6 months
    late_cla = _one(con, """select avg((clar_cla_review_date::date > previous + interval 6 month)::int) from (
        select clar_cla_review_date, lag(clar_cla_review_date::date, 1) over (partition by clar_cla_id
            order by clar_cla_review_date) previous,
            row_number() over (partition by clar_cla_id order by clar_cla_review_date) k
        from ssd_cla_reviews) where k >= 3""")
    assert 0.02 < late_cla < 0.15


def test_disabled_children_at_a_plausible_rate(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    disabled = _one(con, """select avg((exists (select 1 from ssd_disability d
        where d.disa_person_id = c.cine_person_id and d.disa_disability_code <> 'NONE'))::int)
        from (select distinct cine_person_id from ssd_cin_episodes) c""")
    assert 0.05 < disabled < 0.2  # about one child in need in ten (CIN census)
    short_breaks_not_disabled = _one(con, """select count(distinct lega_person_id) from ssd_legal_status l
        where lega_legal_status in ('V3', 'V4') and not exists (select 1 from ssd_disability d
        where d.disa_person_id = l.lega_person_id and d.disa_disability_code <> 'NONE')""")
    assert short_breaks_not_disabled == 0


def test_a_few_unaccompanied_asylum_seeking_children(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    uasc = con.execute("""select count(distinct immi_person_id), count(distinct immi_person_id) filter (where not exists
        (select 1 from ssd_cla_episodes e where e.clae_person_id = immi_person_id))
        from ssd_immigration_status where lower(immi_immigration_status) like '%uasc%'
           or lower(immi_immigration_status) like '%unaccompanied%'""").fetchone()
    assert 5 <= uasc[0] <= 100 and uasc[1] == 0  # every UASC child was looked after


def test_a_childs_plans_and_care_episodes_do_not_overlap_in_clean_mode(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    for t, person, start, end in [
        ("ssd_cp_plans", "cppl_person_id", "cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
        ("ssd_cla_episodes", "clae_person_id", "clae_cla_episode_start_date", "clae_cla_episode_ceased_date"),
        ("ssd_cin_episodes", "cine_person_id", "cine_referral_date", "cine_close_date"),
    ]:
        key = TABLES[t].id_column
        overlaps = _one(con, f"""select count(*) from {t} a join {t} b on a.{person} = b.{person} and a.{key} < b.{key}
            where a.{start}::date < coalesce(b.{end}::date, date '9999-12-31')
              and b.{start}::date < coalesce(a.{end}::date, date '9999-12-31')""")
        assert overlaps == 0, t


def test_records_still_open_on_the_end_date_have_no_end_date(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    open_plans = _one(con, "select count(*) from ssd_cp_plans where cppl_cp_plan_end_date is null")
    open_care = _one(con, "select count(*) from ssd_cla_episodes where clae_cla_episode_ceased_date is null")
    history = _one(con, "select count(*) from ssd_cla_episodes where clae_entered_care_date::date < date '2015-04-01'")
    assert open_plans > 100 and open_care > 200
    assert history > 0  # periods of care that started years before the window are in the extract


# ---- faults -----------------------------------------------------------------------------------------


def test_default_mode_injects_every_kind_of_fault_and_counts_it(faulty: GenerateResult,
                                                                faulty_db: duckdb.DuckDBPyConnection) -> None:
    assert set(faulty.faults) == set(FAULT_KINDS)
    assert all(faulty.faults[k] > 0 for k in FAULT_KINDS), faulty.faults
    con = faulty_db
    duplicated = sum(_one(con, f"select count(*) - count(distinct {tb.id_column}) from {t}")
                     for t, tb in TABLES.items())
    assert duplicated == faulty.faults["duplicate_exact"] + faulty.faults["duplicate_conflict"]
    unparseable = sum(
        _one(con, f"select count(*) from {t} where {c} is not null and try_strptime({c}, '%Y-%m-%d') is null")
        for t, tb in TABLES.items() for c in tb.dates)
    assert unparseable == faulty.faults["bad_date"]
    reversed_ = sum(_one(con, f"select count(*) from {t} where try_cast({e} as date) < try_cast({s} as date)")
                    for t, tb in TABLES.items() for s, e in tb.periods)
    assert reversed_ >= faulty.faults["end_before_start"]
    future = sum(_one(con, f"select count(*) from {t} where try_cast({c} as date) > date '{END}'")
                 for t, tb in TABLES.items() for c in tb.dates)
    assert future >= faulty.faults["future_date"]
    orphans = sum(_one(con, f"select count(*) from {t} where {tb.person_column} not in "
                            "(select pers_person_id from ssd_person)")
                  for t, tb in TABLES.items() if tb.person_column and t != "ssd_person")
    assert orphans >= faulty.faults["orphan_person"]
    rows = sum(faulty.rows.values())
    assert sum(faulty.faults.values()) < 0.01 * rows  # a small share, not a mess


def test_fault_rate_zero_gives_no_faults(tmp_path: Path) -> None:
    result = _small(tmp_path, fault_rate=0)
    assert sum(result.faults.values()) == 0


# ---- realistic levels for an 874-sized authority (reference figures in indicators.md) ---------------


def test_contacts_and_referral_conversion_are_plausible(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    contacts = _one(con, f"select count(*) from ssd_contacts where cont_contact_date::date between "
                         f"date '{AS_AT}' - interval 1 year + interval 1 day and date '{AS_AT}'")
    referrals = _one(con, f"select count(*) from ssd_cin_episodes where cine_referral_date::date between "
                          f"date '{AS_AT}' - interval 1 year + interval 1 day and date '{AS_AT}'")
    assert 650 <= contacts / 12 <= 1100
    assert 140 <= referrals / 12 <= 240
    assert 0.15 <= referrals / contacts <= 0.27


def test_rereferrals_and_assessment_timeliness_are_plausible(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    rereferral = _one(con, f"""
        with r as (select cine_person_id p, cine_referral_date::date d from ssd_cin_episodes)
        select avg(exists(select 1 from r r2 where r2.p = r.p and r2.d < r.d and r2.d >= r.d - interval 1 year)::int)
        from r where d between date '{AS_AT}' - interval 1 year + interval 1 day and date '{AS_AT}'""")
    assert 0.15 <= rereferral <= 0.27
    # working days from the referral date to authorisation, weekdays only (an approximation)
    in_time = _one(con, f"""
        select avg((datediff('day', r.cine_referral_date::date, a.cina_assessment_auth_date::date)
                    - 2 * datediff('week', r.cine_referral_date::date, a.cina_assessment_auth_date::date) <= 45)::int)
        from ssd_cin_assessments a join ssd_cin_episodes r on r.cine_referral_id = a.cina_referral_id
        where a.cina_assessment_auth_date::date between date '{AS_AT}' - interval 1 year + interval 1 day
          and date '{AS_AT}'""")
    assert 0.72 <= in_time <= 0.95


def test_protection_and_care_stocks_are_plausible(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    cp_open = _one(con, f"""select count(distinct cppl_person_id) from ssd_cp_plans
        where cppl_cp_plan_start_date::date <= '{AS_AT}'
          and (cppl_cp_plan_end_date is null or cppl_cp_plan_end_date::date > '{AS_AT}')""")
    looked_after = _one(con, f"""select count(distinct clae_person_id) from ssd_cla_episodes
        where clae_cla_episode_start_date::date <= '{AS_AT}'
          and (clae_cla_episode_ceased_date is null or clae_cla_episode_ceased_date::date > '{AS_AT}')""")
    in_need = _one(con, f"""select count(distinct cine_person_id) from ssd_cin_episodes
        where cine_referral_date::date <= '{AS_AT}' and cine_referral_nfa <> 'Y'
          and (cine_close_date is null or cine_close_date::date > '{AS_AT}')""")
    assert 200 <= cp_open <= 330
    assert 300 <= looked_after <= 420
    assert 900 <= in_need <= 1500


def test_care_flows_and_adoptions_are_plausible(clean_db: duckdb.DuckDBPyConnection) -> None:
    con = clean_db
    fy = "between date '2024-04-01' and date '2025-03-31'"
    starts = _one(con, f"""select count(*) from ssd_cla_episodes e where clae_cla_episode_start_reason = 'S'
        and clae_cla_episode_start_date::date {fy} and not exists (select 1 from ssd_legal_status l
          where l.lega_person_id = e.clae_person_id and l.lega_legal_status in ('V3', 'V4')
            and l.lega_legal_status_start_date = e.clae_cla_episode_start_date)""")
    adoptions = _one(con, f"""select count(*) from ssd_cla_episodes
        where clae_cla_episode_ceased_reason in ('E11', 'E12') and clae_cla_episode_ceased_date::date {fy}""")
    short_breaks = _one(con, "select count(distinct lega_person_id) from ssd_legal_status "
                             "where lega_legal_status in ('V3', 'V4')")
    assert 12 * 14 <= starts <= 12 * 32
    assert 12 <= adoptions <= 45
    assert short_breaks >= 20

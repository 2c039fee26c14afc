"""`runner docs` on a small hand-made warehouse (no dbt): what pages can read, one authority at a time;
one site per authority; a page whose mart is missing; the exposures that put the pages in the lineage."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
import yaml

from runner.errors import BadInput
from runner.pages import PageError, QueryFailed
from runner.report import RELATION_NODES, ReportData, docs, load_config, load_pages, nav_pages, page_nodes
from runner.settings import PROJECT_DIR, REPORT_DIR

SEEDS = PROJECT_DIR / "seeds"

#: the scorecard's contract columns (reporting.scorecard, data-contract.md section 4)
SCORECARD_SQL = """
    select las.la_code, l.la_name, c.display_order, c.indicator_id, c.indicator_name, c.family, c.unit, c.polarity,
           c.headline_period_type, iv.period_start, iv.period_end, iv.value, iv.numerator, iv.denominator,
           iv.period_end - interval 1 month as previous_period_end, iv.value - 1 as previous_value,
           iv.period_end - interval 1 year as same_time_last_year_period_end,
           iv.value - 2 as same_time_last_year_value, 2.0 as change_vs_last_year, 2024 as last_year_outturn_year,
           iv.value - 2 as last_year_outturn_value, 'same_time_last_year' as direction_basis,
           case when iv.value is not null then 'up' end as direction_of_travel,
           case when iv.value is not null and c.polarity <> 'context' then
               case c.polarity when 'high' then 'better' else 'worse' end end as direction_judgement,
           t.target_value, t.effective_from as target_effective_from, t.source as target_source,
           5.0 as rag_tolerance_pct, case when t.target_value is not null then 'red' end as rag_status,
           iv.value - t.target_value as gap_to_target, (iv.value / t.target_value - 1) * 100 as gap_to_target_pct,
           case when c.indicator_id = 'contact_referral_pct' then 2025 end as benchmark_year,
           case when c.indicator_id = 'contact_referral_pct' then 22.1 end as england_value,
           l.region_code, l.region_name, cast(null as double) as region_value,
           case when c.indicator_id = 'contact_referral_pct' then 23.4 end as sn_value,
           case when c.indicator_id = 'contact_referral_pct' then 22.5 end as sn_median,
           case when c.indicator_id = 'contact_referral_pct' then 10 end as sn_count,
           cast(null as varchar) as sn_model,
           case when c.indicator_id = 'contact_referral_pct' then 40 end as la_rank,
           case when c.indicator_id = 'contact_referral_pct' then 150 end as la_rank_count,
           case when c.indicator_id = 'contact_referral_pct' then 'B' end as quartile_band,
           cast(null as double) as published_la_value,
           cast(null as varchar) as published_la_status, cast(null as double) as computed_year_end_value,
           cast(null as double) as computed_minus_published,
           cast(null as varchar) as benchmark_source, iv.value is not null as is_available,
           case when iv.value is null then 'not available' else 'available' end as availability
    from reference.indicator_catalogue as c
    cross join (select distinct la_code from reporting.indicator_values) as las
    left join reporting.indicator_values as iv
        on iv.indicator_id = c.indicator_id and iv.la_code = las.la_code
        and iv.period_type = c.headline_period_type and iv.period_end = date '2025-03-31'
    left join reference.la_lookup as l on l.la_code = las.la_code
    left join reference.targets as t on t.indicator_id = c.indicator_id and t.la_code = las.la_code
"""


def make_warehouse(path: Path, *, scorecard: bool = True, las: tuple[str, ...] = ("874", "873")) -> Path:
    """Reporting, reference and data-quality tables of the right shape: two front-door indicators by month,
    year to date, for two authorities, and findings whose rows must never reach a page."""
    con = duckdb.connect(str(path))
    for schema in ("reporting", "reference", "data_quality"):
        con.execute(f"create schema {schema}")
    con.execute("create table reference.indicator_catalogue as select * from "
                f"read_csv('{SEEDS}/indicator_catalogue.csv', all_varchar = true)")
    con.execute("alter table reference.indicator_catalogue alter display_order type integer")
    con.execute(f"create table reference.la_lookup as select * from read_csv('{SEEDS}/la_lookup.csv', "
                "all_varchar = true)")
    con.execute(f"""create table reference.targets as select indicator_id, la_code,
                    target_value::double as target_value, effective_from::date as effective_from,
                    effective_to::date as effective_to, source
                    from read_csv('{SEEDS}/targets.csv', all_varchar = true)""")
    con.execute(f"""
        create table reporting.indicator_values as
        with months as (
            select last_day(d::date) as period_end, date_trunc('month', d)::date as period_start, i
            from (select unnest(range(date '2023-04-01', date '2025-04-01', interval 1 month)) as d,
                         unnest(range(24)) as i)
        )
        select la.la_code, ind.indicator_id, p.period_type,
               case p.period_type when 'ytd' then
                   make_date(year(months.period_end - interval 3 month)::int, 4, 1) else months.period_start end
                   as period_start,
               months.period_end,
               cast(null as bigint) as numerator, cast(null as bigint) as denominator,
               case ind.indicator_id when 'referrals' then 150.0 + i * 3 + (la.la_code = '873')::int * 40
                   else 15 + i * 0.4 end as value,
               ind.unit
        from months
        cross join (values ('contact_referral_pct', 'percent'), ('referrals', 'count')) as ind(indicator_id, unit)
        cross join (values ('month'), ('ytd')) as p(period_type)
        cross join (select unnest({list(las)}) as la_code) as la
    """)
    if scorecard:
        con.execute(f"create table reporting.scorecard as {SCORECARD_SQL}")
    con.execute("""
        create table data_quality.dq_findings as
        select * from (values
            ('874', 'ssd_person', 'P999001', 'missing_required', 'error', 'pers_dob', 'Zebedee Quixotic',
             'ssd_person.csv', 7),
            ('874', 'ssd_person', 'P999002', 'missing_required', 'error', 'pers_dob', null, 'ssd_person.csv', 9),
            ('874', 'ssd_contacts', 'C000001', 'orphan_person', 'warning', 'cont_person_id', 'P999003',
             'ssd_contacts.csv', 2),
            ('873', 'ssd_contacts', 'C000009', 'orphan_person', 'warning', 'cont_person_id', 'P999004',
             'ssd_contacts.csv', 3)
        ) as t(la_code, table_name, record_id, rule, severity, column_name, offending_value, source_file, source_row)
    """)
    # the report's models (models/marts/reporting/report, pinned by their dbt unit tests), as dbt would make them
    con.execute(f"""
        create table reporting.report_authority as
        select l.la_code, l.la_name, l.region_code, l.region_name, date '2023-04-01' as window_start,
               date '2025-03-31' as as_at_date, 2025 as financial_year
        from reference.la_lookup as l where l.la_code in ({", ".join(f"'{la}'" for la in las)})
    """)
    con.execute("""
        create table reporting.report_indicator_charts as
        select a.la_code, c.indicator_id, c.measure_type,
               case when c.indicator_id in ('contact_referral_pct', 'referrals') then 'year_on_year' else 'none' end
                   as chart_kind,
               case when c.indicator_id = 'referrals' then 'month' else c.headline_period_type end as chart_period_type,
               date '2023-04-01' as shown_from,
               case when c.indicator_id in ('contact_referral_pct', 'referrals') then 24 else 0 end as chart_points,
               c.unit <> 'count' as benchmark_comparable,
               c.unit <> 'count' and c.indicator_id <> 'referrals' as benchmarks_on_chart,
               case when c.indicator_id not in ('contact_referral_pct', 'referrals') then
                   'Not available for this authority: its records do not include the tables this measure needs ('
                   || replace(c.source_tables, ' ', ', ') || ').' end as no_chart_reason
        from reporting.report_authority as a cross join reference.indicator_catalogue as c
    """)
    con.execute("""
        create table reporting.report_monthly_series as
        select v.la_code, v.indicator_id, v.period_type, v.period_start, v.period_end,
               year(v.period_end - interval 3 month)::int + 1 as financial_year,
               (month(v.period_end) + 8) % 12 + 1 as month_of_year,
               v.numerator, v.denominator, v.value, v.unit, t.target_value,
               v.period_type = c.chart_period_type as is_charted
        from reporting.indicator_values as v
        inner join reporting.report_indicator_charts as c on c.la_code = v.la_code and c.indicator_id = v.indicator_id
        left join reference.targets as t on t.la_code = v.la_code and t.indicator_id = v.indicator_id
    """)
    con.execute("""
        create table reporting.report_benchmark_trend as
        select a.la_code, 'contact_referral_pct' as indicator_id, y as benchmark_year, 2025 - y as years_before_latest,
               y = 2025 as is_latest, a.la_name, 'percent' as unit, 'high' as polarity,
               20.0 + y - 2021 as published_la_value, cast(null as varchar) as published_la_status,
               22.1 as england_value, a.region_name, cast(null as double) as region_value, 23.4 as sn_value,
               22.5 as sn_median, 10 as sn_count, 40 as la_rank, 150 as la_rank_count, 'B' as quartile_band,
               cast(null as double) as computed_year_end_value, cast(null as double) as computed_minus_published
        from reporting.report_authority as a cross join range(2021, 2026) as r(y)
    """)
    con.execute("""
        create table reporting.report_benchmark_neighbours as
        select a.la_code, 'contact_referral_pct' as indicator_id, 2025 as benchmark_year, n.bar_order,
               n.neighbour_rank is null as is_authority, n.neighbour_rank,
               coalesce(n.code, a.la_code) as bar_la_code, coalesce(n.name, a.la_name) as bar_la_name, n.value,
               'percent' as unit, cast(null as varchar) as status, cast(null as varchar) as status_reason,
               40 as la_rank, 150 as la_rank_count, 'B' as quartile_band
        from reporting.report_authority as a
        cross join (values (1, 1, '909', 'Cumbria', 26.0), (2, null, null, null, 24.0)) as n(bar_order,
            neighbour_rank, code, name, value)
    """)
    con.execute("""
        create table reporting.report_breakdowns as
        select a.la_code, 'referrals' as indicator_id, 'Referrals' as indicator_name, 'ytd' as period_type,
               date '2024-04-01' as period_start, a.as_at_date as period_end, 'ethnicity_group' as dimension,
               'Ethnic group' as dimension_label, b.category, b.category_order, null::bigint as numerator,
               null::bigint as denominator, b.value, 'count' as unit, b.share_pct
        from reporting.report_authority as a
        cross join (values ('White', 1, 30.0, 75.0), ('Not recorded', 2, 10.0, 25.0))
            as b(category, category_order, value, share_pct)
    """)
    con.execute("""
        create table reporting.report_dq_summary as
        select la_code, table_name, rule, severity, column_name, count(*) as findings,
               count(distinct record_id) as records
        from data_quality.dq_findings group by all
    """)
    # the exception lists (person ids: never on a page) and their counts (on the overview)
    con.execute("create schema exceptions")
    con.execute("""
        create table exceptions.exception_lists as
        select * from (values ('874', 'cp_visits_overdue', 'CPP9', 'P999007', date '2025-03-31', 'Team A', 'W1'))
            as t(la_code, list_id, record_id, person_id, as_at_date, team, worker_id)
    """)
    con.execute("""
        create table reporting.report_exception_counts as
        select a.la_code, l.list_id, l.display_order, l.list_name, l.indicator_id, l.period_type,
               'children' as counted_by, 'What it holds' as description, a.as_at_date as period_start,
               a.as_at_date as period_end, l.list_id <> 'cp_reviews_overdue' as is_available,
               case when l.list_id <> 'cp_reviews_overdue' then l.n end::bigint as children,
               case when l.list_id <> 'cp_reviews_overdue' then l.n end::bigint as records
        from reporting.report_authority as a
        cross join (values ('cp_visits_overdue', 4, 'Children on a child protection plan not seen in timescale',
                            'cp_visit_pct', 'snapshot', 1),
                           ('cp_reviews_overdue', 12, 'Child protection reviews overdue or late',
                            'cp_review_timely_pct', 'snapshot', 0))
            as l(list_id, display_order, list_name, indicator_id, period_type, n)
    """)
    con.execute("create schema returns")  # the DfE rules on the statutory returns (runner validate)
    con.execute("""
        create table returns.dfe_rule_runs as
        select * from (values
            ('874', 2025, 'cin_census', '8500', 'error', 'LA Child ID missing', 'ran', null, 2, 1, 0, 0, 0,
             'cin2024_25', 'csc-validator-be-cin 0.1.13', 'c.xml', timestamp '2025-05-01 09:00'),
            ('874', 2025, 'cin_census', '1510', 'error', 'UPN invalid', 'not_applicable', 'needs UPN', 0, 0, 0, 0, 0,
             'cin2024_25', 'csc-validator-be-cin 0.1.13', 'c.xml', timestamp '2025-05-01 09:00')
        ) as t(la_code, collection_year, return_kind, rule_code, severity, message, status, reason, findings,
               error_records, query_records, not_held_records, tool_limit_records, ruleset, package, source,
               validated_at)
    """)
    con.execute("""
        create table returns.dfe_rule_findings as
        select * from (values
            ('874', 2025, 'cin_census', '8500', 'error', 'error', 'LA Child ID missing', 'ChildIdentifiers',
             'LAchildID', 3, 'P999005', null, 'c.xml', timestamp '2025-05-01 09:00')
        ) as t(la_code, collection_year, return_kind, rule_code, severity, category, message, table_name,
               field_name, row_number, child_id, note, source, validated_at)
    """)
    con.execute("""
        create table data_quality.dq_row_reconciliation as
        select * from (values ('874', 'ssd_person', 100, 98, 2), ('874', 'ssd_contacts', 500, 500, 0),
                              ('873', 'ssd_contacts', 400, 400, 0))
            as t(la_code, table_name, raw_rows, staged_rows, quarantined_rows)
    """)
    con.close()
    return path


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return make_warehouse(tmp_path_factory.mktemp("report") / "w.duckdb")


def test_pages_see_one_authority_at_a_time_and_findings_only_as_counts(warehouse):
    data = ReportData(warehouse)
    try:
        assert data.authority_codes == ["873", "874"]
        data.use("874")
        assert data.run("select distinct la_code from indicator_values").rows == (("874",),)
        assert data.run("select la_name, as_at_date::varchar from report_authority").rows == (
            ("Peterborough", "2025-03-31"),)
        assert data.authority("874")[0] == "Peterborough"
        findings = data.run("select * from report_dq_summary order by table_name")
        assert "record_id" not in findings.columns and "offending_value" not in findings.columns
        assert [r[:2] + r[-2:] for r in findings.rows] == [("874", "ssd_contacts", 1, 1), ("874", "ssd_person", 2, 2)]
        months = data.run("select count(*), min(period_end)::varchar, max(target_value) from report_monthly_series "
                          "where indicator_id = 'contact_referral_pct' and is_charted")
        assert months.rows == ((24, "2023-04-30", 25.0),)
        rules = data.run("select rule_code, status, error_records from dfe_rule_runs order by rule_code")
        assert rules.rows == (("1510", "not_applicable", 0), ("8500", "ran", 1))
        with pytest.raises(QueryFailed):  # the DfE rules' findings, with child ids, never reach a page
            data.run("select * from dfe_rule_findings")
        # the exception lists reach a page only as counts; the lists (person ids) cannot be read at all
        counts = data.run("select list_id, is_available, children from report_exception_counts order by display_order")
        assert counts.rows == (("cp_visits_overdue", True, 1), ("cp_reviews_overdue", False, None))
        with pytest.raises(QueryFailed):
            data.run("select * from exception_lists")
        data.use("873")
        assert data.run("select sum(findings) from report_dq_summary").rows == ((1,),)
        # the row-level findings never reach a page, and a page cannot reach the rows some other way
        with pytest.raises(QueryFailed, match="dq_findings does not exist"):
            data.run("select * from dq_findings")
        with pytest.raises(QueryFailed, match="file system operations are disabled"):
            data.run(f"select * from read_csv('{SEEDS / 'la_lookup.csv'}')")
        with pytest.raises(QueryFailed, match="one select statement"):
            data.run(f"attach '{warehouse}' as again (read_only)")
        with pytest.raises(QueryFailed, match="one select statement"):
            data.run("select 1; drop view indicator_values")
    finally:
        data.close()
    # the warehouse was opened read-only and let go
    duckdb.connect(str(warehouse)).close()


def test_the_report_reads_finished_tables_and_derives_none():
    """Every relation a page reads is one dbt model or seed copied as it is (issue 13: no SQL that derives a
    table in runner/)."""
    from runner.report import SOURCES

    models = {p.stem for p in (PROJECT_DIR / "models").rglob("*.sql")} | {p.stem for p in SEEDS.glob("*.csv")}
    for name, source in SOURCES.items():
        assert source.node == name and name in models, name
    text = (PROJECT_DIR / "runner" / "report.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(group by|inner join|left join|cross join|interval \d|count\()", text, re.IGNORECASE)


def test_several_authorities_get_one_site_each_and_a_chooser(warehouse, tmp_path):
    messages: list[str] = []
    site = docs(warehouse, tmp_path / "site", echo=messages.append, lineage=False)
    out = tmp_path / "site"
    assert site.authorities == ["873", "874"]
    chooser = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="874/index.html"' in chooser and "Cambridgeshire" in chooser and "Peterborough" in chooser
    for la_code, name in (("873", "Cambridgeshire"), ("874", "Peterborough")):
        for page in nav_pages(load_config()):
            html = (out / la_code / page.replace(".md", ".html")).read_text(encoding="utf-8")
            assert "../lineage/index.html" in html, page  # every page links to the lineage
            assert "../index.html" in html, page  # and back to the chooser
        overview = (out / la_code / "index.html").read_text(encoding="utf-8")
        assert f"Children's services performance: {name}" in overview
    front_door = (out / "874" / "front-door.html").read_text(encoding="utf-8")
    assert "England 2024-25 22.1%" in front_door and "Statistical neighbours 2024-25 23.4%" in front_door
    assert "of contacts led to a referral in the year to date (April 2024 to March 2025)" in front_door
    # the LAIT view reads report_benchmark_trend and report_benchmark_neighbours, one authority's rows
    assert 'data-chart="benchmark_trend"' in front_door and "Cumbria" in front_door
    assert "ranked 40th of 150 local authorities" in front_door and "Cambridgeshire" not in front_door
    # no row of the findings reaches a page, only their counts
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in out.rglob("*.html"))
    for value in ("P999001", "P999003", "Zebedee", "C000001", "P999007", "CPP9"):
        assert value not in everything
    # the overview counts the exception lists, and says so where a list cannot be made
    assert "Children on a child protection plan not seen in timescale" in overview and "not available" in overview
    assert any("child-protection.md" in m and m.startswith("warning: ") for m in messages)  # no CP values here


def test_a_page_whose_mart_is_missing_fails_naming_page_query_and_mart(tmp_path):
    warehouse = make_warehouse(tmp_path / "w.duckdb", scorecard=False, las=("874",))
    with pytest.raises(PageError) as caught:
        docs(warehouse, tmp_path / "site", echo=lambda m: None, lineage=False)
    message = str(caught.value)
    assert message.startswith("report/index.md line ")
    assert ", query ratings: scorecard is not in the warehouse" in message
    assert "reporting.scorecard is missing" in message


def test_an_unknown_authority_or_a_folder_of_other_files_is_refused(warehouse, tmp_path):
    with pytest.raises(BadInput, match=r"--la 999: not in the warehouse \(it has LA 873, 874\)"):
        docs(warehouse, tmp_path / "site", la_codes=["999"], lineage=False)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(BadInput, match="not empty and holds no earlier report"):
        docs(warehouse, tmp_path / "mine", lineage=False)
    assert (tmp_path / "mine" / "notes.txt").exists()


def test_one_authority_is_a_site_at_the_top_of_out(warehouse, tmp_path):
    docs(warehouse, tmp_path / "site", la_codes=["874"], echo=lambda m: None, lineage=False)
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="./lineage/index.html"' in html and "Choose another authority" not in html
    # run again into the same folder: it is an earlier report, so it is replaced
    docs(warehouse, tmp_path / "site", la_codes=["873"], echo=lambda m: None, lineage=False)
    assert "Cambridgeshire" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_the_exposures_declare_what_each_page_reads():
    """Every page in the nav has an exposure in _reporting__exposures.yml whose depends_on is exactly the dbt
    nodes behind the relations its queries read (a node not yet in the project is left out until it lands)."""
    folder = PROJECT_DIR / "models" / "marts" / "reporting"
    assert [p.name for p in folder.glob("*exposures.yml")] == ["_reporting__exposures.yml"]  # one file for them all
    exposures = yaml.safe_load((folder / "_reporting__exposures.yml").read_text())
    by_page = {e["config"]["meta"]["page"]: e for e in exposures["exposures"] if e.get("config", {}).get("meta")}
    pages = {Path(p.path).name: p for p in load_pages()}
    assert set(by_page) == set(pages)
    in_project = {p.stem for p in (PROJECT_DIR / "models").rglob("*.sql")} | {p.stem for p in SEEDS.glob("*.csv")}
    for name, page in pages.items():
        declared = {ref.removeprefix("ref('").removesuffix("')") for ref in by_page[name]["depends_on"]}
        expected = page_nodes(page) & in_project
        assert declared == expected, f"{name}: exposure {by_page[name]['name']} should depend on {sorted(expected)}"
    assert set(RELATION_NODES) >= {r for p in pages.values() for r in p.relations()}, "a page reads an unknown relation"


def test_the_site_fetches_nothing_at_view_time():
    config = load_config()
    assert config["theme"]["font"] is False  # no web fonts
    assert config["plugins"] == []  # no search worker
    assert config["use_directory_urls"] is False
    assert (REPORT_DIR / "overrides" / "main.html").exists()

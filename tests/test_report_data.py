"""`runner docs` on a small hand-made warehouse (no dbt): what pages can read, one authority at a time;
one site per authority; a page whose mart is missing; the exposures that put the pages in the lineage."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from runner.errors import BadInput
from runner.pages import PageError, QueryFailed
from runner.report import RELATION_NODES, ReportData, docs, load_config, load_pages, nav_pages, page_nodes
from runner.settings import DOCS_DIR, PROJECT_DIR

SEEDS = PROJECT_DIR / "seeds"

#: the scorecard's contract columns (reporting.scorecard, data-contract.md section 4)
SCORECARD_SQL = """
    select las.la_code, l.la_name, c.display_order, c.indicator_id, c.indicator_name, c.family, c.unit, c.polarity,
           c.headline_period_type, iv.period_start, iv.period_end, iv.value, iv.numerator, iv.denominator,
           iv.period_end - interval 1 month as previous_period_end, iv.value - 1 as previous_value,
           case when iv.value is null then 'not available' else 'increasing' end as direction_of_travel,
           t.target_value, 5.0 as rag_tolerance_pct, case when t.target_value is null then 'none' else 'red' end
               as rag_status,
           case when c.indicator_id = 'contact_referral_pct' then 2025 end as benchmark_year,
           case when c.indicator_id = 'contact_referral_pct' then 22.1 end as england_value,
           l.region_code, l.region_name, cast(null as double) as region_value,
           case when c.indicator_id = 'contact_referral_pct' then 23.4 end as sn_value,
           case when c.indicator_id = 'contact_referral_pct' then 10 end as sn_count,
           cast(null as varchar) as sn_model, cast(null as double) as published_la_value,
           cast(null as varchar) as published_la_status, cast(null as double) as computed_year_end_value,
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
    con.execute("create schema returns")  # the DfE rules on the statutory returns (runner validate)
    con.execute("""
        create table returns.dfe_rule_runs as
        select * from (values
            ('874', 2025, 'cin_census', '8500', 'error', 'LA Child ID missing', 'ran', null, 2, 'cin2024_25',
             'csc-validator-be-cin 0.1.13', 'c.xml', timestamp '2025-05-01 09:00'),
            ('874', 2025, 'cin_census', '1510', 'error', 'UPN invalid', 'not_applicable', 'needs UPN', 0,
             'cin2024_25', 'csc-validator-be-cin 0.1.13', 'c.xml', timestamp '2025-05-01 09:00')
        ) as t(la_code, collection_year, return_kind, rule_code, severity, message, status, reason, findings,
               ruleset, package, source, validated_at)
    """)
    con.execute("""
        create table returns.dfe_rule_findings as
        select * from (values
            ('874', 2025, 'cin_census', '8500', 'error', 'error', 'LA Child ID missing', 'ChildIdentifiers',
             'LAchildID', 3, 'P999005', null, 'c.xml', timestamp '2025-05-01 09:00'),
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
        assert data.run("select la_name, as_at_date::varchar from authority").rows == (
            ("Peterborough", "2025-03-31"),)
        findings = data.run("select * from dq_summary order by table_name")
        assert "record_id" not in findings.columns and "offending_value" not in findings.columns
        assert [r[:2] + r[-2:] for r in findings.rows] == [("874", "ssd_contacts", 1, 1), ("874", "ssd_person", 2, 2)]
        months = data.run("select count(*), min(period_end)::varchar, max(target_value) from monthly_values "
                          "where indicator_id = 'contact_referral_pct'")
        assert months.rows == ((24, "2023-04-30", 25.0),)  # the 24 months to the as-at date, with the target
        rules = data.run("select rule_code, status, category, records from dfe_rule_summary order by rule_code")
        assert "child_id" not in rules.columns  # the DfE rules' findings too: counts, never the child
        assert rules.rows == (("1510", "not_applicable", None, 0), ("8500", "ran", "error", 1))
        data.use("873")
        assert data.run("select sum(findings) from dq_summary").rows == ((1,),)
        # a page cannot reach the rows some other way
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
    # no row of the findings reaches a page, only their counts
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in out.rglob("*.html"))
    for value in ("P999001", "P999003", "Zebedee", "C000001"):
        assert value not in everything
    assert any("child-protection.md" in m and m.startswith("warning: ") for m in messages)  # no CP values here


def test_a_page_whose_mart_is_missing_fails_naming_page_query_and_mart(tmp_path):
    warehouse = make_warehouse(tmp_path / "w.duckdb", scorecard=False, las=("874",))
    with pytest.raises(PageError) as caught:
        docs(warehouse, tmp_path / "site", echo=lambda m: None, lineage=False)
    message = str(caught.value)
    assert message.startswith("docs/index.md line ")
    assert ", query headlines: scorecard is not in the warehouse" in message
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
    """Every page in the nav has an exposure in _report__exposures.yml whose depends_on is exactly the dbt
    nodes behind the relations its queries read (a node not yet in the project is left out until it lands)."""
    exposures = yaml.safe_load((PROJECT_DIR / "models" / "marts" / "reporting" / "_report__exposures.yml").read_text())
    by_page = {e["config"]["meta"]["page"]: e for e in exposures["exposures"]}
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
    assert (DOCS_DIR / "overrides" / "main.html").exists()

"""The report's page renderer on its own (the runner/pages package): evidence-style pages with
named SQL fences and components, run against small in-memory DuckDB tables."""

from __future__ import annotations

import html
import re
from datetime import date

import duckdb
import pytest

from runner.errors import BadInput, BuildFailed
from runner.pages import (
    EmptyResult,
    PageError,
    QueryFailed,
    RenderContext,
    Result,
    context_sentence,
    parse_page,
    period_phrase,
    render_page,
)
from runner.pages.charts import namespace_ids


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect(":memory:")
    con.execute("""
        create table monthly as
        select 'contact_referral_pct' as indicator_id, d::date as period_end, 15 + i * 0.5 as value,
               'percent' as unit, 25.0 as target_value, 22.1 as england_value, 23.4 as sn_value,
               2025 as benchmark_year
        from (select unnest(range(date '2024-04-01', date '2025-04-01', interval 1 month)) as d,
                     unnest(range(12)) as i)
    """)
    con.execute("update monthly set period_end = last_day(period_end)")
    con.execute("""
        create table scorecard as
        select * from (values
            ('contact_referral_pct', 'Contacts leading to referral', 'percent', 'high', 'ytd',
             date '2024-04-01', date '2025-03-31', 17.04, 17.5, date '2025-02-28', 'down', 'worse',
             'same_time_last_year', 18.2, date '2024-03-31', -1.16, 18.2, 2024, 25.0, -7.96, -31.84, 'red',
             2024, 22.1, 23.4, 22.9, 10, 'available'),
            ('referrals', 'Referrals', 'count', 'context', 'ytd',
             date '2024-04-01', date '2025-03-31', 2120.0, 1952.0, date '2025-02-28', 'up', null,
             'same_time_last_year', 1952.0, date '2024-03-31', 168.0, 1952.0, 2024, null, null, null, null,
             null, null, null, null, null, 'available'),
            ('cla_health_pct', 'Annual health assessments', 'percent', 'high', 'snapshot',
             null, null, null, null, null, null, null, null, null, null, null, null, null, 93.0, null, null, null,
             null, null, null, null, null, 'not available')
        ) as t(indicator_id, indicator_name, unit, polarity, headline_period_type, period_start, period_end, value,
               previous_value, previous_period_end, direction_of_travel, direction_judgement, direction_basis,
               same_time_last_year_value, same_time_last_year_period_end, change_vs_last_year,
               last_year_outturn_value, last_year_outturn_year, target_value, gap_to_target, gap_to_target_pct,
               rag_status, benchmark_year, england_value, sn_value, sn_median, sn_count, availability)
    """)
    con.execute("create table nothing as select 1 as value where false")
    return con


def runner_for(con):
    def run(sql: str) -> Result:
        try:
            relation = con.sql(sql)
            return Result(tuple(relation.columns), tuple(str(t) for t in relation.types), tuple(relation.fetchall()))
        except duckdb.Error as exc:
            raise QueryFailed(str(exc).splitlines()[0]) from exc

    return run


def render(con, text: str, ctx: RenderContext | None = None) -> str:
    return render_page(parse_page(text, "report/test.md"), runner_for(con), ctx or RenderContext("Peterborough"))


MONTHS = "```sql months\nselect * from monthly order by period_end\n```\n"


# --- a page that cannot be rendered names the page, the line and the query --------------------------


def test_a_component_naming_a_missing_query_fails_with_page_and_line():
    with pytest.raises(PageError, match=r"report/test.md line 5: LineChart data=\{mnths\}: no query named mnths"):
        parse_page(MONTHS + "\n<LineChart data={mnths} x=period_end y=value/>\n", "report/test.md")


def test_an_unknown_column_fails_with_page_line_query_and_column(con):
    with pytest.raises(PageError) as caught:
        render(con, MONTHS + "\n<LineChart data={months} x=period_end y=vaule/>\n")
    message = str(caught.value)
    assert message.startswith("report/test.md line 5, query months: <LineChart> y=vaule: the query has no column vaule")
    assert "period_end" in message  # the columns it does have
    with pytest.raises(PageError, match=r"line 4, query months: \{months.nope\}: the query has no column nope"):
        render(con, MONTHS + "Value: {months.nope}\n")
    with pytest.raises(PageError, match=r"line 5, query months: <DataTable> columns: the query has no column x"):
        render(con, MONTHS + "\n<DataTable data={months} columns=\"period_end, x\"/>\n")


@pytest.mark.parametrize("component, expected", [
    ("<LineChart data={months} x=period_end y=value colour=red/>", r"unknown attribute colour \(allowed: "),
    ("<LineChart data={months} x=period_end/>", "missing attribute y"),
    ("<DataTable data={months} emptySet=ignore/>", "emptySet=ignore: must be one of error, warn, pass"),
    ("<DataTable data={months} rows=-3/>", "rows=-3: must be a whole number above 0"),
    ("<DataTable data=months/>", "write data={query_name}"),
    ("<DataTable data={months} title={months}/>", r"title=\{months\}: only data takes a \{query\}"),
    ("<PieChart data={months}/>", "unknown component"),
    ("<DataTable data={months}", "is not closed"),
    ('<DataTable data={months} title="x" title="y"/>', "attribute title is given twice"),
])
def test_a_bad_component_attribute_fails_with_page_and_line(component, expected):
    with pytest.raises(PageError, match=rf"^report/test.md line 5: .*{expected}"):
        parse_page(MONTHS + "\n" + component + "\n", "report/test.md")


def test_an_empty_result_fails_with_page_line_and_query(con):
    page = "Intro\n\n```sql empty\nselect * from nothing\n```\n\n<DataTable data={empty}/>\n"
    with pytest.raises(EmptyResult,
                       match=r"^report/test.md line 3, query empty: the query returned no rows$") as caught:
        render(con, page)
    assert isinstance(caught.value, BuildFailed) and caught.value.exit_code == 1
    # a query no component shows must return rows too
    with pytest.raises(EmptyResult, match="query empty"):
        render(con, "```sql empty\nselect * from nothing\n```\n")


def test_empty_set_pass_or_warn_shows_the_message_instead(con):
    warnings = []
    page = ("```sql empty\nselect * from nothing\n```\n\n"
            "<DataTable data={empty} emptySet=pass emptyMessage=\"Nothing found.\"/>\n\n"
            "<BarChart data={empty} x=value y=value emptySet=warn emptyMessage=\"No months.\"/>\n")
    text = render(con, page, RenderContext("Peterborough", warn=warnings.append))
    assert '<p class="report-empty">Nothing found.</p>' in text and '<p class="report-empty">No months.</p>' in text
    assert warnings == ["warning: report/test.md line 7, query empty: no rows; the page says 'No months.'"]
    # an inline value needs a row, whatever the components allow
    with pytest.raises(EmptyResult):
        render(con, page + "\n{empty.value}\n")


def test_a_failing_query_names_page_line_and_query(con):
    with pytest.raises(PageError, match=r"^report/test.md line 3, query broken: Catalog Error: Table with name "
                                        r"no_such_table does not exist"):
        render(con, "# T\n\n```sql broken\nselect * from no_such_table\n```\n")


def test_sql_fences_need_one_unique_name():
    with pytest.raises(PageError, match="line 1: a SQL fence needs one name"):
        parse_page("```sql\nselect 1\n```\n", "report/test.md")
    with pytest.raises(PageError, match=r"line 4: query a is defined twice \(first at line 1\)"):
        parse_page("```sql a\nselect 1\n```\n```sql a\nselect 2\n```\n", "report/test.md")
    with pytest.raises(PageError, match="line 1: the code fence ```sql a is never closed"):
        parse_page("```sql a\nselect 1\n", "report/test.md")


def test_a_query_can_use_another_and_a_missing_or_circular_one_fails(con):
    text = render(con, MONTHS + "```sql last\nselect max(value) as top from ${months}\n```\n\nTop: {last.top}\n")
    assert "Top: 20.5" in text
    with pytest.raises(PageError, match=r"line 1, query a: \$\{b\} names no query on this page"):
        parse_page("```sql a\nselect * from ${b}\n```\n", "report/test.md")
    with pytest.raises(PageError, match=r"refers back to itself \(a -> b -> a\)"):
        parse_page("```sql a\nselect * from ${b}\n```\n```sql b\nselect * from ${a}\n```\n", "report/test.md")


# --- what the components render -----------------------------------------------------------------


def test_inline_values_are_formatted_and_code_is_left_alone(con):
    page = ("```sql sc\nselect * from scorecard order by indicator_id\n```\n\n"
            "Referrals {sc[2].value}, health {sc[0].value} at {sc.period_end}; `{sc.value}` stays.\n\n"
            "```text\n{sc.value}\n```\n")
    text = render(con, page)
    assert "Referrals 2,120, health – at –; `{sc.value}` stays." in text  # row 0 is cla_health_pct: no value
    assert "```text\n{sc.value}\n```" in text
    text = render(con, "```sql sc\nselect * from scorecard where indicator_id = 'contact_referral_pct'\n```\n"
                       "{sc.value} to {sc.period_end}\n")
    assert "17.0% to 31 March 2025" in text


def test_line_chart_is_static_svg_with_target_and_benchmarks_named_with_their_year(con):
    text = render(con, MONTHS + "\n<LineChart data={months} x=period_end y=value target=target_value "
                                "england=england_value neighbours=sn_value benchmarkYear=benchmark_year "
                                "title=\"Contacts leading to referral\"/>\n")
    assert '<figure class="report-chart"><figcaption><strong>Contacts leading to referral</strong>' in text
    svg = re.search(r"<svg.*?</svg>", text, re.S).group(0)
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    assert {"Peterborough", "Target 25.0%", "England 2024-25 22.1%", "Statistical neighbours 2024-25 23.4%"} <= set(
        labels)
    assert "<script" not in text and "http" not in svg.replace("http://www.w3.org/", "")
    assert "\n\n" not in svg  # one raw HTML block for markdown


def test_a_benchmark_without_its_year_fails(con):
    with pytest.raises(PageError, match=r"line 5, query months: <LineChart> england=england_value: a benchmark "
                                        "needs its year"):
        render(con, MONTHS + "\n<LineChart data={months} x=period_end y=value england=england_value/>\n")
    with pytest.raises(PageError, match="shows england_value without a benchmark year column"):
        render(con, MONTHS + "\n<DataTable data={months} columns=\"period_end, england_value\"/>\n")


def test_bar_chart_swaps_axes_for_categories(con):
    text = render(con, "```sql t\nselect * from (values ('ssd_contacts', 76), ('ssd_person', 12)) t(tbl, n)\n```\n"
                       "\n<BarChart data={t} x=tbl y=n swapXY=true/>\n")
    svg = re.search(r"<svg.*?</svg>", text, re.S).group(0)
    assert "ssd_contacts" in svg and "ssd_person" in svg and "<path" in svg


def test_data_table_shows_rag_direction_and_links(con):
    page = ("```sql sc\nselect '[' || indicator_name || '](definitions.md#' || indicator_id || ')' as \"Indicator\","
            " value, unit, direction_of_travel, direction_judgement, direction_basis, rag_status, "
            "'[model](lineage/index.html#!/model/m)' as \"Made in\"\n"
            "from scorecard order by indicator_id desc\n```\n\n"
            "<DataTable data={sc} rowId=Indicator columns=\"Indicator, value, direction_of_travel, rag_status, "
            "Made in\"/>\n")
    text = render(con, page, RenderContext("Peterborough", lineage_base="../lineage/"))
    assert '<a href="definitions.html#contact_referral_pct">Contacts leading to referral</a>' in text
    assert '<a href="../lineage/index.html#!/model/m">model</a>' in text
    # the arrow is the way the value went, the word the judgement, then what it was compared with; a volume
    # (context polarity) has the arrow and no judgement; no direction, a dash
    assert '<span class="rag rag-red">Red</span>' in text
    assert '<span class="dot dot-worse">▼ worse</span> <span class="dot-basis">on last year</span>' in text
    assert '<span class="dot dot-neutral">▲ up</span> <span class="dot-basis">on last year</span>' in text
    assert re.search(r"Annual health assessments</a></th><td[^>]*>–</td><td>–</td>", text)
    assert '<td align="right">17.0%</td>' in text and '<td align="right">2,120</td>' in text
    assert '<th scope="col">RAG</th>' in text and ">Unit</th>" not in text  # unit formats the row; it is not a column
    text = render(con, "```sql d\nselect 'rolling 12 months (`rolling_12m` only) <b>' as definition\n```\n\n"
                       "<DataTable data={d}/>\n")
    assert '<th scope="row">rolling 12 months (<code>rolling_12m</code> only) &lt;b&gt;</th>' in text


def test_big_value_compares_with_the_target_and_shows_the_period(con):
    text = render(con, "```sql sc\nselect * from scorecard where indicator_id = 'contact_referral_pct'\n```\n\n"
                       "<BigValue data={sc} value=value comparison=target_value comparisonTitle=Target "
                       "status=rag_status/>\n")
    assert '<div class="bigvalue-title">Contacts leading to referral</div>' in text
    assert '<div class="bigvalue-value">17.0%</div>' in text
    assert "Year to date, Apr 2024 to Mar 2025" in text
    assert "Target: 25.0% (−8.0 points)" in text and "rag-red" in text


def test_every_query_is_listed_once_at_the_end_of_the_page(con):
    text = render(con, "# Title\n\n" + MONTHS + "\nAfter.\n")
    assert text.index("After.") < text.index('??? query "How this page is made: its 1 queries"')
    assert "    ```sql\n    select * from monthly order by period_end\n    ```" in text


# --- sentences of context -----------------------------------------------------------------------


def test_context_sentence_says_last_year_outturn_direction_target_and_benchmarks():
    record = {
        "indicator_name": "Re-referrals within 12 months", "value": 18.7, "unit": "percent", "polarity": "low",
        "headline_period_type": "ytd", "period_start": date(2024, 4, 1), "period_end": date(2025, 1, 31),
        "same_time_last_year_value": 22.0, "same_time_last_year_period_end": date(2024, 1, 31),
        "change_vs_last_year": -3.3, "last_year_outturn_value": 21.9, "last_year_outturn_year": 2024,
        "direction_of_travel": "down", "direction_judgement": "better", "direction_basis": "same_time_last_year",
        "previous_value": 18.4, "previous_period_end": date(2024, 12, 31),
        "target_value": 20.0, "gap_to_target": -1.3, "gap_to_target_pct": -6.5, "rag_status": "green",
        "england_value": 22.4, "sn_value": 23.4, "sn_median": 22.9, "sn_count": 10, "benchmark_year": 2024,
    }
    assert context_sentence(record, "of referrals were re-referrals within 12 months") == (
        "18.7% of referrals were re-referrals within 12 months in the year to date (April 2024 to January 2025), "
        "against 22.0% at the same time last year and an outturn of 21.9% in 2023-24. Compared with the same time "
        "last year it is down 3.3 points: better. The target is 20.0%: 1.3 points below target (green). "
        "In 2023-24 the published figures were England 22.4% and statistical neighbours 23.4% (mean of 10; "
        "median 22.9%).")
    # at 31 March the same time last year is last year's outturn: said once
    march = {**record, "period_end": date(2025, 3, 31), "same_time_last_year_period_end": date(2024, 3, 31),
             "same_time_last_year_value": 21.9}
    assert "against 21.9% at the same time last year (the outturn for 2023-24)." in context_sentence(march)
    assert context_sentence({**record, "target_value": None, "england_value": None, "sn_value": None,
                             "same_time_last_year_value": None, "last_year_outturn_value": None,
                             "direction_of_travel": None}) == (
        "Re-referrals within 12 months was 18.7% in the year to date (April 2024 to January 2025).")
    with pytest.raises(ValueError, match="without its year"):
        context_sentence({**record, "benchmark_year": None})


def test_a_stocks_direction_compares_with_the_month_before_and_a_rates_gap_is_also_relative():
    record = {
        "indicator_name": "Children subject to a plan per 10,000", "value": 51.3, "unit": "rate_per_10k",
        "polarity": "low", "headline_period_type": "snapshot", "period_start": date(2015, 1, 31),
        "period_end": date(2015, 1, 31), "previous_value": 52.0, "previous_period_end": date(2014, 12, 31),
        "direction_of_travel": "down", "direction_judgement": "better", "direction_basis": "previous_month_end",
        "target_value": 43.07, "gap_to_target": 8.23, "gap_to_target_pct": 19.1, "rag_status": "red",
    }
    sentence = context_sentence(record, "children were subject to a plan")
    assert ("Compared with the previous month end (31 December 2014: 52.0 per 10,000) it is down 0.7 per 10,000: "
            "better.") in sentence
    assert "The target is 43.1 per 10,000: 8.2 per 10,000 above target, 19.1% higher than target (red)." in sentence
    # a volume: the direction without a judgement
    volume = {**record, "polarity": "context", "direction_judgement": None, "direction_of_travel": "up",
              "value": 52.5, "target_value": None}
    assert "it is up 0.5 per 10,000." in context_sentence(volume)
    unchanged = {**record, "direction_of_travel": "no_change", "direction_judgement": "same", "value": 52.0}
    assert "it has not changed (to one decimal place)." in context_sentence(unchanged)


@pytest.mark.parametrize("period_type, expected", [
    ("month", "in January 2022"),
    ("ytd", "in the year to date (April 2021 to January 2022)"),
    ("rolling_12m", "in the 12 months to January 2022"),
    ("snapshot", "at 31 January 2022"),
])
def test_the_period_is_named(period_type, expected):
    assert period_phrase(period_type, date(2021, 4, 1), date(2022, 1, 31)) == expected


def test_context_for_an_indicator_that_is_not_available(con):
    text = render(con, "```sql h\nselect * from scorecard where indicator_id = 'cla_health_pct'\n```\n\n"
                       "<Context data={h}/>\n")
    assert "Annual health assessments: not available for this authority" in text
    with pytest.raises(PageError, match=r"<Context> needs the columns .*the query has no unit, period_type"):
        render(con, "```sql h\nselect value, period_end, period_end as period_start from monthly\n```\n\n"
                    "<Context data={h}/>\n")


def test_svg_ids_are_namespaced_so_charts_on_one_page_do_not_collide():
    svg = '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"/><use href="#clip1"/></svg>'
    assert namespace_ids(svg, "p-c2") == ('<svg><clipPath id="p-c2-clip1"><rect/></clipPath>'
                                          '<g clip-path="url(#p-c2-clip1)"/><use href="#p-c2-clip1"/></svg>')


def test_page_errors_are_bad_input_with_exit_code_2():
    assert issubclass(PageError, BadInput) and PageError("x").exit_code == 2


# --- the committee report's components ---------------------------------------------------------------


@pytest.fixture(scope="module")
def report(con):
    """A scorecard, report_indicator_charts and report_monthly_series as the reporting models make them:
    referrals (a count, this year against last), contact_referral_pct (a percentage, the same), cp_rate (a
    rate, 24 months), agency_sw_pct (one value: a card) and cla_health_pct (not available)."""
    con.execute("""
        create table report_scorecard_src as
        select * from (values
            ('874', 'referrals', 'Referrals', 'count', 'context', 'ytd', date '2024-04-01', date '2025-03-31', 2019.0,
             1859.0, date '2025-02-28', 'down', null, 'same_time_last_year', 2242.0, date '2024-03-31', -223.0,
             2242.0, 2024, null, null, null, null, 2025, 632830.0, 3336.9, 3132.0, 10, null, null, null, 3850.0,
             null, 2019.0, 'available'),
            ('874', 'contact_referral_pct', 'Contacts leading to referral', 'percent', 'high', 'ytd',
             date '2024-04-01', date '2025-03-31', 19.6, 19.8, date '2025-02-28', 'down', 'worse',
             'same_time_last_year', 20.7, date '2024-03-31', -1.1, 20.7, 2024, 25.0, -5.4, -21.6, 'red', 2025, 22.1,
             23.4, 22.9, 10, null, null, null, null, null, null, 'available'),
            ('874', 'cp_rate', 'Children subject to a plan per 10,000', 'rate_per_10k', 'low', 'snapshot',
             date '2025-03-31', date '2025-03-31', 43.4, 44.0, date '2025-02-28', 'down', 'better',
             'previous_month_end', 50.7, date '2024-03-31', -7.3, 50.7, 2024, 36.0, 7.4, 20.6, 'red', 2025, 40.6,
             46.5, 43.0, 10, 64, 151, 'B', 38.5, null, 43.4, 'available'),
            ('874', 'agency_sw_pct', 'Agency social workers', 'percent', 'low', 'snapshot', date '2025-03-31',
             date '2025-03-31', 21.1, null, null, null, null, null, null, null, null, null, null, null, null, null,
             null, 2025, 16.2, 9.9, 8.6, 10, 142, 150, 'D', 35.0, null, 21.1, 'available'),
            ('874', 'cla_health_pct', 'Annual health assessments', 'percent', 'high', 'snapshot', null, null, null,
             null, null, null, null, null, null, null, null, null, null, 93.0, null, null, null, null, null, null,
             null, null, null, null, null, null, null, null, 'not available')
        ) as t(la_code, indicator_id, indicator_name, unit, polarity, headline_period_type, period_start, period_end,
               value, previous_value, previous_period_end, direction_of_travel, direction_judgement, direction_basis,
               same_time_last_year_value, same_time_last_year_period_end, change_vs_last_year,
               last_year_outturn_value, last_year_outturn_year, target_value, gap_to_target, gap_to_target_pct,
               rag_status, benchmark_year, england_value, sn_value, sn_median, sn_count, la_rank, la_rank_count,
               quartile_band, published_la_value, published_la_status, computed_year_end_value, availability)
    """)
    con.execute("create view scorecard_for_indicators as select * from report_scorecard_src")
    con.execute("""
        create table report_indicator_charts as
        select *, date '2023-04-01' as shown_from from (values
            ('874', 'referrals', 'flow', 'year_on_year', 'month', 24, false, false, null),
            ('874', 'contact_referral_pct', 'flow', 'year_on_year', 'ytd', 24, true, true, null),
            ('874', 'cp_rate', 'stock', 'series', 'snapshot', 24, true, true, null),
            ('874', 'agency_sw_pct', 'stock', 'card', 'snapshot', 1, true, true,
             'One value only (a snapshot at one date): shown as a figure, not a chart.'),
            ('874', 'cla_health_pct', 'stock', 'none', 'snapshot', 0, true, true,
             'Not available for this authority: its records do not include the tables this measure needs (x).')
        ) as t(la_code, indicator_id, measure_type, chart_kind, chart_period_type, chart_points, benchmark_comparable,
               benchmarks_on_chart, no_chart_reason)
    """)
    con.execute("""
        create table report_monthly_series as
        with months as (
            select last_day(d::date) as period_end, i
            from (select unnest(range(date '2023-04-01', date '2025-04-01', interval 1 month)) as d,
                         unnest(range(24)) as i)
        )
        select c.indicator_id, c.chart_period_type as period_type, cast(null as date) as period_start,
               months.period_end, year(months.period_end - interval 3 month)::int + 1 as financial_year,
               (month(months.period_end) + 8) % 12 + 1 as month_of_year,
               case c.indicator_id when 'referrals' then 150.0 + i when 'contact_referral_pct' then 18 + i * 0.1
                   else 40 + i * 0.2 end as value,
               case c.indicator_id when 'referrals' then 'count' when 'cp_rate' then 'rate_per_10k' else 'percent' end
                   as unit,
               case c.indicator_id when 'contact_referral_pct' then 25.0 end as target_value,
               true as is_charted
        from months cross join report_indicator_charts as c
        where c.indicator_id in ('referrals', 'contact_referral_pct', 'cp_rate')
    """)
    # the LAIT view: cp_rate has five published years and named neighbours; the others none (a volume, or no
    # published measure)
    con.execute("""
        create table report_benchmark_trend as
        select '874' as la_code, 'cp_rate' as indicator_id, y as benchmark_year, 2025 - y as years_before_latest,
               y = 2025 as is_latest, 'Peterborough' as la_name, 'rate_per_10k' as unit, 'low' as polarity,
               [53.7, 31.8, 24.8, 49.1, 38.5][y - 2020] as published_la_value,
               cast(null as varchar) as published_la_status, 40.0 + (y - 2021) * 0.2 as england_value,
               'East of England' as region_name, 25.5 as region_value, 46.5 as sn_value, 43.0 as sn_median,
               10 as sn_count, [105, 29, 11, 99, 64][y - 2020] as la_rank, 151 as la_rank_count,
               ['C', 'A', 'A', 'C', 'B'][y - 2020] as quartile_band,
               case when y >= 2024 then [50.7, 43.4][y - 2023] end as computed_year_end_value,
               cast(null as double) as computed_minus_published
        from range(2021, 2026) as r(y)
    """)
    con.execute("""
        create table report_benchmark_neighbours as
        select * from (values
            ('874', 'cp_rate', 2025, 1, false, 4, '335', 'Walsall', 31.6, 'rate_per_10k', null, null, 35, 151, 'A'),
            ('874', 'cp_rate', 2025, 2, true, null, '874', 'Peterborough', 38.5, 'rate_per_10k', null, null, 64, 151,
             'B'),
            ('874', 'cp_rate', 2025, 3, false, 1, '831', 'Derby', 40.7, 'rate_per_10k', null, null, 77, 151, 'C'),
            ('874', 'cp_rate', 2025, 4, false, 2, '894', 'Telford and Wrekin', null, 'rate_per_10k', 'c',
             'suppressed (c)', null, 151, null)
        ) as t(la_code, indicator_id, benchmark_year, bar_order, is_authority, neighbour_rank, bar_la_code,
               bar_la_name, value, unit, status, status_reason, la_rank, la_rank_count, quartile_band)
    """)
    return con


def render_indicator(con, indicator_id: str, ctx: RenderContext | None = None, text: str = "") -> str:
    page = f"<Indicator id={indicator_id}{' text=' + repr(text).replace(chr(39), chr(34)) if text else ''}/>\n"
    return render(con, page.replace("scorecard", "scorecard"), ctx)


@pytest.fixture
def indicator_con(report, monkeypatch):
    """The Indicator's queries read `scorecard`: point it at the report's scorecard rows for these tests."""
    report.execute("create or replace temp view scorecard as select * from report_scorecard_src")
    yield report
    report.execute("drop view if exists temp.scorecard")


def test_a_count_over_the_year_is_this_year_against_last_in_paired_bars_without_england(indicator_con):
    text = render(indicator_con, "<Indicator id=referrals text=\"referrals were received\"/>\n")
    figure = re.search(r'<figure class="report-chart" data-indicator="referrals" data-chart="year_on_year">.*?'
                       r"</figure>", text, re.S).group(0)
    assert "Each month&#x27;s number, April to March: 2024-25 against 2023-24." in figure
    assert "mark-rect" in figure and "mark-line" not in figure
    labels = set(re.findall(r"<text[^>]*>([^<]+)</text>", figure))
    assert {"2023-24", "2024-25", "Apr", "Mar"} <= labels
    assert not [label for label in labels if "England" in label or "neighbours" in label]
    assert "England" not in re.search(r'<p class="report-context">(.*?)</p>', text).group(1)
    # the text alternative: a row per month, last year and this year
    table = re.search(r'<table class="chart-data-table">.*?</table>', figure).group(0)
    assert "<th scope=\"col\">Month</th><th scope=\"col\">2023-24</th><th scope=\"col\">2024-25</th>" in table
    assert "<tr><th scope=row>Apr</th><td>150</td><td>162</td></tr>" in table
    assert figure.count("<svg") == 2 and 'role="img" aria-label="Bar chart: Referrals.' in figure


def test_a_percentage_over_the_year_is_its_year_to_date_against_target_and_benchmarks(indicator_con):
    text = render(indicator_con, "<Indicator id=contact_referral_pct/>\n")
    figure = re.search(r'<figure class="report-chart".*?</figure>', text, re.S).group(0)
    assert "The year to date at each month end, April to March" in figure and "mark-line" in figure
    labels = set(re.findall(r"<text[^>]*>([^<]+)</text>", figure))
    assert {"Target 25.0%", "England 2024-25 22.1%", "Statistical neighbours 2024-25 23.4%"} <= labels
    # 18% to 25%: the axis starts above zero, and the caption says so
    assert "The vertical axis starts at 16.0%, not at zero." in figure


def test_a_stock_is_its_last_24_months_a_one_off_is_a_card_and_a_missing_one_says_why(indicator_con):
    warnings: list[str] = []
    ctx = RenderContext("Peterborough", warn=warnings.append)
    text = render(indicator_con, "<Indicator id=cp_rate/>\n\n<Indicator id=agency_sw_pct/>\n\n"
                                 "<Indicator id=cla_health_pct/>\n", ctx)
    assert 'data-indicator="cp_rate" data-chart="series"' in text
    assert "At each month end, April 2023 to March 2025." in text
    card = re.search(r'<div class="indicator-card" data-indicator="agency_sw_pct".*?</p></div>', text).group(0)
    assert "21.1%" in card and "England 2024-25: 16.2%" in card and "<svg" not in card
    assert "shown as a figure, not a chart" in card
    assert '<p class="report-nochart" data-indicator="cla_health_pct" data-chart="none">No chart. Not available' in text
    assert warnings == ["warning: report/test.md line 5, query cla_health_pct, <Indicator id=cla_health_pct>: no "
                        "chart; the page says 'Not available for this authority: its records do not include the "
                        "tables this measure needs (x).'"]
    # the queries it added are listed with the page's own
    assert "`cp_rate_series` (added by <Indicator id=cp_rate/>)" in text


def test_an_indicators_commentary_sits_under_its_chart_and_is_absent_without_a_note(indicator_con, tmp_path):
    from runner.commentary import Notes

    notes = Notes(tmp_path, {"referrals": "Referrals **rose**.", "test": "The page's note."})
    ctx = RenderContext("Peterborough", notes=notes, id_prefix="test")
    text = render(indicator_con, "<Commentary/>\n\n<Indicator id=referrals/>\n\n<Indicator id=cp_rate/>\n", ctx)
    assert text.count('<aside class="commentary"') == 2
    assert text.index('data-note="test"') < text.index('data-indicator="referrals"')
    assert text.index("</figure>") < text.index('data-note="referrals"') < text.index('data-indicator="cp_rate"')
    assert "<strong>rose</strong>" in text
    assert '<Commentary indicator=cp_rate/>' not in text
    assert "commentary" not in render(indicator_con, "<Commentary indicator=cp_rate/>\n", ctx).split("???")[0]


def test_an_indicator_with_no_scorecard_row_or_a_clashing_query_fails_by_name(indicator_con):
    with pytest.raises(PageError, match=r"<Indicator id=no_such>: the scorecard has no row for no_such"):
        render(indicator_con, "<Indicator id=no_such/>\n")
    with pytest.raises(PageError, match=r"line 5: query referrals is defined twice \(<Indicator id=referrals> adds "
                                        r"it\) \(first at line 1\)"):
        parse_page("```sql referrals\nselect 1\n```\n\n<Indicator id=referrals/>\n", "report/test.md")
    with pytest.raises(PageError, match="an indicator id is lower-case letters"):
        parse_page("<Indicator id=Referrals/>\n", "report/test.md")


@pytest.mark.parametrize("rag_column", ["'none'", "null"])
def test_the_rag_summary_counts_the_scorecard_with_none_or_null_for_no_rating(con, rag_column):
    page = (f"```sql r\nselect * from (values ('red', 'high', 1.0, 2.0), ('red', 'low', 1.0, 2.0), "
            f"('amber', 'high', 1.0, 2.0), ({rag_column}, 'high', 1.0, null), ({rag_column}, 'context', 1.0, null), "
            f"({rag_column}, 'low', null, 3.0), ({rag_column}, 'high', null, null)) "
            "t(rag_status, polarity, value, target_value)\n```\n\n<RagSummary data={r}/>\n")
    text = render(con, page)
    summary = re.search(r'<p class="rag-summary".*?</p>', text).group(0)
    assert 'data-red="2" data-amber="1" data-green="0" data-without-target="2" data-no-value="1" data-volumes="1"' \
        in summary
    words = re.sub(r"<[^>]+>", "", summary)
    assert words.startswith("2 red, 1 amber, 0 green, 2 without a target, 1 with a target but no value; 1 volume ")
    assert '<span class="rag rag-red">2 red</span>' in summary  # a word on its colour, never the colour alone


def test_big_value_shows_target_and_comparable_benchmarks_with_their_year(indicator_con):
    page = ("```sql h\nselect s.*, c.benchmark_comparable from scorecard as s join report_indicator_charts as c "
            "using (indicator_id) where indicator_id in ('contact_referral_pct', 'referrals', 'cp_rate') "
            "order by indicator_id\n```\n\n<BigValue data={h} value=value target=target_value england=england_value "
            "neighbours=sn_value benchmarkYear=benchmark_year comparable=benchmark_comparable status=rag_status/>\n")
    text = render(indicator_con, page)
    contact, cp, referrals = cards_of(text)
    assert "Target: 25.0%, 5.4 points below target" in contact and "England 2024-25: 22.1%" in contact
    assert "rag-red" in contact and "Statistical neighbours 2024-25: 23.4%" in contact
    assert '43.4<span class="bigvalue-unit"> per 10,000</span>' in cp and "England 2024-25: 40.6 per 10,000" in cp
    assert "England" not in referrals and "2,019" in referrals  # a count: never beside England's total


def cards_of(text: str) -> list[str]:
    return re.findall(r'<div class="bigvalue bigvalue-[a-z]+">(?:(?!<div class="bigvalue ).)*', text)


def words(html_text: str) -> str:
    """What a reader sees, each element's text between bars: '|Target: 25.0%, 5.4 points below target|'."""
    return html.unescape(re.sub(r"\|+", "|", re.sub(r"<[^>]+>", "|", html_text)))


CARD = ("<BigValue data={h} value=value label=indicator_name status=rag_status direction=direction_of_travel "
        "judgement=direction_judgement basis=direction_basis sameTimeLastYear=same_time_last_year_value "
        "sameTimeLastYearEnd=same_time_last_year_period_end change=change_vs_last_year "
        "outturn=last_year_outturn_value outturnYear=last_year_outturn_year target=target_value gap=gap_to_target "
        "gapRelative=gap_to_target_pct england=england_value neighbours=sn_value rank=la_rank rankOf=la_rank_count "
        "band=quartile_band benchmarkYear=benchmark_year comparable=benchmark_comparable/>\n")


def test_a_headline_card_carries_every_comparison_a_committee_quotes(indicator_con):
    page = ("```sql h\nselect s.*, c.benchmark_comparable from scorecard as s join report_indicator_charts as c "
            "using (indicator_id) where indicator_id in ('contact_referral_pct', 'referrals', 'cp_rate') "
            "order by indicator_id\n```\n\n" + CARD)
    contact, cp, referrals = [words(card) for card in cards_of(render(indicator_con, page))]
    # the arrow is the way the value went, the words the judgement and what it compares with
    assert "|▼ worse than the same time last year|" in contact
    assert "|▼ better than the previous month end|" in cp
    assert "|▼ down on the same time last year|" in referrals  # a volume: no judgement
    # at 31 March the same time last year is last year's outturn: one line, with the change in points
    assert "|Same time last year (2023-24 outturn): 20.7% (−1.1 points)|" in contact and "Outturn" not in contact
    # the gap in the unit; a rate's also relative, as the reports give it
    assert "|Target: 25.0%, 5.4 points below target|" in contact and "lower than target" not in contact
    assert "|Target: 36.0 per 10,000, 7.4 per 10,000 above target (20.6% higher than target)|" in cp
    assert "|England 2024-25: 40.6 per 10,000|Statistical neighbours 2024-25: 46.5 per 10,000|" in cp
    assert "|Rank 2024-25: 64th of 151, quartile band B|" in cp
    assert "England" not in referrals and "Rank" not in referrals
    # another month: the same time last year and the outturn are two figures
    indicator_con.execute("create or replace temp view scorecard as select * replace "
                          "(date '2024-01-31' as same_time_last_year_period_end) from report_scorecard_src")
    contact = words(cards_of(render(indicator_con, page))[0])
    assert "|Same time last year: 20.7% (−1.1 points)|Outturn 2023-24: 20.7%|" in contact


def test_tables_show_words_for_codes_years_as_the_dfe_writes_them_and_arrows_that_follow_the_value(con):
    page = ("```sql t\nselect * from (values ('Re-referrals', 'ytd', 'percent', 'low', 21.2, 'up', 'worse', "
            "'same_time_last_year', 2025), ('CP rate', 'snapshot', 'rate_per_10k', 'low', 39.0, 'down', 'better', "
            "'previous_month_end', 2025)) t(indicator, headline_period_type, unit, polarity, value, "
            "direction_of_travel, direction_judgement, direction_basis, benchmark_year)\n```\n\n"
            "<DataTable data={t} columns=\"indicator, headline_period_type, polarity, value, direction_of_travel, "
            "benchmark_year\"/>\n")
    text = render(con, page)
    assert "<td>Year to date</td>" in text and "<td>Month end</td>" in text and "<td>Lower is better</td>" in text
    assert "<td align=\"right\">2024-25</td>" in text
    # the CP rate went down: the arrow points down, the word says that is better, and against what
    assert '<span class="dot dot-better">▼ better</span> <span class="dot-basis">on last month</span>' in text
    assert '<span class="dot dot-worse">▲ worse</span> <span class="dot-basis">on last year</span>' in text


def test_tables_show_a_percentages_change_and_gap_in_points_the_relative_gap_as_a_percentage_and_the_rank(
        indicator_con):
    page = ("```sql t\nselect indicator_name, unit, same_time_last_year_value, change_vs_last_year, "
            "last_year_outturn_value, target_value, gap_to_target, gap_to_target_pct, la_rank, la_rank_count, "
            "quartile_band, benchmark_year from scorecard where indicator_id in ('contact_referral_pct', 'cp_rate') "
            "order by indicator_id\n```\n\n<DataTable data={t} columns=\"indicator_name, same_time_last_year_value, "
            "change_vs_last_year, last_year_outturn_value, target_value, gap_to_target, gap_to_target_pct, la_rank, "
            "quartile_band, benchmark_year\"/>\n")
    text = render(indicator_con, page)
    head = [html.unescape(h) for h in re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', text)]
    assert head == ["Indicator", "Same time last year", "Change on last year", "Last year's outturn", "Target",
                    "Gap to target", "Gap to target, relative", "Rank among LAs", "Quartile band", "Benchmark year"]
    rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", text)[1:]]
    contact, cp = rows
    assert contact[1:7] == ["20.7%", "−1.1 points", "20.7%", "25.0%", "−5.4 points", "−21.6%"]
    assert cp[1:] == ["50.7", "−7.3", "50.7", "36.0", "+7.4", "+20.6%", "64th of 151", "B", "2024-25"]


def test_the_lait_view_shows_rank_trend_and_neighbours_with_their_numbers_and_our_records(indicator_con):
    text = render(indicator_con, "<Indicator id=cp_rate text=\"children were subject to a plan\"/>\n\n"
                                 "<Indicator id=referrals/>\n")
    view = re.search(r'<div class="benchmark-view" data-indicator="cp_rate">.*?</figure></div>', text, re.S).group(0)
    assert ("In 2024-25 Peterborough ranked 64th of 151 local authorities with a published figure (1 is the best), "
            "in quartile band B (A is the best quarter, D the worst).") in view
    trend = re.search(r'<figure class="report-chart" data-indicator="cp_rate" data-chart="benchmark_trend">.*?'
                      r"</figure>", view, re.S).group(0)
    assert trend.count("<svg") == 2 and 'role="img" aria-label="Line chart: Children subject to a plan per 10,000: ' \
        'the last five published years.' in trend
    labels = set(re.findall(r"<text[^>]*>([^<]+)</text>", trend))
    assert {"2020-21", "2024-25", "Peterborough", "England", "East of England",
            "Statistical neighbours (mean)"} <= labels
    # its text alternative: every year's figures, the median, rank and band, and our own records where we have them
    table = re.search(r'<table class="chart-data-table">.*?</table>', trend).group(0)
    assert ("<tr><th scope=row>2024-25</th><td>38.5</td><td>40.8</td><td>25.5</td><td>46.5</td><td>43.0</td>"
            "<td>64th of 151</td><td>B</td><td>43.4</td></tr>") in table
    assert "<tr><th scope=row>2020-21</th><td>53.7</td>" in table and "<td>–</td></tr>" in table
    bars = re.search(r'<figure class="report-chart" data-indicator="cp_rate" data-chart="neighbour_bars">.*?</figure>',
                     view, re.S).group(0)
    svg_text = set(re.findall(r"<text[^>]*>([^<]+)</text>", bars))
    assert {"Walsall", "Peterborough (this authority)", "Derby", "This authority", "Its statistical neighbours",
            "England 2024-25 40.6"} <= svg_text
    assert "Telford and Wrekin" not in svg_text  # suppressed: no bar, but listed with the reason
    assert "<tr><th scope=row>Telford and Wrekin</th><td>2</td><td>suppressed (c)</td><td>–</td><td>–</td></tr>" in bars
    # the authority's own bar is drawn apart, in the order of best first; the screen reader hears where it is
    table = bars[bars.index('<table class="chart-data-table">'):]
    assert table.index("Walsall") < table.index("Peterborough (this authority)") < table.index("Derby")
    assert ("Peterborough 38.5, 2nd of the 3 published values, best first. Its neighbours from 31.6 (Walsall) to "
            "40.7 (Derby). 1 not published.") in bars
    # our records against the published figure
    assert ('<p class="report-check" data-indicator="cp_rate">Our records give 43.4 per 10,000 for 2024-25; the '
            "published figure is 38.5 per 10,000 (4.9 per 10,000 higher in our records).</p>") in text
    # a volume has no LAIT view, but its published count is still checked against ours
    referrals = text[text.index('<div class="indicator" data-indicator="referrals">'):]
    assert "benchmark-view" not in referrals
    assert "Our records give 2,019 for 2024-25; the published figure is 3,850 (1,831 lower in our records)." \
        in referrals

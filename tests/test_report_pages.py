"""The report's page renderer on its own (the runner/pages package): evidence-style pages with
named SQL fences and components, run against small in-memory DuckDB tables."""

from __future__ import annotations

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
             date '2024-04-01', date '2025-03-31', 17.04, 17.5, date '2025-02-28', 'worsening', 25.0, 'red',
             2024, 22.1, 23.4, 10, 'available'),
            ('referrals', 'Referrals', 'count', 'context', 'ytd',
             date '2024-04-01', date '2025-03-31', 2120.0, 1952.0, date '2025-02-28', 'increasing', null, 'none',
             null, null, null, null, 'available'),
            ('cla_health_pct', 'Annual health assessments', 'percent', 'high', 'snapshot',
             null, null, null, null, null, 'not available', 93.0, 'none',
             null, null, null, null, 'not available')
        ) as t(indicator_id, indicator_name, unit, polarity, headline_period_type, period_start, period_end, value,
               previous_value, previous_period_end, direction_of_travel, target_value, rag_status, benchmark_year,
               england_value, sn_value, sn_count, availability)
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
    with pytest.raises(EmptyResult, match=r"^report/test.md line 3, query empty: the query returned no rows$") as caught:
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
            " value, unit, direction_of_travel, rag_status, '[model](lineage/index.html#!/model/m)' as \"Made in\"\n"
            "from scorecard order by indicator_id desc\n```\n\n<DataTable data={sc} rowId=Indicator/>\n")
    text = render(con, page, RenderContext("Peterborough", lineage_base="../lineage/"))
    assert '<a href="definitions.html#contact_referral_pct">Contacts leading to referral</a>' in text
    assert '<a href="../lineage/index.html#!/model/m">model</a>' in text
    # no previous value to compare with: the judgement in words, and no arrow that could point the wrong way
    assert '<span class="rag rag-red">Red</span>' in text and '<span class="dot dot-worsening">worsening</span>' in text
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


def test_context_sentence_names_period_target_previous_value_and_benchmark_year():
    record = {
        "indicator_name": "Contacts leading to referral", "value": 17.04, "unit": "percent",
        "headline_period_type": "ytd", "period_start": date(2021, 4, 1), "period_end": date(2022, 1, 31),
        "target_value": 25.0, "rag_status": "red", "previous_value": 17.5, "previous_period_end": date(2021, 12, 31),
        "direction_of_travel": "worsening", "england_value": 22.1, "sn_value": 23.4, "sn_count": 10,
        "benchmark_year": 2021,
    }
    assert context_sentence(record, "of contacts became referrals") == (
        "17.0% of contacts became referrals in the year to date (April 2021 to January 2022), against a target "
        "of 25.0% (red). A month earlier (the year to date to December 2021) it was 17.5% (worsening). "
        "In 2020-21 the published figures were England 22.1% and statistical neighbours 23.4% (mean of 10).")
    assert context_sentence({**record, "target_value": None, "england_value": None, "sn_value": None,
                             "previous_value": None}) == (
        "Contacts leading to referral was 17.0% in the year to date (April 2021 to January 2022).")
    with pytest.raises(ValueError, match="without its year"):
        context_sentence({**record, "benchmark_year": None})


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
             1859.0, date '2025-02-28', 'increasing', null, null, 2025, 632830.0, 3336.9, 10, 'available'),
            ('874', 'contact_referral_pct', 'Contacts leading to referral', 'percent', 'high', 'ytd',
             date '2024-04-01', date '2025-03-31', 19.6, 19.8, date '2025-02-28', 'worsening', 25.0, 'red', 2025,
             22.1, 23.4, 10, 'available'),
            ('874', 'cp_rate', 'Children subject to a plan per 10,000', 'rate_per_10k', 'low', 'snapshot',
             date '2025-03-31', date '2025-03-31', 43.4, 44.0, date '2025-02-28', 'improving', null, null, 2025,
             40.6, 46.5, 10, 'available'),
            ('874', 'agency_sw_pct', 'Agency social workers', 'percent', 'low', 'snapshot', date '2025-03-31',
             date '2025-03-31', 21.1, null, null, 'not available', null, null, 2025, 16.2, 9.9, 10, 'available'),
            ('874', 'cla_health_pct', 'Annual health assessments', 'percent', 'high', 'snapshot', null, null, null,
             null, null, 'not available', 93.0, null, null, null, null, null, 'not available')
        ) as t(la_code, indicator_id, indicator_name, unit, polarity, headline_period_type, period_start, period_end,
               value, previous_value, previous_period_end, direction_of_travel, target_value, rag_status,
               benchmark_year, england_value, sn_value, sn_count, availability)
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
    assert warnings == ["warning: report/test.md line 5, query cla_health_pct, <Indicator id=cla_health_pct>: no chart; "
                        "the page says 'Not available for this authority: its records do not include the tables "
                        "this measure needs (x).'"]
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
    cards = re.findall(r'<div class="bigvalue bigvalue-[a-z]+">.*?</div></div>|<div class="bigvalue bigvalue-[a-z]+">'
                       r'(?:(?!<div class="bigvalue ).)*', text)
    contact, cp, referrals = cards
    assert "Target: 25.0% (−5.4 points)" in contact and "England 2024-25: 22.1%" in contact and "rag-red" in contact
    assert "Statistical neighbours 2024-25: 23.4%" in contact
    assert '43.4<span class="bigvalue-unit"> per 10,000</span>' in cp and "England 2024-25: 40.6 per 10,000" in cp
    assert "England" not in referrals and "2,019" in referrals  # a count: never beside England's total


def test_tables_show_words_for_codes_years_as_the_dfe_writes_them_and_arrows_that_follow_the_value(con):
    page = ("```sql t\nselect * from (values ('Re-referrals', 'ytd', 'percent', 'low', 21.2, 20.8, 'worsening', 2025), "
            "('CP rate', 'snapshot', 'rate_per_10k', 'low', 39.0, 39.6, 'improving', 2025)) "
            "t(indicator, headline_period_type, unit, polarity, value, previous_value, direction_of_travel, "
            "benchmark_year)\n```\n\n<DataTable data={t} columns=\"indicator, headline_period_type, polarity, value, "
            "previous_value, direction_of_travel, benchmark_year\"/>\n")
    text = render(con, page)
    assert "<td>Year to date</td>" in text and "<td>Month end</td>" in text and "<td>Lower is better</td>" in text
    assert "<td align=\"right\">2024-25</td>" in text
    # the CP rate went down (39.6 to 39.0): the arrow points down, the word says that is an improvement
    assert '<span class="dot dot-improving">▼ improving</span>' in text
    assert '<span class="dot dot-worsening">▲ worsening</span>' in text

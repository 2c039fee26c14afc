"""Evidence-style report pages: markdown with named SQL fences and a few components.

A page is markdown (the mkdocs source of one report page) plus:

- named SQL fences, run against the report's relations (runner/report.py)::

      ```sql referrals_by_month
      select period_end, value from report_monthly_series where indicator_id = 'contact_referral_pct'
      ```

  A query may use another as `${name}` (inlined as a subquery). Every query must return a row unless
  every component that shows it allows an empty result (`emptySet=pass|warn`).
- components, self-closing tags that start a line (they may run over several lines)::

      <Indicator id=contact_referral_pct text="of contacts led to a referral"/>
      <BigValue data={headline} value=value target=target_value england=england_value benchmarkYear=benchmark_year/>
      <LineChart data={referrals_by_month} x=period_end y=value target=target_value/>
      <BarChart data={findings} x=table_name y=findings swapXY=true/>
      <DataTable data={scorecard_rows} columns="indicator, value, rag_status"/>
      <Context data={headline} text="of contacts became referrals"/>
      <RagSummary data={scorecard_rows}/>
      <Commentary/>

- inline values in text: `{query.column}` (the first row) or `{query[2].column}`.

`render_page` runs the queries through a callable and returns plain markdown with inline HTML and
SVG for mkdocs. Anything wrong with a page (a missing query, an unknown column, a bad attribute, a
failed query, an empty result) raises an error that names the page, the line and the query.

The package, one job per module: parsing (page structure and attribute checks), formatting (values and
codes as words), sentences (text generated from the numbers), charts (Vega-Lite to SVG), figures (what a
chart draws, its caption and its numbers), components (each component's HTML), context (what a renderer
is given) and rendering (running a page's queries and putting it together).
"""

from runner.pages.context import RenderContext
from runner.pages.formatting import (
    LABELS,
    format_cell,
    format_date,
    format_number,
    fy_label,
    label,
    period_label,
    period_phrase,
)
from runner.pages.parsing import EmptyResult, Page, PageError, QueryFailed, QueryRunner, Result, parse_page
from runner.pages.rendering import render_page
from runner.pages.sentences import context_sentence, rag_counts, rag_summary

__all__ = [
    "LABELS", "EmptyResult", "Page", "PageError", "QueryFailed", "QueryRunner", "RenderContext", "Result",
    "context_sentence", "format_cell", "format_date", "format_number", "fy_label", "label", "parse_page",
    "period_label", "period_phrase", "rag_counts", "rag_summary", "render_page",
]

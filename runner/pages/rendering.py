"""Rendering a parsed page: run its queries, put inline values in its text, render its components, and list
its queries at its foot. The result is markdown with inline HTML and SVG, for mkdocs.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

from runner.pages.components import RENDERERS
from runner.pages.context import Call, RenderContext, esc
from runner.pages.formatting import format_cell
from runner.pages.parsing import (
    INLINE,
    SPECS,
    Component,
    EmptyResult,
    Page,
    PageError,
    QueryFailed,
    QueryRunner,
    Result,
    column_list,
    number,
)

#: charts drawn at once while a page is rendered (vl-convert draws each in its own worker)
CHART_WORKERS = min(4, os.cpu_count() or 1)


def render_page(page: Page, run_query: QueryRunner, ctx: RenderContext | None = None) -> str:
    """Run every query and return the page as mkdocs markdown (components as inline HTML and SVG). The
    charts' SVGs are drawn several at once and put in their places at the end."""
    ctx = ctx or RenderContext()
    ctx.charts = 0
    ctx.svgs = {}
    with ThreadPoolExecutor(max_workers=CHART_WORKERS, thread_name_prefix="chart") as pool:
        ctx.executor = pool
        try:
            text = _render(page, run_query, ctx)
            return SVG_PLACEHOLDER.sub(lambda m: ctx.svgs[m.group(0)].result(), text)
        finally:
            ctx.executor = None
            for future in ctx.svgs.values():
                future.cancel()
            ctx.svgs = {}


SVG_PLACEHOLDER = re.compile(r"<!--csc-svg-\d+-->")


def _render(page: Page, run_query: QueryRunner, ctx: RenderContext) -> str:
    results: dict[str, Result] = {}
    uses: dict[str, list[Component]] = {name: [] for name in page.queries}
    for component in page.components():
        for name in component.refs():
            uses[name].append(component)
    inline_names = {name for _line, name, _row, _column in page.inline_refs()}
    for name, query in page.queries.items():
        try:
            result = run_query(page.expanded_sql(name))
        except QueryFailed as exc:
            raise PageError(f"{page.path} line {query.line}, query {name}: {exc}") from exc
        allows_empty = bool(uses[name]) and name not in inline_names and all(
            _allows_empty(c, name) for c in uses[name])
        if not result.rows and not allows_empty:
            raise EmptyResult(f"{page.path} line {query.line}, query {name}: the query returned no rows")
        results[name] = result

    out: list[str] = []
    for block in page.blocks:
        if block.kind == "text":
            out.extend(_inline_values(text, block.line + k, page, results) for k, text in enumerate(block.lines))
        elif block.kind == "code":
            out.extend(block.lines)
        elif block.kind == "query":
            continue  # listed together at the end of the page
        else:
            component = block.component
            name = component.get("data")
            where = f"{page.path} line {component.line}" + (f", query {name}" if name else "")
            result = results[name] if name else Result((), (), ())
            if name and not result.rows and component.name != "Indicator":
                message = component.get("emptyMessage", "No data for this authority.")
                if component.get("emptySet") == "warn":
                    ctx.warn(f"warning: {where}: no rows; the page says {message!r}")
                if message:  # emptyMessage="" shows nothing at all
                    out += ["", f'<p class="report-empty">{esc(message)}</p>', ""]
                continue
            _check_columns(component, result, where)
            rendered = RENDERERS[component.name](Call(component, result, results, where, ctx))
            if rendered:
                out += ["", rendered, ""]
    out.extend(_query_listing(page))
    return "\n".join(out).rstrip() + "\n"


def _allows_empty(component: Component, query: str) -> bool:
    """An Indicator says itself what is missing (no scorecard row, or why there is no chart); otherwise
    emptySet decides."""
    if component.name == "Indicator":
        return True
    return component.get("emptySet", "error") != "error"


def _check_columns(component: Component, result: Result, where: str) -> None:
    spec = SPECS[component.name]
    if "data" not in spec.required:
        return
    for key in sorted(spec.columns & set(component.attrs)):
        column = component.attrs[key].value
        if column not in result.columns:
            raise PageError(f"{where}: <{component.name}> {key}={column}: the query has no column {column} "
                            f"(columns: {', '.join(result.columns)})")
    for key in sorted(spec.number_or_column & set(component.attrs)):
        value = component.attrs[key].value
        if number(value) is None and value not in result.columns:
            raise PageError(f"{where}: <{component.name}> {key}={value}: neither a number nor a column of the query "
                            f"(columns: {', '.join(result.columns)})")
    if component.get("columns"):
        for column in column_list(component.get("columns")):
            if column not in result.columns:
                raise PageError(f"{where}: <{component.name}> columns: the query has no column {column} "
                                f"(columns: {', '.join(result.columns)})")


def _inline_values(text: str, line: int, page: Page, results: dict[str, Result]) -> str:
    def value(match: re.Match) -> str:
        name, row, column = match["query"], int(match["row"] or 0), match["column"]
        result = results[name]
        where = f"{page.path} line {line}, query {name}"
        if column not in result.columns:
            raise PageError(f"{where}: {{{match.group(0)[1:-1]}}}: the query has no column {column} "
                            f"(columns: {', '.join(result.columns)})")
        if row >= len(result.rows):
            raise PageError(f"{where}: {{{match.group(0)[1:-1]}}}: the query returned {len(result.rows)} row(s)")
        record = result.records()[row]
        return esc(format_cell(record[column], result.type_of(column), record.get("unit"), long=True))

    parts = re.split(r"(`[^`]*`)", text)
    return "".join(part if k % 2 else INLINE.sub(value, part) for k, part in enumerate(parts))


def _query_listing(page: Page) -> list[str]:
    """One collapsed block at the end of the page with every query, so an analyst is one click from how
    each number on it was made."""
    if not page.queries:
        return []
    out = ["", f'??? query "How this page is made: its {len(page.queries)} queries"', ""]
    for query in page.queries.values():
        by = f" (added by <{query.added_by}/>)" if query.added_by else ""
        out += [f"    `{query.name}`{by}", "", "    ```sql", *("    " + line if line else "" for line in
                                                               query.sql.splitlines()), "    ```", ""]
    return out

"""Evidence-style report pages: markdown with named SQL fences and a few components.

A page is markdown (the mkdocs source of one report page) plus:

- named SQL fences, run against the report's relations (runner/report.py)::

      ```sql referrals_by_month
      select period_end, value from monthly_values where indicator_id = 'contact_referral_pct'
      ```

  A query may use another as `${name}` (inlined as a subquery). Every query must return a row unless
  every component that shows it allows an empty result (`emptySet=pass|warn`).
- components, self-closing tags that start a line (they may run over several lines)::

      <BigValue data={headline} value=value comparison=target_value comparisonTitle="Target"/>
      <LineChart data={referrals_by_month} x=period_end y=value target=target_value/>
      <BarChart data={findings} x=table_name y=findings swapXY=true/>
      <DataTable data={scorecard_rows} columns="indicator, value, rag_status"/>
      <Context data={headline} text="of contacts became referrals"/>

- inline values in text: `{query.column}` (the first row) or `{query[2].column}`.

`render_page` runs the queries through a callable and returns plain markdown with inline HTML and
SVG for mkdocs. Anything wrong with a page (a missing query, an unknown column, a bad attribute, a
failed query, an empty result) raises an error that names the page, the line and the query.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from runner.errors import BadInput, BuildFailed


class PageError(BadInput):
    """A page that cannot be rendered as written (exit 2): the message names page, line and query."""


class EmptyResult(BuildFailed):
    """A query returned no rows where the page needs some (exit 1)."""


class QueryFailed(Exception):
    """Raised by a query runner with a one-line reason (the page, line and query are added to it)."""


@dataclass(frozen=True)
class Result:
    """A query's result: column names, DuckDB type names (e.g. DATE, DOUBLE, VARCHAR) and rows."""

    columns: tuple[str, ...]
    types: tuple[str, ...]
    rows: tuple[tuple, ...]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def type_of(self, column: str) -> str:
        return self.types[self.columns.index(column)].upper()


QueryRunner = Callable[[str], Result]

# --- page structure -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attr:
    value: str
    is_ref: bool = False  # written {name}


@dataclass
class Query:
    name: str
    sql: str
    line: int


@dataclass
class Component:
    name: str
    attrs: dict[str, Attr]
    line: int

    def get(self, key: str, default: str | None = None) -> str | None:
        attr = self.attrs.get(key)
        return attr.value if attr else default


@dataclass
class Block:
    kind: str  # text | code | query | component
    line: int
    lines: list[str] = field(default_factory=list)
    query: Query | None = None
    component: Component | None = None


@dataclass
class Page:
    path: str
    blocks: list[Block]
    queries: dict[str, Query]

    def components(self) -> list[Component]:
        return [b.component for b in self.blocks if b.component is not None]

    def inline_refs(self) -> list[tuple[int, str, int, str]]:
        """(line, query, row, column) of every inline value in the text."""
        refs = []
        for block in self.blocks:
            if block.kind == "text":
                for offset, text in enumerate(block.lines):
                    for match in _inline_matches(text):
                        refs.append((block.line + offset, match["query"], int(match["row"] or 0), match["column"]))
        return refs

    def expanded_sql(self, name: str) -> str:
        """The query's SQL with every ${other} inlined as a subquery."""
        return _expand(self, name, ())

    def relations(self) -> set[str]:
        """The relations (tables and views) the page's queries read, by name."""
        import duckdb

        names: set[str] = set()
        for query in self.queries.values():
            try:
                names |= {n.split(".")[-1] for n in duckdb.get_table_names(self.expanded_sql(query.name))}
            except duckdb.Error as exc:
                raise PageError(f"{self.path} line {query.line}, query {query.name}: {_first_line(exc)}") from exc
        return names


@dataclass(frozen=True)
class Spec:
    required: frozenset[str]
    optional: frozenset[str]
    #: attributes that name a column of the data
    columns: frozenset[str] = frozenset()
    #: attributes that are a number or name a column
    number_or_column: frozenset[str] = frozenset()


EMPTY_ATTRS = frozenset({"emptySet", "emptyMessage"})
CHART_ATTRS = frozenset({
    "series", "title", "subtitle", "xAxisTitle", "yAxisTitle", "target", "targetLabel", "england", "region",
    "neighbours", "benchmarkYear", "yMin", "fmt",
}) | EMPTY_ATTRS
CHART_NUMBER_OR_COLUMN = frozenset({"target", "england", "region", "neighbours", "benchmarkYear"})
SPECS: dict[str, Spec] = {
    "BigValue": Spec(
        frozenset({"data", "value"}),
        frozenset({"title", "label", "comparison", "comparisonTitle", "fmt", "status"}) | EMPTY_ATTRS,
        columns=frozenset({"value", "label", "comparison", "status"}),
    ),
    "LineChart": Spec(frozenset({"data", "x", "y"}), CHART_ATTRS, frozenset({"x", "y", "series"}),
                      CHART_NUMBER_OR_COLUMN),
    "BarChart": Spec(frozenset({"data", "x", "y"}), CHART_ATTRS | {"swapXY"}, frozenset({"x", "y", "series"}),
                     CHART_NUMBER_OR_COLUMN),
    "DataTable": Spec(frozenset({"data"}), frozenset({"title", "columns", "rows", "rowId"}) | EMPTY_ATTRS,
                      frozenset({"rowId"})),
    "Context": Spec(frozenset({"data"}), frozenset({"text"}) | EMPTY_ATTRS),
}
FORMATS = ("percent", "count", "rate_per_10k", "days", "number")
ENUMS = {"emptySet": ("error", "warn", "pass"), "fmt": FORMATS, "swapXY": ("true", "false")}

FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})\s*(?P<info>.*?)\s*$")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
COMPONENT = re.compile(r"^<(?P<name>[A-Z][A-Za-z0-9]*)(?=[\s/>]|$)")
INLINE = re.compile(
    r"\{(?P<query>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<row>\d+)\])?\.(?P<column>[A-Za-z_][A-Za-z0-9_]*)\}"
)
QUERY_REF = re.compile(r"\$\{\s*(?P<name>[^}\s]*)\s*\}")
ATTR = re.compile(
    r"\s*(?P<key>[A-Za-z][A-Za-z0-9_]*)"
    r"(?:\s*=\s*(?:\{\s*(?P<ref>[^{}]*?)\s*\}|\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'{}<>=]+)))?"
)


def parse_page(text: str, path: str) -> Page:
    """Split a page into text, code, query and component blocks, and check its components' attributes."""
    lines = text.splitlines()
    blocks: list[Block] = []
    queries: dict[str, Query] = {}
    i = 0

    def fail(line: int, message: str) -> PageError:
        return PageError(f"{path} line {line}: {message}")

    def text_block(line: int) -> Block:
        if not blocks or blocks[-1].kind != "text":
            blocks.append(Block("text", line))
        return blocks[-1]

    while i < len(lines):
        line = lines[i]
        number = i + 1
        fence = FENCE.match(line)
        if fence:
            marker, info = fence["fence"], fence["info"]
            end = _closing_fence(lines, i + 1, marker)
            if end is None:
                raise fail(number, f"the code fence {marker}{info} is never closed")
            words = info.split()
            if words and words[0].lower() == "sql":
                if len(words) != 2 or not IDENT.match(words[1]):
                    raise fail(number, "a SQL fence needs one name made of letters, digits and _ "
                                       "(```sql referrals_by_month)")
                name = words[1]
                if name in queries:
                    raise fail(number, f"query {name} is defined twice (first at line {queries[name].line})")
                query = Query(name, "\n".join(lines[i + 1:end]).strip().rstrip(";"), number)
                if not query.sql:
                    raise fail(number, f"query {name} is empty")
                queries[name] = query
                blocks.append(Block("query", number, query=query))
            else:
                blocks.append(Block("code", number, lines[i:end + 1]))
            i = end + 1
            continue
        start = COMPONENT.match(line)
        if start:
            tag_lines = [line]
            while not tag_lines[-1].rstrip().endswith("/>"):
                if i + len(tag_lines) >= len(lines) or not lines[i + len(tag_lines)].strip():
                    raise fail(number, f"<{start['name']} is not closed: a component ends with />")
                tag_lines.append(lines[i + len(tag_lines)])
            blocks.append(Block("component", number, component=_parse_component(" ".join(tag_lines), number, fail)))
            i += len(tag_lines)
            continue
        text_block(number).lines.append(line)
        i += 1

    page = Page(path, blocks, queries)
    for name, query in queries.items():
        _expand(page, name, ())  # unknown or circular ${...}
        del query
    for component in page.components():
        data = component.attrs["data"]
        if not data.is_ref:
            raise fail(component.line, f"{component.name} data={data.value}: write data={{query_name}}")
        if data.value not in queries:
            raise fail(component.line, f"{component.name} data={{{data.value}}}: no query named {data.value} on this "
                                       f"page{_known(queries)}")
    for line, name, _row, _column in page.inline_refs():
        if name not in queries:
            raise fail(line, f"{{{name}...}}: no query named {name} on this page{_known(queries)}")
    return page


def _known(queries: Iterable[str]) -> str:
    names = sorted(queries)
    return f" (queries: {', '.join(names)})" if names else " (it has no queries)"


def _closing_fence(lines: list[str], start: int, marker: str) -> int | None:
    for j in range(start, len(lines)):
        stripped = lines[j].strip()
        if stripped and set(stripped) == {marker[0]} and len(stripped) >= len(marker):
            return j
    return None


def _parse_component(tag: str, line: int, fail: Callable[[int, str], PageError]) -> Component:
    tag = tag.strip()
    name = COMPONENT.match(tag)["name"]
    if name not in SPECS:
        raise fail(line, f"<{name}>: unknown component (known: {', '.join(SPECS)})")
    body = tag[len(name) + 1:-2]
    attrs: dict[str, Attr] = {}
    pos = 0
    while body[pos:].strip():
        match = ATTR.match(body, pos)
        if not match or match.end() == pos:
            raise fail(line, f"<{name}>: cannot read the attributes from {body[pos:].strip()[:40]!r}")
        key = match["key"]
        if key in attrs:
            raise fail(line, f"<{name}>: attribute {key} is given twice")
        if match["ref"] is not None:
            attrs[key] = Attr(match["ref"], is_ref=True)
        else:
            value = next((v for v in (match["dq"], match["sq"], match["bare"]) if v is not None), "true")
            attrs[key] = Attr(value)
        pos = match.end()
    spec = SPECS[name]
    unknown = sorted(set(attrs) - spec.required - spec.optional)
    if unknown:
        allowed = ", ".join(sorted(spec.required | spec.optional))
        raise fail(line, f"<{name}>: unknown attribute {', '.join(unknown)} (allowed: {allowed})")
    missing = sorted(spec.required - set(attrs))
    if missing:
        raise fail(line, f"<{name}>: missing attribute {', '.join(missing)}")
    for key, attr in attrs.items():
        if key != "data" and attr.is_ref:
            raise fail(line, f"<{name}> {key}={{{attr.value}}}: only data takes a {{query}}")
        if key in ENUMS and attr.value not in ENUMS[key]:
            raise fail(line, f"<{name}> {key}={attr.value}: must be one of {', '.join(ENUMS[key])}")
    for key in ("rows",):
        if key in attrs and not (attrs[key].value.isdigit() and int(attrs[key].value) > 0):
            raise fail(line, f"<{name}> {key}={attrs[key].value}: must be a whole number above 0")
    if "yMin" in attrs and _number(attrs["yMin"].value) is None:
        raise fail(line, f"<{name}> yMin={attrs['yMin'].value}: must be a number")
    return Component(name, attrs, line)


def _expand(page: Page, name: str, seen: tuple[str, ...]) -> str:
    query = page.queries[name]

    def inline(match: re.Match) -> str:
        ref = match["name"]
        if ref not in page.queries:
            raise PageError(f"{page.path} line {query.line}, query {name}: ${{{ref}}} names no query on this page"
                            f"{_known(page.queries)}")
        if ref in seen or ref == name:
            raise PageError(f"{page.path} line {query.line}, query {name}: ${{{ref}}} refers back to itself "
                            f"({' -> '.join((*seen, name, ref))})")
        return f"({_expand(page, ref, (*seen, name))})"

    return QUERY_REF.sub(inline, query.sql)


# --- rendering ------------------------------------------------------------------------------------


@dataclass
class RenderContext:
    """What a page needs to know about where it is rendered."""

    #: the series label of the authority's own values in charts, e.g. "Peterborough"
    authority_name: str = "This authority"
    #: where the dbt docs (lineage) are, relative to the page, with a trailing slash
    lineage_base: str = "lineage/"
    #: where a warning goes (emptySet=warn)
    warn: Callable[[str], None] = print
    #: a prefix for ids inside the page's SVG charts (inline SVGs share one id space)
    id_prefix: str = "page"


def render_page(page: Page, run_query: QueryRunner, ctx: RenderContext | None = None) -> str:
    """Run every query and return the page as mkdocs markdown (components as inline HTML and SVG)."""
    ctx = ctx or RenderContext()
    results: dict[str, Result] = {}
    uses: dict[str, list[Component]] = {name: [] for name in page.queries}
    for component in page.components():
        uses[component.attrs["data"].value].append(component)
    inline_names = {name for _line, name, _row, _column in page.inline_refs()}
    for name, query in page.queries.items():
        try:
            result = run_query(page.expanded_sql(name))
        except QueryFailed as exc:
            raise PageError(f"{page.path} line {query.line}, query {name}: {exc}") from exc
        allows_empty = bool(uses[name]) and name not in inline_names and all(
            c.get("emptySet", "error") != "error" for c in uses[name])
        if not result.rows and not allows_empty:
            raise EmptyResult(f"{page.path} line {query.line}, query {name}: the query returned no rows")
        results[name] = result

    out: list[str] = []
    charts = 0
    for block in page.blocks:
        if block.kind == "text":
            out.extend(_inline_values(text, block.line + k, page, results) for k, text in enumerate(block.lines))
        elif block.kind == "code":
            out.extend(block.lines)
        elif block.kind == "query":
            continue  # listed together at the end of the page
        else:
            component = block.component
            name = component.attrs["data"].value
            where = f"{page.path} line {component.line}, query {name}"
            result = results[name]
            if not result.rows:
                message = component.get("emptyMessage") or "No data for this authority."
                if component.get("emptySet") == "warn":
                    ctx.warn(f"warning: {where}: no rows; the page says {message!r}")
                out += ["", f'<p class="report-empty">{_esc(message)}</p>', ""]
                continue
            _check_columns(component, result, where)
            if component.name in ("LineChart", "BarChart"):
                charts += 1
                rendered = _chart(component, result, where, ctx, f"{ctx.id_prefix}-c{charts}")
            else:
                rendered = RENDERERS[component.name](component, result, where, ctx)
            out += ["", rendered, ""]
    out.extend(_query_listing(page))
    return "\n".join(out).rstrip() + "\n"


def _check_columns(component: Component, result: Result, where: str) -> None:
    spec = SPECS[component.name]
    for key in sorted(spec.columns & set(component.attrs)):
        _column(component, key, result, where)
    for key in sorted(spec.number_or_column & set(component.attrs)):
        value = component.attrs[key].value
        if _number(value) is None and value not in result.columns:
            raise PageError(f"{where}: <{component.name}> {key}={value}: neither a number nor a column of the query "
                            f"(columns: {', '.join(result.columns)})")
    if component.get("columns"):
        for column in _column_list(component.get("columns")):
            if column not in result.columns:
                raise PageError(f"{where}: <{component.name}> columns: the query has no column {column} "
                                f"(columns: {', '.join(result.columns)})")


def _column(component: Component, key: str, result: Result, where: str) -> str:
    column = component.attrs[key].value
    if column not in result.columns:
        raise PageError(f"{where}: <{component.name}> {key}={column}: the query has no column {column} "
                        f"(columns: {', '.join(result.columns)})")
    return column


def _column_list(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def _inline_matches(text: str) -> list[re.Match]:
    """Inline values outside `code spans`."""
    matches = []
    for k, part in enumerate(re.split(r"(`[^`]*`)", text)):
        if k % 2 == 0:
            matches.extend(INLINE.finditer(part))
    return matches


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
        return _esc(format_cell(record[column], result.type_of(column), record.get("unit"), long=True))

    parts = re.split(r"(`[^`]*`)", text)
    return "".join(part if k % 2 else INLINE.sub(value, part) for k, part in enumerate(parts))


def _query_listing(page: Page) -> list[str]:
    """One collapsed block at the end of the page with every query, so an analyst is one click from how
    each number on it was made."""
    if not page.queries:
        return []
    out = ["", f'??? query "How this page is made: its {len(page.queries)} queries"', ""]
    for query in page.queries.values():
        out += [f"    `{query.name}`", "", "    ```sql", *("    " + line if line else "" for line in
                                                         query.sql.splitlines()), "    ```", ""]
    return out


# --- formatting -----------------------------------------------------------------------------------

UNIT_SUFFIX = {"percent": "%", "rate_per_10k": " per 10,000", "days": " days"}
MEASURE_TYPES = ("DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC")
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "INT")


def _number(value: str) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def format_number(value: float | int | None, unit: str | None = None, long: bool = False) -> str:
    """A value for display: percentages and rates to one decimal place, counts with thousands separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    value = float(value)
    if unit == "count" or (unit is None and value.is_integer() and abs(value) < 1e15):
        text = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    else:
        text = f"{value:,.1f}"
    if unit == "percent":
        return text + "%"
    if long and unit in UNIT_SUFFIX:
        return text + UNIT_SUFFIX[unit]
    return text


def format_date(value: date | datetime, long: bool = False) -> str:
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.day} {value:%B %Y}" if long else f"{value.day} {value:%b %Y}"


def format_cell(value: object, type_name: str = "", unit: str | None = None, long: bool = False) -> str:
    """Any value for display: numbers (by unit where the row has one), dates, text."""
    type_name = type_name.upper()
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date | datetime):
        return format_date(value, long)
    if isinstance(value, int | float) or type_name.startswith(MEASURE_TYPES + INTEGER_TYPES):
        is_measure = type_name.startswith(MEASURE_TYPES) or isinstance(value, float)
        return format_number(float(value), unit if (unit and is_measure) else None, long)
    return str(value)


def fy_label(year: object) -> str:
    """A benchmark year (the year ending 31 March N) as the DfE writes it: 2025 -> 2024-25."""
    if year is None:
        return ""
    text = str(year).strip()
    if text.isdigit() and len(text) == 4:
        n = int(text)
        return f"{n - 1}-{n % 100:02d}"
    return text


def period_phrase(period_type: str | None, start: date | None, end: date | None) -> str:
    """The period a value covers, in words: 'in the year to date (April 2025 to March 2026)'."""
    if end is None:
        return ""
    if period_type == "month":
        return f"in {end:%B %Y}"
    if period_type == "ytd":
        if start is None or (start.year, start.month) == (end.year, end.month):
            return f"in the year to date ({end:%B %Y})"
        return f"in the year to date ({start:%B %Y} to {end:%B %Y})"
    if period_type == "rolling_12m":
        return f"in the 12 months to {end:%B %Y}"
    if period_type == "fy" and start is not None:
        return f"in {start.year}-{end.year % 100:02d}"
    return f"at {format_date(end, long=True)}"


def period_label(period_type: str | None, start: date | None, end: date | None) -> str:
    """The same, short, for a caption: 'Year to date, Apr 2025 to Mar 2026'."""
    if end is None:
        return ""
    if period_type == "month":
        return f"{end:%B %Y}"
    if period_type == "ytd":
        return f"Year to date, {start:%b %Y} to {end:%b %Y}" if start else f"Year to date to {end:%b %Y}"
    if period_type == "rolling_12m":
        return f"12 months to {end:%b %Y}"
    if period_type == "fy" and start is not None:
        return f"{start.year}-{end.year % 100:02d}"
    return f"At {format_date(end)}"


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


# --- components -----------------------------------------------------------------------------------

RAG_LABEL = {"green": "Green", "amber": "Amber", "red": "Red", "none": "–"}
DIRECTION_LABEL = {
    "improving": "▲ improving", "worsening": "▼ worsening", "increasing": "↗ increasing",
    "decreasing": "↘ decreasing", "no change": "→ no change", "not available": "–",
    # the scorecard's direction of travel since issue 11 (its judgement is direction_judgement)
    "up": "↗ up", "down": "↘ down", "no_change": "→ no change",
}
LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)$")


def _unit_for(component: Component, record: dict) -> str | None:
    return component.get("fmt") or record.get("unit")


def _big_value(component: Component, result: Result, where: str, ctx: RenderContext) -> str:
    value_column = component.get("value")
    cards = []
    for record in result.records():
        unit = _unit_for(component, record)
        title = record.get(component.get("label")) if component.get("label") else None
        title = title or component.get("title") or record.get("indicator_name") or value_column
        value = record[value_column]
        value_text = format_number(value, unit, long=True) if value is not None else "not available"
        period = period_label(_period_type(record), record.get("period_start"), record.get("period_end"))
        status = str(record.get(component.get("status")) or "none") if component.get("status") else "none"
        parts = [f'<div class="bigvalue-title">{_esc(title)}</div>',
                 f'<div class="bigvalue-value">{_esc(value_text)}</div>']
        if period:
            parts.append(f'<div class="bigvalue-period">{_esc(period)}</div>')
        if component.get("comparison"):
            comparison = record[component.get("comparison")]
            label = component.get("comparisonTitle") or component.get("comparison")
            if comparison is not None:
                difference = float(value) - float(comparison) if value is not None else None
                delta = ""
                if difference is not None:
                    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
                    points = " points" if unit == "percent" else ""
                    delta = f" ({sign}{format_number(abs(difference), None if unit == 'percent' else unit)}{points})"
                parts.append(f'<div class="bigvalue-comparison">{_esc(label)}: '
                             f'{_esc(format_number(comparison, unit, long=True))}{_esc(delta)}</div>')
        if status in RAG_LABEL and status != "none":
            badge = f'<span class="rag rag-{status}">{RAG_LABEL[status]}</span>'
            parts.append(f'<div class="bigvalue-status">{badge}</div>')
        cards.append(f'<div class="bigvalue bigvalue-{_esc(status)}">{"".join(parts)}</div>')
    return f'<div class="bigvalues">{"".join(cards)}</div>'


def _link(text: str, ctx: RenderContext) -> str | None:
    match = LINK.match(text)
    if not match:
        return None
    href = match["href"]
    if href.startswith("lineage/"):
        href = ctx.lineage_base + href[len("lineage/"):]
    elif not re.match(r"^[a-z]+:", href):
        href = re.sub(r"\.md(?=$|#)", ".html", href)
    return f'<a href="{_esc(href)}">{_esc(match["text"])}</a>'


BENCHMARK_COLUMNS = ("england_value", "region_value", "sn_value")


def _data_table(component: Component, result: Result, where: str, ctx: RenderContext) -> str:
    columns = _column_list(component.get("columns")) if component.get("columns") else [
        c for c in result.columns if c != "unit"]
    shown = [c for c in columns if c in BENCHMARK_COLUMNS]
    if shown and not any("year" in c.lower() for c in columns):
        raise PageError(f"{where}: <DataTable> shows {', '.join(shown)} without a benchmark year column "
                        "(a benchmark is always shown with its year)")
    limit = int(component.get("rows") or 0) or len(result.rows)
    row_id = component.get("rowId")
    head = "".join(f'<th{_align(result.type_of(c))}>{_esc(_heading(c))}</th>' for c in columns)
    body = []
    for record in result.records()[:limit]:
        cells = []
        for column in columns:
            value = record[column]
            type_name = result.type_of(column)
            if column == "rag_status" and value in RAG_LABEL:
                cell = f'<span class="rag rag-{value}">{RAG_LABEL[value]}</span>' if value != "none" else "–"
            elif column == "direction_of_travel" and value in DIRECTION_LABEL:
                cell = f'<span class="dot dot-{value.replace(" ", "-")}">{_esc(DIRECTION_LABEL[value])}</span>'
            else:
                text = format_cell(value, type_name, record.get("unit"))
                cell = _link(text, ctx) or re.sub(r"`([^`]+)`", r"<code>\1</code>", _esc(text))
            cells.append(f"<td{_align(type_name)}>{cell}</td>")
        id_attr = f' id="{_esc(_slug(record[row_id]))}"' if row_id and record[row_id] is not None else ""
        body.append(f"<tr{id_attr}>{''.join(cells)}</tr>")
    caption = f"<caption>{_esc(component.get('title'))}</caption>" if component.get("title") else ""
    more = (f'<p class="datatable-more">The first {limit} of {len(result.rows)} rows.</p>'
            if limit < len(result.rows) else "")
    return (f'<div class="datatable"><table>{caption}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{more}</div>')


def _align(type_name: str) -> str:
    return ' align="right"' if type_name.upper().startswith(MEASURE_TYPES + INTEGER_TYPES) else ""


#: column headings for the report's usual columns (others: underscores to spaces, first letter capital)
HEADINGS = {
    "rag_status": "RAG", "direction_of_travel": "Direction of travel", "england_value": "England",
    "sn_value": "Statistical neighbours", "region_value": "Region", "target_value": "Target",
    "previous_value": "A month earlier", "indicator_name": "Indicator", "la_code": "LA", "la_name": "Authority",
}


def _heading(column: str) -> str:
    if column in HEADINGS:
        return HEADINGS[column]
    if IDENT.match(column) and column.lower() == column:
        text = column.replace("_", " ")
        return text[:1].upper() + text[1:]
    return column


def _slug(value: object) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", str(value)).strip("-")


CONTEXT_REQUIRED = ("value", "unit", "period_type", "period_start", "period_end")


def _previous_period(period_type: str | None, end: date) -> str:
    """The period a month earlier, in words, for 'A month earlier (...) it was'."""
    return {
        "ytd": f"the year to date to {end:%B %Y}",
        "rolling_12m": f"the 12 months to {end:%B %Y}",
        "month": f"{end:%B %Y}",
    }.get(period_type or "", f"at {format_date(end, long=True)}")


def _period_type(record: dict) -> str | None:
    """The period type of a row: period_type, or the scorecard's headline_period_type."""
    return record.get("period_type") or record.get("headline_period_type")


def context_sentence(record: dict, text: str | None = None) -> str:
    """A sentence of context generated from one scorecard-shaped row (value, unit, period; target, previous
    value, benchmarks with their year where the row has them)."""
    unit = record.get("unit")
    name = record.get("indicator_name") or "The indicator"
    value = record.get("value")
    period = period_phrase(_period_type(record), record.get("period_start"), record.get("period_end"))
    if value is None:
        reason = record.get("availability")
        if reason == "not available":
            return f"{name}: not available for this authority (its records do not include the data it needs)."
        return f"{name}: no value{' ' + period if period else ''} (nothing to count in the period)."
    value_text = format_number(value, unit, long=True)
    sentence = f"{value_text} {text} {period}" if text else f"{name} was {value_text} {period}"
    sentence = sentence.strip()
    target = record.get("target_value")
    if target is not None:
        sentence += f", against a target of {format_number(target, unit, long=True)}"
        rag = record.get("rag_status")
        if rag in ("green", "amber", "red"):
            sentence += f" ({rag})"
    sentence += "."
    previous = record.get("previous_value")
    if previous is not None:
        direction = record.get("direction_of_travel")
        if record.get("direction_basis") == "previous_month_end":  # the judgement is of this month's change
            direction = {"better": "improving", "worse": "worsening"}.get(record.get("direction_judgement"))
        elif "direction_basis" in record:  # judged against the same time last year, not the month before
            direction = None
        trend = f" ({direction})" if direction in ("improving", "worsening") else ""
        when = record.get("previous_period_end")
        when_text = f" ({_previous_period(_period_type(record), when)})" if when else ""
        sentence += f" A month earlier{when_text} it was {format_number(previous, unit, long=True)}{trend}."
    benchmarks = []
    if record.get("england_value") is not None:
        benchmarks.append(f"England {format_number(record['england_value'], unit, long=True)}")
    if record.get("region_value") is not None:
        benchmarks.append(f"{record.get('region_name') or 'the region'} "
                          f"{format_number(record['region_value'], unit, long=True)}")
    if record.get("sn_value") is not None:
        count = record.get("sn_count")
        of = f" (mean of {count})" if count else ""
        benchmarks.append(f"statistical neighbours {format_number(record['sn_value'], unit, long=True)}{of}")
    if benchmarks:
        year = fy_label(record.get("benchmark_year"))
        if not year:
            raise ValueError("a benchmark is shown without its year (benchmark_year is empty)")
        listed = benchmarks[0] if len(benchmarks) == 1 else ", ".join(benchmarks[:-1]) + " and " + benchmarks[-1]
        sentence += f" In {year} the published figures were {listed}."
    return sentence[:1].upper() + sentence[1:]


def _context(component: Component, result: Result, where: str, ctx: RenderContext) -> str:
    missing = [c for c in CONTEXT_REQUIRED if c not in result.columns
               and not (c == "period_type" and "headline_period_type" in result.columns)]
    if missing:
        raise PageError(f"{where}: <Context> needs the columns {', '.join(CONTEXT_REQUIRED)}; "
                        f"the query has no {', '.join(missing)}")
    paragraphs = []
    for record in result.records():
        try:
            paragraphs.append(context_sentence(record, component.get("text")))
        except ValueError as exc:
            raise PageError(f"{where}: <Context>: {exc}") from exc
    return "".join(f'<p class="report-context">{_esc(p)}</p>' for p in paragraphs)


def _chart(component: Component, result: Result, where: str, ctx: RenderContext, id_prefix: str) -> str:
    from runner import charts

    x, y = component.get("x"), component.get("y")
    series = component.get("series")
    records = result.records()
    x_type = result.type_of(x)
    if not result.type_of(y).startswith(MEASURE_TYPES + INTEGER_TYPES):
        raise PageError(f"{where}: <{component.name}> y={y}: the column is {result.type_of(y)}, not a number")
    unit = component.get("fmt") or next((r.get("unit") for r in records if r.get("unit")), None)
    points = [{"x": _json_value(r[x]), "y": float(r[y]),
               "series": str(r[series]) if series else ctx.authority_name}
              for r in records if r[y] is not None and r[x] is not None]
    target_line = []
    rules: list[tuple[str, float, str]] = []
    target = component.get("target")
    target_label = component.get("targetLabel") or "Target"
    if target is not None:
        if _number(target) is not None:
            rules.append((f"{target_label} {format_number(_number(target), unit)}", _number(target), "target"))
        else:
            values = {r[target] for r in records if r[target] is not None}
            if len(values) == 1:
                only = float(values.pop())
                rules.append((f"{target_label} {format_number(only, unit)}", only, "target"))
            elif values:
                target_line = [{"x": _json_value(r[x]), "y": float(r[target]), "series": target_label}
                               for r in records if r[target] is not None and r[x] is not None]
    benchmark_year = component.get("benchmarkYear")
    for key, label, style in (("england", "England", "england"), ("region", "Region", "region"),
                              ("neighbours", "Statistical neighbours", "neighbours")):
        attr = component.get(key)
        if attr is None:
            continue
        if _number(attr) is not None:
            value = _number(attr)
        else:
            value = next((float(r[attr]) for r in records if r[attr] is not None), None)
        if value is None:
            continue
        if key == "region" and "region_name" in result.columns:
            label = next((str(r["region_name"]) for r in records if r.get("region_name")), label)
        year = None
        if benchmark_year is not None:
            year = benchmark_year if _number(benchmark_year) is not None and benchmark_year not in result.columns \
                else next((r[benchmark_year] for r in records if r[benchmark_year] is not None), None)
        if not fy_label(year):
            raise PageError(f"{where}: <{component.name}> {key}={attr}: a benchmark needs its year "
                            "(benchmarkYear=column or year, and a value in it)")
        rules.append((f"{label} {fy_label(year)} {format_number(value, unit)}", value, style))
    svg = charts.chart_svg(
        "bar" if component.name == "BarChart" else "line",
        points,
        x_type="temporal" if x_type.startswith(("DATE", "TIMESTAMP")) else (
            "quantitative" if x_type.startswith(MEASURE_TYPES + INTEGER_TYPES) else "nominal"),
        x_title=component.get("xAxisTitle"),
        y_title=component.get("yAxisTitle") or _axis_title(unit),
        target_line=target_line,
        rules=rules,
        swap=component.get("swapXY") == "true",
        y_min=_number(component.get("yMin")) if component.get("yMin") else None,
        id_prefix=id_prefix,
        title=component.get("title") or "",
    )
    title = component.get("title")
    caption = f'<figcaption><strong>{_esc(title)}</strong>' if title else "<figcaption>"
    if component.get("subtitle"):
        caption += f'<br><span class="chart-subtitle">{_esc(component.get("subtitle"))}</span>'
    caption += "</figcaption>"
    return f'<figure class="report-chart">{caption}{svg}</figure>'


def _axis_title(unit: str | None) -> str:
    return {"percent": "%", "rate_per_10k": "per 10,000 children", "days": "days", "count": "number"}.get(unit or "",
                                                                                                         "")


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | str):
        return value
    return str(value)


RENDERERS = {"BigValue": _big_value, "DataTable": _data_table, "Context": _context}


def _first_line(exc: BaseException) -> str:
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)

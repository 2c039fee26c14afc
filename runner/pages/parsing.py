"""Reading a report page: markdown split into text, code, named SQL queries and components, with every
component's attributes checked before anything runs.

Nothing here runs a query or writes HTML: `parse_page` returns a `Page` that rendering.py renders.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Attr:
    value: str
    is_ref: bool = False  # written {name}


@dataclass
class Query:
    name: str
    sql: str
    line: int
    #: the component that wrote this query for the page (<Indicator id=...>), if not the page's author
    added_by: str | None = None


@dataclass
class Component:
    name: str
    attrs: dict[str, Attr]
    line: int

    def get(self, key: str, default: str | None = None) -> str | None:
        attr = self.attrs.get(key)
        return attr.value if attr else default

    def refs(self) -> list[str]:
        """The queries the component shows (data, and an Indicator's series)."""
        return [attr.value for key, attr in self.attrs.items() if attr.is_ref and key in REF_ATTRS]


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
                    for match in inline_matches(text):
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
                raise PageError(f"{self.path} line {query.line}, query {query.name}: {first_line(exc)}") from exc
        return names


@dataclass(frozen=True)
class Spec:
    required: frozenset[str]
    optional: frozenset[str]
    #: attributes that name a column of the data
    columns: frozenset[str] = frozenset()
    #: attributes that are a number or name a column
    number_or_column: frozenset[str] = frozenset()


#: attributes that take a {query}
REF_ATTRS = frozenset({"data", "series", "trend", "neighbours"})
EMPTY_ATTRS = frozenset({"emptySet", "emptyMessage"})
CHART_ATTRS = frozenset({
    "series", "title", "subtitle", "xAxisTitle", "yAxisTitle", "target", "targetLabel", "england", "region",
    "neighbours", "benchmarkYear", "yMin", "fmt",
}) | EMPTY_ATTRS
CHART_NUMBER_OR_COLUMN = frozenset({"target", "england", "region", "neighbours", "benchmarkYear"})
#: a card's comparisons, each a column of the data (shown when the row has a value in it): the target and
#: the gap to it (in the unit, and relative), the same time last year and the change, last year's outturn
#: and its year, the direction of travel (its judgement and basis), the benchmarks with their year, the rank
#: (of how many) and quartile band
CARD_COMPARISONS = frozenset({
    "target", "gap", "gapRelative", "sameTimeLastYear", "sameTimeLastYearEnd", "change", "outturn", "outturnYear",
    "direction",
    "judgement", "basis", "england", "region", "neighbours", "rank", "rankOf", "band", "benchmarkYear",
    "comparable",
})
SPECS: dict[str, Spec] = {
    "BigValue": Spec(
        frozenset({"data", "value"}),
        frozenset({"title", "label", "comparison", "comparisonTitle", "fmt", "status"}) | CARD_COMPARISONS
        | EMPTY_ATTRS,
        columns=frozenset({"value", "label", "comparison", "status"}) | CARD_COMPARISONS,
    ),
    "LineChart": Spec(frozenset({"data", "x", "y"}), CHART_ATTRS, frozenset({"x", "y", "series"}),
                      CHART_NUMBER_OR_COLUMN),
    "BarChart": Spec(frozenset({"data", "x", "y"}), CHART_ATTRS | {"swapXY"}, frozenset({"x", "y", "series"}),
                     CHART_NUMBER_OR_COLUMN),
    "DataTable": Spec(frozenset({"data"}), frozenset({"title", "columns", "rows", "rowId"}) | EMPTY_ATTRS,
                      frozenset({"rowId"})),
    "Context": Spec(frozenset({"data"}), frozenset({"text"}) | EMPTY_ATTRS),
    "RagSummary": Spec(frozenset({"data"}), frozenset({"date"})),
    # an indicator's sentence, chart (or card, or the reason for neither), numbers and commentary; it adds
    # its own two queries to the page (see INDICATOR_QUERIES)
    "Indicator": Spec(frozenset({"id"}), frozenset({"text", "title"})),
    # the officers' note for the page, or for one indicator; nothing when there is none
    "Commentary": Spec(frozenset(), frozenset({"indicator"})),
}
FORMATS = ("percent", "count", "rate_per_10k", "days", "number")
ENUMS = {"emptySet": ("error", "warn", "pass"), "fmt": FORMATS, "swapXY": ("true", "false")}

#: the queries an <Indicator id=X/> adds to its page: X (the scorecard row with how it is charted) and
#: X_series (the values its chart draws). Part of the page like any other query, listed at its foot.
INDICATOR_QUERIES = {
    "": """select s.*, c.measure_type, c.chart_kind, c.chart_period_type, c.shown_from, c.chart_points,
       c.benchmark_comparable, c.benchmarks_on_chart, c.no_chart_reason
from scorecard as s
inner join report_indicator_charts as c on c.la_code = s.la_code and c.indicator_id = s.indicator_id
where s.indicator_id = '{id}'""",
    "_series": """select period_type, period_start, period_end, financial_year, month_of_year, value, unit, target_value
from report_monthly_series
where indicator_id = '{id}' and is_charted
order by period_end""",
    "_trend": """select * from report_benchmark_trend where indicator_id = '{id}' order by benchmark_year""",
    "_neighbours": """select * from report_benchmark_neighbours where indicator_id = '{id}' order by bar_order""",
}
#: the attribute of an <Indicator/> that names each query it adds (its own query is its data)
INDICATOR_REFS = {"": "data", "_series": "series", "_trend": "trend", "_neighbours": "neighbours"}

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

    def add_query(query: Query) -> None:
        if query.name in queries:
            first = queries[query.name]
            by = f" by <{first.added_by}>" if first.added_by else ""
            also = f" (<{query.added_by}> adds it)" if query.added_by else ""
            raise fail(query.line, f"query {query.name} is defined twice{also} (first at line {first.line}{by})")
        queries[query.name] = query

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
                query = Query(words[1], "\n".join(lines[i + 1:end]).strip().rstrip(";"), number)
                if not query.sql:
                    raise fail(number, f"query {query.name} is empty")
                add_query(query)
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
            component = _parse_component(" ".join(tag_lines), number, fail)
            if component.name == "Indicator":
                for suffix, sql in INDICATOR_QUERIES.items():
                    add_query(Query(component.get("id") + suffix, sql.format(id=component.get("id")), number,
                                    added_by=f"Indicator id={component.get('id')}"))
                for suffix, attribute in INDICATOR_REFS.items():
                    component.attrs[attribute] = Attr(component.get("id") + suffix, is_ref=True)
            blocks.append(Block("component", number, component=component))
            i += len(tag_lines)
            continue
        if not blocks or blocks[-1].kind != "text":
            blocks.append(Block("text", number))
        blocks[-1].lines.append(line)
        i += 1

    page = Page(path, blocks, queries)
    for name in queries:
        _expand(page, name, ())  # unknown or circular ${...}
    for component in page.components():
        if "data" not in SPECS[component.name].required:
            continue
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


def inline_matches(text: str) -> list[re.Match]:
    """Inline values outside `code spans`."""
    matches = []
    for k, part in enumerate(re.split(r"(`[^`]*`)", text)):
        if k % 2 == 0:
            matches.extend(INLINE.finditer(part))
    return matches


def column_list(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def number(value: str | None) -> float | None:
    """An attribute's value as a finite number, or None."""
    try:
        parsed = float(value)
    except (TypeError, ValueError):
        return None
    return parsed if math.isfinite(parsed) else None


def first_line(exc: BaseException) -> str:
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)


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
    if "yMin" in attrs and number(attrs["yMin"].value) is None:
        raise fail(line, f"<{name}> yMin={attrs['yMin'].value}: must be a number")
    for key in ("id", "indicator"):
        if key in attrs and not re.fullmatch(r"[a-z0-9_]+", attrs[key].value):
            raise fail(line, f"<{name}> {key}={attrs[key].value}: an indicator id is lower-case letters, digits and _")
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

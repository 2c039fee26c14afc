"""`runner docs`: the report site (docs/*.md rendered against the warehouse, built by mkdocs) with the
dbt docs (lineage) inside it.

The pages never see the warehouse itself. Each run copies a few aggregate relations out of it into an
in-memory DuckDB (the warehouse is opened read-only and closed at once), and the pages' queries run
there, one authority at a time: `indicator_values` is that authority's rows, and so on. Row-level
data never reaches a page: data_quality.dq_findings is offered only as counts (`dq_summary`), and a
page's query is one SELECT in a session that can read no file.
"""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from runner.errors import BadInput, BuildFailed
from runner.pages import Page, QueryFailed, RenderContext, Result, parse_page, render_page
from runner.settings import DOCS_DIR, build_vars_path

MARKER = ".csc-report"


@dataclass(frozen=True)
class Source:
    """A relation copied from the warehouse: the SQL that reads it (over the attached `wh`), the dbt node it
    comes from, and whether a page sees only the current authority's rows."""

    sql: str
    node: str
    relation: str
    per_authority: bool = True


#: what is copied out of the warehouse (one query each; `wh` is the warehouse, attached read-only)
SOURCES: dict[str, Source] = {
    "indicator_values": Source("select * from wh.reporting.indicator_values", "indicator_values",
                               "reporting.indicator_values"),
    "scorecard": Source("select * from wh.reporting.scorecard", "scorecard", "reporting.scorecard"),
    "indicator_catalogue": Source("select * from wh.reference.indicator_catalogue", "indicator_catalogue",
                                  "reference.indicator_catalogue", per_authority=False),
    "targets": Source("select * from wh.reference.targets", "targets", "reference.targets"),
    "la_lookup": Source("select * from wh.reference.la_lookup", "la_lookup", "reference.la_lookup",
                        per_authority=False),
    # row-level findings stay in the warehouse: pages see counts by table, rule and column only
    "dq_summary": Source(
        "select la_code, table_name, rule, severity, column_name, count(*) as findings, "
        "count(distinct record_id) as records "
        "from wh.data_quality.dq_findings group by all",
        "dq_findings", "data_quality.dq_findings"),
    "dq_row_reconciliation": Source("select * from wh.data_quality.dq_row_reconciliation", "dq_row_reconciliation",
                                    "data_quality.dq_row_reconciliation"),
    # the DfE rules on the statutory returns (runner validate): per rule, its status and the records it
    # found in each category; the row-level findings (with child ids) stay in the warehouse
    "dfe_rule_summary": Source(
        "select r.la_code, r.return_kind, r.collection_year, r.rule_code, r.severity, r.message, r.status, r.reason, "
        "r.ruleset, r.package, r.validated_at, f.category, coalesce(f.records, 0) as records "
        "from wh.returns.dfe_rule_runs as r left join (select la_code, return_kind, collection_year, rule_code, "
        "category, count(distinct (table_name, row_number)) as records from wh.returns.dfe_rule_findings "
        "group by all) as f using (la_code, return_kind, collection_year, rule_code)",
        "dfe_rule_runs", "returns.dfe_rule_runs"),
}

#: relations a page may read that are derived from the copied ones, with the sources they need
DERIVED: dict[str, tuple[tuple[str, ...], str]] = {
    "authority": (("indicator_values", "la_lookup"), """
        select a.la_code, coalesce(l.la_name, 'LA ' || a.la_code) as la_name, l.region_code, l.region_name,
               a.as_at_date
        from (select '{la}' as la_code, max(period_end) as as_at_date from _src.indicator_values
              where la_code = '{la}') as a
        left join _src.la_lookup as l on l.la_code = a.la_code
    """),
    # each indicator's monthly series for charts: month values for flows, month-end snapshots for stocks,
    # rolling 12 months for rates that have only that; the 24 months ending at the as-at date, with the
    # target in force at each period end
    "monthly_values": (("indicator_values", "indicator_catalogue", "targets", "la_lookup"), """
        select v.la_code, v.indicator_id, c.indicator_name, c.family, c.display_order, v.unit, c.polarity,
               v.period_type, v.period_start, v.period_end, v.numerator, v.denominator, v.value, t.target_value
        from indicator_values as v
        inner join indicator_catalogue as c
            on c.indicator_id = v.indicator_id
            and v.period_type = case c.headline_period_type when 'ytd' then 'month' else c.headline_period_type end
        left join targets as t
            on t.indicator_id = v.indicator_id
            and t.effective_from <= v.period_end
            and (t.effective_to is null or t.effective_to >= v.period_end)
        cross join authority as a
        where v.period_end > a.as_at_date - interval 24 month and v.period_end <= a.as_at_date
    """),
}

#: the dbt nodes behind each relation a page can read (for the exposures)
RELATION_NODES: dict[str, tuple[str, ...]] = {
    **{name: (source.node,) for name, source in SOURCES.items() if name != "la_lookup"},
    "authority": ("indicator_values", "la_lookup"),
    "monthly_values": ("indicator_values", "indicator_catalogue", "targets"),
    "dfe_rule_summary": ("dfe_rule_runs", "dfe_rule_findings"),
}
PAGE_RELATIONS = sorted(RELATION_NODES)


class ReportData:
    """The report's relations, copied out of the warehouse into memory; `use(la)` points the page-facing
    views at one authority."""

    def __init__(self, warehouse: Path):
        if not warehouse.exists():
            raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
        self.warehouse = warehouse
        self.con = duckdb.connect(":memory:")
        self.missing: dict[str, str] = {}
        try:
            self.con.execute(f"attach '{_quote(warehouse)}' as wh (read_only)")
        except duckdb.Error as exc:
            raise BadInput(f"{warehouse}: cannot open the warehouse ({_first_line(exc)})") from exc
        try:
            present = {f"{s}.{t}" for s, t in self.con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = 'wh' union all "
                "select schema_name, view_name from duckdb_views() where database_name = 'wh'").fetchall()}
            self.con.execute("create schema _src")
            for name, source in SOURCES.items():
                if source.relation not in present:
                    self.missing[name] = source.relation
                    continue
                self.con.execute(f"create table _src.{name} as {source.sql}")
        finally:
            self.con.execute("detach wh")
        # from here on the session can read no file: a page sees the copied relations and nothing else
        self.con.execute("set enable_external_access = false")
        self.con.execute("set lock_configuration = true")
        self.authority_codes = (
            [row[0] for row in self.con.execute(
                "select distinct la_code from _src.indicator_values order by la_code").fetchall()]
            if "indicator_values" not in self.missing else [])

    def authority_name(self, la_code: str) -> str:
        if "la_lookup" in self.missing:
            return f"LA {la_code}"
        row = self.con.execute("select la_name from _src.la_lookup where la_code = ?", [la_code]).fetchone()
        return row[0] if row and row[0] else f"LA {la_code}"

    def use(self, la_code: str) -> None:
        """Point every page-facing view at one authority."""
        if not re.fullmatch(r"\d{3}", la_code):
            raise BadInput(f"{la_code!r} is not a 3-digit LA number")
        for name, source in SOURCES.items():
            if name in self.missing:
                continue
            where = f" where la_code = '{la_code}'" if source.per_authority else ""
            self.con.execute(f"create or replace view main.{name} as select * from _src.{name}{where}")
        for name, (needs, sql) in DERIVED.items():
            lacking = [n for n in needs if n in self.missing]
            if lacking:
                self.missing[name] = f"{name} (needs {', '.join(SOURCES[n].relation for n in lacking)})"
                continue
            self.con.execute(f"create or replace view main.{name} as {sql.format(la=la_code)}")

    def run(self, sql: str) -> Result:
        """One page query: its columns, their DuckDB types and its rows; QueryFailed with one line if not."""
        try:
            statements = duckdb.extract_statements(sql)
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                raise QueryFailed("a page query is one select statement")
            relation = self.con.sql(sql)
            return Result(tuple(relation.columns), tuple(str(t) for t in relation.types),
                          tuple(relation.fetchall()))
        except duckdb.CatalogException as exc:
            message = _first_line(exc)
            missing = re.search(r"Table with name (\w+) does not exist", message)
            if missing and missing.group(1) in self.missing:
                name = missing.group(1)
                raise QueryFailed(
                    f"{name} is not in the warehouse {self.warehouse} ({self.missing[name]} is missing: "
                    "run `runner build`, or the model is not in this project yet)") from exc
            if missing:
                raise QueryFailed(f"{message} (a page can read: {', '.join(PAGE_RELATIONS)})") from exc
            raise QueryFailed(message) from exc
        except duckdb.Error as exc:
            raise QueryFailed(_first_line(exc)) from exc

    def close(self) -> None:
        self.con.close()


# --- the pages ------------------------------------------------------------------------------------


def load_config(docs_dir: Path = DOCS_DIR) -> dict:
    path = docs_dir / "mkdocs.yml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BadInput(f"{path}: cannot read the site configuration ({_first_line(exc)})") from exc


def nav_pages(config: dict) -> list[str]:
    """The page files in the site's nav, in order."""
    pages = []

    def walk(items: Iterable) -> None:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif isinstance(value, str) and value.endswith(".md"):
                pages.append(value)

    walk(config.get("nav") or [])
    return pages


def load_pages(docs_dir: Path = DOCS_DIR) -> list[Page]:
    """Parse every page in the nav (docs/<page>.md); a page that does not parse stops here."""
    pages = []
    for name in nav_pages(load_config(docs_dir)):
        path = docs_dir / name
        if not path.exists():
            raise BadInput(f"{docs_dir / 'mkdocs.yml'}: the nav lists {name}, which is not in {docs_dir}")
        pages.append(parse_page(path.read_text(encoding="utf-8"), _display(path)))
    return pages


def page_nodes(page: Page) -> set[str]:
    """The dbt nodes a page reads, through the relations its queries name."""
    nodes: set[str] = set()
    for relation in page.relations():
        nodes.update(RELATION_NODES.get(relation, ()))
    return nodes


# --- the site -------------------------------------------------------------------------------------


@dataclass
class Site:
    out_dir: Path
    authorities: list[str]
    pages: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


def docs(
    warehouse: Path,
    out_dir: Path,
    la_codes: Iterable[str] = (),
    echo: Callable[[str], None] = print,
    docs_dir: Path = DOCS_DIR,
    lineage: bool = True,
) -> Site:
    """Build the report site for every authority in the warehouse (or those named) into `out_dir`."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    warehouse = Path(warehouse)
    out_dir = Path(out_dir).resolve()
    if not warehouse.exists():
        raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
    _check_out_dir(out_dir)
    pages = load_pages(docs_dir)
    config = load_config(docs_dir)
    work = warehouse.parent / f".{warehouse.stem}.report"

    # copy the report's relations out first: dbt (in this process) keeps the warehouse open after it runs
    data = ReportData(warehouse)
    static_index = None
    try:
        known = data.authority_codes
        if not known:
            raise BadInput(f"{warehouse}: reporting.indicator_values has no rows; run `runner build` first")
        wanted = list(dict.fromkeys(la_codes)) or known
        unknown = [code for code in wanted if code not in known]
        if unknown:
            raise BadInput(f"--la {', '.join(unknown)}: not in the warehouse (it has LA {', '.join(known)})")
        several = len(wanted) > 1
        if lineage:
            mark = time.perf_counter()
            static_index = generate_lineage(warehouse, echo)
            timings["dbt docs generate"] = time.perf_counter() - mark
        mark = time.perf_counter()
        if work.exists():
            shutil.rmtree(work)
        rendered: dict[str, Path] = {}
        for la_code in wanted:
            data.use(la_code)
            name = data.authority_name(la_code)
            ctx = RenderContext(
                authority_name=name,
                lineage_base="../lineage/" if several else "lineage/",
                warn=echo,
            )
            target = work / la_code / "pages"
            target.mkdir(parents=True)
            for page in pages:
                ctx.id_prefix = Path(page.path).stem
                text = render_page(page, data.run, ctx)
                (target / Path(page.path).name).write_text(text, encoding="utf-8")
            rendered[la_code] = target
            echo(f"rendered {len(pages)} pages for LA {la_code} ({name})")
        names = {code: data.authority_name(code) for code in wanted}
        timings["render pages"] = time.perf_counter() - mark
    finally:
        data.close()

    mark = time.perf_counter()
    if several:
        selector = work / "_authorities" / "pages"
        selector.mkdir(parents=True)
        (selector / "index.md").write_text(_selector_page(names), encoding="utf-8")
        _copy_assets(docs_dir, selector)
        _mkdocs(docs_dir, config, selector, out_dir, "Children's services performance", lineage="lineage/",
                nav=[{"Authorities": "index.md"}], authorities=None)
    for la_code, target in rendered.items():
        _copy_assets(docs_dir, target)
        site_dir = out_dir / la_code if several else out_dir
        _mkdocs(docs_dir, config, target, site_dir, f"{names[la_code]}: children's services performance",
                lineage="../lineage/" if several else "lineage/", nav=config.get("nav"),
                authorities="../index.html" if several else None)
    timings["mkdocs build"] = time.perf_counter() - mark
    if static_index is not None:
        (out_dir / "lineage").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(static_index, out_dir / "lineage" / "index.html")
    (out_dir / MARKER).write_text("built by runner docs; the folder is replaced on the next run\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    where = ", ".join(f"{out_dir / code if several else out_dir}" for code in wanted)
    echo(f"report: {len(pages)} pages for {len(wanted)} authorit{'ies' if several else 'y'} -> {where}"
         f"{' (lineage in ' + str(out_dir / 'lineage') + ')' if static_index else ''} in {seconds:.1f}s")
    return Site(out_dir, wanted, len(pages), seconds, timings)


def generate_lineage(warehouse: Path, echo: Callable[[str], None] = print) -> Path:
    """`dbt docs generate --static` with the vars of the last build; the path of the single-file docs."""
    from runner.dbt import run_dbt

    vars_path = build_vars_path(warehouse)
    if not vars_path.exists():
        raise BadInput(f"{vars_path}: no record of the last build of {warehouse}; run `runner build` first")
    try:
        dbt_vars = json.loads(vars_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"{vars_path}: cannot read the last build's vars ({_first_line(exc)})") from exc
    run_dbt("docs generate", warehouse, dbt_vars, ["--static"], echo=lambda line: None)
    static_index = warehouse.parent / f".{warehouse.stem}.dbt" / "target" / "static_index.html"
    if not static_index.exists():
        raise BuildFailed(f"dbt docs generate --static wrote no {static_index}")
    echo(f"lineage: dbt docs generated ({static_index.stat().st_size / 1e6:.1f} MB)")
    return static_index


def _check_out_dir(out_dir: Path) -> None:
    """mkdocs empties its site folder: refuse a folder that holds anything but an earlier report."""
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).exists())):
        raise BadInput(f"--out {out_dir}: the folder is not empty and holds no earlier report; "
                       "give a new or empty folder (it is replaced on every run)")


def _copy_assets(docs_dir: Path, target: Path) -> None:
    assets = docs_dir / "assets"
    if assets.is_dir():
        shutil.copytree(assets, target / "assets", dirs_exist_ok=True)


def _selector_page(names: dict[str, str]) -> str:
    """The chooser at the top of a several-authority site (raw HTML links: the sites are not its pages)."""
    rows = "".join(f'<tr><td>{code}</td><td><a href="{code}/index.html">{html.escape(name)}</a></td></tr>'
                   for code, name in names.items())
    return ("# Choose an authority\n\nThe warehouse holds several authorities; each has its own report.\n\n"
            f'<div class="datatable"><table><thead><tr><th>LA</th><th>Authority</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>\n")


def _mkdocs(docs_dir: Path, config: dict, pages_dir: Path, site_dir: Path, site_name: str, *, lineage: str,
            nav: list | None, authorities: str | None) -> None:
    """mkdocs build --strict of `pages_dir` into `site_dir`, with the warnings named if it fails."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as mkdocs_config
    from mkdocs.exceptions import Abort, MkDocsException

    settings = dict(config)
    settings.update(site_name=site_name, docs_dir=str(pages_dir), site_dir=str(site_dir), strict=True, nav=nav,
                    extra={**(config.get("extra") or {}), "lineage": lineage, "authorities": authorities})
    theme = dict(settings.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((docs_dir / theme["custom_dir"]).resolve())
    settings["theme"] = theme
    config_file = pages_dir.parent / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, sort_keys=False, allow_unicode=True), encoding="utf-8")

    logger = logging.getLogger("mkdocs")
    captured = _Capture()
    logger.addHandler(captured)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        cfg = mkdocs_config(config_file=str(config_file))
        build(cfg)
    except (Abort, MkDocsException) as exc:
        detail = "; ".join(captured.messages[:5]) or _first_line(exc)
        raise BuildFailed(f"mkdocs build --strict ({config_file}) failed: {detail}") from exc
    finally:
        logger.removeHandler(captured)
        logger.setLevel(previous)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().replace("\n", " "))


def _display(path: Path) -> str:
    """A page's path as the user knows it: relative to the project where it can be."""
    from runner.settings import PROJECT_DIR

    try:
        return str(path.resolve().relative_to(PROJECT_DIR))
    except ValueError:
        return str(path)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _first_line(exc: BaseException) -> str:
    return next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)

"""`runner docs`: the report site (report/*.md rendered against the warehouse, built by mkdocs) with the
dbt docs (lineage) inside it. The command keeps the name `docs` (the data contract's interface); what it
builds is the report site, whose sources are in report/ (docs/ is the project's own documentation).

The pages never see the warehouse itself. Each run copies the finished relations the pages read (the
reporting marts and the report_* models, a few seeds) out of it into an in-memory DuckDB (the warehouse
is opened read-only and closed at once), and the pages' queries run there, one authority at a time:
`indicator_values` is that authority's rows, and so on. Nothing is derived here: every table a page
reads is a dbt model with a contract and tests. Row-level data never reaches a page: data-quality
findings are offered only as counts (`report_dq_summary`), and a page's query is one SELECT in a session
that can read no file.
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
from datetime import date
from pathlib import Path

import duckdb
import yaml

from runner.atomic import begin_dir, commit_dir
from runner.commentary import load_notes
from runner.errors import BadInput, BuildFailed
from runner.pages import Page, QueryFailed, RenderContext, Result, parse_page, render_page
from runner.settings import REPORT_DIR, build_vars_path

MARKER = ".csc-report"


@dataclass(frozen=True)
class Source:
    """A relation copied from the warehouse as it is (the pages read finished tables: every derivation is a
    dbt model), and whether a page sees only the current authority's rows."""

    relation: str
    per_authority: bool = True

    @property
    def node(self) -> str:
        """The dbt node (model or seed) the relation is."""
        return self.relation.split(".")[-1]


#: what a page can read, by name: each is one dbt model or seed, copied out of the warehouse
SOURCES: dict[str, Source] = {
    "scorecard": Source("reporting.scorecard"),
    "indicator_values": Source("reporting.indicator_values"),
    "report_authority": Source("reporting.report_authority"),
    "report_indicator_charts": Source("reporting.report_indicator_charts"),
    "report_monthly_series": Source("reporting.report_monthly_series"),
    "report_benchmark_trend": Source("reporting.report_benchmark_trend"),
    "report_benchmark_neighbours": Source("reporting.report_benchmark_neighbours"),
    "report_dq_summary": Source("reporting.report_dq_summary"),
    # how many children each exception list holds; the lists themselves (person ids) stay internal
    "report_exception_counts": Source("reporting.report_exception_counts"),
    "report_breakdowns": Source("reporting.report_breakdowns"),
    "dq_row_reconciliation": Source("data_quality.dq_row_reconciliation"),
    # the DfE rules on the statutory returns (runner validate): one row per rule with its record counts; the
    # row-level findings, with child ids, stay in returns.dfe_rule_findings
    "dfe_rule_runs": Source("returns.dfe_rule_runs"),
    "indicator_catalogue": Source("reference.indicator_catalogue", per_authority=False),
    "targets": Source("reference.targets"),
}

#: the dbt node behind each relation a page can read (for the exposures)
RELATION_NODES: dict[str, tuple[str, ...]] = {name: (source.node,) for name, source in SOURCES.items()}
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
                self.con.execute(f"create table _src.{name} as select * from wh.{source.relation}")
        finally:
            self.con.execute("detach wh")
        # from here on the session can read no file: a page sees the copied relations and nothing else
        self.con.execute("set enable_external_access = false")
        self.con.execute("set lock_configuration = true")
        self.authority_codes = (
            [row[0] for row in self.con.execute(
                "select distinct la_code from _src.indicator_values order by la_code").fetchall()]
            if "indicator_values" not in self.missing else [])

    def authority(self, la_code: str) -> tuple[str, date | None]:
        """The authority's name and the as-at date of the build (report_authority)."""
        if "report_authority" in self.missing:
            return f"LA {la_code}", None
        row = self.con.execute("select la_name, as_at_date from _src.report_authority where la_code = ?",
                               [la_code]).fetchone()
        return (row[0] or f"LA {la_code}", row[1]) if row else (f"LA {la_code}", None)

    def authority_name(self, la_code: str) -> str:
        return self.authority(la_code)[0]

    def indicator_ids(self) -> list[str]:
        if "indicator_catalogue" in self.missing:
            return []
        return [row[0] for row in self.con.execute("select indicator_id from _src.indicator_catalogue").fetchall()]

    def use(self, la_code: str) -> None:
        """Point every page-facing view at one authority."""
        if not re.fullmatch(r"\d{3}", la_code):
            raise BadInput(f"{la_code!r} is not a 3-digit LA number")
        for name, source in SOURCES.items():
            if name in self.missing:
                continue
            where = f" where la_code = '{la_code}'" if source.per_authority else ""
            self.con.execute(f"create or replace view main.{name} as select * from _src.{name}{where}")

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


def load_config(report_dir: Path = REPORT_DIR) -> dict:
    path = report_dir / "mkdocs.yml"
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


def nav_titles(config: dict) -> dict[str, str]:
    """Each page file in the nav with its title there ("front-door.md": "Front door and early help")."""
    titles = {}

    def walk(items: Iterable) -> None:
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    if isinstance(value, list):
                        walk(value)
                    elif isinstance(value, str) and value.endswith(".md"):
                        titles[value] = title
            elif isinstance(item, str) and item.endswith(".md"):
                titles[item] = Path(item).stem

    walk(config.get("nav") or [])
    return titles


def load_pages(report_dir: Path = REPORT_DIR) -> list[Page]:
    """Parse every page in the nav (report/<page>.md); a page that does not parse stops here."""
    pages = []
    for name in nav_pages(load_config(report_dir)):
        path = report_dir / name
        if not path.exists():
            raise BadInput(f"{report_dir / 'mkdocs.yml'}: the nav lists {name}, which is not in {report_dir}")
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
    report_dir: Path = REPORT_DIR,
    lineage: bool = True,
    commentary: Path | None = None,
) -> Site:
    """Build the report site for every authority in the warehouse (or those named) into `out_dir`, with the
    officers' notes from `commentary` (default: commentary/ in the project, or $CSC_COMMENTARY_DIR)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    warehouse = Path(warehouse)
    out_dir = Path(out_dir).resolve()
    if not warehouse.exists():
        raise BadInput(f"{warehouse}: no warehouse here; run `runner build` first")
    _check_out_dir(out_dir)
    final_dir, out_dir = out_dir, begin_dir(out_dir)  # built beside the site, swapped in whole at the end
    pages = load_pages(report_dir)
    config = load_config(report_dir)
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
        page_names = [Path(page.path).stem for page in pages]
        for la_code in wanted:
            data.use(la_code)
            name, as_at = data.authority(la_code)
            notes = (load_notes(la_code, as_at, [*data.indicator_ids(), *page_names], commentary, warn=echo)
                     if as_at else None)
            ctx = RenderContext(
                authority_name=name,
                lineage_base="../lineage/" if several else "lineage/",
                warn=echo,
                notes=notes,
            )
            target = work / la_code / "pages"
            target.mkdir(parents=True)
            for page in pages:
                ctx.id_prefix = Path(page.path).stem
                text = render_page(page, data.run, ctx)
                (target / Path(page.path).name).write_text(text, encoding="utf-8")
            rendered[la_code] = target
            noted = f", {len(notes.texts)} commentary notes from {notes.folder}" if notes and notes.texts else ""
            echo(f"rendered {len(pages)} pages for LA {la_code} ({name}){noted}")
        names = {code: data.authority_name(code) for code in wanted}
        timings["render pages"] = time.perf_counter() - mark
    finally:
        data.close()

    mark = time.perf_counter()
    if several:
        selector = work / "_authorities" / "pages"
        selector.mkdir(parents=True)
        (selector / "index.md").write_text(_selector_page(names), encoding="utf-8")
        _copy_assets(report_dir, selector)
        _mkdocs(report_dir, config, selector, out_dir, "Children's services performance", lineage="lineage/",
                nav=[{"Authorities": "index.md"}], authorities=None)
    for la_code, target in rendered.items():
        _copy_assets(report_dir, target)
        site_dir = out_dir / la_code if several else out_dir
        _mkdocs(report_dir, config, target, site_dir, f"{names[la_code]}: children's services performance",
                lineage="../lineage/" if several else "lineage/", nav=config.get("nav"),
                authorities="../index.html" if several else None)
    timings["mkdocs build"] = time.perf_counter() - mark
    if static_index is not None:
        (out_dir / "lineage").mkdir(parents=True, exist_ok=True)
        write_lineage(static_index, out_dir / "lineage" / "index.html")
    (out_dir / MARKER).write_text("built by runner docs; the folder is replaced on the next run\n", encoding="utf-8")
    commit_dir(out_dir, final_dir)
    out_dir = final_dir
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


#: dbt's single-file docs ask the browser for a few things that are not there before its scripts run: the
#: menu icons (an SVG <use> whose href is still an Angular template) and a favicon (a webpack placeholder).
#: From a file share each is a console error, hundreds in all; on a server, a 404. Angular's ng-attr-href
#: sets the same link once it is known, and the favicon is an empty data URL.
LINEAGE_FIXES = (
    ('xlink:href="{{ getIcon(', 'ng-attr-href="{{ getIcon('),
    ("href=\"${require('./assets/favicons/favicon.ico')}\"", 'href="data:,"'),
)


def write_lineage(static_index: Path, target: Path) -> None:
    """Copy dbt's static docs into the site with the fixes above; a fix that no longer matches (dbt changed
    its page) fails loudly rather than bring the console errors back unnoticed."""
    text = static_index.read_text(encoding="utf-8")
    for old, new in LINEAGE_FIXES:
        if old not in text:
            raise BuildFailed(f"{static_index}: dbt's docs page has changed ({old!r} is not in it); "
                              "update runner/report.py LINEAGE_FIXES")
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")


def _check_out_dir(out_dir: Path) -> None:
    """mkdocs empties its site folder: refuse a folder that holds anything but an earlier report."""
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).exists())):
        raise BadInput(f"--out {out_dir}: the folder is not empty and holds no earlier report; "
                       "give a new or empty folder (it is replaced on every run)")


def _copy_assets(report_dir: Path, target: Path) -> None:
    assets = report_dir / "assets"
    if assets.is_dir():
        shutil.copytree(assets, target / "assets", dirs_exist_ok=True)


def _selector_page(names: dict[str, str]) -> str:
    """The chooser at the top of a several-authority site (raw HTML links: the sites are not its pages)."""
    rows = "".join(f'<tr><td>{code}</td><td><a href="{code}/index.html">{html.escape(name)}</a></td></tr>'
                   for code, name in names.items())
    return ("# Choose an authority\n\nThe warehouse holds several authorities; each has its own report.\n\n"
            f'<div class="datatable"><table><thead><tr><th>LA</th><th>Authority</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>\n")


def _mkdocs(report_dir: Path, config: dict, pages_dir: Path, site_dir: Path, site_name: str, *, lineage: str,
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
        theme["custom_dir"] = str((report_dir / theme["custom_dir"]).resolve())
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

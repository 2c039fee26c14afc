"""`runner docs` end to end on the synthetic data: the whole site with its dbt lineage and the officers'
commentary, no personal data in it, nothing fetched at view time, and every page in a real browser (headless
Chromium) at a desktop and a phone's width, served from a sub-folder by `python -m http.server` and opened
from its files; the lineage and the 404 page too; printed on A4. Screenshots are kept as test artefacts
(tools/report_screenshots.py, the same shots the README shows)."""

from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import material
import pytest

from runner.contract import TABLES
from runner.report import load_config, nav_pages
from runner.settings import PROJECT_DIR, REPORT_DIR
from tests.conftest import runner

ARTEFACTS = Path(os.environ.get("CSC_TEST_ARTEFACTS", PROJECT_DIR / "test-artefacts")) / "report"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]

AS_AT = "2025-03-31"
#: the officers' notes the site is built with: one on a chart, one on the overview (with what a careless or
#: hostile note might hold), one whose name is a typo; every other indicator has none
NOTES = {
    "referrals.md": "Referrals **rose** in March, after the schools' spring term.\n\n"
                    "- partner agencies referred more\n- see [the front door plan](https://example.org/plan)\n\n"
                    "<script>alert('note')</script> <img src=x onerror=alert(1)> ![chart](http://example.org/x.png)\n",
    "index.md": "A steady quarter overall; the *assessment* timeliness plan is on track.\n",
    "referal.md": "A note whose name matches nothing.\n",
}


@dataclass
class Built:
    out: Path
    www: Path
    warehouse: Path
    data: Path
    seconds: float
    output: str


@pytest.fixture(scope="module")
def site(synthetic_build) -> Built:
    """The site built in a sub-folder (www/reports/csc), as it would sit on a file share or a web server."""
    warehouse = synthetic_build / "w.duckdb"
    notes = synthetic_build / "commentary" / "874" / AS_AT
    notes.mkdir(parents=True, exist_ok=True)
    for name, text in NOTES.items():
        (notes / name).write_text(text, encoding="utf-8")
    www = synthetic_build / "www"
    out = www / "reports" / "csc"
    started = time.perf_counter()
    run = runner("docs", "--out", out, "--warehouse", warehouse,
                 env={"CSC_COMMENTARY_DIR": str(synthetic_build / "commentary")})
    seconds = time.perf_counter() - started
    assert run.returncode == 0, run.output
    return Built(out, www, warehouse, synthetic_build / "data", seconds, run.output)


def report_pages(out: Path) -> list[Path]:
    return [out / name.replace(".md", ".html") for name in nav_pages(load_config())]


def test_runner_docs_builds_every_page_and_the_lineage(site):
    for page in report_pages(site.out):
        assert page.exists(), page
    lineage = (site.out / "lineage" / "index.html").read_text(encoding="utf-8")
    # dbt's single-file docs, with the report pages as exposures in its graph
    for exposure in ("exposure.csc_analytics.report_overview", "exposure.csc_analytics.report_front_door",
                     "exposure.csc_analytics.report_data_quality"):
        assert exposure in lineage
    assert re.search(r"report: 7 pages for 1 authority -> .* in \d+\.\ds", site.output)
    print(f"runner docs took {site.seconds:.1f}s")


def test_every_page_links_to_the_lineage_and_fetches_nothing_at_view_time(site):
    for page in report_pages(site.out):
        html = page.read_text(encoding="utf-8")
        assert 'href="./lineage/index.html"' in html, page.name
        loads = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', html)
        assert loads and not [u for u in loads if re.match(r"^(https?:)?//", u)], page.name
        assert "@import" not in html and "fonts.googleapis" not in html
    for css in site.out.rglob("*.css"):
        assert not re.search(r"url\((['\"]?)(https?:)?//", css.read_text(encoding="utf-8")), css


def test_family_pages_show_months_against_target_and_say_what_the_numbers_mean(site):
    html = (site.out / "front-door.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<figure class="report-chart"', html)) >= 15
    assert "Target 25.0%" in html  # the target line in the contacts-to-referral chart
    sentence = re.search(r'<p class="report-context">([\d.]+% of contacts led to a referral in the year to date '
                         r"\(April 2024 to March 2025\), against ([\d.]+)% at the same time last year \(the outturn "
                         r"for 2023-24\)\. Compared with the same time last year it is (up|down) ([\d.]+) points: "
                         r"(better|worse)\. The target is 25\.0%: ([\d.]+) points (above|below) target "
                         r"\((green|amber|red)\)\.)", html)
    assert sentence, "the context sentence for contacts leading to referral"
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        value, last_year = con.execute(
            "select value, (select value from reporting.indicator_values where la_code = '874' and indicator_id = "
            "'contact_referral_pct' and period_type = 'fy' and period_end = '2024-03-31') "
            "from reporting.indicator_values where la_code = '874' and indicator_id = "
            "'contact_referral_pct' and period_type = 'ytd' and period_end = '2025-03-31'").fetchone()
    # generated from the numbers: the value, last year's, the change in points and the gap to target in points
    assert sentence.group(1).startswith(f"{value:.1f}%") and sentence.group(2) == f"{last_year:.1f}"
    assert sentence.group(4) == f"{abs(value - last_year):.1f}" and sentence.group(6) == f"{abs(value - 25):.1f}"
    assert sentence.group(3) == ("up" if value > last_year else "down")
    assert sentence.group(7) == ("above" if value > 25 else "below")
    overview = (site.out / "index.html").read_text(encoding="utf-8")
    assert "DfE&#x27;s suppression of small" in overview or "DfE's suppression of small" in overview


def test_family_pages_show_the_breakdowns_a_committee_asks_for(site):
    """Ethnicity of children in need and of referrals, age and sex of children looked after, team for visits and
    assessments: each a table on its family page with the numbers of report_breakdowns (indicator_breakdowns at
    the reporting date), categories in order and the shares adding up to the whole."""
    tables = {"front-door": ("Children in need at the reporting date by ethnic group",
                             "Referrals in the year to date by ethnic group",
                             "Assessments in the year to date within 45 working days, by the assessment&#x27;s team"),
              "looked-after": ("Children looked after at the reporting date by age",
                               "Children looked after at the reporting date by sex",
                               "Looked-after children visited in timescale at the reporting date, by the child&#x27;s "
                               "allocated team"),
              "child-protection": ("Children on a plan seen in timescale at the reporting date, by the child&#x27;s "
                                   "allocated team",)}
    for page, titles in tables.items():
        text = (site.out / f"{page}.html").read_text(encoding="utf-8")
        for title in titles:
            assert f"<caption>{title}" in text, f"{page}: {title}"
    text = (site.out / "front-door.html").read_text(encoding="utf-8")
    table = text.split("<caption>Children in need at the reporting date by ethnic group", 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'<tr><th scope="row">([^<]+)</th><td align="right">([\d,]+)</td><td align="right">([\d.]+)%'
                       r"</td></tr>", table)
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        expected = con.execute(
            "select category, value from reporting.indicator_breakdowns where la_code = '874' and indicator_id = "
            "'cin_open' and period_type = 'snapshot' and period_end = ? and dimension = 'ethnicity_group' "
            "order by case when category in ('Not recorded', 'Refused') then 1 else 0 end, value desc, category",
            [AS_AT]).fetchall()
        total = con.execute("select value from reporting.indicator_values where la_code = '874' and indicator_id = "
                            "'cin_open' and period_type = 'snapshot' and period_end = ?", [AS_AT]).fetchone()[0]
    assert [(category, int(children.replace(",", ""))) for category, children, _ in cells] == \
        [(category, int(value)) for category, value in expected]
    assert sum(int(children.replace(",", "")) for _, children, _ in cells) == total
    assert abs(sum(float(share) for _, _, share in cells) - 100) < 0.1 * len(cells)


def _shipped(relative: Path, path: Path, theme: Path) -> bool:
    """Whether a site file is a theme file copied unchanged."""
    original = theme / relative
    return original.is_file() and original.read_bytes() == path.read_bytes()


def _raw(data: Path, table: str) -> duckdb.DuckDBPyRelation:
    return duckdb.sql(f"select * from read_csv('{data / '874' / (table + '.csv')}', all_varchar = true)")


def leaks(text: str, person_ids: set[str], names: set[tuple[str, str]], postcodes: set[str]) -> list[str]:
    """Person ids, postcodes and full names ("Forename Surname" or "Surname, Forename") of the input in `text`."""
    found = sorted(person_ids & set(re.findall(r"[A-Za-z0-9_]+", text)))
    found += sorted(postcodes & {m.group(0) for m in re.finditer(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", text)})
    pairs = set(re.findall(r"(?=\b([A-Z][A-Za-z'-]+) ([A-Z][A-Za-z'-]+)\b)", text))
    pairs |= {(f, s) for s, f in re.findall(r"(?=\b([A-Z][A-Za-z'-]+), ([A-Z][A-Za-z'-]+)\b)", text)}
    return found + sorted(" ".join(pair) for pair in names & pairs)


def test_the_leak_check_finds_planted_identifiers():
    ids, names, postcodes = {"P000123"}, {("Lucas", "Johnson")}, {"WA20 8NP"}
    assert leaks("<td>12</td><td>Peterborough</td>", ids, names, postcodes) == []
    planted = '<td>P000123</td> placed at WA20 8NP; "Johnson, Lucas" and Lucas Johnson'
    assert leaks(planted, ids, names, postcodes) == ["P000123", "WA20 8NP", "Lucas Johnson"]


def test_no_person_id_name_or_postcode_from_the_input_appears_anywhere_in_the_site(site):
    person_ids: set[str] = set()
    for table in TABLES.values():
        relation = _raw(site.data, table.name)
        for column in [c for c in relation.columns if c.endswith("_person_id")]:
            person_ids |= {row[0] for row in relation.select(column).fetchall() if row[0]}
    names = {(f, s) for f, s in _raw(site.data, "ssd_person").select("pers_forename, pers_surname").fetchall()
             if f and s}
    postcodes = {row[0] for row in _raw(site.data, "ssd_cla_placement").select(
        "clap_cla_placement_postcode").fetchall() if row[0]}
    assert len(person_ids) > 1000 and len(names) > 1000 and len(postcodes) > 100

    # every file but the theme's own, copied as shipped (lunr's word-cutter names its author, for one)
    theme = Path(material.__file__).parent / "templates"
    files = [p for p in site.out.rglob("*") if p.is_file() and not _shipped(p.relative_to(site.out), p, theme)]
    assert any(p.name == "index.html" for p in files) and any(p.parent.name == "lineage" for p in files)
    text = "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in files)
    assert leaks(text, person_ids, names, postcodes) == []
    # a single forename or surname in the words a reader sees on a report page, unless the report itself
    # uses the word (an indicator named "Children looked after" is not a child called "Looked")
    vocabulary = set()
    for source in [*REPORT_DIR.glob("*.md"), *(PROJECT_DIR / "runner").rglob("*.py"),
                   *(PROJECT_DIR / "seeds").glob("*.csv")]:
        vocabulary |= set(re.findall(r"[A-Za-z]+", source.read_text(encoding="utf-8")))
    vocabulary |= {word for text in NOTES.values() for word in re.findall(r"[A-Za-z]+", text)}
    single = {n for pair in names for n in pair} - vocabulary
    for page in report_pages(site.out):
        visible = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        assert not single & set(re.findall(r"[A-Za-z]+", visible)), page.name


def warehouse_person_ids(warehouse: Path) -> set[str]:
    """Every person id in every table of a warehouse: each column named like a person or child id, in every schema
    (the raw rows of staging, the facts, the exception lists, the statutory returns)."""
    ids: set[str] = set()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = con.execute(
            "select c.table_schema, c.table_name, c.column_name from information_schema.columns as c "
            "inner join information_schema.tables as t using (table_catalog, table_schema, table_name) "
            "where t.table_type = 'BASE TABLE' and (c.column_name ilike '%person_id%' or c.column_name ilike "
            "'%child_id%')").fetchall()
        for schema, table, column in columns:
            ids |= {str(row[0]) for row in con.execute(
                f'select distinct "{column}" from "{schema}"."{table}" where "{column}" is not null').fetchall()}
    return ids


def file_text(path: Path) -> str:
    """What a file holds, as text: every part of an xlsx (zip), every value of a Parquet file, a gzip's content."""
    import gzip
    import zipfile

    import pyarrow.parquet as pq

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", errors="ignore") for name in archive.namelist())
    if path.suffix == ".parquet":
        return "\n".join(str(v) for column in pq.read_table(path).to_pylist() for v in column.values())
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes()).decode("utf-8", errors="ignore")
    return path.read_text(encoding="utf-8", errors="ignore")


def ids_in(text: str, person_ids: set[str]) -> set[str]:
    return person_ids & set(re.findall(r"[A-Za-z0-9_-]+", text)) | person_ids & set(re.findall(r"[A-Za-z0-9_]+", text))


def test_no_person_id_in_the_warehouse_reaches_a_published_export_a_page_or_a_log(site, front_door_exports, tmp_path):
    """Every person id in the warehouse (the exception lists carry them) is searched for in every published export
    (CSV, Parquet and the workbook, of this build and of the front-door fixture's), every file of the site and the
    logs of the build, the exports and runner docs; none is found. The same search finds them in the internal
    exception lists, so it is a search that can find something."""
    person_ids = warehouse_person_ids(site.warehouse)
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        listed = {r[0] for r in con.execute("select person_id from exceptions.exception_lists").fetchall()}
    assert len(person_ids) > 1000 and listed and listed <= person_ids
    # the overview shows each list's count, and only that
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        counts = con.execute("select list_name, children, records from reporting.report_exception_counts "
                             "order by display_order").fetchall()
    overview = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (site.out / "index.html").read_text(encoding="utf-8")))
    assert len(counts) == 12
    for name, children, records in counts:
        assert f"{name} " in overview and re.search(rf"{re.escape(name)} [A-Za-z -]+ {children} {records} ", overview)

    published = tmp_path / "published"
    logs = [site.output, (site.warehouse.parent / "build.log").read_text(encoding="utf-8")]
    for fmt in ("csv", "parquet", "xlsx"):
        run = runner("export", "--publish", "--format", fmt, "--out", published, "--warehouse", site.warehouse)
        assert run.returncode == 0, run.output
        logs.append(run.output)
    internal = tmp_path / "internal"
    run = runner("export", "--exceptions", "--out", internal, "--warehouse", site.warehouse)
    assert run.returncode == 0, run.output
    logs.append(run.output)
    # the search finds the children of the internal lists, in the CSVs and in the workbook
    for path in internal.iterdir():
        if path.stat().st_size > 200:
            assert ids_in(file_text(path), person_ids), path.name

    theme = Path(material.__file__).parent / "templates"
    pages = [p for p in site.out.rglob("*") if p.is_file() and not _shipped(p.relative_to(site.out), p, theme)]
    files = sorted(published.iterdir()) + pages
    assert {p.suffix for p in published.iterdir()} == {".csv", ".parquet", ".xlsx"} and len(pages) > 7
    found = {str(p): sorted(ids_in(file_text(p), person_ids))[:5] for p in files}
    assert not {k: v for k, v in found.items() if v}
    for text in logs:
        assert not ids_in(text, person_ids)

    # the front-door fixture's published exports, against its own warehouse's ids
    fixture_ids = warehouse_person_ids(front_door_exports / "w.duckdb")
    assert fixture_ids
    fixture_files = sorted((front_door_exports / "published").iterdir())
    assert fixture_files
    for path in fixture_files:
        assert not ids_in(file_text(path), fixture_ids | person_ids), path.name
    assert not ids_in((front_door_exports / "build.log").read_text(encoding="utf-8"), fixture_ids)


# --- what the pages say, read from the built HTML ----------------------------------------------------


def _scorecard(site: Built) -> list[dict]:
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        result = con.execute("select s.*, c.chart_kind, c.benchmark_comparable from reporting.scorecard as s "
                             "inner join reporting.report_indicator_charts as c using (la_code, indicator_id) "
                             "where s.la_code = '874' order by s.display_order")
        columns = [d[0] for d in result.description]
        return [dict(zip(columns, row, strict=True)) for row in result.fetchall()]


def _sections(site: Built) -> dict[str, tuple[str, str]]:
    """Every indicator section on the family pages: id -> (page, its HTML)."""
    found: dict[str, tuple[str, str]] = {}
    for page in report_pages(site.out):
        html = page.read_text(encoding="utf-8")
        starts = [(m.start(), m.group(1)) for m in re.finditer(r'<div class="indicator" data-indicator="([a-z0-9_]+)">',
                                                                  html)]
        for k, (start, indicator_id) in enumerate(starts):
            heading = re.compile(r"<h[1-6]\b").search(html, start)  # a section ends at the next heading
            end = min(starts[k + 1][0] if k + 1 < len(starts) else len(html), heading.start() if heading else len(html))
            assert indicator_id not in found, f"{indicator_id} is on {found[indicator_id][0]} and {page.name}"
            found[indicator_id] = (page.name, html[start:end])
    return found


def test_every_catalogue_indicator_has_a_chart_or_says_why_not(site):
    rows = _scorecard(site)
    sections = _sections(site)
    assert set(sections) == {r["indicator_id"] for r in rows}, "every catalogue indicator is on a family page"
    for row in rows:
        _page, html = sections[row["indicator_id"]]
        kind = row["chart_kind"]
        if kind in ("year_on_year", "series"):
            figure = re.search(rf'<figure class="report-chart" data-indicator="{row["indicator_id"]}" '
                               rf'data-chart="{kind}">.*?</figure>', html, re.S)
            assert figure, row["indicator_id"]
            assert figure.group(0).count("<svg") == 2  # wide and compact
        elif kind == "card":
            card = re.search(r'<div class="indicator-card".*?</p></div>', html, re.S).group(0)
            assert "<svg" not in card and 'class="chart-note"' in card
        else:
            assert 'class="report-nochart"' in html and "No chart." in html
    kinds = {r["chart_kind"] for r in rows}
    assert {"year_on_year", "series", "card"} <= kinds
    # the early-help starts chart the committee reports open with: this year against last, month by month
    page, html = sections["early_help_starts"]
    assert page == "front-door.html" and 'data-chart="year_on_year"' in html and "2024-25 against 2023-24" in html
    front_door = (site.out / "front-door.html").read_text(encoding="utf-8")
    assert front_door.index('data-indicator="early_help_starts"') < front_door.index('data-indicator="contacts"')


def test_charts_compare_only_like_with_like(site):
    sections = _sections(site)
    lait = set()
    for row in _scorecard(site):
        _page, html = sections[row["indicator_id"]]
        if not row["benchmark_comparable"]:
            # a volume: never beside England's total or the neighbours' volumes, on a chart, in its sentence,
            # or in a LAIT view (a volume has no rank)
            assert "England" not in html.split("</p>")[0], row["indicator_id"]
            assert "benchmark-view" not in html, row["indicator_id"]
        elif row["england_value"] is not None:
            assert 'data-chart="benchmark_trend"' in html, row["indicator_id"]
            lait.add(row["indicator_id"])
        figure = re.search(r'<figure class="report-chart".*?</figure>', html, re.S)
        if not figure:
            continue
        svg_text = " ".join(re.findall(r"<text[^>]*>([^<]+)</text>", figure.group(0)))
        has_benchmark = any(name in svg_text for name in ("England", "Statistical neighbours"))
        if not row["benchmark_comparable"]:
            assert not has_benchmark, row["indicator_id"]
        elif row["england_value"] is not None and row["benchmark_year"]:
            assert has_benchmark, row["indicator_id"]
        if row["chart_kind"] == "year_on_year" and row["unit"] != "count":
            # a percentage over the year is its year to date at each month end, comparable with a year's figure
            assert "The year to date at each month end" in figure.group(0)
    # the caseload is a count but not a volume: it has England's mean beside it; referrals never
    assert {"cp_rate", "rereferral_pct", "sw_caseload_avg"} <= lait and "referrals" not in lait
    # a line chart starts at zero or says it does not
    for _page, html in sections.values():
        for figure in re.findall(r'<figure class="report-chart".*?</figure>', html, re.S):
            if "mark-line" in figure and "not at zero" not in figure:
                ticks = [float(t.replace(",", "")) for t in re.findall(r'<text[^>]*>([\d.,]+)</text>', figure)]
                assert 0 in ticks, "a line chart that does not start at zero must say so"


def test_commentary_shows_under_its_chart_safely_and_only_where_written(site):
    sections = _sections(site)
    _page, html = sections["referrals"]
    note = re.search(r'<aside class="commentary" data-note="referrals".*?</aside>', html, re.S)
    assert note and html.index("</figure>") < note.start()  # under the chart
    assert "<strong>rose</strong>" in note.group(0) and "<li>partner agencies referred more</li>" in note.group(0)
    assert '<a href="https://example.org/plan" rel="noopener noreferrer">' in note.group(0)
    # what a note cannot do: run a script, add an element, fetch an image
    assert "<script" not in note.group(0) and "<img" not in note.group(0) and "example.org/x.png" not in note.group(0)
    assert "&lt;script&gt;" in note.group(0) and "&lt;img src=x onerror=alert(1)&gt;" in note.group(0)
    others = [i for i, (_p, h) in sections.items() if 'class="commentary"' in h]
    assert others == ["referrals"], "a missing note is simply absent"
    overview = (site.out / "index.html").read_text(encoding="utf-8")
    assert 'data-note="index"' in overview and "<em>assessment</em>" in overview
    assert "referal.md: no indicator or page is called 'referal'" in site.output  # a misnamed note is reported


# --- a real browser ---------------------------------------------------------------------------------


def _chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    problem = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(path).exists():
        problem = "chromium is not installed (./dev test installs it: apt-get install chromium)"
    if problem:
        # never skipped: the report is checked in a real browser or the test fails
        pytest.fail(f"the browser test cannot run: {problem}")
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(site):
    """`python -m http.server` serving www/, so that the site is a sub-folder (/reports/csc/) of the server."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site.www)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"{base}/{site.out.relative_to(site.www).as_posix()}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class Watch:
    """What a page did: console errors, page errors, failed responses, requests that left the machine."""

    problems: list[str]
    outside: list[str]


def _watch(page, allowed: tuple[str, ...]) -> Watch:
    watch = Watch([], [])
    page.on("console", lambda m: watch.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: watch.problems.append(f"page error: {e}"))
    page.on("response", lambda r: watch.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def route(request_route):
        url = request_route.request.url
        if url.startswith(allowed):
            request_route.continue_()
        else:
            watch.outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    return watch


VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def test_every_page_in_headless_chromium_at_desktop_and_phone_width(site, served):
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    rows = _scorecard(site)
    rated = sum(1 for r in rows if r["rag_status"] in ("red", "amber", "green"))
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for label, viewport in VIEWPORTS.items():
                for page_file in report_pages(site.out):
                    page = browser.new_page(viewport=viewport)
                    watch = _watch(page, (served, "data:"))
                    page.goto(f"{served}/{page_file.name}", wait_until="networkidle")
                    where = f"{page_file.name} at {label} width"
                    _check_charts(page, where, phone=label == "phone")
                    # the page itself never scrolls sideways: wide tables scroll in their own box
                    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1, where
                    if page_file.name == "front-door.html" and label == "desktop":
                        assert page.locator("figure.report-chart .chart-wide svg g.mark-line path").count() >= 5
                        assert page.locator("figure.report-chart .chart-wide svg g.mark-rect path").count() >= 12
                        assert page.locator("p.report-context").count() >= 17
                    if page_file.name == "index.html":
                        _check_headline_cards(page, rows, where)
                    if page_file.name == "child-protection.html":
                        _check_indicator_comparisons(page, rows, where)
                    if page_file.name == "index.html":
                        # the scorecard's rows, and the exception lists' counts in a table of their own
                        lists = page.locator('.datatable[aria-label="Exception lists at the as-at date"] tbody tr')
                        assert lists.count() == 12, where
                        assert page.locator(".datatable tbody tr").count() == len(rows) + lists.count()
                        assert page.locator(".datatable tbody tr .rag").count() == rated  # a word on its colour
                        assert page.locator(".bigvalue").count() >= 3
                        assert page.get_by_role("link", name="Lineage: how each number is made (dbt docs)") \
                            .is_visible() or label == "phone"
                        if label == "phone":
                            _check_sticky_first_column(page)
                    page.close()
                    assert not watch.problems, f"{where}: {watch.problems}"
                    assert not watch.outside, f"{where}: the page asked the network for {watch.outside}"
        finally:
            browser.close()


def _check_charts(page, where: str, phone: bool) -> None:
    """Every chart shows one SVG (wide, or compact on a phone) whose type is readable, with a text
    alternative that carries its numbers."""
    figures = page.locator("figure.report-chart")
    for k in range(figures.count()):
        figure = figures.nth(k)
        svg = figure.locator(".chart-compact svg" if phone else ".chart-wide svg")
        hidden = figure.locator(".chart-wide svg" if phone else ".chart-compact svg")
        assert svg.is_visible() and not hidden.is_visible(), f"{where}: chart {k}"
        box = svg.bounding_box()
        assert box and box["width"] > (300 if phone else 500) and box["height"] > 150, f"{where}: chart {k} {box}"
        label = svg.get_attribute("aria-label") or ""
        assert svg.get_attribute("role") == "img" and re.search(r"\d", label), f"{where}: chart {k} has no label"
        cells = figure.locator("details.chart-data table tbody td")
        numbers = " ".join(cells.all_text_contents())
        assert cells.count() > 0 and re.search(r"\d", numbers), f"{where}: chart {k} numbers"
        # chart text at least 9 CSS pixels high once scaled to the screen
        heights = svg.locator("text").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and min(h for h in heights if h > 0) >= 9, f"{where}: chart {k} text {min(heights)} px"


def _number(value: float, unit: str) -> str:
    suffix = {"percent": "%", "rate_per_10k": " per 10,000"}.get(unit, "")
    return f"{value:,.1f}{suffix}" if unit != "count" else f"{value:,.0f}"


def _signed(value: float, unit: str) -> str:
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{abs(value):,.1f}" + (" points" if unit == "percent" else "")


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _check_headline_cards(page, rows: list[dict], where: str) -> None:
    """A headline card, as a reader sees it: the value, an arrow for the way it moved with the judgement in
    words and what it compares with, the same time last year with the change, the target and the gap in the
    unit, England and the neighbours with their year, and the rank."""
    by_id = {r["indicator_id"]: r for r in rows}
    for indicator_id in ("contact_referral_pct", "cp_rate"):
        row = by_id[indicator_id]
        unit = row["unit"]
        card = page.locator(".bigvalue", has_text=row["indicator_name"]).first.inner_text()
        arrow = {"up": "▲", "down": "▼", "no_change": "→"}[row["direction_of_travel"]]
        basis = {"same_time_last_year": "the same time last year",
                 "previous_month_end": "the previous month end"}[row["direction_basis"]]
        judgement = {"better": "better than", "worse": "worse than", "same": "no change on"}[row["direction_judgement"]]
        assert f"{arrow} {judgement} {basis}" in card, (where, card)
        assert (f"Same time last year (2023-24 outturn): {_number(row['same_time_last_year_value'], unit)} "
                f"({_signed(row['value'] - row['same_time_last_year_value'], unit)})") in card, (where, card)
        if row["target_value"] is not None:
            gap = row["value"] - row["target_value"]
            amount = f"{abs(gap):.1f} points" if unit == "percent" else _number(abs(gap), unit)
            assert (f"Target: {_number(row['target_value'], unit)}, {amount} "
                    f"{'above' if gap > 0 else 'below'} target") in card, (where, card)
        if row["england_value"] is not None:
            assert f"England 2024-25: {_number(row['england_value'], unit)}" in card, (where, card)
            assert f"Statistical neighbours 2024-25: {_number(row['sn_value'], unit)}" in card, (where, card)
            assert (f"Rank 2024-25: {_ordinal(row['la_rank'])} of {row['la_rank_count']}, quartile band "
                    f"{row['quartile_band']}") in card, (where, card)


def _check_indicator_comparisons(page, rows: list[dict], where: str) -> None:
    """The CP rate's section, as a reader sees it: the sentence with the same time last year and the direction's
    basis, the LAIT view's rank, its two charts' text alternatives (a label with the numbers, and a table of
    every year and every neighbour), and our records against the published figure."""
    row = next(r for r in rows if r["indicator_id"] == "cp_rate")
    section = page.locator('.indicator[data-indicator="cp_rate"]')
    sentence = section.locator("p.report-context").inner_text()
    assert (f"against {_number(row['same_time_last_year_value'], 'rate_per_10k')} at the same time last year "
            "(the outturn for 2023-24)") in sentence, (where, sentence)
    assert "Compared with the previous month end (28 February 2025: " in sentence, (where, sentence)
    rank = f"ranked {_ordinal(row['la_rank'])} of {row['la_rank_count']} local authorities"
    assert rank in section.locator("p.benchmark-rank").inner_text(), where
    trend = section.locator('figure[data-chart="benchmark_trend"]')
    bars = section.locator('figure[data-chart="neighbour_bars"]')
    for figure, rows_expected in ((trend, 5), (bars, 11)):
        svg = figure.locator("svg").first
        label = svg.get_attribute("aria-label") or ""
        assert svg.get_attribute("role") == "img" and re.search(r"\d", label), (where, label)
        table_rows = figure.locator("details.chart-data table tbody tr")
        assert table_rows.count() == rows_expected, where
    trend_label = trend.locator("svg").first.get_attribute("aria-label")
    assert "the last five published years" in trend_label and f"{_ordinal(row['la_rank'])} of" in trend_label
    assert "(this authority)" in (bars.locator("details.chart-data table").text_content() or ""), where  # folded
    assert "best first" in bars.locator("svg").first.get_attribute("aria-label"), where
    check = section.locator("p.report-check").inner_text()
    assert check.startswith(f"Our records give {_number(row['computed_year_end_value'], 'rate_per_10k')} for "
                            f"2024-25; the published figure is {_number(row['published_la_value'], 'rate_per_10k')}")


def _check_sticky_first_column(page) -> None:
    """On a phone, before scrolling, the scorecard shows each indicator's value, RAG and direction of travel;
    scrolled sideways, a wide table keeps its first column (the indicator's name) in view."""
    table = page.locator(".datatable-wide").first
    table.scroll_into_view_if_needed()
    headings = table.locator("thead th").all_inner_texts()
    assert [h.replace("\n", " ") for h in headings[:4]] == ["Indicator", "Value", "RAG", "Direction of travel"]
    for k in range(1, 4):  # the value, RAG and direction cells lie inside the screen before any scrolling
        cell = table.locator("thead th").nth(k).bounding_box()
        assert cell["x"] + cell["width"] <= 390, f"column {headings[k]!r} is off a phone's screen: {cell}"
    first_cell = table.locator("tbody tr").first.locator("th").first
    before = first_cell.bounding_box()
    # the box that scrolls: the theme's own wrapper round the table when its script has run, else ours
    scrolled = table.evaluate("""el => {
        const box = el.querySelector('.md-typeset__scrollwrap') || el;
        box.scrollLeft = box.scrollWidth;
        return box.scrollLeft; }""")
    assert scrolled > 100, "the scorecard is wider than a phone and scrolls"
    after = first_cell.bounding_box()
    assert abs(after["x"] - before["x"]) <= 2 and after["width"] > 50  # (the table's 1 px border scrolls away)
    rag = table.locator("td .rag").first
    if rag.count():
        assert rag.bounding_box()["x"] < 390, "the RAG column can be scrolled into view"


def test_the_overview_says_how_the_authority_is_doing_as_the_scorecard_does(site, served):
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    rows = _scorecard(site)
    rated = {status: sum(1 for r in rows if r["rag_status"] == status) for status in ("red", "amber", "green")}
    unrated = [r for r in rows if r["rag_status"] not in ("red", "amber", "green")]
    volumes = sum(1 for r in unrated if r["polarity"] == "context")
    no_value = sum(1 for r in unrated if r["polarity"] != "context" and r["target_value"] is not None
                   and r["value"] is None)
    without = len(unrated) - volumes - no_value
    expected = (f"At 31 March 2025: {rated['red']} red, {rated['amber']} amber, {rated['green']} green, "
                f"{without} without a target")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORTS["desktop"])
            page.goto(f"{served}/index.html", wait_until="load")
            line = page.locator("p.rag-summary").inner_text()
            assert line.startswith(expected), (line, expected)
            assert f"{volumes} volumes" in line and f"Of {len(rows)} measures" in line
            for status in ("red", "amber", "green"):  # words on their colours
                assert page.locator(f"p.rag-summary .rag-{status}").inner_text() == f"{rated[status]} {status}"
        finally:
            browser.close()


def test_the_site_opens_from_its_files_and_a_sub_folder_with_its_lineage_and_404(site, served):
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            for base, allowed in ((served, (served, "data:")), (site.out.as_uri(), ("file://", "data:"))):
                for name in ("index.html", "looked-after.html", "definitions.html"):
                    page = browser.new_page(viewport=VIEWPORTS["desktop"])
                    watch = _watch(page, allowed)
                    page.goto(f"{base}/{name}", wait_until="load")
                    # relative links: the nav and the lineage link stay inside the site's folder
                    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
                    internal = [h for h in hrefs if not h.startswith(("http://", "https://")) or h.startswith(served)]
                    assert internal and all(h.startswith(base + "/") for h in internal), (name, internal)
                    page.close()
                    assert not watch.problems and not watch.outside, (base, name, watch.problems, watch.outside)
                # the lineage opens on the project's own overview, with no console error
                page = browser.new_page(viewport=VIEWPORTS["desktop"])
                watch = _watch(page, allowed)
                page.goto(f"{base}/lineage/index.html", wait_until="load")
                page.wait_for_selector("text=how each number is made", timeout=30_000)
                assert "dbt" in page.title().lower()
                page.wait_for_timeout(1500)  # dbt's page keeps rendering its menus after load
                if base == served:
                    page.screenshot(path=str(ARTEFACTS / "lineage.png"))
                page.close()
                assert not watch.problems, f"lineage from {base}: {watch.problems[:5]}"
                assert not watch.outside, f"lineage from {base} asked the network for {watch.outside}"
                # the 404 page carries its own styles: it looks the same wherever a server shows it
                page = browser.new_page(viewport=VIEWPORTS["phone"])
                watch = _watch(page, allowed)
                page.goto(f"{base}/404.html", wait_until="load")
                assert page.locator("h1").inner_text() == "Page not found"
                assert page.locator("header").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(63, 81, 181)"
                page.close()
                assert not watch.problems and not watch.outside, (base, watch.problems, watch.outside)
        finally:
            browser.close()


def test_a_404_served_for_a_deep_missing_address_is_styled(site):
    """A web server shows 404.html for any missing address, however deep: it must not depend on where it is."""
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    not_found = (site.out / "404.html").read_bytes()

    class Handler(SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):  # as nginx's error_page 404 /404.html
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            self.wfile.write(not_found)

        def log_message(self, format, *args):  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site.www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=VIEWPORTS["desktop"])
                requests: list[str] = []
                page.on("request", lambda r: requests.append(r.url) if not r.url.startswith("data:") else None)
                url = f"{base}/reports/csc/no/such/page.html"
                response = page.goto(url, wait_until="load")
                assert response.status == 404
                assert page.locator("h1").inner_text() == "Page not found"
                assert page.locator("main").evaluate("e => getComputedStyle(e).maxWidth") != "none"
                assert requests == [url], f"the 404 page fetched {requests[1:]}"
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def test_printed_on_a4_the_scorecard_keeps_every_column(site, served):
    """Print: wide tables go on landscape A4 pages and fit them, nothing of the navigation is printed."""
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            # A4 landscape less 10 mm margins each side: 277 mm = 1047 CSS px
            page = browser.new_page(viewport={"width": 1047, "height": 740})
            page.goto(f"{served}/index.html", wait_until="load")
            page.emulate_media(media="print")
            assert not page.locator(".md-sidebar--primary").is_visible()
            tables = page.locator(".datatable-wide")
            assert tables.count() >= 3
            for k in range(tables.count()):
                overflow = tables.nth(k).evaluate("e => e.querySelector('table').scrollWidth - e.clientWidth")
                assert overflow <= 1, f"scorecard table {k} is {overflow}px wider than a landscape A4 page"
                last = tables.nth(k).locator("thead th").last
                assert last.is_visible() and last.inner_text() == "Benchmark year"
            pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            browser.close()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    a4 = {(595, 842), (596, 843), (842, 595), (843, 596)}
    assert sizes <= a4 and any(w > h for w, h in sizes), f"A4 pages, the scorecard's landscape: {sizes}"
    (ARTEFACTS / "overview-print.pdf").write_bytes(pdf)


def test_screenshots_for_the_readme(site):
    """The README's screenshots, taken by tools/report_screenshots.py (run it on a fresh build to refresh
    docs/img/); here into the test artefacts, where CI keeps them."""
    from tools.report_screenshots import SHOTS, take

    written = take(site.out, ARTEFACTS, _chromium())
    assert [p.name for p in written] == [name for name, *_ in SHOTS]
    for path in written:
        assert path.stat().st_size > 10_000, path

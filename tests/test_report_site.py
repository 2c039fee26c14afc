"""`runner docs` end to end on the synthetic data: the whole site with its dbt lineage, no personal data in
it, nothing fetched at view time, and the overview and a family page in a real browser (headless
Chromium, screenshots kept as test artefacts)."""

from __future__ import annotations

import functools
import os
import re
import shutil
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
from runner.settings import DOCS_DIR, PROJECT_DIR
from tests.conftest import runner

ARTEFACTS = Path(os.environ.get("CSC_TEST_ARTEFACTS", PROJECT_DIR / "test-artefacts")) / "report"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]

@dataclass
class Built:
    out: Path
    warehouse: Path
    data: Path
    seconds: float
    output: str


@pytest.fixture(scope="module")
def site(synthetic_build) -> Built:
    warehouse = synthetic_build / "w.duckdb"
    started = time.perf_counter()
    run = runner("docs", "--out", synthetic_build / "site", "--warehouse", warehouse)
    seconds = time.perf_counter() - started
    assert run.returncode == 0, run.output
    return Built(synthetic_build / "site", warehouse, synthetic_build / "data", seconds, run.output)


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
    assert len(re.findall(r'<figure class="report-chart">', html)) >= 6
    assert "Target 25.0%" in html  # the target line in the contacts-to-referral chart
    sentence = re.search(r'<p class="report-context">([\d.]+% of contacts led to a referral in the year to date '
                         r"\(April 2024 to March 2025\), against a target of 25\.0% \((green|amber|red)\)\.)", html)
    assert sentence, "the context sentence for contacts leading to referral"
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        value = con.execute(
            "select value from reporting.indicator_values where la_code = '874' and indicator_id = "
            "'contact_referral_pct' and period_type = 'ytd' and period_end = '2025-03-31'").fetchone()[0]
    assert sentence.group(1).startswith(f"{value:.1f}%")  # generated from the numbers
    overview = (site.out / "index.html").read_text(encoding="utf-8")
    assert "DfE&#x27;s suppression of small" in overview or "DfE's suppression of small" in overview


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
    for source in [*DOCS_DIR.glob("*.md"), *(PROJECT_DIR / "runner").glob("*.py"),
                   *(PROJECT_DIR / "seeds").glob("*.csv")]:
        vocabulary |= set(re.findall(r"[A-Za-z]+", source.read_text(encoding="utf-8")))
    single = {n for pair in names for n in pair} - vocabulary
    for page in report_pages(site.out):
        visible = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
        assert not single & set(re.findall(r"[A-Za-z]+", visible)), page.name


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


@pytest.fixture(scope="module")
def served(site):
    """The site on a loopback HTTP server for the length of the module."""
    handler = functools.partial(_QuietHandler, directory=str(site.out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def test_overview_and_a_family_page_render_in_headless_chromium(site, served):
    executable = _chromium()
    from playwright.sync_api import sync_playwright

    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        scorecard_rows = con.execute("select count(*) from reporting.scorecard where la_code = '874'").fetchone()[0]
        rated = con.execute("select count(*) from reporting.scorecard where la_code = '874' "
                            "and rag_status in ('green', 'amber', 'red')").fetchone()[0]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

            def route(request_route):
                if request_route.request.url.startswith(served):
                    request_route.continue_()
                else:
                    outside.append(request_route.request.url)
                    request_route.abort()

            page.route("**/*", route)

            page.goto(f"{served}/index.html", wait_until="networkidle")
            rows = page.locator(".datatable tbody tr")
            assert rows.count() == scorecard_rows
            assert page.locator(".datatable tbody tr .rag").count() == rated
            assert page.locator(".bigvalue").count() >= 3
            assert page.locator(".bigvalue-value").first.inner_text().endswith("%")
            assert page.get_by_role("link", name="Lineage: how each number is made (dbt docs)").is_visible()
            page.screenshot(path=str(ARTEFACTS / "overview.png"), full_page=True)

            page.goto(f"{served}/front-door.html", wait_until="networkidle")
            charts = page.locator("figure.report-chart svg")
            assert charts.count() >= 6
            for k in range(charts.count()):
                box = charts.nth(k).bounding_box()
                assert box and box["width"] > 300 and box["height"] > 150, f"chart {k} is {box}"
            assert page.locator("figure.report-chart svg g.mark-line path").count() >= 5  # the monthly lines
            assert page.locator("figure.report-chart svg g.mark-rect path").count() >= 12  # the monthly bars
            assert page.locator("p.report-context").count() >= 6
            page.screenshot(path=str(ARTEFACTS / "front-door.png"), full_page=True)

            report_problems = list(problems)
            # the lineage is dbt's own page (its template asks for a few icons it does not ship): it must open
            # and fetch nothing from outside, but its console is dbt's business
            page.goto(f"{served}/lineage/index.html", wait_until="load")
            assert "dbt" in page.title().lower()
            page.screenshot(path=str(ARTEFACTS / "lineage.png"))
        finally:
            browser.close()
    assert not report_problems, report_problems
    assert not outside, f"the pages asked the network for {outside}"
    assert (ARTEFACTS / "overview.png").stat().st_size > 10_000

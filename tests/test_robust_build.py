"""Nothing lost, nothing leaked (issue 14): atomic builds, one lock, whole-file problems, the window, and
the build's own output, through the real command line."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from tests.conftest import FIXTURES, PROJECT_DIR, build_fixture, read_csv, runner


def copy_fixture(tmp_path: Path, name: str = "front_door") -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / name, data)
    return data


def one_line_error(run) -> str:
    """The run's error: exactly one line on stderr, no traceback."""
    assert "Traceback" not in run.output, run.output
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    return lines[0]


def fingerprint(warehouse: Path) -> tuple:
    """What a reader of the warehouse sees: indicator values and the scorecard, and the build it came from."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        values = con.execute("select count(*), sum(hash(la_code, indicator_id, period_type, period_end, value)) "
                             "from reporting.indicator_values").fetchone()
        card = con.execute("select count(*), sum(hash(indicator_id, value)) from reporting.scorecard").fetchone()
        build = con.execute("select side_dir from _runner.build").fetchone()
        staged = con.execute("select count(*) from staging.stg_intake__files").fetchone()  # its manifest is readable
    return values, card, build, staged


@pytest.fixture(scope="module")
def good(front_door_exports, tmp_path_factory) -> Path:
    """A copy of the session's front-door build: warehouse, its build folder and exports."""
    work = tmp_path_factory.mktemp("good")
    for item in front_door_exports.iterdir():
        target = work / item.name
        if item.is_dir():
            shutil.copytree(item, target, symlinks=True)
        else:
            shutil.copy2(item, target)
    return work


# ---- one lock ------------------------------------------------------------------------------------


def start_build(data: Path, warehouse: Path, log: Path, *extra: str) -> subprocess.Popen:
    env = {**os.environ}
    env.pop("CSC_WAREHOUSE", None)
    return subprocess.Popen(
        [sys.executable, "-m", "runner.cli", "build", "--data-dir", str(data), "--warehouse", str(warehouse),
         "--as-at", "2024-04-30", *extra],
        stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=PROJECT_DIR, env=env, start_new_session=True)


def wait_for_lock(warehouse: Path, proc: subprocess.Popen, timeout: float = 60) -> str:
    lock = warehouse.parent / f".{warehouse.stem}.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = lock.read_text(encoding="utf-8").strip() if lock.exists() else ""
        if text:
            return text.split()[0]
        assert proc.poll() is None, "the build ended before it was seen holding the lock"
        time.sleep(0.05)
    raise AssertionError("the build never took the lock")


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def test_a_second_build_export_or_docs_exits_2_naming_the_holder_and_a_killed_build_changes_nothing(good, tmp_path):
    warehouse = good / "w.duckdb"
    before = fingerprint(warehouse)
    published = (good / "published" / "indicator_values.csv").read_bytes()
    proc = start_build(FIXTURES / "front_door", warehouse, tmp_path / "first.log")
    try:
        pid = wait_for_lock(warehouse, proc)
        assert pid == str(proc.pid)
        for args in (["build", "--data-dir", FIXTURES / "front_door"], ["export", "--out", good / "published"],
                     ["docs", "--out", tmp_path / "site"]):
            run = runner(*args, "--warehouse", warehouse)
            assert run.returncode == 2, run.output
            line = one_line_error(run)
            assert f"PID {pid}" in line and "runner build" in line, line
    finally:
        kill(proc)
    # killed while it held the lock: the lock went with it, and the warehouse is the last good one
    assert fingerprint(warehouse) == before
    assert (good / "published" / "indicator_values.csv").read_bytes() == published
    assert not (tmp_path / "site").exists()


def test_a_build_killed_at_random_moments_leaves_the_last_good_warehouse_and_the_next_starts_clean(good, tmp_path):
    warehouse = good / "w.duckdb"
    before = fingerprint(warehouse)
    rng = random.Random()
    # one kill early (intake, dbt reading the project), then two anywhere in the first 40 seconds of a build
    delays = [rng.uniform(0.3, 3.0), rng.uniform(3.0, 40.0), rng.uniform(3.0, 40.0)]
    for n, delay in enumerate(delays):
        proc = start_build(FIXTURES / "front_door", warehouse, tmp_path / f"killed{n}.log")
        time.sleep(delay)
        kill(proc)
        log = (tmp_path / f"killed{n}.log").read_text(encoding="utf-8")
        assert fingerprint(warehouse) == before, f"killed after {delay:.1f}s: {log}"
        export = runner("export", "--out", tmp_path / f"out{n}", "--warehouse", warehouse)
        assert export.returncode == 0, export.output
    # the next build starts clean, succeeds and leaves one build folder: its own
    built = build_fixture(FIXTURES / "front_door", warehouse)
    assert built.returncode == 0, built.output
    folders = sorted(p.name for p in good.glob(".w.build-*"))
    assert folders == [fingerprint(warehouse)[2][0]], folders
    assert not list(good.glob("*.wal"))


def test_a_failed_build_leaves_the_warehouse_and_keeps_its_own_for_inspection(good, tmp_path):
    warehouse = good / "w.duckdb"
    before = fingerprint(warehouse)
    # an as-at date before the data starts fails a data test (exit 1)
    run = build_fixture(FIXTURES / "front_door", warehouse, as_at="2020-01-31")
    assert run.returncode == 1, run.output
    assert "is unchanged" in run.stderr and "kept for inspection" in run.stderr
    kept = re.search(r"until the next build: (\S+\.duckdb)", run.stderr).group(1)
    assert Path(kept).exists()
    assert fingerprint(warehouse) == before


def test_exports_are_replaced_whole_and_an_unwritable_out_is_one_line(good, tmp_path):
    out = tmp_path / "out"
    first = runner("export", "--format", "xlsx", "--out", out, "--warehouse", good / "w.duckdb")
    assert first.returncode == 0, first.output
    assert [p.name for p in out.iterdir()] == ["csc_indicators.xlsx"]  # no staging folder left behind
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder\n", encoding="utf-8")
    run = runner("export", "--out", blocked / "sub", "--warehouse", good / "w.duckdb")
    assert run.returncode == 2, run.output
    assert str(blocked) in one_line_error(run)


# ---- whole-file problems ----------------------------------------------------------------------------


def day_first(path: Path) -> None:
    """Rewrite every ISO date in a CSV as dd/mm/yyyy, as Excel does."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b", r"\3/\2/\1", text), encoding="utf-8")


def test_a_file_of_day_first_dates_stops_the_build_naming_the_file_column_and_format(tmp_path):
    data = copy_fixture(tmp_path)
    for name in ("ssd_contacts.csv", "ssd_cin_episodes.csv"):
        day_first(data / "874" / name)
    run = runner("build", "--data-dir", data, "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 2, run.output
    line = one_line_error(run)
    assert "ssd_cin_episodes.csv" in line and "cine_referral_date" in line
    assert "dates look like dd/mm/yyyy" in line and "--day-first" in line
    assert not (tmp_path / "w.duckdb").exists()


def test_day_first_reads_the_same_figures(tmp_path, front_door_exports):
    data = copy_fixture(tmp_path)
    for path in (data / "874").glob("*.csv"):
        day_first(path)
    warehouse = tmp_path / "w.duckdb"
    run = runner("build", "--day-first", "--data-dir", data, "--warehouse", warehouse, "--as-at", "2024-04-30")
    assert run.returncode == 0, run.output
    export = runner("export", "--out", tmp_path / "out", "--warehouse", warehouse)
    assert export.returncode == 0, export.output
    assert read_csv(tmp_path / "out" / "indicator_values.csv") == \
        read_csv(front_door_exports / "plain" / "indicator_values.csv")


def test_a_build_with_no_indicator_value_is_no_success(tmp_path):
    data = tmp_path / "data"
    (data / "874").mkdir(parents=True)
    shutil.copy(FIXTURES / "front_door" / "874" / "ssd_person.csv", data / "874")
    run = runner("build", "--data-dir", data, "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 2, run.output
    assert "no indicator values" in one_line_error(run)
    assert not (tmp_path / "w.duckdb").exists()


def test_small_input_problems_are_one_line_or_a_warning(tmp_path):
    from runner.intake import inspect_data_dir

    data = copy_fixture(tmp_path)
    # a trailing blank line is not a problem; an empty authority folder beside a full one is a warning
    contacts = data / "874" / "ssd_contacts.csv"
    contacts.write_text(contacts.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    (data / "875").mkdir()
    intake = inspect_data_dir(data, tmp_path / "intake")
    assert [f.rows for f in intake.files if f.table == "ssd_contacts"] == [12]
    assert any("875" in w and "not built" in w for w in intake.warnings)
    # a byte that is not UTF-8 deep in a file is reported on its own line
    person = data / "874" / "ssd_person.csv"
    lines = person.read_bytes().splitlines(keepends=True)
    filler = [f"F{n:05d},2010-01-01,F,WBRI,A,B\n".encode() for n in range(3000)]
    person.write_bytes(b"".join(lines[:1] + filler + [b"F99999,2010-01-01,F,WBRI,\xff\xfe,B\n"] + lines[1:]))
    run = runner("build", "--data-dir", data, "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 2
    assert "ssd_person.csv: line 3002 (byte" in one_line_error(run)


def test_an_unknown_dbt_option_exits_2(tmp_path):
    run = runner("build", "--data-dir", FIXTURES / "front_door", "--warehouse", tmp_path / "w.duckdb",
                 "--no-such-dbt-option")
    assert run.returncode == 2, run.output
    assert "--no-such-dbt-option" in one_line_error(run)
    assert not (tmp_path / "w.duckdb").exists()


# ---- the window, plausibility, dates of birth, the build's output ----------------------------------


@pytest.fixture(scope="module")
def odd_build(tmp_path_factory):
    """The front-door fixture with implausible values: a death in 1926, a child born in 1980, a caseload of
    12.6, an unreadable date of birth; and its first contact moved to Monday 3 April 2023 (the 1st and
    2nd were a weekend)."""
    work = tmp_path_factory.mktemp("odd")
    data = copy_fixture(work)
    la = data / "874"
    contacts = la / "ssd_contacts.csv"
    text = contacts.read_text(encoding="utf-8")
    lines = text.splitlines()
    header, rows = lines[0], lines[1:]
    date_index = header.split(",").index("cont_contact_date")
    first = rows[0].split(",")
    rows = [r for r in rows if r.split(",")[date_index] > "2023-04-03"]  # the extract starts in April
    first[0], first[date_index] = "C-APRIL3", "2023-04-03"
    contacts.write_text("\n".join([header, *rows, ",".join(first)]) + "\n", encoding="utf-8")
    person = la / "ssd_person.csv"
    people = read_csv(person)
    people += [{"pers_person_id": "P-OLD", "pers_dob": "1980-02-17"},
               {"pers_person_id": "P-BADDOB", "pers_dob": "17/02/2011"},
               {"pers_person_id": "P-1926", "pers_dob": "2010-01-01", "pers_death_date": "1926-05-04"}]
    head = [*people[0].keys(), "pers_death_date"]
    rows_out = [",".join(head)] + [",".join(r.get(c, "") or "" for c in head) for r in people]
    person.write_text("\n".join(rows_out) + "\n", encoding="utf-8")
    with contacts.open("a", encoding="utf-8") as handle:
        handle.write(",".join({"cont_contact_id": "C-OLD", "cont_person_id": "P-OLD",
                               "cont_contact_date": "2024-01-10"}.get(c, "") for c in header.split(",")) + "\n")
    (la / "ssd_professionals.csv").write_text(
        "prof_professional_id,prof_professional_job_title,prof_professional_caseload,prof_full_time_equivalency,"
        "prof_agency_worker_flag\nW1,Social Worker,12.6,1,N\nW2,Social Worker,14,1,Y\nW3,Social Worker,eleven,1,N\n",
        encoding="utf-8")
    warehouse = work / "w.duckdb"
    run = runner("build", "--data-dir", data, "--warehouse", warehouse)
    assert run.returncode == 0, run.output
    return work, run


def test_the_window_starts_in_april_when_no_working_day_precedes_the_first_contact_and_is_printed(odd_build):
    work, run = odd_build
    with duckdb.connect(str(work / "w.duckdb"), read_only=True) as con:
        window = con.execute(
            "select window_start, as_at_date from intermediate.int_reporting_windows__resolved").fetchone()
        ytd = con.execute("select count(*) from reporting.indicator_values where indicator_id = 'contacts' "
                          "and period_type = 'ytd' and period_start = date '2023-04-01'").fetchone()[0]
    assert str(window[0]) == "2023-04-01"
    assert ytd > 0  # the 2023-24 year to date figures exist
    assert f"window: LA 874 from 2023-04-01 to {window[1]} (as-at date {window[1]})" in run.stdout


def test_plausibility_findings_are_warnings_and_the_rows_are_staged(odd_build):
    work, _ = odd_build
    with duckdb.connect(str(work / "w.duckdb"), read_only=True) as con:
        findings = con.execute("select table_name, record_id, rule, severity, column_name, offending_value "
                               "from data_quality.dq_findings order by all").fetchall()
        caseloads = dict(con.execute("select professional_id, caseload from core.fct_professionals").fetchall())
        staged = {r[0] for r in con.execute("select contact_id from staging.stg_ssd__contacts").fetchall()}
    assert ("ssd_person", "P-1926", "implausible_date", "warning", "pers_death_date", "1926-05-04") in findings
    assert ("ssd_person", "P-OLD", "implausible_date", "warning", "pers_dob", "before 1990") in findings
    assert ("ssd_contacts", "C-OLD", "implausible_age", "warning", "contact_date", "aged 43") in findings
    assert ("ssd_professionals", "W1", "not_whole_number", "warning", "prof_professional_caseload", "12.6") in findings
    assert ("ssd_professionals", "W3", "not_whole_number", "warning", "prof_professional_caseload", "eleven") \
        in findings
    assert caseloads["W1"] == 12.6  # kept as given, never rounded
    assert {"C-APRIL3", "C-OLD"} <= staged


def test_no_full_date_of_birth_leaves_staging_or_reaches_findings_or_output(odd_build):
    work, run = odd_build
    person = read_csv(work / "data" / "874" / "ssd_person.csv")
    # a month of birth is the 1st of the month: only a date of birth on another day can be told from it
    births = {r["pers_dob"] for r in person if r["pers_dob"] and not r["pers_dob"].endswith("-01")}
    assert len(births) >= 3
    with duckdb.connect(str(work / "w.duckdb"), read_only=True) as con:
        # every table about children past staging (it has a person id) and the findings; a calendar such as
        # dim_date holds every date, of birth or not
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns as c "
            "where table_schema not in ('staging', 'reference', '_runner') and (table_name = 'dq_findings' or "
            "exists (select 1 from information_schema.columns as p where p.table_schema = c.table_schema "
            "and p.table_name = c.table_name and p.column_name like '%person_id'))").fetchall()
        assert ("core", "dim_child", "birth_month") in columns
        leaked = []
        for schema, table, column in columns:
            values = con.execute(f'select distinct cast("{column}" as varchar) from {schema}.{table}').fetchall()
            leaked += [(schema, table, column, v[0]) for v in values if v[0] and v[0][:10] in births
                       | {f"{b[8:10]}/{b[5:7]}/{b[:4]}" for b in births}]
        masked = con.execute("select offending_value from data_quality.dq_findings where record_id = 'P-BADDOB'"
                             ).fetchone()[0]
    assert leaked == []
    assert masked == "(withheld, shaped 99/99/9999)"
    assert "17/02/2011" not in run.output and "1980-02-17" not in run.output
    logs = "".join(p.read_text(encoding="utf-8", errors="replace") for p in work.glob(".w.build-*/dbt/logs/*"))
    assert "17/02/2011" not in logs


def test_the_build_prints_progress_a_warning_summary_and_where_to_look(odd_build):
    _, run = odd_build
    out = run.stdout
    assert "dbt build: reading the project" in out  # plain lines: not a terminal
    assert re.search(r"^\d+ of \d+ (OK|PASS)", out, re.MULTILINE)
    assert re.search(r"^rows: [\d,]+ received, [\d,]+ staged, [\d,]+ quarantined", out, re.MULTILINE)
    assert re.search(r"^data quality: \d+ warnings \(.*implausible_date", out, re.MULTILINE)
    assert "next: `runner export" in out and "data_quality.dq_findings" in out
    assert len(re.findall(r"^warning: test ", out, re.MULTILINE)) == 0  # warnings summarised, not listed


def test_the_progress_line_on_a_terminal_rewrites_itself():
    import io
    from types import SimpleNamespace

    from runner.progress import Progress

    stream = io.StringIO()
    printed = []

    def event(kind, **data):
        return SimpleNamespace(info=SimpleNamespace(name=kind, msg=f"{kind} message"),
                               data=SimpleNamespace(**data))

    node = SimpleNamespace(unique_id="model.x.fct_contacts", node_name="fct_contacts", resource_type="model")
    with Progress("build", printed.append, live=True, stream=stream, interval=0.01) as progress:
        time.sleep(0.05)
        progress(event("LogStartLine", index=1, total=2, node_info=node))
        progress(event("LogModelResult", index=1, total=2, status="success", node_info=node))
        progress(event("LogTestResult", index=2, num_models=2, status="fail", name="unique_x",
                       node_info=SimpleNamespace(unique_id="test.x", node_name="unique_x", resource_type="test")))
    text = stream.getvalue()
    assert "\r\x1b[K" in text and "dbt build: reading the project ... 0:00" in text
    assert "dbt build [0/2] 0:00 model fct_contacts" in text and "[1/2]" in text and "[2/2]" in text
    assert printed == ["failed: test unique_x (fail)"]
    assert text.endswith("\r\x1b[K")  # the line is cleared at the end


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_killed_export_or_docs_leaves_the_files_and_site_as_they_were(good, tmp_path):
    warehouse = good / "w.duckdb"
    out, site = tmp_path / "out", tmp_path / "site"
    for fmt in ("csv", "xlsx"):
        run = runner("export", "--format", fmt, "--out", out, "--warehouse", warehouse)
        assert run.returncode == 0, run.output
    run = runner("docs", "--out", site, "--warehouse", warehouse)
    assert run.returncode == 0, run.output
    files, pages = snapshot(out), snapshot(site)
    assert "index.html" in pages
    shutil.copy(out / "csc_indicators.xlsx", tmp_path / "first.xlsx")
    rng = random.Random()
    env = {**os.environ}
    env.pop("CSC_WAREHOUSE", None)
    for args, delay in ((["export", "--format", "xlsx", "--out", str(out)], rng.uniform(0.5, 4.0)),
                        (["export", "--format", "csv", "--out", str(out)], rng.uniform(0.5, 4.0)),
                        (["docs", "--out", str(site)], rng.uniform(2.0, 20.0))):
        proc = subprocess.Popen([sys.executable, "-m", "runner.cli", *args, "--warehouse", str(warehouse)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=PROJECT_DIR, env=env,
                                start_new_session=True)
        time.sleep(delay)
        kill(proc)
        # whole files, never a mixture: each is the old one or (if the kill came after the swap) a complete
        # new one with the same content
        now = {k: v for k, v in snapshot(out).items() if not k.startswith(".export-")}
        assert now.keys() == files.keys(), (args, delay)
        for name, data in now.items():
            if data != files[name]:
                assert name.endswith(".xlsx"), (name, args, delay)  # a workbook records when it was written
                assert load_workbook(out / name).sheetnames == load_workbook(tmp_path / "first.xlsx").sheetnames
        assert snapshot(site).keys() == pages.keys(), (args, delay)
    # the next runs tidy what the killed ones left
    assert runner("export", "--format", "csv", "--out", out, "--warehouse", warehouse).returncode == 0
    assert not list(out.glob(".export-*"))

"""The runner's exit codes and messages (data-contract.md section 3): 0 success, 1 a model or data
test failed (named), 2 bad usage or bad input (file, row where known, problem), never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys

import duckdb

from tests.conftest import FIXTURES, build_fixture, runner


def copy_fixture(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "front_door", data)
    return data


def test_missing_required_column_exits_2_naming_file_and_column(tmp_path):
    data = copy_fixture(tmp_path)
    contacts = data / "874" / "ssd_contacts.csv"
    lines = contacts.read_text(encoding="utf-8").splitlines()
    contacts.write_text("\n".join(",".join(line.split(",")[:2] + line.split(",")[3:]) for line in lines) + "\n")
    run = runner("build", "--data-dir", data, "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 2, run.output
    assert f"error: {contacts}: required column cont_contact_date is missing" in run.stderr
    assert "Traceback" not in run.output


def test_malformed_row_exits_2_naming_file_and_line(tmp_path):
    data = copy_fixture(tmp_path)
    with (data / "874" / "ssd_person.csv").open("a", encoding="utf-8") as handle:
        handle.write('P06,2011-01-01,F,"unterminated\n')
    run = runner("build", "--data-dir", data, "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 2, run.output
    assert "ssd_person.csv: line 7" in run.stderr and "Traceback" not in run.output


def test_missing_data_dir_exits_2(tmp_path):
    run = runner("build", "--data-dir", tmp_path / "absent", "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 2 and "data directory not found" in run.stderr


def test_bad_usage_exits_2(tmp_path):
    run = runner("build", "--as-at", "31/03/2024", "--warehouse", tmp_path / "w.duckdb")
    assert run.returncode == 2 and "--as-at" in run.stderr


def test_locked_warehouse_exits_2_with_one_line(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    # DuckDB locks the file per process: hold it from another one
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(warehouse)!r}); "
         "print('locked', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        run = runner("build", "--data-dir", FIXTURES / "front_door", "--warehouse", warehouse)
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 2, run.output
    assert "in use by another process" in run.stderr and "Traceback" not in run.output


def test_export_without_a_warehouse_exits_2(tmp_path):
    run = runner("export", "--out", tmp_path / "out", "--warehouse", tmp_path / "none.duckdb")
    assert run.returncode == 2 and "run `runner build` first" in run.stderr


def test_a_failing_data_test_exits_1_and_names_it_then_releases_the_warehouse(tmp_path):
    # an as-at date before the data starts breaks int_reporting_windows__resolved's test window_start <= as_at_date
    warehouse = tmp_path / "w.duckdb"
    run = build_fixture(FIXTURES / "front_door", warehouse, as_at="2020-01-31")
    assert run.returncode == 1, run.output
    assert "int_reporting_windows__resolved" in run.stderr and "expression_is_true" in run.stderr
    duckdb.connect(str(warehouse)).close()  # the lock was released


def test_indicators_of_a_table_not_supplied_are_not_produced(tmp_path):
    data = copy_fixture(tmp_path)
    (data / "874" / "ssd_cin_plans.csv").unlink()
    warehouse = tmp_path / "w.duckdb"
    assert build_fixture(data, warehouse).returncode == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select distinct indicator_id from reporting.indicator_values").fetchall()
    produced = {row[0] for row in rows}
    assert "cin_plans_open" not in produced and "cin_open" in produced

"""The intake check: unreadable input stops the build with the file, the line and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.errors import BadInput
from runner.intake import inspect_data_dir


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_missing_required_column_names_the_file_and_the_column(tmp_path):
    bad = write(tmp_path / "data/874/ssd_contacts.csv", "cont_contact_id,cont_contact_date\nC1,2024-01-01\n")
    with pytest.raises(BadInput) as err:
        inspect_data_dir(tmp_path / "data", tmp_path / "intake")
    assert str(bad) in str(err.value) and "cont_person_id" in str(err.value)


def test_a_row_with_the_wrong_number_of_fields_names_its_line(tmp_path):
    write(tmp_path / "data/874/ssd_contacts.csv",
          "cont_contact_id,cont_person_id,cont_contact_date\nC1,P1,2024-01-01\nC2,P2\n")
    with pytest.raises(BadInput, match=r"ssd_contacts.csv: line 3: 2 fields where the header has 3"):
        inspect_data_dir(tmp_path / "data", tmp_path / "intake")


def test_text_that_is_not_utf8_is_reported(tmp_path):
    write(tmp_path / "data/874/ssd_person.csv", b"pers_person_id,pers_dob\nP1,2010-01-01\nP\xff2,2011-01-01\n")
    with pytest.raises(BadInput, match="not UTF-8"):
        inspect_data_dir(tmp_path / "data", tmp_path / "intake")


def test_a_folder_that_is_not_an_la_number_is_refused(tmp_path):
    write(tmp_path / "data/peterborough/ssd_person.csv", "pers_person_id,pers_dob\n")
    with pytest.raises(BadInput, match="not a 3-digit DfE LA number"):
        inspect_data_dir(tmp_path / "data", tmp_path / "intake")


def test_a_missing_data_dir_is_refused(tmp_path):
    with pytest.raises(BadInput, match="data directory not found"):
        inspect_data_dir(tmp_path / "nowhere", tmp_path / "intake")


def test_a_duplicated_header_column_is_refused(tmp_path):
    write(tmp_path / "data/874/ssd_person.csv", "pers_person_id,pers_dob,pers_dob\nP1,2010-01-01,2010-01-01\n")
    with pytest.raises(BadInput, match="pers_dob appears twice"):
        inspect_data_dir(tmp_path / "data", tmp_path / "intake")


def test_rows_are_counted_with_quoted_newlines_bom_and_extra_columns(tmp_path):
    write(tmp_path / "data/874/ssd_contacts.csv",
          '\ufeffextra,cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_desc\n'
          'x,C1,P1,2024-01-01,"two\nlines"\nx,C2,P1,2024-01-02,plain\n')
    intake = inspect_data_dir(tmp_path / "data", tmp_path / "intake")
    assert [(f.la_code, f.table, f.rows) for f in intake.files] == [("874", "ssd_contacts", 2)]
    manifest = intake.manifest_path.read_text(encoding="utf-8").splitlines()
    assert manifest[0] == "la_code,table_name,file_path,file_format,raw_rows"
    assert manifest[1].startswith("874,ssd_contacts,") and manifest[1].endswith(",csv,2")


def test_every_table_reads_with_every_contract_column_and_absent_tables_are_empty(tmp_path):
    import duckdb

    from runner.contract import TABLES

    write(tmp_path / "data/874/ssd_person.csv", "pers_person_id,pers_dob\nP1,2010-01-01\n")
    intake = inspect_data_dir(tmp_path / "data", tmp_path / "intake")
    reads = intake.read_expressions()
    assert len(reads) == 24
    assert "ssd_person.csv" in reads["ssd_person"] and str(tmp_path / "data") in reads["ssd_person"]
    assert str(tmp_path / "data") not in reads["ssd_cp_plans"]
    extra = ["filename", "file_index", "file_order"]
    person = duckdb.sql(f"select * from {reads['ssd_person']}")
    assert person.columns == [*TABLES["ssd_person"].columns, *extra]
    assert person.fetchall()[0][:2] == ("P1", "2010-01-01")
    plans = duckdb.sql(f"select * from {reads['ssd_cp_plans']}")
    assert plans.columns == [*TABLES["ssd_cp_plans"].columns, *extra] and plans.fetchall() == []


def test_the_reads_number_each_files_rows_in_order_and_name_only_the_data(tmp_path):
    import duckdb

    # two authorities' contacts, one as CSV (a quoted newline in a row) and one as Parquet
    write(tmp_path / "data/874/ssd_contacts.csv",
          "cont_contact_id,cont_person_id,cont_contact_date,cont_contact_source_desc\n"
          'C1,P1,2024-01-01,"two\nlines"\nC2,P1,2024-01-02,x\nC3,P2,2024-01-03,y\n')
    target = tmp_path / "data/875/ssd_contacts.parquet"
    target.parent.mkdir(parents=True)
    duckdb.sql("copy (select 'D' || i as cont_contact_id, 'P' || i as cont_person_id, "
               f"'2024-02-01' as cont_contact_date from range(1, 4) t(i)) to '{target}' (format parquet)")
    intake = inspect_data_dir(tmp_path / "data", tmp_path / "intake")
    rows = duckdb.sql(f"select cont_contact_id, file_index, file_order from {intake.read_expressions()['ssd_contacts']}"
                      " order by file_index, file_order").fetchall()
    ids = [r[0] for r in rows]
    assert ids == ["C1", "C2", "C3", "D1", "D2", "D3"]
    by_file: dict[int, list[int]] = {}
    for _, index, order in rows:
        by_file.setdefault(index, []).append(order)
    assert len(by_file) == 2 and all(orders == sorted(set(orders)) for orders in by_file.values())
    # the same data checked into another folder gives dbt the same vars (so dbt can reuse its parse)
    again = inspect_data_dir(tmp_path / "data", tmp_path / "elsewhere")
    assert again.dbt_vars() == intake.dbt_vars()


def test_parquet_files_are_checked_and_counted(tmp_path):
    import duckdb

    target = tmp_path / "data/874/ssd_person.parquet"
    target.parent.mkdir(parents=True)
    duckdb.sql(f"copy (select 'P1' as pers_person_id, date '2010-01-01' as pers_dob) to '{target}' (format parquet)")
    intake = inspect_data_dir(tmp_path / "data", tmp_path / "intake")
    assert [(f.table, f.fmt, f.rows) for f in intake.files] == [("ssd_person", "parquet", 1)]
    assert "read_parquet" in intake.read_expressions()["ssd_person"]


def test_the_same_table_as_csv_and_parquet_is_refused(tmp_path):
    import duckdb

    write(tmp_path / "data/874/ssd_person.csv", "pers_person_id,pers_dob\n")
    target = tmp_path / "data/874/ssd_person.parquet"
    duckdb.sql(f"copy (select 'P1' as pers_person_id, '2010-01-01' as pers_dob) to '{target}' (format parquet)")
    with pytest.raises(BadInput, match="given twice"):
        inspect_data_dir(tmp_path / "data", tmp_path / "intake")

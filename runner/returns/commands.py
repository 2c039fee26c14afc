"""The `runner returns` click group: option parsing only; the work is in the return modules."""

from __future__ import annotations

from pathlib import Path

import click

from runner import settings

#: as runner.cli's (which cannot be imported from here: `python -m runner.cli` would import it twice)
WAREHOUSE_OPTION = click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"DuckDB file [env {settings.WAREHOUSE_ENV}; default warehouse/csc.duckdb in the project]",
)

YEAR_OPTION = click.option("--year", type=click.IntRange(2000, 2100), default=None,
                           help="Collection year, ending 31 March YEAR [default: the latest complete one].")
LA_OPTION = click.option("--la", "la_code", default=None,
                         help="The authority's 3-digit LA number (needed when the warehouse holds several).")


def _echo(written) -> None:
    for line in written.summary_lines():
        click.echo(line)


def _run(warehouse: Path | None, command: str, write):
    """`write(path)` holding the warehouse's lock (runner/lock.py), as export and docs do."""
    from runner.lock import warehouse_lock

    path = settings.warehouse_path(warehouse)
    with warehouse_lock(path, command):
        _echo(write(path))


@click.group()
def returns() -> None:
    """Statutory returns out of the warehouse: CIN census XML, SSDA903 CSV files, Ofsted's Annex A.

    They carry personal data (dates of birth, placement postcodes): they are written only where --out
    says, for the authority's own submission.
    """


@returns.command("cin-census")
@YEAR_OPTION
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the XML file (cin_census_<la>_<year>.xml).")
@LA_OPTION
@WAREHOUSE_OPTION
def cin_census(year: int | None, out_dir: Path, la_code: str | None, warehouse: Path | None) -> None:
    """The CIN census XML for the collection year ending 31 March YEAR."""
    from runner.returns.cin_census import write_cin_census

    _run(warehouse, "returns cin-census", lambda path: write_cin_census(path, out_dir, year, la_code))


@returns.command("ssda903")
@YEAR_OPTION
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the return's CSV files (header.csv, episodes.csv, ...).")
@LA_OPTION
@WAREHOUSE_OPTION
def ssda903(year: int | None, out_dir: Path, la_code: str | None, warehouse: Path | None) -> None:
    """The SSDA903 CSV files for the collection year ending 31 March YEAR."""
    from runner.returns.ssda903 import write_ssda903

    _run(warehouse, "returns ssda903", lambda path: write_ssda903(path, out_dir, year, la_code))


@returns.command("annex-a")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write (.xlsx).")
@LA_OPTION
@WAREHOUSE_OPTION
def annex_a(out_file: Path, la_code: str | None, warehouse: Path | None) -> None:
    """Ofsted's Annex A lists 1 to 10 at the warehouse's as-at date."""
    from runner.returns.annex_a import write_annex_a

    _run(warehouse, "returns annex-a", lambda path: write_annex_a(path, out_file, la_code))

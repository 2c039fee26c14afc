"""The `runner validate` click group: option parsing only; the work is in runner/validate/run.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from runner import settings
from runner.errors import BadInput
from runner.returns.commands import WAREHOUSE_OPTION

YEAR_OPTION = click.option("--year", type=click.IntRange(2000, 2100), default=None,
                           help="Collection year, ending 31 March YEAR [default: from the return].")
LA_OPTION = click.option("--la", "la_code", default=None, help="The authority's 3-digit LA number.")


@contextmanager
def _locked(warehouse: Path, command: str) -> Iterator[None]:
    """The warehouse's lock while the findings go into it (runner/lock.py); no warehouse, nothing to lock."""
    if not warehouse.exists():
        yield
        return
    from runner.lock import warehouse_lock

    with warehouse_lock(warehouse, command):
        yield


def _check_la(la_code: str | None) -> str | None:
    if la_code is not None and not (la_code.isdigit() and len(la_code) == 3):
        raise BadInput(f"--la {la_code!r}: not a 3-digit LA number")
    return la_code


@click.group(invoke_without_command=True)
@click.option("--from-warehouse", is_flag=True,
              help="Write both returns from the warehouse into --out, then validate them.")
@YEAR_OPTION
@LA_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --from-warehouse: folder for the returns and the findings.")
@WAREHOUSE_OPTION
@click.pass_context
def validate(ctx: click.Context, from_warehouse: bool, year: int | None, la_code: str | None, out_dir: Path | None,
             warehouse: Path | None) -> None:
    """The DfE's validation rules (Data to Insight's csc-validator-be-cin and -903) on a return.

    \b
    runner validate cin-census FILE.xml [--year YYYY]
    runner validate ssda903 DIR [--year YYYY] [--previous DIR]
    runner validate --from-warehouse --year YYYY --out DIR

    Findings (rule, message, child, field) go to CSV files beside the return (or in --out) and to the
    warehouse (returns.dfe_rule_findings), which the report's data-quality page counts.
    """
    if ctx.invoked_subcommand is not None:
        if from_warehouse:
            raise BadInput(f"--from-warehouse makes its own returns: give it no {ctx.invoked_subcommand} input")
        return
    if not from_warehouse:
        raise BadInput("say what to validate: cin-census FILE.xml, ssda903 DIR, or --from-warehouse --out DIR")
    if out_dir is None:
        raise BadInput("--from-warehouse needs --out DIR (where the returns and the findings go)")
    from runner.validate.run import validate_from_warehouse

    path = settings.warehouse_path(warehouse)
    with _locked(path, "validate --from-warehouse"):
        validate_from_warehouse(path, year=year, la_code=_check_la(la_code), out_dir=out_dir, echo=click.echo)


@validate.command("cin-census")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@YEAR_OPTION
@LA_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the findings CSV files [default: the XML file's folder].")
@WAREHOUSE_OPTION
def cin_census(path: Path, year: int | None, la_code: str | None, out_dir: Path | None,
               warehouse: Path | None) -> None:
    """A CIN census XML file (the year and LA default to its header's)."""
    from runner.validate.run import validate_cin_file

    store = settings.warehouse_path(warehouse)
    with _locked(store, "validate cin-census"):
        validate_cin_file(path, year=year, la_code=_check_la(la_code), out_dir=out_dir, warehouse=store,
                          echo=click.echo)


@validate.command("ssda903")
@click.argument("folder", type=click.Path(path_type=Path))
@YEAR_OPTION
@LA_OPTION
@click.option("--previous", type=click.Path(path_type=Path), default=None,
              help="Last year's return (its folder), for the rules that compare the two years.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the findings CSV files [default: the folder that holds DIR].")
@WAREHOUSE_OPTION
def ssda903(folder: Path, year: int | None, la_code: str | None, previous: Path | None, out_dir: Path | None,
            warehouse: Path | None) -> None:
    """A folder of SSDA903 CSV files (the year defaults to the latest episode's; --la to the warehouse's one)."""
    from runner.validate.run import validate_903_dir

    store = settings.warehouse_path(warehouse)
    with _locked(store, "validate ssda903"):
        validate_903_dir(folder, year=year, la_code=_check_la(la_code), out_dir=out_dir, warehouse=store,
                         previous=previous, echo=click.echo)

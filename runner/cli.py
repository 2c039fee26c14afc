"""The `runner` command line: a thin click layer over plain functions in this package.

Exit codes (data-contract.md section 3): 0 success; 1 a model or a data test failed; 2 bad usage or
bad input. Expected failures print one line; --debug shows the traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from runner import settings
from runner.errors import RunnerError

WAREHOUSE_OPTION = click.option(
    "--warehouse",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"DuckDB file [env {settings.WAREHOUSE_ENV}; default warehouse/csc.duckdb in the project]",
)


class RunnerGroup(click.Group):
    """Turns RunnerError into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RunnerError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=RunnerGroup)
@click.option("--debug", is_flag=True, help="Show tracebacks for expected failures.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Children's services performance indicators: generate, build, export, load, docs, returns, validate."""
    ctx.obj = {"debug": debug}


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder [default: data/synthetic in the project]")
@click.option("--las", "n_las", type=click.IntRange(min=1), default=None, help="Number of authorities.")
@click.option("--la", "la_code", default=None, help="One authority's 3-digit LA number [default 874].")
@click.option("--years", type=click.IntRange(min=1, max=20), default=6, show_default=True,
              help="Financial years of data, ending 31 March --end-year.")
@click.option("--end-year", type=int, default=2026, show_default=True, help="The last financial year (ends 31 March).")
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--fault-rate", type=click.FloatRange(0, 0.5), default=0.002, show_default=True,
              help="Share of rows given a realistic data fault.")
@click.option("--clean", is_flag=True, help="No data faults (same as --fault-rate 0).")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
def generate(out_dir, n_las, la_code, years, end_year, seed, fault_rate, clean, fmt) -> None:
    """Synthetic SSD files in the data-contract layout."""
    from runner.generate import generate as run_generate

    if n_las and la_code:
        raise click.UsageError("give --las or --la, not both")
    if la_code and not (la_code.isdigit() and len(la_code) == 3):
        raise click.BadParameter(f"{la_code!r} is not a 3-digit LA number", param_hint="--la")
    result = run_generate(
        out_dir or settings.DEFAULT_DATA_DIR,
        la_codes=[la_code] if la_code else None,
        n_las=n_las,
        years=years,
        seed=seed,
        end_year=end_year,
        fault_rate=0.0 if clean else fault_rate,
        fmt=fmt,
    )
    total = sum(result.rows.values())
    click.echo(
        f"generated {total:,} rows for {len(result.la_codes)} LA(s), {result.start} to {result.end}, "
        f"in {result.seconds:.1f}s -> {result.out_dir}"
    )


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=f"SSD files, one folder per LA [env {settings.DATA_DIR_ENV}; default: the bundled synthetic set]")
@click.option("--as-at", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Reporting date [default: last day of the last full month in the data].")
@click.option("--from", "extract_start", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The extract's first day: the window starts in that month when no working day of it comes "
                   "before this date, else the next month [default: each authority's first contact].")
@click.option("--day-first", is_flag=True,
              help="Read dates written day first (dd/mm/yyyy, as Excel writes them in England) as well as yyyy-mm-dd.")
@click.option("--unit-tests", is_flag=True,
              help="Also run dbt's unit tests (tests of the SQL, not of the data; ./dev test and CI run them).")
@WAREHOUSE_OPTION
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
def build(data_dir, as_at, extract_start, day_first, unit_tests, warehouse, dbt_args) -> None:
    """Check the raw files, then dbt build: seeds, models and data tests, into a new warehouse swapped in whole.

    Any further arguments go to dbt as they are, e.g. `runner build --select staging`.
    """
    from runner.build import build as run_build
    from runner.lock import warehouse_lock
    from runner.progress import is_terminal

    data_dir = data_dir or _default_data_dir()
    path = settings.warehouse_path(warehouse)
    with warehouse_lock(path, "build"):
        run_build(data_dir, path, as_at.date() if as_at else None, dbt_args, echo=click.echo,
                  extract_start=extract_start.date() if extract_start else None, day_first=day_first,
                  live=is_terminal(), unit_tests=unit_tests)


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "xlsx"]), default="csv", show_default=True)
@click.option("--publish", is_flag=True,
              help="Apply the DfE's small-number suppression (1 to 5 shown as c) for publication.")
@WAREHOUSE_OPTION
def export(out_dir, fmt, publish, warehouse) -> None:
    """Write indicator_values and the scorecard as files (xlsx: one formatted workbook)."""
    from runner.export import export as run_export
    from runner.lock import warehouse_lock

    path = settings.warehouse_path(warehouse)
    with warehouse_lock(path, "export"):
        run_export(path, out_dir, fmt, publish=publish, echo=click.echo)


def _register_load() -> None:
    """`runner load ...`: statutory returns into SSD files (runner/load/commands.py)."""
    from runner.load.commands import load

    main.add_command(load)


_register_load()


def _register_returns() -> None:
    """`runner returns ...` and `runner validate ...`: statutory returns out, and the DfE's rules on them."""
    from runner.returns.commands import returns
    from runner.validate.commands import validate

    main.add_command(returns)
    main.add_command(validate)


_register_returns()


@main.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Site folder, replaced on every run [default: site/ in the project]")
@click.option("--la", "la_codes", multiple=True, help="Only this authority (repeatable) [default: every one].")
@WAREHOUSE_OPTION
def docs(out_dir, la_codes, warehouse) -> None:
    """Build the report site: the pages in report/ rendered against the warehouse, with the dbt lineage.

    (The command is called docs for the data contract's interface; it builds the report site, not the
    project's documentation in docs/.)

    One site per authority when the warehouse holds several (site/<LA>/, with a chooser at site/index.html).
    """
    from runner.atomic import discard_dir
    from runner.lock import warehouse_lock
    from runner.report import docs as run_docs

    path = settings.warehouse_path(warehouse)
    site = (out_dir or settings.DEFAULT_SITE_DIR).resolve()
    with warehouse_lock(path, "docs"):
        try:
            run_docs(path, site, la_codes, echo=click.echo)
        except BaseException:
            discard_dir(site)  # the site is built beside its folder and swapped in whole: the old one stays
            raise


def _default_data_dir() -> Path:
    """$CSC_DATA_DIR, else the bundled synthetic set, generated on first use."""
    import os

    if os.environ.get(settings.DATA_DIR_ENV):
        return Path(os.environ[settings.DATA_DIR_ENV])
    data_dir = settings.DEFAULT_DATA_DIR
    if not (data_dir / "874").is_dir():
        from runner.generate import generate as run_generate

        click.echo(f"no data dir given: generating the default synthetic data set into {data_dir}")
        run_generate(data_dir)
    return data_dir


if __name__ == "__main__":
    main()



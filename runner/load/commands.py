"""The `runner load` click group: option parsing only; the work is in the loader modules."""

from __future__ import annotations

from pathlib import Path

import click

OUT_OPTION = click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
                          help="Data folder: the SSD files go to OUT/<la>/, rejects to OUT/_rejects/<la>/.")
LA_OPTION = click.option("--la", "la_code", required=True, help="The authority's 3-digit DfE LA number.")
STRICT_OPTION = click.option("--strict", is_flag=True,
                             help="Stop at the first invalid record (exit 2) instead of writing it to the rejects.")


def _check_la(la_code: str) -> str:
    if not (la_code.isdigit() and len(la_code) == 3):
        raise click.BadParameter(f"{la_code!r} is not a 3-digit LA number", param_hint="--la")
    return la_code


def _echo(result) -> None:
    for line in result.summary_lines():
        click.echo(line)


def _loaded(path: Path, load):
    """Run a loader; a failure its checks did not foresee is still one line with exit 2 (--debug shows the
    traceback): the input is what was wrong, and a statutory return is untrusted input."""
    from runner.errors import BadInput, RunnerError

    try:
        return load()
    except (RunnerError, click.ClickException):
        raise
    except Exception as exc:
        ctx = click.get_current_context()
        if ctx.find_root().obj and ctx.find_root().obj.get("debug"):
            raise
        detail = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
        raise BadInput(f"{path}: cannot be loaded ({type(exc).__name__}{': ' + detail if detail else ''})") \
            from exc


@click.group()
def load() -> None:
    """Statutory returns into SSD files: CIN census XML, SSDA903 (CSV folder or XML), Ofsted Annex A.

    Loading several returns of one authority into the same --out combines them: one person table,
    rows of an earlier load with the same ids replaced, everything else kept.
    """


@load.command("cin-census")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@OUT_OPTION
@LA_OPTION
@STRICT_OPTION
def cin_census(path: Path, out_dir: Path, la_code: str, strict: bool) -> None:
    """A CIN census XML file (schema years 2017 to 2026)."""
    from runner.load.cin_census import load_cin_census

    _echo(_loaded(path, lambda: load_cin_census(path, out_dir, _check_la(la_code), strict=strict)))


@load.command("ssda903")
@click.argument("path", type=click.Path(path_type=Path))
@OUT_OPTION
@LA_OPTION
@click.option("--year", type=click.IntRange(2000, 2100), default=None,
              help="Collection year (ending 31 March YEAR) [default: inferred from the latest episode].")
@STRICT_OPTION
def ssda903(path: Path, out_dir: Path, la_code: str, year: int | None, strict: bool) -> None:
    """An SSDA903 return: a folder of its CSV files (header, episodes, oc2, ...) or its XML file."""
    from runner.load.ssda903 import load_ssda903

    _echo(_loaded(path, lambda: load_ssda903(path, out_dir, _check_la(la_code), year=year, strict=strict)))


@load.command("annex-a")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@OUT_OPTION
@LA_OPTION
@STRICT_OPTION
def annex_a(path: Path, out_dir: Path, la_code: str, strict: bool) -> None:
    """An Ofsted Annex A workbook (.xlsx, lists 1 to 10)."""
    from runner.load.annex_a import load_annex_a

    _echo(_loaded(path, lambda: load_annex_a(path, out_dir, _check_la(la_code), strict=strict)))

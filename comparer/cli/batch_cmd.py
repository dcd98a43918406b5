"""comparer batch: every treaty of corpus folders and manifests, aligned and checked on a Dask cluster."""

from __future__ import annotations

import sys

import click

from comparer.cli import cli
from comparer.errors import InputError

FAILURES_SHOWN = 5


@cli.command("batch")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@click.option("--out", required=True, metavar="RESULTS/", type=click.Path(file_okay=False),
              help="Folder for the results: per-treaty JSON, findings.parquet/.csv, summary.html, failures.csv.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Worker processes of the local Dask cluster (default: one per core).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on an existing Dask cluster (`dask scheduler` and `dask worker`s) instead of a local one.")
@click.option("--force", is_flag=True, help="Recompute every treaty, even those whose inputs have not changed.")
@click.option("--langs", help="Versions to compare where a treaty has them, comma-separated (default: all).")
@click.option("--ui-lang", default="en", show_default=True, help="Language of the findings' messages: en or id.")
@click.option("--semantic/--no-semantic", default=None,
              help="Align with sentence embeddings (default: when comparer[semantic] is installed).")
def batch(sources: tuple[str, ...], out: str, workers: int | None, scheduler: str | None, force: bool,
          langs: str | None, ui_lang: str, semantic: bool | None) -> None:
    """Compare whole collections. SOURCES are corpus folders (TEI treaty files, their lexicon and
    secondary sources) and manifests of plain-text files (.csv or .json: id, language, file per
    row). Each treaty is one task on a Dask cluster; results are written as they come, a treaty
    whose inputs have not changed is skipped, a treaty that fails fails alone."""
    from comparer.batch import Settings, run_batch

    if workers and scheduler:
        raise InputError("give --workers (a local cluster) or --scheduler (an existing one), not both")
    chosen = tuple(dict.fromkeys(lang.strip() for lang in (langs or "").split(",") if lang.strip()))
    try:
        report = run_batch(list(sources), out, workers=workers, scheduler=scheduler, force=force,
                           settings=Settings(langs=chosen, ui_lang=ui_lang, semantic=semantic))
    except KeyboardInterrupt:
        click.echo("comparer: interrupted; the treaties done so far are kept: run the same command to go on", err=True)
        sys.exit(130)
    failed = len(report.failures)
    click.echo(f"{report.units} unit(s): {report.computed} computed, {report.unchanged} unchanged, {failed} failed; "
               f"{report.findings} finding(s)" + (f", {report.claims} claim(s)" if report.claims else "")
               + f" -> {report.out}")
    if report.other_code:
        click.echo(f"comparer: {report.other_code} result(s) came from workers running other comparer code than this "
                   "command (they will be computed again next run): install the same version everywhere", err=True)
    for failure in report.failures[:FAILURES_SHOWN]:
        click.echo(f"comparer: {failure.unit} failed: {failure.error}", err=True)
    if failed:
        more = f" ({failed - FAILURES_SHOWN} more)" if failed > FAILURES_SHOWN else ""
        click.echo(f"comparer: {failed} unit(s) failed{more}: see {report.out / 'failures.csv'}", err=True)
        sys.exit(1)

"""``retable bulk``: the command line face of :func:`run_bulk`."""

from __future__ import annotations

import sys

import click

from ..limits import DEFAULT_MAX_BYTES
from .defaults import CHUNK_SIZE, DEFAULT_TIME_LIMIT


@click.command("bulk")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder the dataset is written to (made if missing).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Workers [all cores].")
@click.option("--resume", is_flag=True, help="Continue an interrupted run in the -o folder.")
@click.option("--overwrite", is_flag=True, help="Discard an earlier run in the -o folder.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786).")
@click.option(
    "--text-column",
    default=None,
    help="Column of page text/HTML in table inputs (a CSV with no such column is one report).",
)
@click.option("--id-column", default=None, help="Column naming each page in table inputs.")
@click.option(
    "--timeout",
    "time_limit",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIME_LIMIT,
    show_default=True,
    help="Give up on one document after this many seconds (0: no limit).",
)
@click.option(
    "--time-limit",
    "old_time_limit",
    type=click.FloatRange(min=0),
    default=None,
    hidden=True,
    help="Deprecated name of --timeout (the name `retable parse` uses).",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this.",
)
@click.option("--chunk-size", type=click.IntRange(min=1), default=CHUNK_SIZE, show_default=True)
@click.option("--progress/--no-progress", default=None, help="Progress bar [on a terminal].")
def bulk_command(
    inputs: tuple[str, ...],
    outdir: str,
    jobs: int | None,
    resume: bool,
    overwrite: bool,
    engine: str,
    scheduler: str | None,
    text_column: str | None,
    id_column: str | None,
    time_limit: float,
    old_time_limit: float | None,
    max_bytes: int,
    chunk_size: int,
    progress: bool | None,
) -> None:
    """Parse many reports into one dataset in the folder given by -o/--output.

    Each of INPUTS is a file, a folder (recursive), a glob, a .jsonl/.csv/.parquet
    table with a column of page text or HTML, or a web archive (.warc,
    .warc.gz, .arc) whose responses are the pages. Writes cells.parquet,
    reports.parquet, panel.parquet (docs/panel.md), one CSV per table and
    errors.jsonl.

    Exit status: 0 every input parsed, 1 some inputs failed (see
    errors.jsonl), 2 usage error.

    Example:

        retable bulk crawl/ -o out/ --jobs 8
    """
    if old_time_limit is not None:
        click.echo("warning: --time-limit is deprecated; use --timeout", err=True)
        time_limit = old_time_limit
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    # Imported here, not at the top: `retable --help` must not pay for pyarrow and the parser.
    from .chunks import InputsChanged
    from .run import BulkError, run_bulk

    try:
        summary = run_bulk(
            list(inputs),
            outdir,
            jobs=jobs,
            resume=resume,
            overwrite=overwrite,
            engine=engine,
            scheduler=scheduler,
            text_column=text_column,
            id_column=id_column,
            time_limit=time_limit or None,
            max_bytes=max_bytes,
            chunk_size=chunk_size,
            progress=progress,
        )
    except (BulkError, InputsChanged) as exc:
        # The run could not start (an earlier run in OUTDIR, bad options): exit 2.
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("interrupted: committed chunks are kept; rerun with --resume", err=True)
        sys.exit(130)
    click.echo(summary.describe(), err=True)
    # Like `retable parse`: 1 when some inputs failed (they are in errors.jsonl).
    sys.exit(1 if summary.errors else 0)

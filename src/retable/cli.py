"""Command line interface: a thin layer over :func:`retable.parse`.

stdout carries data only (so ``retable parse x.txt | jq`` works); messages go
to stderr. Exit codes: 0 every input parsed, 1 some inputs failed, 2 usage.
"""

from __future__ import annotations

import io
import json
import sys

import click

from . import __version__
from .bulk.command import bulk_command
from .errors import RetableError
from .limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from .training.cli import annotate, evaluate, train
from .training.synth_cli import synth_command

FORMATS = ("json", "csv", "markdown")


def _emit_csv(reports, out) -> None:
    """One row per cell (``Report.to_long``): integers without ``.0``, missing as empty."""
    import pandas as pd

    from .report import LONG_DTYPES

    frames = [report.to_long() for report in reports]
    empty = pd.DataFrame({c: pd.Series(dtype=t) for c, t in LONG_DTYPES.items()})
    table = pd.concat(frames, ignore_index=True) if frames else empty
    table.to_csv(out, index=False, lineterminator="\n")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="retable")
def main() -> None:
    """Rebuild the standard tables of 政府信息公开工作年度报告 from scraped text or HTML."""


@main.command("parse")
# No existence or kind check here: a folder or a missing file is reported like any
# unreadable input (error [unreadable], exit 1), as the README promises, not as usage.
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="json: one object per file (JSON Lines for several files); csv: one row per cell; "
    "markdown: readable tables.",
)
@click.option(
    "--provenance",
    is_flag=True,
    help="Add source line, offsets, raw text and confidence per value.",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Give up on one file after this many seconds (0: no limit).",
)
@click.option("--quiet", "-q", is_flag=True, help="Do not print per-file errors to stderr.")
def parse_command(
    files: tuple[str, ...],
    fmt: str,
    provenance: bool,
    max_bytes: int,
    timeout: float,
    quiet: bool,
) -> None:
    """Parse report files and print their tables.

    Example:

        retable parse report.txt --format markdown
    """
    from .pipeline import parse  # here: `retable --help` does not need the parser

    reports = []
    failed = 0
    for path in files:
        try:
            reports.append(parse(path, max_bytes=max_bytes, timeout=timeout or None))
        except RetableError as exc:
            failed += 1
            if not quiet:
                click.echo(f"error [{exc.code}]: {exc}", err=True)
        except Exception as exc:  # never a traceback: a bug is reported like any failure
            failed += 1
            if not quiet:
                click.echo(f"error [internal]: {path}: {type(exc).__name__}: {exc}", err=True)
    out = sys.stdout
    if fmt == "json":
        if len(files) == 1 and reports:
            out.write(reports[0].to_json(provenance=provenance) + "\n")
        else:
            for report in reports:
                out.write(json.dumps(report.to_dict(provenance), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        _emit_csv(reports, buffer)
        out.write(buffer.getvalue())
    else:
        for report in reports:
            out.write(report.to_markdown() + "\n")
    if failed:
        sys.exit(1)


@main.command("review")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=str),
    help="The HTML page to write (one file: styles and script inline).",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Give up on one file after this many seconds (0: no limit).",
)
def review_command(files: tuple[str, ...], output: str, max_bytes: int, timeout: float) -> None:
    """Write one HTML page listing every doubtful cell of some reports.

    Each warned or low-confidence cell is shown with the source text around it
    (its characters marked), the value chosen, the other readings and the
    failed checks, most worrying first. A file that cannot be read is listed
    on the page with its error.

    Example:

        retable review report.txt other.html -o review.html
    """
    from .pipeline import parse_with_document
    from .review import Failure, review_html

    parsed, failures = [], []
    for path in files:
        try:
            report, doc = parse_with_document(path, max_bytes=max_bytes, timeout=timeout or None)
        except RetableError as exc:
            failures.append(Failure(path, exc.code, str(exc)))
            click.echo(f"error [{exc.code}]: {exc}", err=True)
            continue
        except Exception as exc:  # a bug costs one input, listed like any failure
            failures.append(Failure(path, "internal", f"{type(exc).__name__}: {exc}"))
            click.echo(f"error [internal]: {path}: {type(exc).__name__}: {exc}", err=True)
            continue
        parsed.append((report, doc.raw_text))
    page = review_html(parsed, failures)
    with open(output, "w", encoding="utf-8") as f:
        f.write(page)
    click.echo(f"{output}: {len(parsed)} reports reviewed, {len(failures)} unreadable", err=True)
    if failures:
        sys.exit(1)


main.add_command(bulk_command)
main.add_command(synth_command)
for _command in (annotate, train, evaluate):
    main.add_command(_command)

if __name__ == "__main__":  # pragma: no cover
    main()

"""``retable synth``: write synthetic reports and their gold grids for training."""

from __future__ import annotations

from pathlib import Path

import click

from .htmlout import CONVERTERS, available
from .render import LAYOUTS


@click.command("synth")
@click.option(
    "-n",
    "count",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Number of reports to write.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed; the same seed writes byte-identical files.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory for NNNN_<layout>.txt/.html and gold .json files.",
)
@click.option(
    "--layout",
    "layouts",
    multiple=True,
    type=click.Choice(LAYOUTS),
    help="Layouts to cycle through (repeatable; default: all available).",
)
def synth_command(count: int, seed: int, out_dir: Path, layouts: tuple[str, ...]) -> None:
    """Write synthetic reports with gold grids.

    Example:

        retable synth -n 200 --seed 1 -o data/synth --layout pipe --layout html
    """
    from .synth import generate

    wanted = list(layouts) or list(LAYOUTS)
    for layout in wanted:
        if layout in CONVERTERS and not available(layout):
            click.echo(
                f"skipping layout {layout}: converter not installed (pip install '.[train]'"
                + (", and the w3m binary" if layout == "w3m" else "")
                + ")",
                err=True,
            )
    usable = [lay for lay in wanted if lay not in CONVERTERS or available(lay)]
    if not usable:
        raise click.UsageError("none of the requested layouts is available")
    written = generate(count, seed, out_dir, usable)
    click.echo(f"wrote {len(written) // 2} reports to {out_dir}", err=True)

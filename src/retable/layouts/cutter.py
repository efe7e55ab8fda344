"""What a line cutter is: the unit the registry chooses from, one per layout family.

A cutter says whether it takes a line of a region (from the line and the region's
:class:`~retable.layouts.detect.Layout`), cuts the line into cell slices, and says
which separator opened each cell. The cells it gives carry its ``layout`` name,
which the role features and the assembly read (``pipe``, ``tab``, ``csv``,
``aligned``, ``spaces``, ``line``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ..types import Cell
from .detect import Layout

Bounds = list[tuple[int, int]]  # (start, end) slices of a line's text, one a cell


class Cut(NamedTuple):
    """A line cut into cells: their slices, and the slices of empty cells written
    before them (runs of spaces that end the row above or begin this one). A tuple,
    not a dataclass: one is made for every line cut."""

    bounds: Bounds
    leading: Bounds


def any_region(layout: Layout) -> bool:
    """A family whose lines can stand in any region (told line by line)."""
    return True


@dataclass(frozen=True)
class LineCutter:
    """One layout family's way of cutting a line.

    ``applies(layout)`` says whether the family can be the region's at all (asked
    once a region); ``takes(text, layout, bars_open)`` whether the line is this
    family's; ``cut`` gives its cells. ``separator(text, start, col)`` names what opened the
    cell at ``start`` (``tab``, ``pipe``, ``comma``, ``space`` or ``none``).
    ``frames_rows``: the lines may carry the row numbers and the column-number row
    a data frame writes, which are not cells of the table.
    """

    name: str
    layout: str
    takes: Callable[[str, Layout, bool], bool]
    cut: Callable[[str, Layout, bool], Cut]
    separator: Callable[[str, int, int], str]
    frames_rows: bool = True
    applies: Callable[[Layout], bool] = any_region


def no_separator(text: str, start: int, col: int) -> str:
    """Cells that nothing separates: one a line."""
    return "none"


def number_row(row_cells: list[Cell], row: int) -> None:
    """Make ``row_cells`` row ``row``, as its columns 0, 1, 2 … in this order."""
    for i, cell in enumerate(row_cells):
        cell.row, cell.col, cell.row_size = row, i, len(row_cells)

"""Empty cells written as runs of spaces (WebDriver's text of a page): the cutter of
a region :mod:`retable.spaced_blanks` finds space-coded, and the empty cells that
runs of spaces stand for before, between and after a row's printed cells.
"""

from __future__ import annotations

from ..spaced_blanks import SPACES, cut_space_coded
from ..types import Cell, Document, Line, Region
from .cutter import Bounds, Cut, LineCutter
from .detect import Layout

LAYOUT = SPACES


def _applies(layout: Layout) -> bool:
    return layout.space_coded


def _takes(text: str, layout: Layout, bars_open: bool) -> bool:
    return True  # every line of a space-coded region


def _cut(text: str, layout: Layout, bars_open: bool) -> Cut:
    leading, bounds = cut_space_coded(text)
    return Cut(bounds, leading)


def _space_before(text: str, start: int, col: int) -> str:
    return "space" if col > 0 else "none"


# Chosen before any other where the region is space-coded; its lines carry no data
# frame's numbers (a pandas text has no such runs of spaces).
SPACE_CODED = LineCutter(
    "spaces", LAYOUT, _takes, _cut, _space_before, frames_rows=False, applies=_applies
)


def spaces_blanks(line: Line, start: int, slices: Bounds, row: int) -> list[Cell]:
    """The empty cells that runs of spaces stand for, one a row from ``row`` on:
    ``slices`` of ``line.text[start:]``, two spaces each."""
    return [
        Cell("", "", line.span(start + a, start + b), row + k, 0, 1, SPACES, "blank")
        for k, (a, b) in enumerate(slices)
    ]


def line_blanks(line: Line, start: int, text: str, row: int) -> list[Cell]:
    """A line of spaces alone: the empty cells that end the row above."""
    return spaces_blanks(line, start, cut_space_coded(text)[0], row)


def blanks_after(doc: Document, region: Region, row: int) -> list[Cell]:
    """The empty cells that end a space-coded table's last row: the spaces that
    begin the line after the region."""
    index, end = region.end
    if index + 1 >= len(doc.lines) or doc.lines[index].text[end:].strip():
        return []
    after = doc.lines[index + 1]
    if after.cells is not None:
        return []
    return spaces_blanks(after, 0, cut_space_coded(after.text)[0], row)

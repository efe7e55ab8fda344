"""One cell per line: the cutter of a line that holds a single cell, and which blank
lines of such text are empty cells.

Converters write an empty cell of one-cell-per-line text in many ways: a line of
no-break spaces, a lone tab, a line of spaces or a tab where no line is empty (PDF
text), every blank line beyond the one that ends a cell (lynx), a blank line
between cells that otherwise follow each other (LibreOffice), a longer run of the
lines tags stood on (:class:`~retable.layouts.detect.Layout`, ``blank_period``).
"""

from __future__ import annotations

from ..lexical import shape
from ..types import Cell, Line, Span
from .cutter import Cut, LineCutter, no_separator
from .detect import Layout, explicit_space, lone_tab
from .tabs import spaced_tabs, spaces_only

LAYOUT = "line"


def _takes(text: str, layout: Layout, bars_open: bool) -> bool:
    return True


def _cut(text: str, layout: Layout, bars_open: bool) -> Cut:
    return Cut([(0, len(text))], [])


# The last resort: a line no other cutter takes is one cell.
LINE = LineCutter("line", LAYOUT, _takes, _cut, no_separator, frames_rows=False)


def empty_line_cell(span: Span, row: int) -> Cell:
    """An empty cell that a line (or a run of blank lines) stands for on its own."""
    return Cell("", "", span, row, 0, 1, LAYOUT, "blank", gap_before=1)


def blank_is_cell(layout: Layout, raw: str, line: Line, start: int, end: int) -> bool:
    """Whether a blank line of the region is an empty cell of its own: a lone tab
    (or spaces) among tab-prefixed cells, no-break spaces where each line holds one
    cell, a line of spaces or a tab where no line is empty."""
    text = line.text[start:end]
    return (
        (layout.tab_prefixed and (lone_tab(text) or spaces_only(text) or spaced_tabs(text)))
        or (layout.one_per_line and explicit_space(raw, line.offsets[start:end]))
        or (layout.dense and bool(text))
    )


def cell_lines(previous_kind: str, text: str) -> bool:
    """Whether the blank lines between two lines can be empty cells: not next to a
    page footer ("— 4 —"), where a page break leaves blank lines of its own."""
    return previous_kind != "noise" and shape(text.strip()) != "noise"


def tab_separator_cells(
    raw: str, line: Line, start: int, text: str, row: int, separator_open: bool
) -> tuple[list[Cell], bool]:
    """The empty cells of a line of tabs between cells (Chromium's ``innerText``):
    nothing between two tabs is an empty cell, and so is a piece of no-break spaces
    (a cell that held &nbsp;). Also whether a tab is left open after them."""
    cells: list[Cell] = []
    pos = start
    for i, piece in enumerate(text.split("\t")):
        if i > 0:  # the tab before this piece
            if separator_open:
                cells.append(empty_line_cell(line.span(pos - 1, pos - 1), row + len(cells)))
            separator_open = True
        if piece and explicit_space(raw, line.offsets[pos : pos + len(piece)]):
            cells.append(empty_line_cell(line.span(pos, pos + len(piece)), row + len(cells)))
            separator_open = False
        pos += len(piece) + 1
    return cells, separator_open

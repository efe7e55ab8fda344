"""A line of values that a PDF's plain text prints above its row's label.

``pdftotext -raw`` and pdfplumber's plain text order a table's text by where each line
stands; when a row's label wraps onto two lines, its values (centred in the cell's
height) can come out before the label, right after the complete row above:

    （一）予以公开 4 2 0 0 0 0 6
    1 0 0 1 0 0 2
    （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    （三）不予公开
    1.属于国家秘密 0 0 0 0 0 0 0

Read in order, the row above would get two lines of values and （二） none. The line
is moved after the label it belongs to where nothing else can be its owner: the row
above printed its own values beside its label, as many as this line, and the label
after the line has no values of its own (a label, a header or a row beside its label
follows it). The column identities check the result like any other row.
"""

from __future__ import annotations

from ..types import Cell
from .strays import physical_rows

# Values a line prints at least to be a displaced row (one value alone is a stray).
MIN_VALUES = 2
_VALUES = ("value", "blank")


def move_displaced_values(cells: list[Cell]) -> list[Cell]:
    """The cells with each displaced line of values after the label it belongs to
    (:func:`_owner`); the same list where there is none."""
    if not any(c.layout == "line" for c in cells):
        return cells
    rows = physical_rows(cells)
    moves = {i: k for i in range(len(rows)) if (k := _owner(rows, i)) is not None}
    if not moves:
        return cells
    targets = set(moves.values())
    out: list[Cell] = []
    for i, row in enumerate(rows):
        if i in moves:
            continue
        out.extend(row)
        if i in targets:
            for j, k in moves.items():
                if k == i:
                    out.extend(rows[j])
    return out


def _values_only(row: list[Cell]) -> bool:
    return all(c.role in _VALUES for c in row) and _count(row) >= MIN_VALUES


def _count(row: list[Cell]) -> int:
    return sum(1 for c in row if c.role in _VALUES)


def _label_only(row: list[Cell]) -> bool:
    return any(c.role == "label" for c in row) and all(c.role in ("label", "noise") for c in row)


def _owner(rows: list[list[Cell]], i: int) -> int | None:
    """The index of the label row that the values of ``rows[i]`` belong to, if they
    are a displaced line: values only, after a row that printed as many values beside
    its label, before a label row that is followed by a label or a header."""
    row = rows[i]
    if i == 0 or i + 1 >= len(rows) or not _values_only(row):
        return None
    if any(c.layout != "line" for c in row):
        return None
    above = rows[i - 1]
    if not any(c.role == "label" for c in above) or _count(above) != _count(row):
        return None
    if not _label_only(rows[i + 1]):
        return None
    after = rows[i + 2] if i + 2 < len(rows) else None
    if after is not None and not any(c.role in ("label", "header") for c in after):
        return None  # the label's own values follow it
    return i + 1

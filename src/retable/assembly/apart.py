"""A value that a PDF's plain text prints on a line of its own beside its row.

pdfplumber's plain text prints a cell whose value sits lower or higher in its box than
the row's other values on a line of its own, above or below the row's line, with no
position left to tell its column:

    一、本年新收政府信息公开申请数量 0 24 281 0 0 1710
    1405
    二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0

Read in order, the lone value would be the row's last, every value a column off. Where
the line beside it printed one value fewer than the table's rows have, and the lone
value completes that row's arithmetic, it is left out: the row then lacks one value,
which its arithmetic gives back and the column identities place (a row they cannot
place is left empty, with a warning). In layouts that keep positions, :mod:`.strays`
moves such a value into the row by where it stands.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from ..lexical import parse_number
from ..schema import load_schema
from ..solve import Group, satisfies
from ..types import Cell
from .fit import row_groups
from .strays import physical_rows


def drop_values_apart(cells: list[Cell], table: str, form: str) -> list[Cell]:
    """The cells without each lone value that completes the row beside it
    (:func:`_apart`); the same list where there is none."""
    width, groups = _width_groups(table, form)
    if not groups or not any(c.layout == "line" for c in cells):
        return cells
    rows = physical_rows(cells)
    dropped = {id(_lone(rows[i])) for i in range(len(rows)) if _apart(rows, i, width, groups)}
    if not dropped:
        return cells
    return [c for c in cells if id(c) not in dropped]


@cache
def _width_groups(table: str, form: str) -> tuple[int, tuple[Group, ...]]:
    """The width most of the table's rows have, and the row identities of such a row."""
    spec = load_schema().table(table)
    columns = Counter(spec.row_columns(row, form) for row in spec.rows_for(form))
    if not columns:
        return 0, ()
    common = columns.most_common(1)[0][0]
    return len(common), tuple(row_groups(spec, form, common))


def _values(row: list[Cell]) -> list[Cell]:
    return [c for c in row if c.role == "value"]


def _lone(row: list[Cell]) -> Cell | None:
    """The one value of a line, beside at most a group label's fragment (三、本年度办)."""
    values = _values(row)
    if len(values) != 1 or values[0].layout != "line":
        return None
    if any(
        c is not values[0] and (c.kind != "text" or c.role not in ("header", "noise")) for c in row
    ):
        return None
    return values[0]


def _short(row: list[Cell], width: int) -> bool:
    """A row's line that printed its label and one value fewer than the row has."""
    return any(c.role == "label" for c in row) and len(_values(row)) == width - 1


def _apart(rows: list[list[Cell]], i: int, width: int, groups: tuple[Group, ...]) -> bool:
    """Whether ``rows[i]`` is a lone value beside exactly one short row's line (the
    other neighbour, if any, is not short) whose arithmetic it completes."""
    lone = _lone(rows[i])
    if lone is None:
        return False
    line = lone.span.line
    beside = [
        rows[j]
        for j in (i - 1, i + 1)
        if 0 <= j < len(rows) and abs(rows[j][0].span.line - line) == 1
    ]
    short = [r for r in beside if _short(r, width)]
    if len(short) != 1:
        return False
    printed = [c.text for c in _values(short[0])]
    return any(_adds_up([*printed[:k], lone.text, *printed[k:]], groups) for k in range(width))


def _adds_up(texts: list[str], groups: tuple[Group, ...]) -> bool:
    values = [parse_number(t) for t in texts]
    return None not in values and satisfies(values, groups)

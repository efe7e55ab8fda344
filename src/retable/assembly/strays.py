"""Values that a PDF's laid-out text prints a line above or below their row.

``pdftotext -layout`` and pdfplumber's layout text print a cell whose value sits
lower or higher in its box than the row's other values on a line of its own, right
next to the row's line, in the column where that line has a hole:

    一、本年新收政府信息公开申请数量          0   24   281   0   0   1710
                                    1405

Such a value is moved into the row whose hole it stands in, in the order of the
row's values, so that the row is read by position under its headers like the
others. Only in tables whose rows the arithmetic checks, so that a value moved
into the wrong row fails an identity and is warned.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ..lexical import display_width
from ..match import ACCEPT, match_row
from ..schema import load_schema
from ..types import Cell

# Display columns a stray value keeps clear of the values of the row it joins. None:
# it may touch them, since pdfplumber's layout text rounds each character to a whole
# column, so that the digits of neighbouring columns abut (1405 then 0 at the next
# column); it must not overlap one.
CLEARANCE = 0
# Values a row's line prints at least to be the one a stray value joins: a line of
# one value is itself a row of few values, not one with holes to fill.
MIN_TARGET_VALUES = 2
_ALIGNED = ("aligned", "line")


def join_stray_values(cells: list[Cell], table: str, form: str) -> list[Cell]:
    """The cells with each stray value moved into the row beside it whose hole it
    stands in (:func:`_stray_target`); unchanged where there is none."""
    if not _rows_checked(table, form) or not any(c.layout == "aligned" for c in cells):
        return cells
    rows = physical_rows(cells)
    moves: dict[int, int] = {}  # row of a stray line -> the row it joins
    for i in range(len(rows)):
        target = _stray_target(rows, i, table, form)
        if target is not None:
            moves[i] = target
    if not moves:
        return cells
    return _moved(rows, moves)


@cache
def _rows_checked(table: str, form: str) -> bool:
    """Whether an identity checks each row's values (a row total)."""
    return any(i.axis == "row" for i in load_schema().identities_for(table, form))


def physical_rows(cells: list[Cell]) -> list[list[Cell]]:
    """The cells in runs of one physical row, in order (the moves of a line beside its
    row, here and in :mod:`.apart`, :mod:`.displaced` and :mod:`.wrapped`, work on these)."""
    rows: list[list[Cell]] = []
    for cell in cells:
        if rows and rows[-1][0].row == cell.row:
            rows[-1].append(cell)
        else:
            rows.append([cell])
    return rows


def _stray_target(rows: list[list[Cell]], i: int, table: str, form: str) -> int | None:
    """The index of the row the values of ``rows[i]`` belong to, if it is a stray line.

    A stray line prints values and at most text that names no row of the table (a
    group label's fragment, 三、本年度办理); the row it joins is on the line right
    above or below it (no blank line between), prints more values, and leaves a hole
    where each stray value stands. Where both neighbours could take it, neither does.
    """
    row = rows[i]
    values = _stray_values(row)
    if not values or any(c.layout not in _ALIGNED or c.x0 is None for c in values):
        return None
    if any(c.role not in ("value", "label", "noise", "continuation") for c in row):
        return None
    ids = {id(c) for c in values}
    text = "".join(c.text for c in row if id(c) not in ids)
    if text and max(match_row(text, table, form).values(), default=0.0) >= ACCEPT:
        return None
    found = [
        j
        for j in (i - 1, i + 1)
        if 0 <= j < len(rows) and _adjacent(rows, i, j) and _takes(rows[j], values)
    ]
    return found[0] if len(found) == 1 else None


def _stray_values(row: list[Cell]) -> list[Cell]:
    """The values of a line; a number alone on its line counts as one though tagged
    noise (it looks like a page number, which a table's hole does not explain)."""
    if len(row) == 1 and row[0].role == "noise" and row[0].kind == "number":
        return row
    return [c for c in row if c.role == "value"]


def _adjacent(rows: list[list[Cell]], i: int, j: int) -> bool:
    """Whether the two rows are on neighbouring source lines."""
    return abs(rows[i][0].span.line - rows[j][0].span.line) == 1


def _takes(row: list[Cell], strays: list[Cell]) -> bool:
    """Whether the row's line prints aligned values with a hole at each stray value:
    right of its text, clear of its values."""
    values = [c for c in row if c.role == "value"]
    if len(values) < max(MIN_TARGET_VALUES, len(strays) + 1):
        return False
    if any(c.layout != "aligned" for c in values):
        return False
    text_end = max((_extent(c)[1] for c in row if c.role != "value"), default=0)
    return all(
        _extent(s)[0] > text_end and all(_clear(_extent(s), _extent(v)) for v in values)
        for s in strays
    )


def _extent(cell: Cell) -> tuple[int, int]:
    """The display columns where the cell starts and ends."""
    start = cell.x0 if cell.x0 is not None else (cell.x or 0)
    width = len(cell.text) if cell.char_columns else display_width(cell.text)
    return start, start + width


def _clear(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two extents stand at least ``CLEARANCE`` apart."""
    return a[1] + CLEARANCE <= b[0] or b[1] + CLEARANCE <= a[0]


def _moved(rows: list[list[Cell]], moves: dict[int, int]) -> list[Cell]:
    """The cells again, each stray value in the row it joins, ordered by where it
    stands; aligned, so the row is read by position."""
    joining: dict[int, list[Cell]] = {}
    strays: set[int] = set()
    for i, target in moves.items():
        values = _stray_values(rows[i])
        joining.setdefault(target, []).extend(values)
        strays.update(id(c) for c in values)
    out: list[Cell] = []
    for i, row in enumerate(rows):
        kept = [c for c in row if id(c) not in strays]
        if i in joining:
            kept = _with_values(kept, joining[i])
        out.extend(kept)
    return out


def _with_values(row: list[Cell], strays: list[Cell]) -> list[Cell]:
    """The row with copies of the stray values among its cells after its first value,
    in the order they stand (the cells are shared by the table's other readings)."""
    head = row[0]
    moved = [
        replace(
            s,
            row=head.row,
            layout="aligned",
            role="value",
            gap_before=0,
            char_columns=head.char_columns,
        )
        for s in strays
    ]
    first = next(k for k, c in enumerate(row) if c.role == "value")
    rest = sorted([*row[first:], *moved], key=_start)
    cells = [replace(c) for c in (*row[:first], *rest)]
    for col, cell in enumerate(cells):
        cell.col, cell.row_size = col, len(cells)
    return cells


def _start(cell: Cell) -> int:
    return _extent(cell)[0]

"""A data frame's own row numbers and column numbers, written beside a table's cells.

``DataFrame.to_csv()``, ``to_string()`` and ``to_markdown()`` write each row's number
first, and a table read without a header gets its column numbers as one; a printed
栏次 row counts its columns the same way. Neither is a cell of the table.
"""

from __future__ import annotations

from ..types import Line

# Cells a row of column numbers needs to be told from a row of values that count up.
MIN_INDEX_CELLS = 4
# Consecutive lines counting up before their first cell is a row number, not a value.
MIN_NUMBERED_ROWS = 3


def numbered_rows(lines: list[tuple[Line, int, int]]) -> set[int]:
    """Lines whose first cell counts the rows (0, 1, 2 … on consecutive lines), as
    ``DataFrame.to_csv()``, ``to_string()`` and ``to_markdown()`` write by default."""
    found: list[tuple[int, int]] = []  # (line index, number) of lines led by a number
    for i, (line, a, b) in enumerate(lines):
        if line.cells is None and (number := leading_number(line.text[a:b])) is not None:
            found.append((i, number))
    numbered: set[int] = set()
    run: list[int] = []
    for k, (i, n) in enumerate(found):
        if k and n == found[k - 1][1] + 1:
            run.append(i)
        else:
            run = [i]
        if len(run) >= MIN_NUMBERED_ROWS:
            numbered.update(run)
    return numbered


def leading_number(text: str) -> int | None:
    """The number a line begins with when a cell separator follows it (``3,``,
    ``| 3 |``, ``3  规章``); written without a regular expression, whose nested runs
    of spaces backtrack for seconds on a line of thousands of them."""
    rest = text.lstrip()
    if rest[:1] == "|":
        rest = rest[1:].lstrip()
    digits = len(rest) - len(rest.lstrip("0123456789"))
    if not 0 < digits <= 4:
        return None
    after = rest[digits:]
    if after[:1] in (",", "|", "\t") or after[:2] == "  " or after.lstrip(" ")[:1] in (",", "|"):
        return int(rest[:digits])
    return None


def index_row(texts: list[str]) -> bool:
    """Cells that count 0, 1, 2 … or 1, 2, 3 …: the column numbers ``pandas``
    writes as the header of a table read without one (after an empty cell above its
    row numbers), or a printed 栏次 row."""
    if texts and not texts[0]:
        texts = texts[1:]
    if len(texts) < MIN_INDEX_CELLS or texts[0] not in ("0", "1"):
        return False
    first = int(texts[0])
    return all(t == str(first + i) for i, t in enumerate(texts))

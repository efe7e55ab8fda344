"""The audit trail of one cell: its source text and place, its warnings, how it was got.

A user who doubts a number in ``cells.parquet`` reads, on the same row, the text
it came from (``raw`` = the decoded source ``text[start:end]``), the codes of the
warnings the report raised about it, and whether it was read as printed, cut out
of fused digits, recovered from the report's arithmetic or chosen by the panel.
"""

from __future__ import annotations

from functools import cache

from ..schema import load_schema
from ..types import GridCell, Warning_

METHODS = ("read", "split", "recovered_by_arithmetic", "resolved_by_panel")


def method(flags: tuple[str, ...]) -> str:
    """How a cell's value was obtained, from its flags (the panel's own mark first)."""
    if "resolved_by_panel" in flags:
        return "resolved_by_panel"
    if "derived" in flags:
        return "recovered_by_arithmetic"
    if "fused" in flags or "cut" in flags:
        return "split"
    return "read"


@cache
def money_columns() -> frozenset[str]:
    """Columns that hold amounts of money (金额), kept apart from the counts."""
    schema = load_schema()
    return frozenset(
        c.key
        for name in ("active_disclosure", "requests", "review_litigation")
        for c in schema.table(name).columns
        if "金额" in c.label
    )


def source_slice(
    text: str | None, cell: GridCell
) -> tuple[str | None, int | None, int | None, int | None]:
    """``(raw, line, start, end)`` with ``text[start:end] == raw``.

    The span's offsets index the decoded source, so the slice is the cell's text
    as the source has it (a no-break space, a full-width digit), not as the
    pipeline normalised it. A blank cell stands where it was, zero characters
    wide. A cell of an HTML table has no place finer than its source line: its
    offsets are left empty and ``raw`` is its text.
    """
    span = cell.span
    if span is None or text is None:
        return cell.raw, None, None, None
    start, end = span.start, span.end
    if not cell.raw:
        return "", span.line, start, start
    piece = text[start:end]
    if piece == cell.raw:
        return piece, span.line, start, end
    if piece[:1] == "<" and cell.raw[:1] != "<":
        return cell.raw, span.line, None, None
    return piece, span.line, start, end


def warning_index(warnings: list[Warning_]) -> dict[tuple, list[str]]:
    """Warning codes by the place they name: (table, row, column) with None for "all"."""
    index: dict[tuple, list[str]] = {}
    for w in warnings:
        if w.table is None:
            continue
        index.setdefault((w.table, w.row, w.column), []).append(w.code)
    return index


def cell_warnings(index: dict[tuple, list[str]], cell: GridCell) -> list[str]:
    """Codes of the warnings about ``cell``: its own, its row's and its column's
    (a warning about a whole table names no cell)."""
    if not index:
        return []
    t, r, c = cell.table, cell.row, cell.column
    codes: list[str] = []
    for key in ((t, r, c), (t, r, None), (t, None, c)):
        found = index.get(key)
        if found:
            codes.extend(x for x in found if x not in codes)
    return codes

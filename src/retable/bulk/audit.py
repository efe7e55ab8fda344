"""The audit trail of one cell: its source text and place, its warnings, how it was got.

A user who doubts a number in ``cells.parquet`` reads, on the same row, the text
it came from (``raw`` = the decoded source ``text[start:end]``), the codes of the
warnings the report raised about it, and whether it was read as printed, cut out
of fused digits, recovered from the report's arithmetic or chosen by the panel.
"""

from __future__ import annotations

from ..cell_audit import METHODS, cell_warnings, method, money_columns, warning_index
from ..types import GridCell

__all__ = [
    "METHODS",
    "cell_warnings",
    "method",
    "money_columns",
    "source_slice",
    "warning_index",
]


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

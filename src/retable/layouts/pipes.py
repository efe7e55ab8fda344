"""Rows delimited by bars: Markdown and converters' pipe rows, box-drawn tables (w3m,
elinks, links, pandoc's grid tables) and AsciiDoc rows.

In a box-drawn table border lines, not line breaks, end the rows: a line between two
borders goes on with the row above it, cell by cell (a wrapped cell). So does the
line after a cell that ends in a hard line break (pandoc's org tables).
"""

from __future__ import annotations

import itertools
import re

from ..lexical import display_width, shape
from ..types import Cell, Line
from .aligned import prefix_widths
from .cutter import Bounds, Cut, LineCutter, number_row
from .detect import ASCII_RULE, BORDER, PIPES, RULE, Layout
from .fused import ITEM_START, split_fused

LAYOUT = "pipe"
_BARS = "|│┃║¦"
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SPACE_RUN = re.compile(r"\s+")
_BOX_LINE = re.compile(r"[─━═┼├]")
# A rule beside a merged cell's text, ``│ 理结 ├────┼────┤``, read as the cells it
# closes: a junction that borders the row above is a border, the rest blank.
_RULE_AS_CELLS = str.maketrans(
    dict.fromkeys("─━═┬┌┐╦╔╗", " ") | dict.fromkeys("├┤┼┴└┘╋╠╣╬╩╚╝", "│")
)
# The last row of a box-drawn table (its cells by column) and where its borders are:
# in display columns (w3m), in characters (links, which pads each cell to a number
# of characters whatever their width) and in display columns of the text as written
# (pandoc, whose markup normalisation takes out).
OpenRow = tuple[list[list[Cell]], tuple[tuple[int, ...], ...]]


def _takes(text: str, layout: Layout, bars_open: bool) -> bool:
    stripped = text.strip()
    return bool(PIPES.search(stripped)) and not (
        stripped.startswith("(") and stripped.endswith(")")
    )


def _cut(text: str, layout: Layout, bars_open: bool) -> Cut:
    """Cut at every bar; ``bars_open`` says a bar begins a cell and none ends one
    (AsciiDoc): a bar that ends the line begins an empty cell."""
    stripped = text.strip()
    bounds = []
    start = 0
    for m in PIPES.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    # Outer borders of "| a | b |" are not cells; a row without a leading
    # border (html2text) keeps its last, possibly empty, cell.
    if stripped[0] in _BARS:
        if bounds and not text[bounds[0][0] : bounds[0][1]].strip():
            bounds = bounds[1:]
        if bounds and not bars_open and not text[bounds[-1][0] : bounds[-1][1]].strip():
            bounds = bounds[:-1]
    return Cut(bounds, [])


def _pipe_before(text: str, start: int, col: int) -> str:
    return "pipe"


PIPE = LineCutter("pipe", LAYOUT, _takes, _cut, _pipe_before)


def border_line(text: str, boxed: bool) -> bool:
    """A line that only draws the table: a Markdown ``|---|`` separator, a box
    rule, or (in a box-drawn region) a rule of hyphens."""
    if _is_md_separator(text) or (
        BORDER.match(text) and PIPES.search(text) is None and RULE.search(text)
    ):
        return True
    return bool(BORDER.match(text)) and bool(
        _BOX_LINE.search(text) or (boxed and ASCII_RULE.search(text))
    )


def rule_as_cells(text: str) -> str:
    """A rule beside a merged cell's text, read as the cells it closes."""
    return text.translate(_RULE_AS_CELLS)


def fold_box_row(
    cells: list[Cell],
    row_cells: list[Cell],
    bounds: Bounds,
    borders: tuple[tuple[int, ...], ...],
    open_row: OpenRow | None,
    written: tuple[int, ...] = (),
) -> tuple[bool, OpenRow]:
    """Fold the row into ``open_row`` where its borders line up with it; whether it
    was folded, and the row as it now stands open. ``written``: how wide each of the
    row's cells is as written (:func:`written_widths`)."""
    groups: list[list[Cell]] = [[] for _ in bounds]
    for c in row_cells:  # one pass: a garbled line can hold thousands of cells
        groups[c.col].append(c)
    if (
        open_row is not None
        and any(a == b for a, b in zip(open_row[1], borders, strict=True))
        and _fold_into_open_row(
            cells, open_row[0], groups, _content_widths(open_row[1][2]), written
        )
    ):
        return True, open_row
    return False, (groups, borders)


def row_borders(
    raw: str, line: Line, widths: tuple[int, ...], ends: tuple[int, ...]
) -> tuple[tuple[int, ...], ...]:
    """Where a row's cells end: in display columns, in characters, and in display
    columns of the text as written."""
    return (tuple(widths[e] for e in ends), ends, _raw_columns(raw, line, ends))


def _is_md_separator(text: str) -> bool:
    """A markdown ``|---|---|`` line; runs of spaces are collapsed first because
    the pattern backtracks quadratically over a long run of them."""
    if "--" not in text:  # collapsing spaces never joins two dashes
        return False
    return _MD_SEPARATOR.match(_SPACE_RUN.sub(" ", text.strip())) is not None


def _raw_columns(raw: str, line: Line, ends: tuple[int, ...]) -> tuple[int, ...]:
    """The display columns in the text as written of positions ``ends`` of ``line``."""
    offsets = line.offsets
    if not offsets:
        return ends
    line_start = raw.rfind("\n", 0, offsets[0]) + 1
    line_end = offsets[-1] + 1
    widths = prefix_widths(raw[line_start:line_end])
    return tuple(widths[(offsets[e] if e < len(offsets) else line_end) - line_start] for e in ends)


def _fold_into_open_row(
    cells: list[Cell],
    open_groups: list[list[Cell]],
    groups: list[list[Cell]],
    widths: tuple[int | None, ...] = (),
    written: tuple[int, ...] = (),
) -> bool:
    """:func:`_continue_row`, then write the open row (the last cells) again: a fold
    can join pieces of a cell or fill a cell the row did not have."""
    before = [c for group in open_groups for c in group]
    if not _continue_row(open_groups, groups, widths, written):
        return False
    after = [c for group in open_groups for c in group]
    changed = len(after) != len(before)
    if changed or any(a is not b for a, b in zip(after, before, strict=True)):
        first = before[0]
        del cells[len(cells) - len(before) :]
        number_row(after, first.row)
        first.gap_before, after[0].gap_before = 0, first.gap_before
        cells.extend(after)
    return True


def _continue_row(
    previous: list[list[Cell]],
    groups: list[list[Cell]],
    widths: tuple[int | None, ...] = (),
    written: tuple[int, ...] = (),
) -> bool:
    """Fold a wrapped line into the row above it, cell by cell; False if they clash.

    Text continues text (``一、本年新收政`` + ``府信息公开申请数量``, and ``1.``
    + ``属于国家秘密``, cut in two pieces until joined), a printed value fills an
    empty cell above it, an empty cell adds nothing, and digits continue a number
    too wide for its column (``widths``, the columns' room for text, and ``written``,
    how wide the line's cells are as written: pandoc's grid writes ``1710　`` as
    ``1`` / ``710　`` in a column of five). A value above or
    below a filled cell otherwise, or text that stays in several pieces when
    joined, is a clash: the line stays a row of its own.
    """
    folds: list[tuple[list[Cell], list[Cell], str | None]] = []
    for k, (above, below) in enumerate(zip(previous, groups, strict=True)):
        if all(_empty_cell(c) for c in below):
            continue  # an empty cell (or none) adds nothing
        if len(below) != 1 and any(c.kind == "number" for c in below):
            return False
        filled = [c for c in above if not _empty_cell(c)]
        if not filled:
            if len(below) != 1:
                return False
            folds.append((above, below, None))
            continue
        room = widths[k] if k < len(widths) and k < len(written) else None
        if room is not None and _number_wrapped(filled, below, room - written[k]):
            folds.append((above, below, filled[0].text + below[0].text))
            continue
        if (_is_value(filled) and not _item_number_wrapped(filled, below)) or _is_value(below):
            return False
        joined = "".join(c.text for c in filled + below)
        if len(filled) == len(below) == 1:
            folds.append((above, below, joined))
            continue
        pieces = split_fused(joined)
        if len(pieces) != 1:
            return False
        folds.append((above, below, pieces[0][0]))
    for above, below, folded in folds:
        new = below[0]
        if folded is None:
            if not above:
                above.append(new)
                continue
            top = above[0]
            top.text, top.raw, top.span, top.kind = new.text, new.raw, new.span, new.kind
            top.x, top.x0 = new.x, new.x0
            continue
        top = next(c for c in above if not _empty_cell(c))
        top.raw = (
            "".join(c.raw for c in above if not _empty_cell(c))
            + "\n"
            + "".join(c.raw for c in below)
        )
        top.text, top.kind, top.fragment = folded, shape(folded), False
        above[:] = [top]
    return True


_CELL_BREAK = re.compile(r"\\[ \t]*[|│]")


def breaks_a_cell(raw: str, line: Line) -> bool:
    """Whether a cell of ``line`` ends in a hard line break (``二、上年结转政府\\  |``):
    pandoc's org tables, one line per row, go on with the rest of such a cell on the
    next line, its other cells empty."""
    if not line.offsets:
        return False
    return _CELL_BREAK.search(raw, line.offsets[0], line.offsets[-1] + 2) is not None


def join_text(cell: Cell, rest: Cell) -> None:
    """Give ``cell`` the text of ``rest`` too, the next line's piece of it."""
    cell.text += rest.text
    cell.raw = f"{cell.raw}\n{rest.raw}"
    cell.kind, cell.fragment = shape(cell.text), False


def _item_number_wrapped(above: list[Cell], below: list[Cell]) -> bool:
    """An item's number alone on the first line of its label cell, the label going
    on below it (``1`` / ``.属于`` / ``国家秘密``: a column two characters wide)."""
    return (
        len(above) == len(below) == 1
        and len(above[0].text) <= 2
        and ITEM_START.match(below[0].text) is not None
    )


def _number_wrapped(above: list[Cell], below: list[Cell], left: int) -> bool:
    """A number whose digits did not fit on one line of its column: the two pieces
    are digits, and the first is wider than the room (``left``) the second leaves."""
    if not (_is_value(above) and _is_value(below)):
        return False
    top, rest = above[0].text, below[0].text
    if not (top.isdigit() and rest[:1].isdigit()) or top.startswith("0"):
        return False  # no number is printed with a leading zero: 0 above 5 are two
    return display_width(top) > left and shape(top + rest) == "number"


def written_widths(raw: str, line: Line, start: int, bounds: Bounds) -> tuple[int, ...]:
    """How wide each cell of ``line`` is in the text as written, less its padding: a
    full-width space (``710　``) that normalisation takes out still took room."""
    offsets = line.offsets
    if not offsets:
        return ()
    n = len(offsets)
    out = []
    for b0, b1 in bounds:
        first = offsets[min(start + b0, n - 1)]
        last = offsets[start + b1] if start + b1 < n else offsets[-1] + 1
        out.append(display_width(raw[first:last].strip(" ")))
    return tuple(out)


def _content_widths(ends: tuple[int, ...]) -> tuple[int | None, ...]:
    """Each column's room for text, from where its cells end (display columns of the
    text as written): the columns between two bars, less a space of padding on each
    side. The first column's start is not known."""
    return (None, *(b - a - 1 - 2 for a, b in itertools.pairwise(ends)))


def _is_value(group: list[Cell]) -> bool:
    """A cell printed as a number, not text that happens to start with one."""
    return len(group) == 1 and group[0].kind == "number"


def _empty_cell(cell: Cell) -> bool:
    return cell.kind == "blank" and not cell.text

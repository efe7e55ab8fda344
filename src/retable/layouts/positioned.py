"""Grid from positions: positioned words (PDF, OCR, laid-out text) cut into table cells.

A borderless table keeps no trace of its empty cells but the place where each value
stands. So the columns come from the table itself: every value and every header word
right of the row labels marks a horizontal band; a header word above words of two or
more bands is a spanning parent (申请人情况, 法人或其他组织, 行政诉讼); a column with
no values (an empty 科研机构) is still a band, made by its header. Each value goes to
the band it overlaps most. Rows come from vertical position: a row label wrapped over
several lines, and values printed on the line above or below it (vertically centred
cells), are one row. The result is rows of :class:`Cell` with column spans, the same
shape a ruled table's cells give, read on the HTML path downstream.

All thresholds are relative to the words' own height (``h``), so words in points,
pixels or display lines (height 1) cut alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from ..inputs.words import Word
from ..lexical import shape
from .bands import Band, Node, add_header_bands, best_band, header_rows, header_tree, value_bands

SAME_LINE = 0.5  # of h: words whose middles are this close stand on one line
ROW_GAP = 0.8  # of h: a vertical gap this large between label lines starts a new row
TOUCH = 0.15  # of h: horizontal slack when testing whether two extents overlap
MARGIN = 1.0  # of h: how close to the left margin a heading starts
PROSE = 0.6  # of the text width: a one-run line this wide is a paragraph, not a row
_SENTENCE_END = ("。", "；", "：")


@dataclass(frozen=True)
class Cell:
    """One cell of the cut grid: its text, its words and the grid columns it spans."""

    text: str
    words: tuple[Word, ...] = ()
    colspan: int = 1
    rowspan: int = 1


Line = tuple[Word, ...]


def word_height(words: Sequence[Word]) -> float:
    """The typical word height: the unit of every threshold."""
    heights = [w.height for w in words if w.height > 0]
    return median(heights) if heights else 1.0


def lines_of(words: Sequence[Word]) -> list[Line]:
    """Words grouped into lines by vertical middle, each line left to right."""
    h = word_height(words)
    out: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.page, w.middle, w.x0)):
        last = out[-1] if out else None
        if last and last[0].page == word.page and abs(word.middle - _middle(last)) <= SAME_LINE * h:
            last.append(word)
        else:
            out.append([word])
    return [tuple(sorted(line, key=lambda w: w.x0)) for line in out]


def _middle(line: Sequence[Word]) -> float:
    return sum(w.middle for w in line) / len(line)


def is_value(word: Word) -> bool:
    """A number standing as a cell of its own (a blank mark such as ``—`` is one too)."""
    return shape(word.text) in ("number", "blank") and not word.text.endswith(("、", "."))


@dataclass(frozen=True)
class Block:
    """Lines ``start:end`` of a page stream that hold one table."""

    start: int
    end: int


def table_blocks(lines: Sequence[Line]) -> list[Block]:
    """Runs of lines that hold a table: between paragraphs and headings, with values."""
    words = [w for line in lines for w in line]
    if not words:
        return []
    h = word_height(words)
    left = min(w.x0 for w in words)
    width = max(w.x1 for w in words) - left
    breaks = [
        _is_prose(line, left, width, h) or _is_heading(lines, i, left, h)
        for i, line in enumerate(lines)
    ]
    blocks, start = [], None
    for i, brk in enumerate([*breaks, True]):
        if brk:
            if start is not None and i - start >= 2 and _value_lines(lines[start:i]):
                blocks.append(Block(start, i))
            start = None
        elif start is None:
            start = i
    return blocks


def _is_prose(line: Line, left: float, width: float, h: float) -> bool:
    """A paragraph line: one run of text as wide as the page's text, or ending a sentence."""
    if len(line) != 1:
        return False
    word = line[0]
    return word.x1 - word.x0 >= PROSE * width or (
        word.x0 - left <= MARGIN * h and word.text.endswith(_SENTENCE_END)
    )


_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_OWN_ROW = 1.5  # of h: values this close above or below a label are in its row


def _is_heading(lines: Sequence[Line], i: int, left: float, h: float) -> bool:
    """A heading: one run at the left margin that reaches past where the next values
    start, or a numbered section (二、…) with no value in its own row.

    A row label never reaches into the value columns (a label wrapped to fit its
    column never), and a numbered row label (一、本年新收…) has its values beside it."""
    line = lines[i]
    if len(line) != 1:
        return False
    word = line[0]
    at_margin = word.x0 - left <= MARGIN * h
    for below in lines[i + 1 :]:
        values = [w for w in below if is_value(w)]
        if values:
            start = min(w.x0 for w in values)  # a table without row labels starts at the margin
            if at_margin and start - left > MARGIN * h and word.x1 > start - TOUCH * h:
                return True
            break
    if not _SECTION.match(word.text):  # an indented heading (四、…) is numbered
        return False
    near = [
        w
        for other in lines[max(0, i - 3) : i + 4]
        for w in other
        if is_value(w) and abs(w.middle - word.middle) <= _OWN_ROW * h
    ]
    return not near


def _value_lines(lines: Sequence[Line]) -> int:
    return sum(any(is_value(w) for w in line) for line in lines)


_NUMBERED = re.compile(r"^[（(]?(?:[一二三四五六七八九十]+|\d{1,2})[)）、.．]")


@dataclass(frozen=True)
class Grid:
    """A cut table: header rows and body rows of cells (the label cell first)."""

    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    columns: int  # value columns (bands)


def cut_table(lines: Sequence[Line]) -> Grid | None:
    """The table held by ``lines`` (a :func:`table_blocks` block) as a grid."""
    words = [w for line in lines for w in line]
    h = word_height(words)
    values = [w for w in words if is_value(w)]
    if not values:
        return None
    edge = min(w.x0 for w in values) - TOUCH * h  # where the label column ends
    first = next(i for i, line in enumerate(lines) if any(w in values for w in line))
    right = [i for i in range(first) if any(_centre(w) > edge for w in lines[i])]
    split = right[-1] + 1 if right else 0
    head = [w for line in lines[:split] for w in line]
    head_right = [w for w in head if _centre(w) > edge]
    bands = value_bands(values, h)
    bands = add_header_bands(bands, head_right, h)
    nodes = header_tree(bands, head_right, h)
    corner = [w for w in head if _centre(w) <= edge]
    labelled = bool(corner) or any(_centre(w) <= edge for line in lines[split:] for w in line)
    header = _header_cells(nodes, Cell(_join(corner)) if labelled else None)
    body = _body_rows(lines[split:], edge, bands, h)
    if not labelled:  # a table without row labels (四's one row of values)
        body = tuple(row[1:] for row in body)
    return Grid(header, body, len(bands))


def _centre(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def _join(words) -> str:
    return "".join(w.text for w in sorted(words, key=lambda w: (w.top, w.x0)))


def _header_cells(nodes: Sequence[Node], corner: Cell | None) -> tuple[tuple[Cell, ...], ...]:
    """The header rows, the label column's cell (if any) spanning them all."""
    rows = header_rows(nodes)
    out = []
    for r, row in enumerate(rows):
        cells = [Cell(corner.text, rowspan=len(rows))] if r == 0 and corner is not None else []
        for node, rowspan in row:
            span = node.last - node.first + 1
            cells.append(Cell(node.text, tuple(node.words), colspan=span, rowspan=rowspan))
        out.append(tuple(cells))
    return tuple(out)


@dataclass
class _Row:
    labels: list[Word]
    top: float
    bottom: float
    cells: dict[int, list[Word]]
    inline: bool = False  # one of its label lines prints values beside it


def _body_rows(
    lines: Sequence[Line], edge: float, bands: Sequence[Band], h: float
) -> tuple[tuple[Cell, ...], ...]:
    """Rows by vertical position: label lines make the rows, values join the nearest."""
    label_words = [w for line in lines for w in line if _centre(w) <= edge]
    inner = max(_label_columns(label_words, h), default=0.0)  # where the innermost labels start
    rows: list[_Row] = []
    loose: list[Line] = []
    for i, line in enumerate(lines):
        labels = [w for w in line if _centre(w) <= edge]
        rest = tuple(w for w in line if _centre(w) > edge)
        opens = bool(labels) and (
            not rows
            or (
                _starts_row(rows[-1], labels, bool(rest), inner, h)
                and not _within_wrapped(lines, i, edge, inner, h)
            )
        )
        if opens:
            top, bottom = min(w.top for w in labels), max(w.bottom for w in labels)
            rows.append(_Row(labels, top, bottom, {}, bool(rest)))
        elif labels:
            row = rows[-1]
            row.labels += labels
            row.bottom = max(row.bottom, *(w.bottom for w in labels))
            row.inline = row.inline or bool(rest)
        if rest:
            loose.append(rest)
    if not rows:
        rows.append(_Row([], loose[0][0].top, loose[0][0].bottom, {}))
    placed = _place_values(rows, loose, bands)
    for row, line in placed:
        for word in line:
            row.cells.setdefault(best_band(bands, word), []).append(word)
    rows = _fold_parents(rows, inner, h)
    return tuple(_row_cells(row, len(bands)) for row in rows)


def _within_wrapped(lines: Sequence[Line], i: int, edge: float, inner: float, h: float) -> bool:
    """A line of only an outer (parent) label fragment between two lines of a child's
    wrapped label (3.要求提供公开出 / （五） / 版物): it opens no row of its own."""
    if i == 0 or i + 1 >= len(lines):
        return False
    labels = [w for w in lines[i] if _centre(w) <= edge]
    if not labels or any(w.x0 >= inner - MARGIN * h for w in labels):
        return False

    def inner_label(line: Line) -> list[Word]:
        return [w for w in line if _centre(w) <= edge and w.x0 >= inner - MARGIN * h]

    above, below = inner_label(lines[i - 1]), inner_label(lines[i + 1])
    top, bottom = min(w.top for w in labels), max(w.bottom for w in labels)
    return bool(
        above
        and below
        and top - max(w.bottom for w in above) <= ROW_GAP * h
        and min(w.top for w in below) - bottom <= ROW_GAP * h
    )


def _place_values(
    rows: Sequence[_Row], loose: Sequence[Line], bands: Sequence[Band]
) -> list[tuple[_Row, Line]]:
    """Each value line with the row nearest to it; where two lines would print in the
    same cell of one row, the farther one goes to the neighbouring row on its side, if
    that row has nothing in those columns (a row whose label a page break carried
    to the next page, its values left at the bottom of the page before)."""
    order = {id(row): k for k, row in enumerate(rows)}
    chosen = [min(rows, key=lambda r: _distance(r, _middle(line))) for line in loose]
    for _ in range(2):
        taken: dict[tuple[int, int], list[int]] = {}
        for n, (row, line) in enumerate(zip(chosen, loose, strict=True)):
            for word in line:
                taken.setdefault((order[id(row)], best_band(bands, word)), []).append(n)
        for (k, _band), ns in taken.items():
            if len(set(ns)) < 2:
                continue
            far = max(set(ns), key=lambda n: _distance(rows[k], _middle(loose[n])))
            step = 1 if _middle(loose[far]) > rows[k].bottom else -1
            if not 0 <= k + step < len(rows):
                continue
            cols = {best_band(bands, w) for w in loose[far]}
            if not any((k + step, c) in taken for c in cols):
                chosen[far] = rows[k + step]
    return list(zip(chosen, loose, strict=True))


def _label_columns(words: Sequence[Word], h: float) -> list[float]:
    """Where the label sub-columns start (a parent label's column, then its children's)."""
    starts: list[float] = []
    for word in sorted(words, key=lambda w: w.x0):
        if not starts or word.x0 - starts[-1] > MARGIN * h:
            starts.append(word.x0)
    return starts


def _starts_row(
    previous: _Row, labels: Sequence[Word], has_values: bool, inner: float, h: float
) -> bool:
    """A label line opens a row: it stands apart from the label above, or its innermost
    label is numbered, or both it and the row above print values on their own line.

    A parent label (（五）不予处理) centred beside a child's wrapped label opens none."""
    if min(w.top for w in labels) - previous.bottom > ROW_GAP * h:
        return True
    innermost = max(labels, key=lambda w: w.x0)
    if _NUMBERED.match(innermost.text):
        return True
    return has_values and previous.inline


def _fold_parents(rows: list[_Row], inner: float, h: float) -> list[_Row]:
    """A row of nothing but a parent label's fragment (（四） beside its children) is
    folded into the row below, where its children start."""
    out: list[_Row] = []
    carry: list[Word] = []
    for row in rows:
        if not row.cells and all(w.x1 < inner - TOUCH * h for w in row.labels):
            carry += row.labels
            continue
        if carry:
            row = _Row(carry + row.labels, row.top, row.bottom, row.cells, row.inline)
            carry = []
        out.append(row)
    if carry and out:
        out[-1].labels += carry
    return out


def _distance(row: _Row, middle: float) -> float:
    if row.top <= middle <= row.bottom:
        return 0.0
    return min(abs(middle - row.top), abs(middle - row.bottom))


def _row_cells(row: _Row, columns: int) -> tuple[Cell, ...]:
    label = _label_text(row.labels)
    cells = [Cell(label, tuple(row.labels))]
    for i in range(columns):
        words = sorted(row.cells.get(i, []), key=lambda w: (w.top, w.x0))
        cells.append(Cell(_cell_text(words), tuple(words)))
    return tuple(cells)


def _cell_text(words: Sequence[Word]) -> str:
    """A value cell's words: numbers apart (two values are two), text run together."""
    out = ""
    for word in words:
        if out and (is_value(word) or out[-1].isdigit()):
            out += " "
        out += word.text
    return out


def _label_text(words: Sequence[Word]) -> str:
    """A row label read column by column (a parent label's fragment first), each
    column top to bottom."""
    columns: list[list[Word]] = []
    h = word_height(words) if words else 1.0
    for word in sorted(words, key=lambda w: w.x0):
        if columns and abs(word.x0 - columns[-1][0].x0) <= MARGIN * h:
            columns[-1].append(word)
        else:
            columns.append([word])
    return "".join(_join(col) for col in columns)

"""Grid from positions: positioned words (a PDF's, in time OCR's) cut into table cells.

A borderless table keeps no trace of its empty cells but the place where each value
stands. So the columns come from the table itself: every value and every header word
right of the row labels marks a horizontal band; a header word above words of two or
more bands is a spanning parent (申请人情况, 法人或其他组织, 行政诉讼); a column with
no values (an empty 科研机构) is still a band, made by its header. Each value goes to
the band it overlaps most. Rows come from vertical position: a row label wrapped over
several lines, and values printed on the line above or below it (vertically centred
cells), are one row (:mod:`retable.layouts.rows`; the bands and the header's spanning
cells: :mod:`retable.layouts.bands`). The result is rows of :class:`Cell` with column
spans, the same shape a ruled table's cells give, read on the HTML path downstream.

All thresholds are relative to the words' own height (``h``), so words in points,
pixels or display lines (height 1) cut alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..inputs.words import Word
from ..lexical import NUMERAL
from .bands import (
    Band,
    Node,
    add_header_bands,
    header_rows,
    header_tree,
    merge_split_bands,
    value_bands,
)
from .rows import Cell, Line, body_rows, centre, is_value, join_text, line_middle, word_height

SAME_LINE = 0.5  # of h: words whose middles are this close stand on one line
TOUCH = 0.15  # of h: horizontal slack when testing whether two extents overlap
MARGIN = 1.0  # of h: how close to the left margin a heading starts
PROSE = 0.6  # of the text width: a one-run line this wide is a paragraph, not a row
_SENTENCE_END = ("。", "；", "：")


def lines_of(words: Sequence[Word]) -> list[Line]:
    """Words grouped into lines by vertical middle, each line left to right."""
    h = word_height(words)
    out: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.page, w.middle, w.x0)):
        last = out[-1] if out else None
        if (
            last is not None
            and last[0].page == word.page
            and abs(word.middle - line_middle(last)) <= SAME_LINE * h
        ):
            last.append(word)
        else:
            out.append([word])
    return [tuple(sorted(line, key=lambda w: w.x0)) for line in out]


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


_SECTION = re.compile(rf"^{NUMERAL}+、")
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
    for k, below in enumerate(lines[i + 1 :]):
        values = [w for w in below if is_value(w)]
        if values:
            start = min(w.x0 for w in values)  # a table without row labels starts at the margin
            reaches = at_margin and start - left > MARGIN * h and word.x1 > start - TOUCH * h
            if reaches and k > 0:  # a wrapped label's values may print on the next line
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


@dataclass(frozen=True)
class Grid:
    """A cut table: header rows and body rows of cells (the label cell first)."""

    header: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    columns: int  # value columns (bands)
    bands: tuple[Band, ...] = ()  # each value column's horizontal extent
    labelled: bool = True  # body rows begin with their label cell


def cut_table(lines: Sequence[Line]) -> Grid | None:
    """The table held by ``lines`` (a :func:`table_blocks` block) as a grid."""
    words = [w for line in lines for w in line]
    h = word_height(words)
    values = [w for w in words if is_value(w)]
    if not values:
        return None
    edge = min(w.x0 for w in values) - TOUCH * h  # where the label column ends
    first = next(i for i, line in enumerate(lines) if any(w in values for w in line))
    right = [i for i in range(first) if any(centre(w) > edge for w in lines[i])]
    split = right[-1] + 1 if right else 0
    head = [w for line in lines[:split] for w in line]
    head_right = [w for w in head if centre(w) > edge]
    bands = value_bands(values, h)
    value_lines = [[w for w in line if is_value(w)] for line in lines[split:]]
    bands = merge_split_bands(bands, value_lines, head_right, h)
    bands = add_header_bands(bands, head_right, h)
    nodes = header_tree(bands, head_right, h)
    corner = [w for w in head if centre(w) <= edge]
    labelled = bool(corner) or any(centre(w) <= edge for line in lines[split:] for w in line)
    header = _header_cells(nodes, Cell(join_text(corner)) if labelled else None)
    body = body_rows(lines[split:], edge, bands, h)
    if not labelled:  # a table without row labels (四's one row of values)
        body = tuple(row[1:] for row in body)
    return Grid(header, body, len(bands), tuple(bands), labelled)


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

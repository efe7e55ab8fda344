"""Body rows of a positioned table: label lines make the rows, values join the nearest.

A row label wrapped over several lines, a parent label (（五）不予处理) centred beside
its children's labels, and values printed on the line above or below their label (as
vertically centred cells print) are put back together by vertical position. A label
line opens a row when it is numbered, or stands farther below the label above than a
wrapped label's lines stand apart, or when it and the row above both print their values
beside them. Thresholds are relative to the words' height ``h``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ..inputs.words import Word
from ..lexical import ITEM_NUMBER, shape
from .bands import Band, best_band

ROW_GAP = 0.8  # of h: a vertical gap this large between label lines starts a new row ...
WRAP_SLACK = 0.5  # of h: ... or this much more than the gap between a wrapped label's lines
TOUCH = 0.15  # of h: horizontal slack when testing whether two extents overlap
MARGIN = 1.0  # of h: label words starting this close stand in one label column


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


def line_middle(line: Sequence[Word]) -> float:
    return sum(w.middle for w in line) / len(line)


def is_value(word: Word) -> bool:
    """A number standing as a cell of its own (a blank mark such as ``—`` is one too)."""
    return shape(word.text) in ("number", "blank") and not word.text.endswith(("、", "."))


_NUMBERED = re.compile(rf"^{ITEM_NUMBER}")


def centre(word: Word) -> float:
    return (word.x0 + word.x1) / 2


def join_text(words: Sequence[Word]) -> str:
    return "".join(w.text for w in sorted(words, key=lambda w: (w.top, w.x0)))


@dataclass
class _Row:
    labels: list[Word]
    top: float
    bottom: float
    cells: dict[int, list[Word]]
    inline: bool = False  # one of its label lines prints values beside it
    beside: float | None = None  # where the innermost label of that line starts


def body_rows(
    lines: Sequence[Line], edge: float, bands: Sequence[Band], h: float
) -> tuple[tuple[Cell, ...], ...]:
    """Rows by vertical position: label lines make the rows, values join the nearest."""
    label_words = [w for line in lines for w in line if centre(w) <= edge]
    inner = max(_label_columns(label_words, h), default=0.0)  # where the innermost labels start
    gap = max(ROW_GAP * h, _wrap_gap(lines, edge, h) + WRAP_SLACK * h)
    rows: list[_Row] = []
    loose: list[Line] = []
    for i, line in enumerate(lines):
        labels = [w for w in line if centre(w) <= edge]
        rest = tuple(w for w in line if centre(w) > edge)
        opens = bool(labels) and (
            not rows
            or (
                _starts_row(rows[-1], labels, bool(rest), gap, h)
                and not _within_wrapped(lines, i, edge, inner, gap, h)
            )
        )
        if opens:
            top, bottom = min(w.top for w in labels), max(w.bottom for w in labels)
            beside = max(w.x0 for w in labels) if rest else None
            rows.append(_Row(labels, top, bottom, {}, bool(rest), beside))
        elif labels:
            row = rows[-1]
            row.labels += labels
            row.bottom = max(row.bottom, *(w.bottom for w in labels))
            if rest and row.beside is None:
                row.beside = max(w.x0 for w in labels)
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


def _within_wrapped(
    lines: Sequence[Line], i: int, edge: float, inner: float, gap: float, h: float
) -> bool:
    """A line of only an outer (parent) label fragment between two lines of a child's
    wrapped label (3.要求提供公开出 / （五） / 版物): it opens no row of its own."""
    if i == 0 or i + 1 >= len(lines):
        return False
    labels = [w for w in lines[i] if centre(w) <= edge]
    if not labels or any(w.x0 >= inner - MARGIN * h for w in labels):
        return False

    def inner_label(line: Line) -> list[Word]:
        return [w for w in line if centre(w) <= edge and w.x0 >= inner - MARGIN * h]

    above, below = inner_label(lines[i - 1]), inner_label(lines[i + 1])
    top, bottom = min(w.top for w in labels), max(w.bottom for w in labels)
    return bool(
        above
        and below
        and top - max(w.bottom for w in above) <= gap
        and min(w.top for w in below) - bottom <= gap
    )


def _place_values(
    rows: Sequence[_Row], loose: Sequence[Line], bands: Sequence[Band]
) -> list[tuple[_Row, Line]]:
    """Each value line with the row nearest to it; where two lines would print in the
    same cell of one row, the one farther from the row's first label line goes to the
    neighbouring row on its side, if that row has nothing in those columns (a row whose
    label a page break carried to the next page, its values left at the bottom of the
    page before, beside the last line of the row above)."""
    order = {id(row): k for k, row in enumerate(rows)}
    chosen = [min(rows, key=lambda r: _distance(r, line_middle(line))) for line in loose]
    for _ in range(2):
        taken: dict[tuple[int, int], list[int]] = {}
        for n, (row, line) in enumerate(zip(chosen, loose, strict=True)):
            for word in line:
                taken.setdefault((order[id(row)], best_band(bands, word)), []).append(n)
        for (k, _band), ns in taken.items():
            if len(set(ns)) < 2:
                continue
            anchor = _anchor(rows[k])
            far = max(set(ns), key=lambda n: abs(line_middle(loose[n]) - anchor))
            step = 1 if line_middle(loose[far]) > anchor else -1
            if not 0 <= k + step < len(rows):
                continue
            cols = {best_band(bands, w) for w in loose[far]}
            if not any((k + step, c) in taken for c in cols):
                chosen[far] = rows[k + step]
    return list(zip(chosen, loose, strict=True))


def _anchor(row: _Row) -> float:
    """Where a row's values belong: beside its first label line (a row's wrapped label
    and a parent's fragment beside it may reach down to a value line of the next row)."""
    return min((w.middle for w in row.labels), default=(row.top + row.bottom) / 2)


def _label_columns(words: Sequence[Word], h: float) -> list[float]:
    """Where the label sub-columns start (a parent label's column, then its children's)."""
    starts: list[float] = []
    for word in sorted(words, key=lambda w: w.x0):
        if not starts or word.x0 - starts[-1] > MARGIN * h:
            starts.append(word.x0)
    return starts


def _wrap_gap(lines: Sequence[Line], edge: float, h: float) -> float:
    """The gap between two lines of one wrapped label: the least gap between label
    lines that start in the same column, one line height or less apart (a label
    printed with double line spacing wraps with a gap as tall as a line)."""
    labels = [[w for w in line if centre(w) <= edge] for line in lines]
    labels = [ws for ws in labels if ws]
    gaps = [
        min(w.top for w in below) - max(w.bottom for w in above)
        for above, below in pairwise(labels)
        if abs(above[0].x0 - below[0].x0) <= MARGIN * h
    ]
    return min((g for g in gaps if 0 <= g <= h), default=0.0)


def _starts_row(
    previous: _Row, labels: Sequence[Word], has_values: bool, gap: float, h: float
) -> bool:
    """A label line opens a row: it stands farther than ``gap`` from the label above,
    or its innermost label is numbered, or both it and the row above print values on
    their own line.

    A parent label (（五）不予处理) centred beside a child's wrapped label opens none."""
    if min(w.top for w in labels) - previous.bottom > gap:
        return True
    innermost = max(labels, key=lambda w: w.x0)
    if _NUMBERED.match(innermost.text):
        return True
    return has_values and previous.inline and not _parent_fragment(labels, previous, h)


def _parent_fragment(labels: Sequence[Word], previous: _Row, h: float) -> bool:
    """Labels that go on with a parent label of the row above (果 under 三、本年度办理结),
    left of the label its values stand beside (（一）予以公开): not a row of their own."""
    inner = previous.beside
    if inner is None:
        return False
    return all(w.x0 < inner - MARGIN * h for w in labels) and any(
        abs(w.x0 - p.x0) <= MARGIN * h for w in labels for p in previous.labels
    )


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
            row = _Row(carry + row.labels, row.top, row.bottom, row.cells, row.inline, row.beside)
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
    return "".join(join_text(col) for col in columns)

"""Whitespace-aligned rows read by where their values stand under the headers.

A table printed with spaces (a text browser's rendering) shows which column a
value is in by its position alone; the headers' positions are found once per
set of columns, then each value is placed under one.
"""

from __future__ import annotations

import itertools
import re

from ..lexical import display_width
from ..match import match_column
from ..schema import TableSpec
from ..solve import Candidate, slot_from_text
from ..types import Cell
from .records import Record


def column_positions(
    cells: list[Cell], spec: TableSpec, form: str, columns: tuple[str, ...]
) -> list[tuple[int, int]] | None:
    """``(start, centre)`` display columns of each column's header, when all are found."""
    words: list[tuple[int, int, int, str]] = []  # row, start, centre, text; reading order
    for c in cells:
        if (
            c.role not in ("header", "label", "continuation", "noise")
            or c.x is None
            or c.x0 is None
        ):
            continue
        # A header line printed with single spaces between columns holds several headers.
        width = len if c.char_columns else display_width
        for m in re.finditer(r"\S+", c.text):
            start = c.x0 + width(c.text[: m.start()])
            pieces = _run_together(m.group(), spec.key, form, columns) if c.char_columns else ()
            for text in pieces or (m.group(),):
                words.append((c.row, start, start + width(text) // 2, text))
                start += width(text)
    value_rows = {c.row for c in cells if c.role == "value"}
    best_x: dict[str, tuple[float, tuple[int, int]]] = {}
    found: list[tuple[tuple[int, int], dict[str, float]]] = []  # header words, reading order
    for i, (_, start, centre, _) in enumerate(words):
        scores = match_column(_stacked(words, i, value_rows), spec.key, form)
        found.append(((start, centre), scores))
        for key, score in scores.items():
            if key in columns and score >= 0.7 and score > best_x.get(key, (0.0, 0))[0]:
                best_x[key] = (score, (start, centre))
    if len(best_x) == len(columns):
        xs = [best_x[k][1] for k in columns]
        if all(a[1] < b[1] for a, b in itertools.pairwise(xs)):
            return xs
    in_order = _positions_in_order(found, columns)
    if in_order is None and cells and all(c.char_columns for c in cells if c.layout == "aligned"):
        return _partial({k: v[1] for k, v in best_x.items()}, columns)
    return in_order


MISSING = (-1, -1)  # a column whose header was not found among partial positions
MAX_MISSING = 3  # headers, at most, that partial positions may lack


def _partial(
    found: dict[str, tuple[int, int]], columns: tuple[str, ...]
) -> list[tuple[int, int]] | None:
    """Positions where some neighbouring headers between found ones are not read
    (pdfplumber's layout text runs 社会公 法律服 其 together over 益组织 务机构 他): the
    first and last columns found, the found ones left to right, the missing ones one
    run of at most ``MAX_MISSING``. Only text padded by characters is read so, and a
    value is then placed only where it starts under a found header
    (:func:`positional`)."""
    found = _in_place(found, columns)
    missing = [i for i, k in enumerate(columns) if k not in found]
    if not missing or len(missing) > MAX_MISSING or missing[-1] - missing[0] + 1 != len(missing):
        return None
    if 0 in missing or len(columns) - 1 in missing:
        return None
    xs = [found.get(k, MISSING) for k in columns]
    present = [x for x in xs if x != MISSING]
    if not all(a[1] < b[1] for a, b in itertools.pairwise(present)):
        return None
    return xs


# A header word's pieces name their columns this well at least to be read apart.
RUN_TOGETHER_SCORE = 0.9
MIN_PIECE = 2  # characters of a header piece
STACK_GAP = 4  # lines from one piece of a stacked header to the next, at most


def _run_together(word: str, table: str, form: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """A header word in pieces where it is the headers of neighbouring columns run
    together (pdfplumber's layout text: ``上一年项目数量本年增/减``), else whole.
    Asked only of text padded by characters, whose pieces stand where they are
    counted (in display columns a run of wide characters says less of where each is).

    Each piece must name one of ``columns`` better than the whole word does, the
    pieces name them in the columns' order, and the cut is the one whose weaker
    piece names its column best.
    """
    whole = (_named(word, table, form, columns) or ("", 0.0))[1]
    best: tuple[float, int] | None = None
    for k in range(MIN_PIECE, len(word) - MIN_PIECE + 1):
        left = _named(word[:k], table, form, columns)
        right = _named(word[k:], table, form, columns)
        if left is None or right is None or columns.index(left[0]) >= columns.index(right[0]):
            continue
        weaker = min(left[1], right[1])
        if weaker >= RUN_TOGETHER_SCORE and weaker > whole and (best is None or weaker > best[0]):
            best = (weaker, k)
    if best is None:
        return (word,)
    return (word[: best[1]], word[best[1] :])


def _named(text: str, table: str, form: str, columns: tuple[str, ...]) -> tuple[str, float] | None:
    """The column of ``columns`` the text names best, and how well."""
    scores = {k: v for k, v in match_column(text, table, form).items() if k in columns}
    if not scores:
        return None
    key = max(scores, key=scores.__getitem__)
    return key, scores[key]


def _stacked(words: list[tuple[int, int, int, str]], i: int, value_rows: set[int]) -> str:
    """A header word with the words wrapped under it (商业 / 企业 → 商业企业).

    Text browsers wrap a narrow header cell onto the following lines at the same
    start column; the pieces are read top to bottom until ``STACK_GAP`` lines have
    none (pdfplumber's layout text puts up to three blank lines between the
    characters of a header stacked one per line: 商 / 业 / 企 / 业), and never past a
    line of values (the next table's header under a header of this one). Beyond
    the next two lines a piece joins only where no word of the lines between stands
    across the header askew (法律 / 服务 two characters left / 机构: the header's own
    second piece misplaced, and 机构 another's).
    """
    row, start, centre, text = words[i]
    end = 2 * centre - start + 1
    for j in range(i + 1, len(words)):
        later_row, later_start, _, later_text = words[j]
        if later_row > row + STACK_GAP or any(r in value_rows for r in range(row + 1, later_row)):
            break
        if later_row > row and abs(later_start - start) <= 1:
            if later_row > row + 2 and _askew_between(words, i, j, start, end):
                break
            text += later_text
            row = later_row
    return text


def _askew_between(
    words: list[tuple[int, int, int, str]], i: int, j: int, start: int, end: int
) -> bool:
    """Whether a word of the lines between words ``i`` and ``j`` overlaps the span
    ``start``-``end`` without starting where it does."""
    first, last = words[i][0], words[j][0]
    for row, w_start, w_centre, _ in words[i + 1 : j]:
        w_end = 2 * w_centre - w_start + 1
        if first < row < last and abs(w_start - start) > 1 and w_start < end and w_end > start:
            return True
    return False


def _positions_in_order(
    found: list[tuple[tuple[int, int], dict[str, float]]], columns: tuple[str, ...]
) -> list[tuple[int, int]] | None:
    """Headers printed once per group (结果维持 … 总计 three times): take them in reading order.

    Each column takes the next header word, after the previous column's, that
    names it; the positions must then increase from left to right.
    """
    xs: list[tuple[int, int]] = []
    at = 0
    for key in columns:
        while at < len(found) and found[at][1].get(key, 0.0) < 0.7:
            at += 1
        if at == len(found):
            return None
        xs.append(found[at][0])
        at += 1
    return xs if all(a[1] < b[1] for a, b in itertools.pairwise(xs)) else None


def positional(record: Record, positions: list[tuple[int, int]]) -> Candidate | None:
    """Read a whitespace-aligned row by placing each value under its header.

    A value goes to the header whose centre is nearest; when two values would
    share a column, each value goes to the column it starts in instead
    (left-aligned cells under left-aligned headers).
    """
    if MISSING in positions:
        return _placed_at_starts(record, positions)
    for place in (_nearest_centre, _start_interval):
        values: list = [None] * len(positions)
        sources: list = [None] * len(positions)
        for idx, cell in enumerate(record.values):
            if cell.role != "value" or cell.x is None:
                return None
            j = place(cell, positions)
            if j is None or values[j] is not None:
                break
            values[j] = slot_from_text(cell.text, idx, False).value
            sources[j] = idx
        else:
            return Candidate(tuple(values), tuple(sources), 0.0, "aligned")
    return None


def _in_place(
    found: dict[str, tuple[int, int]], columns: tuple[str, ...]
) -> dict[str, tuple[int, int]]:
    """The found headers that stand left to right in the columns' order, the longest
    such run (其他 of a row label 3.其他 read as the header 其他 is left out: not found)."""
    keys = [k for k in columns if k in found]
    best: list[list[str]] = []  # the longest increasing run ending at each key
    for i, key in enumerate(keys):
        runs = [best[j] for j in range(i) if found[keys[j]][1] < found[key][1]]
        best.append([*max(runs, key=len, default=[]), key])
    longest = max(best, key=len, default=[])
    return {k: found[k] for k in longest}


def _placed_at_starts(record: Record, positions: list[tuple[int, int]]) -> Candidate | None:
    """A row read under partial positions: each value where it starts, within a
    column of a found header's start, else nothing (the arithmetic reads the row)."""
    values: list = [None] * len(positions)
    sources: list = [None] * len(positions)
    for idx, cell in enumerate(record.values):
        if cell.role != "value" or cell.x0 is None:
            return None
        at = [
            k for k, (start, _) in enumerate(positions) if start >= 0 and abs(cell.x0 - start) <= 1
        ]
        if len(at) != 1 or values[at[0]] is not None:
            return None
        values[at[0]] = slot_from_text(cell.text, idx, False).value
        sources[at[0]] = idx
    return Candidate(tuple(values), tuple(sources), 0.0, "aligned")


def _nearest_centre(cell: Cell, positions: list[tuple[int, int]]) -> int:
    """The header the value's centre lies under, else the one whose centre is nearest.

    A wide header (对外公开总数量 over two grid columns) may have its centre as far
    from a value printed under its left part as the narrow header next to it.
    """
    x = cell.x if cell.x is not None else 0
    under = [k for k, (start, centre) in enumerate(positions) if start <= x < 2 * centre - start]
    if len(under) == 1:
        return under[0]
    return min(range(len(positions)), key=lambda k: abs(positions[k][1] - x))


def _start_interval(cell: Cell, positions: list[tuple[int, int]]) -> int | None:
    x0 = cell.x0 if cell.x0 is not None else (cell.x or 0)
    inside = [k for k, (start, _) in enumerate(positions) if start <= x0]
    return inside[-1] if inside else None

"""A row label that a PDF's text wraps around the row's line of values.

A label that wraps inside its cell is printed on two lines; the row's values, centred
in the cell's height, come out on a line between the two halves:

    2.没有
    0 0 0 0 0 0 0
    现成信息需要另行制作
    3.补正后申请内容仍不明确 0 0 0 0 0 0 0

Read in order, the second half would be the label of the next row's values (or the
tagger reads the short first half, ``2.没有``, as noise, so the values join the row
above). The halves are joined into one label before the values where the joined text
names a row better than either half, and the second half has no values of its own.
"""

from __future__ import annotations

from dataclasses import replace

from ..match import ACCEPT, match_row, split_label
from ..normalise import strip_pinyin
from ..roles import MAX_LABEL
from ..types import Cell
from .strays import physical_rows

# Layouts whose rows are cut by markup: a label cannot wrap around a row there.
_MARKED = ("html", "pipe", "tab", "csv")
_TEXT = ("label", "noise")


def join_wrapped_labels(cells: list[Cell], table: str, form: str) -> list[Cell]:
    """The cells with each label wrapped around its values joined before them
    (:func:`_wrapped`), and the text before those values (a group label) before the
    joined label, which it does not belong to; the same list where there is none."""
    if all(c.layout in _MARKED for c in cells):
        return cells
    rows = physical_rows(cells)
    joins: dict[int, int] = {}
    for i in range(len(rows) - 2):
        if i - 2 not in joins and _wrapped(rows, i, table, form):
            joins[i] = i + 2  # a second half is never the first half of another
    if not joins:
        return cells
    dropped = {id(_second_half(rows[k])) for k in joins.values()}
    out: list[Cell] = []
    for i, row in enumerate(rows):
        if i - 1 in joins:
            row = row[len(_leading_text(row, labels=True)) :]  # put before the label
        if i in joins:
            values = rows[i + 1]
            out.extend(_leading_text(values, labels=True))
            second = _second_half(rows[i + 2])
            row = [_joined(c, second, values[-1].row) if c is row[-1] else c for c in row]
        out.extend(c for c in row if id(c) not in dropped)
    return out


def _text_only(row: list[Cell]) -> bool:
    return all(c.kind == "text" and c.role in _TEXT for c in row)


def _leading_text(row: list[Cell], labels: bool = False) -> list[Cell]:
    """The text before a line's values: a group label (（四）无法提供) or its fragment
    (理, or 予公开 of （三）不予公开, read as a label where ``labels``)."""
    roles = ("header", "noise", "label") if labels else ("header", "noise")
    out: list[Cell] = []
    for cell in row:
        if cell.kind != "text" or cell.role not in roles:
            break
        out.append(cell)
    return out


def _values_line(row: list[Cell], labels: bool = False) -> bool:
    """Values, after at most a group label or its fragment."""
    rest = row[len(_leading_text(row, labels)) :]
    return (
        bool(rest)
        and all(c.role in ("value", "blank") for c in rest)
        and any(c.role == "value" for c in rest)
    )


def _second_half(row: list[Cell]) -> Cell:
    return next(c for c in row if c.role == "label")


def _best(text: str, table: str, form: str) -> tuple[str | None, float]:
    scores = match_row(text[:MAX_LABEL], table, form)
    if not scores:
        return None, 0.0
    key = max(scores, key=scores.__getitem__)
    return key, scores[key]


def _wrapped(rows: list[list[Cell]], i: int, table: str, form: str) -> bool:
    """Whether ``rows[i]`` ends in a label's first half, ``rows[i + 1]`` is its values
    and ``rows[i + 2]`` its second half, with no values after it."""
    first, values, second = rows[i], rows[i + 1], rows[i + 2]
    if not (_text_only(first) and _values_line(values, labels=True) and _text_only(second)):
        return False
    if sum(1 for c in second if c.role == "label") != 1:
        return False
    if i + 3 < len(rows) and _values_line(rows[i + 3]):
        return False  # the second half is a label of its own, followed by its values
    head, tail = first[-1].text, _second_half(second).text
    if split_label(tail).number is not None:
        return False  # a numbered text begins a row of its own
    _, joined = _best(_join(head, tail), table, form)
    # The joined text must name a row better than each half, and than the text before
    # the values (予公开 names 予以公开 well enough).
    others = [head, tail, *(c.text for c in _leading_text(values, labels=True))]
    return joined >= ACCEPT and all(joined > _best(t, table, form)[1] for t in others)


def _join(head: str, tail: str) -> str:
    """The two halves as one text, without the pinyin a converter printed after the
    first half's last character at the start of the second (执 / (zhí)法案卷)."""
    text = head + tail
    return strip_pinyin(text, list(range(len(text))))[0]


def _joined(first: Cell, second: Cell, row: int) -> Cell:
    """The first half with the second's text: one label, on the line of its values
    (where a laid-out text's values detach from a label on another line)."""
    return replace(
        first,
        text=_join(first.text, second.text),
        row=row,
        raw=first.raw + "\n" + second.raw,
        role="label",
        confidence=min(first.confidence, second.confidence),
    )

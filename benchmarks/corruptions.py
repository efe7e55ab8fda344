"""Realistic corruptions of a report's source text, located by the parser's provenance.

Every corruption is an edit of the decoded source at the place where a gold
cell was printed (the clean parse's provenance says where). The kinds mirror
what scraping and conversion really do to these tables.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

Edit = tuple[int, int, str]  # replace text[start:end] with the string


@dataclass(frozen=True)
class Target:
    """Where one printed value sits: its grid key, text span and row neighbours."""

    table: str
    row: str
    column: str
    start: int  # first character of the printed value
    end: int
    cell_start: int  # start of the cell (the ``<td`` in HTML, the value in text)
    cells: int = 1  # cells read from this printed run (more than one: fused digits)
    run: tuple = ()  # the grid keys of those cells, in reading order


_TAG = re.compile(r"<[^>]*>")
_CJK_RUN = re.compile(r"[\u3400-\u9fff（）()]{4,}")
FOOTERS = ("- 2 -", "— 3 —", "第 2 页 共 5 页", "4", "2/6")
OCR = {"0": "O", "1": "l", "5": "S", "8": "B", "2": "Z", "6": "b"}


def _outside_tags(text: str, pos: int) -> bool:
    return text.rfind("<", 0, pos) <= text.rfind(">", 0, pos)


def _whole(text: str, pos: int, raw: str) -> bool:
    """Whether ``raw`` at ``pos`` is a whole number, not the digits inside a longer one
    (``5`` inside ``693957``): an edit there would change another cell."""
    before = text[pos - 1] if pos else ""
    after = text[pos + len(raw) : pos + len(raw) + 1]
    return not (raw[:1].isdigit() and (before.isdigit() or before == ".")) and not (
        raw[-1:].isdigit() and (after.isdigit() or after == ".")
    )


def find_value(text: str, start: int, raw: str, html: bool) -> int | None:
    """Position of the printed ``raw`` at or after a provenance start."""
    pos = start
    while True:
        pos = text.find(raw, pos, start + 800)
        if pos < 0:
            return None
        if (not html or _outside_tags(text, pos)) and _whole(text, pos, raw):
            return pos
        pos += 1


def targets(report, text: str, html: bool) -> list[Target]:
    """Every printed, non-blank value of a clean parse, in document order."""
    out, seen = [], set()
    runs: dict[tuple[int, int], list[Key]] = defaultdict(list)
    for c in report.cells():
        if c.span is not None:
            runs[(c.span.start, c.span.end)].append((c.table, c.row, c.column))
    for cell in report.cells():
        if cell.span is None or not cell.raw or cell.value is None:
            continue
        raw = cell.raw.strip().split("\n")[0].strip()
        if not raw:
            continue
        pos = find_value(text, cell.span.start, raw, html)
        if pos is None or pos in seen:
            continue
        seen.add(pos)
        start = cell.span.start if html else pos
        run = tuple(runs[(cell.span.start, cell.span.end)])
        target = Target(
            cell.table, cell.row, cell.column, pos, pos + len(raw), start, len(run), run
        )
        out.append(target)
    return sorted(out, key=lambda t: t.start)


def _row_of(t: Target, all_targets: list[Target]) -> list[Target]:
    return [u for u in all_targets if (u.table, u.row) == (t.table, t.row)]


def _next(t: Target, all_targets: list[Target]) -> Target | None:
    later = [u for u in all_targets if u.start > t.start]
    return later[0] if later else None


def drop_cell(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool) -> Edit:
    """The value disappears; its cell stays (an empty ``<td>``, a missing token)."""
    if t.cells > 1:  # a fused run: lose one digit of it
        at = rng.randrange(t.start, t.end)
        return at, at + 1, ""
    return t.start, t.end, ""


def merge_cells(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """The border between two values is lost: their digits fuse."""
    u = _next(t, ts)
    if u is None:
        return None
    between = text[t.end : u.start]
    if len(between) > 400 or re.search(r"[\d\u3400-\u9fff]", _TAG.sub("", between)):
        return None
    return t.end, u.start, ""


def value_next_line(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """A value wraps onto the next line."""
    return t.start, t.start, "<br/>" if html else "\n"


def label_split(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """A row label is cut in two (across lines, or across two cells in HTML)."""
    row = _row_of(t, ts)
    first = row[0].cell_start
    previous = [u for u in ts if u.end <= first]
    lo = previous[-1].end if previous else max(0, first - 400)
    segment = text[lo:first]
    runs = [
        m for m in _CJK_RUN.finditer(segment) if not html or _outside_tags(text, lo + m.start())
    ]
    if not runs:
        return None
    run = runs[-1]
    at = lo + (run.start() + run.end()) // 2
    return at, at, "</td><td>" if html else "\n"


def footer_inserted(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """A page footer lands in the middle of the table."""
    footer = rng.choice(FOOTERS)
    if html:
        at = text.find("</tr>", t.end)
        return None if at < 0 else (at + 5, at + 5, f"</table><p>{footer}</p><table>")
    at = text.find("\n", t.end)
    return None if at < 0 else (at, at, f"\n{footer}\n")


def ocr_digit(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """An OCR-style confusion of a digit with a letter (0/O, 1/l, 5/S, 8/B)."""
    spots = [i for i in range(t.start, t.end) if text[i] in OCR]
    if not spots:
        return None
    at = rng.choice(spots)
    return at, at + 1, OCR[text[at]]


def row_dropped(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """A whole row (label and values) is lost."""
    row = _row_of(t, ts)
    lo, hi = row[0].cell_start, row[-1].end
    if html:
        a, b = text.rfind("<tr", 0, lo), text.find("</tr>", hi)
        return None if a < 0 or b < 0 else (a, b + 5, "")
    previous = [u for u in ts if u.end <= lo]
    a = text.find("\n", previous[-1].end) + 1 if previous else text.rfind("\n", 0, lo) + 1
    b = text.find("\n", hi)
    b = len(text) if b < 0 else b
    return (a, b, "") if a <= lo else None


def column_shifted(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """A cell and its border vanish, so the rest of the row moves one column left."""
    row = _row_of(t, ts)
    i = row.index(t)
    if i + 1 < len(row):
        return t.cell_start, row[i + 1].cell_start, ""
    if i > 0:
        return (row[i - 1].cell_start if html else row[i - 1].end), t.end, ""
    return None


def digit_dropped(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """One digit of a printed value is lost (``218`` → ``28``)."""
    spots = [i for i in range(t.start, t.end) if text[i].isdigit()]
    if len(spots) < 2:
        return None  # a one-digit value would vanish: that is drop_cell
    at = rng.choice(spots)
    return at, at + 1, ""


def digit_changed(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """One digit of a printed value becomes another (a typo, a misread scan)."""
    spots = [i for i in range(t.start, t.end) if text[i].isdigit()]
    if not spots:
        return None
    at = rng.choice(spots)
    return at, at + 1, rng.choice([d for d in "0123456789" if d != text[at]])


def numbers_swapped(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """A value and the next different one of its row change places."""
    row = _row_of(t, ts)
    later = [u for u in row if u.start > t.start]
    for u in later:
        a, b = text[t.start : t.end], text[u.start : u.end]
        if a != b and not _fused(t, u):
            middle = text[t.end : u.start]
            return t.start, u.end, b + middle + a
    return None


def _fused(t: Target, u: Target) -> bool:
    return t.start == u.start or t.end > u.start


def _line_of(text: str, t: Target) -> tuple[int, int] | None:
    """The source line holding a value; None when it holds much more than a table row."""
    a = text.rfind("\n", 0, t.start) + 1
    b = text.find("\n", t.end)
    b = len(text) if b < 0 else b
    return None if b - a > 300 else (a, b)


def line_dropped(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """The source line holding a value is lost (a cell per line: one cell; a row per line:
    the row)."""
    line = _line_of(text, t)
    return None if line is None else (line[0], min(line[1] + 1, len(text)), "")


def line_repeated(rng: random.Random, text: str, t: Target, ts: list[Target], html: bool):
    """The source line holding a value is printed twice (a page break repeating a row)."""
    line = _line_of(text, t)
    if line is None:
        return None
    a, b = line
    return b, b, "\n" + text[a:b]


# The kinds a reader meets in one table line: a digit dropped or changed, two numbers
# swapped, a line dropped or repeated.
LINE_KINDS = ("digit_dropped", "digit_changed", "numbers_swapped", "line_dropped", "line_repeated")

KINDS: dict[str, Callable] = {
    "drop_cell": drop_cell,
    "merge_cells": merge_cells,
    "value_next_line": value_next_line,
    "label_split": label_split,
    "footer_inserted": footer_inserted,
    "ocr_digit": ocr_digit,
    "row_dropped": row_dropped,
    "column_shifted": column_shifted,
    "digit_dropped": digit_dropped,
    "digit_changed": digit_changed,
    "numbers_swapped": numbers_swapped,
    "line_dropped": line_dropped,
    "line_repeated": line_repeated,
}


# The kinds whose edit leaves a value printed in its cell's place: the corrupted text is
# another report, whose grid (``Corrupted.printed``) is known cell by cell.
PRINTED_KINDS = ("digit_dropped", "digit_changed", "numbers_swapped", "drop_cell")

Key = tuple[str, str, str]  # (table, row, column)


@dataclass(frozen=True)
class Corrupted:
    """A corrupted text, how many edits it took, and what it now prints in the edited cells.

    ``printed`` maps each edited cell to the number the corrupted text prints there (None:
    an empty cell, as an emptied ``<td>`` prints); it is None for the kinds that leave no
    such reading (a lost line, a fused run, a letter for a digit, a token lost from text)."""

    text: str
    applied: int
    printed: dict[Key, float | int | None] | None


def _number(raw: str) -> float | int | None:
    """The number a printed value states (``1,234`` → 1234, ``5.5`` → 5.5, ``25元`` → 25)."""
    raw = raw.replace(",", "").strip().removesuffix("万元").removesuffix("元").strip()
    try:
        return float(raw) if "." in raw else int(raw)
    except ValueError:
        return None


def _printed_after(
    text: str, edit: Edit, t: Target, ts: list[Target], kind: str, html: bool
) -> dict[Key, float | int | None] | None:
    """What the edited cells print once ``edit`` is applied (None: not a cell-for-cell edit)."""
    start, end, new = edit
    key = (t.table, t.row, t.column)
    if kind == "drop_cell":
        # An emptied <td> keeps its place: the cell prints empty. In text the lost token
        # leaves no place, and a fused run loses a digit of a cell no one can name.
        return {key: None} if html and t.cells == 1 else None
    if kind == "numbers_swapped":
        u = next((x for x in ts if x.end == end and x.start > t.start), None)
        if u is None:
            return None
        a, b = _number(text[t.start : t.end]), _number(text[u.start : u.end])
        if a is None or b is None:
            return None
        return {key: b, (u.table, u.row, u.column): a}
    if kind in ("digit_dropped", "digit_changed") and t.start <= start < end <= t.end:
        if t.cells > 1:
            # Which cell of a fused run the digit was is known only when each cell
            # printed one digit (``000`` for 0 | 0 | 0).
            run = text[t.start : t.end]
            if kind == "digit_changed" and run.isdigit() and len(run) == t.cells:
                return {t.run[start - t.start]: int(new)}
            return {}

        value = _number(text[t.start : start] + new + text[end : t.end])
        return None if value is None else {key: value}
    return None


def corrupt(
    rng: random.Random, text: str, ts: list[Target], kind: str, count: int, html: bool
) -> tuple[str, int]:
    """Apply ``count`` corruptions of one kind; return the text and how many applied."""
    out = corrupt_recorded(rng, text, ts, kind, count, html)
    return out.text, out.applied


def corrupt_recorded(
    rng: random.Random, text: str, ts: list[Target], kind: str, count: int, html: bool
) -> Corrupted:
    """Apply ``count`` corruptions of one kind, recording what the edited cells now print."""
    fn = KINDS[kind]
    edits: list[Edit] = []
    printed: dict[Key, float | int | None] | None = {} if kind in PRINTED_KINDS else None
    for t in rng.sample(ts, min(len(ts), count * 3)):
        if len(edits) == count:
            break
        edit = fn(rng, text, t, ts, html)
        if edit is None or any(edit[0] < e[1] and e[0] < edit[1] for e in edits):
            continue
        if any(edit[0] == edit[1] == e[0] for e in edits):
            continue
        edits.append(edit)
        if printed is not None:
            cells = _printed_after(text, edit, t, ts, kind, html)
            printed = None if cells is None else {**printed, **cells}
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return Corrupted(text, len(edits), printed)

"""Empty cells written as runs of spaces: the text WebDriver gives of a page.

Selenium's ``element.text`` (WebDriver's "Get Element Text", the same in every
browser) separates a row's cells by one space, puts a cell that holds paragraphs
on lines of its own, and turns a no-break space into a plain one. An empty cell
that held ``&nbsp;``, as most CMS and Word-made tables write one, leaves its
no-break space and its separator: two spaces, which stand before the next cell
printed (on its line, or at the start of the next line) or end the row. So the
count of spaces says how many empty cells stood there:

- ``821 35     2 1 859``: five spaces between 35 and 2, one separator and two
  empty cells;
- ``          26`` on a line of its own: five empty cells before 26;
- ``258 12     1 1  ``: two spaces after the row's last value, one empty cell.

Spaces can mean this only in tables without tabs or pipes where nearly every
run of them fits (runs before a line's text and after it even, runs inside it odd
and next to a value) and some stand next to a value. An indented text (tags
stripped from pretty-printed HTML) indents nearly every line, and markdown ends
every line with two spaces; this text only those next to empty cells.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .types import Line

SPACES = "spaces"  # the layout of the cells of such text
MIN_CODED_RUNS = 3  # runs of spaces that must fit before the text is read this way
MAX_MISFIT_SHARE = 0.2  # runs that do not fit, at most, for every one that does
# Of the table lines, at most this share may begin with spaces, and as many end
# with them: an indented text indents nearly every line, markdown ends every line
# with two spaces (a hard line break).
MAX_EDGE_SHARE = 0.75
_SEPARATORS = re.compile(r"[|│┃║¦]")  # pipes and box borders separate another text's cells
_INNER_RUN = re.compile(r"(?<=\S) {2,}(?=\S)")
_NUMBER_START = re.compile(r"[+-]?\d")


class SpaceRuns(NamedTuple):
    """The runs of spaces of table lines, as :func:`space_coded` counts them."""

    fitting: int  # runs that fit two spaces per empty cell
    misfits: int  # runs that do not: an even run inside a line or one between two words,
    # an odd one at its edge
    lines: int  # text lines
    leading_lines: int  # lines that begin with spaces
    trailing_lines: int  # lines that end with spaces
    beside_value: bool  # some fitting run stands right before or after a number


def count_space_runs(lines: list[tuple[Line, int, int]]) -> SpaceRuns | None:
    """The runs of spaces of a document's table lines (of all its tables: a small
    one alone has too few), or None where tabs or pipes stand between their cells
    (another converter's text)."""
    fitting = misfits = filled = leading_lines = trailing_lines = 0
    beside_value = False
    for line, a, b in lines:
        if line.cells is not None:
            continue
        text = line.text[a:b]
        stripped = text.strip(" ")
        if not stripped:
            continue
        if "\t" in text or _SEPARATORS.search(text):
            return None
        filled += 1
        lead = len(text) - len(text.lstrip(" "))
        trail = len(text) - len(text.rstrip(" "))
        if lead:
            leading_lines += 1
            fits = lead % 2 == 0
            fitting += fits
            misfits += not fits
            beside_value = beside_value or (fits and _NUMBER_START.match(stripped) is not None)
        if trail:
            trailing_lines += 1
            fits = trail % 2 == 0
            fitting += fits
            misfits += not fits
            beside_value = beside_value or (fits and stripped[-1].isdigit())
        for m in _INNER_RUN.finditer(stripped):
            before_value = _NUMBER_START.match(stripped, m.end()) is not None
            # Empty cells stand among values; runs between words are aligned columns.
            fits = len(m.group()) % 2 == 1 and (before_value or stripped[m.start() - 1].isdigit())
            fitting += fits
            misfits += not fits
            beside_value = beside_value or (fits and before_value)
    return SpaceRuns(fitting, misfits, filled, leading_lines, trailing_lines, beside_value)


def space_coded(lines: list[tuple[Line, int, int]]) -> bool:
    """Whether the runs of spaces of these table lines count empty cells, two
    spaces each.

    A few runs may misfit: a cell padded with an ideographic space (normalised to
    a plain one) adds one space to its run, and is read as no empty cell.
    """
    if not any(line.cells is None and "  " in line.text for line, _, _ in lines):
        return False
    runs = count_space_runs(lines)
    return (
        runs is not None
        and runs.fitting >= MIN_CODED_RUNS
        and runs.misfits <= MAX_MISFIT_SHARE * runs.fitting
        and runs.beside_value
        and runs.leading_lines <= MAX_EDGE_SHARE * runs.lines
        and runs.trailing_lines <= MAX_EDGE_SHARE * runs.lines
    )


def coded_width(text: str) -> int:
    """How many cells a line has if its runs of spaces count empty cells: its words
    and the empty cells the runs stand for."""
    leading, bounds = cut_space_coded(text)
    words = sum(len(text[a:b].split()) for a, b in bounds if text[a:b].strip())
    empties = sum(1 for a, b in bounds if not text[a:b].strip())
    return len(leading) + words + empties


def cut_space_coded(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The empty cells a line's leading spaces stand for, and the line's own cells:
    slices of ``text``, an empty cell as the two spaces that stand for it. Text
    between runs of spaces longer than one stays one slice (a row's label and the
    values after it single-spaced are cut later, as fused text is)."""
    body = text.lstrip(" ")
    lead = len(text) - len(body)
    leading = [(i, i + 2) for i in range(0, lead - 1, 2)]  # an odd space left over is padding
    end = len(text.rstrip(" "))
    bounds: list[tuple[int, int]] = []
    start = lead
    for m in _INNER_RUN.finditer(text, lead, end):
        bounds.append((start, m.start()))
        # one space separates the cells, every further two are an empty cell
        bounds += [(i, i + 2) for i in range(m.start() + 1, m.end() - 1, 2)]
        start = m.end()
    if start < end:
        bounds.append((start, end))
    bounds += [(i, i + 2) for i in range(end, len(text) - 1, 2)]
    return leading, bounds

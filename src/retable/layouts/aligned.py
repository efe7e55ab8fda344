"""Columns aligned with runs of spaces (text browsers, PDF text): the cutters of
aligned rows, and where their cells stand.

A run of two or more spaces separates two cells. pypdf's layout mode prints each
empty cell as a tab standing between such runs. Cells are placed by display column,
or by character where the converter pads a cell to a number of characters whatever
their width (:func:`padded_by_characters`).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from ..lexical import width_codes
from ..types import Line
from .cutter import Cut, LineCutter
from .detect import Layout

LAYOUT = "aligned"
# Distinct column starts in characters against display columns, at most, for the
# columns to be padded by characters: PDF text, aligned in neither, keeps display
# columns.
CHAR_ALIGNED_SHARE = 0.5
# An aligned line longer than this is a paragraph whose words a run of spaces parts.
MAX_ALIGNED_CHARS = 400
VALUE_ALIGNED_SHARE = 0.45
_ALIGNED_GAP = re.compile(r"\s{2,}")


def _space_before(text: str, start: int, col: int) -> str:
    return "space" if col > 0 else "none"


def _takes_gaps(text: str, layout: Layout, bars_open: bool) -> bool:
    stripped = text.strip()
    return len(stripped) < MAX_ALIGNED_CHARS and _ALIGNED_GAP.search(stripped) is not None


def _cut_gaps(text: str, layout: Layout, bars_open: bool) -> Cut:
    return Cut(cut_at_gaps(text, 0), [])


def _takes_tab_blanks(text: str, layout: Layout, bars_open: bool) -> bool:
    return "\t" in text and _tabs_between_spaces(text)


def _cut_tab_blanks(text: str, layout: Layout, bars_open: bool) -> Cut:
    return Cut(_cut_aligned_with_tab_blanks(text), [])


ALIGNED = LineCutter("aligned", LAYOUT, _takes_gaps, _cut_gaps, _space_before)
TAB_BLANKS = LineCutter(
    "aligned-tab-blanks", LAYOUT, _takes_tab_blanks, _cut_tab_blanks, _space_before
)


@lru_cache(maxsize=4096)
def char_positions(size: int) -> tuple[int, ...]:
    """The positions of a line's characters as its columns (:func:`prefix_widths` of
    a line padded by characters)."""
    return tuple(range(size + 1))


_ALIGNED_START = re.compile(r"(?:^|\s{2,})(\S)")


def padded_by_characters(lines: list[Line]) -> bool:
    """Whether the document's aligned columns line up in characters rather than in
    display columns: inscriptis pads a cell to a number of characters whatever their
    width, so after a CJK label the next column starts at the same character, not
    the same display column. Characters win only where they put the cells on at
    most half as many distinct start positions: PDF text, aligned in neither, keeps
    display columns."""
    return _padded_by_characters(
        tuple(
            line.text
            for line in lines
            # not aligned columns (an indented paragraph is not)
            if not (line.cells is not None or line.text.isascii() or "  " not in line.text.strip())
        )
    )


# The document's tables are cut one after the other, each asking about the same lines.
@lru_cache(maxsize=4)
def _padded_by_characters(texts: tuple[str, ...]) -> bool:
    chars: set[int] = set()
    columns: set[int] = set()
    value_chars: set[int] = set()
    value_columns: set[int] = set()
    for text in texts:
        widths = prefix_widths(text)
        for m in _ALIGNED_START.finditer(text):
            chars.add(m.start(1))
            columns.add(widths[m.start(1)])
            if text[m.start(1)].isdigit():
                value_chars.add(m.start(1))
                value_columns.add(widths[m.start(1)])
    if bool(columns) and len(chars) <= CHAR_ALIGNED_SHARE * len(columns):
        return True
    # Header words wrapped into a stacked label start anywhere; the values' columns say
    # more (pdfplumber's layout text of a page whose labels wrap in their cells).
    return bool(value_columns) and len(value_chars) <= VALUE_ALIGNED_SHARE * len(value_columns)


@lru_cache(maxsize=256)
def prefix_widths(text: str) -> tuple[int, ...]:
    """``out[i]`` = display width of ``text[:i]``: one pass per line, not one per cell."""
    if text.isascii():
        return tuple(range(len(text) + 1))
    return tuple(itertools.accumulate(width_codes(text), initial=0))


def cut_at_gaps(segment: str, offset: int) -> list[tuple[int, int]]:
    """Slices of ``segment`` between runs of two or more spaces, outer spaces left
    out, as positions ``offset`` further on."""
    stripped = segment.strip()
    lead = offset + len(segment) - len(segment.lstrip())
    bounds = []
    start = lead
    for m in _ALIGNED_GAP.finditer(stripped):
        bounds.append((start, lead + m.start()))
        start = lead + m.end()
    bounds.append((start, lead + len(stripped)))
    return bounds


_TAB_IN_SPACES = re.compile(r"(?<= )\t(?= |$)")
_TAB_IN_GAP = re.compile(r"  \t  ")


def _tabs_between_spaces(text: str) -> bool:
    """Columns aligned with spaces, each empty cell printed as a tab standing between
    them (pypdf's layout mode): ``821  35   \t    \t     2   1   859``. Tab-separated
    text puts a tab between the cells instead, with at most a space beside it."""
    return (
        len(_TAB_IN_SPACES.findall(text)) == text.count("\t")
        and _TAB_IN_GAP.search(text) is not None
    )


def _cut_aligned_with_tab_blanks(text: str) -> list[tuple[int, int]]:
    """Cut at runs of spaces; every tab is an empty cell of its own."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for end in [*(i for i, ch in enumerate(text) if ch == "\t"), len(text)]:
        if text[start:end].strip():
            bounds += cut_at_gaps(text[start:end], start)
        if end < len(text):
            bounds.append((end, end + 1))
        start = end + 1
    return bounds


def centre_in(widths: tuple[int, ...], size: int, start: int, end: int) -> int:
    """Display column of the centre of ``text[start:end]``, from the line's prefix widths."""
    if start > size:
        start = size
    if end > size:
        end = size
    return widths[start] + (widths[end] - widths[start]) // 2

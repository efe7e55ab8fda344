"""Tab-separated rows: tab rows, and one tab-prefixed cell per line (Word's export).

A tab *prefix* marks a cell and does not make one. Where every run of tabs between
cells is even (resiliparse), two tabs are one separator (``paired_tabs``), so
``\t\t \t\t`` holds one empty cell, not three.
"""

from __future__ import annotations

from .cutter import Cut, LineCutter
from .detect import Layout

LAYOUT = "tab"


def _takes(text: str, layout: Layout, bars_open: bool) -> bool:
    return "\t" in text


def _cut(text: str, layout: Layout, bars_open: bool) -> Cut:
    bounds = []
    start = 0
    separator = "\t\t" if layout.paired_tabs else "\t"
    at = text.find(separator)
    while at >= 0:
        bounds.append((start, at))
        start = at + len(separator)
        at = text.find(separator, start)
    bounds.append((start, len(text)))
    if text.startswith("\t"):
        bounds = bounds[1:]  # a tab *prefix* marks a cell, it does not make one
    return Cut(bounds, [])


def _tab_before(text: str, start: int, col: int) -> str:
    return "tab" if start > 0 and text[start - 1] == "\t" else "none"


TABS = LineCutter("tab", LAYOUT, _takes, _cut, _tab_before)


def spaces_only(text: str) -> bool:
    """A line of plain spaces: among tab-prefixed cells, the empty cell that begins a
    row (DrissionPage's ``.text`` writes a row's first cell without the tab, and an
    empty cell's no-break space as a space)."""
    return bool(text) and not text.strip(" ")


def spaced_tabs(text: str) -> bool:
    """Tab-prefixed empty cells that each held a space, on one line (``\t \t \t``)."""
    pieces = text.split("\t")
    return len(pieces) > 2 and not pieces[0] and all(p and not p.strip(" ") for p in pieces[1:])

"""Pages of positioned words as one stream, and where a cut cell stands on its page.

A table may run over a page break, so the positioned cutter reads the pages' words
as one column: each page below the one before, the running page numbers (a lone
number near the page's top or bottom edge) left out. Each stacked word remembers
the word it was made from, so a cell of the cut table gets the box of its words
on their own page (:func:`cell_box`). PDF words and OCR words go through the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..layouts.positioned import Cell, lines_of
from ..lexical import is_page_footer
from ..types import CellBox
from .words import Page, Word

FURNITURE = 0.08  # of the page height: a lone page number this near the top or bottom

Originals = dict[int, Word]  # id of a stacked word -> the word on its page


def stack(pages: Sequence[Page]) -> tuple[list[Word], Originals]:
    """The pages' words as one column (all on "page 0"), and each one's original."""
    out: list[Word] = []
    original: Originals = {}
    offset = 0.0
    for page in pages:
        for line in lines_of(page.words):
            text = "".join(w.text for w in line)
            edge = min(line[0].top, page.height - line[-1].bottom)
            if edge <= FURNITURE * page.height and is_page_footer(text):
                continue
            for w in line:
                moved = replace(w, top=w.top + offset, bottom=w.bottom + offset, page=0)
                original[id(moved)] = w
                out.append(moved)
        offset += page.height
    return out, original


def cell_box(cell: Cell, original: Originals, scale: float = 1.0) -> CellBox | None:
    """The box of a cut cell's words on the page of its first word (``scale`` turns
    the words' units into the box's: 72 / dpi for a rasterised PDF page)."""
    words = [original.get(id(w), w) for w in cell.words]
    if not words:
        return None
    page = words[0].page
    on_page = [w for w in words if w.page == page]
    return CellBox(
        page + 1,
        round(min(w.x0 for w in on_page) * scale, 2),
        round(min(w.top for w in on_page) * scale, 2),
        round(max(w.x1 for w in on_page) * scale, 2),
        round(max(w.bottom for w in on_page) * scale, 2),
    )

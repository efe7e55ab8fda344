"""A borderless scan's tables cut by where each OCR'd word stands.

The same positioned-token layer as a borderless PDF's words
(:mod:`retable.layouts.positioned`): column bands from the header, rows from
vertical position. The page's words are stacked into one stream (a table may run
over a page break), cut, and written as HTML tables among the other lines as
paragraphs, each character carrying the confidence of the word it was read from,
and each table cell the box of its words on its page (so a value's confidence
is the engine's, and its place is known).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace

from ..layouts.positioned import Cell, Grid, Line, cut_table, lines_of, table_blocks
from ..positioned_checks import POSITIONED_MARK
from ..types import BOX_ATTRIBUTE
from .layout import OcrText, mapped
from .ruled_html import Markup
from .stacked import Originals, cell_box, stack
from .words import Page


def positioned_document(pages: Sequence[Page], engine: str, scale: float = 1.0) -> OcrText | None:
    """The OCR'd pages as HTML with their tables cut by position (``None`` when no
    table is found that way); ``scale`` turns pixels into the boxes' units."""
    mapped_pages = [
        replace(p, words=tuple(mapped(w) for w in p.words if w.text.strip())) for p in pages
    ]
    stacked, original = stack(mapped_pages)
    lines = lines_of(stacked)
    blocks = table_blocks(lines)
    grids = [(b, g) for b in blocks if (g := cut_table(lines[b.start : b.end])) is not None]
    if not grids:
        return None
    out = Markup()
    out.tag("<html><body>\n")
    at = 0
    for block, grid in grids:
        _paragraphs(out, lines[at : block.start])
        _table(out, grid, original, scale)
        at = block.end
    _paragraphs(out, lines[at:])
    out.tag("</body></html>\n")
    return OcrText("".join(out.parts), tuple(out.conf), engine, len(pages))


def _paragraphs(out: Markup, lines: Sequence[Line]) -> None:
    for line in lines:
        out.tag("<p>")
        out.words([list(line)], "")
        out.tag("</p>\n")


def _table(out: Markup, grid: Grid, original: Originals, scale: float) -> None:
    out.tag(f"<table {POSITIONED_MARK}>")
    for row in (*grid.header, *grid.body):
        out.tag("<tr>")
        for cell in row:
            attrs = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            attrs += f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            box = cell_box(cell, original, scale)
            if box is not None:
                attrs += f' {BOX_ATTRIBUTE}="{box.attribute()}"'
            out.tag(f"<td{attrs}>")
            _cell_text(out, cell)
            out.tag("</td>")
        out.tag("</tr>")
    out.tag("</table>\n")


def _cell_text(out: Markup, cell: Cell) -> None:
    """The cell's text, each character with the lowest confidence of its words."""
    escaped = html.escape(cell.text)
    confidence = min((w.confidence for w in cell.words), default=1.0)
    out.parts.append(escaped)
    out.conf += [confidence] * len(escaped)

"""A PDF's words, read straight from its text layer, and its borderless tables as HTML.

pdfplumber gives each word its box in points. Words are split where the gap between
two characters is more than a small part of their size, so two cells printed close
together (``三、`` and ``（一）予以公开``) stay two words. The pages are stacked into
one stream (a table may run over a page break); running page numbers are dropped.
The tables found by :mod:`retable.layouts.positioned` are written as HTML tables
among the other lines as paragraphs, so they are read on the HTML path, as a ruled
table's cells are.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from ..layouts.positioned import Grid, Line, cut_table, lines_of, table_blocks
from ..positioned_checks import POSITIONED_MARK
from ..types import BOX_ATTRIBUTE
from .stacked import Originals, cell_box, stack
from .words import Page, Word

X_TOLERANCE = 0.1  # of a character's size: a wider gap between characters splits words
# (characters of one word abut; two cells printed with 1.5 pt of padding between them do not)


def pdf_pages(pdf: Any) -> tuple[Page, ...]:
    """Each page of an open pdfplumber PDF as a :class:`Page` of words (points)."""
    out = []
    for number, page in enumerate(pdf.pages):
        words = tuple(
            Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], page=number)
            for w in page.extract_words(x_tolerance_ratio=X_TOLERANCE)
        )
        out.append(Page(number, page.width, page.height, words, source="pdf"))
    return tuple(out)


def positioned_html(pages: Sequence[Page]) -> str | None:
    """The pages as HTML, tables cut by position; ``None`` if no table was found."""
    stacked, original = stack(pages)
    lines = lines_of(stacked)
    blocks = table_blocks(lines)
    cuts = [(b, cut_table(lines[b.start : b.end])) for b in blocks]
    grids = [(b, g) for b, g in cuts if g is not None]
    if not grids:
        return None
    parts: list[str] = []
    at = 0
    for block, grid in grids:
        parts += [_paragraph(line) for line in lines[at : block.start]]
        parts.append(grid_html(grid, original))
        at = block.end
    parts += [_paragraph(line) for line in lines[at:]]
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>"


def _paragraph(line: Line) -> str:
    return f"<p>{html.escape(' '.join(w.text for w in line))}</p>"


def grid_html(grid: Grid, original: Originals | None = None) -> str:
    """A cut grid as an HTML table with its spans, and each cell's box on its page
    where the stacked words' ``original`` are known."""
    out = [f"<table {POSITIONED_MARK}>"]
    for row in (*grid.header, *grid.body):
        tds = []
        for cell in row:
            attrs = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            attrs += f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            box = cell_box(cell, original) if original is not None else None
            if box is not None:
                attrs += f' {BOX_ATTRIBUTE}="{box.attribute()}"'
            tds.append(f"<td{attrs}>{html.escape(cell.text)}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "".join(out)

"""An OCR'd page with ruled tables as HTML, each character with its confidence.

The words inside a ruled table go to the cell that holds their centre; the
cells become an HTML table (merged cells as ``colspan``/``rowspan``, counted on the
grid of all cell edges), the other words paragraphs, in the order they stand on
the page, and the document is read on the HTML path as a ruled PDF is.
"""

from __future__ import annotations

import bisect
import html

from ..types import BOX_ATTRIBUTE, CellBox
from .layout import OcrText, lines_of, mapped
from .rules import Box, RuledTable
from .words import Page, Word

SNAP = 8  # pixels within which two cell edges are the same grid line


class Markup:
    """Markup being written, with the confidence of each character."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.conf: list[float] = []

    def tag(self, text: str) -> None:
        self.parts.append(text)
        self.conf += [1.0] * len(text)

    def words(self, lines: list[list[Word]], breaks: str) -> None:
        for n, line in enumerate(lines):
            if n:
                self.tag(breaks)
            for k, w in enumerate(line):
                if k:
                    self.tag(" ")
                escaped = html.escape(w.text)
                self.parts.append(escaped)
                self.conf += [w.confidence] * len(escaped)


def _grid(edges: list[int]) -> list[int]:
    out: list[int] = []
    for edge in sorted(edges):
        if not out or edge - out[-1] > SNAP:
            out.append(edge)
    return out


def _span(grid: list[int], start: int, end: int) -> int:
    return max(bisect.bisect_left(grid, end - SNAP) - bisect.bisect_left(grid, start - SNAP), 1)


def _table(out: Markup, table: RuledTable, words: list[Word], page: int, scale: float) -> None:
    """One ruled table; each cell carries its box (``scale`` turns pixels into the
    units of the page: points for a PDF's page, pixels for an image file)."""
    columns = _grid([c.x0 for c in table.cells])
    rows = _grid([c.top for c in table.cells])
    held: dict[Box, list[Word]] = {c: [] for c in table.cells}
    for w in words:
        cell = next((c for c in table.cells if c.holds((w.x0 + w.x1) / 2, w.middle)), None)
        if cell is not None:
            held[cell].append(w)
    out.tag("<table>")
    by_row: dict[int, list[Box]] = {}
    for c in table.cells:
        by_row.setdefault(bisect.bisect_left(rows, c.top - SNAP), []).append(c)
    for r in sorted(by_row):
        out.tag("<tr>")
        for c in sorted(by_row[r], key=lambda c: c.x0):
            colspan, rowspan = _span(columns, c.x0, c.x1), _span(rows, c.top, c.bottom)
            attrs = f' colspan="{colspan}"' if colspan > 1 else ""
            attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
            box = CellBox(page + 1, c.x0 * scale, c.top * scale, c.x1 * scale, c.bottom * scale)
            attrs += f' {BOX_ATTRIBUTE}="{box.attribute()}"'
            out.tag(f"<td{attrs}>")
            out.words(lines_of(held[c]), "<br/>")
            out.tag("</td>")
        out.tag("</tr>")
    out.tag("</table>\n")


def ruled_page(out: Markup, page: Page, tables: list[RuledTable], scale: float = 1.0) -> None:
    """One page: its paragraphs and ruled tables in reading order."""
    words = [mapped(w) for w in page.words if w.text.strip()]
    inside = {id(t): [w for w in words if t.box.holds((w.x0 + w.x1) / 2, w.middle)] for t in tables}
    taken = {id(w) for ws in inside.values() for w in ws}
    items: list[tuple[float, object]] = [(t.box.top, t) for t in tables]
    items += [(line[0].top, line) for line in lines_of([w for w in words if id(w) not in taken])]
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, RuledTable):
            _table(out, item, inside[id(item)], page.number, scale)
        else:
            out.tag("<p>")
            out.words([item], "")  # type: ignore[list-item]
            out.tag("</p>\n")


def ruled_document(
    pages: list[tuple[Page, list[RuledTable]]], engine: str, scale: float = 1.0
) -> OcrText:
    """The OCR'd pages as one HTML document; ``scale`` turns the images' pixels into
    the boxes' units (72 / dpi for a PDF rasterised at dpi)."""
    out = Markup()
    out.tag("<html><body>\n")
    for page, tables in pages:
        ruled_page(out, page, tables, scale)
    out.tag("</body></html>\n")
    return OcrText("".join(out.parts), tuple(out.conf), engine, len(pages))

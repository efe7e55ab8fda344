"""A PDF report as HTML or text: its ruled tables cell by cell, the rest as lines.

Most reports are Word documents saved as PDF, their tables drawn with ruling
lines. pdfplumber finds those tables and the cells between the lines, merged
ones included, so each is written as an HTML ``<table>`` (merged cells as
``colspan``/``rowspan``) among the page's other lines as paragraphs, in the
order they stand on the page, and read on the HTML path: nothing is guessed
from flattened text. A PDF whose tables have no ruling lines is read from its
words and their boxes: :mod:`retable.inputs.pdf_words` cuts its tables by where
each word stands (:mod:`retable.layouts.positioned`) into the same HTML cells; only
where no table is found that way is it its text laid out as on the page.

pdfplumber comes with retable and is imported only when a PDF arrives; an install
without it refuses PDFs with a message that says so.
"""

from __future__ import annotations

import bisect
import html
import io
from dataclasses import dataclass
from typing import Any

from ..errors import BinaryInputError, EmptyInputError, RetableError
from ..lexical import leading_item_number, shape
from ..types import BOX_ATTRIBUTE, CellBox
from .pdf_words import pdf_pages, positioned_html

_PDF = b"%PDF-"
SNAP = 1.0  # points within which two cell edges are the same grid line


def is_pdf(data: bytes) -> bool:
    """A PDF file: it begins with the PDF header (after white space, if any)."""
    return data.lstrip()[:5] == _PDF


def pdf_to_markup(data: bytes, source: str | None = None) -> tuple[str, bool]:
    """The document as HTML (``True``) where it has ruled tables, else as text laid
    out as on its pages (``False``)."""
    try:
        import pdfplumber
    except ImportError:
        raise BinaryInputError(
            "this is a PDF; its reader, pdfplumber, is not installed: pip install pdfplumber",
            source,
        ) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(page, page.find_tables()) for page in pdf.pages]
            scanned = [n for n, (page, _) in enumerate(pages) if not page.chars[:1]]
            if scanned:
                return _with_ocr(data, pages, scanned, source), False
            if any(tables for _, tables in pages):
                return _html(pages), True
            positioned = positioned_html(pdf_pages(pdf))
            if positioned is not None:
                return positioned, True
            return "\n".join(page.extract_text(layout=True) for page, _ in pages), False
    except RetableError:
        raise
    except Exception as exc:  # damaged or encrypted: pdfminer raises many kinds
        reason = type(exc).__name__ if not str(exc) else f"{type(exc).__name__}: {exc}"
        raise BinaryInputError(f"cannot read this PDF ({reason})", source) from None


def _with_ocr(data: bytes, pages: list[tuple[Any, list[Any]]], scanned: list[int], source):
    """A scan read by OCR (see :mod:`retable.inputs.scan`); a PDF where only some
    pages lack text as laid-out text: those pages OCR'd, the others' text as it is
    laid out (a scan with a typed cover page, or the reverse)."""
    from .layout import page_lines, pages_text, text_lines
    from .ocr import INSTALL_HINT, get_engine
    from .raster import OCR_DPI, pdf_page_images
    from .scan import read_pages, scanned_text

    try:
        engine = get_engine()
    except BinaryInputError:
        raise EmptyInputError(
            f"the PDF has no text layer on {len(scanned)} of its {len(pages)} pages "
            f"(scanned pages); {INSTALL_HINT}",
            source,
        ) from None
    label = source or "<bytes>"
    read = read_pages(pdf_page_images(data, scanned), len(scanned), label, engine)
    if len(scanned) == len(pages):
        if not any(page.words for page, _ in read):
            raise EmptyInputError(
                f"the PDF has no text layer, and OCR ({engine.name}) found no text on its "
                f"{len(pages)} pages",
                source,
            )
        return scanned_text(read, engine.name, 72 / OCR_DPI)
    ocr = iter(read)
    lines = [
        page_lines(next(ocr)[0]) if n in scanned else text_lines(page.extract_text(layout=True))
        for n, (page, _) in enumerate(pages)
    ]
    return pages_text(lines, engine.name)


@dataclass
class _Cell:
    text: str
    x0: float
    x1: float
    colspan: int = 1
    rowspan: int = 1
    box: CellBox | None = None


def _html(pages: list[tuple[Any, list[Any]]]) -> str:
    """The pages' lines as paragraphs and their tables as HTML tables, in reading
    order; a row that a page break cut in two is put back together."""
    parts: list[str | list[list[_Cell]]] = []
    last_table: list[list[_Cell]] | None = None  # the last table, with nothing but
    # page furniture (a page number, a running header) after it
    for page, tables in pages:
        boxes = [table.bbox for table in tables]

        def outside(obj: dict, boxes: list = boxes) -> bool:
            return not any(
                x0 <= obj["x0"] <= obj["x1"] <= x1 and top <= obj["top"] <= obj["bottom"] <= bottom
                for x0, top, x1, bottom in boxes
            )

        items: list[tuple[float, str | list[list[_Cell]]]] = [
            (line["top"], line["text"]) for line in page.filter(outside).extract_text_lines()
        ]
        items += [(table.bbox[1], _rows(table)) for table in tables]
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, str):
                parts.append(item)
                if shape(item.strip()) != "noise":
                    last_table = None
                continue
            if last_table is not None and item and _tail(item[0]):
                _join_tail(last_table[-1], item.pop(0))
            parts.append(item)
            last_table = item
    body = "\n".join(
        f"<p>{html.escape(part)}</p>" if isinstance(part, str) else _table_html(part)
        for part in parts
    )
    return f"<html><body>\n{body}\n</body></html>"


def _tail(row: list[_Cell]) -> bool:
    """Whether a table's first row is the rest of the row the page break cut: text
    that goes on with its cells (no value, no item number of a row of its own)."""
    texts = [c.text for c in row if c.text.strip()]
    return bool(texts) and not any(
        any(ch.isdigit() for ch in t) or leading_item_number(t)[0] is not None for t in texts
    )


def _join_tail(row: list[_Cell], tail: list[_Cell]) -> None:
    """Append the text of each cell of ``tail`` to the cell of ``row`` above it."""
    for piece in tail:
        if not piece.text.strip():
            continue
        above = next((c for c in row if c.x0 - SNAP <= piece.x0 and piece.x1 <= c.x1 + SNAP), None)
        if above is not None:
            above.text += piece.text


def _grid(edges: list[float]) -> list[float]:
    """Distinct positions of cell edges, those within ``SNAP`` of another merged."""
    out: list[float] = []
    for edge in sorted(edges):
        if not out or edge - out[-1] > SNAP:
            out.append(edge)
    return out


def _span(grid: list[float], start: float, end: float) -> int:
    """How many grid lines a cell from ``start`` to ``end`` covers (at least one)."""
    first = bisect.bisect_left(grid, start - SNAP)
    last = bisect.bisect_left(grid, end - SNAP)
    return max(last - first, 1)


def _rows(table: Any) -> list[list[_Cell]]:
    """One ruled table's rows: each cell once, with the grid columns and rows it
    spans; a row of nothing (the tail of a row whose text the page break left on
    the page before) is left out."""
    cells = [bbox for row in table.rows for bbox in row.cells if bbox is not None]
    columns = _grid([x0 for x0, _, _, _ in cells])
    rows = _grid([top for _, top, _, _ in cells])
    out = []
    for row, row_texts in zip(table.rows, table.extract(), strict=True):
        if not any(row_texts):
            continue
        cells_of_row = []
        for bbox, text in zip(row.cells, row_texts, strict=True):
            if bbox is None:
                continue  # covered by a merged cell to its left or above
            x0, top, x1, bottom = bbox
            spans = _span(columns, x0, x1), _span(rows, top, bottom)
            box = CellBox(table.page.page_number, x0, top, x1, bottom)
            cells_of_row.append(_Cell(text or "", x0, x1, *spans, box=box))
        out.append(cells_of_row)
    return out


def _table_html(rows: list[list[_Cell]]) -> str:
    """Rows as an HTML table, a cell's line breaks kept as ``<br/>``."""
    out = ["<table>"]
    for row in rows:
        tds = []
        for cell in row:
            attrs = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            attrs += f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            if cell.box is not None:
                attrs += f' {BOX_ATTRIBUTE}="{cell.box.attribute()}"'
            body = "<br/>".join(html.escape(part) for part in cell.text.split("\n"))
            tds.append(f"<td{attrs}>{body}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "".join(out)

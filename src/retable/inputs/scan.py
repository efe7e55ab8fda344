"""Scanned pages to text the pipeline reads: each page image through the OCR engine.

A scan whose pages hold ruled tables becomes HTML, its cells found from the rules
(:mod:`.rules`, :mod:`.ruled_html`); one without rules has its tables cut by where
each word stands (:mod:`.ocr_positioned`, the layer borderless PDFs go through), and
only where no table is found that way is it laid-out text (:mod:`.layout`).
OCR takes seconds a page, so each page is logged as it is done
(``retable.ocr`` logger, INFO) and a caller may watch pages go by with
:data:`page_progress`; the per-document time limit interrupts between pages.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from ..layouts.positioned import cut_table, lines_of, table_blocks
from ..lexical import shape
from .layout import OcrText, mapped, page_lines, pages_text
from .ocr import OcrEngine, split_box
from .ocr_positioned import positioned_document
from .ruled_html import ruled_document
from .rules import RuledTable, deskewed, ruled_tables
from .words import Page

log = logging.getLogger("retable.ocr")
# Called after each OCR'd page with (source, pages done, pages to do, seconds).
page_progress: ContextVar[Callable[[str, int, int, float], None] | None] = ContextVar(
    "page_progress", default=None
)


def read_pages(
    images: Iterable[Any], total: int, source: str, engine: OcrEngine, *, rules: bool = True
) -> list[tuple[Page, list[RuledTable]]]:
    """The words of each page image, and its ruled tables (where ``rules``)."""
    out = []
    for done, image in enumerate(images, start=1):
        started = time.perf_counter()
        image = deskewed(image) if rules else image
        page = engine.read(image, done - 1)
        tables = ruled_tables(image) if rules else []
        if tables:
            page = with_lone_cells(page, tables, image, engine)
        else:
            page = with_lone_values(page, image, engine)
        out.append((page, tables))
        seconds = time.perf_counter() - started
        log.info("%s: OCR page %d/%d with %s in %.1f s", source, done, total, engine.name, seconds)
        report = page_progress.get()
        if report is not None:
            report(source, done, total, seconds)
    return out


INK = 40  # dark pixels inside a cell that the page's OCR left empty: worth a second look
PAD = 4  # pixels of a cell's edge left out of its crop: the rules themselves


def with_lone_cells(page: Page, tables: list[RuledTable], image: Any, engine: OcrEngine) -> Page:
    """The page's words, with those of the ruled cells that the page's detection
    found nothing in but that hold ink, each read again as one line."""
    boxes = [
        (cell.x0 + PAD, cell.top + PAD, cell.x1 - PAD, cell.bottom - PAD)
        for table in tables
        for cell in table.cells
        if not any(cell.holds((w.x0 + w.x1) / 2, w.middle) for w in page.words)
    ]
    return _with_inked_boxes(page, image, engine, [b for b in boxes if b[2] > b[0] and b[3] > b[1]])


def with_lone_values(page: Page, image: Any, engine: OcrEngine) -> Page:
    """The page's words, with those of the empty cells of its borderless tables (a
    value column's band across a row, cut by position) that hold ink, each read
    again as one line: a lone digit the page's detection missed has no rule around
    it, but it still stands in its column's band beside its row's label. Only a
    number is taken: a band holds nothing else."""
    boxes = [tuple(round(v) for v in box) for box in empty_value_boxes(page)]
    wide = [b for b in boxes if b[2] - b[0] >= 2 and b[3] - b[1] >= 2]
    return _with_inked_boxes(page, image, engine, wide, numbers_only=True)


def _with_inked_boxes(
    page: Page,
    image: Any,
    engine: OcrEngine,
    boxes: list[tuple[int, ...]],
    numbers_only: bool = False,
) -> Page:
    """The page's words, with the reading of each box ``(x0, top, x1, bottom)`` that
    holds at least ``INK`` dark pixels, read on its own as one line."""
    import numpy as np

    grey = np.asarray(image.convert("L"))
    paper = float(np.median(grey))
    added = []
    for x0, top, x1, bottom in boxes:
        crop = grey[max(top, 0) : bottom, max(x0, 0) : x1]
        if int((crop < paper * 0.5).sum()) < INK:
            continue
        found = engine.read_line(_tight(image.crop((x0, top, x1, bottom)), paper))
        if found is None or (numbers_only and shape(found[0]) != "number"):
            continue
        text, conf = found
        added += split_box(text, x0, x1, top, bottom, page.number, conf)
    return replace(page, words=(*page.words, *added)) if added else page


def empty_value_boxes(page: Page) -> list[tuple[float, float, float, float]]:
    """``(x0, top, x1, bottom)`` of every empty value cell of the page's tables cut
    by position: its column's band across its row's words."""
    words = [mapped(w) for w in page.words if w.text.strip()]
    lines = lines_of(words)
    boxes = []
    for block in table_blocks(lines):
        grid = cut_table(lines[block.start : block.end])
        if grid is None:
            continue
        for row in grid.body:
            values = row[1:] if grid.labelled else row
            held = [w for cell in row for w in cell.words]
            if not held or len(values) != len(grid.bands):
                continue
            top, bottom = min(w.top for w in held), max(w.bottom for w in held)
            for band, cell in zip(grid.bands, values, strict=True):
                if not cell.words:
                    boxes.append((band.x0, top, band.x1, bottom))
    return boxes


def _tight(crop: Any, paper: float) -> Any:
    """The crop cut down to its ink, with a margin: recognition reads a line that
    fills its image."""
    import numpy as np
    from PIL import ImageOps

    ink = np.argwhere(np.asarray(crop) < paper * 0.5)
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0)
    margin = 6
    cut = crop.crop((left, top, right + 1, bottom + 1))
    return ImageOps.expand(cut, border=margin, fill=int(paper))


def scanned_text(
    pages: list[tuple[Page, list[RuledTable]]], engine: str, scale: float = 1.0
) -> OcrText:
    """HTML where a page has ruled tables, else the pages as laid-out text; ``scale``
    turns pixels into the cells' box units (72 / dpi for a rasterised PDF)."""
    if any(tables for _, tables in pages):
        return ruled_document(pages, engine, scale)
    positioned = positioned_document([page for page, _ in pages], engine, scale)
    if positioned is not None:
        return positioned
    return pages_text([page_lines(page) for page, _ in pages], engine)

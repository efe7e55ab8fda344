"""Scanned pages to laid-out text: each page image through the OCR engine.

OCR takes seconds a page, so each page is logged as it is done (``retable.ocr``
logger, INFO) and a caller may watch pages go by with :data:`page_progress`; the
per-document time limit interrupts between pages.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from .layout import Piece, page_lines
from .ocr import OcrEngine, get_engine

log = logging.getLogger("retable.ocr")
# Called after each OCR'd page with (source, pages done, pages to do, seconds).
page_progress: ContextVar[Callable[[str, int, int, float], None] | None] = ContextVar(
    "page_progress", default=None
)


def ocr_pages(
    images: Iterable[Any], total: int, source: str, engine: OcrEngine | None = None
) -> list[list[Piece]]:
    """The laid-out lines of each page image, in order."""
    engine = engine or get_engine()
    out = []
    for done, image in enumerate(images, start=1):
        started = time.perf_counter()
        out.append(page_lines(engine.read(image, done - 1)))
        seconds = time.perf_counter() - started
        log.info("%s: OCR page %d/%d with %s in %.1f s", source, done, total, engine.name, seconds)
        report = page_progress.get()
        if report is not None:
            report(source, done, total, seconds)
    return out

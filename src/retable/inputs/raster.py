"""PDF pages as images, for OCR: pypdfium2 (PDFium, which pdfplumber needs too)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

OCR_DPI = 200  # PP-OCR reads table text of 10.5 pt type well from 150 dpi; 200 keeps margin


def pdf_page_images(data: bytes, numbers: list[int], dpi: int = OCR_DPI) -> Iterator[Any]:
    """The pages ``numbers`` (0-based) of a PDF rendered as greyscale PIL images,
    one at a time so a long scan never holds all its pages in memory."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = doc[number]
            try:
                yield page.render(scale=dpi / 72, grayscale=True).to_pil()
            finally:
                page.close()
    finally:
        doc.close()

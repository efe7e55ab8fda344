"""Read one input (path, bytes or text) into a normalised :class:`Document`."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

from ..errors import EmptyInputError, InputError, InputTooLargeError
from ..limits import DEFAULT_MAX_BYTES, size_pair
from ..normalise import (
    convert_traditional,
    count_pinyin_annotations,
    looks_traditional,
    normalise,
)
from ..types import Document, Line, Span
from .decode import decode_bytes
from .html import embedded_tables, html_to_lines, looks_like_html
from .images import IMAGE_SUFFIXES, is_image
from .jsontext import json_strings
from .layout import OcrText
from .mhtml import looks_like_mhtml, page_of_mhtml
from .mojibake import repair_mojibake
from .pdf import is_pdf, pdf_to_markup
from .word import docx_to_html, is_docx

# Names taken as paths even when no such file exists, so a typo fails loudly.
_PATH_SUFFIXES = (
    ".txt",
    ".text",
    ".md",
    ".json",
    ".html",
    ".htm",
    ".xhtml",
    ".mht",
    ".mhtml",
    ".docx",
    ".pdf",
    *IMAGE_SUFFIXES,
)


def read_input(
    source: str | os.PathLike | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, str, str]:
    """Return ``(name, text, encoding)`` for a path, raw bytes or a text string.

    A string is taken as a path when it is short, has no line break and names
    an existing file (or ends in a document suffix, so a typo fails loudly).
    """
    if isinstance(source, bytes):
        _check_size(len(source), max_bytes, "<bytes>")
        text, encoding = _decode(source, "<bytes>")
        return "<bytes>", text, encoding
    if isinstance(source, os.PathLike) or looks_like_path(source):
        path = Path(source)
        name = str(path)
        if not path.exists():
            raise InputError("no such file", name)
        if path.is_dir():
            raise InputError("is a directory, not a report file", name)
        try:
            size = path.stat().st_size
            _check_size(size, max_bytes, name)
            data = path.read_bytes()
        except PermissionError:
            raise InputError("permission denied", name) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", name) from None
        text, encoding = _decode(data, name)
        return name, text, encoding
    _check_size(len(source), max_bytes, "<text>")
    if not source.strip():
        raise EmptyInputError("the input is empty", "<text>")
    return "<text>", source, "str"


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Bytes to text; a page saved as MHTML is its HTML part, in the charset that part
    declares, else in the one detected; a Word document is its body as HTML, a PDF
    its ruled tables as HTML (or its text laid out as on its pages)."""
    if is_docx(data):
        return docx_to_html(data, name), "docx"
    if is_pdf(data):
        markup = pdf_to_markup(data, name)[0]
        return markup, f"pdf+ocr/{markup.engine}" if isinstance(markup, OcrText) else "pdf"
    if is_image(data):
        text = image_text(data, name)
        return text, f"ocr/{text.engine}"
    if looks_like_mhtml(data):
        page = page_of_mhtml(data)
        if page is None:
            raise InputError("a saved web page (MHTML) with no HTML part", name)
        data, charset = page
        if charset:
            try:
                return data.decode(charset), charset
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: detect instead
    return decode_bytes(data, name)


def image_text(data: bytes, name: str) -> OcrText:
    """A page image (a TIFF may hold several pages) OCR'd to laid-out text."""
    from .images import image_pages
    from .ocr import get_engine
    from .scan import read_pages, scanned_text

    pages = list(image_pages(data, name))
    engine = get_engine()
    read = read_pages(pages, len(pages), name, engine)
    if not any(page.words for page, _ in read):
        raise EmptyInputError(f"OCR ({engine.name}) found no text in the image", name)
    return scanned_text(read, engine.name)


_LONE_CR = re.compile(r"\r(?![\r\n])")


def looks_like_path(value: str) -> bool:
    if len(value) > 4096 or "\n" in value:
        return False
    if value.lower().endswith(_PATH_SUFFIXES):
        return True
    try:
        return os.path.exists(value)
    except (OSError, ValueError):
        return False


def _check_size(size: int, max_bytes: int, name: str) -> None:
    if max_bytes and size > max_bytes:
        got, limit = size_pair(size, max_bytes)
        raise InputTooLargeError(
            f"input is {got}, above the limit of {limit} (raise it with max_bytes= or --max-bytes)",
            name,
        )


def text_to_lines(text: str, *, traditional: bool, require_tone: bool) -> list[Line]:
    """Normalise ``text`` and cut it into lines, each with its source offsets.

    Character mapping and pinyin stripping never cross or create a line break,
    so they run once over the whole text; the script conversion works per line.
    """
    norm, offsets = normalise(text, require_tone=require_tone)
    lines: list[Line] = []
    pos = 0
    for number, line_text in enumerate(norm.split("\n"), start=1):
        end = pos + len(line_text)
        line_offsets = offsets[pos:end]
        if traditional:
            line_text, line_offsets = convert_traditional(line_text, line_offsets)
        lines.append(Line(line_text, number, line_offsets))
        pos = end + 1
    return lines


def _embedding_lines(
    text: str, tables: list[tuple[int, int]], *, traditional: bool, require_tone: bool
) -> list[Line]:
    """Lines of text that embeds HTML tables: the text as text, each table as HTML,
    every position moved to where its piece sits in the whole."""
    lines: list[Line] = []
    table_count = 0
    last = 0
    for start, end in [*tables, (len(text), len(text))]:
        if start > last:
            piece = text_to_lines(
                text[last:start], traditional=traditional, require_tone=require_tone
            )
            lines += _moved(piece, text, last, 0)
        if end > start:
            piece = html_to_lines(
                text[start:end], traditional=traditional, require_tone=require_tone
            )
            lines += _moved(piece, text, start, table_count)
            table_count += len({line.table_id for line in piece if line.table_id is not None})
        last = end
    return lines


def _moved(lines: list[Line], text: str, start: int, table_base: int) -> list[Line]:
    """``lines`` of the piece of ``text`` at ``start``, with whole-text positions."""
    base_line = text.count("\n", 0, start)
    moved = []
    for line in lines:
        cells = line.cells
        if cells is not None:
            cells = tuple(
                replace(
                    c,
                    span=Span(c.span.line + base_line, c.span.start + start, c.span.end + start),
                )
                for c in cells
            )
        moved.append(
            Line(
                line.text,
                line.number + base_line,
                [o + start for o in line.offsets],
                cells,
                None if line.table_id is None else line.table_id + table_base,
            )
        )
    return moved


def build_document(name: str, text: str, encoding: str) -> Document:
    """Normalise decoded text into a :class:`Document` (HTML or plain text).

    A JSON document (an API response, a scraped record) stands for its strings:
    positions in the document are then positions in that text. So are they in text
    that had been decoded with the wrong codec and is read repaired.
    """
    if isinstance(text, OcrText):  # read from images: no JSON, mojibake or CR to undo
        return _ocr_document(name, text, encoding)
    text = json_strings(text) or text
    repair = repair_mojibake(text)
    if repair is not None:
        text, encoding = repair.text, repair.encoding
    if "\r" in text:
        # A carriage return alone ends a line (classic Mac OS text), as Python's
        # universal newlines read it; same length, so every position still holds.
        text = _LONE_CR.sub("\n", text)
    traditional = looks_traditional(text)
    require_tone = count_pinyin_annotations(text[:50000]) < 3
    markup = looks_like_html(text)
    tables = embedded_tables(text) if markup else None
    if tables:
        lines = _embedding_lines(text, tables, traditional=traditional, require_tone=require_tone)
        kind = "text"
    elif markup:
        lines = html_to_lines(text, traditional=traditional, require_tone=require_tone)
        kind = "html"
    else:
        lines = text_to_lines(text, traditional=traditional, require_tone=require_tone)
        kind = "text"
    misread_as = repair.misread_as if repair is not None else None
    return Document(name, text, encoding, kind, lines, traditional, misread_as)


def _ocr_document(name: str, text: OcrText, encoding: str) -> Document:
    """An OCR'd document: laid-out text whose characters keep their confidence."""
    traditional = looks_traditional(text)
    raw = str(text)
    if looks_like_html(raw):
        lines, kind = html_to_lines(raw, traditional=traditional), "html"
    else:
        lines, kind = text_to_lines(raw, traditional=traditional, require_tone=True), "text"
    doc = Document(name, raw, encoding, kind, lines, traditional)
    return replace(doc, ocr_confidence=text.confidence, ocr_engine=text.engine)


def load_document(
    source: str | os.PathLike | bytes,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    found, text, encoding = read_input(source, max_bytes=max_bytes)
    return build_document(name or found, text, encoding)

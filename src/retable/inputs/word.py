"""A Word document (``.docx``) as the HTML of its body: mammoth writes its tables
with their merged cells as ``colspan`` and ``rowspan``, so the tables are read on
the HTML path, cell by cell, and nothing has to be guessed from flattened text.

mammoth comes with retable and is imported only when a Word file arrives; an
install without it refuses Word files with a message that says so.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import BinaryInputError, InputTooLargeError
from ..limits import size_pair

_ZIP = b"PK\x03\x04"
BODY = "word/document.xml"
# The body's declared size once inflated. A report's body is well under a megabyte;
# far beyond that is a compressed bomb, refused before anything is inflated.
MAX_BODY_BYTES = 256 * 1024 * 1024


def is_docx(data: bytes) -> bool:
    """A ZIP archive holding a Word document body (not a spreadsheet or an EPUB)."""
    if not data.startswith(_ZIP):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return BODY in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def docx_to_html(data: bytes, source: str | None = None) -> str:
    """The document's body as HTML; a damaged file or a missing mammoth is an error."""
    try:
        import mammoth
    except ImportError:
        raise BinaryInputError(
            "this is a Word document (.docx); its reader, mammoth, is not installed: "
            "pip install mammoth",
            source,
        ) from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = archive.getinfo(BODY).file_size
    if inflated > MAX_BODY_BYTES:
        raise InputTooLargeError(
            "the Word document's body inflates to {}, above the limit of {}".format(
                *size_pair(inflated, MAX_BODY_BYTES)
            ),
            source,
        )
    try:
        result = mammoth.convert_to_html(io.BytesIO(data))
    except Exception as exc:  # a damaged archive or XML: mammoth raises many kinds
        raise BinaryInputError(f"cannot read this Word document: {exc}", source) from None
    return str(result.value)

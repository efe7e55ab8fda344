"""Bytes → text: detect the encoding, refuse binary files.

Scraped reports arrive as UTF-8 (with or without BOM), GB18030/GBK, Big5 and
UTF-16. Detection tries the cheap exact answers first (BOM, strict UTF-8) and
only then asks charset-normalizer to choose among the encodings that occur.
"""

from __future__ import annotations

import codecs

from ..errors import BinaryInputError, EmptyInputError, EncodingError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx?)",
    b"\xd0\xcf\x11\xe0": "an OLE document (doc/xls?)",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7z archive",
}
CANDIDATE_ENCODINGS = ("gb18030", "big5", "utf_16_le", "utf_16_be")


def describe_binary(data: bytes) -> str | None:
    """Name the binary format of ``data`` (``a PDF document``), or None when it looks
    like text."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    if b"\x00" in head and not _looks_utf16(head):
        controls = sum(1 for b in head if b < 9 or 13 < b < 32)
        if controls / max(len(head), 1) > 0.1:
            return "binary data"
    return None


def _looks_utf16(head: bytes) -> bool:
    if len(head) < 4:
        return False
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) / 2
    return max(even, odd) > 0.3 * half and min(even, odd) < 0.05 * half


def decode_bytes(data: bytes, source: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise a :class:`RetableError` subclass otherwise."""
    if not data or not data.strip():
        raise EmptyInputError("the input is empty", source)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    binary = describe_binary(data)
    if binary:
        raise BinaryInputError(f"this looks like {binary}, not a text or HTML report", source)
    if _looks_utf16(data[:4096]):
        encoding = (
            "utf_16_le" if data[1::2][:2048].count(0) > data[0::2][:2048].count(0) else "utf_16_be"
        )
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    strict = [enc for enc in ("gb18030", "big5") if _decodes(data, enc)]
    if len(strict) == 1:
        return data.decode(strict[0]), strict[0]
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    if strict:
        return data.decode(strict[0]), strict[0]
    for attempt in (_mixed_decode, _lossy_decode):
        decoded = attempt(data)
        if decoded is not None:
            return decoded
    raise EncodingError(
        "could not decode the input as UTF-8, GB18030, Big5 or UTF-16; "
        "convert it to UTF-8 first (for example with iconv)",
        source,
    )


DAMAGE_SUFFIX = "+replace"
MAX_DAMAGE = 0.02  # share of undecodable characters still worth parsing


MIXED = "utf-8+gb18030"


def _gb_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as GB18030 (2 or 4 bytes), else U+FFFD."""
    assert isinstance(exc, UnicodeDecodeError)
    for width in (2, 4):
        try:
            return exc.object[exc.start : exc.start + width].decode("gb18030"), exc.start + width
        except UnicodeDecodeError:
            continue
    return "\ufffd", exc.start + 1


codecs.register_error("retable-gb18030", _gb_fallback)


def _mixed_decode(data: bytes) -> tuple[str, str] | None:
    """A file pasted together from UTF-8 and GB18030 parts: decode each as what it is."""
    text = data.decode("utf-8", errors="retable-gb18030")
    if text.count("\ufffd") > MAX_DAMAGE * max(len(text), 1):
        return None
    utf8_chars = len(data.decode("utf-8", errors="ignore"))
    if utf8_chars < 0.05 * len(text):  # not really mixed: leave it to the lossy readers
        return None
    return text, MIXED + (DAMAGE_SUFFIX if "\ufffd" in text else "")


def _lossy_decode(data: bytes) -> tuple[str, str] | None:
    """A file with a few corrupt bytes: decode with U+FFFD rather than give up.

    The encoding is reported as e.g. ``utf-8+replace`` so the report can warn
    that some characters were lost.
    """
    best: tuple[int, str, str] | None = None
    for encoding in ("utf-8", "gb18030"):
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, text, encoding)
    if best is None or best[0] > MAX_DAMAGE * max(len(best[1]), 1):
        return None
    return best[1], best[2] + DAMAGE_SUFFIX


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True

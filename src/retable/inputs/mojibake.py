"""Undo a wrong decoding done before the text reached retable.

Crawls often store a page already decoded with the wrong codec. The usual case:
``requests`` falls back to ISO-8859-1 for an HTML page served without a charset
header, so ``response.text`` of a GB18030 or UTF-8 page spells every Chinese
character as two or three Latin-1 letters (``Õþ¸®`` for 政府). Less often UTF-8
bytes were read as GBK, which gives Chinese characters that say nothing
(``鏀垮簻`` for 政府). Either way the original bytes are still there: encode the
text back with the codec that misread it and decode the bytes for what they are.

ftfy repairs the UTF-8 half of this, but not GB18030 or Big5 bytes, which is what
many government sites serve; one mechanism covers all of them here.
"""

from __future__ import annotations

from itertools import islice
from typing import NamedTuple

from ..errors import RetableError
from ..lexical import CJK
from .decode import DAMAGE_SUFFIX, decode_bytes

# Words every report has. Their absence from a text full of Latin-1 letters or of
# Chinese characters is what makes a misreading worth undoing; their presence
# after the repair is what confirms it.
_REPORT_WORDS = ("公开", "公開")
_CODECS = ("utf-8", "gb18030", "big5")  # what reports' bytes are written in
# ... as the bytes of each encoding reports are written in
_REPORT_BYTES = tuple(
    {
        encoded
        for word in _REPORT_WORDS
        for codec in _CODECS
        if b"?" not in (encoded := word.encode(codec, errors="replace"))
    }
)
_LOST = "\ufffd"
MIN_MISREAD = 32  # characters outside ASCII a text needs before it is suspected
# Share of characters a repair may leave damaged (bytes the misreading lost): more
# than decoding accepts of a damaged file, since the text is unreadable otherwise.
MAX_REPAIR_DAMAGE = 0.05
# Windows-1252's letters back to the bytes they stand for, as Latin-1 characters,
# and a byte the misreading could not decode (U+FFFD) to "?": it is lost either way.
_AS_LATIN_1 = {
    ord(bytes([b]).decode("cp1252")): b
    for b in range(0x80, 0xA0)
    if b not in {0x81, 0x8D, 0x8F, 0x90, 0x9D}
} | {ord(_LOST): ord("?")}
_ASCII = bytes(range(0x80))


class Repair(NamedTuple):
    text: str
    encoding: str  # of the original bytes
    misread_as: str  # the codec that had decoded them


def repair_mojibake(text: str) -> Repair | None:
    """The text its bytes meant, or None when it was not misread (or cannot be
    told to have been)."""
    if _has_report_words(text):
        return None
    single = _single_byte(text)
    if single is not None:
        return _confirmed(single, "latin-1", text.count(_LOST))
    if sum(1 for _ in islice(CJK.finditer(text), MIN_MISREAD)) < MIN_MISREAD:
        return None
    pieces = text.split(_LOST)
    try:
        data = b"?".join(piece.encode("gb18030") for piece in pieces)
    except UnicodeEncodeError:
        return None
    return _confirmed(data, "gbk", len(pieces) - 1)


def _single_byte(text: str) -> bytes | None:
    """The bytes a Latin-1 or Windows-1252 decoding turned into ``text``, or None when
    a character cannot come from one (or too few are outside ASCII to tell)."""
    try:
        data = text.translate(_AS_LATIN_1).encode("latin-1")
    except UnicodeEncodeError:
        return None
    high = len(data.translate(None, _ASCII))
    return data if high >= MIN_MISREAD else None


def _confirmed(data: bytes, misread_as: str, lost: int) -> Repair | None:
    """The bytes decoded for what they are, if that brings the report's words. Where
    the misreading lost bytes (``lost`` of them) the characters they were part of are
    damaged: the bytes are read as one codec with replacements (``+replace``)."""
    if not any(word in data for word in _REPORT_BYTES):
        return None
    if not lost:
        try:
            repaired, encoding = decode_bytes(data)
        except RetableError:
            repaired = ""
        if _has_report_words(repaired):
            return Repair(repaired, encoding, misread_as)
        # detection guesses on little text: the codec whose reading has the words
        for codec in _CODECS:
            try:
                repaired = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _has_report_words(repaired):
                return Repair(repaired, codec, misread_as)
        return None
    for codec in _CODECS:
        repaired = data.decode(codec, errors="replace")
        damaged = repaired.count(_LOST) + lost
        if damaged <= MAX_REPAIR_DAMAGE * len(repaired) and _has_report_words(repaired):
            return Repair(repaired, codec + DAMAGE_SUFFIX, misread_as)
    return None


def _has_report_words(text: str) -> bool:
    return any(word in text for word in _REPORT_WORDS)

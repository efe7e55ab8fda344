"""The lexical shape of a piece of cell text, and numbers parsed as printed.

Shapes are decided on the text alone (no context): a number, a blank
placeholder, page furniture, or text. Context is the role classifier's job.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The missing-value markers a table gets from the tools that scrape it (pandas writes
# an empty cell as NaN or nan): an empty cell, not a dash someone printed.
MISSING = frozenset({"nan", "NaN", "<NA>", "None", "null", "NULL"})
# Printed blanks: dashes, slashes, 无/空, and the missing-value markers.
PLACEHOLDERS = frozenset(
    {"", "-", "--", "—", "——", "–", "/", "／", "－", "无", "空", "N/A", "n/a", "…", "\\"}
    | MISSING
    | {"\\-", "\\--"}  # a markdown converter's escaped dash (turndown: ``\-``)
)
UNITS = ("万元", "元", "件", "个", "项", "宗")
# The numerals item numbers are printed with, in order (一 is 1): as a string, and as
# the character class the item-number patterns of every stage are written with.
CJK_NUMERALS = "一二三四五六七八九十"
NUMERAL = f"[{CJK_NUMERALS}]"
# An item number a label or heading begins with, in any of its printed forms: （一）,
# 一、, 一., (1), 1、, 1. (bracket optional, a run of numerals or one or two digits).
ITEM_NUMBER = rf"[（(]?(?:{NUMERAL}+|\d{{1,2}})[)）、.．]"

# A label's printed item number at its start: （一） / (1) / 一、 / 1. or a bare 1 before
# the label's first character; what label matching and the PDF reader's row joining read.
_ITEM_PREFIX = re.compile(
    rf"^\s*(?:[（(]\s*(?P<paren>{NUMERAL}{{1,3}})\s*[)）]"
    r"|[（(]\s*(?P<paren_arabic>\d{1,2})\s*[)）]"
    rf"|(?P<cjk>{NUMERAL}{{1,3}})\s*[、.．]"
    r"|(?P<arabic>\d{1,2})\s*[.．、)]?\s*(?=[\u3400-\u9fff]))\s*"
)
_CJK_VALUE = {c: i for i, c in enumerate(CJK_NUMERALS, start=1)}


def leading_item_number(text: str) -> tuple[int | None, int]:
    """The item number printed at the start of ``text`` and where the label after it
    begins: ``(None, 0)`` when none is printed; the number is ``None`` too for a
    numeral of more than one character (十一: beyond the forms' item numbers)."""
    m = _ITEM_PREFIX.match(text)
    if not m:
        return None, 0
    arabic = m.group("arabic") or m.group("paren_arabic")
    if arabic:
        return int(arabic), m.end()
    token = m.group("paren") or m.group("cjk")
    return (_CJK_VALUE.get(token[-1]) if len(token) == 1 else None), m.end()


# A Chinese character (CJK Unified Ideographs and Extension A): what the reports
# are written in, so what tells their text from markup, data and other scripts.
CJK = re.compile(r"[\u3400-\u9fff]")
# A markdown converter escapes a line's leading sign (turndown, html2text: ``\-2``).
_NUMBER = re.compile(
    r"^\\?(?P<sign>[+-]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>万元|元|件|个|项|宗)?$"
)
# No printed count is this long; a longer digit run is junk (and would trip
# Python's int-conversion limit), so it is text, not a number.
MAX_DIGITS = 200
_FOOTER = re.compile(
    r"^(?:[—\-–_~·\s]*\d{1,4}[—\-–_~·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|-\s*\d+\s*-)$"
)
_FOOTER_DASHED = re.compile(r"^[—\-–]+\s*\d{1,4}\s*[—\-–]+$")


# Letters a digit is misread as (by OCR, or by whoever typed the table from a scan): a
# cell of digits with some of these in it is a number someone misread, not text. In
# text, ``|`` is a cell border far more often than a misread 1: only OCR'd words map it.
_DIGIT_FOR = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "〇": "0", "l": "1", "I": "1", "|": "1", "丨": "1",
     "S": "5", "s": "5", "b": "6", "B": "8", "Z": "2", "z": "2", "g": "9"}
)  # fmt: skip
CONFUSABLE = "OoD〇lI丨SsbBZzg"
_NUMBERISH = re.compile(rf"^[+-]?[0-9{CONFUSABLE},.]*[0-9][0-9{CONFUSABLE},.]*$")
_NUMBERISH_OCR = re.compile(rf"^[0-9{CONFUSABLE}|,.]*[0-9][0-9{CONFUSABLE}|,.]*$|^[Oo〇]$")


def confusable_digits(text: str, ocr: bool = False) -> str | None:
    """The digits a word of digits and look-alike letters stands for (``1O5`` → ``105``),
    or ``None`` when it holds no such letter or is not such a word. A real digit is
    needed, except for an OCR'd word (``ocr``), where a lone O is a 0 and ``|`` a 1."""
    t = text.strip()
    if not (_NUMBERISH_OCR if ocr else _NUMBERISH).match(t):
        return None
    if not any(ch in CONFUSABLE or ch == "|" for ch in t):
        return None
    return t.translate(_DIGIT_FOR)


def is_placeholder(text: str) -> bool:
    return text.strip() in PLACEHOLDERS


def printed_blank(text: str) -> bool:
    """A blank someone printed (``—``, ``/``, ``无``): not nothing, nor a tool's NaN."""
    t = text.strip()
    return bool(t) and t not in MISSING


def _match_number(text: str) -> re.Match[str] | None:
    t = text.strip()
    if len(t) > MAX_DIGITS and sum(ch.isdigit() for ch in t) > MAX_DIGITS:
        return None
    return _NUMBER.match(t)


@lru_cache(maxsize=16384)
def parse_number(text: str) -> int | float | None:
    """Parse a printed number: int when integral, float otherwise; units stripped."""
    m = _match_number(text)
    if not m:
        return None
    digits = m.group("int").replace(",", "")
    sign = -1 if m.group("sign") == "-" else 1
    if m.group("frac") is not None:
        return sign * float(f"{digits}.{m.group('frac')}")
    return sign * int(digits)


def is_number(text: str) -> bool:
    return _match_number(text) is not None


def is_page_footer(text: str) -> bool:
    t = text.strip()
    return bool(_FOOTER_DASHED.match(t)) or (bool(_FOOTER.match(t)) and not t.isdigit())


@lru_cache(maxsize=16384)
def shape(text: str) -> str:
    """``number``, ``blank``, ``noise`` or ``text``."""
    t = text.strip()
    if t in PLACEHOLDERS:
        return "blank"
    if is_number(t):
        return "number"
    if is_page_footer(t):
        return "noise"
    return "text"


@lru_cache(maxsize=8192)
def char_width(ch: str) -> int:
    """Columns one character takes in a fixed-width display: two for a wide (CJK) one.
    Cached: aligned text measures every character of every line, and a report uses a
    few hundred distinct ones."""
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


MAX_WIDTH_CODES = 1 << 16  # characters whose width code is kept; others are worked out anew


class _WidthCodes(dict[int, str]):
    """A ``str.translate`` table from each code point to ``chr`` of its width, filled
    in as characters are met (``__missing__``): a report uses a few hundred distinct
    ones, and a bounded table keeps an input of every code point from growing it."""

    def __missing__(self, code: int) -> str:
        width = chr(char_width(chr(code)))
        if len(self) < MAX_WIDTH_CODES:
            self[code] = width
        return width


_WIDTH_CODES = _WidthCodes()


def width_codes(text: str) -> bytes:
    """The display width of each character of ``text``, one byte each: summed or
    accumulated in C rather than one call per character."""
    return text.translate(_WIDTH_CODES).encode("latin-1")


def display_width(text: str) -> int:
    """Columns ``text`` occupies in a monospaced terminal or a text layout (CJK is two
    wide): how aligned text, OCR lines and synthetic layouts measure a cell."""
    if text.isascii():
        return len(text)
    return sum(width_codes(text))

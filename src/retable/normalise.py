"""Text normalisation that remembers where every character came from.

Scraped reports mix no-break and ideographic spaces, full-width digits,
zero-width characters, traditional characters and converter pinyin
annotations such as ``據(jù)``. Every function here maps text to text while
carrying an offset list (``offsets[i]`` = source position of output char
``i``), so provenance survives normalisation.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from itertools import chain

from .lexical import CJK

_SPACES = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u202f", "\u205f", "\u200a", "\u2007"}
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_ASCII_PUNCT = {"．": ".", "－": "-", "／": "/", "％": "%", "＋": "+"}
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# The bracket first and the CJK character before it looked behind: a pattern that begins
# with a character set is scanned for fast, one that begins with a look-behind is tried
# at every position of the text.
_PINYIN = re.compile(r"[(（](?<=[\u3400-\u9fff][(（])([a-zü" + _TONE_VOWELS + r"]{1,7})[)）]")

# PDF text often comes out with radical code points for whole characters: a
# font draws 二 and the Kangxi radical ⼆ (U+2F06) with one glyph, and the PDF's
# ToUnicode map names the glyph by the lower code point, so `⼆、主动公开` or
# `⼈⺠` reach us. Kangxi radicals and CJK compatibility ideographs have NFKC
# forms; the CJK Radicals Supplement has none, so its unified equivalents are
# listed here (pairs radical → ideograph, as Unicode's
# EquivalentUnifiedIdeograph.txt and the shared glyphs of Noto CJK give them).
_RADICAL_SUPPLEMENT = (
    "⺂乛⺃乚⺅亻⺉刂⺋㔾⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫"
    "⺦丬⺨犭⺫罒⺭礻⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺾艹⺿艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻈讠"
    "⻉贝⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马"
    "⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)


def _ideograph_forms() -> dict[str, str]:
    forms = dict(zip(_RADICAL_SUPPLEMENT[::2], _RADICAL_SUPPLEMENT[1::2], strict=True))
    for code in [*range(0x2F00, 0x2FD6), *range(0xF900, 0xFADA)]:
        nfkc = unicodedata.normalize("NFKC", chr(code))
        if len(nfkc) == 1 and nfkc != chr(code):
            forms[chr(code)] = nfkc
    return forms


_IDEOGRAPH_FORMS = _ideograph_forms()
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


def map_char(ch: str) -> str:
    """Map one character to its normal form ('' drops it)."""
    if ch in _SPACES:
        return " "
    if ch in _DROP:
        return ""
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)
    if ch in _ASCII_PUNCT:
        return _ASCII_PUNCT[ch]
    if ch in _IDEOGRAPH_FORMS:
        return _IDEOGRAPH_FORMS[ch]
    if ch == "\r":
        return ""
    if ch != "\t" and ch != "\n" and unicodedata.category(ch) == "Cc":
        return ""
    return ch


_MAPPED = re.compile(
    "[\x00-\x08\x0b-\x1f\x80-\x9f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
    + "".join(sorted(_SPACES | _DROP | set(_ASCII_PUNCT) | set(_IDEOGRAPH_FORMS)))
    + "]"
)


def _between_digits(text: str, i: int, out: list[str]) -> bool:
    prev = next((piece[-1] for piece in reversed(out) if piece), "")
    return bool(prev) and prev.isdigit() and i + 1 < len(text) and map_char(text[i + 1]).isdigit()


def map_chars(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Apply :func:`map_char` to every character, keeping offsets.

    Only characters :func:`map_char` changes are visited (``_MAPPED``); the
    text between them is copied in slices.
    """
    if len(text) != len(offsets):
        raise ValueError("text and offsets differ in length")
    out: list[str] = []
    out_offsets: list[int] = []
    last = 0
    for m in _MAPPED.finditer(text):
        i = m.start()
        out.append(text[last:i])
        out_offsets.extend(offsets[last:i])
        mapped = map_char(text[i])
        if not mapped and _between_digits(text, i, out):
            mapped = " "  # an invisible separator between digits still separates two numbers
        if mapped:
            out.append(mapped)
            out_offsets.append(offsets[i])
        last = i + 1
    if last == 0:
        return text, list(offsets)
    out.append(text[last:])
    out_offsets.extend(offsets[last:])
    return "".join(out), out_offsets


# An HTML character reference left in text: by a converter that strips tags without
# decoding (``&nbsp;`` for an empty cell), or by a page that escaped it twice
# (``&amp;nbsp;``, which a browser shows as ``&nbsp;``).
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_entities(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Replace HTML character references by their characters, each mapped to its
    ``&``. One that stands for a line break becomes a space: no line is added."""
    if "&" not in text:
        return text, offsets
    return _until_stable(_decode_entities_once, text, offsets)


def source_char(raw: str, i: int) -> str:
    """The character of the source text at ``i``, or the one a character reference
    starting there stands for, decoded as often as :func:`decode_entities` does
    (``&amp;nbsp;`` is a no-break space)."""
    if raw[i] != "&":
        return raw[i]
    window = raw[i : i + _REFERENCE_WINDOW]
    return decode_entities(window, list(range(len(window))))[0][:1]


_REFERENCE_WINDOW = 96  # characters a reference escaped a few times takes, at most


def _decode_entities_once(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    cuts = []
    for m in _ENTITY.finditer(text):
        decoded = html.unescape(m.group())
        if decoded != m.group():
            cuts.append((m.start(), m.end(), decoded.replace("\r", " ").replace("\n", " ")))
    return _cut_spans(text, offsets, cuts)


def strip_pinyin(text: str, offsets: list[int], require_tone: bool = True) -> tuple[str, list[int]]:
    """Remove converter pinyin annotations like ``據(jù)`` after a CJK character.

    Only lower-case latin syllables directly after a CJK character are removed,
    so real brackets such as ``(一)`` or ``(单位:万元)`` are never touched.
    ``require_tone`` keeps a lone ``(pdf)`` when the text shows no tone marks.
    Repeated until nothing changes, so ``总(jù)(jù)`` loses both annotations and
    normalisation stays idempotent.
    """
    return _until_stable(lambda t, o: _strip_pinyin_once(t, o, require_tone), text, offsets)


def _strip_pinyin_once(text: str, offsets: list[int], require_tone: bool) -> tuple[str, list[int]]:
    cuts = (
        (m.start(), m.end(), "")
        for m in _PINYIN.finditer(text)
        if not require_tone or any(c in _TONE_VOWELS for c in m.group(1))
    )
    return _cut_spans(text, offsets, cuts)


# Markup a markdown or text converter left inside a line: pandoc's pipe tables keep
# ``<span style="font-size:12px">79</span>``, others ``<br>`` for a break in a cell.
# Only tag names of HTML, with attributes on the same line, so ``<第一项>`` or
# ``<5`` stay text and no line break is ever removed.
_BLOCK_TAGS = "br|p|div|td|th|tr|li|table|tbody|thead|tfoot|h[1-6]"
_INLINE_TAGS = "span|font|b|strong|em|i|u|s|strike|sub|sup|a|small|big|mark|ins|del|o:p|nobr"
_ONE_TAG = rf"</?(?:(?:{_BLOCK_TAGS})|{_INLINE_TAGS})(?:[ \t][^<>\n]*)?/?>"
_MARKUP_TAGS = re.compile(rf"(?:{_ONE_TAG})+", re.IGNORECASE)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_TAGS})\b", re.IGNORECASE)


# pandoc's markdown writes a styled span as ``[79]{style="font-size:12px"}``; in a
# grid table the span wraps with the cell (``[上一\`` / ``年项目数量]{…}``), the
# backslash before the line break being pandoc's hard line break.
_SPAN_ATTRIBUTES = r"\]\{(?:[.#]|[\w:-]+=)[^{}\n]*\}"
_SPAN_TOKENS = re.compile(rf"(?P<end>{_SPAN_ATTRIBUTES})|\[|\]|\n")
_CELL_PIECE = re.compile(r"[^|\n]+")  # a line's text between two bars
# ... and a div as fences, ``::: {style="text-indent: 2em; line-height: 2"}``.
_DIV_FENCE = re.compile(r"^:{3,}[ \t]*(?:\{[^{}\n]*\}|[A-Za-z0-9_-]+)?[ \t]*$", re.MULTILINE)
# AsciiDoc (``|===`` tables): a cell's span and style before its bar (``3+|``,
# ``.2+|``, ``2.3+a|``) and the `` +`` that ends a line for a hard break.
_ASCIIDOC_MARKUP = re.compile(
    r"(?:(?<=\s)|^)(?:\d+(?:\.\d+)?|\.\d+)[+*][<^>]?(?:\.[<^>])?[adehlmsv]?(?=\|)|(?<=\S) \+$",
    re.MULTILINE,
)
# ... and the attribute line above a table (``[width="99%",cols="16%,6%",]``), whose
# numbers are no values.
_ASCIIDOC_ATTRIBUTES = re.compile(r"^\[[^\[\]\n]*\][ \t]*(?=\n\|===[ \t]*$)", re.MULTILINE)


_MARKUP_MARKS = ("<", "]{", "\\", "|===", ":::")


def strip_markup_tags(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Remove the HTML tags markdown converters leave in a line (``结果<br>维持``,
    ``<span style="…">79</span>``), pandoc's attribute spans (``[79]{…}``) and
    hard line breaks (a backslash ending a line), and AsciiDoc's cell specifiers
    (``3+|``). A block tag between two numbers becomes a space (``13<br>524``),
    any other tag goes. Repeated until nothing changes (``<b<br>r>`` leaves a
    ``<br>``), so normalisation is idempotent. Line breaks always stay."""
    if not any(mark in text for mark in _MARKUP_MARKS):
        return text, offsets
    return _until_stable(_strip_markup_tags_once, text, offsets)


def _strip_markup_tags_once(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    text, offsets = _cut_spans(text, offsets, _pandoc_markup(text))
    if "|===" in text:
        markup = chain(_ASCIIDOC_ATTRIBUTES.finditer(text), _ASCIIDOC_MARKUP.finditer(text))
        asciidoc = sorted((m.start(), m.end(), "") for m in markup)
        text, offsets = _cut_spans(text, offsets, asciidoc)
    tags = (
        (m.start(), m.end(), " " if _separates_numbers(text, m) else "")
        for m in _MARKUP_TAGS.finditer(text)
    )
    return _cut_spans(text, offsets, tags)


def _pandoc_markup(text: str) -> list[tuple[int, int, str]]:
    """The brackets and attributes of pandoc's spans, its div fences and hard line
    breaks.

    A span's ``]{…}`` closes the last ``[`` open on its line; a ``[`` still open
    at the end of its line opened a span that wrapped, and an ``]{…}`` with none
    open closes one. Plain brackets (``[注]``) stay.
    """
    cuts = _line_break_escapes(text) if "\\" in text else []
    if ":::" in text:
        cuts += [(m.start(), m.end(), "") for m in _DIV_FENCE.finditer(text) if m.end() > m.start()]
    if "]{" in text:
        opened: list[int] = []
        for m in _SPAN_TOKENS.finditer(text):
            token = m.group()
            if token == "[":
                opened.append(m.start())
            elif m.group("end"):
                cuts.append((m.start(), m.end(), ""))
                if opened:
                    bracket = opened.pop()
                    cuts.append((bracket, bracket + 1, ""))
            elif token == "]":
                if opened:
                    opened.pop()
            else:  # the end of a line
                cuts += [(p, p + 1, "") for p in opened]
                opened = []
        cuts += [(p, p + 1, "") for p in opened]
    kept: list[tuple[int, int, str]] = []
    for cut in sorted(cuts):  # disjoint, as _cut_spans needs, whatever the input
        if not kept or cut[0] >= kept[-1][1]:
            kept.append(cut)
    return kept


def _line_break_escapes(text: str) -> list[tuple[int, int, str]]:
    """Backslashes that end a cell's or a line's text (``政府\\   |``), found by
    walking back from each bar and line end: one pass however many there are."""
    cuts: list[tuple[int, int, str]] = []
    for m in _CELL_PIECE.finditer(text):
        if "\\" not in m.group():
            continue
        start, i = m.start(), m.end()
        while i > start and text[i - 1] in " \t\\":
            i -= 1
            if text[i] == "\\":
                cuts.append((i, i + 1, ""))
    cuts.reverse()
    return cuts


def _separates_numbers(text: str, run: re.Match[str]) -> bool:
    """A run of tags with a block tag in it, between two digits: ``13<br>524``."""
    return _digits_around(text, run.start(), run.end()) and bool(_BLOCK_TAG.search(run.group()))


def _digits_around(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


def _cut_spans(
    text: str, offsets: list[int], cuts: Iterable[tuple[int, int, str]]
) -> tuple[str, list[int]]:
    """``text`` without the spans ``cuts`` gives, each replaced by its string (mapped
    to the span's first character), and the offsets of what is kept."""
    pieces: list[str] = []
    keep: list[int] = []
    last = 0
    for start, end, replacement in cuts:
        pieces.append(text[last:start])
        keep.extend(offsets[last:start])
        pieces.append(replacement)
        keep.extend([offsets[start]] * len(replacement))
        last = end
    if not pieces:
        return text, offsets
    pieces.append(text[last:])
    keep.extend(offsets[last:])
    return "".join(pieces), keep


MAX_PASSES = 32  # rounds of stripping markup or pinyin that removing some can create


def _until_stable(
    step: Callable[[str, list[int]], tuple[str, list[int]]], text: str, offsets: list[int]
) -> tuple[str, list[int]]:
    """Apply ``step`` until the text no longer changes, at most :data:`MAX_PASSES`
    times: each pass takes out what the last one joined (``<b<br>r>``), and markup
    nested deeper than that is not text a converter writes, only a slow input."""
    for _ in range(MAX_PASSES):
        changed, kept = step(text, offsets)
        if changed == text:
            return changed, kept
        text, offsets = changed, kept
    return text, offsets


def count_pinyin_annotations(text: str) -> int:
    return sum(1 for m in _PINYIN.finditer(text) if any(c in _TONE_VOWELS for c in m.group(1)))


@cache
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified (OpenCC t2s).

    The converter cuts the text at separators (spaces, punctuation) and converts
    each piece on its own, in pure Python; the same pieces (labels, headings)
    recur in every report, so each piece's conversion is cached.
    """
    conv = _converter()
    try:
        parts = conv.split_chars_re.split(text)
    except AttributeError:
        return conv.convert(text)
    parts[::2] = [_convert_piece(p) for p in parts[::2]]
    return "".join(parts)


@lru_cache(maxsize=16384)
def _convert_piece(piece: str) -> str:
    """One separator-free piece, converted as ``OpenCC.convert`` converts it."""
    conv = _converter()
    try:
        return conv._convert(piece, conv._dict_chain_data)
    except AttributeError:
        return conv.convert(piece)


@cache
def _changing_chars() -> tuple[frozenset[str], frozenset[str], frozenset[str]] | None:
    """Characters t2s conversion can change, those inside length-changing entries,
    and those it always changes.

    A character outside the first set is left in place by every dictionary
    entry that covers it, so counting them bounds how many characters a
    conversion can change without running it (the converter is pure Python).
    A character of the third set is changed by every entry that covers it and
    has an entry of its own, so it is changed wherever it stands: counting them
    bounds the number of changes from below (empty when the converter applies
    more than one group of dictionaries). None when the converter's tables
    cannot be read: always convert then.
    """
    conv = _converter()
    try:
        conv.convert("")
        groups = conv._dict_chain_data
        changing: set[str] = set()
        resizing: set[str] = set()
        kept: set[str] = set()  # characters some entry leaves in place
        for group in groups:
            for _max_len, _min_len, table in group:
                for key, value in table.items():
                    first = value.split(" ")[0]
                    if len(first) != len(key):
                        resizing.update(key)
                        changing.update(key)
                    else:
                        for k, v in zip(key, first, strict=True):
                            if k != v:
                                changing.add(k)
                            else:
                                kept.add(k)
        always: set[str] = set()
        if len(groups) == 1 and groups[0] and groups[0][-1][1] == 1:
            # Every character left unmatched by the phrases meets the last table.
            always = {
                k for k in groups[0][-1][2] if len(k) == 1 and k not in kept and k not in resizing
            }
    except (AttributeError, TypeError, ValueError, IndexError):
        return None
    return frozenset(changing), frozenset(resizing), frozenset(always)


def looks_traditional(text: str) -> bool:
    """True when enough characters change under traditional→simplified conversion."""
    sample = "".join(_CJK_RUN.findall(text[:20000]))
    if len(sample) < 20:
        return False
    bounds = _changed_bounds(sample)
    if bounds is not None:
        low, high = bounds
        if high < 10 or high / len(sample) < 0.02:
            return False
        if low >= 10 and low / len(sample) >= 0.02:
            return True  # at least this many change: no need to convert
    converted = to_simplified(sample)
    changed = sum(1 for a, b in zip(sample, converted, strict=False) if a != b)
    return changed >= 10 and changed / len(sample) >= 0.02


def _changed_bounds(sample: str) -> tuple[int, int] | None:
    """Fewest and most characters of ``sample`` conversion changes; None when unknown."""
    tables = _changing_chars()
    if tables is None:
        return None
    changing, resizing, always = tables
    present = set(sample)
    if not resizing.isdisjoint(present):
        return None  # a length change shifts the positions compared: convert for real
    high = sum(map(sample.count, changing.intersection(present)))
    low = sum(map(sample.count, always.intersection(present)))
    return low, high


def convert_traditional(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Traditional → simplified, keeping a one-to-one offset map where possible."""
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted, offsets
    # Phrase conversions changed the length somewhere: fall back to per-character.
    out = [to_simplified(ch) if CJK.match(ch) else ch for ch in text]
    out_offsets: list[int] = []
    for piece, off in zip(out, offsets, strict=True):
        out_offsets.extend([off] * len(piece))
    return "".join(out), out_offsets


def normalise(
    text: str,
    offsets: list[int] | None = None,
    *,
    traditional: bool = False,
    require_tone: bool = True,
) -> tuple[str, list[int]]:
    """Full normalisation of a piece of text: character references, characters,
    markup tags, pinyin, script."""
    if offsets is None:
        offsets = list(range(len(text)))
    text, offsets = map_chars(*decode_entities(text, offsets))
    for _ in range(MAX_PASSES):
        stripped, offsets = strip_markup_tags(text, offsets)
        if stripped == text or "&" not in stripped:
            text = stripped
            break  # nothing taken out, so no reference joined (the text is decoded)
        text = stripped
        decoded, decoded_offsets = decode_entities(text, offsets)
        if decoded == text:
            break
        # taking markup out joined a character reference (``&]{.a}amp;``)
        text, offsets = map_chars(decoded, decoded_offsets)
    text, offsets = strip_pinyin(text, offsets, require_tone=require_tone)
    if traditional:
        text, offsets = convert_traditional(text, offsets)
    return text, offsets


def normalise_plain(text: str, *, traditional: bool = False) -> str:
    """:func:`normalise` without offsets, for labels and tests."""
    return normalise(text, traditional=traditional)[0]

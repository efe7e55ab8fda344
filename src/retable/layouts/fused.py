"""Runs of text where labels and digits are fused (``规范性文件898989``), as flattened
reports give them: the pieces a cell's text is cut into, and the known row labels cut
off the end of a run.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..lexical import CONFUSABLE, NUMERAL, confusable_digits, shape
from ..types import Cell, Span
from .delimited import unescape

_TOKEN = re.compile(
    r"(?P<bracket>[（(][^（()）]{0,60}[)）])"
    # Digits with a look-alike letter beside one (S4, 13O), not inside a Latin word.
    rf"|(?P<lettered>(?<![A-Za-z])[+-]?[0-9{CONFUSABLE}]*"
    rf"(?:[{CONFUSABLE}][0-9]|[0-9][{CONFUSABLE}])[0-9{CONFUSABLE}]*(?![A-Za-z]))"
    r"|(?P<number>[+-]?\d+(?:,\d{3})*(?:\.\d+)?\s?(?:万元|元)?)"
    r"|(?P<space>\s+)"
    # Text, but not a look-alike letter that begins a number (unless a Latin word's).
    rf"|(?P<text>(?:(?:(?<=[A-Za-z])|(?![{CONFUSABLE}]+[0-9]))[^\d\s（()）])+)"
)
ITEM_START = re.compile(r"^[.．、]\s*(?=[\u3400-\u9fff])")
_NUMBERING = re.compile(rf"^(?:[（(]{NUMERAL}{{1,3}}[)）]|{NUMERAL}{{1,3}}、|\d{{1,2}}[.．、])")
_DATE_UNIT = re.compile(r"^[年月日号]")
HEADER_WITH_INDEX = re.compile(r"^[\u3400-\u9fff]{1,4}\d{1,2}$")
# Characters before a row label that make an aligned cell a fused run: a shorter
# head (``3.其他``, ``行政规范性文件``) is one cell between aligned columns.
MIN_FUSED_HEAD = 8


def split_fused(text: str) -> list[tuple[str, int, int]]:
    """Cut a run like ``1.属于国家秘密00000002.其他`` into label and digit pieces.

    Returns ``(piece, start, end)`` triples relative to ``text`` (see
    :func:`_split_fused`; the same runs recur, so the cuts are cached).
    """
    return list(_split_fused(text))


@lru_cache(maxsize=8192)
def _split_fused(text: str) -> tuple[tuple[str, int, int], ...]:
    """Cut a run like ``1.属于国家秘密00000002.其他`` into label and digit pieces.

    Returns ``(piece, start, end)`` triples relative to ``text``. Item numbers
    glued to the preceding digits (``…00000002.其他``) go back to their label;
    numbers followed by 年/月/日 stay inside the text (dates are not values).
    """
    tokens: list[list] = []  # [kind, start, end]
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tokens.append([kind, m.start(), m.end()])
    # Give glued item numbers back to the label that follows.
    for i, tok in enumerate(tokens):
        if tok[0] not in ("number", "lettered") or i + 1 >= len(tokens):
            continue
        nxt = tokens[i + 1]
        follow = text[nxt[1] : nxt[1] + 8]
        if tok[0] == "lettered":
            if nxt[0] == "text" and _DATE_UNIT.match(follow):
                tok[0] = "text"
        elif nxt[0] == "text" and ITEM_START.match(follow):
            num = text[tok[1] : tok[2]]
            if "." in num or len(num) == 0:
                continue
            if len(num) == 1:
                tok[0] = "item"
            else:
                tok[2] -= 1
                nxt[1] -= 1
        elif nxt[0] == "text" and _DATE_UNIT.match(follow):
            tok[0] = "text"
    tokens = [t for t in tokens if t[2] > t[1]]
    pieces: list[tuple[str, int, int]] = []
    current: list[int] | None = None  # [start, end] of a text piece being built

    def close() -> None:
        nonlocal current
        if current is not None:
            pieces.append((text[current[0] : current[1]], current[0], current[1]))
            current = None

    for kind, start, end in tokens:
        chunk = text[start:end]
        if kind == "space":
            continue
        if kind == "number":
            close()
            pieces.append((chunk.replace(" ", ""), start, end))
            continue
        if kind == "lettered":
            close()
            pieces.append((confusable_digits(chunk) or chunk, start, end))
            continue
        # text, bracket or the item number of a label
        if current is not None and (kind == "item" or (kind == "text" and _NUMBERING.match(chunk))):
            close()
        if (
            current is not None
            and kind == "bracket"
            and _NUMBERING.match(chunk)
            and not _is_note(chunk)
        ):
            close()
        if current is None:
            current = [start, end]
        else:
            current[1] = end
    close()
    return tuple((p.strip(), s, e) for p, s, e in pieces if p.strip())


def _is_note(chunk: str) -> bool:
    return len(chunk) > 6


@lru_cache(maxsize=8192)
def piece_fragments(piece: str, layout: str) -> tuple[tuple[str, int, int], ...]:
    """The cells one cut piece of a line holds, as ``(text, start, end)`` in it (cached:
    the same pieces, ``0`` and the row labels, recur on every line of every report)."""
    return tuple(_piece_fragments(piece, layout))


def _piece_fragments(piece: str, layout: str) -> list[tuple[str, int, int]]:
    if layout == "csv" and "\\" in piece:
        # A cell written as a JSON or Python string: one cell, escapes resolved.
        lead = len(piece) - len(piece.lstrip())
        return [(unescape(piece.strip()), lead, lead + len(piece.strip()))]
    digits = confusable_digits(piece)
    if digits is not None:
        # Digits with look-alike letters (133O): one misread number, not digits and a
        # label; its raw text keeps the letters, so the value is warned.
        lead = len(piece) - len(piece.lstrip())
        return [(digits, lead, lead + len(piece.strip()))]
    if shape(piece) in ("number", "noise") or (
        layout != "line" and HEADER_WITH_INDEX.match(piece.strip())
    ):
        # A whole number, a page footer ("— 4 —") or a header such as "数据1".
        lead = len(piece) - len(piece.lstrip())
        return [(piece.strip(), lead, lead + len(piece.strip()))]
    fragments = split_fused(piece)
    if layout in ("line", "aligned"):
        fragments = _split_slash_runs(fragments)
    return fragments


_SLASHES = frozenset("/／\\")


def _split_slash_runs(fragments: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """``///`` between fused values is three blank cells: a slash is a one-character
    placeholder (dashes are not split: ``——`` is one)."""
    out: list[tuple[str, int, int]] = []
    for frag, f0, f1 in fragments:
        if len(frag) > 1 and f1 - f0 == len(frag) and all(ch in _SLASHES for ch in frag):
            out.extend((ch, f0 + i, f0 + i + 1) for i, ch in enumerate(frag))
        else:
            out.append((frag, f0, f1))
    return out


def separate_labels(cells: list[Cell], labels: list[str]) -> list[Cell]:
    """Cut a known row label off the end of a fused text run.

    In flattened reports a header and the next row label arrive as one run
    (``第二十条第（五）项信息内容本年处理决定数量行政许可``); the label is only
    recognisable with the schema's vocabulary, which the caller passes in.
    """
    ordered = sorted({lab for lab in labels if len(lab) >= 2}, key=len, reverse=True)
    # One C-level test of every label at once: most texts end with none of them, and
    # only a text that ends with one can be cut.
    any_label = tuple(ordered)
    out: list[Cell] = []
    for cell in cells:
        text = cell.text.rstrip()
        hit = None
        if cell.kind == "text" and cell.layout in ("line", "aligned") and text.endswith(any_label):
            hit = next(
                (lab for lab in ordered if text.endswith(lab) and len(text) > len(lab)), None
            )
            # Between aligned columns only a long run is fused (a header and the next
            # row's label); ``3.其他`` or ``行政规范性文件`` is one cell.
            if hit is not None and cell.layout == "aligned":
                hit = hit if len(text) - len(hit) >= MIN_FUSED_HEAD else None
        if hit is None:
            out.append(cell)
            continue
        cut = len(text) - len(hit)
        width = len(cell.text)
        head_span = Span(cell.span.line, cell.span.start, cell.span.start + cut)
        tail_span = Span(cell.span.line, cell.span.start + cut, cell.span.start + width)
        out.append(
            replace(
                cell,
                text=text[:cut],
                raw=cell.raw[:cut],
                span=head_span,
                fragment=True,
                kind=shape(text[:cut]),
            )
        )
        out.append(
            replace(
                cell,
                text=hit,
                raw=cell.raw[cut:],
                span=tail_span,
                fragment=True,
                kind="text",
                gap_before=0,
            )
        )
    return out

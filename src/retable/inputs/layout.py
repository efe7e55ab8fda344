"""Positioned words written as laid-out text, each character with its confidence.

Until tables are cut from positions directly, OCR'd pages are read on the aligned
text path, as ``pdftotext -layout`` output is: the words are grouped into lines by
their vertical middle, and each word is written at the display column its left
edge stands at, so the columns of a table stay apart by runs of spaces. The text
carries, per character, the confidence of the word it belongs to (1.0 for the
spaces and line breaks between words), so each value read from it can be given the
engine's confidence.

Numbers in a table cell are where OCR's confusions cost most: a word made only of
digits and the letters they are mistaken for (O for 0, l or 丨 for 1, S for 5...)
is written as digits, and its confidence is capped at :data:`MAPPED_CONFIDENCE`, so
the value is warned unless the report's arithmetic confirms it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from ..lexical import confusable_digits, display_width
from .words import Page, Word

MAPPED_CONFIDENCE = 0.4  # a number read with a letter in it: never trusted alone
MIN_GAP = 2  # spaces between two words of a line: a column gap to the aligned path


class OcrText(str):
    """Laid-out text that knows the confidence of each of its characters."""

    confidence: tuple[float, ...]
    engine: str
    pages: int

    def __new__(cls, text: str, confidence: tuple[float, ...], engine: str, pages: int):
        obj = super().__new__(cls, text)
        obj.confidence, obj.engine, obj.pages = confidence, engine, pages
        return obj


@dataclass(frozen=True)
class Piece:
    """One line of output: its text and the confidence of each character."""

    text: str
    confidence: tuple[float, ...]


def digits_for(text: str) -> str | None:
    """The digits a numberish word stands for, where it holds a confusable letter."""
    return confusable_digits(text, ocr=True)


def mapped(word: Word) -> Word:
    """The word with its confusable letters read as digits (confidence capped)."""
    digits = digits_for(word.text)
    if digits is None:
        return word
    from dataclasses import replace

    alternatives = ((word.text, word.confidence), *word.alternatives)
    conf = min(word.confidence, MAPPED_CONFIDENCE)
    return replace(word, text=digits, confidence=conf, alternatives=alternatives)


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines: a word joins the line whose middle is within half
    a typical word height of its own; each line in reading order."""
    if not words:
        return []
    height = statistics.median(w.height for w in words)
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.middle):
        if lines and abs(statistics.fmean(x.middle for x in lines[-1]) - w.middle) < height / 2:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _unit(words: list[Word]) -> float:
    """Pixels per display column: the median over words of width per column."""
    return statistics.median((w.x1 - w.x0) / max(display_width(w.text), 1) for w in words) or 1.0


def page_lines(page: Page) -> list[Piece]:
    """One page's words as laid-out lines."""
    words = [mapped(w) for w in page.words if w.text.strip()]
    if not words:
        return []
    unit = _unit(words)
    left = min(w.x0 for w in words)
    out = []
    for line in lines_of(words):
        text, conf = "", []
        for w in line:
            column = round((w.x0 - left) / unit)
            pad = max(column - display_width(text), MIN_GAP if text else 0)
            text += " " * pad + w.text
            conf += [1.0] * pad + [w.confidence] * len(w.text)
        out.append(Piece(text, tuple(conf)))
    return out


def pages_text(pieces: list[list[Piece]], engine: str) -> OcrText:
    """Pages of lines (OCR'd or from a text layer) as one :class:`OcrText`; pages
    are separated by a blank line, as a form feed would."""
    text_parts: list[str] = []
    conf: list[float] = []
    for number, page in enumerate(pieces):
        if number:
            text_parts.append("\n")
            conf.append(1.0)
        for piece in page:
            text_parts.append(piece.text + "\n")
            conf += [*piece.confidence, 1.0]
    return OcrText("".join(text_parts), tuple(conf), engine, len(pieces))


def text_lines(text: str) -> list[Piece]:
    """A text layer's laid-out lines, each character fully trusted."""
    return [Piece(line, (1.0,) * len(line)) for line in text.split("\n")]

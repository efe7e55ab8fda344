"""Positioned words: the layer that PDF text, OCR and laid-out text share.

A :class:`Word` is a run of text with its box on a page. A PDF's text layer
gives its words' boxes in points; an OCR engine gives pixel boxes and a
confidence (and sometimes other readings); laid-out text gives display columns
as ``x0``/``x1`` and its line number as ``top``/``bottom``. Whatever the source,
the cutter that builds a table grid from positions reads only these fields, so a
new source of words needs no change downstream.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Word:
    """One word (a token without inner white space) and its box.

    Coordinates grow rightwards (``x``) and downwards (``top``/``bottom``), in the
    unit of the page that holds the word. ``confidence`` is 1.0 for text read from
    a text layer and the engine's own score for OCR; ``alternatives`` holds other
    readings an OCR engine offered, best first, as ``(text, confidence)``.
    ``start``/``end`` are offsets into the decoded source text, where there is one.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int = 0
    confidence: float = 1.0
    alternatives: tuple[tuple[str, float], ...] = ()
    start: int | None = None
    end: int | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        """Vertical centre: rows are grouped by it."""
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Page:
    """The words of one page, with the page's size in the words' unit.

    ``source`` says where the words came from: ``"pdf"`` (a text layer),
    ``"ocr"`` (an image, with ``engine`` naming the OCR engine) or ``"text"``
    (laid-out text, in display columns and lines).
    """

    number: int
    width: float
    height: float
    words: tuple[Word, ...] = field(default_factory=tuple)
    source: str = "pdf"
    engine: str | None = None

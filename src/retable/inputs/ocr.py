"""OCR engines behind one small interface: an image in, a :class:`Page` of words out.

An engine is anything with a ``name`` and a ``read(image, number)`` that returns the
page's words in pixels, each with the engine's own confidence. The default is
RapidOCR (PP-OCR's Chinese detection and recognition models run by ONNX Runtime on
the CPU; the models are inside the ``rapidocr-onnxruntime`` wheel, so nothing is
downloaded at run time). Tesseract (Debian's ``tesseract-ocr-chi-sim``) is the
other engine, chosen with ``RETABLE_OCR_ENGINE=tesseract``; see benchmarks/README.md
for how the two compare. Both are optional: ``pip install 'retable[ocr]'``.
"""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from typing import Any, Protocol

from ..errors import BinaryInputError
from .words import Page, Word

ENGINE_ENV = "RETABLE_OCR_ENGINE"
INSTALL_HINT = "install the OCR extra to read it: pip install 'retable[ocr]'"


class OcrEngine(Protocol):
    """What the OCR path needs of an engine."""

    name: str

    def read(self, image: Any, number: int) -> Page:
        """The words of one page image (a PIL image), in pixels."""
        ...

    def read_line(self, image: Any) -> tuple[str, float] | None:
        """The text of an image that holds one short line (a table cell), and its
        confidence: detection misses a lone narrow digit such as "1" in a wide cell."""
        ...


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width display: two for a wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def split_box(
    text: str, x0: float, x1: float, top: float, bottom: float, page: int, conf: float
) -> list[Word]:
    """The words of one text box, each given the share of the box's width its
    characters take (engines box a run of text, not each word)."""
    pieces = text.split()
    total = display_width(text) or 1
    scale = (x1 - x0) / total
    words, pos = [], 0
    for piece in pieces:
        start = text.index(piece, pos)
        left = x0 + display_width(text[:start]) * scale
        right = left + display_width(piece) * scale
        words.append(Word(piece, left, right, top, bottom, page, conf))
        pos = start + len(piece)
    return words


class RapidOcrEngine:
    """PP-OCR models (detection, direction, recognition) on ONNX Runtime."""

    name = "rapidocr"

    def __init__(self, threads: int = 1) -> None:
        from rapidocr_onnxruntime import RapidOCR

        # One thread: bulk runs one document per core already.
        self._ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads)

    def read(self, image: Any, number: int) -> Page:
        import numpy as np

        rgb = np.asarray(image.convert("RGB"))
        result, _ = self._ocr(rgb)
        words: list[Word] = []
        for box, text, conf in result or ():
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            words += split_box(text, min(xs), max(xs), min(ys), max(ys), number, float(conf))
        return Page(number, image.width, image.height, tuple(words), "ocr", self.name)

    def read_line(self, image: Any) -> tuple[str, float] | None:
        import numpy as np

        result, _ = self._ocr(np.asarray(image.convert("RGB")), use_det=False, use_cls=False)
        if not result or not str(result[0][0]).strip():
            return None
        return str(result[0][0]).strip(), float(result[0][1])


class TesseractEngine:
    """Tesseract 5 with Debian's ``chi_sim`` model, through pytesseract."""

    name = "tesseract"

    def __init__(self) -> None:
        import pytesseract

        self._tess = pytesseract

    def read(self, image: Any, number: int) -> Page:
        data = self._tess.image_to_data(
            image, lang="chi_sim", config="--psm 11", output_type=self._tess.Output.DICT
        )
        words = []
        for i, text in enumerate(data["text"]):
            conf = float(data["conf"][i])
            if not text.strip() or conf < 0:
                continue
            left, top = float(data["left"][i]), float(data["top"][i])
            right, bottom = left + data["width"][i], top + data["height"][i]
            words += split_box(text, left, right, top, bottom, number, conf / 100)
        return Page(number, image.width, image.height, tuple(_join_runs(words)), "ocr", self.name)

    def read_line(self, image: Any) -> tuple[str, float] | None:
        data = self._tess.image_to_data(
            image, lang="chi_sim", config="--psm 7", output_type=self._tess.Output.DICT
        )
        found = [
            (t, float(c)) for t, c in zip(data["text"], data["conf"], strict=True) if t.strip()
        ]
        if not found:
            return None
        return "".join(t for t, _ in found), min(c for _, c in found) / 100


def _join_runs(words: list[Word]) -> list[Word]:
    """Tesseract boxes each CJK character or two alone: characters that touch on a
    line are one word again, with the lowest confidence of its parts."""
    out: list[Word] = []
    for w in sorted(words, key=lambda w: (round(w.middle / max(w.height, 1)), w.x0)):
        last = out[-1] if out else None
        if (
            last is not None
            and abs(last.middle - w.middle) < last.height / 2
            and 0 <= w.x0 - last.x1 < last.height * 0.6
        ):
            out[-1] = Word(
                last.text + w.text,
                last.x0,
                w.x1,
                min(last.top, w.top),
                max(last.bottom, w.bottom),
                last.page,
                min(last.confidence, w.confidence),
            )
        else:
            out.append(w)
    return out


ENGINES = {"rapidocr": RapidOcrEngine, "tesseract": TesseractEngine}


@cache
def get_engine(name: str | None = None) -> OcrEngine:
    """The engine named (or by ``$RETABLE_OCR_ENGINE``, else RapidOCR), loaded once
    per process; without the extra, an error that says how to install it."""
    name = name or os.environ.get(ENGINE_ENV) or "rapidocr"
    if name not in ENGINES:
        raise BinaryInputError(f"unknown OCR engine {name!r}; expected one of {sorted(ENGINES)}")
    try:
        return ENGINES[name]()
    except ImportError:
        raise BinaryInputError(f"this input needs OCR; {INSTALL_HINT}") from None

"""Scanned reports read by OCR: page images and image-only PDFs (made by
benchmarks/scans.py from corpus 001 at 200 dpi, turned under a degree, blurred,
on grey paper). Each page takes a few seconds, so there are only two."""

from __future__ import annotations

import pytest
from gold_compare import DOCUMENTS, GOLD, load_gold

import retable
from retable.errors import EmptyInputError
from retable.inputs import ocr
from retable.inputs.layout import digits_for, lines_of
from retable.inputs.words import Word

pytest.importorskip("rapidocr_onnxruntime")
SCANS = DOCUMENTS / "scans"
GOLD_001 = load_gold(GOLD / "corpus" / "001_shanghai-govoffice-2019.json")["tables"]


def _read(report, table):
    """(cells right, cells wrong) among those the page holds: rows of the table that
    stand on another page are missing and flagged so, never filled in."""
    right, wrong = 0, []
    for row, cols in report.tables[table].items():
        for col, cell in cols.items():
            if "missing_row" in cell.flags:
                assert cell.value is None
                continue
            if cell.value == GOLD_001[table][row][col]:
                right += 1
            else:
                wrong.append((row, col, cell.value))
    return right, wrong


def test_a_page_image_is_read_cell_by_cell():
    report = retable.parse(SCANS / "001_shanghai-govoffice-2019.p4.png", timeout=None)
    assert report.encoding == "ocr/rapidocr"
    assert _read(report, "requests") == (84, [])
    assert all(c.confidence <= 1.0 for cols in report.tables["requests"].values()
               for c in cols.values())  # fmt: skip


def test_an_image_only_pdf_is_ocrd():
    report = retable.parse(SCANS / "001_shanghai-govoffice-2019.p3.pdf", timeout=None)
    assert report.encoding == "pdf+ocr/rapidocr"
    assert _read(report, "active_disclosure") == (20, [])


def test_without_the_extra_the_error_says_what_to_install(monkeypatch):
    def missing():
        raise ImportError("no rapidocr")

    monkeypatch.setitem(ocr.ENGINES, "rapidocr", missing)
    ocr.get_engine.cache_clear()
    try:
        with pytest.raises(EmptyInputError, match=r"pip install 'retable\[ocr\]'"):
            retable.parse(SCANS / "001_shanghai-govoffice-2019.p3.pdf")
    finally:
        ocr.get_engine.cache_clear()


def test_letters_in_a_number_are_read_as_digits_and_not_trusted():
    assert digits_for("1O5") == "105"
    assert digits_for("l2") == "12"
    assert digits_for("O") == "0"
    assert digits_for("规章") is None
    assert digits_for("105") is None  # nothing to map


def test_words_are_grouped_into_lines_by_their_middle():
    words = [Word("b", 50, 60, 12, 32), Word("a", 0, 10, 10, 30), Word("c", 0, 10, 60, 80)]
    assert [[w.text for w in line] for line in lines_of(words)] == [["a", "b"], ["c"]]

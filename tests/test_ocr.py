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


def test_a_borderless_page_image_is_cut_by_position_and_its_lone_digits_read():
    """No rules: the cells are cut by the header's column bands, and an empty band cell
    that holds ink (the lone 1s of 001's mostly empty organisation columns, which the
    page's text detection misses) is read again on its own."""
    report = retable.parse(SCANS / "001_shanghai-govoffice-2019.borderless.p4.png", timeout=None)
    assert report.encoding == "ocr/rapidocr"
    assert _read(report, "requests") == (98, [])
    granted = report.tables["requests"]["granted"]
    assert (granted["legal_service_org"].value, granted["other_org"].value) == (1, 1)
    assert report.tables["requests"]["unable_not_held"]["legal_service_org"].value == 1


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


def test_a_pdf_with_text_pages_and_a_scanned_page_reads_both(tmp_path):
    """Only the page without a text layer is OCR'd: the title and year come from the
    text page, table 二 from the scan."""
    import io

    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(
        DOCUMENTS / "converted" / "001_shanghai-govoffice-2019.libreoffice-docx.pdf"
    )
    scan = pdfium.PdfDocument(SCANS / "001_shanghai-govoffice-2019.p3.pdf")
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text, [0])
    mixed.import_pages(scan)
    buffer = io.BytesIO()
    mixed.save(buffer)
    report = retable.parse(buffer.getvalue(), timeout=None)
    assert report.encoding == "pdf+ocr/rapidocr"
    assert (report.agency, report.year) == ("上海市人民政府办公厅", 2019)
    assert _read(report, "active_disclosure") == (20, [])


def test_bulk_records_the_engine_of_a_scanned_input(tmp_path):
    import pyarrow.parquet as pq

    from retable.bulk import run_bulk

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "scan.png").write_bytes((SCANS / "001_shanghai-govoffice-2019.p4.png").read_bytes())
    (folder / "text.txt").write_text(
        (DOCUMENTS / "seeds" / "003_76f9b4547565cabc.txt").read_text("utf-8"), "utf-8"
    )
    run_bulk([str(folder)], tmp_path / "out", jobs=1, progress=False)
    rows = {
        r["source_id"]: r for r in pq.read_table(tmp_path / "out" / "reports.parquet").to_pylist()
    }
    assert (rows["scan.png"]["ocr"], rows["scan.png"]["ocr_engine"]) == (True, "rapidocr")
    assert (rows["text.txt"]["ocr"], rows["text.txt"]["ocr_engine"]) == (False, None)


def test_ocr_cells_carry_boxes_in_the_units_of_their_page():
    """A scanned PDF's cells are boxed in PDF points (A4: 595 x 842), a page image's in
    its pixels."""
    from PIL import Image

    pdf = retable.parse(SCANS / "001_shanghai-govoffice-2019.p3.pdf", timeout=None)
    boxed = [c.box for c in pdf.cells() if c.value is not None and c.box is not None]
    assert len(boxed) >= 20
    assert all(
        b.page == 1 and 0 <= b.x0 < b.x1 <= 600 and 0 <= b.top < b.bottom <= 850 for b in boxed
    )
    image = SCANS / "001_shanghai-govoffice-2019.p4.png"
    width, height = Image.open(image).size
    png = retable.parse(image, timeout=None)
    valued = [c for c in png.cells() if c.value is not None]
    boxed = [c.box for c in valued if c.box is not None]
    assert len(boxed) == len(valued) == 18
    assert all(b.x1 <= width + 50 and b.bottom <= height + 50 for b in boxed)
    assert max(b.x1 for b in boxed) > 600  # pixels, not points

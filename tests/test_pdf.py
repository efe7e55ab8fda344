"""PDF reports: ruled tables read cell by cell, borderless ones cut by where each word stands, and
clear errors for what cannot be read."""

from __future__ import annotations

import sys

import pytest
from gold_compare import DOCUMENTS, GOLD, compare, load_gold

import retable
from retable.errors import BinaryInputError, EmptyInputError
from retable.inputs import pdf

CONVERTED = DOCUMENTS / "converted"
RULED = CONVERTED / "001_shanghai-govoffice-2019.libreoffice-docx.pdf"
BORDERLESS = CONVERTED / "012_shuyang-fgj-2023.pandoc-docx.pdf"


def _gold(path):
    return load_gold(GOLD / "corpus" / f"{path.name.split('.')[0]}.json")


def _blank_pdf() -> bytes:
    """A valid one-page PDF with nothing on its page (what a scan without OCR is to a
    text extractor)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_ruled_tables_of_a_word_pdf_are_read_exactly():
    """Word's tables printed to PDF, six pages: merged cells, a row cut by a page
    break (its label's end on the next page), the table's next part with no header."""
    report = retable.parse(RULED)
    assert report.encoding == "pdf"
    assert not compare(_gold(RULED), {t: report.values(t) for t in report.tables})
    assert not [c for c in report.checks if c.status == "fail"]
    assert report.year == 2019 and report.agency == "上海市人民政府办公厅"


def test_a_ruled_table_becomes_html_with_its_merged_cells():
    markup, is_html = pdf.pdf_to_markup(RULED.read_bytes())
    assert is_html
    assert markup.count("<table>") >= 3
    assert 'rowspan="' in markup and 'colspan="' in markup
    # the label a page break cut in two is whole again
    assert "2.其他法律行政法规禁止公开" in markup.replace("<br/>", "")


def test_borderless_tables_are_cut_by_position_and_nothing_is_wrong():
    """Tables without ruling lines (pandoc's Word files): empty cells of plain spaces
    are not drawn, so only where each value stands tells its column. The words' boxes
    give the columns (bands from the header), so the lone values of 自然人 and 总计
    are placed; the row a page break cut from its values is left empty and said so."""
    markup, is_html = pdf.pdf_to_markup(BORDERLESS.read_bytes())
    assert is_html and "一、本年新收政府信息" in markup
    report = retable.parse(BORDERLESS)
    mismatches = compare(_gold(BORDERLESS), {t: report.values(t) for t in report.tables})
    assert mismatches and all(m.got is None for m in mismatches)
    assert {(m.table, m.row) for m in mismatches} == {("requests", "rejected_confirmation")}
    warned = {(w.table, w.row) for w in report.warnings}
    assert all((m.table, m.row) in warned for m in mismatches)
    assert report.values("review_litigation") == {
        "cases": _gold(BORDERLESS)["tables"]["review_litigation"]["cases"]
    }


def test_a_pdf_with_no_text_is_a_clear_error():
    with pytest.raises(EmptyInputError, match="no text layer"):
        retable.parse(_blank_pdf())


def test_a_damaged_pdf_is_a_clear_error():
    with pytest.raises(BinaryInputError, match="cannot read this PDF"):
        retable.parse(b"%PDF-1.7\n" + bytes(range(256)) * 8)


def test_only_a_pdf_header_makes_a_pdf():
    assert pdf.is_pdf(b"%PDF-1.4\n...")
    assert pdf.is_pdf(b"\r\n %PDF-1.7\n...")
    assert not pdf.is_pdf("报告提到 %PDF- 格式".encode())


def test_without_pdfplumber_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(BinaryInputError, match=r"pip install pdfplumber"):
        retable.parse(RULED)


def test_bulk_reads_pdf_files_in_a_folder(tmp_path):
    from retable.bulk import run_bulk

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / RULED.name).write_bytes(RULED.read_bytes())
    (crawl / "scan.pdf").write_bytes(_blank_pdf())
    summary = run_bulk([str(crawl)], tmp_path / "out", jobs=1, progress=False)
    assert (summary.documents, summary.reports, summary.errors) == (2, 1, 1)


def test_cells_of_a_ruled_pdf_carry_their_page_and_box():
    """Each value of a ruled table knows where it stands: the text inside its box on
    its page is the value's raw text."""
    import pdfplumber

    report = retable.parse(RULED)
    cells = [c for c in report.cells() if c.value is not None and c.raw]
    assert len(cells) == 63 and all(c.box is not None for c in cells)
    with pdfplumber.open(RULED) as pdf:
        for cell in cells[::7]:
            page = pdf.pages[cell.box.page - 1]
            inside = page.crop(cell.box[1:]).extract_text()
            assert cell.raw in inside.replace("\n", ""), (cell, inside)
    long = report.to_long()
    assert long.page.notna().sum() == len([c for c in report.cells() if c.box is not None])
    assert str(long.page.dtype) == "Int64"
    provenance = report.to_dict(provenance=True)["provenance"]
    first = cells[0]
    entry = provenance[first.table][first.row][first.column]
    assert (entry["page"], entry["bbox"]) == (first.box.page, list(first.box[1:]))


def test_bulk_cells_hold_the_page_and_box_of_pdf_cells(tmp_path):
    import pyarrow.parquet as pq

    from retable.bulk import run_bulk

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    (crawl / RULED.name).write_bytes(RULED.read_bytes())
    run_bulk([str(crawl)], tmp_path / "out", jobs=1, progress=False)
    rows = pq.read_table(tmp_path / "out" / "cells.parquet").to_pylist()
    report = retable.parse(RULED)
    boxes = {(c.table, c.row, c.column): c.box for c in report.cells()}
    for row in rows:
        box = boxes[(row["table"], row["row"], row["column"])]
        expected = (None, None) if box is None else (box.page, list(box[1:]))
        assert (row["page"], row["bbox"]) == expected
    assert sum(r["page"] is not None for r in rows) > 60

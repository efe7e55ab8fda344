"""Word documents (.docx) read as the HTML of their body, and refused clearly when they
cannot be read."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest
from gold_compare import DOCUMENTS, GOLD, compare, load_gold

import retable
from retable.errors import BinaryInputError, InputTooLargeError
from retable.inputs import word

CONVERTED = DOCUMENTS / "converted"
WORD_FILES = sorted(CONVERTED.glob("*.docx"))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_there_are_word_documents():
    assert len(WORD_FILES) >= 2


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_word_document_recovers_every_gold_cell(path):
    gold = load_gold(GOLD / "corpus" / f"{path.name.split('.')[0]}.json")
    report = retable.parse(path)
    assert report.encoding == "docx"
    assert set(report.tables) == set(gold["tables"])
    assert not compare(gold, {t: report.values(t) for t in report.tables})
    assert not [c for c in report.checks if c.status == "fail"]


def test_word_document_given_as_bytes_equals_the_path():
    path = WORD_FILES[0]
    from_bytes = retable.parse(path.read_bytes())
    from_path = retable.parse(path)
    assert {t: from_bytes.values(t) for t in from_bytes.tables} == {
        t: from_path.values(t) for t in from_path.tables
    }


def test_merged_cells_are_kept_as_spans():
    html = word.docx_to_html(next(p for p in WORD_FILES if "001_" in p.name).read_bytes())
    assert 'rowspan="' in html and 'colspan="' in html


def test_only_a_zip_with_a_word_body_is_a_word_document():
    assert word.is_docx(_zip({"word/document.xml": b"<w:document/>"}))
    assert not word.is_docx(_zip({"xl/workbook.xml": b"<workbook/>"}))
    assert not word.is_docx(b"PK\x03\x04 not really a zip")
    assert not word.is_docx("三、收到和处理".encode())


def test_a_spreadsheet_is_refused_as_binary():
    with pytest.raises(BinaryInputError):
        retable.parse(_zip({"xl/workbook.xml": b"<workbook/>"}))


def test_a_damaged_word_body_is_a_clear_error():
    with pytest.raises(BinaryInputError, match="cannot read this Word document"):
        retable.parse(_zip({"word/document.xml": b"<w:document><unclosed"}))


def test_a_body_that_inflates_beyond_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(word, "MAX_BODY_BYTES", 1000)
    with pytest.raises(InputTooLargeError, match="inflates"):
        retable.parse(_zip({"word/document.xml": b" " * 5000}))


def test_without_mammoth_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "mammoth", None)  # import mammoth raises ImportError
    with pytest.raises(BinaryInputError, match=r"pip install mammoth"):
        retable.parse(WORD_FILES[0])


def test_bulk_reads_word_files_in_a_folder(tmp_path):
    from retable.bulk import run_bulk

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for path in WORD_FILES:
        (crawl / path.name).write_bytes(path.read_bytes())
    (crawl / "damaged.docx").write_bytes(_zip({"word/document.xml": b"<w:document><x"}))
    summary = run_bulk([str(crawl)], tmp_path / "out", jobs=1, progress=False)
    assert summary.documents == len(WORD_FILES) + 1
    assert summary.reports == len(WORD_FILES) and summary.errors == 1

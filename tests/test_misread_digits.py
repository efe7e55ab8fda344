"""Numbers printed with look-alike letters (133O, S4): read as the number, and warned
unless the report's arithmetic confirms them."""

from pathlib import Path

import pytest

import retable
from retable.layouts.fused import split_fused
from retable.lexical import confusable_digits

DOCS = Path(__file__).parent / "documents"
EXAMPLE = Path(__file__).parent.parent / "examples" / "liujiang-fgj-2022.txt"
PINGTAN = DOCS / "corpus" / "011_pingtan-zone-2025.txt"


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("133O", "1330"),
        ("S4", "54"),
        ("-l5", "-15"),
        ("b4", "64"),
        ("1,2OO", "1,200"),
        ("105", None),  # nothing to map
        ("O", None),  # no real digit: a lone letter in text is not a number
        ("1|2", None),  # in text a bar is a border, not a 1
        ("规章", None),
        ("SOS", None),
    ],
)
def test_confusable_digits(text, digits):
    assert confusable_digits(text) == digits


def test_ocr_words_map_lone_letters_and_bars():
    assert confusable_digits("O", ocr=True) == "0"
    assert confusable_digits("1|2", ocr=True) == "112"


@pytest.mark.parametrize(
    ("run", "pieces"),
    [
        ("行政强制S4", ["行政强制", "54"]),
        ("规范性文件2O3", ["规范性文件", "203"]),
        ("Windows10", ["Windows", "10"]),  # a Latin word keeps its letters
        ("2O2O年", ["2O2O年"]),  # a date stays text
        ("其他S", ["其他S"]),
    ],
)
def test_fused_runs_keep_a_lettered_number_whole(run, pieces):
    assert [p for p, _, _ in split_fused(run)] == pieces


def _cell(report, table, row, column):
    return next(c for c in report.cells() if (c.table, c.row, c.column) == (table, row, column))


def test_lettered_value_in_a_table_without_identities_is_warned():
    text = EXAMPLE.read_text(encoding="utf-8")
    at = text.index("2", text.index("行政规范性文件\n"))
    report = retable.parse(text[:at] + "2O" + text[at + 1 :])
    cell = _cell(report, "active_disclosure", "normative_documents", "issued")
    assert (cell.value, cell.raw) == (20, "2O")
    assert "letter_in_number" in cell.flags
    assert cell.confidence <= 0.4
    warned = [w for w in report.warnings if w.code == "letter_in_number"]
    assert [(w.row, w.column, w.detail) for w in warned] == [
        ("normative_documents", "issued", {"raw": "2O", "read_as": 20})
    ]
    # The rest of the table is read as before.
    assert report.values("active_disclosure")["normative_documents"]["in_force"] == 2


def test_lettered_value_glued_to_its_label_is_read_and_warned():
    text = PINGTAN.read_text(encoding="utf-8")
    assert "行政强制64" in text
    report = retable.parse(text.replace("行政强制64", "行政强制b4"))
    cell = _cell(report, "active_disclosure", "administrative_coercion", "decisions")
    assert (cell.value, cell.raw) == (64, "b4")
    assert any(
        w.code == "letter_in_number" and w.row == "administrative_coercion" for w in report.warnings
    )


def test_lettered_value_an_identity_confirms_is_not_warned():
    text = PINGTAN.read_text(encoding="utf-8")
    printed = "本年新收政府信息公开申请数量15130000154"
    assert printed in text
    report = retable.parse(text.replace(printed, printed[:-3] + "lS4"))
    row = [c for c in report.cells() if (c.table, c.row) == ("requests", "new_received")]
    # The run's digits are cut into cells as before (each cell keeps the whole run as raw).
    assert [c.value for c in row] == [151, 3, 0, 0, 0, 0, 154]
    assert all(c.raw == "15130000lS4" and "letter_confirmed" in c.flags for c in row)
    assert not [w for w in report.warnings if w.code == "letter_in_number"]
    assert all(c.status != "fail" for c in report.checks if c.table == "requests")

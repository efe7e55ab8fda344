"""A value that a PDF's plain text prints on a line of its own beside its row."""

from __future__ import annotations

import json

from gold_compare import DOCUMENTS, GOLD

import retable
from retable.assembly.apart import drop_values_apart
from retable.types import Cell, Span

GOLD_202 = GOLD / "converted" / "synth-202-0001.pdftotext-layout.json"
LABELS = ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量")


def _line(row: int, *cells: tuple[str, str]) -> list[Cell]:
    return [
        Cell(t, t, Span(row, 0, 0), row, col, len(cells), "line", kind, role=role)
        for col, (t, role) in enumerate(cells)
        for kind in ["number" if t.isdigit() else "text"]
    ]


def _row(row: int, label: str, *values: str) -> list[Cell]:
    return _line(row, (label, "label"), *((v, "value") for v in values))


def test_pdfplumber_text_values_on_lines_of_their_own_are_placed_by_arithmetic():
    """1405 under its row, 113 on the group label's line above （一）予以公开, 135 and 256."""
    gold = json.loads(GOLD_202.read_text("utf-8"))["tables"]["requests"]
    report = retable.parse(DOCUMENTS / "converted" / "synth-202-0001.pdfplumber-text-narrow.txt")
    assert report.values("requests") == gold
    cell = report.tables["requests"]["new_received"]["natural_person"]
    assert (cell.value, cell.flags) == (1405, ("derived",))


def test_a_lone_value_that_completes_the_short_row_beside_it_is_left_out():
    cells = [
        *_row(0, LABELS[0], "0", "24", "281", "0", "0", "1710"),
        *_line(1, ("1405", "value")),
        *_row(2, LABELS[1], "0", "0", "0", "0", "0", "0", "0"),
    ]
    out = drop_values_apart(cells, "requests", "2021")
    assert [c.text for c in out if c.row == 1] == []
    assert len(out) == len(cells) - 1


def test_a_lone_value_that_the_arithmetic_does_not_confirm_stays():
    cells = [
        *_row(0, LABELS[0], "0", "24", "281", "0", "0", "1710"),
        *_line(1, ("7", "value")),
        *_row(2, LABELS[1], "0", "0", "0", "0", "0", "0", "0"),
    ]
    assert drop_values_apart(cells, "requests", "2021") is cells


def test_a_lone_value_between_two_short_rows_stays():
    cells = [
        *_row(0, LABELS[0], "0", "24", "281", "0", "0", "1710"),
        *_line(1, ("1405", "value")),
        *_row(2, LABELS[1], "0", "1405", "0", "0", "0", "1405"),
    ]
    assert drop_values_apart(cells, "requests", "2021") is cells

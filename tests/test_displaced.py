"""A line of values that a PDF's plain text prints before its row's wrapped label."""

from __future__ import annotations

import json

from gold_compare import DOCUMENTS, GOLD, compare

import retable
from retable.assembly.displaced import move_displaced_values
from retable.types import Cell, Span


def _cell(text: str, row: int, col: int, role: str) -> Cell:
    kind = "number" if text.isdigit() else "text"
    return Cell(text, text, Span(row, 0, 0), row, col, 0, "line", kind, role=role)


def _line(row: int, *texts: str, role: str = "value") -> list[Cell]:
    return [_cell(t, row, col, "label" if not t.isdigit() else role) for col, t in enumerate(texts)]


def test_pdftotext_raw_values_before_a_wrapped_label_join_it():
    """（二）部分公开's values come out between row （一） and its own label."""
    for name in ("synth-404-0002.pdftotext-raw", "synth-404-0002.pdftotext-raw-narrow"):
        gold = json.loads((GOLD / "converted" / f"{name}.json").read_text("utf-8"))
        report = retable.parse(DOCUMENTS / "converted" / f"{name}.txt")
        requests = {"requests": gold["tables"]["requests"]}
        assert not compare({**gold, "tables": requests}, {"requests": report.values("requests")})
    assert report.values("requests")["rejected_mass_repeat"]["total"] == 0


def test_a_line_of_values_moves_after_the_label_that_has_none():
    cells = [
        *_line(0, "（一）予以公开", "4", "2", "6"),
        *_line(1, "1", "1", "2"),
        *_line(2, "（二）部分公开"),
        *_line(3, "（三）不予公开"),
        *_line(4, "1.属于国家秘密", "0", "0", "0"),
    ]
    out = move_displaced_values(cells)
    assert [c.text for c in out] == [
        "（一）予以公开", "4", "2", "6",
        "（二）部分公开", "1", "1", "2",
        "（三）不予公开",
        "1.属于国家秘密", "0", "0", "0",
    ]  # fmt: skip


def test_a_line_of_values_stays_where_the_label_after_it_has_its_own():
    """The label's own values follow it, so the line is the row above's (wrapped)."""
    cells = [
        *_line(0, "（一）予以公开", "4", "2", "6"),
        *_line(1, "1", "1", "2"),
        *_line(2, "（二）部分公开"),
        *_line(3, "0", "0", "0"),
    ]
    assert move_displaced_values(cells) is cells


def test_a_line_of_values_stays_after_a_row_of_another_width():
    cells = [
        *_line(0, "（一）予以公开", "4", "6"),
        *_line(1, "1", "1", "2"),
        *_line(2, "（二）部分公开"),
        *_line(3, "（三）不予公开"),
    ]
    assert move_displaced_values(cells) is cells

"""Values printed a line above or below their row, in the hole of that row's line."""

from __future__ import annotations

import json

from gold_compare import DOCUMENTS, GOLD, compare

import retable
from retable.assembly.strays import join_stray_values
from retable.types import Cell, Span

GOLD_202 = GOLD / "converted" / "synth-202-0001.pdftotext-layout.json"


def _cell(text: str, line: int, row: int, x0: int, role: str, layout: str = "aligned") -> Cell:
    kind = "number" if text.isdigit() else "text"
    width = len(text) if kind == "number" else 2 * len(text)
    return Cell(
        text, text, Span(line, 0, 0), row, 0, 0, layout, kind, x=x0 + width // 2, x0=x0, role=role
    )


def _row(line: int, row: int, label: str | None, values: list[tuple[str, int]]) -> list[Cell]:
    cells = [_cell(label, line, row, 0, "label")] if label else []
    return cells + [_cell(text, line, row, x0, "value") for text, x0 in values]


def test_pdfplumber_layout_values_beside_their_row_join_it():
    """pdfplumber's layout text, whose digits of neighbouring columns abut (1405|0)."""
    gold = json.loads(GOLD_202.read_text("utf-8"))
    report = retable.parse(DOCUMENTS / "converted" / "synth-202-0001.pdfplumber-layout.txt")
    requests = {"requests": gold["tables"]["requests"]}
    assert not compare({**gold, "tables": requests}, {"requests": report.values("requests")})


def test_a_stray_value_joins_the_row_with_a_hole_under_it():
    cells = [
        *_row(1, 0, "一、本年新收政府信息公开申请数量", [("0", 43), ("24", 48), ("1710", 60)]),
        *_row(2, 1, None, [("1405", 36)]),
    ]
    out = join_stray_values(cells, "requests", "2021")
    assert [(c.text, c.row) for c in out if c.role == "value"] == [
        ("1405", 0),
        ("0", 0),
        ("24", 0),
        ("1710", 0),
    ]
    assert all(c.layout == "aligned" for c in out if c.role == "value")


def test_a_stray_value_both_neighbours_could_take_stays():
    cells = [
        *_row(1, 0, "（一）予以公开", [("0", 43), ("1710", 60)]),
        *_row(2, 1, None, [("113", 50)]),
        *_row(3, 2, "（二）部分公开", [("0", 43), ("18", 60)]),
    ]
    assert join_stray_values(cells, "requests", "2021") is cells


def test_a_stray_value_over_a_printed_value_stays():
    cells = [
        *_row(1, 0, "（一）予以公开", [("0", 43), ("7", 50), ("1710", 60)]),
        *_row(2, 1, None, [("113", 49)]),
    ]
    assert join_stray_values(cells, "requests", "2021") is cells


def test_no_stray_is_moved_in_a_table_without_row_arithmetic():
    """Table 二 has no identity to warn a value moved into the wrong row."""
    cells = [
        *_row(1, 0, "规范性文件", [("47", 20), ("131", 40)]),
        *_row(2, 1, None, [("41", 30)]),
    ]
    assert join_stray_values(cells, "active_disclosure", "2021") is cells


def test_a_stray_value_a_blank_line_away_stays():
    cells = [
        *_row(1, 0, "一、本年新收政府信息公开申请数量", [("0", 43), ("24", 48), ("1710", 60)]),
        *_row(3, 1, None, [("1405", 36)]),
    ]
    assert join_stray_values(cells, "requests", "2021") is cells

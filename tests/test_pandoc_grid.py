"""A number too wide for its column in pandoc's grid table, wrapped onto the next line."""

from __future__ import annotations

import json

from gold_compare import DOCUMENTS, GOLD

import retable
from retable.layouts.pipes import _content_widths, _number_wrapped
from retable.types import Cell, Span

GOLD_202 = GOLD / "converted" / "synth-202-0001.pdftotext-layout.json"


def _value(text: str) -> list[Cell]:
    return [Cell(text, text, Span(0, 0, len(text)), 0, 0, 1, "pipe", "number", role="value")]


def test_pandoc_plain_number_wrapped_in_its_grid_cell_is_one_value():
    """``| 1     |`` / ``| 710　 |``: 1710 and a full-width space in a column of five."""
    gold = json.loads(GOLD_202.read_text("utf-8"))["tables"]["requests"]
    report = retable.parse(DOCUMENTS / "converted" / "synth-202-0001.pandoc-plain.txt")
    assert report.values("requests") == gold
    assert any(w.code == "table_absent" for w in report.warnings)  # the review's [TABLE]


def test_digits_continue_a_number_only_where_they_could_not_share_its_line():
    assert _content_widths((10, 18, 26)) == (None, 5, 5)
    assert _number_wrapped(_value("1"), _value("710"), 5 - 5)  # the rest took the room
    assert not _number_wrapped(_value("1"), _value("710"), 5 - 3)  # 1710 would have fit
    assert not _number_wrapped(_value("0"), _value("5"), 0)  # no number starts with 0

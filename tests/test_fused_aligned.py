"""Digits of two columns that laid-out text runs together, cut where arithmetic confirms."""

from __future__ import annotations

import json

from gold_compare import DOCUMENTS, GOLD

import retable
from retable.assembly.fit import _splittable
from retable.types import Cell, Span

GOLD_202 = GOLD / "converted" / "synth-202-0001.pdftotext-layout.json"


def _cell(layout: str) -> Cell:
    return Cell("14050", "14050", Span(0, 0, 5), 0, 1, 7, layout, "number", role="value")


def test_pdfplumber_layout_digits_of_two_columns_run_together_are_cut():
    """``14050 24 281 0 0 1710``: 1405 | 0 is the one cut whose row adds up to 1710."""
    gold = json.loads(GOLD_202.read_text("utf-8"))["tables"]["requests"]
    report = retable.parse(DOCUMENTS / "converted" / "synth-202-0001.pdfplumber-layout-wide.txt")
    assert report.values("requests") == gold
    row = report.tables["requests"]["new_received"]
    assert [row[c].value for c in ("natural_person", "commercial_enterprise", "total")] == [
        1405,
        0,
        1710,
    ]
    assert "fused" in row["natural_person"].flags and "fused" in row["commercial_enterprise"].flags


def test_aligned_digits_are_cut_only_where_the_row_has_arithmetic():
    groups = [((0, 1), (2,))]
    assert _splittable(_cell("aligned"), groups)
    assert not _splittable(_cell("aligned"), [])
    assert _splittable(_cell("line"), [])
    assert not _splittable(_cell("html"), groups)

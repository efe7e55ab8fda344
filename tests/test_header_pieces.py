"""Headers of neighbouring columns that laid-out text runs into one word."""

from __future__ import annotations

import json

from gold_compare import DOCUMENTS, GOLD, compare

import retable
from retable.assembly.positions import _run_together

GOLD_202 = GOLD / "converted" / "synth-202-0001.pdftotext-layout.json"
FIRST = ("new_made", "new_published", "total_published")
FIFTH = ("previous_count", "change", "decisions")


def test_pdfplumber_layout_values_under_headers_run_together():
    """``本年新公开数量对外公开总数量``: 41 stands under the second of the two."""
    gold = json.loads(GOLD_202.read_text("utf-8"))
    for name in ("synth-202-0001.pdfplumber-layout", "synth-202-0001.pdfplumber-layout-wide"):
        report = retable.parse(DOCUMENTS / "converted" / f"{name}.txt")
        assert not compare(gold, {t: report.values(t) for t in report.tables}), name
        assert report.values("active_disclosure")["regulations"]["total_published"] == 41


def test_a_header_word_is_cut_where_its_pieces_name_neighbouring_columns():
    word = "本年新公开数量对外公开总数量"
    assert _run_together(word, "active_disclosure", "2019", FIRST) == (
        "本年新公开数量",
        "对外公开总数量",
    )
    assert _run_together("上一年项目数量本年增/减", "active_disclosure", "2019", FIFTH) == (
        "上一年项目数量",
        "本年增/减",
    )


def test_a_header_word_of_one_column_stays_whole():
    assert _run_together("处理决定数量", "active_disclosure", "2019", FIFTH) == ("处理决定数量",)
    # Pieces in the wrong order name no neighbouring columns as printed.
    assert _run_together("本年增/减上一年项目数量", "active_disclosure", "2019", FIFTH) == (
        "本年增/减上一年项目数量",
    )

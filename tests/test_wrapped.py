"""A row label that a PDF's plain text wraps around the row's line of values."""

from __future__ import annotations

import json

from gold_compare import DOCUMENTS, GOLD, compare

import retable
from retable.assembly.wrapped import join_wrapped_labels
from retable.types import Cell, Span


def _line(row: int, *cells: tuple[str, str]) -> list[Cell]:
    return [
        Cell(t, t, Span(row, 0, 0), row, col, len(cells), "line", kind, role=role)
        for col, (t, role) in enumerate(cells)
        for kind in ["number" if t.isdigit() else "text"]
    ]


def _values(row: int, *texts: str) -> list[Cell]:
    return _line(row, *((t, "value") for t in texts))


def test_pdfplumber_text_labels_wrapped_around_their_values():
    for name in ("synth-404-0002.pdfplumber-text-narrow", "synth-202-0003.pdfplumber-text"):
        gold = json.loads((GOLD / "converted" / f"{name}.json").read_text("utf-8"))
        report = retable.parse(DOCUMENTS / "converted" / f"{name}.txt")
        requests = {"requests": gold["tables"]["requests"]}
        assert not compare({**gold, "tables": requests}, {"requests": report.values("requests")})
    assert report.values("requests")["unable_not_held"]["natural_person"] == 17


def test_pdftotext_layout_labels_wrapped_around_their_values_with_pinyin():
    """Traditional script with pinyin annotations: 7.屬(shǔ)於行政執 / values / (zhí)法案卷."""
    name = "synth-404-0003.pdftotext-layout-narrow"
    gold = json.loads((GOLD / "converted" / f"{name}.json").read_text("utf-8"))
    report = retable.parse(DOCUMENTS / "converted" / f"{name}.txt")
    requests = {"requests": gold["tables"]["requests"]}
    assert not compare({**gold, "tables": requests}, {"requests": report.values("requests")})
    assert report.values("requests")["unable_not_held"]["commercial_enterprise"] == 20
    assert "orphan" not in report.tables["requests"]["unable_not_held"]["total"].flags


def test_the_second_half_loses_the_pinyin_of_the_first_halfs_last_character():
    cells = [
        *_line(0, ("7.属于行政执", "label")),
        *_values(1, "0", "3"),
        *_line(2, ("(zhí)法案卷", "label")),
        *_line(3, ("8.属于行政查询事项", "label"), ("1", "value"), ("1", "value")),
    ]
    out = join_wrapped_labels(cells, "requests", "2021")
    assert [(c.text, c.row) for c in out][:3] == [("7.属于行政执法案卷", 1), ("0", 1), ("3", 1)]


def test_a_group_labels_fragment_before_the_values_goes_before_the_label():
    """予公开 of （三）不予公开 stands on the values' line and names 予以公开 itself."""
    cells = [
        *_line(0, ("（三）不", "noise"), ("5.属于三类内", "label")),
        *_line(1, ("予公开", "label"), ("0", "value"), ("3", "value")),
        *_line(2, ("(nèi)部事务信息", "label")),
        *_line(3, ("6.属于四类过程性信息", "label"), ("1", "value"), ("1", "value")),
    ]
    out = join_wrapped_labels(cells, "requests", "2021")
    assert [c.text for c in out][:5] == ["予公开", "（三）不", "5.属于三类内部事务信息", "0", "3"]


def test_the_halves_join_before_the_values_and_the_group_label_goes_first():
    cells = [
        *_line(0, ("2.没有", "noise")),
        *_line(1, ("（四）无法提供", "header"), ("0", "value"), ("3", "value")),
        *_line(2, ("现成信息需要另行制作", "label")),
        *_line(3, ("3.补正后申请内容仍不明确", "label"), ("1", "value"), ("1", "value")),
    ]
    out = join_wrapped_labels(cells, "requests", "2021")
    assert [(c.text, c.role) for c in out] == [
        ("（四）无法提供", "header"),
        ("2.没有现成信息需要另行制作", "label"),
        ("0", "value"),
        ("3", "value"),
        ("3.补正后申请内容仍不明确", "label"),
        ("1", "value"),
        ("1", "value"),
    ]


def test_a_label_followed_by_its_own_values_is_no_second_half():
    cells = [
        *_line(0, ("1.本机关", "label")),
        *_values(1, "0", "3"),
        *_line(2, ("不掌握相关政府信息", "label")),
        *_values(3, "1", "1"),
    ]
    assert join_wrapped_labels(cells, "requests", "2021") is cells


def test_a_numbered_label_after_the_values_begins_its_own_row():
    cells = [
        *_line(0, ("（一）予以公开", "label")),
        *_values(1, "0", "3"),
        *_line(2, ("（二）部分公开", "label")),
        *_line(3, ("（三）不予公开", "label")),
    ]
    assert join_wrapped_labels(cells, "requests", "2021") is cells

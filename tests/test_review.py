"""The review page: which cells it lists, in what order, with which source text marked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from gold_compare import DOCUMENTS
from lxml import html as lxml_html

from retable.cli import main
from retable.pipeline import parse_with_document
from retable.review import doubts, review_html

# 平潭 2023: 规范性文件 printed as the fused run 77132470, cut ten ways that all add up,
# and the prose says 393 现行有效 where the chosen cut reads 470.
PINGTAN = str(DOCUMENTS / "corpus" / "009_pingtan-zone-2023.txt")
# 浈江区 2022: the printed numbers break requests.processed_total and requests.balance
# in the natural_person and total columns (new_received 1, carried over 0, nothing handled).
ZHENJIANG = str(DOCUMENTS / "seeds" / "002_7eb68c448bcdd812.txt")
# 柳园口乡 2022: 21 values of the requests table were not printed, recovered by arithmetic.
LIUYUANKOU = str(DOCUMENTS / "seeds" / "003_76f9b4547565cabc.txt")


@pytest.fixture(scope="module")
def pingtan():
    return parse_with_document(PINGTAN)


@pytest.fixture(scope="module")
def zhenjiang():
    return parse_with_document(ZHENJIANG)


def test_ambiguous_cut_lists_its_cells_alternatives_and_the_prose(pingtan):
    report, doc = pingtan
    found = doubts(report, doc.raw_text)
    assert [(d.row, d.column, d.value) for d in found] == [
        ("normative_documents", "in_force", 470),  # the prose doubts it: listed first
        ("normative_documents", "issued", 77),
        ("normative_documents", "repealed", 132),
    ]
    for d in found:
        assert d.marked == d.raw == "77132470" == doc.raw_text[d.start : d.end]
        assert d.confidence == 0.3 and d.flags == ("fused", "ambiguous")
    in_force, issued, _ = found
    assert [d.tier for d in found] == [1, 2, 2]
    assert {c for c, _ in in_force.warnings} == {"ambiguous_split", "parse_doubt"}
    assert "393 (the report's text says so)" in in_force.alternatives
    assert in_force.checks[0].startswith("narrative.normative_documents")
    # the other cuts of the ten the warning lists, each value once
    assert issued.alternatives == (
        "771 (another reading of the row)",
        "7713 (another reading of the row)",
        "7 (another reading of the row)",
    )
    assert "77132470" in in_force.before + in_force.marked + in_force.after


def test_failed_identity_lists_the_cells_of_the_identity_only(zhenjiang):
    report, doc = zhenjiang
    found = doubts(report, doc.raw_text)
    assert {d.column for d in found} == {"natural_person", "total"}
    assert all(d.tier == 0 and d.checks for d in found)
    first = found[0]
    assert (first.row, first.column, first.value) == ("new_received", "natural_person", 1)
    assert (first.marked, first.start, first.end, first.line) == ("1", 1403, 1404, 114)
    assert first.checks == (
        "requests.balance at natural_person: 1 ≠ 0 (source_inconsistent) "
        "每列：一 + 二 = 三（七）总计 + 四",
    )
    rows = {d.row for d in found if d.column == "total"}
    assert {"new_received", "carried_over", "total_processed", "carried_forward"} <= rows
    # every listed cell's mark is its own text in the source, nothing else
    for d in found:
        assert d.marked == d.raw == doc.raw_text[d.start : d.end]
    # the other columns of the requests table are not listed (the identity spans two columns)
    assert not [d for d in found if d.column == "commercial_enterprise"]


def test_recovered_cells_mark_nothing_and_show_their_row():
    report, doc = parse_with_document(LIUYUANKOU)
    found = doubts(report, doc.raw_text)
    assert len(found) == 21
    assert all(d.value == 0 and d.raw is None and d.marked == "" for d in found)
    assert all([c for c, _ in d.warnings] == ["value_recovered"] for d in found)
    granted = next(d for d in found if d.row == "granted")
    assert granted.column == "commercial_enterprise" and granted.before  # the row's text


def test_page_is_self_contained_and_lists_every_doubt(pingtan, zhenjiang):
    pairs = [(r, d.raw_text) for r, d in (pingtan, zhenjiang)]
    page = review_html(pairs)
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//link | //script[@src] | //img | //iframe")
    sections = tree.xpath("//section[contains(@class, 'doubt')]")
    expected = len(doubts(*pairs[0])) + len(doubts(*pairs[1]))
    assert len(sections) == expected == 3 + 46
    # most worrying first: the failed identities of 浈江区 before the ambiguous cut
    first = json.loads(sections[0].get("data-cell"))
    assert first["source"] == ZHENJIANG and first["row"] == "new_received"
    marks = sections[0].xpath(".//mark[@class='cell']")
    assert [m.text for m in marks] == ["1"]
    last = json.loads(sections[-1].get("data-cell"))
    assert last["source"] == PINGTAN


def test_cli_writes_the_page_and_lists_an_unreadable_input(tmp_path):
    out = tmp_path / "review.html"
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["review", PINGTAN, str(missing), "-o", str(out)])
    assert result.exit_code == 1
    tree = lxml_html.fromstring(out.read_text("utf-8"))
    assert len(tree.xpath("//section[contains(@class, 'doubt')]")) == 3
    failures = tree.xpath("//li[@class='failure']")
    assert len(failures) == 1 and "missing.txt" in failures[0].text_content()
    assert "[unreadable]" in failures[0].text_content()


def test_a_doubted_value_comes_before_a_cell_left_empty(pingtan):
    # 上海 2025: two rows printed 2 values for 3 columns; the six cells are left empty,
    # warned, at the same confidence (0.3) as 平潭's ambiguous cut, which holds values.
    report, doc = parse_with_document(str(DOCUMENTS / "corpus" / "004_shanghai-govoffice-2025.md"))
    empty = doubts(report, doc.raw_text)
    assert [(d.row, d.value, d.tier) for d in empty] == [
        (row, None, 2) for row in ("regulations",) * 3 + ("normative_documents",) * 3
    ]
    assert empty[0].alternatives == ("one of 22, 235 (printed in the row, not placed)",)
    page = lxml_html.fromstring(
        review_html([(report, doc.raw_text), (pingtan[0], pingtan[1].raw_text)])
    )
    order = [
        (json.loads(s.get("data-cell"))["row"], s.xpath(".//b[@class='value']")[0].text)
        for s in page.xpath("//section[contains(@class, 'doubt')]")
    ]
    assert order == [
        ("normative_documents", "470"),  # 平潭, tier 1 (the prose doubts it)
        ("normative_documents", "77"),
        ("normative_documents", "132"),
        *[(row, "empty") for row in ("regulations",) * 3 + ("normative_documents",) * 3],
    ]

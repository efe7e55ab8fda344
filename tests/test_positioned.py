"""Tables without ruling lines read by where each word stands (inputs.pdf_words and
layouts.positioned): the corpus pages printed to PDF without borders by WeasyPrint."""

from __future__ import annotations

import io
import re

import pytest
from gold_compare import DOCUMENTS, GOLD, compare, load_gold

import retable
from retable.inputs import pdf
from retable.inputs.pdf_words import pdf_pages, positioned_html

pdfplumber = pytest.importorskip("pdfplumber")

CONVERTED = DOCUMENTS / "converted"
# Landscape A4: 自然人 stacked as 自然 / 人 and 商业企业 as 商业 / 企业 beside the parent
# 法人或其他组织; the value of 3.补正后申请内容仍不明确 at the foot of one page, its label
# at the head of the next; （五）不予处理 printed between the lines of its child's label.
LANDSCAPE = CONVERTED / "001_shanghai-govoffice-2019.weasyprint-borderless-landscape.pdf"
# Portrait A4, labels double-spaced: a wrapped label's lines stand a line height apart,
# and 自 / 然 / 人 is one character a line.
PORTRAIT = CONVERTED / "012_shuyang-fgj-2023.weasyprint-borderless.pdf"


def _gold(path):
    return load_gold(GOLD / "corpus" / f"{path.name.split('.')[0]}.json")


def _markup(path) -> str:
    """The positioned HTML of a borderless PDF, its cells' boxes left out."""
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as doc:
        assert not any(page.find_tables() for page in doc.pages)  # not a ruling line
        markup = positioned_html(pdf_pages(doc))
    assert markup is not None
    return re.sub(r' data-retable-box="[^"]*"', "", markup)


@pytest.mark.parametrize("path", [LANDSCAPE, PORTRAIT], ids=lambda p: p.name.split(".")[1])
def test_every_cell_of_a_borderless_pdf(path):
    markup, is_html = pdf.pdf_to_markup(path.read_bytes())
    assert is_html and markup.count('<table data-cut="position">') >= 3
    report = retable.parse(path)
    mismatches = compare(_gold(path), {t: report.values(t) for t in report.tables})
    assert not mismatches, "\n".join(map(str, mismatches))


def test_stacked_and_spanning_header_labels_make_one_band_each():
    markup = _markup(LANDSCAPE)
    assert '<td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>' in markup
    assert "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>" in markup
    report = retable.parse(LANDSCAPE)
    requests = report.values("requests")
    assert requests["new_received"] == {
        "natural_person": 821,
        "commercial_enterprise": 35,
        "research_institution": None,
        "social_welfare_org": None,
        "legal_service_org": 2,
        "other_org": 1,
        "total": 859,
    }
    # a lone value in 法律服务机构 (the fourth child) and one in 其他 (beside it)
    assert requests["granted"]["legal_service_org"] == 1
    assert requests["granted"]["other_org"] == 1
    assert requests["granted"]["social_welfare_org"] is None


def test_a_row_cut_by_a_page_break_keeps_its_value():
    """25 at the foot of a page, 3.补正后申请内容仍不明确 at the head of the next: the
    nearest row (2.没有现成信息…, which has 44 there already) does not take it."""
    report = retable.parse(LANDSCAPE)
    requests = report.values("requests")
    assert requests["unable_needs_creation"]["natural_person"] == 44
    assert requests["unable_needs_creation"]["commercial_enterprise"] == 3
    assert requests["unable_unclear"]["natural_person"] == 25


def test_a_parent_label_between_the_lines_of_its_childs_label_opens_no_row():
    markup = _markup(LANDSCAPE)
    assert "<td>（五）不予处理3.要求提供公开出版物</td>" in markup
    assert "<td>版物</td>" not in markup


def test_double_spaced_wrapped_labels_are_one_row():
    markup = _markup(PORTRAIT)
    assert "<td>5.要求行政机关确认或重新出具已获取信息</td>" in markup
    assert "<td>取信息</td>" not in markup
    report = retable.parse(PORTRAIT)
    requests = report.values("requests")
    for row in ("partially_granted", "rejected_confirmation", "other_no_correction"):
        assert requests[row]["natural_person"] == 0 and requests[row]["total"] == 0
    assert requests["new_received"]["natural_person"] == 26
    assert requests["new_received"]["total"] == 26
    assert requests["new_received"]["commercial_enterprise"] is None


def test_where_position_and_arithmetic_disagree_both_readings_are_warned():
    """14 moved one column right (as a value printed off its column would be): the
    column sums of 自然人 and 商业企业 no longer add up, and each of their cells says
    what it is where it stands and what the arithmetic asks of it; nothing is changed."""
    markup, _ = pdf.pdf_to_markup(LANDSCAPE.read_bytes())
    markup = re.sub(r' data-retable-box="[^"]*"', "", markup)  # the boxes, left out
    row = "1.属于国家秘密</td><td>14</td><td></td>"
    assert row in markup
    moved = markup.replace(row, row.replace("<td>14</td><td></td>", "<td></td><td>14</td>"))
    report = retable.parse(moved.encode("utf-8"), name="moved.html")
    got = report.values("requests")["denied_state_secret"]
    assert (got["natural_person"], got["commercial_enterprise"]) == (None, 14)
    readings = {
        (w.row, w.column): (w.detail["position"], w.detail["arithmetic"])
        for w in report.warnings
        if w.code == "position_disagrees"
    }
    assert readings[("denied_state_secret", "natural_person")] == (None, 14)
    assert readings[("denied_state_secret", "commercial_enterprise")] == (14, 0)
    assert readings[("total_processed", "natural_person")] == (767, 753)
    assert readings[("total_processed", "commercial_enterprise")] == (35, 49)
    assert {column for _, column in readings} == {"natural_person", "commercial_enterprise"}
    # the same markup without the mark of a positioned cut: no such warning
    plain = retable.parse(moved.replace(' data-cut="position"', "").encode(), name="m.html")
    assert not [w for w in plain.warnings if w.code == "position_disagrees"]


def test_the_untouched_pdf_has_no_disagreement():
    report = retable.parse(LANDSCAPE)
    assert not [w for w in report.warnings if w.code == "position_disagrees"]


def test_a_table_the_converter_dropped_is_said_to_be_absent():
    """pandoc -t plain in 60 columns writes [TABLE] for table 三, too wide to draw."""
    path = CONVERTED / "012_shuyang-fgj-2023.pandoc-plain-60.txt"
    assert "\n[TABLE]\n" in path.read_text("utf-8")
    report = retable.parse(path)
    absent = [w for w in report.warnings if w.code == "table_absent"]
    assert [w.table for w in absent] == ["requests"]
    assert all(v is None for row in report.values("requests").values() for v in row.values())
    gold = _gold(path)["tables"]
    assert report.values("review_litigation") == gold["review_litigation"]


def test_raw_order_text_recovers_what_the_arithmetic_makes_unique():
    """pdftotext -raw of the borderless PDF: no position left, each row's values in
    reading order (26 26) and the header one character a line (自 / 然 / 人). Only the
    row total is certain (the last value, which the others add up to); the column the
    other 26 stood in is not, so it is left empty and each such row says so."""
    path = CONVERTED / "012_shuyang-fgj-2023.weasyprint-pdftotext-raw.txt"
    assert "\f自\n然\n人\n" in path.read_text("utf-8")  # a page break above 自
    gold = _gold(path)["tables"]
    report = retable.parse(path)
    assert report.values("active_disclosure") == gold["active_disclosure"]
    assert report.values("review_litigation") == gold["review_litigation"]
    requests = report.values("requests")
    assert {row: v["total"] for row, v in requests.items()} == {
        row: v["total"] for row, v in gold["requests"].items()
    }
    assert requests["new_received"]["total"] == 26 and requests["granted"]["total"] == 26
    unsure = {w.row for w in report.warnings if w.code == "value_unrecoverable"}
    for row, values in requests.items():
        for column, value in values.items():
            if value != gold["requests"][row][column]:
                assert value is None and row in unsure, (row, column)
    assert len(unsure) == 25  # every row that printed a value besides its total


ALIGNED = CONVERTED / "001_shanghai-govoffice-2019.w3m-aligned.txt"


def test_aligned_text_placed_with_nothing_to_confirm_it_is_warned():
    """Table 二 has no arithmetic: a row whose values are placed under the headers they
    stand beneath, a hole among them, says that nothing confirms the placing."""
    text = ALIGNED.read_text("utf-8")
    row = "规章                        13          13          524"
    assert row in text
    holed = text.replace(row, "规章                        13                      524")
    report = retable.parse(holed.encode("utf-8"), name=ALIGNED.name)
    regulations = report.values("active_disclosure")["regulations"]
    assert regulations == {"new_made": 13, "new_published": None, "total_published": 524}
    codes = {w.code for w in report.warnings if w.row == "regulations"}
    assert "placed_by_position" in codes
    whole = retable.parse(ALIGNED)  # every row whole: nothing said
    assert not [w for w in whole.warnings if w.code in ("placed_by_position", "position_disagrees")]


def test_aligned_text_where_position_and_arithmetic_disagree_both_readings_are_warned():
    """14 printed a column to the right of 自然人 in w3m's aligned text: placed under
    商业企业 where it stands, and both columns' sums say what they would have it be."""
    text = ALIGNED.read_text("utf-8")
    row = "1.属于国家秘密                             14      "
    assert row in text
    moved = text.replace(row, "1.属于国家秘密                                      14")
    report = retable.parse(moved.encode("utf-8"), name=ALIGNED.name)
    got = report.values("requests")["denied_state_secret"]
    assert (got["natural_person"], got["commercial_enterprise"]) == (None, 14)
    readings = {
        (w.row, w.column): (w.detail["position"], w.detail["arithmetic"])
        for w in report.warnings
        if w.code == "position_disagrees"
    }
    assert readings[("denied_state_secret", "natural_person")] == (None, 14)
    assert readings[("denied_state_secret", "commercial_enterprise")] == (14, 0)
    assert readings[("total_processed", "natural_person")] == (767, 753)


@pytest.mark.parametrize("path", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_cells_cut_by_position_carry_their_page_and_box(path):
    """A value of a borderless table knows where it stands: its box on its page holds
    its text (across the page break the stream of pages makes)."""
    import pdfplumber

    report = retable.parse(path)
    cells = [c for c in report.cells() if c.value is not None and c.raw]
    assert cells and all(c.box is not None for c in cells)
    assert len({c.box.page for c in cells}) > 1  # the tables run over pages
    with pdfplumber.open(path) as pdf:
        for cell in cells[::5]:
            page = pdf.pages[cell.box.page - 1]
            x0, top, x1, bottom = cell.box[1:]
            inside = page.crop((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5)).extract_text()
            assert cell.raw in inside.replace("\n", "").replace(" ", ""), (cell, inside)


def test_layout_text_padded_by_characters_places_values_under_stacked_headers():
    """pdfplumber's layout text of 001 (landscape, borderless): a character a column
    whatever its width, so after a CJK label the values stand under their headers only
    counted in characters; 自然 / 人 and 商业 / 企业 stacked under 法人或其他组织 with 总计
    between. Each value goes to the column it stands under, the empty cells stay empty."""
    path = CONVERTED / (
        "001_shanghai-govoffice-2019.weasyprint-borderless-landscape-pdfplumber-layout.txt"
    )
    gold = _gold(path)["tables"]["requests"]
    requests = retable.parse(path).values("requests")
    for row in (
        "new_received",
        "carried_over",
        "granted",
        "partially_granted",
        "denied_state_secret",
        "denied_internal_affairs",  # 5.属于三类内部事 / 5 / 务信息: the 5 alone, indented
        "denied_process_info",
        "unable_not_held",
        "unable_needs_creation",
        "total_processed",
        "carried_forward",
    ):
        assert requests[row] == gold[row], row
    assert requests["new_received"]["legal_service_org"] == 2
    assert requests["new_received"]["research_institution"] is None


def test_partial_header_positions_place_only_values_at_a_found_header():
    """Partial positions (headers run together, not found) place a value only where
    it starts at a found header; a value between found headers leaves the row to the
    arithmetic."""
    from retable.assembly.positions import MISSING, _partial, _placed_at_starts
    from retable.assembly.records import Record
    from retable.types import Cell, Span

    columns = ("a", "b", "c", "d", "e")
    found = {"a": (10, 11), "b": (14, 15), "e": (40, 41), "d": (3, 4)}  # d: out of order
    positions = _partial(found, columns)
    assert positions == [(10, 11), (14, 15), MISSING, MISSING, (40, 41)]

    def value(text: str, x0: int) -> Cell:
        return Cell(text, text, Span(0, 0, 1), 0, 0, 0, "aligned", "number", role="value",
                    x=x0, x0=x0, char_columns=True)  # fmt: skip

    placed = _placed_at_starts(Record([], [value("26", 10), value("26", 40)]), positions)
    assert placed is not None and placed.values == (26, None, None, None, 26)
    assert _placed_at_starts(Record([], [value("3", 25)]), positions) is None
    assert _partial({"b": (14, 15), "e": (40, 41)}, columns) is None  # the first not found

"""Empty cells written as runs of spaces (WebDriver's element text)."""

from __future__ import annotations

from gold_compare import DOCUMENTS
from hypothesis import given
from hypothesis import strategies as st

import retable
from retable.spaced_blanks import coded_width, cut_space_coded, space_coded
from retable.types import Line


def _lines(*texts: str) -> list[tuple[Line, int, int]]:
    return [(Line(t, i, list(range(len(t)))), 0, len(t)) for i, t in enumerate(texts)]


def _cells(text: str) -> list[str]:
    leading, bounds = cut_space_coded(text)
    return ["" for _ in leading] + [text[a:b].strip() for a, b in bounds]


def test_spaces_between_values_are_empty_cells():
    assert _cells("一、本年新收政府信息公开申请数量 821 35     2 1 859") == [
        "一、本年新收政府信息公开申请数量 821 35",
        "",
        "",
        "2 1 859",
    ]


def test_spaces_before_a_line_and_after_it_are_empty_cells():
    assert _cells("          26") == ["", "", "", "", "", "26"]
    assert _cells("258 12     1 1  ") == ["258 12", "", "", "1 1", ""]
    assert _cells("规章") == ["规章"]


def test_an_odd_space_left_over_is_padding_not_a_cell():
    # a value padded with an ideographic space (normalised to a plain one): "1　" + separator
    assert _cells("规章 1    28") == ["规章 1", "", "28"]
    assert _cells("   5") == ["", "5"]


WEBDRIVER_TEXT = (
    "信息内容 本年制发件数 本年废止件数 现行有效件数",
    "规章 3     74",
    "行政规范性文件 564 984 4185",
    "一、本年新收政府信息公开申请数量",
    "26",
    "          26",
    "（一）予以公开 5   1 6",
)


def test_webdriver_text_is_space_coded():
    assert space_coded(_lines(*WEBDRIVER_TEXT))


def test_other_texts_are_not():
    # tags stripped from pretty-printed HTML: every line indented by two spaces a level
    indented = [f"    {t}" for t in ("规章", "3", "0", "74", "行政规范性文件", "564", "0", "4185")]
    assert not space_coded(_lines(*indented))
    # markdown: two spaces end every line (a hard line break)
    assert not space_coded(_lines(*(f"{t}  " for t in ("规章 3 0 74", "文件 5 0 41", "许可 6"))))
    # columns aligned with spaces (pdftotext -layout): runs between words too
    aligned = ("结   结   其   尚   总", "果   果   他   未   计", "0   0   0   1   1")
    assert not space_coded(_lines(*aligned))
    # pipes or tabs separate the cells of another converter's text
    assert not space_coded(_lines("规章 |  3   | 74", "文件 |  5   | 41", "许可 |  6   |"))
    assert not space_coded(_lines("规章\t3     74", "文件\t5     41", "许可\t6     7"))
    # too few runs to tell
    assert not space_coded(_lines("规章 3     74", "文件 5 0 41"))


def _webdriver_row(cells: list[str]) -> str:
    """A row as WebDriver writes it: cells one space apart, an empty cell's
    no-break space turned into a plain one."""
    return " ".join(c or "\u00a0" for c in cells).replace("\u00a0", " ")


values = st.integers(min_value=0, max_value=99999).map(str)
row_cells = st.lists(st.one_of(values, st.just("")), min_size=1, max_size=15)


@given(st.text(alphabet="规章文件许可", min_size=1, max_size=8), row_cells)
def test_a_rendered_row_cuts_back_into_its_cells(label, cells):
    text = _webdriver_row([label, *cells])
    got = [piece for chunk in _cells(text) for piece in (chunk.split(" ") if chunk else [""])]
    assert got == [label, *cells]


def test_a_report_read_by_webdriver_recovers_every_value():
    page = "\n".join(
        [
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            "信息内容 本年制发件数 本年废止件数 现行有效件数",
            _webdriver_row(["规章", "3", "", "74"]),
            _webdriver_row(["行政规范性文件", "", "1", "12"]),
            "三、收到和处理政府信息公开申请情况",
            "申请人情况",
            "自然人 法人或其他组织 总计",
            "商业企业 科研机构 社会公益组织 法律服务机构 其他",
            _webdriver_row(["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "", "26"]),
            _webdriver_row(["二、上年结转政府信息公开申请数量", "2", "1", "", "", "", "", "3"]),
            "五、存在的主要问题及改进情况",
        ]
    )
    report = retable.parse(page)
    active = report.values("active_disclosure")
    assert active["regulations"] == {"issued": 3, "repealed": None, "in_force": 74}
    assert active["normative_documents"] == {"issued": None, "repealed": 1, "in_force": 12}
    requests = report.values("requests")
    assert requests["new_received"]["natural_person"] == 26
    assert requests["new_received"]["total"] == 26
    assert requests["new_received"]["commercial_enterprise"] is None
    assert requests["carried_over"]["commercial_enterprise"] == 1
    assert requests["carried_over"]["total"] == 3


def test_coded_width_counts_words_and_the_empty_cells_of_runs():
    assert coded_width("一、本年新收政府信息公开申请数量 821 35     2 1 859") == 8
    assert coded_width("（七）总计   0   0   0   0   0   0   0") == 15


def test_runs_that_would_make_rows_wider_than_the_table_are_padding():
    """pdftotext -layout of an all-zero table: ``0   0   0`` fits two spaces per empty
    cell, but read so every row would have fifteen cells for a label and seven columns."""
    path = DOCUMENTS / "converted" / "synth-707-0002.pdftotext-layout-wide.txt"
    report = retable.parse(path)
    assert report.layout != "spaces"
    assert report.values("requests")["total_processed"]["total"] == 0

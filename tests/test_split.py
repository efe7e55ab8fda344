"""Cutting fused runs into label and value pieces."""

from __future__ import annotations

import re

from retable.inputs.document import build_document
from retable.lexical import is_placeholder, parse_number, printed_blank, shape
from retable.split import split_cells, split_fused
from retable.types import Region


def pieces(text):
    return [p for p, _, _ in split_fused(text)]


def test_item_number_goes_back_to_its_label():
    assert pieces("1.属于国家秘密00000002.其他法律行政法规禁止公开") == [
        "1.属于国家秘密",
        "0000000",
        "2.其他法律行政法规禁止公开",
    ]


def test_dates_and_notes_stay_text():
    assert pieces("本年收费金额（单位：万元，保留4位小数）") == [
        "本年收费金额（单位：万元，保留4位小数）"
    ]
    assert pieces("2022年工作") == ["2022年工作"]


def test_numbering_starts_a_new_label():
    assert pieces("三、本年度办理结果（一）予以公开710000071") == [
        "三、本年度办理结果",
        "（一）予以公开",
        "710000071",
    ]


def test_units_and_signs():
    assert pieces("政府集中采购13575394432.52元") == ["政府集中采购", "13575394432.52元"]
    assert parse_number("251000元") == 251000
    assert parse_number("-15") == -15
    assert parse_number("4068.208") == 4068.208


def test_missing_value_markers_of_scraping_tools_are_printed_blanks():
    for marker in ("NaN", "nan", "<NA>", "None", "NULL", "—", "/"):
        assert is_placeholder(marker), marker
    assert not is_placeholder("0")
    assert printed_blank("—") and printed_blank("无")
    assert not printed_blank("NaN") and not printed_blank("")


def test_a_markdown_escaped_sign_is_still_a_sign():
    # turndown and html2text escape a line's leading "-" so it is not a list item
    assert parse_number("\\-2") == -2
    assert shape("\\-") == "blank"
    assert shape("\\") == "blank"


def test_shapes():
    assert shape("— 4 —") == "noise"
    assert shape("—") == "blank"
    assert shape("1,234") == "number"
    assert shape("自然人") == "text"


def _cells(text: str):
    doc = build_document("x.txt", text, "utf-8")
    end = (len(doc.lines) - 1, len(doc.lines[-1].text))
    return split_cells(doc, Region("active_disclosure", (0, 0), end))


def test_a_lone_tab_is_an_empty_cell_in_tab_prefixed_text():
    # Word's one-cell-per-line export prints an empty cell as its tab alone
    cells = _cells("\t规章\n\t\n\t0\n\t47\n\n\t规范性文件\n\t0\n\t\n\t10\n")
    assert [(c.text, c.kind) for c in cells] == [
        ("规章", "text"),
        ("", "blank"),
        ("0", "number"),
        ("47", "number"),
        ("规范性文件", "text"),
        ("0", "number"),
        ("", "blank"),
        ("10", "number"),
    ]
    assert cells[4].gap_before == 1


def test_a_lone_tab_is_a_blank_line_elsewhere():
    cells = _cells("规章\t0\t\t47\n\t\n规范性文件\t0\t\t10\n")
    assert [c.row for c in cells if c.text == "规范性文件"] == [1]
    assert cells[-4].gap_before == 1


def test_a_no_break_space_line_is_an_empty_cell_in_one_cell_per_line_text():
    # BeautifulSoup's get_text("\n") of a table whose empty cells hold &nbsp;
    cells = _cells("规章\n\xa0\n0\n47\n规范性文件\n0\n\u3000\n10\n")
    assert [c.text for c in cells] == ["规章", "", "0", "47", "规范性文件", "0", "", "10"]
    assert [c.kind for c in cells][1] == "blank"
    # the same spaces as characters or as references the text kept, however written
    for space in ("\u2002", "&ensp;", "&#x3000;", "&#12288;", "&amp;nbsp;", "&#xA0;"):
        cells = _cells(f"规章\n{space}\n0\n47\n规范性文件\n0\n\u3000\n10\n")
        assert [c.text for c in cells][:3] == ["规章", "", "0"], space


def test_a_line_of_ordinary_spaces_is_still_a_blank_line():
    cells = _cells("规章\n   \n0\n47\n\n规范性文件\n0\n")
    assert [c.text for c in cells] == ["规章", "0", "47", "规范性文件", "0"]
    assert cells[1].gap_before == 1


def test_a_space_or_tab_line_is_an_empty_cell_in_pdf_text_without_blank_lines():
    # PyMuPDF prints the space glyph of an empty cell as " ", pypdf as a tab
    for blank in (" ", "\t"):
        text = f"规章\n13\n{blank}\n524\n规范性文件\n60\n{blank}\n{blank}\n行政许可\n0"
        cells = _cells(text)
        expected = ["规章", "13", "", "524", "规范性文件", "60", "", "", "行政许可", "0"]
        assert [c.text for c in cells] == expected
        assert {c.kind for c in cells if not c.text} == {"blank"}
        assert {c.layout for c in cells} == {"line"}


def test_space_lines_are_separators_where_text_lines_are_padded_with_them():
    # BeautifulSoup's get_text(" "): every text node keeps the separator
    text = " 规章 \n \n 13 \n \n 524 \n \n 规范性文件 \n \n 60 \n \n 368 "
    assert "" not in [c.text for c in _cells(text)]


def test_each_further_blank_line_is_an_empty_cell_when_one_separates_cells():
    # lynx -dump of a table: a blank line after every cell, one more per empty cell
    cells = _cells("规章\n\n13\n\n\n\n524\n\n规范性文件\n\n60\n\n60\n\n368\n\n行政许可\n\n0\n")
    assert [c.text for c in cells][:6] == ["规章", "13", "", "", "524", "规范性文件"]
    assert [c.kind for c in cells][2:4] == ["blank", "blank"]


def test_two_blank_lines_per_empty_cell_where_every_run_of_them_is_even():
    # html-to-text (npm): a blank line after each cell, two more for an empty one
    text = "规章\n\n13\n\n\n\n524\n\n规范性文件\n\n60\n\n\n\n\n\n368\n\n行政许可\n\n\n\n0\n"
    assert [c.text for c in _cells(text)] == [
        "规章",
        "13",
        "",
        "524",
        "规范性文件",
        "60",
        "",
        "",
        "368",
        "行政许可",
        "",
        "0",
    ]


def test_even_runs_make_empty_cells_of_two_lines_only_where_there_are_enough_of_them():
    # docx2txt: one blank line after each cell, two more per empty cell; the header
    # words follow each other, so this is not lynx's spaced text
    header = "信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n\n"
    values = [("规章", "13", "5", "524"), ("规范性文件", "6", "0", "36")]
    values += [("行政许可", "1", "2", "3"), ("行政处罚", "7", "8", "9")]

    def text(empty_in: int) -> str:
        gaps = ["\n\n\n\n" if i < empty_in else "\n\n" for i in range(len(values))]
        rows = [
            f"{label}\n\n{a}{gap}{b}\n\n{c}\n"
            for gap, (label, a, b, c) in zip(gaps, values, strict=True)
        ]
        return header + "\n".join(rows)

    def expected(empty_in: int) -> list[str]:
        cells = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
        for i, (label, a, b, c) in enumerate(values):
            cells += [label, a, *([""] if i < empty_in else []), b, c]
        return cells

    assert [c.text for c in _cells(text(3))] == expected(3)
    # one or two such runs may be anything else: no empty cell is made up
    assert [c.text for c in _cells(text(2))] == expected(0)
    assert [c.text for c in _cells(text(1))] == expected(0)


def test_blank_lines_around_a_page_footer_are_not_empty_cells():
    cells = _cells("规章\n\n13\n\n\n— 4 —\n\n\n13\n\n524\n\n规范性文件\n\n60\n\n60\n\n368\n")
    assert "" not in [c.text for c in cells]


def test_blank_lines_after_a_line_out_of_the_pattern_are_not_empty_cells():
    # a page number "4" printed straight after a value, with no blank line between
    text = "规章\n\n13\n4\n\n\n13\n\n524\n\n规范性文件\n\n60\n\n60\n\n368\n\n行政许可\n\n0\n"
    assert "" not in [c.text for c in _cells(text)]


def test_blank_lines_are_not_cells_where_two_separate_cells():
    # get_text() of some pages: two blank lines after every cell, more at row ends
    text = "规章\n\n\n13\n\n\n\n\n13\n\n\n524\n\n\n规范性文件\n\n\n60\n\n\n60\n\n\n368\n"
    assert "" not in [c.text for c in _cells(text)]


def _tags_stripped(rows, empty_paragraph=" "):
    """A table as pretty-printed HTML, tags then stripped by a regular expression: each
    cell's text on a line between the lines of its tags. ``empty_paragraph`` None
    leaves an empty cell without a paragraph."""
    lines = ["<table>"]
    for row in rows:
        lines.append("  <tr>")
        for cell in row:
            if cell or empty_paragraph is not None:
                lines += ["    <td>", f"    <p>{cell or empty_paragraph}</p>", "    </td>"]
            else:
                lines += ["    <td>", "    </td>"]
        lines.append("  </tr>")
    return re.sub(r"<[^>]+>", "", "\n".join([*lines, "</table>"]))


def test_longer_runs_of_tag_lines_between_values_hold_empty_cells():
    # Word's HTML (<td>, <p>, </td> lines) through re.sub or get_text(): six lines
    # between two values are two empty cells of three lines, not three of two, since
    # the lines repeat every three (the empty paragraph's line is one space longer)
    rows = [["规章", "13", "", "", "524"], ["规范性文件", "60", "", "", "368"]]
    rows.append(["行政许可", "0", "", "", "1"])
    assert [c.text for c in _cells(_tags_stripped(rows))] == [text for row in rows for text in row]


def test_rows_as_long_as_the_full_ones_decide_the_lines_of_an_empty_cell():
    # prettified HTML, an empty cell as the lines of its two tags only: a run of six
    # more lines is three empty cells (2 lines each), which makes the rows as long as
    # those printed in full; with no full row to tell, no empty cell is made up
    rows = [["规章", "1", "", "", "", "5"], ["规范性文件", "2", "", "", "", "6"]]
    rows += [["行政许可", "3", "", "", "", "7"], ["行政处罚", "4", "4", "4", "4", "4"]]
    cells = _cells(_tags_stripped(rows, empty_paragraph=None))
    assert [c.text for c in cells] == [text for row in rows for text in row]
    cells = _cells(_tags_stripped(rows[:3], empty_paragraph=None))
    assert "" not in [c.text for c in cells]
    assert [c.text for c in cells] == [text for row in rows[:3] for text in row if text]


def test_the_usual_run_is_the_one_before_values_not_between_header_words():
    # prettified Word HTML: a value sits in more nested tags than a header word, so
    # more tag lines stand before each value than between two header words
    header = "\n\n\n".join(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    gap = "\n" * 7
    rows = [gap.join(row) for row in (["规章", "13", "5", "524"], ["规范性文件", "6", "0", "36"])]
    rows.append(gap.join(["行政许可", "1", "2", "3"]))
    cells = _cells(header + gap + gap.join(rows) + "\n")
    assert "" not in [c.text for c in cells]


def test_a_run_of_slashes_between_fused_values_is_one_blank_each():
    cells = _cells("一、本年新收政府信息公开申请数量 11 /// 2 / 13\n")
    assert [c.text for c in cells] == [
        "一、本年新收政府信息公开申请数量",
        "11",
        "/",
        "/",
        "/",
        "2",
        "/",
        "13",
    ]
    assert [c.span.start for c in cells[2:5]] == [20, 21, 22]


def test_a_run_of_slashes_inside_cell_borders_stays_one_cell():
    cells = _cells("| 规章 | 5 | /// | 7 |\n")
    assert [c.text for c in cells] == ["规章", "5", "///", "7"]


BOXED = """┌──────────┬────┬────┐
│一、本年新│ 26 │ 29 │
│收申请数量│    │    │
├──────────┼────┼────┤
│二、上年结│  0 │  0 │
│转申请数量│  1 │  1 │
└──────────┴────┴────┘
"""


def test_a_wrapped_cell_of_a_box_drawn_table_continues_its_row():
    # w3m draws each table row between border lines; a long label wraps onto the
    # next line, leaving the value cells of that line empty
    cells = _cells(BOXED)
    first = [(c.text, c.row) for c in cells if c.row == 0]
    assert first == [("一、本年新收申请数量", 0), ("26", 0), ("29", 0)]
    assert cells[1].span.line == 2 and cells[0].raw == "一、本年新\n收申请数量"


def test_two_lines_that_both_print_values_stay_two_rows():
    cells = _cells(BOXED)
    assert [c.text for c in cells if c.row == 1] == ["二、上年结", "0", "0"]
    assert [c.text for c in cells if c.row == 2] == ["转申请数量", "1", "1"]


# links -dump: hyphen rules between rows, and each cell padded to a number of
# characters whatever their display width, so a wrapped label's line has its borders
# at the same characters as the line above, not at the same display columns.
LINKS = """+------------------------------------+
|一、本年新收政府信息公开 | 26 | 29 |
|申请数量         |    |    |
|-------------+----+----|
|二、上年结转申请数量   |  0 |  0 |
+------------------------------------+
"""


def test_a_wrapped_cell_of_a_hyphen_ruled_table_continues_its_row():
    cells = _cells(LINKS)
    assert [c.text for c in cells if c.row == cells[0].row] == [
        "一、本年新收政府信息公开申请数量",
        "26",
        "29",
    ]
    assert [c.text for c in cells if c.text and c.row != cells[0].row] == [
        "二、上年结转申请数量",
        "0",
        "0",
    ]


# pandoc's grid tables (rst, and markdown from pandoc 3): +---+ rules frame each row
# however many lines its cells wrap over, in columns narrow enough that ``1.`` and
# ``（`` stand alone on a row's first line.
GRID = """+------+------+------+------+
| 三   | （   |      | 159  |
| 、本 | 一） |      |      |
| 年度 | 予以 |      |      |
| 办理 | 公开 |      |      |
| 结果 |      |      |      |
+------+------+------+------+
|      | （   | 1.   | 0    |
|      | 三） | 属于 |      |
|      | 不予 | 国家 |      |
|      | 公开 | 秘密 |      |
+------+------+------+------+
|      |      | 2.   | 12   |
|      |      | 其他 |  3   |
+------+------+------+------+
"""


def test_a_row_of_a_grid_table_is_every_line_between_two_rules():
    cells = _cells(GRID)
    rows = [[c.text for c in cells if c.row == r] for r in sorted({c.row for c in cells})]
    assert rows[0] == ["三、本年度办理结果", "一予以公开", "", "159"]
    assert rows[1] == ["", "三不予公开", "1.属于国家秘密", "0"]
    # A value under a value is not a wrapped cell: that line stays a row of its own.
    assert rows[2][-1] == "12" and rows[3] == ["", "", "其他", "3"]


def test_an_item_number_alone_above_its_wrapped_label_joins_it():
    # pandoc's reStructuredText in columns two characters wide: ``1`` / ``.属于`` /
    # ``国家`` / ``秘密``, a number above a label going on with its full stop
    grid = GRID.replace("| 1.   | 0    |", "| 1    | 0    |").replace("| 属于 |", "| .属于|")
    cells = _cells(grid)
    rows = [[c.text for c in cells if c.row == r] for r in sorted({c.row for c in cells})]
    assert rows[1] == ["", "三不予公开", "1.属于国家秘密", "0"]


# elinks -dump at its default 80 columns: box-drawn rows wrapped over several lines
# beside a merged cell, so fewer than a third of the lines are rules.
ELINKS = """┌──────┬──────┬─────┬─────┐
│      │ （一 │     │     │
│ 三、 │ ）予 │  0  │ 53  │
│ 本年 │ 以公 │     │     │
│ 度办 │ 开   │     │     │
│ 理结 ├──────┼─────┼─────┤
│ 果   │ （二 │     │     │
│      │ ）部 │  25 │ 53  │
│      │ 分公 │     │     │
│      │ 开   │     │     │
│      ├──────┼─────┼─────┤
│      │ （三 │     │     │
│      │ ）不 │  0  │ 0   │
│      │ 予公 │     │     │
│      │ 开   │     │     │
└──────┴──────┴─────┴─────┘
"""


def test_rules_drawn_in_box_characters_frame_rows_however_wrapped():
    cells = _cells(ELINKS)
    rows = [[c.text for c in cells if c.row == r] for r in sorted({c.row for c in cells})]
    # The rule beside the merged cell's text ends the rows of the other columns.
    assert rows == [
        ["三、本年度办理结", "一予以公开", "0", "53"],
        ["果", "二部分公开", "25", "53"],
        ["", "三不予公开", "0", "0"],
    ]


def test_wrapped_cells_fold_by_the_columns_of_the_text_as_written():
    # pandoc's markdown: markup that normalisation takes out ([…]{style} spans, the
    # backslash of a hard line break) moves the borders of one line and not the other
    text = (
        "+-------------------+-------------------------+\n"
        '| [二、上年结转\\    | [0]{style="x"}          |\n'
        "| 申请数量]{.a}     |                         |\n"
        "+-------------------+-------------------------+\n"
        "| [规章]{.a}        | [3]{.a}                 |\n"
        "+-------------------+-------------------------+\n"
    )
    cells = _cells(text)
    rows = [[c.text for c in cells if c.row == r] for r in sorted({c.row for c in cells})]
    assert rows == [["二、上年结转申请数量", "0"], ["规章", "3"]]


def test_hyphen_rules_do_not_make_a_markdown_table_box_drawn():
    text = "| 规章 | 13 |\n|---|---|\n| 规范性文件 | 60 |\n| 行政许可 | 0 |\n| 行政处罚 | 4 |\n"
    rows = [[c.text for c in _cells(text) if c.row == r] for r in (0, 1, 2)]
    assert rows == [["规章", "13"], ["规范性文件", "60"], ["行政许可", "0"]]


# LibreOffice's text export: a paragraph per line with no blank line between, a
# table cell per line, and an empty cell as an empty line.
PACKED_PROSE = "".join(
    f"（{i}）本机关坚持以公开为常态、不公开为例外，全面推进政务公开工作。\n" for i in range(6)
)


def test_a_blank_line_is_an_empty_cell_where_paragraphs_have_none_between():
    cells = _cells(PACKED_PROSE + "规章\n13\n\n524\n规范性文件\n60\n\n\n行政许可\n0\n")
    table = [c.text for c in cells][6:]
    assert table == ["规章", "13", "", "524", "规范性文件", "60", "", "", "行政许可", "0"]


def test_blank_lines_separate_where_no_cell_follows_the_one_before():
    # BeautifulSoup's get_text("\n") of a page pasted from Word: paragraphs packed,
    # but every cell between runs of blank lines (the whitespace around its <p>)
    cells = "\n\n\n\n".join(["规章", "13", "2", "524", "规范性文件", "60", "0", "12"] * 4)
    assert "" not in [c.text for c in _cells(PACKED_PROSE + cells + "\n")]


def test_blank_lines_separate_where_paragraphs_are_separated_by_them():
    prose = PACKED_PROSE.replace("\n", "\n\n")
    cells = _cells(prose + "规章\n13\n\n524\n规范性文件\n60\n\n\n行政许可\n0\n")
    assert "" not in [c.text for c in cells]


def test_a_blank_line_next_to_a_delimited_row_is_not_an_empty_cell():
    text = PACKED_PROSE + "规章\n13\n\n524\n| 规范性文件 | 60 | 368 |\n\n行政许可\n0\n"
    table = [c.text for c in _cells(text)][6:]
    assert table == ["规章", "13", "", "524", "规范性文件", "60", "368", "行政许可", "0"]


def test_blank_lines_around_a_lone_page_number_are_not_empty_cells():
    text = PACKED_PROSE + "规章\n13\n524\n\n7\n\n规范性文件\n60\n\n\n行政许可\n0\n"
    table = [c.text for c in _cells(text)][6:]
    assert table == ["规章", "13", "524", "7", "规范性文件", "60", "", "", "行政许可", "0"]


CSV = """二、主动公开政府信息情况
0,1,2,3
信息内容,本年新制作数量,本年新公开数量,对外公开总数量
规章,13,"1,234",524
规范性文件,60,,368
"""


# pandoc -t asciidoc: a bar begins each cell, so one ending a line begins an empty
# cell; a table with any cell of several lines has blank lines between its rows,
# and its lines wrap (a row's last cells, the rest of a cell after " +").
ASCIIDOC = """|===
|自然人 |法人 |总计

|一、本年新收申请数量 |26 |  |
|29

|二、上年结转申请数量 |0 |0 +
|0
|===
"""


def test_an_asciidoc_row_goes_on_until_the_blank_line_and_a_last_bar_opens_a_cell():
    assert _rows(ASCIIDOC) == [
        ["自然人", "法人", "总计"],
        ["一、本年新收申请数量", "26", "", "", "29"],
        ["二、上年结转申请数量", "0", "0", "0"],
    ]


def test_an_asciidoc_cell_goes_on_on_the_next_line_after_a_hard_break():
    text = "|===\n|法律服 +\n务机构 |其他\n\n|1 |2\n|===\n"
    assert _rows(text) == [["法律服务机构", "其他"], ["1", "2"]]


def test_without_blank_lines_every_asciidoc_line_is_a_row():
    text = "|===\n|规章 |0 |1\n|规范性文件 |2 |3\n|===\n"
    assert _rows(text) == [["规章", "0", "1"], ["规范性文件", "2", "3"]]


def test_a_cell_that_ends_in_a_hard_break_goes_on_in_the_next_table_line():
    # pandoc -t org writes a cell's line break as "\\" and its rest on the next line
    text = (
        "| 一、本年新收申请数量 | 26 | 29 |\n"
        "| 二、上年结转政府\\\\   | 0  | 1  |\n"
        "| 信息公开申请数量     |    |    |\n"
        "| 三、本年度办理结果   | 4  | 5  |\n"
    )
    assert _rows(text) == [
        ["一、本年新收申请数量", "26", "29"],
        ["二、上年结转政府信息公开申请数量", "0", "1"],
        ["三、本年度办理结果", "4", "5"],
    ]
    assert _rows(text.replace("\\\\", "  ")) == [
        ["一、本年新收申请数量", "26", "29"],
        ["二、上年结转政府", "0", "1"],
        ["信息公开申请数量", "", ""],
        ["三、本年度办理结果", "4", "5"],
    ]


def test_comma_separated_rows_are_cut_at_commas_outside_quotes():
    rows = {}
    for c in _cells(CSV):
        rows.setdefault(c.row, []).append(c.text)
    assert list(rows.values())[-2:] == [
        ["规章", "13", "1,234", "524"],
        ["规范性文件", "60", "", "368"],
    ]
    assert {c.layout for c in _cells(CSV) if c.text == "13"} == {"csv"}


def test_a_row_of_column_numbers_is_not_values():
    # pandas writes 0, 1, 2 … as the header of a table read without one
    assert "2" not in [c.text for c in _cells(CSV)]
    assert [c.text for c in _cells("| 1 | 2 | 3 | 4 |\n| 规章 | 1 | 2 | 3 |\n")] == [
        "规章",
        "1",
        "2",
        "3",
    ]


def _rows(text):
    rows = {}
    for c in _cells(text):
        rows.setdefault(c.row, []).append(c.text)
    return list(rows.values())


def test_rows_written_as_json_or_python_lists():
    # pdfplumber's extract_tables: "" is an empty cell, null/None the columns a
    # merged cell spans past its first; a wrapped cell keeps its escaped line break
    for null in ("null", "None"):
        text = (
            f'["信息内容", "本年新\\n制作数量", "本年新\\n公开数量", "对外公开总\\n数量"]\n'
            f'["规章", "13", "", "524"]\n'
            f'["行政许可", "0", {null}, {null}]\n'
        )
        assert _rows(text) == [
            ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", "13", "", "524"],
            ["行政许可", "0"],
        ]


def test_without_empty_strings_a_null_is_the_empty_cell():
    # pandas' to_json writes an empty cell as null and never ""
    assert _rows('["规章", "13", null, "524"]\n["规范性文件", "60", "0", "368"]\n')[0] == [
        "规章",
        "13",
        "null",
        "524",
    ]


def test_escaped_characters_of_a_json_row_are_read():
    text = '["\\u89c4\\u7ae0", "13", "0", "524"]\n["\\u884c\\u653f\\u8bb8\\u53ef", "0", "0", "0"]\n'
    assert [row[0] for row in _rows(text)] == ["规章", "行政许可"]


def test_a_quoted_csv_field_may_hold_line_breaks():
    # csv.writer quotes a cell with a line break in it and writes the break as it is
    text = (
        '信息内容,"本年新\n制作数量",本年新公开数量,对外公开总数量\n'
        '"（二）部分公开（区分处理的，只\n计这一情形，不计其他情形）",,3,,,,,,3\n'
        "规范性文件,60,,368\n"
    )
    rows = _rows(text)
    assert rows[0] == ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert rows[1] == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "", "3"] + [
        ""
    ] * 5 + ["3"]
    assert rows[2] == ["规范性文件", "60", "", "368"]


def test_the_row_numbers_a_data_frame_writes_first_are_not_cells():
    # DataFrame.to_csv() and to_string() write the index first: ",0,1,2,3" then "0,…"
    text = (
        ",0,1,2,3\n0,信息内容,本年新制作数量,本年新公开数量,对外公开总数量\n"
        "1,规章,13,13,524\n2,规范性文件,60,,368\n"
    )
    assert _rows(text) == [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "13", "13", "524"],
        ["规范性文件", "60", "", "368"],
    ]
    aligned = "0  规章    13  13  524\n1  规范性文件  60  60  368\n2  行政许可  0  0  0\n"
    assert [row[0] for row in _rows(aligned)] == ["规章", "规范性文件", "行政许可"]
    two = "3,规章,13,13,524\n4,规范性文件,60,,368\n"  # too few rows to tell from values
    assert _rows(two)[0][0] == "3"


def test_a_line_with_a_comma_in_prose_is_not_a_csv_row():
    text = "规章\n13\n524\n注：含1,234件历史文件\n规范性文件\n60\n368\n行政许可\n0\n"
    assert {c.layout for c in _cells(text)} == {"line"}


def test_a_tab_between_aligned_columns_is_an_empty_cell():
    # pypdf's layout mode prints an empty cell as a tab among the aligned columns
    line = "一、本年新收政府信息公开申请       821  35   \t    \t     2   1   859"
    cells = _cells(
        line + "\n二、上年结转政府信息公开申请        18  \t    \t    \t     \t   \t   18\n"
    )
    assert [c.text for c in cells][:8] == [
        "一、本年新收政府信息公开申请",
        "821",
        "35",
        "",
        "",
        "2",
        "1",
        "859",
    ]
    assert [c.text for c in cells][9:] == ["18", "", "", "", "", "", "18"]


def test_two_tabs_are_one_separator_where_every_run_of_tabs_is_even():
    # resiliparse writes two tabs between cells, an empty cell as a space between them
    text = (
        "信息内容\t\t本年制发件数\t\t本年废止件数\n"
        "一、本年新收政府信息公开申请数量\t\t57\t\t6\t\t \t\t \t\t88\n"
        "二、上年结转政府信息公开申请数量\t\t3\t\t0\t\t \t\t \t\t4\n"
    )
    rows = [[c.text for c in _cells(text) if c.row == r] for r in range(3)]
    assert rows[1] == ["一、本年新收政府信息公开申请数量", "57", "6", "", "", "88"]
    assert rows[2] == ["二、上年结转政府信息公开申请数量", "3", "0", "", "", "4"]
    # One single tab among them and each tab separates: two tabs hold an empty cell.
    rows = [[c.text for c in _cells(text + "规章\t0\t\t2\n") if c.row == r] for r in range(4)]
    assert rows[1][:4] == ["一、本年新收政府信息公开申请数量", "", "57", ""]
    assert rows[3] == ["规章", "0", "", "2"]


def test_tabs_with_a_space_beside_them_still_separate_cells():
    cells = _cells("规章 \t 13 \t 524\n规范性文件\t60\t\t368\n")
    assert [c.text for c in cells] == ["规章", "13", "524", "规范性文件", "60", "", "368"]


def _tab_lines(cells: list[str]) -> str:
    """Cells one per line, a tab line between cells, empty ones as nothing."""
    return "\n\n\t\n\n".join(cells).replace("\n\n\n\n", "\n\n") + "\n"


def test_two_tab_lines_with_no_cell_between_enclose_an_empty_cell():
    # Chromium's innerText of cells holding paragraphs: a tab line between cells
    cells = ["规章", "13", "", "524", "规范性文件", "60", "", "", "368", "行政许可", "0", "5", "2"]
    assert [c.text for c in _cells(_tab_lines(cells))] == cells


def test_no_break_spaces_between_separator_tabs_are_empty_cells():
    text = _tab_lines(["复议", "5", "\xa0\t\xa0", "2", "7", "8", "\xa0", "1", "9", "0", "0"])
    expected = ["复议", "5", "", "", "2", "7", "8", "", "1", "9", "0", "0"]
    assert [c.text for c in _cells(text)] == expected


def test_a_leading_row_number_needs_a_separator_after_it():
    from retable.layouts.frames import leading_number as _leading_number

    assert [_leading_number(t) for t in ("3,规章", "| 12 | 规章 |", "7  规章", "  0\t规章")] == [
        3,
        12,
        7,
        0,
    ]
    for text in ("1.属于国家秘密", "2023年", "12345,规章", "规章,3", " " * 5000):
        assert _leading_number(text) is None


def test_a_row_label_is_cut_off_a_fused_header_run_between_aligned_columns():
    # the npm package html-to-text of a page with no whitespace between tags: a
    # section's header words and its first row label in one run, among spaced values
    from retable.match import plain_row_labels
    from retable.split import separate_labels

    labels = list(plain_row_labels("active_disclosure", "2019"))
    text = "其他对外管理服务事项2586  （六）项信息内容上一年项目数量处理决定数量行政处罚  4  -418"
    cells = separate_labels(_cells(text), labels)
    assert [c.text for c in cells if c.kind == "text"][-2:] == [
        "（六）项信息内容上一年项目数量处理决定数量",
        "行政处罚",
    ]
    # a short piece before a label is part of the cell: 3.其他, 行政规范性文件
    cells = separate_labels(_cells("3.其他    1    2\n行政规范性文件    0    13\n"), labels)
    assert [c.text for c in cells if c.kind == "text"] == ["3.其他", "行政规范性文件"]

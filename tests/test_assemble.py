"""Assembly of whole tables: what the rows together say about the reading order."""

from __future__ import annotations

from pathlib import Path

import retable

ZEROS = ["0"] * 5
HEADER = ["三、收到和处理政府信息公开申请情况", "申请人情况"]
HEADER += ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _row(natural: int) -> list[str]:
    return [str(natural), *ZEROS, str(natural)]


def test_values_of_several_rows_in_one_run_are_not_given_to_one_row():
    """PDF text in block order: three labels, then the three rows' values in one run."""
    lines = [
        *HEADER,
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "（一）予以公开",
        *_row(20),
        *_row(2),
        *_row(18),
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        *_row(1),
        "（七）总计",
        *_row(19),
        "四、结转下年度继续办理",
        *_row(3),
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    report = retable.parse("\n".join(lines).encode())
    values = report.values("requests")
    assert set(values["granted"].values()) == {None}  # 20 0 … 20 is new_received's
    assert values["partially_granted"]["total"] == 1  # a row of its own, confirmed
    assert values["carried_forward"]["total"] == 3
    (warning,) = [w for w in report.warnings if w.code == "reading_order"]
    assert warning.table == "requests"
    assert warning.detail["overflowing_rows"] == ["granted"]


def test_the_end_of_table_three_printed_after_heading_four_is_not_table_four():
    """Block order can put the last rows of 三 (（七）总计 …, 四、结转下年度继续办理 …)
    after heading 四, behind a row label of 三: their values are not table 四's."""
    review_header = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = [
        *HEADER,
        "一、本年新收政府信息公开申请数量",
        *_row(20),
        "四、政府信息公开行政复议、行政诉讼情况",
        "5.要求行政机关确认或重新出具已获取信息",
        "（七）总计",
        *_row(19),
        "四、结转下年度继续办理",
        *_row(3),
        *review_header,
        *["1", "0", "0", "0", "1"],
        *["0"] * 10,
        "五、存在的主要问题及改进情况",
    ]
    report = retable.parse("\n".join(lines).encode())
    cases = report.values("review_litigation")["cases"]
    assert (cases["review_upheld"], cases["review_total"], cases["direct_suit_total"]) == (1, 1, 0)
    said = [w.message for w in report.warnings if w.code == "unplaced_values"]
    assert any("19 0 0 0 0 0 19 3" in m for m in said)


ACTIVE_CSV = [
    "二、主动公开政府信息情况",
    "0,1,2,3",
    "第二十条第（一）项,第二十条第（一）项,第二十条第（一）项,第二十条第（一）项",
    "信息内容,本年新制作数量,本年新公开数量,对外公开总数量",
    "规章,,,88",
    "规范性文件,2,,40",
    "第二十条第（五）项,第二十条第（五）项,第二十条第（五）项,第二十条第（五）项",
    "信息内容,上一年项目数量,本年增/减,处理决定数量",
    "行政许可,7,0,7",
    "第二十条第（八）项,第二十条第（八）项,第二十条第（八）项,第二十条第（八）项",
    "信息内容,上一年项目数量,本年增/减,本年增/减",
    "行政事业性收费,,0,0",
    "第二十条第（九）项,第二十条第（九）项,第二十条第（九）项,第二十条第（九）项",
    "信息内容,采购项目数量,采购总金额,采购总金额",
    "政府集中采购,,2341.38,2341.38",
]


def test_a_grid_dump_repeats_spanning_cells_and_keeps_empty_ones():
    """pandas.read_html to CSV: a cell spanning two columns is written twice, an empty
    one as nothing, even at the row's edge; column numbers head the table."""
    report = retable.parse("\n".join(ACTIVE_CSV).encode())
    values = report.values("active_disclosure")
    assert values["regulations"] == {"new_made": None, "new_published": None, "total_published": 88}
    assert values["administrative_licensing"] == {"previous_count": 7, "change": 0, "decisions": 7}
    # "行政事业性收费,,0,0": the empty cell is the row's own, not padding of a span
    assert values["administrative_fees"] == {"previous_count": None, "change": 0}
    assert values["centralized_procurement"] == {
        "procurement_items": None,
        "procurement_amount": 2341.38,
    }
    repeated = {w.row for w in report.warnings if w.code == "repeated_values"}
    assert {"administrative_fees", "centralized_procurement"} <= repeated


def test_a_page_that_begins_inside_a_table_keeps_its_first_rows():
    """Text cut at a page break starts mid-table, with no heading: the table starts
    at the first of its words, not at the first one of a fixed list found."""
    lines = [
        "- 4 -",
        "信息内容 本年处理决定数量",
        "行政处罚 3985758",
        "行政强制 88283",
        "第二十条 第（八）项",
        "信息内容 本年收费金额（单位：万元）",
        "行政事业性收费 96171.6",
    ]
    values = retable.parse("\n".join(lines).encode()).values("active_disclosure")
    assert values["administrative_penalty"] == {"decisions": 3985758}
    assert values["administrative_coercion"] == {"decisions": 88283}
    assert values["administrative_fees"] == {"fee_amount": 96171.6}


def test_a_heading_on_a_line_of_its_own_needs_one_word_of_its_table_after_it():
    """PDF text of narrow columns breaks the table's words (本年新收政府信息 | 公开申请
    数量): a heading that is its own line still begins the table; the same words in a
    sentence do not."""
    from retable.inputs.document import build_document
    from retable.locate import locate_tables

    prose = "本报告包括收到和处理政府信息公开申请情况等内容，申请人情况见下表。"
    heading = "三、收到和处理政府信息公开申请情况"
    broken = ["申请人情况", "一、本年新收政府信息    26       26", "公开申请数量"]
    doc = build_document("x.txt", "\n".join([prose, heading, *broken]), "utf-8")
    assert locate_tables(doc)["requests"].start == (1, 0)
    doc = build_document("x.txt", "\n".join([prose, *broken]), "utf-8")
    assert "requests" not in locate_tables(doc)


def test_a_heading_line_may_hold_a_few_words_between_numbering_and_heading():
    """A text browser in narrow columns writes the review table's header one
    character per line (结 / 果 / 维 / 持): only 复议后起诉 is left whole after the
    heading, which is its line with 政府信息公开 after its numbering. Words before the
    heading without numbering are a sentence wrapped at the heading's end."""
    from retable.inputs.document import build_document
    from retable.locate import locate_tables

    header = ["│行政复议      │行政诉讼                     │", "│  │  │复议后起诉    │", "│结│结│"]
    for heading, found in (
        ("四、政府信息公开行政复议、行政诉讼情况", True),
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", True),
        ("报告包括政府信息公开行政复议、行政诉讼情况", False),
    ):
        doc = build_document("x.txt", "\n".join([heading, *header]), "utf-8")
        assert ("review_litigation" in locate_tables(doc)) is found, heading


def test_a_numbered_heading_on_its_own_line_begins_a_table_whose_words_all_wrap():
    """pandoc's reStructuredText of a wide table: columns two characters wide, so no
    word of the header is left whole (结果 / 维持). The heading, emphasised, on a line
    of its own after its section number still begins the table; without the number
    (a line of a table of contents, a caption) it does not."""
    from retable.inputs.document import build_document
    from retable.locate import locate_tables

    rule = "+" + "+".join(["----"] * 15) + "+"
    header = ["| 结果 | 结果 | 其他 | 尚未 | 总计 |", "| 维持 | 纠正 | 结果 | 审结 |      |"]
    values = ["| " + " | ".join(["0"] * 15) + " |"]
    for heading, found in (
        ("**四、政府信息公开行政复议、行政诉讼情况**", True),
        ("## 四、行政复议、行政诉讼情况", True),
        ("**行政复议、行政诉讼情况**", False),
    ):
        lines = [heading, "", rule, *header, rule, *values, rule]
        doc = build_document("x.md", "\n".join(lines), "utf-8")
        assert ("review_litigation" in locate_tables(doc)) is found, heading


def test_a_grid_tables_rules_do_not_push_its_words_away_from_the_heading():
    """A rule (+-----+) of a wide grid table is hundreds of characters: the table's
    words after it are still close to its heading."""
    from retable.inputs.document import build_document
    from retable.locate import locate_tables

    rule = "+" + "+".join(["-" * 60] * 9) + "+"
    lines = [
        "**三、收到和处理政府信息公开申请情况**",
        rule,
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |",
        rule,
        "| 一、本年新收政府信息公开申请数量 | 13 |",
        rule,
        "| 二、上年结转政府信息公开申请数量 | 3 |",
        rule,
    ]
    doc = build_document("x.md", "\n".join(lines), "utf-8")
    assert locate_tables(doc)["requests"].start == (0, 0)


def test_values_with_spaces_between_them_are_not_cut_to_fill_a_lost_cell():
    """PDF text draws no empty cell: ``行政规范性文件 0 13`` printed two of three values
    apart, and 13 is not 1 | 3 (the row has no arithmetic to say otherwise)."""
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 1 0 28",
        "行政规范性文件 0 13",
    ]
    report = retable.parse("\n".join(lines).encode(), name="x.txt")
    values = report.values("active_disclosure")
    assert values["regulations"] == {"issued": 1, "repealed": 0, "in_force": 28}
    assert set(values["normative_documents"].values()) == {None}
    assert ("value_unrecoverable", "normative_documents") in {
        (w.code, w.row) for w in report.warnings
    }


def _padded_by_characters(rows: list[list[str]], widths: list[int]) -> str:
    """Cells padded to a number of characters whatever their display width, as
    inscriptis lays out a table of inline cells."""
    return "\n".join("".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows)


def test_columns_padded_by_characters_place_values_by_character():
    """inscriptis: after a CJK label a column starts at the same character, not at the
    same display column; an empty cell is only spaces. Table 三 (its labels of every
    length) shows the document is padded by characters."""
    from retable.schema import load_schema

    active = [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "", "", "88"],
        ["行政规范性文件", "0", "", "0"],
    ]
    spec = load_schema().table("requests")
    header = ["", *(c.label for c in spec.columns)]
    requests = [header] + [
        [r.label, "1", "", "", "", "", "", "1"] for r in spec.rows if r.forms != ("2019",)
    ]
    text = "\n\n".join(
        [
            "二、主动公开政府信息情况",
            _padded_by_characters(active, [16, 15, 8, 8]),
            "三、收到和处理政府信息公开申请情况",
            _padded_by_characters(requests, [40, 6, 6, 6, 8, 8, 4, 4]),
        ]
    )
    report = retable.parse(text.encode(), name="x.txt")
    values = report.values("active_disclosure")
    assert values["regulations"] == {"issued": None, "repealed": None, "in_force": 88}
    assert values["normative_documents"] == {"issued": 0, "repealed": None, "in_force": 0}
    granted = report.values("requests")["granted"]
    assert (granted["natural_person"], granted["social_welfare_org"], granted["total"]) == (
        1,
        None,
        1,
    )


def test_a_column_dropped_from_every_row_is_not_placed_silently():
    """A converter that leaves empty cells out (html-text, PyQuery) of a table whose
    科研机构 column is empty throughout: every row has six values for seven columns, and
    the column identities hold wherever the lost column is put, as long as every row
    puts it alike. The rows that could be read more ways are said to be ambiguous."""
    from retable.schema import load_schema

    rows = {
        "new_received": [201, 16, None, 7, 100, 14, 338],
        "carried_over": [56, 2, None, 5, 0, 0, 63],
        "granted": [200, 10, None, 5, 50, 10, 275],
        "partially_granted": [57, 8, None, 7, 50, 4, 126],
        "total_processed": [257, 18, None, 12, 100, 14, 401],
    }
    lines = list(HEADER)
    for row in load_schema().table("requests").rows_for("2021"):
        lines.append(row.label)
        values = rows.get(row.key, [0, 0, None, 0, 0, 0, 0])
        lines += [str(v) for v in values if v is not None]
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    report = retable.parse("\n".join(lines).encode())
    got = report.values("requests")
    ambiguous = {w.row for w in report.warnings if w.code == "ambiguous_split"}
    for key, values in rows.items():
        assert got[key]["total"] == values[-1]
        placed = list(got[key].values())
        if placed != values:  # a placement nothing confirms is never given as certain
            assert key in ambiguous, (key, placed)
            cells = report.tables["requests"][key]
            assert all("ambiguous" in c.flags for c in cells.values() if c.column != "total")


def test_a_lone_value_apart_from_its_label_is_whole_where_values_stand_apart():
    """A table's text on one line with its empty cells left out (the text of
    unstructured's table elements, which LangChain keeps): ``行政许可 115`` lost two
    empty cells, and is not digits of three cells to cut, as the rows of several
    values show that this text prints values apart."""
    text = (
        "上海市某局2019年政府信息公开工作年度报告 二、主动公开政府信息情况 "
        "第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 "
        "规章 13 13 524 规范性文件 60 60 368 "
        "第二十条第（五）项 信息内容 上一年项目数量 本年增/减 处理决定数量 "
        "行政许可 115 其他对外管理服务事项 5 2 7 "
        "第二十条第（六）项 信息内容 上一年项目数量 本年增/减 处理决定数量 "
        "行政处罚 9 1 10 行政强制 3 0 3 "
        "三、收到和处理政府信息公开申请情况"
    )
    report = retable.parse(text)
    active = report.values("active_disclosure")
    assert active["other_management_services"] == {
        "previous_count": 5,
        "change": 2,
        "decisions": 7,
    }
    assert set(active["administrative_licensing"].values()) == {None}
    codes = {w.code for w in report.warnings if w.row == "administrative_licensing"}
    assert "value_unrecoverable" in codes


def test_a_row_that_lost_a_cell_leaves_the_undecided_columns_empty():
    """Seed 003's tab rows carry 6 of 7 values. With 1 0 0 0 0 1 printed, the lost cell
    may be 自然人 (0, the 1 a 商业企业's) or 商业企业 (the 1 a 自然人's): nothing decides,
    so both are left empty and warned, not filled as the first column guessed."""
    path = Path(__file__).parent / "documents" / "seeds" / "003_76f9b4547565cabc.txt"
    lines = path.read_text("utf-8").split("\n")
    (at,) = [i for i, line in enumerate(lines) if "信访举报投诉类申请" in line]
    assert lines[at].endswith("\t\t0\t0\t0\t0\t0\t0")
    lines[at] = lines[at][: -len("0\t0\t0\t0\t0\t0")] + "1\t0\t0\t0\t0\t1"
    report = retable.parse("\n".join(lines).encode(), name=path.name)
    row = report.values("requests")["rejected_petition"]
    assert row == {
        "natural_person": None,
        "commercial_enterprise": None,
        "research_institution": 0,
        "social_welfare_org": 0,
        "legal_service_org": 0,
        "other_org": 0,
        "total": 1,
    }
    codes = {w.code for w in report.warnings if w.row == "rejected_petition"}
    assert {"ambiguous_split", "value_unrecoverable"} <= codes
    cells = report.tables["requests"]["rejected_petition"]
    assert cells["natural_person"].confidence <= 0.3


def test_a_value_taken_for_a_page_number_is_kept_when_its_row_needs_it():
    """Seed 000's review row, its first value 3 on a line of its own like a page number
    and its 总计 misprinted as 2: dropping the 3 would empty the row's parts; keeping it
    reads the row as printed and the check names the misprint."""
    path = Path(__file__).parent / "documents" / "seeds" / "000_70eac6e8a2e0d3d2.txt"
    text = path.read_text("utf-8")
    at = text.index("\n\n\t0\xa0\n", text.index("四、政府信息公开行政复议")) + 1
    printed = "\n\t0\xa0" * 5 + "\n"
    assert text[at : at + len(printed)] == printed
    text = text[:at] + "\n3\n\n\t0\xa0\n\t0\xa0\n\t0\xa0\n\t2\xa0\n" + text[at + len(printed) :]
    report = retable.parse(text.encode(), name=path.name)
    row = report.values("review_litigation")["cases"]
    assert [row[k] for k in ("review_upheld", "review_pending", "review_total")] == [3, 0, 2]
    (check,) = [c for c in report.checks if c.name == "review_litigation.review_total"]
    assert (check.status, check.verdict) == ("fail", "source_inconsistent")
    assert not [w for w in report.warnings if w.code == "numbers_ignored"]

"""Normalisation: pinyin annotations, script conversion, spaces, offsets."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from retable.normalise import _IDEOGRAPH_FORMS, normalise, normalise_plain, strip_pinyin

DIGITS = re.compile(r"\d")


def test_pinyin_annotations_are_removed_and_script_converted():
    text = "根據(jù)《中華人民共和國政府信息公開條例》"
    assert normalise_plain(text, traditional=True) == "根据《中华人民共和国政府信息公开条例》"


def test_real_brackets_are_kept():
    for text in ("(一)予以公开", "本年收费金额(单位:万元)", "（三）不予公开", "网站(www.gov.cn)"):
        assert normalise_plain(text) == text


def test_spaces_and_full_width_digits():
    assert normalise_plain("\u00a0\u3000１２３\u200b") == "  123"


def test_offsets_point_back_to_source():
    source = "第一\u200b行據(jù)１"
    text, offsets = normalise(source, traditional=True)
    assert text == "第一行据1"
    assert [source[o] for o in offsets] == ["第", "一", "行", "據", "１"]


def test_radical_code_points_of_pdf_text_become_ideographs():
    """PDF fonts share a glyph between 二 and the Kangxi radical ⼆; text extraction
    then yields the radical, which no label or heading would match."""
    assert normalise_plain("⼆、主动公开政府信息情况") == "二、主动公开政府信息情况"
    assert normalise_plain("中华⼈⺠共和国 ⻔⼾⽹站 ⻓江") == "中华人民共和国 门戶网站 长江"
    assert normalise_plain("\uf9b4") == "\u9818"  # a compatibility ideograph (領)


def test_strip_pinyin_requires_tone_by_default():
    assert strip_pinyin("文件(pdf)", list(range(7)))[0] == "文件(pdf)"


cjk_text = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x2E80, max_codepoint=0x2FDF),
        st.sampled_from(list("0123456789０１２３ \u00a0\u3000\t()（）.,，、|-—jùáǎ")),
    ),
    max_size=200,
)


@given(cjk_text)
def test_normalise_is_idempotent(text):
    once = normalise_plain(text)
    assert normalise_plain(once) == once


@given(cjk_text)
def test_normalise_keeps_every_digit(text):
    once = normalise_plain(text)
    as_ascii = text.translate({0xFF10 + i: ord("0") + i for i in range(10)})
    assert DIGITS.findall(once) == DIGITS.findall(as_ascii)


@given(cjk_text)
def test_no_radical_with_an_ideograph_form_survives(text):
    out = normalise_plain(text)
    assert not [ch for ch in out if ch in _IDEOGRAPH_FORMS]


@given(cjk_text)
def test_offsets_are_monotone_and_in_range(text):
    out, offsets = normalise(text, traditional=True)
    assert len(out) == len(offsets)
    assert all(0 <= o < len(text) for o in offsets)
    assert offsets == sorted(offsets)


def test_character_references_left_in_text_are_decoded():
    # A tag-stripping converter keeps &nbsp; for an empty cell; a page that escaped
    # it twice shows &amp;nbsp;. A reference to a line break adds no line.
    text = "规章&nbsp;|&amp;nbsp;|&#8220;三安全一稳定&#x201D;|1&#10;2"
    out, offsets = normalise(text)
    assert out == "规章 | |“三安全一稳定”|1 2"
    assert text[offsets[out.index("“")]] == "&" and text[offsets[2]] == "&"
    assert normalise_plain("AT&T &c; 5&6") == "AT&T &c; 5&6"


def test_break_tags_of_markdown_table_cells_join_the_cell():
    # pymupdf4llm, html2text, markitdown: a line break in a cell is written <br>
    out, offsets = normalise("|结果<br>维持|13<br/>524|其他<BR />结果|")
    assert out == "|结果维持|13 524|其他结果|"
    assert len(offsets) == len(out) and offsets == sorted(offsets)


def test_html_tags_left_in_a_line_go_and_other_angle_brackets_stay():
    # pandoc's gfm keeps a cell's style as a raw tag inside the pipe table
    assert normalise_plain('| <span style="font-size:12px">79</span> | <b>3</b> |') == "| 79 | 3 |"
    assert normalise_plain("<p>1</p><p>2</p> <span>1</span><span>2</span>") == "1 2 12"
    assert normalise_plain("<第一项> a<5 and 6>2 <bb>") == "<第一项> a<5 and 6>2 <bb>"
    # a tag broken over two lines is left: no line break is ever removed
    assert normalise_plain('<span\nstyle="x">1') == '<span\nstyle="x">1'


def test_pandoc_spans_go_down_to_their_text_even_where_they_wrap():
    assert normalise_plain('[79]{style="font-size:12px"} [第一项]{.underline}') == "79 第一项"
    wrapped = '| [上一\\   | [0]{.a} |\n| 年项目数量]{style="x"} |'
    assert normalise_plain(wrapped) == "| 上一   | 0 |\n| 年项目数量 |"
    assert normalise_plain("[注] [1]{.a}") == "[注] 1"  # a plain bracket stays
    assert normalise_plain('::: {style="line-height: 2"}\n规章\n:::') == "\n规章\n"


def test_asciidoc_cell_specifiers_go_in_asciidoc_tables_only():
    table = "|===\n3.3+|（本列） 7+|申请人情况\n.2+|自然人 2+a|总计\n3+|二、上年结转 +\n信息 |0"
    expected = "|===\n|（本列） |申请人情况\n|自然人 |总计\n|二、上年结转\n信息 |0"
    assert normalise_plain(table) == expected
    assert normalise_plain("| 3+| 2 |") == "| 3+| 2 |"
    # the attribute line above a table holds numbers that are no values
    attributes = '[width="99%",cols="16%,6%",]\n|===\n|规章 |1\n|==='
    assert normalise_plain(attributes) == "\n|===\n|规章 |1\n|==="
    assert normalise_plain("[注] 1\n正文") == "[注] 1\n正文"


_MARKUP_PIECES = [
    *"<br/> 1结果[]{}.=\\:|+\n&",
    *("span", "|===", ":::", "]{.a}", "3+|", "amp;", "nbsp;", "#10;", "#x31;", "lt;"),
    *("據", "(jù)", "（", "）", "１"),
]


@given(st.lists(st.sampled_from(_MARKUP_PIECES), max_size=30).map("".join))
@example("&]{.a}amp;")  # stripping the span joins a character reference
@example(":::结(jù)")  # stripping pinyin leaves a line that is no div fence
def test_markup_stripping_is_idempotent_and_keeps_the_lines(text):
    assert normalise_plain("<b<br>r>") == ""
    once, offsets = normalise(text)
    assert normalise_plain(once) == once
    assert once.count("\n") == text.count("\n")
    assert len(offsets) == len(once) and offsets == sorted(offsets)

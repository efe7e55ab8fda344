"""Normalisation: pinyin annotations, script conversion, spaces, offsets."""

from __future__ import annotations

import re

from hypothesis import given
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


def test_break_tags_of_markdown_table_cells_join_the_cell():
    # pymupdf4llm, html2text, markitdown: a line break in a cell is written <br>
    out, offsets = normalise("|结果<br>维持|13<br/>524|其他<BR />结果|")
    assert out == "|结果维持|13 524|其他结果|"
    assert len(offsets) == len(out) and offsets == sorted(offsets)


@given(st.text(alphabet=st.sampled_from(list("<br/> 1结果")), max_size=40))
def test_break_tag_stripping_is_idempotent(text):
    assert normalise_plain("<b<br>r>") == ""
    once = normalise_plain(text)
    assert normalise_plain(once) == once

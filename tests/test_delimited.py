"""Cells of CSV rows and of rows written as JSON or Python lists."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retable.layouts.delimited import closing_quote, comma_bounds, list_bounds, unescape


def _cut(text, bounds):
    return [text[a:b] for a, b in bounds]


def test_csv_fields_keep_commas_inside_quotes():
    text = '规章,"1,234",,"说""明"'
    assert _cut(text, comma_bounds(text)) == ["规章", "1,234", "", '说""明']


def test_a_csv_field_cut_by_a_line_break_loses_its_opening_quote():
    text = '规章,"（二）部分公开（区分处理的，只'
    assert _cut(text, comma_bounds(text)) == ["规章", "（二）部分公开（区分处理的，只"]
    assert closing_quote('计这一情形）",,3') == 6
    assert closing_quote('说""明",1') == 4
    assert closing_quote("no quote here") == -1


def test_list_items_of_json_and_python_rows():
    for row in ('["规章", "13", null, "524"]', "['规章', '13', None, '524']"):
        assert _cut(row, list_bounds(row)) == [
            "规章",
            "13",
            "null" if "null" in row else "None",
            "524",
        ]
    row = '["a\\"b", 7, "c,d"]'
    assert _cut(row, list_bounds(row)) == ['a\\"b', "7", "c,d"]


def test_escapes_resolve_and_a_line_break_joins():
    assert unescape("本年新\\n制作数量") == "本年新制作数量"
    assert unescape("\\u89c4\\u7ae0") == "规章"
    assert unescape('a\\"b') == 'a"b'


@given(st.text(alphabet=st.sampled_from(list("[]\",'\\ nul0123规章\t")), max_size=60))
def test_garbage_rows_give_cells_inside_the_line(text):
    for bounds in (comma_bounds(text), list_bounds(f"[{text}]")):
        assert all(0 <= a <= b <= len(text) + 2 for a, b in bounds)
    assert -1 <= closing_quote(text) < len(text)
    unescape(text)

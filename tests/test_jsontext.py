"""Reports stored as JSON: an API response or a scraped record holding the page."""

from __future__ import annotations

import json
import re

from gold_compare import DOCUMENTS, GOLD, compare, load_gold
from hypothesis import given
from hypothesis import strategies as st

import retable
from retable.inputs.jsontext import json_strings

PAGE = DOCUMENTS / "corpus" / "012_shuyang-fgj-2023.html"


def test_a_report_inside_an_api_response_is_read_like_the_page():
    """Escaped quotes and line breaks, every Chinese character as \\uXXXX."""
    title = "沭阳县发展和改革局2023年政府信息公开年度报告"
    response = {"code": 200, "data": {"title": title, "content": PAGE.read_text()}}
    gold = load_gold(GOLD / "corpus" / "012_shuyang-fgj-2023.json")
    for ascii_only in (True, False):
        report = retable.parse(json.dumps(response, ensure_ascii=ascii_only).encode())
        assert not compare(gold, {t: report.values(t) for t in report.tables})
        assert (report.agency, report.year) == ("沭阳县发展和改革局", 2023)


def test_strings_come_in_document_order_and_other_values_are_left_out():
    text = json.dumps({"a": ["一", {"b": "二", "n": 3}], "c": None, "d": "三"})
    assert json_strings(text) == "一\n\n二\n\n三"


def test_ids_file_names_and_plain_copies_of_a_table_are_left_out():
    """unstructured's elements: a table as text (its cells run together) and as HTML."""
    table = "<table><tr><td>规章</td><td>13</td></tr></table>"
    elements = [
        {"type": "Title", "element_id": "9f1c0a", "text": "二、主动公开政府信息情况"},
        {"type": "Table", "text": "规章 13", "metadata": {"text_as_html": table}},
        {"metadata": {"filename": "report-2023.html", "languages": ["zho"]}},
    ]
    assert json_strings(json.dumps(elements)) == f"二、主动公开政府信息情况\n\n{table}"


def test_text_that_is_not_one_json_value_is_left_alone():
    assert json_strings("[打印本页] 2023年政府信息公开工作年度报告") is None
    assert json_strings('{"a": "x"}\n{"a": "y"}') is None  # JSON Lines: a table of pages
    assert json_strings('{"n": 1, "flag": true}') is None  # no text at all


def test_deep_nesting_does_not_overflow():
    assert json_strings('{"a":' * 500 + '"规章"' + "}" * 500) == "规章"
    assert json_strings("[" * 100_000 + "]" * 100_000) is None  # too deep to be a report


@given(st.text(max_size=200) | st.recursive(st.text(max_size=20), st.lists).map(json.dumps))
def test_any_text_is_either_left_alone_or_unwrapped(text):
    """Garbage and arbitrary JSON: only valid JSON is unwrapped, and only into text."""
    result = json_strings(text)
    if result is not None:
        json.loads(text)  # raises if anything but valid JSON was unwrapped
        assert re.search(r"[\u3400-\u9fff<]", result)

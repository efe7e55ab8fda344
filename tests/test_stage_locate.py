"""Stage locate: a normalised Document → one Region per standard table.

The regions asserted here were read off the documents: the heading line each table
begins on and the last line of its rows (a region's end is exclusive).
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stage_inputs import DOCUMENTS, located

from retable.inputs.document import build_document
from retable.locate import locate_tables
from retable.types import Region

SEED = "seeds/003_76f9b4547565cabc.txt"  # tab-separated rows, 2021 form
HTML_2019 = "corpus/001_shanghai-govoffice-2019.html"  # HTML tables, 2019 form
FLAT_2019 = "corpus/005_pingtan-zone-2019.txt"  # the whole report on one line, 2019 form
LIST_ITEM = "seeds/004_6138bd5dad981167.txt"  # heading four turned into "1. …"


def _line(relative: str, index: int) -> str:
    return located(relative).doc.lines[index].text


def test_the_three_tables_of_a_tab_separated_seed():
    found = located(SEED)
    assert found.form == "2021"
    assert found.regions == {
        "active_disclosure": Region("active_disclosure", (28, 0), (44, 0)),
        "requests": Region("requests", (45, 0), (76, 0)),
        "review_litigation": Region("review_litigation", (77, 0), (83, 0)),
    }
    # Each region starts at its heading and stops after its table's last row.
    assert _line(SEED, 28) == "二、主动公开政府信息情况"
    assert _line(SEED, 43).split("\t")[:2] == ["行政事业性收费", "0"]
    assert _line(SEED, 45) == "三、收到和处理政府信息公开申请情况"
    assert _line(SEED, 75).split("\t")[:2] == ["四、结转下年度继续办理", ""]
    assert _line(SEED, 77) == "四、政府信息公开行政复议、行政诉讼情况"
    assert _line(SEED, 82).split("\t") == ["0"] * 15
    # What follows the last table (五、存在的主要问题) is left out.
    assert _line(SEED, 84).startswith("五、存在的主要问题")


def test_prose_that_mentions_the_tables_is_not_a_region():
    # The seed's introduction has "(一)主动公开情况" and "(二)依申请公开情况" with
    # paragraphs under them, before the tables: the regions begin after them.
    assert _line(SEED, 8) == "(一)主动公开情况"
    assert "主动公开" in _line(SEED, 10)
    assert min(r.start[0] for r in located(SEED).regions.values()) == 28
    # Alone, the introduction holds no table at all.
    text = (DOCUMENTS / SEED).read_text("utf-8")
    intro = "\n".join(text.split("\n")[:28])
    assert "主动公开" in intro and "依申请公开" in intro
    assert locate_tables(build_document("intro", intro, "utf-8")) == {}


def test_an_html_report_of_the_2019_form():
    found = located(HTML_2019)
    assert found.form == "2019"
    assert found.regions == {
        "active_disclosure": Region("active_disclosure", (26, 0), (44, 20)),
        "requests": Region("requests", (45, 0), (71, 36)),
        "review_litigation": Region("review_litigation", (72, 0), (76, 48)),
    }
    lines = found.doc.lines
    assert lines[26].text == "二、主动公开政府信息情况" and lines[26].cells is None
    assert lines[44].text[:20] == "政府集中采购 | 6 | 251000元"
    assert lines[45].text == "三、收到和处理政府信息公开申请情况"
    assert lines[71].text[:36] == "四、结转下年度继续办理 | 72 |  |  |  |  |  | 72"
    assert lines[72].text == "四、政府信息公开行政复议、行政诉讼情况"
    # Every line between a heading and the next is a row of an HTML table.
    assert all(lines[i].cells is not None for i in range(46, 72))


def test_a_report_flattened_onto_one_line_is_cut_by_character():
    found = located(FLAT_2019)
    assert found.form == "2019"
    assert len(found.doc.lines) == 1
    assert found.regions == {
        "active_disclosure": Region("active_disclosure", (0, 4286), (0, 4538)),
        "requests": Region("requests", (0, 4540), (0, 5128)),
        "review_litigation": Region("review_litigation", (0, 5136), (0, 5238)),
    }
    text = _line(FLAT_2019, 0)
    # A region of a long line begins at its heading's words and ends where the
    # next table's section number begins: "…13575394432.52元" | "三、收到和处理…".
    assert text[4276:4296] == "工作亮点、成效。二、主动公开政府信息情况"
    assert text[4528:4540] == "394432.52元三、"
    assert text[4540:4555] == "收到和处理政府信息公开申请情况"
    assert text[5120:5136] == "00 00 0 四、政府信息公开"
    assert text[5136:5147] == "行政复议、行政诉讼情况"
    assert text[5228:5243] == "000000000 五、存在的"


def test_a_heading_turned_into_a_list_item_still_begins_table_four():
    found = located(LIST_ITEM)
    assert found.regions["review_litigation"] == Region("review_litigation", (528, 0), (597, 0))
    assert _line(LIST_ITEM, 528) == "  1. 政府信息公开行政复议、行政诉讼情况"
    assert found.regions["requests"] == Region("requests", (92, 0), (527, 0))


def test_a_page_holding_the_report_twice_counts_the_other_copy():
    text = (DOCUMENTS / SEED).read_text("utf-8")
    doc = build_document("twice", text + "\n" + text, "utf-8")
    regions = locate_tables(doc)
    # The first copy is read; each table says the page holds one more.
    assert regions == {
        "active_disclosure": Region("active_disclosure", (28, 0), (44, 0), 1),
        "requests": Region("requests", (45, 0), (76, 0), 1),
        "review_litigation": Region("review_litigation", (77, 0), (83, 0), 1),
    }


TEXT = st.lists(
    st.sampled_from(
        [
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "第二十条第（一）项",
            "申请人情况",
            "结果维持",
            "五、存在的主要问题及改进情况",
            "0",
            "\t",
            " | ",
            "\n",
            "本年主动公开信息",
        ]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT | st.text(max_size=300))
def test_regions_are_ordered_slices_of_the_document(text):
    doc = build_document("p", text, "utf-8")
    regions = locate_tables(doc)
    spans = sorted((r.start, r.end) for r in regions.values())
    for (_, end), (next_start, _) in pairwise(spans):
        assert end <= next_start  # regions never overlap
    for table, region in regions.items():
        assert region.table == table
        assert region.start <= region.end
        assert 0 <= region.start[0] <= region.end[0] < len(doc.lines)

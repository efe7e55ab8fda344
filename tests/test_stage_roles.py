"""Stage roles (the hand-written rules): the cells split cut from a region → a role each.

``RuleRoleTagger`` is the baseline the trained model is measured against and one of
its features; the cases here are cells of the seeds read line by line.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stage_inputs import DOCUMENTS, cell_at, cells, located, rule_tagged

from retable.inputs.document import build_document
from retable.pipeline import region_cells, table_regions
from retable.roles import RuleRoleTagger, continues_previous, tab_prefixed
from retable.types import ROLES

TAB_PREFIXED = "seeds/000_70eac6e8a2e0d3d2.txt"  # one cell a line, each after a tab
TABS = "seeds/003_76f9b4547565cabc.txt"  # tab-separated rows
PAGED_MD = "corpus/004_shanghai-govoffice-2025.md"  # page footers between the rows

# (source line, cell text, role, confidence) in table requests of the tab-prefixed seed.
SEED_CELLS = [
    (68, "三、收到和处理政府信息公开申请情况", "header", 0.7),
    (71, "申请人情况", "header", 0.7),
    (73, "", "blank", 0.95),
    (74, "自然人", "header", 1.0),
    (80, "商业", "header", 0.7),
    (81, "企业", "continuation", 0.9),  # 商业\n企业: the line has no tab before it
    (89, "一、本年新收政府信息公开申请数量", "label", 1.0),
    (90, "1", "value", 0.95),
    (107, "三、本年度办理结果", "header", 0.7),  # a row group, not a row
    (108, "（一）予以公开", "label", 1.0),
    (125, "", "blank", 0.95),
    (126, "0", "continuation", 0.9),  # the value pushed under its empty cell
    (130, "1.属于国家秘密", "label", 1.0),
]


@pytest.mark.parametrize(("line", "text", "role", "confidence"), SEED_CELLS)
def test_roles_of_cells_of_a_tab_prefixed_seed(line, text, role, confidence):
    cell = cell_at(rule_tagged(TAB_PREFIXED, "requests"), line, text)
    assert (cell.role, cell.confidence) == (role, confidence)


def test_a_page_footer_between_rows_is_noise():
    tagged = rule_tagged(PAGED_MD, "active_disclosure")
    footer = cell_at(tagged, 93, "— 4 —")
    assert (footer.kind, footer.role, footer.confidence) == ("noise", "noise", 0.9)
    # The rows either side of the page break keep their roles.
    assert cell_at(tagged, 92, "行政事业性收费").role == "label"
    assert cell_at(tagged, 92, "0").role == "value"


def test_the_role_counts_of_a_whole_table():
    tagged = rule_tagged(TABS, "requests")
    assert Counter(c.role for c in tagged) == {
        "value": 154,
        "blank": 59,
        "label": 26,
        "header": 15,
    }
    # Every printed number of the table's rows is a value: count the fields of its
    # source lines that are a number (item numbers such as 1. and 一、 are not).
    found = located(TABS)
    region = found.regions["requests"]
    lines = found.doc.lines[region.start[0] : region.end[0]]
    fields = [f.strip() for line in lines for f in line.text.split("\t")]
    assert sum(f.isdigit() for f in fields) == 154


def test_the_tables_of_the_tab_prefixed_seed_by_role():
    counts = {
        t: Counter(c.role for c in rule_tagged(TAB_PREFIXED, t))
        for t in located(TAB_PREFIXED).regions
    }
    assert counts == {
        "active_disclosure": {"header": 15, "value": 10, "label": 6, "noise": 4},
        "requests": {"value": 172, "blank": 43, "label": 26, "header": 15, "continuation": 5},
        "review_litigation": {
            "header": 19,
            "value": 15,
            "continuation": 11,
            "blank": 5,
            "noise": 1,
        },
    }


def test_a_tab_prefixed_layout_is_told_from_tab_separated_rows():
    assert tab_prefixed(cells(TAB_PREFIXED, "requests"))
    assert not tab_prefixed(cells(TABS, "requests"))
    seed = cells(TAB_PREFIXED, "requests")
    business = cell_at(seed, 80, "商业")
    enterprise = cell_at(seed, 81, "企业")
    assert continues_previous(enterprise, business, True)
    assert not continues_previous(enterprise, business, False)


def test_tagging_sets_the_role_of_every_cell_it_is_given():
    fresh = cells(TABS, "review_litigation")
    assert {c.role for c in fresh} == {""}
    RuleRoleTagger().tag(fresh, "review_litigation", located(TABS).form)
    assert [c.role for c in fresh] == [c.role for c in rule_tagged(TABS, "review_litigation")]
    assert all(c.role in ROLES for c in fresh)


HEAD = (DOCUMENTS / TABS).read_text("utf-8").split("\n")[28:31]  # heading of table two
ROW_TEXT = st.lists(
    st.sampled_from(["规章", "行政许可", "0", "12", "—", "", "\t", " ", "第二十条", "信息内容"]),
    max_size=12,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW_TEXT | st.text(max_size=30), min_size=1, max_size=12))
def test_every_cell_gets_a_known_role_and_a_confidence(rows):
    doc = build_document("p", "\n".join([*HEAD, *rows]), "utf-8")
    regions = table_regions(doc)
    for table, region in regions.items():
        split = region_cells(doc, region, "2021")
        RuleRoleTagger().tag(split, table, "2021")
        for cell in split:
            assert cell.role in ROLES
            assert 0.0 < cell.confidence <= 1.0
            if cell.kind == "number":
                assert cell.role in ("value", "continuation")

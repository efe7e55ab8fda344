"""Stage 3, cut cells: the layout detected for a region, each cutter on the lines of
its family, and the registry that chooses between them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retable.inputs.document import build_document
from retable.layouts import registry
from retable.layouts.aligned import ALIGNED, TAB_BLANKS
from retable.layouts.commas import FIELDS, LIST
from retable.layouts.cutter import Cut, LineCutter
from retable.layouts.detect import PLAIN, Layout, detect_layout
from retable.layouts.lines import LINE
from retable.layouts.pipes import PIPE
from retable.layouts.spaces import SPACE_CODED
from retable.layouts.tabs import TABS
from retable.split import region_lines, split_cells
from retable.types import Region


def _doc(text: str):
    return build_document("x.txt", text, "utf-8")


def _region(doc) -> Region:
    return Region("active_disclosure", (0, 0), (len(doc.lines) - 1, len(doc.lines[-1].text)))


def _cells(text: str) -> list[tuple[str, int, int, str]]:
    doc = _doc(text)
    return [(c.text, c.row, c.col, c.layout) for c in split_cells(doc, _region(doc))]


def _layout(text: str) -> Layout:
    doc = _doc(text)
    return detect_layout(doc, region_lines(doc, _region(doc)), None)


def _pieces(cutter: LineCutter, text: str, layout: Layout = PLAIN) -> list[str]:
    assert registry.choose(text, layout) is cutter
    return [text[a:b] for a, b in cutter.cut(text, layout, False).bounds]


# Detection


def test_detection_tells_the_families_apart():
    assert _layout("规章,13,0,524\n规范性文件,5,0,41\n许可,6,1,7").comma_separated
    assert _layout("\t规章\n\t13\n\t0\n\t524").tab_prefixed
    boxed = _layout("┌──┬──┐\n│规章│13│\n├──┼──┤\n│文件│5│\n└──┴──┘")
    assert boxed.boxed and not boxed.comma_separated
    spaced = "\n\n".join(["规章", "13", "0", "524", "文件", "5", "0", "41", "许可", "6"])
    assert _layout(spaced).spaced and _layout(spaced).one_per_line


def test_detection_is_a_value_that_the_cutting_reads():
    layout = _layout("规章,13,0,524\n规范性文件,5,0,41\n许可,6,1,7")
    with pytest.raises(AttributeError):
        layout.comma_separated = False  # type: ignore[misc]


# Each cutter on a line of its family


def test_pipe_cutter():
    assert _pieces(PIPE, "| 规章 | 13 |  | 524 |") == [" 规章 ", " 13 ", "  ", " 524 "]
    # a row without a leading border keeps its last, empty, cell (html2text)
    assert _pieces(PIPE, "规章 | 13 | ") == ["规章 ", " 13 ", " "]


def test_tab_cutter():
    assert _pieces(TABS, "规章\t13\t\t524") == ["规章", "13", "", "524"]
    assert _pieces(TABS, "\t规章") == ["规章"]  # a tab prefix marks a cell
    paired = replace(PLAIN, paired_tabs=True)
    assert _pieces(TABS, "规章\t\t13\t\t\t\t524", paired) == ["规章", "13", "", "524"]


def test_aligned_cutters():
    assert _pieces(ALIGNED, "  规章    13   0  524") == ["规章", "13", "0", "524"]
    # pypdf's layout mode: an empty cell is a tab between runs of spaces
    assert _pieces(TAB_BLANKS, "821  35   \t    \t     2") == ["821", "35", "\t", "\t", "2"]


def test_csv_cutters():
    commas = replace(PLAIN, comma_separated=True)
    assert _pieces(FIELDS, '规章,"2,293",,524', commas) == ["规章", "2,293", "", "524"]
    assert _pieces(LIST, '["规章", "13", null, "524"]', commas) == ["规章", "13", "null", "524"]
    nulls = replace(commas, nulls_span=True)
    assert _pieces(LIST, '["规章", "13", null, "524"]', nulls) == ["规章", "13", "524"]


def test_space_coded_cutter():
    coded = replace(PLAIN, space_coded=True)
    line = "821 35     2 1 859"
    assert registry.choose(line, coded) is SPACE_CODED
    cut = SPACE_CODED.cut(line, coded, False)
    # one space within a row's printed cells (cut later, as fused runs are), two
    # spaces an empty cell
    assert [line[a:b] for a, b in cut.bounds] == ["821 35", "  ", "  ", "2 1 859"]
    assert cut.leading == []
    cut = SPACE_CODED.cut("          26", coded, False)
    assert (len(cut.leading), cut.bounds) == (5, [(10, 12)])


def test_line_cutter_takes_what_no_other_does():
    assert _pieces(LINE, "（一）予以公开") == ["（一）予以公开"]


def test_cells_of_each_family():
    assert _cells("| 规章 | 13 |\n| 文件 | 5 |") == [
        ("规章", 0, 0, "pipe"),
        ("13", 0, 1, "pipe"),
        ("文件", 1, 0, "pipe"),
        ("5", 1, 1, "pipe"),
    ]
    assert _cells("规章\t13\t—") == [
        ("规章", 0, 0, "tab"),
        ("13", 0, 1, "tab"),
        ("—", 0, 2, "tab"),
    ]
    assert _cells("规范性文件898989") == [
        ("规范性文件", 0, 0, "line"),
        ("898989", 0, 1, "line"),
    ]


# The registry


def _takes_semicolons(text: str, layout: Layout, bars_open: bool) -> bool:
    return text.count("；") >= 2


def _cut_semicolons(text: str, layout: Layout, bars_open: bool) -> Cut:
    bounds, start = [], 0
    for i, ch in enumerate(text):
        if ch == "；":
            bounds.append((start, i))
            start = i + 1
    return Cut([*bounds, (start, len(text))], [])


def _semicolon_before(text: str, start: int, col: int) -> str:
    return "none"


SEMICOLONS = LineCutter(
    "semicolons", "semicolon", _takes_semicolons, _cut_semicolons, _semicolon_before
)


def test_a_registered_cutter_is_chosen_for_its_lines():
    text = "规章；13；0；524\n文件；5；0；41"
    assert {layout for *_, layout in _cells(text)} == {"line"}
    registry.register(SEMICOLONS)
    try:
        assert registry.choose("规章；13；0", PLAIN) is SEMICOLONS
        assert registry.choose("| 规章 | 13 |", PLAIN) is PIPE  # the others keep theirs
        assert _cells(text) == [
            ("规章", 0, 0, "semicolon"),
            ("13", 0, 1, "semicolon"),
            ("0", 0, 2, "semicolon"),
            ("524", 0, 3, "semicolon"),
            ("文件", 1, 0, "semicolon"),
            ("5", 1, 1, "semicolon"),
            ("0", 1, 2, "semicolon"),
            ("41", 1, 3, "semicolon"),
        ]
    finally:
        registry.unregister(SEMICOLONS.name)
    assert SEMICOLONS not in registry.cutters()
    assert registry.cutters()[-1] is LINE


def test_a_cutter_registered_before_another_is_asked_first():
    registry.register(replace(SEMICOLONS, name="first"), before=PIPE.name)
    try:
        names = [c.name for c in registry.cutters()]
        assert names.index("first") == names.index(PIPE.name) - 1
        assert registry.choose("规章；13；|0", PLAIN).name == "first"
    finally:
        registry.unregister("first")

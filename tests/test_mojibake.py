"""Text decoded with the wrong codec before it was saved is read as its bytes meant."""

from __future__ import annotations

import pytest
from gold_compare import DOCUMENTS, GOLD, compare, load_gold
from hypothesis import example, given
from hypothesis import strategies as st
from opencc import OpenCC

import retable
from retable.inputs.mojibake import repair_mojibake

CORPUS = DOCUMENTS / "corpus"
PAGES = ("001_shanghai-govoffice-2019", "012_shuyang-fgj-2023")


def _page(stem: str) -> str:
    return (CORPUS / f"{stem}.html").read_text("utf-8")


def _gold_mismatches(stem: str, report: retable.Report) -> list:
    gold = load_gold(GOLD / "corpus" / f"{stem}.json")
    return compare(gold, {t: report.values(t) for t in report.tables})


@pytest.mark.parametrize("stem", PAGES)
@pytest.mark.parametrize(
    ("encoding", "misread_as"),
    [("gb18030", "latin-1"), ("utf-8", "latin-1"), ("gb18030", "cp1252")],
    ids=["gb18030-as-latin-1", "utf-8-as-latin-1", "gb18030-as-windows-1252"],
)
def test_a_page_read_with_the_wrong_single_byte_codec_is_repaired(
    tmp_path, stem, encoding, misread_as
):
    # requests decodes a page served without a charset as ISO-8859-1: response.text
    # spells 政府 as "Õþ¸®", and that is what the crawl saved (as UTF-8)
    page = _page(stem).encode(encoding).decode(misread_as, errors="replace")
    assert "公开" not in page
    path = tmp_path / "page.html"
    path.write_text(page, "utf-8")
    report = retable.parse(path)
    assert _gold_mismatches(stem, report) == []
    assert report.encoding == encoding
    (warning,) = [w for w in report.warnings if w.code == "encoding_repaired"]
    assert warning.detail == {"misread_as": "latin-1", "encoding": encoding}


def test_a_big5_page_read_as_latin_1_is_repaired():
    stem = "001_shanghai-govoffice-2019"
    traditional = OpenCC("s2t").convert(_page(stem))
    page = traditional.encode("big5", errors="replace").decode("latin-1")
    report = retable.parse(page)
    assert report.encoding == "big5"
    assert _gold_mismatches(stem, report) == []


def test_utf_8_read_as_gb18030_loses_bytes_and_says_so():
    # an odd number of UTF-8 bytes before ASCII leaves a byte GB18030 cannot take:
    # the characters it belonged to are lost, nothing else
    stem = "012_shuyang-fgj-2023"
    page = _page(stem).encode("utf-8").decode("gb18030", errors="replace")
    report = retable.parse(page)
    assert report.encoding == "utf-8+replace"
    codes = {w.code for w in report.warnings}
    assert {"encoding_repaired", "encoding_damaged"} <= codes
    # here no lost character was in a table's words
    assert _gold_mismatches(stem, report) == []


def test_text_that_was_read_right_is_left_alone():
    page = _page("012_shuyang-fgj-2023")
    assert repair_mojibake(page) is None
    assert repair_mojibake("Le café coûte 3 € à Besançon. " * 20) is None  # real Latin-1
    report = retable.parse(page)
    assert "encoding_repaired" not in {w.code for w in report.warnings}


def test_latin_1_text_that_is_no_misreading_stays_an_error():
    with pytest.raises(retable.errors.NoTableError):
        retable.parse(("Ãpreuve élève naïve Œuvre — " * 50).encode("utf-8"))


_CHINESE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=40)
_REPORT = st.tuples(_CHINESE, st.text(max_size=40), _CHINESE).map(
    lambda parts: f"{parts[0]}政府信息公开{parts[1]}{parts[2]}" * 3
)


@given(_REPORT, st.sampled_from(["utf-8", "gb18030"]))
@example("政府信息公开00" * 3, "gb18030")  # too little text for detection alone
def test_any_report_text_misread_as_latin_1_comes_back_whole(text, encoding):
    misread = text.encode(encoding).decode("latin-1")
    repair = repair_mojibake(misread)
    assert repair is not None
    assert repair.text == text


@given(st.text(max_size=300))
def test_repair_never_fails_on_any_text(text):
    repair = repair_mojibake(text)
    assert repair is None or "公开" in repair.text or "公開" in repair.text

"""The spaCy component registered through entry points."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy", reason="the spaCy components need the spacy extra")

SEED = Path(__file__).parent / "documents" / "seeds" / "000_70eac6e8a2e0d3d2.txt"


def test_add_pipe_sets_the_report():
    nlp = spacy.blank("zh")
    nlp.add_pipe("retable")
    doc = nlp(SEED.read_text("utf-8"))
    report = doc._.retable
    assert doc._.retable_error is None
    assert report.agency == "柳州市柳江区发展和改革局"
    assert report.table("requests").loc["new_received", "natural_person"] == 1


def test_text_without_tables_sets_the_error():
    nlp = spacy.blank("zh")
    nlp.add_pipe("retable")
    doc = nlp("本机关二〇二三年度没有收到政府信息公开申请。")
    assert doc._.retable is None
    assert "no standard table" in doc._.retable_error


def _blank_zh():
    # spaCy's char segmenter: no jieba or pkuseg, nothing to download.
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})


def test_narrative_component_finds_what_parse_finds():
    from retable.inputs.document import load_document
    from retable.narrative import find_figures
    from retable.pipeline import table_regions

    nlp = _blank_zh()
    nlp.add_pipe("retable_narrative")
    for name in (
        "011_pingtan-zone-2025.txt",
        "004_shanghai-govoffice-2025.md",
        "008_pingtan-zone-2022.txt",
    ):
        path = Path(__file__).parent / "documents" / "corpus" / name
        doc_in = load_document(path)
        pure = find_figures(doc_in, table_regions(doc_in))
        doc = nlp(doc_in.text)
        assert [(f.concept, f.value, f.alternatives) for f in doc._.retable_figures] == [
            (f.concept, f.value, f.alternatives) for f in pure
        ]
        spans = doc.spans["retable_figures"]
        assert len(spans) == len(pure)
        assert all(s.text.replace(" ", "").rstrip("件次条项起元万%％") for s in spans)


def test_narrative_component_cross_checks_the_report():
    nlp = _blank_zh()
    nlp.add_pipe("retable")
    nlp.add_pipe("retable_narrative")
    text = (Path(__file__).parent / "documents/corpus/011_pingtan-zone-2025.txt").read_text("utf-8")
    doc = nlp(text.replace("申请154件", "申请17件"))
    labels = [(s.text, s.label_) for s in doc.spans["retable_figures"]]
    assert ("17件", "received") in labels and ("36起", "review") in labels
    result = doc._.retable_crosscheck
    assert [w.code for w in result.warnings] == ["narrative_disagrees"]
    assert ("review_litigation", "cases", "review_total") in result.confirmed

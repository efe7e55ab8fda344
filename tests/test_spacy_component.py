"""The spaCy component registered through entry points."""

from __future__ import annotations

from pathlib import Path

import spacy

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

"""The Report API: DataFrames, long format, provenance, garbage input."""

from __future__ import annotations

import contextlib

from gold_compare import DOCUMENTS
from hypothesis import given, settings
from hypothesis import strategies as st

import retable

SEED = DOCUMENTS / "seeds" / "003_76f9b4547565cabc.txt"


def test_table_is_a_dataframe_with_labels():
    report = retable.parse(SEED)
    df = report.table("requests")
    assert list(df.index)[:3] == ["new_received", "carried_over", "granted"]
    assert df.loc["granted", "natural_person"] == 1
    labelled = report.table("requests", labels=True)
    assert labelled.loc["（一）予以公开", "自然人"] == 1
    assert df.attrs["column_labels"]["total"] == "总计"


def test_long_format_has_one_row_per_cell_with_provenance():
    report = retable.parse(SEED)
    long = report.to_long()
    assert len(long) == 200
    row = long[(long.row == "new_received") & (long.column == "natural_person")].iloc[0]
    assert row.value == 1 and row.raw == "1" and row.line == 52


def test_recovered_cells_are_marked():
    report = retable.parse(SEED)
    cell = report.tables["requests"]["granted"]
    flags = {c.column: c.flags for c in cell.values()}
    assert any("derived" in f for f in flags.values())


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_raises_only_retable_errors(text):
    with contextlib.suppress(retable.RetableError):
        retable.parse(text)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_raise_only_retable_errors(data):
    with contextlib.suppress(retable.RetableError):
        retable.parse(data)

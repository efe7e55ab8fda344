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


def test_tables_use_nullable_dtypes():
    report = retable.parse(SEED)
    requests = report.table("requests")
    assert set(requests.dtypes.astype(str)) == {"Int64"}
    active = report.table("active_disclosure")
    assert str(active.dtypes["fee_amount"]) == "Float64"
    assert str(active.dtypes["issued"]) == "Int64"
    empty = retable.parse(SEED.read_text("utf-8").split("四、")[0]).table("review_litigation")
    assert empty.isna().all().all() and set(empty.dtypes.astype(str)) == {"Int64"}


def test_long_format_dtypes_and_names():
    import pandas as pd

    from retable.report import LONG_DTYPES

    long = retable.parse(SEED).to_long()
    assert {c: str(t) for c, t in long.dtypes.items()} == LONG_DTYPES
    # No column hides a DataFrame attribute (df.flags, df.size, df.index ...).
    assert not set(long.columns) & set(dir(pd.DataFrame))
    recovered = long[long.method == "recovered_by_arithmetic"]
    assert len(recovered) == 21
    assert recovered.raw.isna().all() and recovered.line.isna().all()
    assert (recovered.warnings == "value_recovered").all()
    assert long.amount.notna().sum() == 1  # the one money cell, 本年收费金额


def test_csv_writes_integers_and_leaves_missing_empty():
    import csv
    import io

    import pandas as pd
    from click.testing import CliRunner

    from retable.cli import main
    from retable.report import LONG_DTYPES

    out = CliRunner().invoke(main, ["parse", str(SEED), "--format", "csv"]).stdout
    assert "nan" not in out and "<NA>" not in out
    back = pd.read_csv(io.StringIO(out), dtype=LONG_DTYPES, keep_default_na=False, na_values=[""])
    long = retable.parse(SEED).to_long()
    assert back.value.equals(long.value)
    counts = [row["value"] for row in csv.DictReader(io.StringIO(out))]
    assert counts and all(v.isdigit() for v in counts if v)  # 0 and 12, never 0.0


def test_repr_is_short_and_html_marks_doubted_cells():
    report = retable.parse(SEED)
    text = repr(report)
    assert len(text) < 300
    assert "柳园口乡政府 2022" in text and "21 doubted" in text
    page = report._repr_html_()
    assert page.count("<table>") == 3
    assert page.count('class="warned"') == 21
    assert 'title="value_recovered; recovered_by_arithmetic"' in page

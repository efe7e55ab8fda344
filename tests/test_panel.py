"""The panel across agencies and years, its audit trail and agency identity, on real reports."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import retable
from retable.agency import agency_id, resolve_agency, unresolved
from retable.bulk.flatten import cell_rows
from retable.bulk.records import CELL_FIELDS
from retable.bulk.run import run_bulk
from retable.pipeline import parse_with_document

DOCUMENTS = Path(__file__).resolve().parent / "documents"
PINGTAN = sorted((DOCUMENTS / "corpus").glob("0*_pingtan-zone-*.txt"))
PINGTAN_ID = "350128:综合实验区"
OTHER_2021 = ("other_no_correction", "other_no_fee", "other_other")


@pytest.fixture(scope="module")
def panel():
    return retable.parse_many(PINGTAN)


def _cell(panel, year, table, row, column):
    hit = panel[
        (panel.year == year)
        & (panel.table == table)
        & (panel.row == row)
        & (panel.column == column)
    ]
    assert len(hit) == 1, (year, row, column)
    return hit.iloc[0]


def test_text_offsets_hold_the_raw_text_over_the_whole_corpus() -> None:
    paths = sorted((DOCUMENTS / "corpus").iterdir()) + sorted((DOCUMENTS / "seeds").iterdir())
    checked = 0
    for path in paths:
        if path.suffix not in (".txt", ".md", ".html") or path.name == "README.md":
            continue
        report, doc = parse_with_document(path)
        for row in cell_rows(report, path.name, doc.raw_text):
            cell = dict(zip(CELL_FIELDS, row, strict=True))
            if cell["start"] is None:
                # a cell with no source (recovered, or its row missing) has no place;
                # an HTML table cell has none finer than its line
                assert cell["line"] is None or "<" in doc.raw_text, (path.name, cell)
                continue
            assert doc.raw_text[cell["start"] : cell["end"]] == cell["raw"], (path.name, cell)
            checked += 1
    assert checked > 1500


def test_every_year_of_one_agency_is_on_one_set_of_keys(panel) -> None:
    assert set(panel.agency_id) == {PINGTAN_ID}
    assert sorted(set(panel.year)) == list(range(2019, 2026))
    shared = [
        ("requests", "new_received", "total"),
        ("requests", "other", "natural_person"),  # 2021 form: the sum of its three rows
        ("requests", "carried_forward", "total"),
        ("review_litigation", "cases", "review_total"),
        ("active_disclosure", "regulations", "issued"),  # 2019 form: 本年新制作数量
        ("active_disclosure", "administrative_licensing", "decisions"),
    ]
    for year in range(2019, 2026):
        for key in shared:
            _cell(panel, year, *key)
    # 2021: （六）其他处理 is the sum of the three rows the 2021 form prints
    other = _cell(panel, 2021, "requests", "other", "total")
    parts = [_cell(panel, 2021, "requests", r, "total").value for r in OTHER_2021]
    assert other.crosswalk == "sum" and other.value == sum(parts) == 1
    issued = _cell(panel, 2019, "active_disclosure", "regulations", "issued")
    assert issued.form_column == "new_made" and issued.crosswalk == "rename"
    # what has no counterpart keeps its own key
    assert not panel[(panel.year == 2019) & (panel.column == "in_force")].shape[0]
    assert _cell(panel, 2020, "active_disclosure", "regulations", "total_published").value == 7


@pytest.mark.parametrize(
    ("year", "row", "values"),
    [
        # 2020's 上一年项目数量 (396, 10, 2648, 35) is 2019's count: one cut of 2019 fits
        (2019, "administrative_licensing", {"previous_count": 396, "change": 0, "decisions": 181}),
        (2019, "other_management_services", {"previous_count": 10, "change": 0, "decisions": 153}),
        (2019, "administrative_penalty", {"previous_count": 2648, "change": 0, "decisions": 430}),
        (2019, "administrative_fees", {"previous_count": 35, "change": 0}),
        (2020, "administrative_licensing", {"previous_count": 396}),
        (2020, "other_management_services", {"previous_count": 10}),
        # 2021's 现行有效件数 + 2022's 制发 − 废止 = 2022's 现行有效件数: 665 + 88 − 55 = 698
        (2021, "normative_documents", {"in_force": 665}),
        (2022, "normative_documents", {"issued": 88, "repealed": 55, "in_force": 698}),
    ],
)
def test_fused_digits_the_next_year_settles(panel, year, row, values) -> None:
    for column, value in values.items():
        cell = _cell(panel, year, "active_disclosure", row, column)
        assert cell.value == value
        assert cell.method == "resolved_by_panel"
        assert "ambiguous_split" not in cell.warnings


@pytest.mark.parametrize(
    ("year", "row", "columns"),
    [
        (2019, "normative_documents", ("issued", "new_published", "total_published")),
        (2019, "administrative_coercion", ("previous_count", "change", "decisions")),
        (2020, "administrative_licensing", ("change", "decisions")),
        (2021, "normative_documents", ("issued", "repealed")),
        (2023, "normative_documents", ("issued", "repealed", "in_force")),
        (2025, "normative_documents", ("issued", "repealed", "in_force")),
    ],
)
def test_what_nothing_settles_stays_warned(panel, year, row, columns) -> None:
    for column in columns:
        cell = _cell(panel, year, "active_disclosure", row, column)
        assert "ambiguous_split" in cell.warnings
        assert cell.method != "resolved_by_panel"


def test_cross_year_checks_are_reported(panel) -> None:
    checks = {
        (c["year"], c["check"], c["row"]): c["status"] for c in panel.attrs["cross_year_checks"]
    }
    assert checks[(2022, "carried_over", "carried_over")] == "pass"  # 2021 carried 1 into 2022
    assert checks[(2020, "previous_count", "administrative_licensing")] == "resolved"
    # 2023's 现行有效件数 fits no cut of 2022's: warned on both years' cells
    assert checks[(2023, "in_force", "normative_documents")] == "fail"
    cell = _cell(panel, 2023, "active_disclosure", "normative_documents", "in_force")
    assert "cross_year_mismatch" in cell.warnings
    carried = _cell(panel, 2022, "requests", "carried_over", "total")
    assert carried.value == 1 and carried.method == "split"  # out of fused digits


def test_bulk_writes_the_panel_and_reconciles_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in PINGTAN[:3]:
        shutil.copy(path, folder / path.name)
    shutil.copy(PINGTAN[0], folder / "mirror-of-2019.txt")  # the same report from a second source
    out = tmp_path / "out"
    run_bulk([str(folder)], out, jobs=1, progress=False)
    panel = retable.read_panel(out)
    assert str(panel["value"].dtype) == "Int64" and str(panel["amount"].dtype) == "Float64"
    keys = ["agency_id", "year", "table", "row", "column"]
    assert not panel.duplicated(keys).any()
    assert set(panel[panel.year == 2019].n_sources) == {2}
    assert set(panel[panel.year == 2020].n_sources) == {1}
    direct = retable.parse_many(sorted(folder.iterdir()))
    assert direct.attrs["duplicates"] == [
        {
            "agency": PINGTAN_ID,
            "year": 2019,
            "sources": ["005_pingtan-zone-2019.txt", "mirror-of-2019.txt"],
        }
    ]

    # the rows written in Arrow and those built in Python are the rows parse_many builds
    def rows(df):
        df = df.assign(warnings=df.warnings.map(tuple)).sort_values(keys)
        return df.reset_index(drop=True).astype(object).where(df.notna().values, None)

    assert list(panel.columns) == list(direct.columns)
    assert rows(panel).equals(rows(direct))
    cells = pq.read_table(out / "cells.parquet")
    assert cells.schema.field("value").type == pa.int64()
    assert cells.schema.field("warnings").type == pa.list_(pa.string())
    rows = cells.to_pylist()
    fused = [
        c
        for c in rows
        if c["source_id"] == "007_pingtan-zone-2021.txt" and c["row"] == "normative_documents"
    ]
    assert {c["method"] for c in fused} == {"split"}
    assert all(c["warnings"] == ["ambiguous_split"] and c["raw"] == "693665" for c in fused)
    fee = next(
        c
        for c in rows
        if c["source_id"] == "007_pingtan-zone-2021.txt" and c["column"] == "fee_amount"
    )
    assert fee["value"] is None and fee["amount"] == 24252.311082
    reports = pq.read_table(out / "reports.parquet").to_pylist()
    r2020 = next(r for r in reports if r["source_id"] == "006_pingtan-zone-2020.txt")
    assert {w["code"] for w in r2020["warning_list"]} >= {"ambiguous_split", "source_inconsistent"}
    assert len(r2020["failed_checks"]) == r2020["checks_failed"] == 2


SAME = [
    # (spellings of one agency): width, script, 办公厅/办公室, abbreviations, region prefix
    (
        "上海市人民政府办公厅",
        "上海市人民政府办公室",
        "上海市人民政府辦公廳",
        "上海市政府办",
        "上海市 人民政府办公厅",
    ),
    ("上海市科委", "上海市科学技术委员会", "上海市科學技術委員會"),
    ("平潭综合实验区", "福建省平潭综合实验区", "福建省 平潭综合实验区"),
    ("韶关市浈江区人民政府办公室", "浈江区人民政府办公室", "广东省韶关市浈江区人民政府办公室"),
    ("柳州市柳江区发展和改革局", "柳江区发改局", "柳州市柳江区发展和改革局"),
    ("沭阳县人民政府", "江苏省沭阳县人民政府", "宿迁市沭阳县人民政府"),
    ("柳北区政务服务监督管理办公室", "柳北區政務服務監督管理辦公室"),
    ("柳州市柳江区人力资源和社会保障局", "柳州市柳江区人力资源和社会保嶂局"),  # one character off
    ("沭阳县发展和改革局", "沭阳县发展和改革局"),
]


@pytest.mark.parametrize("names", SAME)
def test_one_agency_one_id(names) -> None:
    ids = {agency_id(n) for n in names}
    assert len(ids) == 1 and None not in ids, {n: agency_id(n) for n in names}


def test_different_agencies_never_share_an_id() -> None:
    names = [group[0] for group in SAME] + [
        "上海市教育局",
        "上海市体育局",
        "柳州市科学技术局",
        "北京市朝阳区人民政府",
        "沭阳县教育局",
    ]
    ids = [agency_id(n) for n in names]
    assert None not in ids
    assert len(set(ids)) == len(ids)


def test_names_without_a_region_are_reported_unresolved() -> None:
    # 沐阳县 is one character off both 沭阳县 (Jiangsu) and 沐川县 (Sichuan): not guessed
    names = ["沐阳县人民政府", "柳园口乡政府", "平潭综合实验区", "人民政府办公室"]
    assert unresolved(names) == ["沐阳县人民政府", "柳园口乡政府", "人民政府办公室"]
    assert resolve_agency("平潭综合实验区").how == "exact"
    assert resolve_agency("柳州市柳江区人力资源和社会保嶂局").how == "fuzzy_body"


def test_parse_many_records_failures_and_import_stays_light(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    panel = retable.parse_many([PINGTAN[0], empty])
    assert set(panel.source_id) == {PINGTAN[0].name}
    assert [e["source_id"] for e in panel.attrs["errors"]] == ["empty.txt"]
    code = "import sys, retable; assert not {'pandas', 'pyarrow'} & set(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)

"""The stages of assembly, each fed its real input type: tagged cells → records →
rows → candidate readings → the chosen readings → grid cells and warnings; and the
readings the arithmetic chooses between, which tagging makes without touching the
cells it is given."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from retable.arbitrate import (
    Reading,
    needed_numbers,
    preferred,
    tag_readings,
    with_ignored_numbers,
)
from retable.assemble import TableResult, assemble_table, place_records
from retable.assembly.choose import choose_readings
from retable.assembly.fit import fit_rows
from retable.assembly.grid import build_grid
from retable.assembly.positions import positional
from retable.assembly.records import Record, merge_continuations
from retable.assembly.warnings import row_warnings
from retable.inputs.document import build_document
from retable.meta import detect_form, detect_year
from retable.pipeline import region_cells, table_regions
from retable.roles import RuleRoleTagger, read_roles
from retable.schema import load_schema
from retable.solve import Candidate
from retable.tagger import shipped_tagger
from retable.types import Cell, Span

LINES = [
    "三、收到和处理政府信息公开申请情况",
    "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计",
    "一、本年新收政府信息公开申请数量\t20\t1\t0\t0\t0\t0\t21",
    "二、上年结转政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2",
    "三、本年度办理结果",
    "（一）予以公开\t15\t1\t0\t0\t0\t0\t16",
    # one cell lost: which column is not told by the arithmetic
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t3\t0\t0\t0\t0\t3",
    "四、结转下年度继续办理\t4\t0\t0\t0\t0\t0\t4",
    "四、政府信息公开行政复议、行政诉讼情况",
]
TABLE = "requests"
READ = ["new_received", "carried_over", "granted", "partially_granted", "carried_forward"]


@pytest.fixture(scope="module")
def split() -> tuple[list[Cell], str]:
    doc = build_document("t.txt", "\n".join(LINES), "utf-8")
    form, _ = detect_form(doc.text, detect_year(doc))
    return region_cells(doc, table_regions(doc)[TABLE], form), form


@pytest.fixture(scope="module")
def merged(split) -> list[Cell]:
    cells, form = split
    tagged = tag_readings(RuleRoleTagger(), cells, TABLE, form).tagged
    return merge_continuations(tagged, TABLE, form)


def test_tagging_gives_new_cells_and_leaves_the_split_cells_untagged(split):
    cells, form = split
    before = [replace(c) for c in cells]
    readings = tag_readings(shipped_tagger(), cells, TABLE, form)
    assert cells == before and {c.role for c in cells} == {""}
    roles = read_roles(shipped_tagger(), cells, TABLE, form)
    assert [(c.role, c.confidence) for c in readings.tagged] == roles
    assert [replace(c, role="", confidence=1.0) for c in readings.tagged] == cells
    assert readings.rules is None  # the rules read this table as the classifier does
    assert tag_readings(RuleRoleTagger(), cells, TABLE, form).rules is None


def test_a_cell_with_a_role_is_the_cell_with_only_role_and_confidence_changed():
    cell = Cell("12", " 12", Span(3, 4, 7), 1, 2, 8, "tab", "number", 5, 4, 1, True, 2, "tab")
    assert cell.with_role("value", 0.5) == replace(cell, role="value", confidence=0.5)
    assert len(fields(Cell)) == 18  # with_role names every field


def test_records_and_their_rows(merged, split):
    _, form = split
    placed = place_records(merged, load_schema().table(TABLE), form)
    rows = load_schema().table(TABLE).rows_for(form)
    assert [([c.text for c in r.labels], len(r.values), r.orphan) for r in placed.records] == [
        (["一、本年新收政府信息公开申请数量"], 7, False),
        (["二、上年结转政府信息公开申请数量"], 7, False),
        (["（一）予以公开"], 7, False),
        (["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], 6, False),
        (["四、结转下年度继续办理"], 7, False),
    ]
    assert placed.records[0].scores == {"new_received": 1.0, "carried_over": 0.6657142857142857}
    assert [rows[j].key for j in placed.assignment if j is not None] == READ
    assert placed.warnings == []


def test_candidates_choice_and_grid(merged, split):
    _, form = split
    spec = load_schema().table(TABLE)
    placed = place_records(merged, spec, form)
    fitted = fit_rows(merged, placed.records, placed.assignment, spec, form)
    assert list(fitted.options) == READ
    assert (fitted.runs_astray, fitted.warnings) == (0, [])
    assert [(c.values, c.kind, c.cost) for c in fitted.options["granted"]] == [
        ((15, 1, 0, 0, 0, 0, 16), "exact", 0.0)
    ]
    assert [(c.values, c.derived) for c in fitted.options["partially_granted"][:3]] == [
        ((0, 3, 0, 0, 0, 0, 3), (0,)),
        ((3, 0, 0, 0, 0, 0, 3), (1,)),
        ((3, 0, 0, 0, 0, 3, 6), (6,)),
    ]

    choice = choose_readings(fitted, spec, form)
    assert choice.chosen["partially_granted"].values == (None, None, 0, 0, 0, 0, 3)
    assert choice.chosen["partially_granted"].unresolved == (0, 1)
    assert [c.values for c in choice.ties["partially_granted"]] == [
        (3, 0, 0, 0, 0, 0, 3),
        (3, 0, 0, 0, 0, 3, 6),
    ]
    assert choice.warnings == []

    grid, warnings = build_grid(choice, fitted.sources, spec, form)
    total = grid["partially_granted"]["total"]
    assert (total.value, total.raw, total.confidence, total.flags) == (3, "3", 0.3, ("ambiguous",))
    assert grid["granted"]["natural_person"].span == Span(6, 140, 142)
    assert grid["denied_state_secret"]["total"].flags == ("missing_row",)
    assert [(w.code, w.row) for w in warnings[:3]] == [
        ("value_unrecoverable", "partially_granted"),
        ("ambiguous_split", "partially_granted"),
        ("row_not_found", "denied_state_secret"),
    ]
    assert assemble_table(merged, spec, form) == TableResult(TABLE, grid, warnings, 5)


def test_row_warnings_of_a_derived_value():
    spec = load_schema().table(TABLE)
    row = spec.rows_for("2021")[0]
    columns = spec.row_columns(row, "2021")
    cand = Candidate((1, 0, 0, 0, 0, 0, 1), (0, 1, 2, 3, 4, 5, None), 1.5, "missing", (6,))
    (warning,) = row_warnings(spec, row, columns, cand, [], [], guessed_cut=False)
    assert (warning.code, warning.column, warning.detail) == (
        "value_recovered",
        "total",
        {"columns": ["total"], "values": [1]},
    )


def test_aligned_values_go_under_the_header_they_stand_beneath():
    def value(text: str, x: int) -> Cell:
        cell = Cell(text, text, Span(1, x, x + 1), 0, 0, 2, "aligned", "number", x, x)
        return cell.with_role("value", 0.95)

    record = Record([], [value("5", 21), value("7", 41)])
    cand = positional(record, [(0, 2), (20, 22), (40, 42)])
    assert cand == Candidate((None, 5, 7), (None, 0, 1), 0.0, "aligned")


def test_the_readings_are_chosen_by_their_cost_and_the_tagger_wins_a_tie(merged):
    result = TableResult(TABLE, {}, [], 0)
    tagged, rules = Reading(result, merged), Reading(result, [])
    assert preferred(tagged, (0, 2, 0), rules, (0, 1, 5)) is rules
    assert preferred(tagged, (0, 1, 0), rules, (0, 1, 0)) is tagged
    assert needed_numbers(tagged) is None  # no number was left out
    assert with_ignored_numbers(tagged, load_schema().table(TABLE)) is result

"""Stage arbitrate: tagged cells → the table of whichever reading the arithmetic prefers.

The case: seed 003 (tab-separated rows, each of table three's rows lost one cell)
with a page number ``12`` on a line of its own between two of its rows, as a PDF's
text puts it. The classifier reads it as noise, the rules as a value; the rules'
reading puts 12 in the lost total of 5.属于三类内部事务信息, which breaks that row's
sum and the column's （七）总计, so the classifier's reading is kept.
"""

from __future__ import annotations

import pytest
from stage_inputs import DOCUMENTS, cells, located, rule_tagged

from retable.arbitrate import Readings, reading_cost, tag_readings
from retable.assemble import assemble_table
from retable.checks import run_checks
from retable.inputs.document import build_document
from retable.pipeline import assemble_readings, region_cells, table_regions
from retable.roles import RuleRoleTagger
from retable.schema import load_schema
from retable.tagger import shipped_tagger

SEED = "seeds/003_76f9b4547565cabc.txt"
FORM = "2021"


def _with_page_number(before: int, table: str) -> Readings:
    """The seed with a line ``12`` inserted before its 0-based line ``before``, read by
    the classifier and by the rules."""
    lines = (DOCUMENTS / SEED).read_text("utf-8").split("\n")
    doc = build_document("paged", "\n".join([*lines[:before], "12", *lines[before:]]), "utf-8")
    split = region_cells(doc, table_regions(doc)[table], FORM)
    readings = tag_readings(shipped_tagger(), split, table, FORM)
    assert readings.rules is not None
    return readings


def _values(grid: dict) -> dict:
    return {row: {col: g.value for col, g in cols.items()} for row, cols in grid.items()}


@pytest.fixture(scope="module")
def between_rows() -> Readings:
    # Between 5.属于三类内部事务信息 and 6.属于四类过程性信息: the new line is line 61.
    return _with_page_number(60, "requests")


def test_the_readings_differ_on_the_page_number_only(between_rows):
    differ = [
        (m.span.line, m.text, m.role, r.role)
        for m, r in zip(between_rows.tagged, between_rows.rules, strict=True)
        if m.role != r.role
    ]
    assert differ == [(61, "12", "noise", "value")]


def test_the_rules_reading_breaks_two_identities(between_rows):
    spec = load_schema().table("requests")
    ruled = assemble_table(between_rows.rules, spec, FORM)
    assert ruled.grid["denied_internal_affairs"]["total"].value == 12
    failed = [
        (c.name, c.where, c.lhs, c.rhs, c.verdict)
        for c in run_checks({"requests": ruled.grid}, FORM)
        if c.status == "fail"
    ]
    assert failed == [
        ("requests.row_total", "denied_internal_affairs", 12, 0, "source_inconsistent"),
        ("requests.processed_total", "total", 1, 13, "source_inconsistent"),
    ]
    modelled = assemble_table(between_rows.tagged, spec, FORM)
    # (failed identities, warnings, printed numbers dropped or split)
    assert reading_cost(modelled, between_rows.tagged, FORM) == (0, 21, 1)
    assert reading_cost(ruled, between_rows.rules, FORM) == (2, 20, 0)


def test_the_arithmetic_keeps_the_classifiers_reading(between_rows):
    spec = load_schema().table("requests")
    chosen = assemble_readings(between_rows, spec, FORM)
    # The table is the one read from the seed without the page number ...
    plain_cells = cells(SEED, "requests")
    plain_readings = tag_readings(shipped_tagger(), plain_cells, "requests", FORM)
    plain = assemble_readings(plain_readings, spec, FORM)
    assert _values(chosen.grid) == _values(plain.grid)
    assert chosen.grid["denied_internal_affairs"]["total"].value == 0
    # ... and the number it left out is reported, with its line.
    ignored = [w for w in chosen.warnings if w.code == "numbers_ignored"]
    assert [w.detail for w in ignored] == [{"numbers": [{"text": "12", "line": 61}]}]
    assert not [w for w in plain.warnings if w.code == "numbers_ignored"]


def test_when_the_arithmetic_ties_the_literal_reading_wins():
    # Before (二)部分公开…, whose row lost a cell too: either reading passes every
    # identity with as many warnings, so the one that drops no printed number is kept;
    # its row then holds one value too many, and its total is left empty, with a warning.
    readings = _with_page_number(55, "requests")
    spec = load_schema().table("requests")
    modelled = assemble_table(readings.tagged, spec, FORM)
    ruled = assemble_table(readings.rules, spec, FORM)
    assert reading_cost(modelled, readings.tagged, FORM) == (0, 21, 1)
    assert reading_cost(ruled, readings.rules, FORM) == (0, 21, 0)
    chosen = assemble_readings(readings, spec, FORM)
    assert _values(chosen.grid) == _values(ruled.grid)
    assert chosen.grid["partially_granted"]["total"].value is None
    assert ("extra_values", "partially_granted") in {(w.code, w.row) for w in chosen.warnings}
    assert not [w for w in chosen.warnings if w.code == "numbers_ignored"]


def test_with_the_rules_as_tagger_there_is_one_reading():
    spec = load_schema().table("requests")
    form = located(SEED).form
    once = assemble_table(rule_tagged(SEED, "requests"), spec, form)
    readings = tag_readings(RuleRoleTagger(), cells(SEED, "requests"), "requests", form)
    assert readings.rules is None
    arbitrated = assemble_readings(readings, spec, form)
    assert _values(arbitrated.grid) == _values(once.grid)
    assert [w.code for w in arbitrated.warnings] == [w.code for w in once.warnings]

"""Calibrated cell confidence: shipped as JSON, and ≥ 0.99 means right at least 99 % of the time."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

import retable
from retable.calibration import (
    CALIBRATION,
    calibrate,
    calibrated,
    evidence,
    load_calibration,
    lower_bound,
)

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))

from corruptions import LINE_KINDS, corrupt, targets  # noqa: E402
from gold_compare import compare, document_for, gold_files, load_gold  # noqa: E402

from retable.inputs.decode import decode_bytes  # noqa: E402
from retable.inputs.html import looks_like_html  # noqa: E402
from retable.training.annotate import excused_cells  # noqa: E402


def test_shipped_as_json_with_its_held_out_measurement():
    data = json.loads(CALIBRATION.read_text("utf-8"))
    assert data["format"] == "retable.calibration.v1"
    assert all(len(v) == 2 and 0 <= v[0] <= v[1] for v in data["classes"].values())
    held_out = data["evaluation"]
    assert held_out["at_0.99"]["accuracy"] >= 0.99
    assert held_out["at_0.99"]["cells"] > 0.5 * held_out["cells"]
    assert load_calibration() is not None


def test_lower_bound_is_conservative():
    assert lower_bound(0, 0) == 0.0
    assert lower_bound(99, 100) < 0.99
    assert lower_bound(9900, 10000) < 0.99 < lower_bound(99990, 100000)
    assert lower_bound(50, 100) < lower_bound(500, 1000) < 0.5


def _right_at(report, gold) -> list[bool]:
    """Whether each gold cell the report holds at ≥ 0.99 equals its gold value."""
    wrong = {(m.table, m.row, m.column) for m in compare(gold, _values(report))}
    excused = set(excused_cells(gold))
    out = []
    for table, rows in gold["tables"].items():
        for row, cols in rows.items():
            for column in cols:
                cell = report.tables.get(table, {}).get(row, {}).get(column)
                if (
                    cell is not None
                    and cell.confidence >= 0.99
                    and (table, row, column) not in excused
                ):
                    out.append((table, row, column) not in wrong)
    return out


def _values(report) -> dict:
    return {t: report.values(t) for t in report.tables}


@pytest.mark.parametrize("seed", [11])
def test_cells_at_099_are_right_on_corrupted_real_reports(seed):
    """A fresh sample (a seed the shipped counts were not fitted on): table-line
    corruptions of every real report, and the clean parses."""
    right: list[bool] = []
    for path in gold_files():
        gold = load_gold(path)
        doc = document_for(gold)
        text, _ = decode_bytes(doc.read_bytes(), str(doc))
        clean = retable.parse(text, name=doc.name)
        right += _right_at(clean, gold)
        ts = targets(clean, text, looks_like_html(text))
        for kind in LINE_KINDS:
            rng = random.Random(f"{seed}/{doc.name}/{kind}")
            bad, applied = corrupt(rng, text, ts, kind, 1, looks_like_html(text))
            if applied:
                right += _right_at(retable.parse(bad, name=doc.name), gold)
    assert len(right) > 10_000
    assert sum(right) / len(right) >= 0.99


def test_prose_agreement_and_arithmetic_raise_confidence():
    report = retable.parse(HERE / "documents" / "corpus" / "011_pingtan-zone-2025.txt")
    facts = evidence(report.tables, report.checks, report.warnings, report.form)
    received = facts[("requests", "new_received", "total")]
    assert received["prose"] == "agrees" and received["identity"] == "held"
    counts = load_calibration()
    assert calibrated(received, counts) >= calibrated(dict(received, prose="none"), counts)
    alone = dict(received, prose="none", identity="none")
    assert calibrated(received, counts) >= calibrated(alone, counts)
    doubted = dict(received, prose="doubted")
    assert calibrated(doubted, counts) <= calibrated(dict(received, prose="none"), counts)
    assert report.tables["requests"]["new_received"]["total"].confidence >= 0.99


def test_calibrate_returns_new_cells():
    report = retable.parse(HERE / "documents" / "seeds" / "000_70eac6e8a2e0d3d2.txt")
    before = {id(c): c.confidence for c in report.cells()}
    out = calibrate(report.tables, report.checks, report.warnings, report.form)
    assert all(before[id(c)] == c.confidence for c in report.cells())
    assert {id(c) for t in out.values() for r in t.values() for c in r.values()}.isdisjoint(before)

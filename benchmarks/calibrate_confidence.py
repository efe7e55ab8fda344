"""Measure and fit the calibrated cell confidence (``retable.calibration``).

Cells come from the clean parses of the real reports and of their converted layouts
(``tests/documents/converted``: what 30-odd converters print of two real pages), and from
the corrupted runs of the corruption benchmark (every kind, on every real report that
parses exactly). Each cell is right when it equals its gold value. Counts per evidence
class are written to ``src/retable/models/calibration/calibration.json``.

How well it is calibrated is measured on held-out reports: the reports are split into
two folds by family (a report with all its converted layouts), each fold's cells get the
confidence fitted on the other fold, and the reliability (confidence band vs observed
accuracy) is stored with the counts, next to the same table for the assembler's
uncalibrated confidence.

    python benchmarks/calibrate_confidence.py [--trials 2] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_corruption import corrupted_runs, exact_documents  # noqa: E402
from corruptions import KINDS  # noqa: E402
from gold_compare import DOCUMENTS, compare, gold_files, load_gold  # noqa: E402

import retable  # noqa: E402
import retable.calibration as calibration  # noqa: E402
from retable.errors import RetableError  # noqa: E402
from retable.training.annotate import excused_cells  # noqa: E402

BINS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0001)


def family(name: str) -> str:
    """The report a document is, whatever converter printed it (``001_…``)."""
    return name.split(".")[0]


def cell_records(report, gold: dict) -> list[tuple[dict, bool, float, float]]:
    """``(facts, right, uncalibrated confidence, cap)`` of every gold cell the report
    holds (the cap: what the cell's flags allow at most, see ``calibration``)."""
    facts = calibration.evidence(report.tables, report.checks, report.warnings, report.form)
    wrong = {(m.table, m.row, m.column) for m in compare(gold, report_values(report))}
    excused = set(excused_cells(gold))
    out = []
    for table, rows in gold["tables"].items():
        for row, cols in rows.items():
            for column in cols:
                key = (table, row, column)
                cell = report.tables.get(table, {}).get(row, {}).get(column)
                if cell is None or key in excused:
                    continue
                cap = calibration.flag_cap(cell)
                out.append((facts[key], key not in wrong, cell.confidence, cap))
    return out


def report_values(report) -> dict:
    return {t: report.values(t) for t in report.tables}


def converted_documents() -> list[tuple[str, dict, Path]]:
    golds = {p.stem: load_gold(p) for p in gold_files()}
    out = []
    for path in sorted((DOCUMENTS / "converted").iterdir()):
        gold = golds.get(family(path.name))
        if gold is not None:
            out.append((path.name, gold, path))
    return out


def collect(trials: int, seed: int) -> list[tuple[str, dict, bool, float, float]]:
    """``(family, facts, right, raw confidence, cap)`` of every cell of every run."""
    records = []
    for name, gold, path in converted_documents():
        try:
            report = retable.parse(path)
        except RetableError:
            continue
        records += [(family(name), *r) for r in cell_records(report, gold)]
    documents = exact_documents()
    for gold, doc, _, _ in documents:
        report = retable.parse(doc)
        records += [(family(doc.name), *r) for r in cell_records(report, gold)]
    for run in corrupted_runs(tuple(KINDS), trials, seed, documents):
        if run.report is not None:
            records += [(family(run.name), *r) for r in cell_records(run.report, run.gold)]
    return records


def fit(records) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, facts, right, *_ in records:
        for level in calibration.LEVELS:
            c = counts[calibration.class_key(facts, level)]
            c[0] += right
            c[1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def reliability(pairs: list[tuple[float, bool]]) -> list[dict]:
    """Per confidence band: cells, mean confidence, observed accuracy."""
    out = []
    for lo, hi in pairwise(BINS):
        inside = [(c, r) for c, r in pairs if lo <= c < hi]
        if inside:
            out.append(
                {
                    "band": f"[{lo:g}, {min(hi, 1):g}{']' if hi > 1 else ')'}",
                    "cells": len(inside),
                    "confidence": round(sum(c for c, _ in inside) / len(inside), 4),
                    "accuracy": round(sum(r for _, r in inside) / len(inside), 4),
                }
            )
    return out


def held_out(records) -> dict:
    """Two folds by family: each fold scored with the counts fitted on the other."""
    sizes: dict[str, int] = defaultdict(int)
    for fam, *_ in records:
        sizes[fam] += 1
    folds: list[set[str]] = [set(), set()]
    weight = [0, 0]
    for fam in sorted(sizes, key=lambda f: (-sizes[f], f)):  # balanced: largest first
        k = weight.index(min(weight))
        folds[k].add(fam)
        weight[k] += sizes[fam]
    calibrated, raw = [], []
    for fold in folds:
        counts = fit([r for r in records if r[0] not in fold])
        for fam, facts, right, conf, cap in records:
            if fam in fold:
                calibrated.append((min(calibration.calibrated(facts, counts), cap), right))
                raw.append((conf, right))
    top = [r for c, r in calibrated if c >= 0.99]
    raw_top = [r for c, r in raw if c >= 0.99]
    return {
        "folds": [sorted(f) for f in folds],
        "calibrated": reliability(calibrated),
        "uncalibrated": reliability(raw),
        "at_0.99": {"cells": len(top), "accuracy": round(sum(top) / max(len(top), 1), 5)},
        "uncalibrated_at_0.99": {
            "cells": len(raw_top),
            "accuracy": round(sum(raw_top) / max(len(raw_top), 1), 5),
        },
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-write", action="store_true", help="measure only")
    args = ap.parse_args(argv)
    started = time.monotonic()
    calibration.load_calibration.cache_clear()
    real = calibration.load_calibration
    calibration.load_calibration = lambda *a: None  # measure the uncalibrated confidence
    try:
        records = collect(args.trials, args.seed)
    finally:
        calibration.load_calibration = real
    evaluation = held_out(records)
    evaluation.update(
        cells=len(records),
        wrong=sum(1 for r in records if not r[2]),
        trials=args.trials,
        seed=args.seed,
    )
    print(json.dumps(evaluation, ensure_ascii=False, indent=1))
    print(f"{len(records)} cells; {time.monotonic() - started:.0f} s")
    if not args.no_write:
        data = {
            "format": "retable.calibration.v1",
            "levels": [list(level) for level in calibration.LEVELS],
            "min_cells": calibration.MIN_CELLS,
            "z": calibration.Z,
            "classes": {k: list(v) for k, v in sorted(fit(records).items())},
            "evaluation": evaluation,
        }
        calibration.CALIBRATION.parent.mkdir(parents=True, exist_ok=True)
        calibration.CALIBRATION.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        print(f"wrote {calibration.CALIBRATION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

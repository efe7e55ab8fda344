"""Corruption benchmark: cell accuracy and the silent-error rate per corruption kind.

Each gold document is corrupted ``RATES`` times over (1, 2, 4 corruptions of one
kind) in several random trials and parsed again. A run is

- *wrong* when at least one gold cell comes out different (a number that
  changed, appeared or vanished);
- *alarmed* when the output carries a failed check or a warning about the
  tables that the clean parse did not have (year/agency warnings do not count),
  or when parsing failed with a :class:`retable.RetableError`;
- *silent* when it is wrong and not alarmed: the failure a user cannot see.

    python benchmarks/bench_corruption.py [--trials 4] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corruptions import KINDS, corrupt, targets  # noqa: E402
from gold_compare import compare, document_for, gold_files, load_gold  # noqa: E402

import retable  # noqa: E402
from retable.decode import decode_bytes  # noqa: E402
from retable.errors import RetableError  # noqa: E402
from retable.html import looks_like_html  # noqa: E402

RATES = (1, 2, 4)
METADATA = {"year_not_found", "agency_not_found"}


def alarms(report) -> set[tuple]:
    """Everything in a report that tells the user the tables may be off."""
    out: set[tuple] = {("check", c.name, c.where) for c in report.checks if c.status == "fail"}
    out |= {("warn", w.code, w.table, w.row) for w in report.warnings if w.code not in METADATA}
    return out


def gold_cells(gold: dict) -> int:
    return sum(len(cols) for rows in gold["tables"].values() for cols in rows.values())


def run(trials: int, seed: int) -> dict:
    """Per kind and rate: runs, wrong runs, silent runs, wrong cells, cells."""
    stats: dict = defaultdict(lambda: defaultdict(int))
    silent_cases: list[dict] = []
    for path in gold_files():
        gold = load_gold(path)
        doc = document_for(gold)
        text, _ = decode_bytes(doc.read_bytes(), str(doc))
        html = looks_like_html(text)
        clean = retable.parse(text, name=doc.name)
        base = alarms(clean)
        ts = targets(clean, text, html)
        cells = gold_cells(gold)
        for kind in KINDS:
            for rate in RATES:
                for trial in range(trials):
                    rng = random.Random(f"{seed}/{doc.name}/{kind}/{rate}/{trial}")
                    bad, applied = corrupt(rng, text, ts, kind, rate, html)
                    if applied == 0:
                        continue
                    s = stats[(kind, rate)]
                    s["runs"] += 1
                    s["cells"] += cells
                    try:
                        report = retable.parse(bad, name=doc.name)
                    except RetableError:
                        s["failed"] += 1
                        s["wrong_cells"] += cells
                        continue
                    tables = {t: report.values(t) for t in report.tables}
                    wrong = compare(gold, tables)
                    s["wrong_cells"] += len(wrong)
                    if not wrong:
                        continue
                    s["wrong"] += 1
                    if alarms(report) - base:
                        continue
                    s["silent"] += 1
                    silent_cases.append(
                        {
                            "document": doc.name,
                            "kind": kind,
                            "rate": rate,
                            "trial": trial,
                            "wrong": [str(m) for m in wrong[:5]],
                        }
                    )
    return {"stats": stats, "silent_cases": silent_cases}


def _row(name: str, s: dict) -> str:
    runs = max(s["runs"], 1)
    acc = 1 - s["wrong_cells"] / max(s["cells"], 1)
    return (
        f"| {name} | {s['runs']} | {acc:.1%} | {s['wrong'] / runs:.1%} | "
        f"{s['silent']} | {s['silent'] / runs:.2%} |"
    )


def table(stats: dict) -> str:
    """The markdown table: one line per kind, per rate and overall."""
    lines = [
        "| corruption | runs | cell accuracy | runs with a wrong value | silent "
        "| silent-error rate |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total: dict = defaultdict(int)
    per_rate: dict = defaultdict(lambda: defaultdict(int))
    for kind in KINDS:
        agg: dict = defaultdict(int)
        for rate in RATES:
            for k, v in stats.get((kind, rate), {}).items():
                agg[k] += v
                total[k] += v
                per_rate[rate][k] += v
        lines.append(_row(kind, agg))
    for rate in RATES:
        lines.append(_row(f"*all kinds, {rate} per document*", per_rate[rate]))
    lines.append(_row("**all**", total))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="write per-kind numbers and silent cases here")
    args = ap.parse_args(argv)
    started = time.monotonic()
    result = run(args.trials, args.seed)
    print(table(result["stats"]))
    print(f"\n{len(result['silent_cases'])} silent runs; {time.monotonic() - started:.0f} s")
    for case in result["silent_cases"][:30]:
        print(json.dumps(case, ensure_ascii=False))
    if args.json:
        data = {
            "stats": {f"{k}/{r}": dict(v) for (k, r), v in result["stats"].items()},
            "silent_cases": result["silent_cases"],
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Corruption benchmark: cell accuracy and the silent-error rate per corruption kind and table.

Each real document that parses exactly (its clean parse equals its gold grid) is
corrupted ``RATES`` times over (1, 2, 4 corruptions of one kind) in several random trials
and parsed again. A run is

- *wrong* when at least one gold cell comes out different (a number that
  changed, appeared or vanished);
- *alarmed* when the output carries a failed check or a warning about the
  tables that the clean parse did not have (a warning with a message of its own; the
  year/agency warnings do not count),
  or when parsing failed with a :class:`retable.RetableError`, or when every wrong
  cell is named by a warning of the corrupted parse (on its cell, or on its row with no
  column: ``placed_by_position`` says a row's values were placed by where they stand,
  before and after the corruption, and a value moved within that row is still warned);
- *silent* when it is wrong and not alarmed: the failure a user cannot see.

A silent run is further told apart by what the corrupted text itself prints. Where an edit
leaves a number in its cell's place (a digit dropped or changed, two numbers swapped) or
an empty cell (an emptied ``<td>``), the corrupted text is another report whose grid is
known cell by cell; when the output equals that grid on every wrong cell, the parser *read
the text as printed* and the text is itself consistent (no identity of the output failed),
so no reader of this one document could see the change: only its prose, or another year's
report, could. The other silent runs are *misread*: a value the text does not print there,
unflagged.

Per table, a run is wrong in a table when a cell of that table is wrong, and alarmed in
it when a new alarm names that table (or no table). The kinds of one table line (a digit
dropped or changed, two numbers swapped, a line dropped or repeated) are
``corruptions.LINE_KINDS``; ``--kinds line`` runs only those.

    python benchmarks/bench_corruption.py [--trials 4] [--kinds line] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corruptions import KINDS, LINE_KINDS, corrupt_recorded, targets  # noqa: E402
from gold_compare import compare, document_for, gold_files, load_gold  # noqa: E402

import retable  # noqa: E402
from retable.errors import RetableError  # noqa: E402
from retable.inputs.decode import decode_bytes  # noqa: E402
from retable.inputs.html import looks_like_html  # noqa: E402

RATES = (1, 2, 4)
METADATA = {"year_not_found", "agency_not_found"}


def alarms(report) -> set[tuple]:
    """Everything in a report that tells the user the tables may be off, with its table."""
    out: set[tuple] = {
        ("check", c.table, c.name, c.where) for c in report.checks if c.status == "fail"
    }
    # A warning is told apart by its message too: a second unplaced_values warning
    # listing other values is news, though the clean parse had one.
    out |= {
        ("warn", w.table, w.code, w.row, w.column, w.message)
        for w in report.warnings
        if w.code not in METADATA
    }
    return out


def warned_cells(report) -> set[tuple]:
    """``(table, row, column)`` of every cell a warning names, ``column`` None for a
    warning on a whole row."""
    return {(w.table, w.row, w.column) for w in report.warnings if w.row is not None}


def all_warned(wrong, warned: set[tuple]) -> bool:
    """Whether a warning names each wrong cell (or its whole row)."""
    return bool(wrong) and all(
        (m.table, m.row, m.column) in warned or (m.table, m.row, None) in warned for m in wrong
    )


def gold_cells(gold: dict) -> int:
    return sum(len(cols) for rows in gold["tables"].values() for cols in rows.values())


def exact_documents() -> list[tuple[dict, Path, str, bool]]:
    """``(gold, path, text, is_html)`` of every real document whose clean parse is exact
    (the converter sweep's synthetic pages, ``synth-<seed>-<n>``, are left out)."""
    out = []
    for path in gold_files():
        gold = load_gold(path)
        if Path(gold["source"]).name.startswith("synth-"):
            continue
        doc = document_for(gold)
        text, _ = decode_bytes(doc.read_bytes(), str(doc))
        clean = retable.parse(text, name=doc.name)
        if not compare(gold, {t: clean.values(t) for t in clean.tables}):
            out.append((gold, doc, text, looks_like_html(text)))
    return out


class Run(NamedTuple):
    """One corrupted parse: the document, the corruption, and both parses."""

    name: str
    kind: str
    rate: int
    trial: int
    gold: dict
    clean: object
    report: object | None  # None: the parse raised a RetableError
    printed: dict | None  # what the edited cells print now (corruptions.Corrupted)


def corrupted_runs(kinds, trials: int, seed: int, documents=None):
    """Every corrupted run (a :class:`Run`)."""
    for gold, doc, text, html in documents or exact_documents():
        clean = retable.parse(text, name=doc.name)
        ts = targets(clean, text, html)
        for kind in kinds:
            for rate in RATES:
                for trial in range(trials):
                    rng = random.Random(f"{seed}/{doc.name}/{kind}/{rate}/{trial}")
                    bad = corrupt_recorded(rng, text, ts, kind, rate, html)
                    if bad.applied == 0:
                        continue
                    try:
                        report = retable.parse(bad.text, name=doc.name)
                    except RetableError:
                        report = None
                    yield Run(doc.name, kind, rate, trial, gold, clean, report, bad.printed)


def read_as_printed(wrong, printed: dict | None) -> bool:
    """Whether every wrong cell holds what the corrupted text prints in its place (a number,
    or nothing for a cell printed empty)."""
    if not printed:
        return False
    for m in wrong:
        key = (m.table, m.row, m.column)
        if key not in printed:
            return False
        value = printed[key]
        if value is None or m.got is None:
            if value is not None or m.got is not None:
                return False
        elif abs(float(m.got) - float(value)) > 1e-9:
            return False
    return True


def run(trials: int, seed: int, kinds=tuple(KINDS)) -> dict:
    """Per kind and rate, and per kind and table: runs, wrong, alarmed and silent runs."""
    stats: dict = defaultdict(lambda: defaultdict(int))
    per_table: dict = defaultdict(lambda: defaultdict(int))
    silent_cases: list[dict] = []
    base_alarms: dict[str, set] = {}
    for name, kind, rate, trial, gold, clean, report, printed in corrupted_runs(
        kinds, trials, seed
    ):
        base = base_alarms.setdefault(name, alarms(clean))
        cells = gold_cells(gold)
        s = stats[(kind, rate)]
        s["runs"] += 1
        s["cells"] += cells
        if report is None:
            s["failed"] += 1
            s["wrong"] += 1
            s["alarmed"] += 1
            s["wrong_cells"] += cells
            continue
        wrong = compare(gold, {t: report.values(t) for t in report.tables})
        s["wrong_cells"] += len(wrong)
        new = alarms(report) - base
        warned = warned_cells(report)
        alarmed = bool(new) or all_warned(wrong, warned)
        if wrong:
            s["wrong"] += 1
            s["alarmed" if alarmed else "silent"] += 1
        alarmed_tables = {a[1] for a in new}
        for table in {m.table for m in wrong}:
            t = per_table[(kind, table)]
            t["wrong"] += 1
            in_table = [m for m in wrong if m.table == table]
            unwarned = [m for m in in_table if not all_warned([m], warned)]
            loud = table in alarmed_tables or None in alarmed_tables or not unwarned
            t["alarmed" if loud else "silent"] += 1
            if not loud:
                t["printed" if read_as_printed(unwarned, printed) else "misread"] += 1
        if wrong and not alarmed:
            unwarned = [m for m in wrong if not all_warned([m], warned)]
            as_printed = read_as_printed(unwarned, printed)
            s["printed" if as_printed else "misread"] += 1
            silent_cases.append(
                {
                    "document": name,
                    "kind": kind,
                    "rate": rate,
                    "trial": trial,
                    "read_as_printed": as_printed,
                    "wrong": [str(m) for m in wrong[:5]],
                }
            )
    return {"stats": stats, "per_table": per_table, "silent_cases": silent_cases}


def _row(name: str, s: dict) -> str:
    runs = max(s["runs"], 1)
    acc = 1 - s["wrong_cells"] / max(s["cells"], 1)
    silent_share = s["silent"] / max(s["wrong"], 1)
    return (
        f"| {name} | {s['runs']} | {acc:.1%} | {s['wrong']} | {s['alarmed']} | "
        f"{s['silent']} | {s['printed']} | {s['misread']} | {s['silent'] / runs:.2%} | "
        f"{silent_share:.1%} |"
    )


def table(stats: dict, kinds=tuple(KINDS)) -> str:
    """The markdown table: one line per kind, per rate and overall."""
    lines = [
        "| corruption | runs | cell accuracy | wrong runs | alarmed | silent "
        "| silent, read as printed | silent, misread | silent / runs | silent / wrong |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total: dict = defaultdict(int)
    per_rate: dict = defaultdict(lambda: defaultdict(int))
    for kind in kinds:
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


def table_by_table(per_table: dict, kinds=tuple(KINDS)) -> str:
    """Wrong, alarmed and silent runs per kind and table (a run counts in every table it
    got wrong); silent runs as *read as printed* + *misread*."""
    tables = ("active_disclosure", "requests", "review_litigation")
    head = " | ".join(f"{t} wrong / alarmed / silent (printed + misread)" for t in tables)
    lines = [f"| corruption | {head} |", "|---|" + "---:|" * len(tables)]
    total: dict = defaultdict(lambda: defaultdict(int))
    for kind in (*kinds, None):
        cells = []
        for t in tables:
            s = per_table.get((kind, t), {}) if kind else total[t]
            if kind:
                for k, v in s.items():
                    total[t][k] += v
            cells.append(
                f"{s.get('wrong', 0)} / {s.get('alarmed', 0)} / {s.get('silent', 0)} "
                f"({s.get('printed', 0)} + {s.get('misread', 0)})"
            )
        lines.append(f"| {kind or '**all**'} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kinds", default="all", help="all, line (the table-line kinds) or a,b,c")
    ap.add_argument("--json", type=Path, help="write per-kind numbers and silent cases here")
    ap.add_argument(
        "--no-narrative", action="store_true", help="leave out the prose cross-check (ablation)"
    )
    args = ap.parse_args(argv)
    if args.no_narrative:
        import retable.pipeline
        from retable.crosscheck import CrossCheck

        empty = CrossCheck((), (), frozenset(), frozenset())
        retable.pipeline.check_prose = lambda *a, **k: empty
    kinds = {"all": tuple(KINDS), "line": LINE_KINDS}.get(args.kinds) or tuple(
        args.kinds.split(",")
    )
    started = time.monotonic()
    result = run(args.trials, args.seed, kinds)
    print(table(result["stats"], kinds))
    print()
    print(table_by_table(result["per_table"], kinds))
    print(f"\n{len(result['silent_cases'])} silent runs; {time.monotonic() - started:.0f} s")
    for case in result["silent_cases"][:30]:
        print(json.dumps(case, ensure_ascii=False))
    if args.json:
        data = {
            "stats": {f"{k}/{r}": dict(v) for (k, r), v in result["stats"].items()},
            "per_table": {f"{k}/{t}": dict(v) for (k, t), v in result["per_table"].items()},
            "silent_cases": result["silent_cases"],
        }
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

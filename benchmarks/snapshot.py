"""Snapshot every output of the parser, and compare two snapshots.

A restructuring or a speed-up must not change what retable returns; a new
mechanism should change only the documents it is for. A snapshot is the JSON of
every report (values, checks, warnings and provenance) for every test document,
the bundled example and a synthetic mix of every layout, with both taggers, as
JSON Lines keyed by tagger and document. ``--compare`` prints which documents
differ and how many cells changed, so a change can be read document by document.

    python benchmarks/snapshot.py -o before.jsonl
    python benchmarks/snapshot.py -o after.jsonl
    python benchmarks/snapshot.py --compare before.jsonl after.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))


def documents(n_synthetic: int, work: Path) -> list[Path]:
    """Every test document and example, then ``n_synthetic`` synthetic reports."""
    from bench_bulk import synthetic

    skip = {"README.md", "SOURCES.md"}
    real = sorted(
        p
        for folder in (ROOT / "tests" / "documents", ROOT / "examples")
        for p in folder.rglob("*")
        if p.is_file() and p.name not in skip
    )
    return [*real, *synthetic(n_synthetic, work)]


def outcome(path: Path, tagger) -> dict:
    """The report's JSON with provenance, or the error it raised."""
    import retable

    try:
        report = retable.parse(path.read_bytes(), name=path.name, tagger=tagger)
    except retable.RetableError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}
    return report.to_dict(provenance=True)


def take(out: Path, n_synthetic: int) -> None:
    from tqdm import tqdm

    from retable.pipeline import default_tagger
    from retable.roles import RuleRoleTagger

    taggers = {"model": default_tagger(), "rules": RuleRoleTagger()}
    with tempfile.TemporaryDirectory() as work:
        paths = documents(n_synthetic, Path(work))
        with out.open("w", encoding="utf-8") as fh:
            for tagger_name, tagger in taggers.items():
                for path in tqdm(paths, desc=tagger_name, unit="doc"):
                    key = f"{tagger_name}:{path.relative_to(path.parents[1])}"
                    record = {"key": key, "outcome": outcome(path, tagger)}
                    fh.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def load(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        return {r["key"]: r["outcome"] for r in map(json.loads, fh)}


def changed_cells(a: dict, b: dict) -> int:
    """Cells whose value differs between two reports (all cells if either failed)."""
    ta, tb = a.get("tables", {}), b.get("tables", {})
    count = 0
    for table in set(ta) | set(tb):
        ra, rb = ta.get(table, {}), tb.get(table, {})
        for row in set(ra) | set(rb):
            ca, cb = ra.get(row, {}), rb.get(row, {})
            count += sum(1 for col in set(ca) | set(cb) if ca.get(col) != cb.get(col))
    return count


def compare(before: Path, after: Path) -> int:
    a, b = load(before), load(after)
    differing = 0
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            print(f"{key}: only in {'after' if key not in a else 'before'}")
            differing += 1
        elif a[key] != b[key]:
            what = [
                part
                for part in sorted(set(a[key]) | set(b[key]))
                if a[key].get(part) != b[key].get(part)
            ]
            print(
                f"{key}: {changed_cells(a[key], b[key])} values changed; "
                f"differs in {', '.join(what)}"
            )
            differing += 1
    print(f"{differing} of {len(set(a) | set(b))} outcomes differ")
    return 1 if differing else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-o", "--output", type=Path, help="write a snapshot here")
    parser.add_argument("--synthetic", type=int, default=240, help="distinct synthetic reports")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    if not args.output:
        parser.error("give -o/--output or --compare")
    take(args.output, args.synthetic)


if __name__ == "__main__":
    main()

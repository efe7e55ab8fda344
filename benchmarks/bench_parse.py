"""CPU time per document of ``retable.parse`` alone, in one process, on the bundled mix.

The same mix as ``bench_bulk.py`` (the bundled real reports plus synthetic reports
of every layout), parsed from bytes already in memory, so the figure is the
parser's and nothing else's: no process start-up, no file reading, no output
writing. Each tagger is timed over several passes and the fastest pass kept
(a shared machine only ever adds time). ``--profile`` prints where the time goes.
Beside each figure stands the floor: the CPU time of only decoding each report,
NFKC-normalising it and finding its numbers with one regular expression, and the
ratio of the parse to it.

    python benchmarks/bench_parse.py
    python benchmarks/bench_parse.py --profile --tagger model
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_bulk import REAL, synthetic

import retable
from retable.pipeline import default_tagger
from retable.roles import RuleRoleTagger


def corpus(n_synthetic: int) -> list[tuple[str, bytes]]:
    with tempfile.TemporaryDirectory() as work:
        paths = [*REAL, *synthetic(n_synthetic, Path(work))]
        return [(str(p), Path(p).read_bytes()) for p in paths]


def parse_all(docs: list[tuple[str, bytes]], tagger) -> int:
    parsed = 0
    for name, data in docs:
        try:
            retable.parse(data, name=name, tagger=tagger)
            parsed += 1
        except retable.RetableError:
            pass
    return parsed


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def read_floor(docs: list[tuple[str, bytes]]) -> int:
    """The cost of only reading each report: decode, NFKC-normalise, find its numbers."""
    from retable.inputs.decode import decode_bytes

    found = 0
    for _, data in docs:
        text = unicodedata.normalize("NFKC", decode_bytes(data)[0])
        found += len(NUMBER.findall(text))
    return found


def best_cpu_seconds(passes: int, fn, *args) -> float:
    """The fastest of ``passes`` runs in CPU seconds (a shared machine only ever adds time)."""
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        fn(*args)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=240, help="distinct synthetic reports")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--tagger", choices=["model", "rules"], nargs="*", default=None)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    args = parser.parse_args()
    docs = corpus(args.synthetic)
    taggers = {"model": default_tagger(), "rules": RuleRoleTagger()}
    read_floor(docs[:3])
    floor = best_cpu_seconds(args.passes, read_floor, docs)
    for name in args.tagger or list(taggers):
        tagger = taggers[name]
        parse_all(docs[:3], tagger)  # caches and lazy imports outside the timing
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(parse_all, docs, tagger)
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)
            continue
        parsed = parse_all(docs, tagger)
        best = best_cpu_seconds(args.passes, parse_all, docs, tagger)
        print(
            json.dumps(
                {
                    "tagger": name,
                    "compiled": retable.compiled(),
                    "documents": len(docs),
                    "parsed": parsed,
                    "cpu_ms_per_document": round(1000 * best / len(docs), 2),
                    "reports_per_cpu_s": round(len(docs) / best, 1),
                    "floor_reports_per_cpu_s": round(len(docs) / floor, 1),
                    "ratio_to_floor": round(best / floor, 1),
                }
            )
        )


if __name__ == "__main__":
    main()

"""Throughput of ``retable bulk``: reports/s, MB/s and peak RSS, 1 worker vs all cores.

The corpus is N documents cycled from the bundled real reports (tests/documents,
examples) and, when the synthetic generator is importable, synthetic reports of
every layout. Not a timed test; results are recorded in benchmarks/README.md.

    python benchmarks/bench_bulk.py            # N = 10,000
    python benchmarks/bench_bulk.py -n 2000 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = [
    *sorted((ROOT / "tests" / "documents").rglob("*.txt")),
    *sorted((ROOT / "tests" / "documents").rglob("*.md")),
    *sorted((ROOT / "tests" / "documents").rglob("*.html")),
    *sorted((ROOT / "examples").glob("*.txt")),
]
REAL = [p for p in REAL if p.name not in ("README.md", "SOURCES.md")]


def synthetic(n: int, work: Path) -> list[Path]:
    try:
        from retable.training.synth import generate
    except ImportError:
        return []
    paths = generate(n, seed=7, out_dir=work / "synthetic")
    return [p for p in paths if p.suffix != ".json"]


def build_corpus(n: int, work: Path, synthetic_unique: int) -> Path:
    sources = REAL + synthetic(synthetic_unique, work)
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copyfile(src, corpus / f"{i:06d}_{src.name}")
    return corpus


def child(corpus: str, out: str, jobs: int) -> None:
    """Run one bulk job in this process and print its figures as JSON."""
    from retable import compiled
    from retable.bulk import run_bulk

    size = sum(p.stat().st_size for p in Path(corpus).iterdir())
    start = time.perf_counter()
    summary = run_bulk([corpus], out, jobs=jobs, overwrite=True, progress=False)
    wall = time.perf_counter() - start
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
    to_mb = 1024 if sys.platform != "darwin" else 1024 * 1024
    print(
        json.dumps(
            {
                "jobs": jobs,
                # True for the mypyc-compiled core (RETABLE_COMPILE=1 pip install .).
                "compiled": compiled(),
                "documents": summary.documents,
                "reports": summary.reports,
                "errors": summary.errors,
                "seconds": round(wall, 2),
                "reports_per_s": round(summary.documents / wall, 1),
                "reports_per_s_per_core": round(summary.documents / wall / jobs, 1),
                "mb_per_s": round(size / 1e6 / wall, 2),
                # CPU time of parent and workers: the per-core figure on a shared machine.
                "cpu_seconds": round(cpu, 1),
                "reports_per_cpu_s": round(summary.documents / cpu, 1),
                "peak_rss_parent_mb": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / to_mb, 1
                ),
                "peak_rss_worker_mb": round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / to_mb, 1
                ),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--synthetic", type=int, default=240, help="distinct synthetic reports")
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, os.cpu_count() or 1])
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep")
    parser.add_argument(
        "--child", nargs=3, metavar=("CORPUS", "OUT", "JOBS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="retable-bench-"))
    corpus = build_corpus(args.n, work, args.synthetic)
    print(f"corpus: {args.n} documents in {corpus}", file=sys.stderr)
    for jobs in dict.fromkeys(args.jobs):
        out = work / f"out-{jobs}"
        cmd = [sys.executable, __file__, "--child", str(corpus), str(out), str(jobs)]
        result = subprocess.run(cmd, capture_output=True, text=True, check=True)
        print(result.stdout.strip())
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()

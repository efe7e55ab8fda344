"""OCR benchmark: scanned reports, cells right / wrong with a warning / wrong silent.

The scans are made here and never stored: HTML reports printed by weasyprint
(ruled tables, WenQuanYi Micro Hei), rasterised at ``--dpi``, turned by up to 0.6°,
blurred, on grey paper, and saved as image-only PDFs (see scans.py). The reports
are held out of tests/: synthetic reports drawn from random gold grids
(retable.training.synth, seeded) and corpus 012, whose scan no test reads.

    python benchmarks/bench_ocr.py --synthetic 3 --engine rapidocr

Run it on one core (``taskset -c 0``) for the seconds per page of the README.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from scans import image_pdf, scan_html  # noqa: E402

import retable  # noqa: E402
from retable.inputs.scan import page_progress  # noqa: E402
from retable.training.annotate import compare_cells, excused_cells  # noqa: E402
from retable.training.synth import synthesize  # noqa: E402

CORPUS = HERE.parent.parent / "shared" / "corpus" / "raw"
GOLD = HERE.parent / "tests" / "gold" / "corpus"
NOT_ABOUT_CELLS = {"year_not_found", "agency_not_found", "table_not_found"}


def reports(synthetic: int, seed: int) -> list[tuple[str, str, dict]]:
    """(name, HTML, gold) of the held-out reports."""
    import json

    out = []
    rng = random.Random(seed)
    for n in range(synthetic):
        rendered, gold = synthesize(rng, "html", blanks=True, perturb=False)
        out.append((f"synthetic-{seed}-{n}", rendered.text, gold))
    raw = CORPUS / "012_shuyang-fgj-2023.html"
    if raw.exists():
        gold = json.loads((GOLD / "012_shuyang-fgj-2023.json").read_text("utf-8"))
        out.append(("corpus-012", raw.read_text("utf-8"), gold))
    return out


def warned(report, table: str, row: str, column: str) -> bool:
    """Whether a warning (or the cell's own flags) points at this cell."""
    cell = report.tables.get(table, {}).get(row, {}).get(column)
    if cell is not None and {"ocr_unconfirmed", "ambiguous", "unresolved"} & set(cell.flags):
        return True
    return any(
        w.table == table
        and w.code not in NOT_ABOUT_CELLS
        and w.row in (None, row)
        and w.column in (None, column)
        for w in report.warnings
    )


def score(report, gold: dict) -> tuple[int, int, int, list[str]]:
    """(right, wrong with a warning, wrong silent, the silent cells)."""
    tables = {
        t: {r: {c: cell.value for c, cell in cols.items()} for r, cols in g.items()}
        for t, g in report.tables.items()
    }
    right = loud = 0
    silent = []
    for table, row, col, expected, got, ok in compare_cells(
        gold["tables"], tables, excused_cells(gold)
    ):
        if ok:
            right += 1
        elif warned(report, table, row, col):
            loud += 1
        else:
            silent.append(f"{table}.{row}.{col}: {expected!r} read as {got!r}")
    return right, loud, len(silent), silent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--engine", default="rapidocr", choices=("rapidocr", "tesseract"))
    ap.add_argument(
        "--borderless", action="store_true", help="print the tables without rules (cut by position)"
    )
    args = ap.parse_args()
    os.environ["RETABLE_OCR_ENGINE"] = args.engine
    pages_seconds: list[float] = []
    page_progress.set(lambda source, done, total, seconds: pages_seconds.append(seconds))
    totals = [0, 0, 0]
    for name, markup, gold in reports(args.synthetic, args.seed):
        pages = scan_html(markup, random.Random(name), dpi=args.dpi, borders=not args.borderless)
        pdf = image_pdf(pages, args.dpi)
        started = time.perf_counter()
        try:
            report = retable.parse(pdf, name=name, timeout=None)
        except retable.RetableError as exc:
            print(f"{name}: {exc}")
            continue
        right, loud, silent, which = score(report, gold)
        for i, n in enumerate((right, loud, silent)):
            totals[i] += n
        print(
            f"{name}: {right} right, {loud} wrong with a warning, {silent} wrong silent "
            f"({time.perf_counter() - started:.0f} s)"
        )
        for cell in which:
            print(f"    silent: {cell}")
    cells = sum(totals)
    per_page = sum(pages_seconds) / max(len(pages_seconds), 1)
    print(
        f"\n{args.engine}, {args.dpi} dpi{', borderless' if args.borderless else ''}: "
        f"{cells} cells, {totals[0] / max(cells, 1):.2%} right, "
        f"{totals[1]} wrong with a warning, {totals[2]} wrong silent; "
        f"{len(pages_seconds)} pages, {per_page:.1f} s/page"
    )


if __name__ == "__main__":
    main()

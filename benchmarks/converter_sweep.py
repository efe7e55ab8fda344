"""Converter sweep: real HTML reports rendered by common tools, parsed, scored per converter.

Each page is printed to PDF (weasyprint) and converted to text, with and without table
borders, at two widths (A4 portrait / landscape for PDF, 80 / 160 columns for the text
browsers and pandoc), then parsed; every gold cell is scored:

- ``right``: the value (or the empty cell) as in the gold grid;
- ``empty``: gold has a value, the output none (a hole, never a wrong number);
- ``warned``: a wrong value whose cell carries a warning (flags, a warning naming its row
  or cell, or a table-level ``reading_order`` / ``table_absent`` warning);
- ``silent``: a wrong value without any warning: the number that must stay zero.

Pages: the two HTML pages of the corpus (``--corpus``, in the repository) and synthetic
pages made from gold grids (``--synth N --seed S``: not in the repository, the held-out
measurement). Rendered files are cached under ``--cache`` so a rerun after a code change
only parses.

    python benchmarks/converter_sweep.py --synth 6 --seed 101 --corpus
    python benchmarks/converter_sweep.py --only pdf,pdftotext-layout --details

Needs (not in the plain install): poppler-utils, lynx, w3m, pandoc and a CJK font
(fonts-wqy-microhei) from apt; weasyprint, inscriptis, html2text, beautifulsoup4 and
pdfplumber from PyPI.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import retable  # noqa: E402
from retable.errors import RetableError  # noqa: E402
from retable.training.annotate import excused_cells, same_value  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "raw"
GOLD = ROOT / "tests" / "gold" / "corpus"
TABLE_WARNINGS = {"reading_order", "table_absent"}

STYLE_BORDER = "table{border-collapse:collapse} td,th{border:1px solid #000 !important}"
STYLE_PLAIN = "table,td,th,tr,tbody{border:none !important}"
FONT = 'body,table,td,p,span{font-family:"WenQuanYi Micro Hei",sans-serif !important}'


def variant_html(markup: str, borders: bool, landscape: bool) -> str:
    """The page with (or without) table borders and a page size, for printing."""
    if not borders:
        markup = re.sub(r'\sborder="?\d+"?', "", markup)
    page = "@page{size:A4 landscape}" if landscape else "@page{size:A4}"
    style = f"<style>{STYLE_BORDER if borders else STYLE_PLAIN} {FONT} {page}</style>"
    if re.search(r"<head[^>]*>", markup, re.I):
        return re.sub(r"(<head[^>]*>)", lambda m: m.group(1) + style, markup, count=1, flags=re.I)
    return style + markup


def run(cmd: list[str], data: bytes) -> str:
    done = subprocess.run(cmd, input=data, capture_output=True, check=True, timeout=120)
    return done.stdout.decode("utf-8", "replace")


def pdf_of(markup: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=markup).write_pdf()


def pdftotext(pdf: bytes, *flags: str) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return run(["pdftotext", *flags, "-enc", "UTF-8", f.name, "-"], b"")


def pdfplumber_text(pdf: bytes, layout: bool) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text(layout=layout) or "" for page in doc.pages)


def html_converters(markup: str, width: int) -> dict[str, str]:
    """The text each HTML converter makes of the page at a terminal width."""
    import html2text
    from bs4 import BeautifulSoup
    from inscriptis import get_text

    data = markup.encode("utf-8")
    h2t = html2text.HTML2Text()
    h2t.body_width = 0 if width > 100 else 78
    return {
        "inscriptis": get_text(markup),
        "lynx": run(
            [
                "lynx",
                "-dump",
                "-stdin",
                "-nolist",
                f"-width={width}",
                "-assume_charset=utf-8",
                "-display_charset=utf-8",
            ],
            data,
        ),
        "w3m": run(
            ["w3m", "-dump", "-T", "text/html", "-cols", str(width), "-I", "UTF-8", "-O", "UTF-8"],
            data,
        ),
        "pandoc-plain": run(["pandoc", "-f", "html", "-t", "plain", f"--columns={width}"], data),
        "html2text": h2t.handle(markup),
        "bs4-get_text": BeautifulSoup(markup, "html.parser").get_text("\n"),
    }


def renderings(name: str, markup: str, cache: Path) -> dict[tuple[str, str], bytes]:
    """``(converter, variant) -> bytes`` for every converter and variant, cached on disk."""
    out: dict[tuple[str, str], bytes] = {}
    key = hashlib.sha1(markup.encode("utf-8")).hexdigest()[:10]
    for borders in (True, False):
        for wide in (False, True):
            variant = ("ruled" if borders else "borderless") + ("-wide" if wide else "-narrow")
            folder = cache / f"{name}-{key}" / variant
            if not (folder / "done").exists():
                folder.mkdir(parents=True, exist_ok=True)
                page = variant_html(markup, borders, landscape=wide)
                pdf = pdf_of(page)
                texts = {
                    "pdftotext-layout": pdftotext(pdf, "-layout"),
                    "pdftotext-raw": pdftotext(pdf, "-raw"),
                    "pdfplumber-text": pdfplumber_text(pdf, False),
                    "pdfplumber-layout": pdfplumber_text(pdf, True),
                    **html_converters(page, 160 if wide else 80),
                }
                (folder / "pdf.pdf").write_bytes(pdf)
                for conv, text in texts.items():
                    (folder / f"{conv}.txt").write_text(text, "utf-8")
                (folder / "done").write_text("")
            for path in folder.iterdir():
                if path.name != "done":
                    out[(path.stem, variant)] = path.read_bytes()
    return out


def warned(report: dict, table: str, row: str, column: str) -> bool:
    cell = report.get("provenance", {}).get(table, {}).get(row, {}).get(column) or {}
    if cell.get("flags"):
        return True
    for w in report.get("warnings", []):
        if w.get("table") != table:
            continue
        if w.get("row") is None:
            if w["code"] in TABLE_WARNINGS:
                return True
            continue
        if w["row"] == row and w.get("column") in (None, column):
            return True
    return False


def score(gold: dict, data: bytes, name: str) -> tuple[Counter, list[str]]:
    counts: Counter = Counter()
    wrong: list[str] = []
    try:
        report = retable.parse(data, name=name, timeout=None).to_dict(provenance=True)
    except RetableError as exc:
        report = {"tables": {}, "warnings": [], "error": str(exc)}
    excused = excused_cells(gold)
    for table, rows in gold["tables"].items():
        for row, cols in rows.items():
            for col, value in cols.items():
                if (table, row, col) in excused:
                    continue
                got = report["tables"].get(table, {}).get(row, {}).get(col)
                if same_value(value, got):
                    counts["right"] += 1
                elif got is None:
                    counts["empty"] += 1
                    wrong.append(f"  empty  {table}.{row}.{col}: {value!r}")
                elif warned(report, table, row, col):
                    counts["warned"] += 1
                    wrong.append(f"  warned {table}.{row}.{col}: {value!r} read {got!r}")
                else:
                    counts["silent"] += 1
                    wrong.append(f"  SILENT {table}.{row}.{col}: {value!r} read {got!r}")
    return counts, wrong


def pages(args: argparse.Namespace) -> list[tuple[str, str, dict]]:
    out = []
    if args.corpus:
        for path in sorted(CORPUS.glob("*.html")):
            gold = json.loads((GOLD / f"{path.stem}.json").read_text("utf-8"))
            out.append((path.stem[:3], path.read_text("utf-8"), gold))
    if args.synth:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [
                    "retable",
                    "synth",
                    "-n",
                    str(args.synth),
                    "--seed",
                    str(args.seed),
                    "-o",
                    tmp,
                    "--layout",
                    "html",
                ],
                check=True,
                capture_output=True,
            )
            for path in sorted(Path(tmp).glob("*.html")):
                gold = json.loads(path.with_suffix(".json").read_text("utf-8"))
                out.append((f"s{args.seed}-{path.stem[:4]}", path.read_text("utf-8"), gold))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="store_true", help="the corpus's HTML pages")
    parser.add_argument("--synth", type=int, default=0, help="synthetic pages (held out)")
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "sweep-cache")
    parser.add_argument("--only", default="", help="comma-separated converters")
    parser.add_argument("--details", action="store_true", help="list every wrong cell")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    totals: dict[str, Counter] = defaultdict(Counter)
    for name, markup, gold in pages(args):
        for (conv, variant), data in sorted(renderings(name, markup, args.cache).items()):
            if only and conv not in only:
                continue
            counts, wrong = score(gold, data, f"{name}.{variant}.{conv}")
            totals[conv] += counts
            if args.details and (wrong or counts["empty"]):
                print(f"{name} {variant} {conv}: {dict(counts)}")
                print("\n".join(wrong[:20]))
    print("| converter | cells | right | empty | wrong, warned | wrong, silent | right % |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for conv, c in sorted(totals.items()):
        n = sum(c.values())
        print(
            f"| {conv} | {n} | {c['right']} | {c['empty']} | {c['warned']} | {c['silent']} "
            f"| {100 * c['right'] / n:.1f} |"
        )


if __name__ == "__main__":
    main()

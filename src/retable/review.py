"""The review page: every doubtful cell of some reports, with its source text, on one page.

A reader who must vouch for a dataset cannot read every cell; the report already says
which cells it doubts (warnings, failed checks, low calibrated confidence). This module
lists those cells, most worrying first, each with the text around it in the source
with the cell's own characters marked, the value chosen, the other readings the
source allows, and the checks it fails. The page is one HTML string with its CSS and
script inline, so it opens from disk, is mailed, or is archived with the data.

Order: a cell in a failed identity comes first (the numbers do not add up), then one
a silent-error test suspects (:mod:`suspicions`: it adds up yet may be wrong), then
any other warned cell, then cells doubted only by their confidence. Within each tier a
cell holding a value comes before one left empty (a wrong number is worse than a
missing one), then the lowest calibrated confidence first.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass

from .bulk.audit import source_slice
from .crosscheck import identity_cells
from .report import LOW_CONFIDENCE, Report
from .schema import load_schema
from .types import Check, GridCell, Warning_

CONTEXT = 160  # characters of source shown on each side of a cell, at most ...
CONTEXT_LINES = 6  # ... and at most this many lines
TIERS = ("failed identity", "silent risk", "warned", "low confidence")
# Warnings of a grid that may be wrong although its identities hold: the silent-error
# tests, values printed but not placed, and the prose contradicting the table. (A cell
# left empty with a warning, value_unrecoverable, is no silent risk: it says so.)
SILENT_RISK = frozenset({"blank_cell", "blank_side", "unplaced_values", "parse_doubt"})
Key = tuple[str, str, str]


@dataclass(frozen=True)
class Doubt:
    """One doubtful cell, with everything the page shows about it."""

    source: str
    table: str
    row: str
    column: str
    row_label: str
    column_label: str
    value: int | float | None
    raw: str | None
    confidence: float
    flags: tuple[str, ...]
    tier: int
    warnings: tuple[tuple[str, str], ...]  # (code, message)
    checks: tuple[str, ...]  # failed checks, described
    alternatives: tuple[str, ...]  # other readings, each with where it comes from
    before: str  # source text before the cell
    marked: str  # the cell's own characters (text[start:end]); empty if not printed
    after: str
    start: int | None
    end: int | None
    line: int | None


@dataclass(frozen=True)
class Failure:
    """A report that could not be read: it has no cells to review, but is named."""

    source: str
    code: str
    message: str


def _check_cells(checks: list[Check], form: str) -> dict[Key, list[Check]]:
    """The failed checks each cell takes part in: identities by their two sides, the
    prose's checks by the cells their ``where`` names."""
    out: dict[Key, list[Check]] = {}
    for c, lhs, rhs in identity_cells(checks, form):
        if c.status == "fail":
            for key in lhs | rhs:
                out.setdefault(key, []).append(c)
    for c in checks:
        if c.status != "fail" or not c.name.startswith("narrative."):
            continue
        for part in c.where.split("+"):
            if "." in part:
                row, column = part.split(".", 1)
                out.setdefault((c.table, row, column), []).append(c)
    return out


def _cell_warning_map(warnings: list[Warning_], report: Report) -> dict[Key, list[Warning_]]:
    """Warnings by the cells they are about. A failed check's warning goes to the cells
    of that check only (not its whole row or column); a warning listing columns in its
    detail to those; any other to its cell, row or column."""
    by_check = _check_cells(report.checks, report.form)
    checks: dict[tuple, Check] = {(c.name, c.table, c.where): c for c in report.checks}
    out: dict[Key, list[Warning_]] = {}
    plain: list[Warning_] = []
    for w in warnings:
        check = checks.get((w.detail.get("check"), w.table, w.detail.get("where")))
        if check is not None:
            for key, failed in by_check.items():
                if check in failed:
                    out.setdefault(key, []).append(w)
            continue
        listed = w.detail.get("columns")
        if (
            w.table is not None
            and w.row is not None
            and isinstance(listed, list)
            and w.column is None
        ):
            for column in listed:
                out.setdefault((w.table, w.row, column), []).append(w)
            continue
        plain.append(w)
    index: dict[tuple, list[Warning_]] = {}
    for w in plain:
        if w.table is not None and (w.row, w.column) != (None, None):
            index.setdefault((w.table, w.row, w.column), []).append(w)
    for cell in report.cells():
        t, r, c = cell.table, cell.row, cell.column
        found = [w for k in ((t, r, c), (t, r, None), (t, None, c)) for w in index.get(k, ())]
        if found:
            out.setdefault((t, r, c), []).extend(found)
    return out


def _alternatives(cell: GridCell, warnings: list[Warning_]) -> tuple[str, ...]:
    """Other values the source allows for the cell: the other readings of an ambiguous
    row, the figure the prose gives, the values a row printed but could not place."""
    out: list[str] = []
    for w in warnings:
        columns = w.detail.get("columns")
        if w.code == "ambiguous_split" and isinstance(columns, list) and cell.column in columns:
            k = columns.index(cell.column)
            seen = {cell.value}
            for reading in w.detail.get("candidates", []):
                if reading[k] not in seen:
                    seen.add(reading[k])
                    out.append(f"{reading[k]} (another reading of the row)")
        elif w.code == "parse_doubt" and "text" in w.detail:
            out.append(f"{w.detail['text']} (the report's text says so)")
        elif w.code == "value_unrecoverable" and w.detail.get("unplaced_values"):
            values = ", ".join(str(v) for v in w.detail["unplaced_values"])
            out.append(f"one of {values} (printed in the row, not placed)")
    return tuple(dict.fromkeys(out))


def _tier(warned: list[Warning_], failed: list[Check]) -> int:
    if any(not c.name.startswith("narrative.") for c in failed):
        return 0
    if any(w.code in SILENT_RISK for w in warned):
        return 1
    return 2 if warned or failed else 3


def _context(
    text: str | None, cell: GridCell, anchor: int | None
) -> tuple[str, str, str, int | None, int | None]:
    """``(before, marked, after, start, end)`` with ``marked == text[start:end]``. A cell
    with no exact place (recovered, or an HTML cell known only by its line) marks nothing
    and shows the text around ``anchor`` (where its row was printed), when that is known."""
    _, _, start, end = source_slice(text, cell)
    if text is None:
        return "", "", "", None, None
    if start is None or end is None:
        if anchor is None:
            return "", "", "", None, None
        return _before(text, anchor) + _after(text, anchor), "", "", None, None
    return _before(text, start), text[start:end], _after(text, end), start, end


def _before(text: str, at: int) -> str:
    piece = text[max(0, at - CONTEXT) : at]
    return "\n".join(piece.split("\n")[-CONTEXT_LINES:])


def _after(text: str, at: int) -> str:
    return "\n".join(text[at : at + CONTEXT].split("\n")[:CONTEXT_LINES])


def _row_anchors(report: Report) -> dict[tuple[str, str], int]:
    """Where each row's first placed cell starts: the place to show a cell with none."""
    out: dict[tuple[str, str], int] = {}
    for cell in report.cells():
        if cell.span is not None:
            out.setdefault((cell.table, cell.row), cell.span.start)
    return out


def doubts(report: Report, text: str | None) -> list[Doubt]:
    """The doubtful cells of one report, in the page's order. ``text`` is the decoded
    source (``Document.raw_text``) that the cells' offsets index."""
    schema = load_schema()
    warned = _cell_warning_map(report.warnings, report)
    failed = _check_cells(report.checks, report.form)
    anchors = _row_anchors(report)
    out = []
    for cell in report.cells():
        key = (cell.table, cell.row, cell.column)
        ws, cs = warned.get(key, []), failed.get(key, [])
        low = cell.confidence < LOW_CONFIDENCE
        if not (ws or cs or low):
            continue
        spec = schema.table(cell.table)
        anchor = cell.span.start if cell.span else anchors.get((cell.table, cell.row))
        before, marked, after, start, end = _context(text, cell, anchor)
        out.append(
            Doubt(
                report.source,
                cell.table,
                cell.row,
                cell.column,
                spec.row(cell.row).label,
                spec.column(cell.column).label,
                cell.value,
                cell.raw,
                cell.confidence,
                cell.flags,
                _tier(ws, cs),
                tuple(dict.fromkeys((w.code, w.message) for w in ws)),
                tuple(_describe(c) for c in cs),
                _alternatives(cell, ws),
                before,
                marked,
                after,
                start,
                end,
                cell.span.line if cell.span else None,
            )
        )
    return sorted(out, key=_order)


def _order(d: Doubt) -> tuple[int, bool, float]:
    return d.tier, d.value is None, d.confidence


def _describe(c: Check) -> str:
    return f"{c.name} at {c.where}: {c.lhs} ≠ {c.rhs} ({c.verdict or 'failed'}) {c.description}"


def review_html(
    reports: Iterable[tuple[Report, str | None]], failures: Iterable[Failure] = ()
) -> str:
    """The review page of some reports, each given with its decoded source text."""
    reports = list(reports)
    everything = sorted(
        (d for report, text in reports for d in doubts(report, text)),
        key=_order,
    )
    summary = [_summary_row(r, sum(d.source == r.source for d in everything)) for r, _ in reports]
    return PAGE.format(
        count=len(everything),
        reports=len(reports),
        summary="".join(summary),
        failures="".join(_failure(f) for f in failures),
        report_warnings=_titled(
            "Warnings about whole reports", "".join(_report_warnings(r) for r, _ in reports)
        ),
        cells="".join(_doubt_html(i, d) for i, d in enumerate(everything)),
        style=STYLE,
        script=SCRIPT,
    )


def _titled(title: str, body: str) -> str:
    return f"<h2>{title}</h2>{body}" if body else ""


def _summary_row(report: Report, doubted: int) -> str:
    e = html.escape
    return (
        f"<tr><td>{e(report.source)}</td><td>{e(report.agency or '')}</td>"
        f"<td>{report.year or ''}</td><td>{doubted}</td><td>{report.checks_failed}</td></tr>"
    )


def _failure(f: Failure) -> str:
    e = html.escape
    return f'<li class="failure">{e(f.source)}: [{e(f.code)}] {e(f.message)}</li>'


def _report_warnings(report: Report) -> str:
    """Warnings that name no cell (a table not found, the encoding repaired…)."""
    items = [w for w in report.warnings if w.table is None or (w.row is None and w.column is None)]
    if not items:
        return ""
    e = html.escape
    lis = "".join(f"<li><code>{e(w.code)}</code> {e(w.message)}</li>" for w in items)
    return f"<h3>{e(report.source)}</h3><ul>{lis}</ul>"


def _doubt_html(i: int, d: Doubt) -> str:
    e = html.escape
    value = "empty" if d.value is None else str(d.value)
    flags = " ".join(d.flags) or "read as printed"
    if d.marked:
        where = f"line {d.line}, characters {d.start}–{d.end}"
        source = f'{e(d.before)}<mark class="cell">{e(d.marked)}</mark>{e(d.after)}'
    elif d.before:
        where = "no exact characters (not printed, or known only by its line): its row's text"
        source = e(d.before)
    else:
        where = "not printed: the value was recovered, not read"
        source = ""
    lists = "".join(
        _list(title, items)
        for title, items in (
            ("Failed checks", d.checks),
            ("Warnings", [f"{c}: {m}" for c, m in d.warnings]),
            ("Alternatives", d.alternatives),
        )
    )
    data = json.dumps({"table": d.table, "row": d.row, "column": d.column, "source": d.source})
    return (
        f'<section class="doubt tier{d.tier}" id="d{i}" data-cell="{e(data)}">'
        f'<h2><span class="tier">{TIERS[d.tier]}</span> {e(d.row_label)} · {e(d.column_label)}'
        f" <small>{e(d.table)}.{e(d.row)}.{e(d.column)}</small></h2>"
        f'<p class="meta">{e(d.source)} — value <b class="value">{e(value)}</b>, confidence '
        f'<b class="confidence">{d.confidence:.2f}</b>, {e(flags)}; {e(where)}</p>'
        f'<pre class="source">{source}</pre>{lists}</section>'
    )


def _list(title: str, items: Iterable[str]) -> str:
    items = list(items)
    if not items:
        return ""
    lis = "".join(f"<li>{html.escape(x)}</li>" for x in items)
    return f'<div class="{title.split()[-1].lower()}"><b>{title}</b><ul>{lis}</ul></div>'


STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5em;max-width:70em;color:#222}
table.summary{border-collapse:collapse}table.summary td,table.summary th{border:1px solid #ccc;
padding:.2em .5em}section.doubt{border:1px solid #ccc;border-left:6px solid #999;margin:1em 0;
padding:.4em .8em}section.tier0{border-left-color:#c00}section.tier1{border-left-color:#e80}
section.tier2{border-left-color:#db0}h2{font-size:1.05em;margin:.3em 0}.tier{font-size:.8em;
text-transform:uppercase;color:#555}pre.source{white-space:pre-wrap;background:#f6f6f6;
padding:.5em;overflow:auto}mark.cell{background:#ff0;outline:2px solid #c00}
.hidden{display:none}
"""

SCRIPT = """
const box=document.getElementById('filter');
box.addEventListener('input',()=>{const q=box.value.toLowerCase();let n=0;
for(const s of document.querySelectorAll('section.doubt')){const hit=s.textContent.toLowerCase()
.includes(q);s.classList.toggle('hidden',!hit);n+=hit;}
document.getElementById('shown').textContent=n;});
document.getElementById('shown').textContent=document.querySelectorAll('section.doubt').length;
"""

PAGE = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>retable review: {count} cells</title>
<style>{style}</style></head><body>
<h1>retable review</h1>
<p id="counts">{count} doubtful cells in {reports} reports, most worrying first
(failed identity, silent risk, other warnings, low confidence; then by calibrated
confidence). Showing <span id="shown">{count}</span>.
<input id="filter" type="search" placeholder="filter (agency, row, warning code…)"></p>
<table class="summary"><tr><th>source</th><th>agency</th><th>year</th><th>doubtful cells</th>
<th>failed checks</th></tr>{summary}</table>
<ul class="failures">{failures}</ul>
<div class="report-warnings">{report_warnings}</div>
<div id="cells">{cells}</div>
<script>{script}</script>
</body></html>
"""

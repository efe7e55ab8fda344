"""Render a grid as a whole report in one of the layout families scrapers produce.

A report is a list of blocks (title, headings, paragraphs, the three tables);
each layout family prints the blocks its own way, and the perturbations that
belong to the producing pipeline (traditional characters, page footers,
garbled numbering) are applied on top and recorded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import prose
from .cells import Ctx
from .grid import Grid
from .htmlout import CONVERTERS, convert, paragraph, table_html
from .layouts import TEXT_LAYOUTS
from .perturb import garble_numbers, insert_footers, traditional
from .tables import build_tables, random_style

LAYOUTS = (*TEXT_LAYOUTS, "html", *CONVERTERS)
PERTURBATIONS = (
    "traditional",
    "padding",
    "label_split",
    "header_split",
    "page_footers",
    "garbled_numbers",
    "lost_cells",
)
# Which perturbations make sense for which layouts (a cell split over lines needs lines).
_APPLIES = {
    "traditional": set(LAYOUTS),
    "padding": set(LAYOUTS) - {"fused", "markdown"},
    "label_split": {"tab-prefixed", "one-per-line", "blank-line", "lynx", "aligned", "html",
                    *CONVERTERS},
    "header_split": set(LAYOUTS) - {"fused"},
    "page_footers": {"pipe", "markdown", "tab", "tab-prefixed", "one-per-line", "blank-line",
                     "aligned"},
    "garbled_numbers": set(LAYOUTS),
    "lost_cells": {"pipe", "tab"},
}  # fmt: skip
_RATES = {
    "traditional": 0.12,
    "padding": 0.25,
    "label_split": 0.2,
    "header_split": 0.3,
    "page_footers": 0.35,
    "garbled_numbers": 0.15,
    "lost_cells": 0.15,
}
SECTION_TITLES = {
    "active_disclosure": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": ("四、政府信息公开行政复议、行政诉讼情况", "四、行政复议、行政诉讼情况"),
}


@dataclass
class Rendered:
    """A rendered report and what was done to it."""

    text: str
    layout: str
    perturbations: list[str]
    dropped: list[tuple[str, str, str]] = field(default_factory=list)


def choose_perturbations(rng: random.Random, layout: str) -> list[str]:
    """Each perturbation independently, at its own rate, where it applies."""
    return [p for p in PERTURBATIONS if layout in _APPLIES[p] and rng.random() < _RATES[p]]


def blocks(grid: Grid, form: str, year: int, agency: str, rng: random.Random) -> list[tuple]:
    """The report as (kind, payload) blocks in reading order."""
    out: list[tuple] = [("title", t) for t in prose.title(rng, agency, year)]
    out.append(("para", prose.intro(rng, agency, year, form)))
    out.append(("heading", "一、总体情况"))
    requests = int(grid["requests"]["new_received"]["total"] or 0)
    cases = grid.get("review_litigation", {}).get("cases", {})
    keys = ("review_corrected", "direct_suit_corrected", "suit_after_review_corrected")
    corrected = sum(int(cases.get(k) or 0) for k in keys)
    for heading, body in prose.overview(rng, agency, year, requests, corrected):
        out += [("heading", heading), ("para", body)]
    for key in ("active_disclosure", "requests", "review_litigation"):
        title = SECTION_TITLES[key]
        out.append(("heading", title if isinstance(title, str) else rng.choice(title)))
        out.append(("table", key))
    out.append(
        (
            "heading",
            rng.choice(
                ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")
            ),
        )
    )
    out += [("para", p) for p in prose.problems(rng)]
    out += [("heading", "六、其他需要报告的事项"), ("para", prose.other_matters(rng, year))]
    out += [("sign", s) for s in prose.signature(rng, agency, year)]
    return out


def _text_report(parts: list[tuple], tables: dict, layout: str, ctx: Ctx) -> str:
    rng = ctx.rng
    render_table = TEXT_LAYOUTS[layout]
    if layout == "fused":
        pieces = []
        for kind, payload in parts:
            pieces.append(
                "".join(render_table(tables[payload], ctx)) if kind == "table" else payload
            )
        return rng.choice(("", " ")).join(pieces)
    gap = [""] if layout in ("pipe", "tab", "markdown", "aligned", "blank-line") else []
    if layout == "blank-line":
        gap = [""]
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    for kind, payload in parts:
        if kind == "table":
            start = len(lines)
            lines += render_table(tables[payload], ctx)
            spans.append((start, len(lines)))
            lines += [""] if rng.random() < 0.7 else []
        elif layout == "markdown" and kind == "heading" and rng.random() < 0.3:
            lines += ["## " + payload, *gap]
        else:
            lines += [payload, *gap]
    if ctx.on("page_footers"):
        page = rng.randint(2, 4)
        for span in reversed(spans):
            insert_footers(lines, span, rng, page + spans.index(span))
    return "\n".join(lines) + "\n"


def _html_report(parts: list[tuple], tables: dict, ctx: Ctx) -> str:
    word = ctx.rng.random() < 0.5
    body = []
    for kind, payload in parts:
        if kind == "table":
            body.append(table_html(tables[payload], ctx, word))
        else:
            body.append(paragraph(payload, "title" if kind == "title" else kind))
    joined = "\n".join(body) if ctx.rng.random() < 0.6 else "".join(body)
    if ctx.rng.random() < 0.5:
        return f'<html><head><meta charset="utf-8"></head><body>\n{joined}\n</body></html>\n'
    return joined + "\n"


def render(
    grid: Grid,
    form: str,
    year: int,
    agency: str,
    layout: str,
    rng: random.Random,
    perturbations: list[str] | None = None,
) -> Rendered:
    """Render one report; perturbations are drawn from ``rng`` unless given."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    chosen = choose_perturbations(rng, layout) if perturbations is None else list(perturbations)
    ctx = Ctx(rng, set(chosen))
    if layout in ("one-per-line", "blank-line", "fused"):
        ctx.blank = rng.choice(("—", "/", "－"))
    style = random_style(rng, form)
    tables = build_tables(grid, form, style)
    parts = blocks(grid, form, year, agency, rng)
    if layout in TEXT_LAYOUTS:
        text = _text_report(parts, tables, layout, ctx)
    else:
        text = _html_report(parts, tables, ctx)
        if layout != "html":
            text = convert(text, layout)
    if ctx.on("garbled_numbers"):
        text = garble_numbers(text, rng)
    if ctx.on("traditional"):
        text = traditional(text, rng)
    return Rendered(text, layout, chosen, list(ctx.dropped))


def render_report(
    grid: Grid, form: str, year: int, agency: str, layout: str, rng: random.Random
) -> str:
    """The report text only (see :func:`render` for what was perturbed)."""
    return render(grid, form, year, agency, layout, rng).text

"""Text layouts of one table: how Word exports, PDF converters and crawlers flatten it.

Each function turns a logical :class:`~retable.training.tables.Table` into
text lines. Spans are flattened in one of three ways seen in scraped reports:
``compact`` (covered positions vanish), ``word`` (a row-spanned cell leaves an
empty cell in the rows below, as Word's vMerge does) and ``grid`` (every grid
position printed, spans padded with empty cells).
"""

from __future__ import annotations

from .cells import Ctx, cell_text, display_width, wrap
from .tables import Table, TCell, expand

MODES = ("compact", "word", "grid")


def physical_rows(table: Table, mode: str, ctx: Ctx, newline: str) -> list[list[TCell | str]]:
    """Rows of cells (or "" for filler positions) in printing order."""
    rows: list[list[TCell | str]] = []
    for placed in expand(table):
        row: list[TCell | str] = []
        seen: set[int] = set()
        for cell, origin in placed:
            if cell is None:
                continue
            if origin:
                row.append(cell)
                seen.add(id(cell))
            elif mode == "grid":
                row.append("")
            elif mode == "word" and id(cell) not in seen:
                seen.add(id(cell))
                starts_above = not any(c is cell and o for c, o in placed)
                if starts_above:
                    row.append("")
        rows.append(row)
    return rows


def texts(rows: list[list[TCell | str]], ctx: Ctx, newline: str) -> list[list[str]]:
    return [[c if isinstance(c, str) else cell_text(c, ctx, newline) for c in r] for r in rows]


def _drop_cell(row: list[TCell | str], ctx: Ctx) -> list[TCell | str]:
    """Lose one value of a row, as copy-paste from merged cells does; record what was lost."""
    values = [i for i, c in enumerate(row) if isinstance(c, TCell) and c.kind == "value"]
    if len(values) < 7:
        return row
    i = ctx.rng.choice(values)
    cell = row[i]
    assert isinstance(cell, TCell) and cell.key is not None
    ctx.dropped.append(cell.key)
    return row[:i] + row[i + 1 :]


def _maybe_drop(rows: list[list[TCell | str]], ctx: Ctx) -> list[list[TCell | str]]:
    if not ctx.on("lost_cells"):
        return rows
    candidates = [
        i
        for i, r in enumerate(rows)
        if sum(isinstance(c, TCell) and c.kind == "value" for c in r) >= 7
    ]
    if not candidates or ctx.rng.random() < 0.3:
        return rows
    i = ctx.rng.choice(candidates)
    rows = list(rows)
    rows[i] = _drop_cell(rows[i], ctx)
    return rows


def pipe(table: Table, ctx: Ctx) -> list[str]:
    rng = ctx.rng
    mode = rng.choice(MODES)
    rows = _maybe_drop(physical_rows(table, mode, ctx, " "), ctx)
    lead = rng.random() < 0.3
    trailing = rng.random() < 0.4
    out = []
    for cells in texts(rows, ctx, " "):
        line = " | ".join(cells)
        if lead:
            line = "| " + line
        if trailing:
            line += " |" + "|" * rng.randint(0, 3)
        out.append(line)
    return out


def markdown(table: Table, ctx: Ctx) -> list[str]:
    rng = ctx.rng
    mode = rng.choice(("compact", "grid"))
    rows = texts(physical_rows(table, mode, ctx, " "), ctx, " ")
    out = []
    for i, cells in enumerate(rows):
        out.append("| " + " | ".join(cells) + " |")
        if i == 0:
            out.append("|" + "---|" * len(cells))
    return out


def tab(table: Table, ctx: Ctx) -> list[str]:
    mode = ctx.rng.choice(MODES)
    rows = _maybe_drop(physical_rows(table, mode, ctx, " "), ctx)
    trailing = ctx.rng.random() < 0.4
    return ["\t".join(cells) + ("\t" if trailing else "") for cells in texts(rows, ctx, " ")]


def tab_prefixed(table: Table, ctx: Ctx) -> list[str]:
    out: list[str] = []
    for cells in texts(physical_rows(table, "word", ctx, "\n"), ctx, "\n"):
        out.extend("\t" + c for c in cells)
        out.append("")
    return out


def one_per_line(table: Table, ctx: Ctx) -> list[str]:
    out: list[str] = []
    for cells in texts(physical_rows(table, "compact", ctx, "\n"), ctx, "\n"):
        out.extend(c for c in cells if c)
    return out


def blank_line(table: Table, ctx: Ctx) -> list[str]:
    out: list[str] = []
    for cells in texts(physical_rows(table, "compact", ctx, "\n"), ctx, "\n"):
        for c in cells:
            if c:
                out.extend([c, ""])
    return out


def lynx(table: Table, ctx: Ctx) -> list[str]:
    """``lynx -dump``: every cell on its own indented line with a blank line after it,
    and an empty cell as one more blank line."""
    rng = ctx.rng
    out: list[str] = []
    for cells in texts(physical_rows(table, "compact", ctx, "\n"), ctx, "\n"):
        for c in cells:
            if not c:
                out.append("")
                continue
            indent = " " * rng.randint(2, 40)
            out.extend([indent + part for part in c.split("\n")] + [""])
    return out


def fused(table: Table, ctx: Ctx) -> list[str]:
    """All cells run together; a space now and then, as crawlers leave them."""
    rng = ctx.rng
    parts: list[str] = []
    spaced = rng.random() < 0.3
    for cells in texts(physical_rows(table, "compact", ctx, ""), ctx, ""):
        for c in cells:
            if not c:
                continue
            sep = " " if spaced and parts and parts[-1][-1:].isdigit() != c[:1].isdigit() else ""
            parts.append(sep + c.strip())
    return ["".join(parts)]


def aligned(table: Table, ctx: Ctx) -> list[str]:
    """Whitespace-aligned columns as text browsers print tables; blank cells vanish."""
    rng = ctx.rng
    placed = expand(table)
    ncols = len(placed[0])
    texts_of: dict[int, str] = {}
    for row in placed:
        for cell, origin in row:
            if cell is not None and origin:
                texts_of[id(cell)] = cell_text(cell, ctx, "\n").strip()
    widths = []
    for j in range(ncols):
        own = [
            display_width(texts_of[id(c)])
            for row in placed
            for k, (c, o) in enumerate(row)
            if k == j and c is not None and o and c.colspan == 1 and c.kind == "value"
        ]
        widths.append(max([4, *own]) + rng.randint(1, 3))
    label_cols = [
        j
        for j in range(ncols)
        if all(c is None or c.kind != "value" for c, _ in (r[j] for r in placed))
    ]
    for j in label_cols:
        widths[j] = rng.randint(10, 26) if len(label_cols) > 1 else rng.randint(16, 34)
    starts = [sum(widths[:j]) for j in range(ncols)]
    lines_of: dict[int, list[str]] = {}
    for row in placed:
        for j, (cell, origin) in enumerate(row):
            if cell is not None and origin:
                span = sum(widths[j : j + cell.colspan]) - 1
                lines_of[id(cell)] = wrap(texts_of[id(cell)], max(span, 2))
    heights = []
    for row in placed:
        own = [len(lines_of[id(c)]) for c, o in row if c is not None and o and c.rowspan == 1]
        heights.append(max([1, *own]))
    for i, row in enumerate(placed):
        for cell, origin in row:
            if cell is not None and origin and cell.rowspan > 1:
                last = min(i + cell.rowspan, len(placed)) - 1
                extra = len(lines_of[id(cell)]) - sum(heights[i : last + 1])
                if extra > 0:
                    heights[last] += extra
    out: list[str] = []
    for i, row in enumerate(placed):
        canvas = [[" "] * (sum(widths) + 2) for _ in range(heights[i])]
        for j, (cell, _origin) in enumerate(row):
            if cell is None or (j > 0 and placed[i][j - 1][0] is cell):
                continue
            offset = sum(heights[_origin_row(placed, i, j) : i])
            lines = lines_of[id(cell)][offset : offset + heights[i]]
            for li, text in enumerate(lines):
                _paint(canvas[li], starts[j], text)
        for line in canvas:
            out.append("".join(ch for ch in line if ch is not None).rstrip())
        if rng.random() < 0.5:
            out.append("")
    return out


def _origin_row(placed, i: int, j: int) -> int:
    cell = placed[i][j][0]
    while i > 0 and placed[i - 1][j][0] is cell:
        i -= 1
    return i


def _paint(line: list, start: int, text: str) -> None:
    pos = start
    for ch in text:
        if pos >= len(line):
            line.extend([" "] * 4)
        line[pos] = ch
        if display_width(ch) == 2:
            if pos + 1 >= len(line):
                line.append(" ")
            line[pos + 1] = None
            pos += 2
        else:
            pos += 1


TEXT_LAYOUTS = {
    "pipe": pipe,
    "markdown": markdown,
    "tab": tab,
    "tab-prefixed": tab_prefixed,
    "one-per-line": one_per_line,
    "blank-line": blank_line,
    "lynx": lynx,
    "aligned": aligned,
    "fused": fused,
}

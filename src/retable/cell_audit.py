"""What a report says about one cell: how its value was got, the warnings that name
it, and whether its column holds money. The long format (``Report.to_long``), the
bulk audit trail (``cells.parquet``) and the review page read cells through it.
"""

from __future__ import annotations

from functools import cache

from .schema import load_schema
from .types import GridCell, Warning_

METHODS = ("read", "split", "recovered_by_arithmetic", "resolved_by_panel")


def method(flags: tuple[str, ...]) -> str:
    """How a cell's value was obtained, from its flags (the panel's own mark first)."""
    if "resolved_by_panel" in flags:
        return "resolved_by_panel"
    if "derived" in flags:
        return "recovered_by_arithmetic"
    if "fused" in flags or "cut" in flags:
        return "split"
    return "read"


@cache
def money_columns() -> frozenset[str]:
    """Columns that hold amounts of money (金额), kept apart from the counts."""
    schema = load_schema()
    return frozenset(
        c.key
        for name in ("active_disclosure", "requests", "review_litigation")
        for c in schema.table(name).columns
        if "金额" in c.label
    )


def warning_index(warnings: list[Warning_]) -> dict[tuple, list[str]]:
    """Warning codes by the place they name: (table, row, column) with None for "all"."""
    index: dict[tuple, list[str]] = {}
    for w in warnings:
        if w.table is None:
            continue
        index.setdefault((w.table, w.row, w.column), []).append(w.code)
    return index


def cell_warnings(index: dict[tuple, list[str]], cell: GridCell) -> list[str]:
    """Codes of the warnings about ``cell``: its own, its row's and its column's
    (a warning about a whole table names no cell)."""
    if not index:
        return []
    t, r, c = cell.table, cell.row, cell.column
    codes: list[str] = []
    for key in ((t, r, c), (t, r, None), (t, None, c)):
        found = index.get(key)
        if found:
            codes.extend(x for x in found if x not in codes)
    return codes

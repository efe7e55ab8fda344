"""勾稽关系: test the recovered grid against the report's own arithmetic.

Identities come from the schema (``identities`` in ``standard_tables.json``).
A blank cell counts as 0 inside a sum, but an identity whose whole side is
blank is skipped rather than passed: nothing was printed to check.
"""

from __future__ import annotations

from .schema import Identity, load_schema
from .types import Check, GridCell

TOLERANCE = 1e-6


def _values(
    grid: dict[str, dict[str, GridCell]], keys: tuple[str, ...], other: str, axis: str
) -> list:
    out = []
    for k in keys:
        cell = grid.get(other, {}).get(k) if axis == "row" else grid.get(k, {}).get(other)
        out.append(None if cell is None else cell.value)
    return out


def check_identity(
    ident: Identity, grid: dict[str, dict[str, GridCell]], columns: list[str]
) -> list[Check]:
    checks = []
    places = list(grid) if ident.axis == "row" else columns
    for where in places:
        if ident.axis == "row" and not all(k in grid[where] for k in (*ident.lhs, *ident.rhs)):
            continue
        if ident.axis == "column" and not all(k in grid for k in (*ident.lhs, *ident.rhs)):
            continue
        lhs = _values(grid, ident.lhs, where, ident.axis)
        rhs = _values(grid, ident.rhs, where, ident.axis)
        if all(v is None for v in lhs) or all(v is None for v in rhs):
            checks.append(
                Check(ident.name, ident.table, where, "skip", None, None, ident.description)
            )
            continue
        left = sum(v or 0 for v in lhs)
        right = sum(v or 0 for v in rhs)
        status = "pass" if abs(left - right) <= TOLERANCE else "fail"
        checks.append(
            Check(
                ident.name, ident.table, where, status, _tidy(left), _tidy(right), ident.description
            )
        )
    return checks


def _tidy(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


def run_checks(tables: dict[str, dict[str, dict[str, GridCell]]], form: str) -> list[Check]:
    """Every identity of the form, on every row or column it applies to."""
    schema = load_schema()
    out: list[Check] = []
    for table, grid in tables.items():
        columns = [c.key for c in schema.table(table).columns_for(form)]
        for ident in schema.identities_for(table, form):
            out.extend(check_identity(ident, grid, columns))
    return out

"""Warnings for grids that pass every check yet may hold a silent error.

The identities cannot see everything: a table without totals, or a value lost
where its row has no total, still adds up. These tests look for the traces
such losses leave behind.
"""

from __future__ import annotations

from .schema import load_schema
from .types import GridCell, Warning_

BLANK_CONVENTION = 0.1  # above this share of empty cells, empty is how the table prints 0
ONE_ROW_CONVENTION = 0.25
MIN_FILLED_ROWS = 8  # rows a column needs before one empty cell in it stands out


def _filled_columns(cells: list[GridCell]) -> set[str]:
    """Columns printed in all but one of many rows (all but one in ten of 20 or more):
    two values lost from a column of 26 rows leave it as filled as one lost from 8."""
    rows: dict[str, int] = {}
    empty: dict[str, int] = {}
    for c in cells:
        rows[c.column] = rows.get(c.column, 0) + 1
        empty[c.column] = empty.get(c.column, 0) + _empty(c)
    return {
        col for col, n in rows.items() if n >= MIN_FILLED_ROWS and empty[col] <= max(1, n // 10)
    }


def _empty(cell: GridCell) -> bool:
    """A cell printed as nothing at all (not as ``—`` or ``/``) inside a found row, or
    read as blank with nothing printed for it (a row of empty border cells)."""
    if cell.value is not None:
        return False
    return cell.raw.strip() == "" if cell.raw is not None else not cell.flags


def blank_cell_warnings(table: str, grid: dict[str, dict[str, GridCell]]) -> list[Warning_]:
    """Empty cells in a table that otherwise prints every value.

    Where a table prints its zeros, one empty cell among printed numbers is
    more likely a value lost in conversion than a deliberate blank.
    """
    cells = [c for cols in grid.values() for c in cols.values() if "missing_row" not in c.flags]
    empty = [c for c in cells if _empty(c)]
    if not empty:
        return []
    # One row (四、行政复议诉讼) has no columns to compare: up to a quarter of it empty
    # still reads as a table that prints its zeros.
    convention = BLANK_CONVENTION if len(grid) > 1 else ONE_ROW_CONVENTION
    if len(empty) > convention * len(cells):
        # Empty is how the table prints 0, but a column it fills in every other row
        # (自然人 and 总计 where only the organisations are left blank) still says
        # its one empty cell lost a value.
        filled = _filled_columns(cells)
        empty = [c for c in empty if c.column in filled]
    out = []
    for row in dict.fromkeys(c.row for c in empty):
        cols = [c.column for c in empty if c.row == row]
        out.append(
            Warning_(
                "blank_cell",
                f"{row}: {', '.join(cols)} printed empty in a table that prints its zeros; "
                "a value may have been lost (reported as null)",
                table=table,
                row=row,
                column=cols[0] if len(cols) == 1 else None,
                detail={"columns": cols},
            )
        )
    return out


def blank_side_warnings(
    table: str, grid: dict[str, dict[str, GridCell]], form: str
) -> list[Warning_]:
    """An identity one side of which is printed empty while the other adds up to a number.

    The check skips such an identity (nothing to compare), yet that is how a lost value
    looks:

    - an empty total beside printed parts, at one place only: where the table prints its
      totals everywhere else, 复议 总计 7 lost leaves 维持 … 尚未审结 with no total. A
      table that leaves totals empty in several places prints them that way;
    - printed-empty parts under a printed total: an HTML cell that lost its 1 leaves
      （一）至（六） of 其他组织 empty under （七） = 1. Parts that include a total the table
      leaves empty beside printed numbers (总计 of every （三） row) are how such a table
      prints, and are not suspect.
    """
    idents = load_schema().identities_for(table, form)
    out = []
    blank_totals: set[tuple[str, str]] = set()  # (row, column) of empty totals over numbers
    for ident in idents:
        if len(ident.lhs) == 1:
            total_key, parts = ident.lhs[0], ident.rhs
        elif len(ident.rhs) == 1:
            total_key, parts = ident.rhs[0], ident.lhs
        else:
            continue  # no lone total (一 + 二 = 七 + 四)
        places = list(grid) if ident.axis == "row" else _columns(grid)
        suspects = []
        for where in places:
            (head,) = _side(grid, ident.axis, where, (total_key,)) or (0,)
            if head is not None:
                continue  # printed (or not found): only an empty total is suspect
            values = _side(grid, ident.axis, where, parts)
            if values is None or all(v is None for v in values):
                continue
            total = sum(float(v or 0) for v in values)
            if total != 0:
                suspects.append((where, total))
                blank_totals.add(_place(ident.axis, where, total_key))
        if len(suspects) != 1:
            continue
        where, total = suspects[0]
        out.append(
            _blank_side(
                table,
                ident,
                where,
                f"one side is printed empty while the other adds up to {total:g}",
            )
        )
    for ident in idents:
        for where in list(grid) if ident.axis == "row" else _columns(grid):
            lhs = _side(grid, ident.axis, where, ident.lhs)
            rhs = _side(grid, ident.axis, where, ident.rhs)
            if lhs is None or rhs is None:
                continue
            for empty_keys, empty, printed in (
                (ident.lhs, lhs, rhs),
                (ident.rhs, rhs, lhs),
            ):
                if len(empty_keys) < 2 or any(v is not None for v in empty):
                    continue
                total = sum(float(v or 0) for v in printed)
                if total == 0 or any(
                    _place(ident.axis, where, k) in blank_totals for k in empty_keys
                ):
                    continue
                out.append(
                    _blank_side(
                        table,
                        ident,
                        where,
                        f"its parts are all printed empty while the other side is {total:g}",
                    )
                )
    return out


def _place(axis: str, where: str, key: str) -> tuple[str, str]:
    """The (row, column) of one cell of an identity checked along ``axis`` at ``where``."""
    return (where, key) if axis == "row" else (key, where)


def _blank_side(table: str, ident, where: str, what: str) -> Warning_:
    return Warning_(
        "blank_side",
        f"{ident.name} at {where}: {what}; a value may have been lost",
        table=table,
        row=where if ident.axis == "row" else None,
        column=None if ident.axis == "row" else where,
        detail={"check": ident.name, "where": where},
    )


def _columns(grid: dict[str, dict[str, GridCell]]) -> list[str]:
    return list(dict.fromkeys(c for cols in grid.values() for c in cols))


def _side(grid, axis: str, where: str, keys: tuple[str, ...]) -> list | None:
    """The values of one side of an identity; None when a cell of it was not found."""
    cells = [
        grid.get(where, {}).get(k) if axis == "row" else grid.get(k, {}).get(where) for k in keys
    ]
    found = [c for c in cells if c is not None and "missing_row" not in c.flags]
    if len(found) < len(cells):
        return None
    return [c.value for c in found]

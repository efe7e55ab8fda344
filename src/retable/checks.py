"""勾稽关系: test the recovered grid against the report's own arithmetic.

Identities come from the schema (``identities`` in ``standard_tables.json``).
A blank cell counts as 0 inside a sum, but an identity whose whole side is
blank is skipped rather than passed: nothing was printed to check.

A failure gets a verdict, because "the report is wrong", "the report is
incomplete" and "retable is unsure" call for different actions:
``source_inconsistent`` when every cell involved was read exactly as printed and
the printed numbers themselves break the identity; ``rows_missing`` when the cells
found were read as printed but rows the identity adds up were not found at all (a
report that leaves rows out, or a label retable did not recognise: the
``row_not_found`` warnings name them); ``recovery_uncertain`` when a cell was
recovered, cut out of fused digits, ambiguous, placed by position, read
differently from its raw text, or kept from a row that printed more values than it
has columns without the row's arithmetic saying which ones belong.
"""

from __future__ import annotations

from .lexical import is_placeholder, parse_number
from .schema import Identity, load_schema
from .types import Check, GridCell, Warning_

TOLERANCE = 1e-6
SOURCE_INCONSISTENT = "source_inconsistent"
RECOVERY_UNCERTAIN = "recovery_uncertain"
ROWS_MISSING = "rows_missing"
MISSING_ROW = "missing_row"
UNCERTAIN_FLAGS = frozenset(
    {"derived", "unresolved", "fused", "ambiguous", "orphan", MISSING_ROW, "cut"}
)


def _cells(
    grid: dict[str, dict[str, GridCell]], keys: tuple[str, ...], other: str, axis: str
) -> list[GridCell | None]:
    return [
        grid.get(other, {}).get(k) if axis == "row" else grid.get(k, {}).get(other) for k in keys
    ]


def _value(cell: GridCell | None):
    return None if cell is None else cell.value


def read_as_printed(cell: GridCell | None, verified: frozenset[str] = frozenset()) -> bool:
    """True when the cell's value is exactly what its raw text says (no recovery).

    A value cut out of fused digits counts as read when its row is in
    ``verified``: the row's own total pinned the cut down.
    """
    if cell is None:
        return False
    if cell.flags:  # most cells have none: no set to build
        uncertain = UNCERTAIN_FLAGS.intersection(cell.flags)
        # a cut out of fused digits is no doubt where the row's own total pinned it down
        if uncertain and (uncertain != {"fused"} or cell.row not in verified):
            return False
        if "fused" in cell.flags:
            return True
    if cell.raw is None:  # a grid built from values alone (gold grids, tests)
        return cell.span is None
    raw = cell.raw.strip()
    if cell.value is None:
        return raw == "" or is_placeholder(raw)
    printed = parse_number(raw)
    return printed is not None and abs(printed - cell.value) <= TOLERANCE


def verdict(cells: list[GridCell | None], verified: frozenset[str] = frozenset()) -> str:
    """Whose fault a failed identity is, judged from how its cells were read."""
    found = [c for c in cells if c is None or MISSING_ROW not in c.flags]
    if not all(read_as_printed(c, verified) for c in found):
        return RECOVERY_UNCERTAIN
    return ROWS_MISSING if len(found) < len(cells) else SOURCE_INCONSISTENT


def check_identity(
    ident: Identity,
    grid: dict[str, dict[str, GridCell]],
    columns: list[str],
    verified: frozenset[str] = frozenset(),
) -> list[Check]:
    checks = []
    places = list(grid) if ident.axis == "row" else columns
    for where in places:
        if ident.axis == "row" and not all(k in grid[where] for k in (*ident.lhs, *ident.rhs)):
            continue
        if ident.axis == "column" and not all(k in grid for k in (*ident.lhs, *ident.rhs)):
            continue
        lhs_cells = _cells(grid, ident.lhs, where, ident.axis)
        rhs_cells = _cells(grid, ident.rhs, where, ident.axis)
        lhs = [_value(c) for c in lhs_cells]
        rhs = [_value(c) for c in rhs_cells]
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
                ident.name,
                ident.table,
                where,
                status,
                _tidy(left),
                _tidy(right),
                ident.description,
                verdict([*lhs_cells, *rhs_cells], verified) if status == "fail" else None,
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
        idents = schema.identities_for(table, form)
        row_checks = [
            c for i in idents if i.axis == "row" for c in check_identity(i, grid, columns)
        ]
        failed = {c.where for c in row_checks if c.status != "pass"}
        verified = frozenset({c.where for c in row_checks} - failed)
        out.extend(row_checks)
        for ident in idents:
            if ident.axis != "row":
                out.extend(check_identity(ident, grid, columns, verified))
    return out


def check_warnings(checks: list[Check]) -> list[Warning_]:
    """One warning per failed identity, coded by its verdict."""
    axis = {i.name: i.axis for i in load_schema().identities}
    out = []
    for c in checks:
        if c.status != "fail":
            continue
        by_row = axis.get(c.name) == "row"
        if c.verdict == SOURCE_INCONSISTENT:
            message = (
                f"the report's own numbers break {c.name} at {c.where}: {c.lhs} != {c.rhs} "
                "(values are kept as printed)"
            )
        elif c.verdict == ROWS_MISSING:
            message = (
                f"{c.name} at {c.where} does not add up over the rows found: {c.lhs} != "
                f"{c.rhs}; rows it adds were not found (see row_not_found), so the report "
                "may leave them out"
            )
        else:
            message = (
                f"the recovered values break {c.name} at {c.where}: {c.lhs} != {c.rhs}; "
                "some involved cells were recovered, split or placed by retable, "
                "so the error may be retable's"
            )
        out.append(
            Warning_(
                c.verdict or RECOVERY_UNCERTAIN,
                message,
                table=c.table,
                row=c.where if by_row else None,
                column=None if by_row else c.where,
                detail={"check": c.name, "where": c.where, "lhs": c.lhs, "rhs": c.rhs},
            )
        )
    return out

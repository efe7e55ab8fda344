"""What a table read by position, or dropped by the converter, must say about itself.

A table cut by where its words stand (a PDF without ruling lines,
:mod:`retable.inputs.pdf_words`), or read from text whose columns are aligned with
spaces (``pdftotext -layout``), has each value in the column it stands under. When
the report's arithmetic then fails, a value may stand under the wrong column (a
neighbour's, or the row above's) as easily as the report may be wrong; so every cell
of a failed identity is warned with both readings: the value as placed, and the value
the identity asks of it were it the one misplaced. Nothing is changed: the reader
sees both and decides.

pandoc's plain writer prints ``[TABLE]`` for a table it cannot draw (one with row
spans): the table is absent from the text, which a warning says, instead of a
bare "no row was recovered".
"""

from __future__ import annotations

from .schema import load_schema
from .types import Check, Document, GridCell, Region, Warning_

POSITIONED_MARK = 'data-cut="position"'  # on each <table> the positioned cutter wrote
DROPPED_TABLE = "[TABLE]"  # pandoc -t plain, for a table it does not draw


def cut_by_position(doc: Document) -> bool:
    """Whether the document's tables were cut by position (see ``POSITIONED_MARK``)."""
    return doc.kind == "html" and POSITIONED_MARK in doc.raw_text


def position_warnings(
    tables: dict[str, dict[str, dict[str, GridCell]]], checks: list[Check], form: str
) -> list[Warning_]:
    """One warning per cell of each failed identity: as placed, and as the arithmetic
    would have it."""
    schema = load_schema()
    out: list[Warning_] = []
    for check in checks:
        if check.status != "fail" or check.lhs is None or check.rhs is None:
            continue
        ident = next(
            (i for i in schema.identities_for(check.table, form) if i.name == check.name), None
        )
        grid = tables.get(check.table)
        if ident is None or grid is None:
            continue
        gap = check.rhs - check.lhs
        for keys, sign in ((ident.lhs, 1), (ident.rhs, -1)):
            for key in keys:
                row, column = (check.where, key) if ident.axis == "row" else (key, check.where)
                cell = grid.get(row, {}).get(column)
                if cell is None:
                    continue
                placed = cell.value or 0
                asked = placed + sign * gap
                if asked < 0:
                    continue  # no count can be negative: this cell is not the misplaced one
                out.append(
                    Warning_(
                        "position_disagrees",
                        f"{check.name} fails at {check.where}: {column} of {row} is "
                        f"{'empty' if cell.value is None else cell.value} where it stands, "
                        f"{_tidy(asked)} by the arithmetic if it is the value misplaced",
                        table=check.table,
                        row=row,
                        column=column,
                        detail={"check": check.name, "position": cell.value, "arithmetic": asked},
                    )
                )
    return out


def _tidy(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def absent_warning(doc: Document, table: str, region: Region | None) -> Warning_ | None:
    """A warning that the table is absent from the text, where the converter left
    ``[TABLE]`` in its place (in the table's region, or anywhere if none was found)."""
    if doc.kind != "text":
        return None
    lines = doc.lines if region is None else doc.lines[region.start[0] : region.end[0] + 1]
    if not any(line.text.strip() == DROPPED_TABLE for line in lines):
        return None
    return Warning_(
        "table_absent",
        f"table {table} is absent from the text: the converter left {DROPPED_TABLE} in its "
        "place (pandoc's plain writer does so for a table with merged cells)",
        table=table,
    )

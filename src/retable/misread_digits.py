"""Numbers printed with a look-alike letter in them (``133O``, ``S4``): read, not trusted.

A table typed from a scan, or OCR'd by the publisher, holds digits misread as the
letters they resemble (O for 0, l for 1, S for 5). Cutting such a cell into digits and a
label would keep ``133`` of ``133O`` and say nothing: a wrong number without a warning.
The splitter reads the whole word as the number its letters stand for (the cell's raw
text keeps them), and this stage marks each such value: confirmed (flag
``letter_confirmed``) where a 勾稽 identity it takes part in holds, otherwise flagged and
warned ``letter_in_number`` with both readings, its confidence capped at
:data:`MAPPED_CONFIDENCE` (the cap OCR'd words with letters get).
"""

from __future__ import annotations

from dataclasses import replace

from .inputs.layout import MAPPED_CONFIDENCE
from .lexical import confusable_digits
from .ocr_confidence import confirmed
from .types import GridCell, Warning_

Tables = dict[str, dict[str, dict[str, GridCell]]]
FLAG = "letter_in_number"
CONFIRMED_FLAG = "letter_confirmed"


def lettered(cell: GridCell) -> bool:
    """Whether the cell's value was read from digits with look-alike letters among them."""
    return (
        cell.value is not None and cell.raw is not None and confusable_digits(cell.raw) is not None
    )


def lettered_cells(tables: Tables, form: str) -> tuple[Tables, list[Warning_]]:
    """The tables with each value read from a lettered number flagged, and a warning for
    each one no identity confirms. Tables without such a value are returned as given."""
    if not any(
        lettered(c) for grid in tables.values() for row in grid.values() for c in row.values()
    ):
        return tables, []
    vouched = confirmed(tables, form)
    out: Tables = {}
    warnings: list[Warning_] = []
    for table, grid in tables.items():
        out[table] = {}
        for row, cells in grid.items():
            out[table][row] = {}
            for col, cell in cells.items():
                if lettered(cell):
                    if (table, row, col) in vouched:
                        cell = replace(cell, flags=(*cell.flags, CONFIRMED_FLAG))
                    else:
                        cell = replace(
                            cell,
                            confidence=min(cell.confidence, MAPPED_CONFIDENCE),
                            flags=(*cell.flags, FLAG),
                        )
                        warnings.append(_warning(cell))
                out[table][row][col] = cell
    return out, warnings


def _warning(cell: GridCell) -> Warning_:
    return Warning_(
        FLAG,
        f"{cell.table}.{cell.row}.{cell.column} = {cell.value} was read from {cell.raw!r}, "
        "a number printed with letters that look like digits; no identity confirms it",
        table=cell.table,
        row=cell.row,
        column=cell.column,
        detail={"raw": cell.raw, "read_as": cell.value},
    )

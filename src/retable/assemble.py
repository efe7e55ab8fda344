"""Tagged cells → the canonical grid of one table.

1. Continuations are merged into the cell they continue, and cells are grouped
   into *records*: the labels printed before a run of values, and those values
   (:mod:`.assembly.records`). A row of numbers with no label of its own (PDF
   extractions detach labels) is an *orphan* record.
2. Records are aligned to the schema's rows in order (:mod:`.assembly.align`, a
   small dynamic programme): labelled records anchor themselves by fuzzy label
   score, orphans fill the rows between anchors.
3. Each aligned row is fitted to its columns (:mod:`.assembly.fit`, with
   :mod:`retable.solve`), and the readings of all rows are chosen together so the
   column identities hold (:mod:`.assembly.choose`).
4. The chosen readings become grid cells (:mod:`.assembly.grid`), and every step's
   warnings are worded in :mod:`.assembly.warnings`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assembly.align import align
from .assembly.apart import drop_values_apart
from .assembly.choose import choose, choose_readings
from .assembly.displaced import move_displaced_values
from .assembly.fit import fit_rows, row_groups
from .assembly.grid import build_grid
from .assembly.records import (
    Record,
    build_records,
    merge_continuations,
    one_row_record,
    score_record,
    scored,
)
from .assembly.strays import join_stray_values
from .assembly.warnings import foreign_values
from .assembly.wrapped import join_wrapped_labels
from .schema import TableSpec
from .types import Cell, GridCell, Warning_

__all__ = [
    "Placement",
    "Record",
    "TableResult",
    "align",
    "assemble_table",
    "build_records",
    "choose",
    "merge_continuations",
    "place_records",
    "row_groups",
    "score_record",
]


@dataclass(frozen=True)
class TableResult:
    """The grid of one table, the warnings of assembling it, and how many rows were read."""

    table: str
    grid: dict[str, dict[str, GridCell]]
    warnings: list[Warning_]
    rows_found: int


@dataclass(frozen=True)
class Placement:
    """The table's records, the row index each is placed on (None: no row), and the
    warning of values a one-row table leaves out."""

    records: list[Record]
    assignment: list[int | None]
    warnings: list[Warning_]


def place_records(cells: list[Cell], spec: TableSpec, form: str) -> Placement:
    """Group the merged cells into records and put each on a row of the table."""
    rows = spec.rows_for(form)
    records = build_records(cells)
    if len(rows) == 1:
        records, foreign = one_row_record(cells, records, spec.key, form)
        warnings = [foreign_values(spec.key, foreign)] if foreign else []
        return Placement(records, [0] if records else [], warnings)
    records = scored(records, spec.key, form)
    widths = [len(spec.row_columns(row, form)) for row in rows]
    return Placement(records, align(records, rows, widths), [])


def assemble_table(cells: list[Cell], spec: TableSpec, form: str) -> TableResult:
    """Build the grid of one table from its tagged cells."""
    cells = join_wrapped_labels(merge_continuations(cells, spec.key, form), spec.key, form)
    cells = drop_values_apart(join_stray_values(cells, spec.key, form), spec.key, form)
    cells = move_displaced_values(cells)
    placed = place_records(cells, spec, form)
    fitted = fit_rows(cells, placed.records, placed.assignment, spec, form)
    choice = choose_readings(fitted, spec, form)
    grid, grid_warnings = build_grid(choice, fitted.sources, spec, form)
    warnings = [*placed.warnings, *fitted.warnings, *choice.warnings, *grid_warnings]
    return TableResult(spec.key, grid, warnings, len(choice.chosen))

"""The warnings of assembling a table: what each stage could not read, or read only
by assuming something, in words and as data."""

from __future__ import annotations

from ..schema import RowSpec, TableSpec
from ..solve import Candidate
from ..types import Cell, Warning_
from .records import Record


def foreign_values(table: str, values: list[Cell]) -> Warning_:
    """A one-row table's values that follow another table's row label."""
    return Warning_(
        "unplaced_values",
        f"values under another table's row labels in {table}: " + " ".join(c.text for c in values),
        table=table,
    )


def unplaced_values(table: str, record: Record) -> Warning_:
    """A record of values that no row took."""
    text = " ".join(c.text for c in record.values[:10])
    return Warning_(
        "unplaced_values", f"values not placed in any row of {table}: {text}", table=table
    )


def row_unreadable(table: str, row: str, width: int) -> Warning_:
    """Nothing fits the row's printed values (e.g. a garbled run): said rather than guessed."""
    return Warning_(
        "row_unreadable",
        f"{row}: the printed values cannot be read as {width} columns",
        table=table,
        row=row,
    )


def reading_order(table: str, excess: dict[str, int], runs_astray: int) -> Warning_:
    """The values of several rows ran together, so only confirmed rows are kept."""
    return Warning_(
        "reading_order",
        f"{table}: rows {', '.join(excess) or 'none'} printed more values than "
        f"they have columns and {runs_astray} values in runs fit no row, so the text "
        "does not keep the table's rows apart (a PDF converter's reading order); "
        "only rows the arithmetic confirms are kept",
        table=table,
        detail={"overflowing_rows": list(excess), "values_in_no_row": runs_astray},
    )


def row_not_found(table: str, row: RowSpec) -> Warning_:
    return Warning_(
        "row_not_found",
        f"row {row.key} ({row.label}) was not found",
        table=table,
        row=row.key,
    )


def placed_by_position(table: str, row: str, cand: Candidate, width: int) -> Warning_:
    """Values placed under the headers they stand beneath, with no arithmetic to confirm."""
    return Warning_(
        "placed_by_position",
        f"{row}: {sum(v is not None for v in cand.values)} values for "
        f"{width} columns placed under the headers they stand beneath; "
        "no arithmetic of the table confirms where they stand",
        table=table,
        row=row,
    )


_EXTRA = ("extra_values", "more values printed than columns; extra values ignored")


# The warning a row's reading earns by its kind alone (code, what it says of the row).
_KIND_WARNINGS = {
    "extra": _EXTRA,
    "left_out": _EXTRA,
    "padded": _EXTRA,
    "repeated": (
        "repeated_values",
        "a value printed once for each column its cell spans was read once",
    ),
    "edge": ("blank_assumed", "an empty border cell was read as a blank value"),
}


def row_warnings(
    spec: TableSpec,
    row: RowSpec,
    columns: tuple[str, ...],
    cand: Candidate,
    alternatives: list[Candidate],
    values: list[Cell],
    *,
    guessed_cut: bool,
) -> list[Warning_]:
    """The warnings a row's chosen reading earns. ``guessed_cut`` says fused digits
    were cut where they could also be cut elsewhere, with no arithmetic of the row
    to confirm the cut."""
    out: list[Warning_] = []
    if cand.derived:
        cols = [columns[k] for k in cand.derived]
        out.append(
            Warning_(
                "value_recovered",
                f"{row.key}: {len(cols)} of {len(columns)} values were not printed; "
                f"{', '.join(cols)} recovered from the report's arithmetic",
                table=spec.key,
                row=row.key,
                column=cols[0] if len(cols) == 1 else None,
                detail={"columns": cols, "values": [cand.values[k] for k in cand.derived]},
            )
        )
    if cand.unresolved:
        cols = [columns[k] for k in cand.unresolved]
        placed = set(cand.sources)
        printed = [(i, c.text) for i, c in enumerate(values) if c.role == "value"]
        unplaced = [text for i, text in printed if i not in placed][:20]
        out.append(
            Warning_(
                "value_unrecoverable",
                f"{row.key}: printed {len(printed)} values for {len(columns)} columns; "
                f"{', '.join(cols)} cannot be placed and are left empty",
                table=spec.key,
                row=row.key,
                detail={"columns": cols, "unplaced_values": unplaced},
            )
        )
    if cand.kind in _KIND_WARNINGS:
        code, says = _KIND_WARNINGS[cand.kind]
        out.append(Warning_(code, f"{row.key}: {says}", table=spec.key, row=row.key))
    if guessed_cut and not alternatives:
        out.append(
            Warning_(
                "digits_cut",
                f"{row.key}: values printed with nothing between them were cut apart where "
                "the digits' lengths suggest; the row has no arithmetic to confirm the cut",
                table=spec.key,
                row=row.key,
            )
        )
    if alternatives:
        out.append(_ambiguous(spec, row, columns, cand, alternatives))
    return out


def _ambiguous(
    spec: TableSpec,
    row: RowSpec,
    columns: tuple[str, ...],
    cand: Candidate,
    alternatives: list[Candidate],
) -> Warning_:
    """A row the arithmetic lets be read several ways: every reading, for a reader and the panel."""
    options = [list(cand.values)] + [list(a.values) for a in alternatives[:9]]
    kind = "fused digits" if cand.kind == "split" else "printed values"
    return Warning_(
        "ambiguous_split",
        f"{row.key}: the {kind} can be read {len(alternatives) + 1} ways that all fit the "
        + (
            "table's arithmetic; the columns they disagree on are left empty"
            if cand.kind == "missing" and cand.unresolved
            else "table's arithmetic; the most plausible is used"
        ),
        table=spec.key,
        row=row.key,
        # "candidates": the chosen reading and the next nine, for a reader;
        # "readings": every reading (up to 200), for the panel to choose among.
        detail={
            "columns": list(columns),
            "candidates": options,
            "readings": [list(cand.values)] + [list(a.values) for a in alternatives[:199]],
            "complete": len(alternatives) < 200,
        },
    )

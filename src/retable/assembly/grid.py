"""The chosen readings → grid cells, with each cell's provenance, flags and confidence.

A cell's confidence is the lower of its role's and its row label's, capped where
the reading guessed (ambiguous, unresolved, derived, cut or fused digits cut
where nothing confirms the cut).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..schema import RowSpec, TableSpec, load_schema
from ..solve import Candidate, cut_counts
from ..types import Cell, GridCell, Warning_
from .align import ORPHAN_GAIN
from .choose import Choice
from .fit import row_groups
from .records import Record
from .warnings import placed_by_position, row_not_found, row_warnings

Grid = dict[str, dict[str, GridCell]]


def build_grid(
    choice: Choice, sources: dict[str, Record], spec: TableSpec, form: str
) -> tuple[Grid, list[Warning_]]:
    """Every row of the table, read or missing, and the warnings of each, row by row."""
    rows = spec.rows_for(form)
    grid: Grid = {}
    warnings: list[Warning_] = []
    for row in rows:
        columns = spec.row_columns(row, form)
        found = sources.get(row.key)
        cand = choice.chosen.get(row.key)
        if found is None or cand is None:
            grid[row.key] = {
                col: GridCell(spec.key, row.key, col, None, None, None, 0.0, flags=("missing_row",))
                for col in columns
            }
            warnings.append(row_not_found(spec.key, row))
            continue
        # digits cut apart where nothing confirms the cut and it could fall elsewhere
        guessed_cut = (
            cand.kind == "split"
            and not row_groups(spec, form, columns)
            and not _cuts_certain(cand, found.values)
        )
        grid[row.key] = _row_cells(
            spec, row, columns, cand, found, row.key in choice.ties, len(rows), guessed_cut
        )
        warnings += row_warnings(
            spec,
            row,
            columns,
            cand,
            choice.ties.get(row.key, []),
            found.values,
            guessed_cut=guessed_cut,
        )
        if cand.kind == "aligned" and None in cand.values and not _checked(spec, form, row.key):
            warnings.append(placed_by_position(spec.key, row.key, cand, len(columns)))
    return grid, warnings


def _row_cells(
    spec: TableSpec,
    row: RowSpec,
    columns: tuple[str, ...],
    cand: Candidate,
    rec: Record,
    tied: bool,
    n_rows: int,
    guessed_cut: bool,
) -> dict[str, GridCell]:
    """The grid cells of one row read as ``cand`` from the record ``rec``."""
    match_score = (
        rec.scores.get(row.key, ORPHAN_GAIN if rec.orphan else 1.0)
        if rec.scores
        else (0.7 if n_rows > 1 else 1.0)
    )
    cells_out: dict[str, GridCell] = {}
    orphan = rec.orphan and n_rows > 1
    row_match = _round3(match_score)  # the same for every cell of the row
    for k, col in enumerate(columns):
        src = cand.sources[k]
        cell = rec.values[src] if src is not None and src < len(rec.values) else None
        flags = _flags(cand, k, tied, orphan)
        role_conf = cell.confidence if cell is not None else 0.0
        conf = min(role_conf if cell is not None else 0.5, match_score)
        if "ambiguous" in flags or "unresolved" in flags:
            conf = min(conf, 0.3)
        elif "derived" in flags or "cut" in flags or (guessed_cut and k in cand.fused):
            conf = min(conf, 0.6)
        cells_out[col] = GridCell(
            spec.key,
            row.key,
            col,
            cand.values[k],
            cell.raw if cell is not None else None,
            cell.span if cell is not None else None,
            _round3(conf),
            _round3(role_conf),
            row_match,
            tuple(flags),
            cell.box if cell is not None else None,
        )
    return cells_out


def _flags(cand: Candidate, k: int, tied: bool, orphan: bool) -> list[str]:
    """What the reading says of column ``k``: derived, unresolved, fused, ambiguous, …"""
    flags: list[str] = []
    if k in cand.derived:
        flags.append("derived")
    if k in cand.unresolved:
        flags.append("unresolved")
    if k in cand.fused:
        flags.append("fused")
    if tied:
        flags.append("ambiguous")
    if orphan:
        flags.append("orphan")
    if cand.kind == "extra":
        flags.append("cut")  # more values than columns, the first ones kept unconfirmed
    return flags


def _checked(spec: TableSpec, form: str, row: str) -> bool:
    """Whether an identity of the table involves the row (its own sum, or a column's)."""
    for ident in load_schema().identities_for(spec.key, form):
        if ident.axis == "row" or row in ident.lhs or row in ident.rhs:
            return True
    return False


@lru_cache(maxsize=4096, typed=True)  # typed: round(1, 3) is 1, round(1.0, 3) is 1.0
def _round3(x: float) -> float:
    """``round(x, 3)``, remembered: confidences take few distinct values, and Python's
    correctly rounded ``round`` formats the float as text each time."""
    return round(x, 3)


def _cuts_certain(cand: Candidate, values: list[Cell]) -> bool:
    """Whether each fused run of the reading can be cut only the way it was: into
    no fewer numbers (``000`` is 0 | 0 | 0; ``013`` may be 0 | 13 and a blank) and
    in no other place."""
    pieces = Counter(cand.sources[k] for k in cand.fused)
    for src, n in pieces.items():
        if src is None:
            return False
        counts = cut_counts(values[src].text, n)
        if counts[n] != 1 or any(counts[1:n]):
            return False
    return True

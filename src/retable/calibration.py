"""Calibrated cell confidence: how often a cell read with the same evidence was right.

The confidence the assembler gives (role probability × label match, capped for recovered
cells) ranks cells but is not a probability: a cell of 二、主动公开 read at 0.99 is no
likelier to be right than the 0.9 of a cell its row's total confirms. So each cell is put
in an *evidence class* — what the report's own arithmetic says of it (every identity it
takes part in holds / one fails / none applies), what the prose says (a figure confirms
it / doubts it / nothing), whether it was read exactly as printed (or else how it was
made: derived, cut from fused digits, ambiguous…), whether a warning names the cell, its row or
table, whether it is blank, and the assembler's confidence band — and its confidence is
the accuracy measured for that class on corrupted real reports and
converted layouts (``benchmarks/calibrate_confidence.py``), as a lower confidence bound
so that among cells at ≥ 0.99 at least 99 % are right. The measurements ship as JSON
(``models/calibration/calibration.json``: counts per class, no pickle).

A class seen too rarely backs off to a coarser one (fewer facts), down to the whole
population. Caps for recovered cells stay: an ambiguous cut is at most 0.3, a derived
value, or one cut from fused digits with nothing to confirm the cut, at most 0.6.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from .checks import read_as_printed
from .crosscheck import PARSE_DOUBT, identity_cells
from .types import Check, GridCell, Warning_

CALIBRATION = Path(__file__).parent / "models" / "calibration" / "calibration.json"
MIN_CELLS = 200  # fewer observations than this in a class: back off to a coarser one
Z = 2.326  # one-sided 99 % bound: a class's confidence errs on the low side
Tables = dict[str, dict[str, dict[str, GridCell]]]
Key = tuple[str, str, str]
# From the most specific class to the whole population: each level drops one fact.
LEVELS = (
    ("identity", "prose", "printed", "warned", "blank", "band"),
    ("identity", "prose", "printed", "warned", "blank"),
    ("identity", "prose", "printed", "blank"),
    ("identity", "printed"),
    ("printed",),
    (),
)
# How a cell not read as printed was made, most telling first (assemble's flags).
RECOVERY = ("ambiguous", "unresolved", "orphan", "missing_row", "derived", "cut", "fused")


def lower_bound(right: int, n: int, z: float = Z) -> float:
    """Wilson score lower bound of a proportion: conservative for small classes."""
    if n == 0:
        return 0.0
    p = right / n
    centre = p + z * z / (2 * n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - margin) / (1 + z * z / n))


def _prose_cells(checks: list[Check]) -> tuple[set[Key], set[Key]]:
    """Cells the prose confirmed and doubted, read back from the narrative checks."""
    confirmed: set[Key] = set()
    doubted: set[Key] = set()
    for c in checks:
        if not c.name.startswith("narrative.") or c.name == "narrative.share":
            continue
        cells = set()
        for part in c.where.split("+"):
            row, column = part.split(".", 1)
            cells.add((c.table, row, column))
        if c.status == "pass":
            confirmed |= cells
        elif c.verdict == PARSE_DOUBT:
            doubted |= cells
    return confirmed, doubted


FACTS = ("identity", "prose", "printed", "warned", "blank", "band")


def evidence(tables: Tables, checks: list[Check], warnings: list[Warning_], form: str) -> dict:
    """Every cell's facts, ``{(table, row, column): {fact: value}}``."""
    return {
        key: dict(zip(FACTS, facts, strict=True))
        for key, facts in evidence_tuples(tables, checks, warnings, form).items()
    }


def evidence_tuples(
    tables: Tables, checks: list[Check], warnings: list[Warning_], form: str
) -> dict[Key, tuple[str, ...]]:
    """Every cell's facts as a tuple in the order of ``FACTS`` (cheap to build and hash)."""
    return {
        (table, row, column): facts
        for table, row, column, _, facts in _cell_facts(tables, checks, warnings, form)
    }


def _cell_facts(
    tables: Tables, checks: list[Check], warnings: list[Warning_], form: str
) -> Iterator[tuple[str, str, str, GridCell, tuple[str, ...]]]:
    """Each cell with its facts, in grid order (a generator: nothing kept per cell)."""
    held: set[Key] = set()
    failed: set[Key] = set()
    verified: dict[str, set[str]] = {}
    for c, lhs, rhs in identity_cells(checks, form):
        (held if c.status == "pass" else failed).update(lhs | rhs)
        if c.status == "pass" and c.where in tables.get(c.table, {}):
            verified.setdefault(c.table, set()).add(c.where)
    confirmed, doubted = _prose_cells(checks)
    rows_warned = {(w.table, w.row) for w in warnings if w.row is not None}
    cells_warned = _cells_warned(warnings)
    cols_warned = {(w.table, w.column) for w in warnings if w.row is None and w.column}
    tables_warned = {w.table for w in warnings if w.row is None and w.column is None}
    for table, grid in tables.items():
        rows_ok = frozenset(verified.get(table, ()))
        table_warned = "table" if table in tables_warned else "none"
        for row, cols in grid.items():
            row_warned = "row" if (table, row) in rows_warned else table_warned
            for column, cell in cols.items():
                key = (table, row, column)
                if key in cells_warned:
                    warned = "cell"
                elif (table, column) in cols_warned:
                    warned = "row"
                else:
                    warned = row_warned
                yield (
                    table,
                    row,
                    column,
                    cell,
                    (
                        "failed" if key in failed else "held" if key in held else "none",
                        "doubted" if key in doubted else "agrees" if key in confirmed else "none",
                        _printed(cell, rows_ok),
                        warned,
                        "yes" if cell.value is None else "no",
                        "high"
                        if cell.role_confidence >= 0.8 and cell.match_score >= 0.8
                        else "low",
                    ),
                )


def _cells_warned(warnings: list[Warning_]) -> set[Key]:
    """Cells a warning names one by one (its row and column, or its row and the columns
    its detail lists: ``blank_cell``, ``value_unrecoverable``)."""
    out: set[Key] = set()
    for w in warnings:
        if w.table is None or w.row is None:
            continue
        listed = w.detail.get("columns")
        columns: list = listed if isinstance(listed, list) else []
        for column in [w.column, *columns]:
            if isinstance(column, str):
                out.add((w.table, w.row, column))
    return out


def _printed(cell: GridCell, verified: frozenset[str]) -> str:
    """``yes`` for a cell read exactly as printed, else how it was made."""
    if not cell.flags and cell.raw is not None and cell.value is None and not cell.raw.strip():
        return "yes"  # an empty cell printed empty (the commonest blank), as read_as_printed says
    if read_as_printed(cell, verified):
        return "yes"
    return next((f for f in RECOVERY if f in cell.flags), "other")


def class_key(facts: dict, level: tuple[str, ...]) -> str:
    return "|".join(f"{f}={facts[f]}" for f in level) or "all"


@cache
def load_calibration(path: Path = CALIBRATION) -> dict[str, tuple[int, int]] | None:
    """``{class key: (right, n)}`` from the shipped JSON, or None when it is absent."""
    if not path.exists():
        return None
    data = json.loads(path.read_text("utf-8"))
    return {k: (v[0], v[1]) for k, v in data["classes"].items()}


def calibrated(facts: dict, counts: dict[str, tuple[int, int]]) -> float:
    """The confidence of a cell with these facts: its most specific well-measured class.

    The prose's word only ever moves a cell one way: a confirmed cell is at least as
    sure as it would be without the figure (its class may simply be measured on fewer
    cells, hence a lower bound further down), a doubted one at most as sure."""
    own = _measured(facts, counts)
    if facts["prose"] == "none":
        return own
    without = _measured(dict(facts, prose="none"), counts)
    return max(own, without) if facts["prose"] == "agrees" else min(own, without)


def _measured(facts: dict, counts: dict[str, tuple[int, int]]) -> float:
    for level in LEVELS:
        right, n = counts.get(class_key(facts, level), (0, 0))
        if n >= MIN_CELLS or not level:
            return round(lower_bound(right, n), 4)
    return 0.0


def flag_cap(cell: GridCell) -> float:
    """The most a recovered cell's flags allow, whatever its class measured."""
    if not cell.flags:
        return 1.0
    flags = set(cell.flags)
    if flags & {"ambiguous", "unresolved"}:
        return 0.3
    if flags & {"derived", "cut"}:
        return 0.6
    if "letter_in_number" in flags:
        return 0.4  # a number printed with a look-alike letter that nothing confirmed
    if "fused" in flags and cell.confidence <= 0.6:
        return 0.6  # a cut the assembler guessed (digits_cut): nothing confirmed it
    return 1.0


def calibrate(tables: Tables, checks: list[Check], warnings: list[Warning_], form: str) -> Tables:
    """The grid with every cell's confidence replaced by its calibrated value (new cells;
    the grid given is not changed). Without shipped calibration data the grid is returned."""
    counts = load_calibration()
    if counts is None:
        return tables
    known: dict[tuple[str, ...], float] = {}  # a report's cells fall in a few classes
    out: Tables = {table: {row: {} for row in grid} for table, grid in tables.items()}
    for table, row, column, cell, key in _cell_facts(tables, checks, warnings, form):
        if key not in known:
            known[key] = calibrated(dict(zip(FACTS, key, strict=True)), counts)
        confidence = min(known[key], flag_cap(cell)) if cell.flags else known[key]
        out[table][row][column] = _with_confidence(cell, confidence)
    return out


def _with_confidence(cell: GridCell, confidence: float) -> GridCell:
    """A copy of the cell with another confidence (the constructor: ``replace`` is slow)."""
    return GridCell(
        cell.table,
        cell.row,
        cell.column,
        cell.value,
        cell.raw,
        cell.span,
        confidence,
        cell.role_confidence,
        cell.match_score,
        cell.flags,
        cell.box,
    )

"""Each placed record → the candidate readings of its row's printed values.

The layout says how literally a row's cells are to be taken (every cell of an
HTML row or of a grid dump is a cell of the table; text may drop empty cells or
run values together); :func:`retable.solve.fit_row` then reads the values as the
row's columns, and a whitespace-aligned row is also read by position
(:mod:`.positions`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..schema import ColumnSpec, TableSpec, load_schema
from ..solve import COST_EDGE, COST_EDGE_PIPE, Candidate, Group, fit_row, slot_from_text
from ..spaced_blanks import SPACES
from ..types import Cell, Warning_
from .positions import column_positions, positional
from .records import Record
from .warnings import row_unreadable, unplaced_values

# Layouts a grid dump writes (a cell between separators, or aligned by pandas' to_string).
GRID_DUMPED = ("tab", "csv", "pipe", "aligned")
MIN_APART_ROWS = 3  # rows of several values printed apart that show how the table prints
MIN_FILLED_SPANS = 2  # neighbouring cells of one text a grid dump shows at least
MIN_FILLED_CHARS = 4  # letters such a text has (a label or a header, not a word of one)

Positions = list[tuple[int, int]] | None


@dataclass(frozen=True)
class Fitted:
    """The candidate readings of each row a record was placed on (cheapest first), the
    record each row was read from, how many values in runs of two or more no row took,
    and the warnings of records that could not be read."""

    options: dict[str, list[Candidate]]
    sources: dict[str, Record]
    runs_astray: int
    warnings: list[Warning_]


@dataclass(frozen=True)
class _Table:
    """What every row of one table reads its values with."""

    cells: list[Cell]
    spec: TableSpec
    form: str
    grid_dump: bool
    values_apart: Callable[[], bool]
    column_specs: dict[str, ColumnSpec]
    positions: dict[tuple[str, ...], Positions]  # header positions per set of columns
    laid_out: Callable[[], bool]  # some values stand aligned in columns of spaces


def fit_rows(
    cells: list[Cell],
    records: list[Record],
    assignment: list[int | None],
    spec: TableSpec,
    form: str,
) -> Fitted:
    """The readings of every row a record was placed on, in record order."""
    rows = spec.rows_for(form)
    table = _Table(
        cells,
        spec,
        form,
        _fills_spans(cells),
        cache(lambda: _values_stand_apart(records)),
        {c.key: c for c in spec.columns},
        {},
        cache(lambda: any(c.layout == "aligned" and c.role == "value" for c in cells)),
    )
    options: dict[str, list[Candidate]] = {}
    sources: dict[str, Record] = {}
    warnings: list[Warning_] = []
    runs_astray = 0
    for rec, j in zip(records, assignment, strict=True):
        if j is None:
            printed = sum(c.role == "value" for c in rec.values)
            runs_astray += printed if printed >= 2 else 0
            if rec.numbers:
                warnings.append(unplaced_values(spec.key, rec))
            continue
        row = rows[j]
        columns = spec.row_columns(row, form)
        cands = _candidates(rec, columns, table)
        if not cands:
            warnings.append(row_unreadable(spec.key, row.key, len(columns)))
            continue
        cands.sort(key=lambda c: c.cost)
        options[row.key] = cands
        sources[row.key] = rec
    return Fitted(options, sources, runs_astray, warnings)


def _candidates(rec: Record, columns: tuple[str, ...], table: _Table) -> list[Candidate]:
    """The readings of one record's values as ``columns``."""
    spec, form = table.spec, table.form
    groups = row_groups(spec, form, columns)
    slots = [
        slot_from_text(c.text, i, c.role == "blank", _splittable(c, groups))
        for i, c in enumerate(rec.values)
    ]
    # Every cell of an HTML row, of a grid dump's, or of text that writes empty cells
    # as spaces is a cell of the table, so an empty one at the edge is a printed
    # blank rather than border structure.
    dumped = table.grid_dump and all(c.layout in GRID_DUMPED for c in rec.values)
    blanks_real = (
        dumped
        or all(c.layout in ("html", SPACES) for c in rec.values)
        or _blanks_hold_spaces(rec.values)
    )
    cands: list[Candidate] = []
    if rec.values and (
        all(c.layout == "aligned" for c in rec.values) or _indented_alone(rec.values, table)
    ):
        if columns not in table.positions:
            table.positions[columns] = column_positions(table.cells, spec, form, columns)
        positions = table.positions[columns]
        if positions:
            cand = positional(rec, positions)
            if cand is not None:
                cands.append(cand)
    cands += fit_row(
        slots,
        len(columns),
        groups,
        edge_blanks_real=blanks_real,
        edge_cost=COST_EDGE_PIPE if any(c.layout == "pipe" for c in rec.values) else COST_EDGE,
        signed=[table.column_specs[c].signed for c in columns],
        cumulative=[table.column_specs[c].cumulative for c in columns],
        one_line=len({c.span.line for c in rec.values}) == 1,
        spans_filled=dumped,
        spaced=_spaced(rec, table.values_apart),
    )
    return cands


def _indented_alone(values: list[Cell], table: _Table) -> bool:
    """A line of one value of a laid-out table, indented to its column: a label
    wrapped around it (5.属于三类内部事 / 5 / 务信息) leaves it no gap of spaces
    to be read as aligned by, but its indent is where it stands."""
    return (
        len(values) == 1
        and values[0].layout == "line"
        and values[0].role == "value"
        and bool(values[0].x0)
        and table.laid_out()
    )


def _splittable(cell: Cell, groups: list[Group]) -> bool:
    """Whether the cell's digits may be of several values run together: one per line
    (nothing kept them apart), or aligned where the row's arithmetic confirms a cut
    (pdfplumber's layout text abuts neighbouring columns' digits, ``14050`` for 1405 | 0)."""
    return cell.layout == "line" or (cell.layout == "aligned" and bool(groups))


def row_groups(spec: TableSpec, form: str, columns: tuple[str, ...]) -> list[Group]:
    return list(_row_groups(spec.key, form, columns))


@cache
def _row_groups(table: str, form: str, columns: tuple[str, ...]) -> tuple[Group, ...]:
    return tuple(_compute_row_groups(table, form, columns))


def _compute_row_groups(table: str, form: str, columns: tuple[str, ...]) -> list[Group]:
    groups = []
    for ident in load_schema().identities_for(table, form):
        if ident.axis != "row":
            continue
        if all(k in columns for k in (*ident.lhs, *ident.rhs)):
            groups.append(
                (
                    tuple(columns.index(k) for k in ident.lhs),
                    tuple(columns.index(k) for k in ident.rhs),
                )
            )
    return groups


def _fills_spans(cells: list[Cell]) -> bool:
    """Whether the text is a grid dump: a spanning cell written once per column it
    spans (``pandas.read_html``, python-docx), seen as the same text in neighbouring
    cells of a line at least ``MIN_FILLED_SPANS`` times. Short words (结果 结果 of a
    wrapped header) and rules (---- of a pipe table) repeat in any table."""
    filled = 0
    for a, b in itertools.pairwise(cells):
        filled += (
            a.kind == b.kind == "text"
            and a.text == b.text
            and a.span.line == b.span.line
            and sum(ch.isalpha() for ch in a.text) >= MIN_FILLED_CHARS
            and a.layout in GRID_DUMPED
        )
        if filled >= MIN_FILLED_SPANS:
            return True
    return False


def _blanks_hold_spaces(values: list[Cell]) -> bool:
    """Whether a tab-separated row's empty cells all held a space (what a no-break
    space becomes in DrissionPage's ``.text``), as an empty table cell does and a
    trailing tab or a merged cell's place does not: then each is a cell."""
    blanks = [c for c in values if c.role == "blank"]
    return (
        bool(blanks)
        and all(c.layout in ("tab", "line") for c in values)
        and all(c.layout == "tab" and c.raw and c.raw.isspace() for c in blanks)
    )


def _values_stand_apart(records: list[Record]) -> bool:
    """Whether the table's rows of several values print them apart (``564 984 4185``)
    rather than run together (``564984 4185``): then a row's one printed number
    standing apart from its label is one value, not digits of several to cut."""
    several = [r for r in records if sum(c.role == "value" for c in r.values) >= 2]
    apart = sum(_spaced(r) for r in several)
    return apart >= MIN_APART_ROWS and apart >= 0.5 * len(several)


def _spaced(rec: Record, values_apart: Callable[[], bool] = lambda: False) -> bool:
    """Whether the row's printed values stand apart on their line, with something
    (a space, a border) between each two, or its one printed value is a line of
    its own (one cell per line) or, in a table whose values stand apart
    (``values_apart()``, asked only then), apart from its label on their line (``规章 115``: a
    table's text on one line with its empty cells left out): either way each is
    whole."""
    printed = sorted((c for c in rec.values if c.role != "blank"), key=lambda c: c.span.start)
    if len(printed) == 1:
        value = printed[0]
        if value.layout in ("line", SPACES) and not value.fragment:
            return True
        label = rec.labels[-1] if rec.labels else None
        return (
            label is not None
            and label.span.line == value.span.line
            and label.span.end < value.span.start
            and values_apart()
        )
    return len(printed) >= 2 and all(
        a.span.line == b.span.line
        and (b.span.start > a.span.end or a.raw[-1:].isspace() or b.raw[:1].isspace())
        for a, b in itertools.pairwise(printed)
    )

"""Tagged cells → records: the labels printed before a run of values, and those values.

Continuations are first merged into the cell they continue. A row of numbers with
no label of its own (PDF extractions detach labels) is an *orphan* record. A table
of one row has no labels to anchor its values, so all of them make one record,
without the header block's empty cells and the values that follow another table's
row labels.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from functools import cache

from ..match import ACCEPT, match_column, match_row
from ..roles import MAX_LABEL, text_verdict
from ..schema import TABLES, load_schema
from ..types import Cell, Span

DELIMITED = ("html", "pipe", "tab", "csv", "aligned")
STRONG_MATCH = 0.85


@dataclass(frozen=True)
class Record:
    """Labels and the values printed after them; ``scores`` are the row keys the
    labels match (set once the records are scored)."""

    labels: list[Cell]
    values: list[Cell]
    orphan: bool = False
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def numbers(self) -> int:
        return sum(1 for c in self.values if c.role == "value")

    @property
    def capacity(self) -> int:
        """How many values these cells could hold (a fused digit run holds several)."""
        return sum(
            sum(ch.isdigit() for ch in c.text) if c.layout == "line" and c.role == "value" else 1
            for c in self.values
        )


def merge_continuations(cells: list[Cell], table: str, form: str) -> list[Cell]:
    """Fold every ``continuation`` cell into the cell before it.

    An empty cell takes the text after it only in tab-prefixed text (Word's
    one-cell-per-line export), where a cell's first line may be empty and its
    text follow on the next, and not a label, numbered or whole: that begins a row
    (text that puts each row's first cell on a line without the prefix, as
    DrissionPage's ``.text`` does). Elsewhere an empty cell is whole.
    """
    out: list[Cell] = []
    for i, cell in enumerate(cells):
        if (
            cell.role == "continuation"
            and out
            and (
                out[-1].role == "label"
                or (
                    out[-1].role == "blank"
                    and out[-1].sep_before == "tab"
                    and not _begins_label(cells, i, table, form)
                )
            )
        ) or (
            cell.role == "continuation"
            and out
            and out[-1].role == "value"
            and cell.kind == "number"
        ):
            prev = out[-1]
            text = prev.text + cell.text if prev.text else cell.text
            role = prev.role
            kind = prev.kind
            raw = prev.raw + "\n" + cell.raw
            span = Span(prev.span.line, prev.span.start, max(prev.span.end, cell.span.end))
            if prev.role == "blank":
                role, kind = ("value", "number") if cell.kind == "number" else ("label", "text")
                if not prev.raw.strip():  # an empty cell whose content starts on the next line
                    raw, span = cell.raw, cell.span
            out[-1] = replace(
                prev,
                text=text,
                raw=raw,
                kind=kind,
                role=role,
                span=span,
                confidence=min(prev.confidence, cell.confidence),
            )
        elif cell.role == "continuation":
            out.append(replace(cell, role="label" if cell.kind == "text" else "value"))
        else:
            out.append(cell)
    return out


def _begins_label(cells: list[Cell], i: int, table: str, form: str) -> bool:
    """Whether the text of ``cells[i]`` and the text cells after it on its line
    (a label whose numbering was cut off, ``（二）`` + ``部分公开…``) begin a label:
    numbered (``（四）无法提供``), or one of the table's row labels."""
    line = cells[i].span.line
    text = ""
    for cell in itertools.takewhile(lambda c: c.span.line == line and c.kind == "text", cells[i:]):
        text += cell.text
    if not text:
        return False
    row_score, _, numbered, _, _ = text_verdict(text[:MAX_LABEL], table, form)
    return numbered or row_score >= ACCEPT


def build_records(cells: list[Cell]) -> list[Record]:
    """Group labels with the values printed after them."""
    rows_with_labels = {c.row for c in cells if c.role == "label"}
    values_per_row: dict[int, int] = {}
    for c in cells:
        if c.role == "value":
            values_per_row[c.row] = values_per_row.get(c.row, 0) + 1
    first_label_col: dict[int, int] = {}
    for c in cells:
        if c.role == "label" and c.layout in DELIMITED:
            first_label_col.setdefault(c.row, c.col)
    records: list[Record] = []
    pending: list[Cell] = []
    current: Record | None = None
    for cell in cells:
        if cell.role == "blank" and cell.col < first_label_col.get(cell.row, -1):
            continue  # the empty label column of a row whose label is further right
        if cell.role == "label":
            current = None
            pending.append(cell)
        elif cell.role in ("value", "blank"):
            starts_row = (
                cell.layout in DELIMITED
                and cell.row not in rows_with_labels
                and values_per_row.get(cell.row, 0) >= 2
                and (current is None or current.values[-1].row != cell.row)
            )
            if current is None or (starts_row and current.values):
                detached = starts_row and all(p.row != cell.row for p in pending)
                current = Record([] if detached else pending, [], orphan=detached or not pending)
                records.append(current)
                pending = []
            current.values.append(cell)
        elif cell.role == "header":
            pending = []
    return [r for r in records if r.numbers > 0 or (r.labels and r.values)]


def scored(records: list[Record], table: str, form: str) -> list[Record]:
    """The records with the row scores of their labels (built field by field: several
    times cheaper than ``dataclasses.replace``, once per record of every table)."""
    return [Record(r.labels, r.values, r.orphan, score_record(r, table, form)) for r in records]


def one_row_record(
    cells: list[Cell], records: list[Record], table: str, form: str
) -> tuple[list[Record], list[Cell]]:
    """The one record of a one-row table (none when it has no value), and the values
    left out because they follow another table's row label."""
    furniture = _header_blanks(cells)
    foreign = _other_tables_values(cells, table, form)
    merged = [
        c for r in records for c in r.values if id(c) not in furniture and id(c) not in foreign
    ]
    left_out = [c for c in cells if id(c) in foreign]
    return ([Record([], merged, orphan=True)] if merged else []), left_out


def _header_blanks(cells: list[Cell]) -> set[int]:
    """``id()`` of the empty cells that belong to the header block, not to the values.

    A one-row table has no row labels to anchor its values, so the empty cells of
    its header rows would otherwise join them: an empty cell in a row with a header
    cell, or a run of empty one-cell lines followed by a header cell. A printed
    placeholder ("—", "/") is never furniture.
    """
    header_rows = {c.row for c in cells if c.role == "header"}
    out: set[int] = set()
    run: list[Cell] = []
    for cell in cells:
        empty = cell.role == "blank" and not cell.raw.strip()
        if empty and cell.row in header_rows:
            out.add(id(cell))
        elif empty and cell.row_size == 1:
            run.append(cell)
            continue
        elif cell.role == "header":
            out.update(id(c) for c in run)
        run = []
    return out


def score_record(record: Record, table: str, form: str) -> dict[str, float]:
    """Row scores of a record: its last label, or the last labels joined when split."""
    if not record.labels:
        return {}
    last = record.labels[-1]
    scores = match_row(last.text, table, form)
    if len(record.labels) >= 2:
        prev = record.labels[-2]
        joined = match_row(prev.text + last.text, table, form)
        for key, s in joined.items():
            if s > scores.get(key, 0.0):
                scores[key] = s
    return {k: s for k, s in scores.items() if s >= ACCEPT}


def _other_tables_row(text: str, table: str, form: str) -> bool:
    return any(
        max(match_row(text, t, form).values(), default=0.0) >= STRONG_MATCH
        for t in TABLES
        if t != table
    )


@cache
def _own_column_labels(table: str, form: str) -> tuple[str, ...]:
    """Column labels of ``table`` that name no row of another table (not 总计, 其他)."""
    labels = {c.label for c in load_schema().table(table).columns_for(form)}
    return tuple(sorted(w for w in labels if not _other_tables_row(w, table, form)))


def _other_tables_values(cells: list[Cell], table: str, form: str) -> set[int]:
    """Values of a one-row table that follow a row label of another table.

    A converter's block order can print the end of table 三 (（七）总计 767 …,
    四、结转下年度继续办理 72 …) after heading 四; those values are not table 四's
    until a header of this table (行政复议, or text naming one of its own columns,
    结果维持) comes. A text matching both another table's row and one of this
    table's columns (总计, 其他), or neither (a wrapped fragment), leaves the owner
    as it was.
    """
    foreign: set[int] = set()
    theirs = False
    own = _own_column_labels(table, form)
    for cell in cells:
        if cell.kind == "text":
            other = _other_tables_row(cell.text, table, form)
            if other and not match_column(cell.text, table, form):
                theirs = True
            elif not other and (cell.role == "header" or any(w in cell.text for w in own)):
                theirs = False
        elif theirs and cell.role == "value":
            foreign.add(id(cell))
    return foreign

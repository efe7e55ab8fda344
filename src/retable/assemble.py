"""Tagged cells → the canonical grid of one table.

1. Continuations are merged into the cell they continue.
2. Cells are grouped into *records*: the labels printed before a run of values,
   and those values. A row of numbers with no label of its own (PDF
   extractions detach labels) is an *orphan* record.
3. Records are aligned to the schema's rows in order (a small dynamic
   programme): labelled records anchor themselves by fuzzy label score,
   orphans fill the rows between anchors.
4. Each aligned row is fitted to its columns (:mod:`retable.solve`), and the
   readings of all rows are chosen together so the column identities hold.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from .lexical import display_width
from .match import ACCEPT, match_column, match_row
from .roles import MAX_LABEL, text_verdict
from .schema import TABLES, RowSpec, TableSpec, load_schema
from .solve import (
    COST_EDGE,
    COST_EDGE_PIPE,
    MAX_EXTRA,
    Candidate,
    Group,
    confirms,
    cut_counts,
    fit_row,
    slot_from_text,
)
from .spaced_blanks import SPACES
from .types import Cell, GridCell, Span, Warning_

ORPHAN_GAIN = 0.5
TIE_TOLERANCE = 0.25  # readings this close in cost are equally plausible
IDENTITY_WEIGHT = 10.0
MAX_COMBINATIONS = 4096
DELIMITED = ("html", "pipe", "tab", "csv", "aligned")
# Layouts a grid dump writes (a cell between separators, or aligned by pandas' to_string).
GRID_DUMPED = ("tab", "csv", "pipe", "aligned")
MIN_APART_ROWS = 3  # rows of several values printed apart that show how the table prints
MIN_FILLED_SPANS = 2  # neighbouring cells of one text a grid dump shows at least
MIN_FILLED_CHARS = 4  # letters such a text has (a label or a header, not a word of one)


@dataclass
class Record:
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


@dataclass
class TableResult:
    table: str
    grid: dict[str, dict[str, GridCell]]
    warnings: list[Warning_]
    rows_found: int


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


def _row_has_text(cells: list[Cell], row: int) -> bool:
    return any(c.row == row and c.role in ("label", "continuation") for c in cells)


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


STRONG_MATCH = 0.85


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


def _increasing_subsequence(items: list[tuple[int, int]]) -> set[int]:
    """Indices (first elements) of a longest strictly increasing run of second elements."""
    best: list[list[tuple[int, int]]] = []
    for item in items:
        chains = [c for c in best if c[-1][1] < item[1]]
        chain = [*max(chains, key=len), item] if chains else [item]
        best.append(chain)
    longest = max(best, key=len) if best else []
    return {i for i, _ in longest}


def align(records: list[Record], rows: tuple[RowSpec, ...], widths: list[int]) -> list[int | None]:
    """Assign records to rows: strong labels anchor, the rest follow document order.

    Strongly labelled records that appear out of order (a PDF extraction that
    moved part of a table) are placed by label alone; everything else is a
    monotone alignment (a small dynamic programme) in which orphans fill the
    rows between anchors.
    """
    n, m = len(records), len(rows)
    index = {row.key: j for j, row in enumerate(rows)}
    strong = []
    for i, rec in enumerate(records):
        if rec.scores:
            key = max(rec.scores, key=rec.scores.__getitem__)
            if rec.scores[key] >= STRONG_MATCH and key in index:
                strong.append((i, index[key]))
    in_order = _increasing_subsequence(strong)
    fixed: dict[int, int] = {}
    claimed = {j for i, j in strong if i in in_order}
    for i, j in strong:
        if i not in in_order and j not in claimed:
            fixed[i] = j
            claimed.add(j)
    taken = set(fixed.values())
    free = [i for i in range(n) if i not in fixed]

    neg = float("-inf")
    # Record facts the gain asks for in every cell of the programme: computed once.
    capacities = [rec.capacity if rec.scores else 0 for rec in records]
    numbers = [rec.numbers for rec in records]
    row_keys = [row.key for row in rows]

    def gain(i: int, j: int) -> float:
        if j in taken:
            return neg
        rec = records[i]
        if rec.scores:
            score = rec.scores.get(row_keys[j], neg)
            # A label followed by far fewer cells than the row has is weak evidence.
            return score * 0.5 if capacities[i] < widths[j] / 2 else score
        if numbers[i] == 0:
            return neg
        fit = 1.0 if len(rec.values) >= widths[j] or numbers[i] == widths[j] else 0.4
        return ORPHAN_GAIN * fit

    k = len(free)
    dp = [[0.0] * (m + 1) for _ in range(k + 1)]
    back = [[0] * (m + 1) for _ in range(k + 1)]  # 0 skip record, 1 skip row, 2 match
    row0, back0 = dp[0], back[0]
    for j in range(1, m + 1):
        best, move = neg, 0
        if row0[j - 1] > best:
            best, move = row0[j - 1], 1
        row0[j], back0[j] = best, move
    for a in range(1, k + 1):
        prev, cur, moves = dp[a - 1], dp[a], back[a]
        gains = [gain(free[a - 1], j) for j in range(m)]
        best, move = neg, 0
        if prev[0] > best:
            best, move = prev[0], 0
        cur[0], moves[0] = best, move
        for j in range(1, m + 1):
            best, move = neg, 0
            if prev[j] > best:
                best, move = prev[j], 0
            if cur[j - 1] > best:
                best, move = cur[j - 1], 1
            g = gains[j - 1]
            if g != neg and prev[j - 1] + g > best:
                best, move = prev[j - 1] + g, 2
            cur[j], moves[j] = best, move
    assignment: list[int | None] = [None] * n
    for i, j in fixed.items():
        assignment[i] = j
    a, j = k, m
    while a > 0 or j > 0:
        move = back[a][j]
        if a > 0 and j > 0 and move == 2:
            assignment[free[a - 1]] = j - 1
            a, j = a - 1, j - 1
        elif j > 0 and (move == 1 or a == 0):
            j -= 1
        else:
            a -= 1
    return assignment


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


def _column_positions(
    cells: list[Cell], spec: TableSpec, form: str, columns: tuple[str, ...]
) -> list[tuple[int, int]] | None:
    """``(start, centre)`` display columns of each column's header, when all are found."""
    words: list[tuple[int, int, int, str]] = []  # row, start, centre, text; reading order
    for c in cells:
        if (
            c.role not in ("header", "label", "continuation", "noise")
            or c.x is None
            or c.x0 is None
        ):
            continue
        # A header line printed with single spaces between columns holds several headers.
        width = len if c.char_columns else display_width
        for m in re.finditer(r"\S+", c.text):
            start = c.x0 + width(c.text[: m.start()])
            words.append((c.row, start, start + width(m.group()) // 2, m.group()))
    best_x: dict[str, tuple[float, tuple[int, int]]] = {}
    found: list[tuple[tuple[int, int], dict[str, float]]] = []  # header words, reading order
    for i, (_, start, centre, _) in enumerate(words):
        scores = match_column(_stacked(words, i), spec.key, form)
        found.append(((start, centre), scores))
        for key, score in scores.items():
            if key in columns and score >= 0.7 and score > best_x.get(key, (0.0, 0))[0]:
                best_x[key] = (score, (start, centre))
    if len(best_x) == len(columns):
        xs = [best_x[k][1] for k in columns]
        if all(a[1] < b[1] for a, b in itertools.pairwise(xs)):
            return xs
    return _positions_in_order(found, columns)


def _stacked(words: list[tuple[int, int, int, str]], i: int) -> str:
    """A header word with the words wrapped under it (商业 / 企业 → 商业企业).

    Text browsers wrap a narrow header cell onto the following lines at the same
    start column; the pieces are read top to bottom until a line has none.
    """
    row, start, _, text = words[i]
    for later_row, later_start, _, later_text in words[i + 1 :]:
        if later_row > row + 2:
            break
        if later_row > row and abs(later_start - start) <= 1:
            text += later_text
            row = later_row
    return text


def _positions_in_order(
    found: list[tuple[tuple[int, int], dict[str, float]]], columns: tuple[str, ...]
) -> list[tuple[int, int]] | None:
    """Headers printed once per group (结果维持 … 总计 three times): take them in reading order.

    Each column takes the next header word, after the previous column's, that
    names it; the positions must then increase from left to right.
    """
    xs: list[tuple[int, int]] = []
    at = 0
    for key in columns:
        while at < len(found) and found[at][1].get(key, 0.0) < 0.7:
            at += 1
        if at == len(found):
            return None
        xs.append(found[at][0])
        at += 1
    return xs if all(a[1] < b[1] for a, b in itertools.pairwise(xs)) else None


def _positional(record: Record, positions: list[tuple[int, int]]) -> Candidate | None:
    """Read a whitespace-aligned row by placing each value under its header.

    A value goes to the header whose centre is nearest; when two values would
    share a column, each value goes to the column it starts in instead
    (left-aligned cells under left-aligned headers).
    """
    for place in (_nearest_centre, _start_interval):
        values: list = [None] * len(positions)
        sources: list = [None] * len(positions)
        for idx, cell in enumerate(record.values):
            if cell.role != "value" or cell.x is None:
                return None
            j = place(cell, positions)
            if j is None or values[j] is not None:
                break
            values[j] = slot_from_text(cell.text, idx, False).value
            sources[j] = idx
        else:
            return Candidate(tuple(values), tuple(sources), 0.0, "aligned")
    return None


def _nearest_centre(cell: Cell, positions: list[tuple[int, int]]) -> int:
    """The header the value's centre lies under, else the one whose centre is nearest.

    A wide header (对外公开总数量 over two grid columns) may have its centre as far
    from a value printed under its left part as the narrow header next to it.
    """
    x = cell.x if cell.x is not None else 0
    under = [k for k, (start, centre) in enumerate(positions) if start <= x < 2 * centre - start]
    if len(under) == 1:
        return under[0]
    return min(range(len(positions)), key=lambda k: abs(positions[k][1] - x))


def _start_interval(cell: Cell, positions: list[tuple[int, int]]) -> int | None:
    x0 = cell.x0 if cell.x0 is not None else (cell.x or 0)
    inside = [k for k, (start, _) in enumerate(positions) if start <= x0]
    return inside[-1] if inside else None


@cache
def _column_identities(
    table: str, form: str
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple(
        (i.lhs, i.rhs) for i in load_schema().identities_for(table, form) if i.axis == "column"
    )


def _violations(
    rows: dict[str, Candidate], lhs_keys: tuple[str, ...], rhs_keys: tuple[str, ...], width: int
) -> int:
    """In how many of the ``width`` columns sum(lhs) != sum(rhs); 0 when a row is missing."""
    try:
        lhs_rows = [rows[k].values for k in lhs_keys]
        rhs_rows = [rows[k].values for k in rhs_keys]
    except KeyError:
        return 0
    bad = 0
    for j in range(width):
        lhs = [r[j] for r in lhs_rows]
        rhs = [r[j] for r in rhs_rows]
        if lhs.count(None) == len(lhs) or rhs.count(None) == len(rhs):
            continue
        if abs(sum(v or 0 for v in lhs) - sum(v or 0 for v in rhs)) > 1e-6:
            bad += 1
    return bad


def choose(
    options: dict[str, list[Candidate]], spec: TableSpec, form: str, columns: tuple[str, ...]
) -> tuple[dict[str, Candidate], dict[str, list[Candidate]]]:
    """Pick one candidate per row so that column identities hold; report ties."""
    keys = list(options)
    choice = {k: options[k][0] for k in keys}
    open_keys = [k for k in keys if len(options[k]) > 1]
    open_set = set(open_keys)
    width = len(columns)
    # Identities that involve no open row fail the same way in every trial: count them
    # once. The others depend only on the candidates of their own open rows, so each
    # combination of those is counted once and remembered (an int, so sums stay exact).
    fixed_bad = 0
    varying: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []
    for lhs, rhs in _column_identities(spec.key, form):
        open_rows = tuple(dict.fromkeys(k for k in (*lhs, *rhs) if k in open_set))
        if open_rows:
            varying.append((lhs, rhs, open_rows))
        else:
            fixed_bad += _violations(choice, lhs, rhs, width)
    counted: dict[tuple[int, ...], int] = {}

    def objective(ch: dict[str, Candidate]) -> float:
        bad = fixed_bad
        for n, (lhs, rhs, open_rows) in enumerate(varying):
            key = (n, *(id(ch[k]) for k in open_rows))
            found = counted.get(key)
            if found is None:
                found = counted[key] = _violations(ch, lhs, rhs, width)
            bad += found
        return sum(c.cost for c in ch.values()) + IDENTITY_WEIGHT * bad

    total = 1
    for k in open_keys:
        total *= len(options[k])
    if open_keys and total <= MAX_COMBINATIONS:
        best_value, best = float("inf"), choice
        for combo in itertools.product(*(options[k] for k in open_keys)):
            trial = dict(choice)
            trial.update(zip(open_keys, combo, strict=True))
            value = objective(trial)
            if value < best_value - 1e-9:
                best_value, best = value, trial
        choice = best
    elif open_keys:
        for _ in range(3):
            for k in open_keys:
                scored = []
                for cand in options[k]:
                    trial = dict(choice)
                    trial[k] = cand
                    scored.append((objective(trial), cand))
                choice[k] = min(scored, key=lambda t: t[0])[1]
    # Alternatives that are just as good (given the other rows) make a row ambiguous.
    ties: dict[str, list[Candidate]] = {}
    base = objective(choice)
    for k in open_keys:
        alts = []
        for cand in options[k]:
            if cand.values == choice[k].values:
                continue
            trial = dict(choice)
            trial[k] = cand
            if objective(trial) <= base + TIE_TOLERANCE:
                alts.append(cand)
        if alts:
            ties[k] = alts
    _shifted_ties(choice, options, open_keys, objective, base, ties)
    return choice, ties


def _holes(candidate: Candidate) -> tuple[int, ...]:
    return tuple(j for j, cell in enumerate(candidate.sources) if cell is None)


def _shifted_ties(
    choice: dict[str, Candidate],
    options: dict[str, list[Candidate]],
    open_keys: list[str],
    objective,
    base: float,
    ties: dict[str, list[Candidate]],
) -> None:
    """Add the ties of rows that lost cells in the same columns: where a converter
    dropped a table's empty cells, the column identities hold wherever the lost
    cells are put, as long as every row puts them alike, so no one row's
    alternative looks as good, while all of them moved together do."""
    lost = [k for k in open_keys if choice[k].kind == "missing"]
    if len(lost) < 2:
        return
    patterns = {_holes(c) for k in lost for c in options[k] if c.kind == "missing"}
    for pattern in patterns:
        trial = dict(choice)
        for k in lost:
            trial[k] = next((c for c in options[k] if _holes(c) == pattern), choice[k])
        moved = [k for k in lost if trial[k].values != choice[k].values]
        if len(moved) >= 2 and objective(trial) <= base + TIE_TOLERANCE:
            for k in moved:
                ties.setdefault(k, []).append(trial[k])


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


def assemble_table(cells: list[Cell], spec: TableSpec, form: str) -> TableResult:
    """Build the grid of one table from its tagged cells."""
    cells = merge_continuations(cells, spec.key, form)
    rows = spec.rows_for(form)
    warnings: list[Warning_] = []
    records = build_records(cells)
    if len(rows) == 1:
        furniture = _header_blanks(cells)
        foreign = _other_tables_values(cells, spec.key, form)
        if foreign:
            warnings.append(
                Warning_(
                    "unplaced_values",
                    f"values under another table's row labels in {spec.key}: "
                    + " ".join(c.text for c in cells if id(c) in foreign),
                    table=spec.key,
                )
            )
        merged = [
            c for r in records for c in r.values if id(c) not in furniture and id(c) not in foreign
        ]
        records = [Record([], merged, orphan=True)] if merged else []
        assignment: list[int | None] = [0] if records else []
    else:
        for r in records:
            r.scores = score_record(r, spec.key, form)
        widths = [len(spec.row_columns(row, form)) for row in rows]
        assignment = align(records, rows, widths)

    options: dict[str, list[Candidate]] = {}
    sources: dict[str, Record] = {}
    grid_dump = _fills_spans(cells)
    values_apart = cache(lambda: _values_stand_apart(records))
    column_specs = {c.key: c for c in spec.columns}
    positions_cache: dict[tuple, list[tuple[int, int]] | None] = {}
    runs_astray = 0  # values in runs of two or more that no row took
    for rec, j in zip(records, assignment, strict=True):
        if j is None:
            printed = sum(c.role == "value" for c in rec.values)
            runs_astray += printed if printed >= 2 else 0
            if rec.numbers:
                text = " ".join(c.text for c in rec.values[:10])
                warnings.append(
                    Warning_(
                        "unplaced_values",
                        f"values not placed in any row of {spec.key}: {text}",
                        table=spec.key,
                    )
                )
            continue
        row = rows[j]
        columns = spec.row_columns(row, form)
        slots = [
            slot_from_text(c.text, i, c.role == "blank", c.layout == "line")
            for i, c in enumerate(rec.values)
        ]
        # Every cell of an HTML row, of a grid dump's, or of text that writes empty cells
        # as spaces is a cell of the table, so an empty one at the edge is a printed
        # blank rather than border structure.
        dumped = grid_dump and all(c.layout in GRID_DUMPED for c in rec.values)
        blanks_real = (
            dumped
            or all(c.layout in ("html", SPACES) for c in rec.values)
            or _blanks_hold_spaces(rec.values)
        )
        cands: list[Candidate] = []
        if rec.values and all(c.layout == "aligned" for c in rec.values):
            key = columns
            if key not in positions_cache:
                positions_cache[key] = _column_positions(cells, spec, form, columns)
            positions = positions_cache[key]
            if positions:
                cand = _positional(rec, positions)
                if cand is not None:
                    cands.append(cand)
        cands += fit_row(
            slots,
            len(columns),
            row_groups(spec, form, columns),
            edge_blanks_real=blanks_real,
            edge_cost=COST_EDGE_PIPE if any(c.layout == "pipe" for c in rec.values) else COST_EDGE,
            signed=[column_specs[c].signed for c in columns],
            cumulative=[column_specs[c].cumulative for c in columns],
            one_line=len({c.span.line for c in rec.values}) == 1,
            spans_filled=dumped,
            spaced=_spaced(rec, values_apart),
        )
        if not cands:  # nothing fits (e.g. a garbled run): say so rather than guess
            warnings.append(
                Warning_(
                    "row_unreadable",
                    f"{row.key}: the printed values cannot be read as {len(columns)} columns",
                    table=spec.key,
                    row=row.key,
                )
            )
            continue
        cands.sort(key=lambda c: c.cost)
        options[row.key] = cands
        sources[row.key] = rec

    table_columns = tuple(c.key for c in spec.columns_for(form))
    chosen, ties = choose(options, spec, form, table_columns) if options else ({}, {})
    totals = {
        r.key: {
            g[0][0] for g in row_groups(spec, form, spec.row_columns(r, form)) if len(g[0]) == 1
        }
        for r in rows
    }
    chosen = _leave_undecided(chosen, ties, totals)
    # The values of several rows ran together (a converter's reading order) when a
    # row printed more values beyond its columns than a stray page number or two,
    # unexplained by its layout (padding, a repeated merged cell), or when runs of
    # values fit no row at all beside a row that printed too many.
    excess = {
        key: sum(c.role == "value" for c in rec.values) - len(chosen[key].values)
        for key, rec in sources.items()
        if key in chosen and chosen[key].kind in ("extra", "left_out")
    }
    overflowing = [key for key, n in excess.items() if n > MAX_EXTRA]
    if overflowing or (excess and runs_astray > MAX_EXTRA):
        chosen = _withhold_unconfirmed(chosen, spec, form, {r.key: r for r in rows})
        ties = {k: v for k, v in ties.items() if chosen[k].kind != "withheld"}
        warnings.append(
            Warning_(
                "reading_order",
                f"{spec.key}: rows {', '.join(excess) or 'none'} printed more values than "
                f"they have columns and {runs_astray} values in runs fit no row, so the text "
                "does not keep the table's rows apart (a PDF converter's reading order); "
                "only rows the arithmetic confirms are kept",
                table=spec.key,
                detail={"overflowing_rows": list(excess), "values_in_no_row": runs_astray},
            )
        )

    grid: dict[str, dict[str, GridCell]] = {}
    for row in rows:
        columns = spec.row_columns(row, form)
        found = sources.get(row.key)
        cand = chosen.get(row.key)
        cells_out: dict[str, GridCell] = {}
        if found is None or cand is None:
            for col in columns:
                cells_out[col] = GridCell(
                    spec.key, row.key, col, None, None, None, 0.0, flags=("missing_row",)
                )
            warnings.append(
                Warning_(
                    "row_not_found",
                    f"row {row.key} ({row.label}) was not found",
                    table=spec.key,
                    row=row.key,
                )
            )
            grid[row.key] = cells_out
            continue
        rec = found
        match_score = (
            rec.scores.get(row.key, ORPHAN_GAIN if rec.orphan else 1.0)
            if rec.scores
            else (0.7 if len(rows) > 1 else 1.0)
        )
        # digits cut apart where nothing confirms the cut and it could fall elsewhere
        guessed_cut = (
            cand.kind == "split"
            and not row_groups(spec, form, columns)
            and not _cuts_certain(cand, rec.values)
        )
        for k, col in enumerate(columns):
            src = cand.sources[k]
            cell = rec.values[src] if src is not None and src < len(rec.values) else None
            flags: list[str] = []
            if k in cand.derived:
                flags.append("derived")
            if k in cand.unresolved:
                flags.append("unresolved")
            if k in cand.fused:
                flags.append("fused")
            if row.key in ties:
                flags.append("ambiguous")
            if rec.orphan and len(rows) > 1:
                flags.append("orphan")
            if cand.kind == "extra":
                flags.append("cut")  # more values than columns, the first ones kept unconfirmed
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
                _round3(match_score),
                tuple(flags),
                cell.box if cell is not None else None,
            )
        grid[row.key] = cells_out
        _row_warnings(
            warnings,
            spec,
            row,
            columns,
            cand,
            ties.get(row.key, []),
            rec.values,
            guessed_cut=guessed_cut,
        )
        if cand.kind == "aligned" and None in cand.values and not _checked(spec, form, row.key):
            warnings.append(
                Warning_(
                    "placed_by_position",
                    f"{row.key}: {sum(v is not None for v in cand.values)} values for "
                    f"{len(columns)} columns placed under the headers they stand beneath; "
                    "no arithmetic of the table confirms where they stand",
                    table=spec.key,
                    row=row.key,
                )
            )
    return TableResult(spec.key, grid, warnings, len(chosen))


def _checked(spec: TableSpec, form: str, row: str) -> bool:
    """Whether an identity of the table involves the row (its own sum, or a column's)."""
    for ident in load_schema().identities_for(spec.key, form):
        if ident.axis == "row" or row in ident.lhs or row in ident.rhs:
            return True
    return False


def _leave_undecided(
    chosen: dict[str, Candidate],
    ties: dict[str, list[Candidate]],
    totals: dict[str, set[int]],
) -> dict[str, Candidate]:
    """Rows that lost cells and that the arithmetic lets be read several ways keep only
    what every reading agrees on: the columns the readings put different values in are
    left empty (unresolved), not filled as the first reading guessed (the lost cell as
    the first column, its value derived). Readings that change a row's 总计 are not
    weighed: the value the others add up to stays the total (see solve._anchored)."""
    out = dict(chosen)
    for key, alternatives in ties.items():
        cand = chosen[key]
        if cand.kind != "missing":
            continue
        keep = totals.get(key, set())
        same_totals = [a for a in alternatives if all(a.values[j] == cand.values[j] for j in keep)]
        differ = {j for a in same_totals for j, v in enumerate(a.values) if v != cand.values[j]}
        if not differ:
            continue
        out[key] = cand._replace(
            values=tuple(None if j in differ else v for j, v in enumerate(cand.values)),
            sources=tuple(None if j in differ else s for j, s in enumerate(cand.sources)),
            derived=tuple(j for j in cand.derived if j not in differ),
            unresolved=tuple(sorted({*cand.unresolved, *differ})),
        )
    return out


def _withhold_unconfirmed(
    chosen: dict[str, Candidate], spec: TableSpec, form: str, by_key: dict[str, RowSpec]
) -> dict[str, Candidate]:
    """Where values cannot be told apart by row, keep only readings that need no
    placing (every value printed, one per column) and that an identity confirms;
    the other rows' values are left unplaced."""
    out = {}
    for key, cand in chosen.items():
        columns = spec.row_columns(by_key[key], form)
        groups = row_groups(spec, form, columns)
        printed = [v is not None for v in cand.values]
        if cand.kind == "exact" and confirms(cand.values, printed, groups):
            out[key] = cand
        else:
            width = len(columns)
            out[key] = Candidate(
                (None,) * width,
                (None,) * width,
                cand.cost,
                "withheld",
                unresolved=tuple(range(width)),
            )
    return out


@lru_cache(maxsize=4096, typed=True)  # typed: round(1, 3) is 1, round(1.0, 3) is 1.0
def _round3(x: float) -> float:
    """``round(x, 3)``, remembered: confidences take few distinct values, and Python's
    correctly rounded ``round`` formats the float as text each time."""
    return round(x, 3)


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


def _row_warnings(
    warnings: list[Warning_],
    spec: TableSpec,
    row: RowSpec,
    columns: tuple[str, ...],
    cand: Candidate,
    alternatives: list[Candidate],
    values: list[Cell],
    *,
    guessed_cut: bool,
) -> None:
    """The warnings a row's chosen reading earns. ``guessed_cut`` says fused digits
    were cut where they could also be cut elsewhere, with no arithmetic of the row
    to confirm the cut."""
    if cand.derived:
        cols = [columns[k] for k in cand.derived]
        warnings.append(
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
        warnings.append(
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
        warnings.append(Warning_(code, f"{row.key}: {says}", table=spec.key, row=row.key))
    if guessed_cut and not alternatives:
        warnings.append(
            Warning_(
                "digits_cut",
                f"{row.key}: values printed with nothing between them were cut apart where "
                "the digits' lengths suggest; the row has no arithmetic to confirm the cut",
                table=spec.key,
                row=row.key,
            )
        )
    if alternatives:
        options = [list(cand.values)] + [list(a.values) for a in alternatives[:9]]
        kind = "fused digits" if cand.kind == "split" else "printed values"
        warnings.append(
            Warning_(
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
        )

"""Fit the printed values of one row to the row's columns, using arithmetic.

A row may print exactly its values, fewer (a cell lost by the converter),
more (neighbouring cells leaked in), or digits fused without separators
(``21710000218`` is 217|1|0|0|0|0|218). Each way of reading the row becomes a
:class:`Candidate` with a cost; the row's own identities (总计 = sum of the
parts) filter fused splits and fill lost cells. Choosing between the surviving
candidates of all rows, with the column identities, is the assembler's job.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from .lexical import parse_number, printed_blank

MAX_SPLITS = 20000
MAX_MISSING = 2
_SPLITTABLE = re.compile(r"^(?P<sign>-?)(?P<int>\d+)(?P<frac>\.\d+)?(?:万元|元)?$")

COST_EXACT = 0.0
COST_SPLIT = 0.5
# Between cuts of fused digits that nothing else tells apart, the one with the smaller
# counts, per unit of log(1 + count): most cells of a report are 0 or small, so
# 14 | 0 | 2 is likelier than 1 | 40 | 2. Cumulative columns are left out of it.
MAGNITUDE_PRIOR = 1e-4
COST_EDGE = 2.0  # text layouts: an empty border cell is usually structure
COST_EDGE_PIPE = 0.8  # pipe tables keep empty cells more faithfully
COST_EDGE_WIDER = 0.3  # more than one empty border cell added on a side, or both sides
COST_MISSING = 1.5
COST_UNRESOLVED = 3.0
COST_EXTRA = 3.0
COST_EXTRA_CONFIRMED = 2.5  # values left out so that the row's arithmetic holds
COST_EXTRA_PADDING = 2.0  # empty cells left out: a converter padded a spanning cell
COST_EXTRA_REPEATED = 2.7  # copies left out: a converter repeated a spanning cell's value
MAX_EXTRA = 2
MAX_REPEATS = 12  # repeated values a row may have for the repeats reading to be tried


class Slot(NamedTuple):
    """One printed value (or blank) of a row, in reading order."""

    text: str
    value: int | float | None
    blank: bool
    cell: int  # index of the logical cell it came from
    splittable: bool = True  # digits may be fused (no cell border around them)


class Candidate(NamedTuple):
    """One reading of a row: a value per column and where each value came from.

    Named tuples (here and :class:`Slot`): rows are read many ways per table, and
    tuples are several times cheaper to build than frozen dataclasses.
    """

    values: tuple[int | float | None, ...]
    sources: tuple[int | None, ...]  # cell index per column; None = not printed
    cost: float
    kind: str  # exact | edge | split | missing | extra | left_out | padded | repeated | withheld
    derived: tuple[int, ...] = ()  # columns computed from the row's arithmetic
    unresolved: tuple[int, ...] = ()  # columns that stay unknown
    fused: tuple[int, ...] = ()  # columns cut out of a fused digit run


Group = tuple[tuple[int, ...], tuple[int, ...]]  # (lhs column indices, rhs column indices)


def _sum(values: Sequence[int | float | None], idx: Sequence[int]) -> float:
    return sum((values[i] or 0) for i in idx)


def satisfies(values: Sequence[int | float | None], groups: Sequence[Group]) -> bool:
    """True when every group whose cells are all printed adds up."""
    for lhs, rhs in groups:
        cells = [values[i] for i in (*lhs, *rhs)]
        if any(v is None for v in cells):
            continue
        if abs(_sum(values, lhs) - _sum(values, rhs)) > 1e-6:
            return False
    return True


def split_token(text: str, pieces: int) -> Iterator[tuple[int | float, ...]]:
    """Every way to cut a fused digit run into ``pieces`` numbers.

    No piece may have a leading zero unless it is ``0``; a minus sign belongs to
    the first piece; a decimal fraction stays with the last piece.
    """
    yield from _split_token(text, pieces)


def cut_counts(text: str, most: int) -> list[int]:
    """How many ways (0, 1, or 2 for "more") a fused digit run can be cut into 0, 1,
    … ``most`` numbers, without listing them: a long run has millions of cuts."""
    m = _SPLITTABLE.match(text)
    if not m:
        return [0] * (most + 1)
    digits = m.group("int")
    n = len(digits)
    # ways[k][i]: cuts of digits[i:] into k numbers, none with a leading zero
    ways = [[1 if i == n else 0 for i in range(n + 1)]]
    for _ in range(most):
        below = ways[-1]
        after = [0] * (n + 2)  # after[j]: sum of below[j:], capped
        for j in range(n, -1, -1):
            after[j] = min(after[j + 1] + below[j], 2)
        row = [0] * (n + 1)
        for i in range(n):
            row[i] = below[i + 1] if digits[i] == "0" else after[i + 1]
        ways.append(row)
    return [row[0] for row in ways]


@lru_cache(maxsize=8192)
def _split_token(text: str, pieces: int) -> tuple[tuple[int | float, ...], ...]:
    """:func:`split_token` as a tuple; a row search asks for the same run many times."""
    m = _SPLITTABLE.match(text)
    if not m:
        return ()
    digits, frac, sign = m.group("int"), m.group("frac") or "", m.group("sign")
    n = len(digits)
    if pieces > n or pieces < 1:
        return ()
    results: list[tuple[int | float, ...]] = []
    parts: list[str] = []

    def rec(a: int, left: int) -> None:
        # Cuts in increasing order: the same order as itertools.combinations.
        if left == 1:
            if n - a > 1 and digits[a] == "0":
                return
            parts.append(digits[a:])
            out: list[int | float] = [int(p) for p in parts]
            if sign:
                out[0] = -out[0]
            if frac:
                out[-1] = float(f"{parts[-1]}{frac}") * (-1 if sign and pieces == 1 else 1)
            results.append(tuple(out))
            parts.pop()
            return
        # A piece starting with 0 must be exactly "0".
        last = a + 1 if digits[a] == "0" else n - left + 1
        for b in range(a + 1, min(last, n - left + 1) + 1):
            parts.append(digits[a:b])
            rec(b, left - 1)
            parts.pop()

    rec(0, pieces)
    return tuple(results)


def _splits(slots: Sequence[Slot], width: int) -> Iterator[tuple[tuple, tuple, tuple]]:
    """All readings of ``slots`` as exactly ``width`` values by cutting fused runs."""
    extra = width - len(slots)
    # room[i]: at most how many extra values slots[i:] can give by cutting (a bound:
    # a run of d digits gives at most d - 1). A reading that leaves more cuts than
    # the remaining slots can make yields nothing, so it is not generated.
    room = [0] * (len(slots) + 1)
    for i in range(len(slots) - 1, -1, -1):
        room[i] = room[i + 1] + _cut_room(slots[i])

    def rec(i: int, left: int) -> Iterator[tuple[list, list, list]]:
        if i == len(slots):
            if left == 0:
                yield [], [], []
            return
        if left > room[i]:
            return
        slot = slots[i]
        need = left - room[i + 1]  # fewest cuts this slot must make
        options: list[tuple[tuple, bool]] = []
        if slot.blank or slot.value is None:
            options.append(((None,), False))
        else:
            options.append(((slot.value,), False))
            for k in range(max(2, need + 1), left + 2 if slot.splittable else 2):
                for parts in split_token(slot.text, k):
                    options.append((parts, True))
        for parts, cut in options:
            used = len(parts) - 1
            if used > left or used < need:
                continue
            for vals, srcs, fused in rec(i + 1, left - used):
                yield (
                    list(parts) + vals,
                    [slot.cell] * len(parts) + srcs,
                    ([True] * len(parts) if cut else [False] * len(parts)) + fused,
                )

    for vals, srcs, fused in rec(0, extra):
        yield tuple(vals), tuple(srcs), tuple(i for i, f in enumerate(fused) if f)


def _cut_room(slot: Slot) -> int:
    """Most extra values cutting ``slot`` can give (0 when it cannot be cut)."""
    if slot.blank or slot.value is None or not slot.splittable:
        return 0
    m = _SPLITTABLE.match(slot.text)
    return len(m.group("int")) - 1 if m else 0


def _derive(values: list, missing: set[int], groups: Sequence[Group]) -> set[int]:
    """Fill missing cells that one group determines; return those still unknown."""
    progress = True
    while progress and missing:
        progress = False
        for lhs, rhs in groups:
            members = set(lhs) | set(rhs)
            unknown = members & missing
            if len(unknown) != 1:
                continue
            (j,) = unknown
            side_l = _sum(values, [i for i in lhs if i != j])
            side_r = _sum(values, [i for i in rhs if i != j])
            value = side_r - side_l if j in lhs else side_l - side_r
            if value < 0:
                return {-1}  # impossible reading
            values[j] = int(value) if float(value).is_integer() else value
            missing.discard(j)
            progress = True
    return missing


def fit_row(
    slots: Sequence[Slot],
    width: int,
    groups: Sequence[Group] = (),
    *,
    edge_blanks_real: bool = False,
    edge_cost: float = COST_EDGE,
    signed: Sequence[bool] | None = None,
    cumulative: Sequence[bool] | None = None,
    one_line: bool = False,
    spans_filled: bool = False,
    spaced: bool = False,
) -> list[Candidate]:
    """Candidate readings of one row, cheapest first.

    ``edge_blanks_real`` says the layout keeps empty cells (HTML): then leading
    and trailing blanks are values; in text layouts they are usually structure.
    ``one_line`` says all the row's values were printed on one line, as cells of
    one table row are, so none of them is a stray line such as a page number.
    ``spans_filled`` says the converter writes a spanning cell once per column it
    spans (a grid dump), so its empty cells are never padding. ``spaced`` says the
    row's values stand apart on their line (``规范性文件 0 48``) or its one value
    is a line of its own, so each is whole. ``signed`` marks the columns that may be
    negative, ``cumulative`` those that count over the years (no small-counts prior).
    """
    slots = list(slots)
    core, variants = _edge_variants(slots, width, edge_blanks_real, edge_cost)
    out: list[Candidate] = []
    for variant, cost, kind in variants:
        if len(variant) == width:
            values = tuple(s.value if not s.blank else None for s in variant)
            out.append(Candidate(values, tuple(s.cell for s in variant), cost, kind))
    if out and out[0].kind == "exact":
        return _dedupe(out)
    unsigned = [i for i in range(width) if not (signed and signed[i])]
    if len(core) > width:
        out.extend(_extra(core, width, groups, unsigned, one_line, spans_filled))
        return _dedupe(out)
    # Fewer printed values than columns: first try cutting fused digit runs.
    splits = _fused_splits(core, width, groups, unsigned, cumulative, one_line, spaced)
    if splits:
        return _dedupe(out + splits)
    out.extend(_missing(core, width, groups))
    return _dedupe(out)


def _edge_variants(
    slots: list[Slot], width: int, edge_blanks_real: bool, edge_cost: float
) -> tuple[list[Slot], list[tuple[list[Slot], float, str]]]:
    """The row's core (its printed cells, less empty border cells where those may be
    structure) and the runs of cells to read as the row, with their cost and kind."""
    if edge_blanks_real:
        return slots, [(slots, COST_EXACT, "exact")]
    # Only *empty* cells between borders may be structure; a printed "—" or "/"
    # is a deliberate blank and stays in the core like a value.
    first = next((i for i, s in enumerate(slots) if not _empty(s)), len(slots))
    last = max((i for i, s in enumerate(slots) if not _empty(s)), default=-1)
    core = slots[first : last + 1]
    variants = [(core, COST_EXACT, "exact")]
    # Empty border cells may be real blanks: try adding them back.
    tried = {(first, last + 1)}
    for lo, hi in (
        (first - 1, last + 1),
        (first, last + 2),
        (0, last + 1),
        (first, len(slots)),
        (0, len(slots)),
    ):
        lo, hi = max(lo, 0), min(hi, len(slots))
        if (lo, hi) not in tried and hi > lo:
            variants.append((slots[lo:hi], edge_cost, "edge"))
        tried.add((lo, hi))
    # Any other run of exactly ``width`` cells around the core (blanks on both
    # sides, or empty cells of the next row caught at the end) costs a bit more,
    # so it only decides where none of the readings above fits.
    for lo in range(max(first + 1 - width, 0), first + 1):
        hi = lo + width
        if hi >= last + 1 and hi <= len(slots) and (lo, hi) not in tried:
            variants.append((slots[lo:hi], edge_cost + COST_EDGE_WIDER, "edge"))
    return core, variants


def _fused_splits(
    core: list[Slot],
    width: int,
    groups: Sequence[Group],
    unsigned: Sequence[int],
    cumulative: Sequence[bool] | None,
    one_line: bool,
    spaced: bool,
) -> list[Candidate]:
    """Readings of fewer printed values than columns as fused digit runs cut apart.

    Where the row has arithmetic, a cut must be confirmed by it: with the total left
    empty, cutting ``821`` and ``35`` into seven values is a guess, not a reading.
    """
    dashes = {s.cell for s in core if s.blank and printed_blank(s.text)}
    splits: list[Candidate] = []
    # Without arithmetic, digits are cut only where the row's values ran together on
    # one line: values printed on lines of their own, or with spaces between them,
    # are cells, and one of them lost is more likely than two fused into one (``0``
    # and ``13`` are not 0 | 1 | 3; PDF text draws no empty cell).
    separate = not groups and (spaced or (not one_line and sum(not s.blank for s in core) >= 2))
    for count, (values, sources, fused) in enumerate(() if separate else _splits(core, width)):
        if count >= MAX_SPLITS:
            break
        if groups and not confirms(
            values,
            [v is not None or c in dashes for v, c in zip(values, sources, strict=True)],
            groups,
        ):
            continue
        if not _signs_ok(values, unsigned):
            continue
        lengths = [len(str(abs(int(v)))) for v in values if v is not None]
        prior = 0.01 * (max(lengths) - min(lengths)) if lengths and not groups else 0.0
        prior += MAGNITUDE_PRIOR * sum(
            math.log1p(abs(v))
            for i, v in enumerate(values)
            if v is not None and not (cumulative and cumulative[i])
        )
        splits.append(Candidate(values, sources, COST_SPLIT + prior, "split", fused=fused))
    return splits


def _extra(
    core: Sequence[Slot],
    width: int,
    groups: Sequence[Group],
    unsigned: Sequence[int],
    one_line: bool = False,
    spans_filled: bool = False,
) -> list[Candidate]:
    """More printed values than columns: a stray number (a page number, a note) got in.

    The first ``width`` values are the default reading, a guess (kind ``extra``)
    unless the row's arithmetic confirms it (``left_out``, like the readings below
    that the arithmetic confirms). When the row has arithmetic
    and at most ``MAX_EXTRA`` values are too many, every choice of values to leave
    out whose reading the row's identities confirm is offered too, at a lower cost:
    a page number printed before the row's values no longer shifts all of them.
    Empty cells among the values are left out when exactly ``width`` remain:
    converters that expand ``colspan`` write one empty cell per spanned column.
    Others (python-docx) write the spanning cell's text once per spanned column,
    so where the values share one line, a value repeated next to itself is offered
    as one copy, when every way of leaving out that many repeats reads the same.
    """

    # The first values, unless the arithmetic confirms them, are a guess ("extra").
    first = core[:width]
    out = [_reading(first, COST_EXTRA, "left_out" if _confirmed(first, groups) else "extra")]
    printed = [s for s in core if not _empty(s)]
    if len(printed) == width and not spans_filled:
        cand = _reading(printed, COST_EXTRA_PADDING, "padded")
        if satisfies(cand.values, groups) and _signs_ok(cand.values, unsigned):
            out.append(cand)
    excess = len(core) - width
    if one_line:
        out.extend(_repeats_left_out(core, excess, groups, unsigned))
    if not groups or excess > MAX_EXTRA:
        return out
    for dropped in itertools.combinations(range(len(core)), excess):
        kept = [s for i, s in enumerate(core) if i not in dropped]
        cand = _reading(kept, COST_EXTRA_CONFIRMED)
        if _confirmed(kept, groups) and _signs_ok(cand.values, unsigned):
            out.append(cand)
    return out


def _reading(kept: Sequence[Slot], cost: float, kind: str = "left_out") -> Candidate:
    """A row read from the slots ``kept`` out of more than it has columns."""
    values = tuple(s.value if not s.blank else None for s in kept)
    return Candidate(values, tuple(s.cell for s in kept), cost, kind)


def _repeats_left_out(
    core: Sequence[Slot], excess: int, groups: Sequence[Group], unsigned: Sequence[int]
) -> list[Candidate]:
    repeats = [
        i
        for i in range(1, len(core))
        if not core[i].blank and core[i].value is not None and core[i].text == core[i - 1].text
    ]
    if len(repeats) < excess or len(repeats) > MAX_REPEATS:
        return []
    readings = {
        cand.values: cand
        for dropped in itertools.combinations(repeats, excess)
        for cand in [_reading([s for i, s in enumerate(core) if i not in dropped], 0.0)]
    }
    if len(readings) != 1:
        return []
    (cand,) = readings.values()
    if not satisfies(cand.values, groups) or not _signs_ok(cand.values, unsigned):
        return []
    return [cand._replace(cost=COST_EXTRA_REPEATED, kind="repeated")]


def _confirmed(kept: Sequence[Slot], groups: Sequence[Group]) -> bool:
    """Every identity holds and at least one has all its cells printed.

    A printed "—" is a printed zero here: ``0 — — — — — 0`` confirms 总计 = 0.
    """
    values = [s.value for s in kept]
    printed = [s.value is not None or (s.blank and printed_blank(s.text)) for s in kept]
    return confirms(values, printed, groups)


def confirms(
    values: Sequence[int | float | None], printed: Sequence[bool], groups: Sequence[Group]
) -> bool:
    """Every identity holds, and one of them over cells that were all printed."""
    if not satisfies(values, groups):
        return False
    return any(
        all(printed[i] for i in (*lhs, *rhs)) and abs(_sum(values, lhs) - _sum(values, rhs)) < 1e-6
        for lhs, rhs in groups
    )


def _signs_ok(values: Sequence[int | float | None], unsigned: Sequence[int]) -> bool:
    """No negative value in a column that cannot be negative (only 增/减 can)."""
    return not any((v := values[i]) is not None and v < 0 for i in unsigned)


def _empty(slot: Slot) -> bool:
    """An empty cell that may be an artefact of cell borders rather than a printed blank.

    Without borders (``splittable`` slots) an empty cell exists only because the
    source printed one, e.g. a line holding a no-break space.
    """
    return slot.blank and not printed_blank(slot.text) and not slot.splittable


def _empty_row(width: int) -> Candidate:
    """A row whose printed values cannot be placed: every column unknown."""
    return Candidate(
        tuple([None] * width),
        tuple([None] * width),
        COST_UNRESOLVED * width,
        "missing",
        unresolved=tuple(range(width)),
    )


def _missing(core: Sequence[Slot], width: int, groups: Sequence[Group]) -> list[Candidate]:
    """Readings where cells were lost: every placement, filled by arithmetic."""
    k = width - len(core)
    if k <= 0:
        return []
    if k > MAX_MISSING:
        # Too much is lost to place every value by arithmetic: keep the totals the
        # sums confirm, or none of them.
        return _anchored(core, width, groups) or [_empty_row(width)]
    out = []
    for holes in itertools.combinations(range(width), k):
        values: list = []
        sources: list = []
        it = iter(core)
        for j in range(width):
            if j in holes:
                values.append(None)
                sources.append(None)
            else:
                s = next(it)
                values.append(None if s.blank else s.value)
                sources.append(s.cell)
        left = _derive(values, set(holes), groups)
        if -1 in left:
            continue
        if groups and not satisfies(values, groups):
            continue
        cost = COST_MISSING * k + COST_UNRESOLVED * len(left)
        derived = tuple(j for j in holes if j not in left)
        out.append(
            Candidate(tuple(values), tuple(sources), cost, "missing", derived, tuple(sorted(left)))
        )
    if len(out) > 1 and all(c.unresolved for c in out):
        # Nothing says which columns lost their values: guessing would put
        # printed numbers under the wrong header, so keep only confirmed totals.
        return _anchored(core, width, groups) or [_empty_row(width)]
    return out


def _blocks(width: int, groups: Sequence[Group]) -> list[tuple[tuple[int, ...], int]]:
    """The row as consecutive blocks of parts followed by their total, or [] if it is not.

    总计 = the columns before it, once per group (申请人 columns, or each kind of case
    in 行政复议/诉讼): the shape in which a total can be found by arithmetic alone.
    """
    blocks = []
    for lhs, rhs in groups:
        if len(lhs) != 1 and len(rhs) != 1:
            return []
        (total, parts) = (lhs[0], rhs) if len(lhs) == 1 else (rhs[0], lhs)
        if sorted(parts) != list(range(total - len(parts), total)):
            return []
        blocks.append((tuple(parts), total))
    blocks.sort(key=lambda b: b[1])
    covered = [j for parts, total in blocks for j in (*parts, total)]
    return blocks if covered == list(range(width)) else []


def _anchored(core: Sequence[Slot], width: int, groups: Sequence[Group]) -> list[Candidate]:
    """Too many empty cells were dropped to place the parts: place the totals only.

    Converters that drop empty table cells leave ``821 35 2 1 859`` for seven
    columns. The parts cannot be put under their headers, but the value that the
    ones before it add up to is the row's 总计. Every way of cutting the printed
    values into one run per block, each run ending in its total, is tried; only a
    single consistent reading is kept.
    """
    blocks = _blocks(width, groups)
    if not blocks:
        return []
    readings: set[Candidate] = set()

    def place(i: int, at: int, values: list, sources: list, unresolved: list) -> None:
        if len(readings) > 1:
            return
        if i == len(blocks):
            if at == len(core):
                readings.add(
                    Candidate(
                        tuple(values),
                        tuple(sources),
                        COST_MISSING + COST_UNRESOLVED * len(unresolved),
                        "missing",
                        unresolved=tuple(unresolved),
                    )
                )
            return
        parts, total = blocks[i]
        for size in range(min(len(parts) + 1, len(core) - at) + 1):
            if size == 0:  # the whole block was left empty
                place(i + 1, at, values, sources, unresolved)
                continue
            run = core[at : at + size]
            head, last = run[:-1], run[-1]
            if last.blank or last.value is None or last.value < 0:
                continue
            if any(s.value is None and not s.blank for s in head):
                continue
            if abs(sum(s.value or 0 for s in head) - last.value) > 1e-6:  # blanks add 0
                continue
            v, src, unr = list(values), list(sources), list(unresolved)
            v[total], src[total] = last.value, last.cell
            if len(head) == len(parts):
                for j, s in zip(parts, head, strict=True):
                    v[j], src[j] = None if s.blank else s.value, s.cell
            else:
                unr.extend(parts)
            place(i + 1, at + size, v, src, unr)

    place(0, 0, [None] * width, [None] * width, [])
    return list(readings) if len(readings) == 1 else []


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    seen: dict[tuple, Candidate] = {}
    for c in sorted(cands, key=lambda c: c.cost):
        seen.setdefault(c.values, c)
    return list(seen.values())


def slot_from_text(text: str, cell: int, blank: bool, splittable: bool = True) -> Slot:
    return Slot(text, None if blank else parse_number(text), blank, cell, splittable)

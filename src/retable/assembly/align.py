"""Records → schema rows: strong labels anchor, the rest follow document order.

Strongly labelled records that appear out of order (a PDF extraction that moved
part of a table) are placed by label alone; everything else is a monotone
alignment (a small dynamic programme) in which orphans fill the rows between
anchors.
"""

from __future__ import annotations

from collections.abc import Callable

from ..schema import RowSpec
from .records import STRONG_MATCH, Record

ORPHAN_GAIN = 0.5
NEG = float("-inf")


def _increasing_subsequence(items: list[tuple[int, int]]) -> set[int]:
    """Indices (first elements) of a longest strictly increasing run of second elements."""
    best: list[list[tuple[int, int]]] = []
    for item in items:
        chains = [c for c in best if c[-1][1] < item[1]]
        chain = [*max(chains, key=len), item] if chains else [item]
        best.append(chain)
    longest = max(best, key=len) if best else []
    return {i for i, _ in longest}


def _out_of_order(records: list[Record], rows: tuple[RowSpec, ...]) -> dict[int, int]:
    """Strongly labelled records outside the longest run in document order, each
    fixed to the row its label names (unless a record in order claims that row)."""
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
    return fixed


def _gains(
    records: list[Record], rows: tuple[RowSpec, ...], widths: list[int], taken: set[int]
) -> Callable[[int], list[float]]:
    """How well record ``i`` fits each row (``-inf``: not at all), as one list per record:
    the programme asks for every row of a record in turn."""
    row_keys = [row.key for row in rows]
    halves = [w / 2 for w in widths]

    def gains(i: int) -> list[float]:
        rec = records[i]
        if rec.scores:
            scores, capacity = rec.scores, rec.capacity
            # A label followed by far fewer cells than the row has is weak evidence.
            out = [scores.get(key, NEG) for key in row_keys]
            out = [s * 0.5 if capacity < half else s for s, half in zip(out, halves, strict=True)]
        elif rec.numbers == 0:
            out = [NEG] * len(row_keys)
        else:
            numbers, printed = rec.numbers, len(rec.values)
            out = [ORPHAN_GAIN * (1.0 if printed >= w or numbers == w else 0.4) for w in widths]
        for j in taken:
            out[j] = NEG
        return out

    return gains


def _programme(free: list[int], m: int, gains_of: Callable[[int], list[float]]) -> list[list[int]]:
    """The moves of the best monotone alignment of the ``free`` records to ``m`` rows:
    0 skip record, 1 skip row, 2 match."""
    k = len(free)
    dp = [[0.0] * (m + 1) for _ in range(k + 1)]
    back = [[0] * (m + 1) for _ in range(k + 1)]
    row0, back0 = dp[0], back[0]
    for j in range(1, m + 1):
        best, move = NEG, 0
        if row0[j - 1] > best:
            best, move = row0[j - 1], 1
        row0[j], back0[j] = best, move
    for a in range(1, k + 1):
        prev, cur, moves = dp[a - 1], dp[a], back[a]
        gains = gains_of(free[a - 1])
        best, move = NEG, 0
        if prev[0] > best:
            best, move = prev[0], 0
        cur[0], moves[0] = best, move
        for j in range(1, m + 1):
            best, move = NEG, 0
            if prev[j] > best:
                best, move = prev[j], 0
            if cur[j - 1] > best:
                best, move = cur[j - 1], 1
            g = gains[j - 1]
            if g != NEG and prev[j - 1] + g > best:
                best, move = prev[j - 1] + g, 2
            cur[j], moves[j] = best, move
    return back


def align(records: list[Record], rows: tuple[RowSpec, ...], widths: list[int]) -> list[int | None]:
    """The row index of each record (None: placed in no row)."""
    n, m = len(records), len(rows)
    fixed = _out_of_order(records, rows)
    free = [i for i in range(n) if i not in fixed]
    back = _programme(free, m, _gains(records, rows, widths, set(fixed.values())))
    assignment: list[int | None] = [None] * n
    for i, j in fixed.items():
        assignment[i] = j
    a, j = len(free), m
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

"""Column bands of a positioned table, and its header as rows of spanning cells.

Values mark the bands of the columns that print one; a header word above no value
marks the band of an empty column. A header word above words of two or more bands is
a parent: its span is worked out bottom-up, since a parent's text shows where it
stands but not how far its cell reaches. A parent claims the bands (and the lower
parents' groups) its text overlaps, then the neighbours whose labels stand at the
same height as its children's; a label standing higher (总计 beside 法人或其他组织,
centred in a cell that spans two header rows) is a sibling, not a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..inputs.words import Word

TOUCH = 0.15  # of h: overlap slack
SAME_HEIGHT = 0.5  # of h: two labels whose middles are this close stand at one height
SPLIT_GAP = 1.0  # of h: two bands of one column's values stand at most this far apart


@dataclass(frozen=True)
class Band:
    """One canonical column's horizontal extent."""

    x0: float
    x1: float


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def value_bands(values: Sequence[Word], h: float) -> list[Band]:
    """Bands from the values: narrow ones first, a wider one joins the band it overlaps;
    one that overlaps two bands is a spanning value and makes none."""
    bands: list[Band] = []
    for word in sorted(values, key=lambda w: w.x1 - w.x0):
        hits = [i for i, b in enumerate(bands) if overlap(b.x0, b.x1, word.x0, word.x1) > 0]
        if not hits:
            bands.append(Band(word.x0, word.x1))
        elif len(hits) == 1:
            b = bands[hits[0]]
            bands[hits[0]] = Band(min(b.x0, word.x0), max(b.x1, word.x1))
    return sorted(bands, key=lambda b: b.x0)


def merge_split_bands(
    bands: list[Band], value_lines: Sequence[Sequence[Word]], header: Sequence[Word], h: float
) -> list[Band]:
    """One column's values printed at different places (centred in one row, left in
    another) make two bands that touch: two neighbouring bands that never hold values
    on one line become one when one header label stands over both, or when one of them
    has no label over it and lies within ``SPLIT_GAP`` of the other."""
    leaves = [w for w in header if _is_leaf(w, header, h)]
    out = list(bands)
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        apart = b.x0 - a.x1 <= SPLIT_GAP * h and not _together(out, i, value_lines)
        labelled = [
            any(overlap(w.x0, w.x1, x.x0, x.x1) > TOUCH * h for w in leaves) for x in (a, b)
        ]
        one_label = any(
            overlap(w.x0, w.x1, a.x0, a.x1) > TOUCH * h
            and overlap(w.x0, w.x1, b.x0, b.x1) > TOUCH * h
            for w in leaves
        )
        if apart and (one_label or not all(labelled)):
            out[i : i + 2] = [Band(a.x0, max(a.x1, b.x1))]
            continue
        i += 1
    return out


def _together(bands: Sequence[Band], i: int, value_lines: Sequence[Sequence[Word]]) -> bool:
    """Whether bands ``i`` and ``i + 1`` both hold a value on one line."""
    for line in value_lines:
        hit = {best_band(bands, w) for w in line}
        if i in hit and i + 1 in hit:
            return True
    return False


def _is_leaf(word: Word, header: Sequence[Word], h: float) -> bool:
    """A header label over at most one column: the words below it that it overlaps
    (its own wrapped lines, 科研机 / 构) stand within its extent."""
    below = [
        u
        for u in header
        if u.top >= word.bottom - TOUCH * h and overlap(u.x0, u.x1, word.x0, word.x1) > 0
    ]
    return all(u.x0 >= word.x0 - TOUCH * h and u.x1 <= word.x1 + TOUCH * h for u in below)


def add_header_bands(bands: list[Band], header: Sequence[Word], h: float) -> list[Band]:
    """Bands of the columns no value stands in, made by header words above nothing."""
    out = list(bands)
    for word in sorted(header, key=lambda w: w.x1 - w.x0):
        if not any(overlap(b.x0, b.x1, word.x0, word.x1) > TOUCH * h for b in out):
            out.append(Band(word.x0, word.x1))
    return sorted(out, key=lambda b: b.x0)


def best_band(bands: Sequence[Band], word: Word) -> int:
    """The band a word overlaps most (the nearest, if it overlaps none)."""
    return max(range(len(bands)), key=lambda i: overlap(bands[i].x0, bands[i].x1, word.x0, word.x1))


def bands_overlapped(bands: Sequence[Band], x0: float, x1: float, h: float) -> list[int]:
    return [i for i, b in enumerate(bands) if overlap(b.x0, b.x1, x0, x1) > TOUCH * h]


@dataclass
class Node:
    """A header cell: a leaf (one band) or a parent over a run of bands."""

    first: int
    last: int
    words: list[Word] = field(default_factory=list)
    middle: float | None = None  # where its label stands (leaves: the leaf's words)
    children: list[Node] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(w.text for w in sorted(self.words, key=lambda w: (w.top, w.x0)))


def header_tree(bands: Sequence[Band], header: Sequence[Word], h: float) -> list[Node]:
    """The header's top-level cells, left to right; each parent holds its children."""
    parents, leaves = _split_parents(bands, header, h)
    units = []
    for i in range(len(bands)):
        words = leaves.get(i, [])
        middle = (min(w.top for w in words) + max(w.bottom for w in words)) / 2 if words else None
        units.append(Node(i, i, words, middle))
    for level in _levels(parents, h):
        units = _claim_level(units, level, bands, h)
    return units


def _split_parents(
    bands: Sequence[Band], header: Sequence[Word], h: float
) -> tuple[list[Word], dict[int, list[Word]]]:
    """Header words above words of two or more bands are parents; others label a band."""
    parents: list[Word] = []
    leaves: dict[int, list[Word]] = {}
    for word in header:
        below = {
            i
            for u in header
            if u.top >= word.bottom - TOUCH * h and overlap(u.x0, u.x1, word.x0, word.x1) > 0
            for i in bands_overlapped(bands, u.x0, u.x1, h)
        }
        below |= set(bands_overlapped(bands, word.x0, word.x1, h))
        if len(below) >= 2:
            parents.append(word)
        else:
            leaves.setdefault(best_band(bands, word), []).append(word)
    return parents, leaves


def _levels(parents: Sequence[Word], h: float) -> list[list[list[Word]]]:
    """Parents grouped by the height they stand at, lowest first; a parent wrapped
    over two lines (same start or centre, a line apart) is one parent."""
    merged: list[list[Word]] = []
    for word in sorted(parents, key=lambda w: w.top):
        for group in merged:
            last = group[-1]
            aligned = (
                abs(last.x0 - word.x0) <= TOUCH * h
                or abs((last.x0 + last.x1) / 2 - (word.x0 + word.x1) / 2) <= TOUCH * h
            )
            if aligned and 0 <= word.top - last.bottom <= SAME_HEIGHT * h:
                group.append(word)
                break
        else:
            merged.append([word])
    levels: list[list[list[Word]]] = []
    for group in sorted(merged, key=lambda g: -_mid(g)):
        if levels and abs(_mid(levels[-1][0]) - _mid(group)) <= SAME_HEIGHT * h:
            levels[-1].append(group)
        else:
            levels.append([group])
    return levels


def _mid(words: Sequence[Word]) -> float:
    return (min(w.top for w in words) + max(w.bottom for w in words)) / 2


def _claim_level(
    units: list[Node], level: list[list[Word]], bands: Sequence[Band], h: float
) -> list[Node]:
    """One level's parents take the units under them; returns the new unit row."""
    owner: dict[int, int] = {}
    for p, words in enumerate(sorted(level, key=lambda g: min(w.x0 for w in g))):
        x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
        hits = [
            i
            for i, u in enumerate(units)
            if i not in owner and overlap(bands[u.first].x0, bands[u.last].x1, x0, x1) > TOUCH * h
        ]
        if hits:
            for i in range(hits[0], hits[-1] + 1):
                owner.setdefault(i, p)
    groups = _extend(units, owner, h)
    out: list[Node] = []
    ordered = sorted(level, key=lambda g: min(w.x0 for w in g))
    i = 0
    while i < len(units):
        owned = groups.get(i)
        if owned is None:
            out.append(units[i])
            i += 1
            continue
        p = owned
        j = i
        while groups.get(j) == p:
            j += 1
        kids = units[i:j]
        out.append(Node(kids[0].first, kids[-1].last, ordered[p], _mid(ordered[p]), kids))
        i = j
    return out


def _extend(units: Sequence[Node], owner: dict[int, int], h: float) -> dict[int, int]:
    """Each parent also takes free neighbours standing at its children's height."""
    groups = dict(owner)
    for p in set(owner.values()):
        mine = [i for i, q in owner.items() if q == p]
        heights = [m for m in (units[i].middle for i in mine) if m is not None]
        if not heights:
            continue
        child = max(heights)
        for step in (-1, 1):
            i = (min(mine) if step < 0 else max(mine)) + step
            while 0 <= i < len(units) and i not in groups and _same(units[i].middle, child, h):
                groups[i] = p
                i += step
    return groups


def _same(middle: float | None, child: float, h: float) -> bool:
    return middle is not None and abs(middle - child) <= SAME_HEIGHT * h


def header_rows(nodes: Sequence[Node]) -> list[list[tuple[Node, int]]]:
    """The header as rows of ``(node, rowspan)``, top-level cells first."""
    depth = max((_depth(n) for n in nodes), default=0)
    rows: list[list[tuple[Node, int]]] = [[] for _ in range(depth + 1)]

    def place(node: Node, level: int) -> None:
        if node.children:
            rows[level].append((node, 1))
            for child in node.children:
                place(child, level + 1)
        else:
            rows[level].append((node, depth + 1 - level))

    for node in nodes:
        place(node, 0)
    return rows


def _depth(node: Node) -> int:
    return 1 + max(_depth(c) for c in node.children) if node.children else 0

"""Cell roles: what each cell of a located table is.

Roles: ``label`` (row label), ``header`` (column header or table furniture),
``value`` (a number), ``blank`` (an empty or placeholder cell), ``continuation``
(the rest of the previous cell, split by a line break or a cell border) and
``noise`` (page footers, notes, stray text).

Everything that assigns roles implements :class:`RoleTagger`, so the trained
classifier and these rules are interchangeable. :class:`RuleRoleTagger` is the
hand-written baseline the trained model is measured against.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Protocol

from .match import (
    ACCEPT,
    best,
    best_row_score,
    core,
    header_vocabulary,
    match_column,
    match_row,
    split_label,
)
from .types import Cell

MAX_FRAGMENT = 16  # a piece of text this short may be part of a split label
MAX_LABEL = 120  # characters of a cell compared with schema labels
# Table furniture that no schema label contains: a text holding one of these is a header.
HEADER_WORDS = ("第二十条", "勾稽关系", "信息内容")


Roles = list[tuple[str, float]]  # (role, confidence) per cell


class RoleTagger(Protocol):
    """Assigns ``cell.role`` and ``cell.confidence`` for the cells of one region.

    A tagger may also give the roles without setting them, as ``roles(cells, table,
    form)`` (both taggers here do); :func:`read_roles` asks for them either way.
    """

    name: str

    def tag(self, cells: list[Cell], table: str, form: str) -> None: ...


def read_roles(tagger: RoleTagger, cells: list[Cell], table: str, form: str) -> Roles:
    """The tagger's ``(role, confidence)`` per cell, leaving the cells as they are.

    A tagger that only sets roles (``tag``) tags copies of the cells.
    """
    roles = getattr(tagger, "roles", None)
    if roles is not None:
        return roles(cells, table, form)
    copies = [replace(c) for c in cells]
    tagger.tag(copies, table, form)
    return [(c.role, c.confidence) for c in copies]


def with_roles(cells: list[Cell], roles: Roles) -> list[Cell]:
    """New cells: ``cells`` with ``roles``."""
    return [c.with_role(role, p) for c, (role, p) in zip(cells, roles, strict=True)]


def set_roles(cells: list[Cell], roles: Roles) -> None:
    """Write ``roles`` on the cells themselves (what ``tag`` does)."""
    for cell, (role, confidence) in zip(cells, roles, strict=True):
        cell.role, cell.confidence = role, confidence


def tab_prefixed(cells: list[Cell]) -> bool:
    """True when most rows are one tab-prefixed cell (Word's one-cell-per-line export)."""
    sizes = Counter(c.row for c in cells)  # cells per row, counted in C
    single_tab = sum(1 for c in cells if c.sep_before == "tab" and sizes[c.row] == 1)
    return single_tab >= 0.5 * max(len(sizes), 1)


def continues_previous(cell: Cell, previous: Cell | None, prefixed_layout: bool) -> bool:
    """A line without the layout's tab prefix continues the cell above it."""
    return (
        prefixed_layout
        and previous is not None
        and cell.sep_before == "none"
        and cell.row_size == 1
        and cell.layout in ("line", "tab")
        and previous.sep_before == "tab"
        and previous.row == cell.row - 1
        and cell.gap_before == 0
        and (previous.kind == "blank" or (previous.kind == "text" and cell.kind == "text"))
    )


class RuleRoleTagger:
    """Hand-written role rules: lexical shape plus schema label scores."""

    name = "rules"

    def tag(self, cells: list[Cell], table: str, form: str) -> None:
        set_roles(cells, self.roles(cells, table, form))

    def roles(self, cells: list[Cell], table: str, form: str) -> Roles:
        """Each cell's ``(role, confidence)``; a role depends on the cells' layout facts
        and texts, never on the roles of others, so none is set while reading."""
        prefixed = tab_prefixed(cells)
        seen_value = False
        previous: Cell | None = None
        out: Roles = []
        for i, cell in enumerate(cells):
            if prefixed and continues_previous(cell, previous, prefixed):
                out.append(("continuation", 0.9))
            elif cell.kind == "number":
                out.append(("value", 0.95))
                seen_value = True
            elif cell.kind == "blank":
                out.append(("blank", 0.95))
            elif cell.kind == "noise":
                out.append(("noise", 0.9))
            else:
                out.append(
                    self._text_role(cell, cells[i - 1] if i else None, table, form, seen_value)
                )
            previous = cell
        return out

    def _text_role(
        self,
        cell: Cell,
        previous: Cell | None,
        table: str,
        form: str,
        seen_value: bool,
    ) -> tuple[str, float]:
        text = cell.text[:MAX_LABEL]  # no label is longer; a huge cell must not cost seconds
        row_score, col_score, numbered, header_like, short = text_verdict(text, table, form)
        if row_score >= ACCEPT and (seen_value or numbered or row_score > col_score + 0.05):
            return "label", row_score
        if col_score >= ACCEPT or header_like:
            return "header", max(col_score, 0.7)
        if previous is not None and previous.kind == "text" and previous.row == cell.row:
            merged = best_row_score(previous.text[:MAX_LABEL] + text, table, form)
            if merged >= ACCEPT and merged > row_score:
                return "continuation", merged
        if short and row_score >= 0.4:
            return "continuation", 0.5
        return "noise", 0.6


@lru_cache(maxsize=16384)
def text_verdict(text: str, table: str, form: str) -> tuple[float, float, bool, bool, bool]:
    """What a text alone says: row and column scores, numbered, header-like, short.

    The same labels and headers recur in every report, so this is worked out once
    per text; the rules then weigh it against the text's neighbours.
    """
    _, row_score = best(match_row(text, table, form))
    _, col_score = best(match_column(text, table, form))
    numbered = split_label(text).number is not None
    c = core(text)
    header_like = c in header_vocabulary(table) or any(h in c for h in HEADER_WORDS)
    return row_score, col_score, numbered, header_like, len(c) <= MAX_FRAGMENT

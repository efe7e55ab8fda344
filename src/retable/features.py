"""Cell features for the role classifier: layout, shape, schema match and context.

Each cell of a located table becomes one numeric vector made of its own
features (including the role the hand-written rules give it, so the model
learns where to overrule them rather than relearning them) and those of its
neighbours (a window of ``WINDOW`` cells either
side), because a lone ``0`` or ``其他`` means nothing without what surrounds
it. Features are plain floats so the model can be stored as arrays and run
with numpy alone.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from .lexical import CJK, parse_number
from .match import best_row_score, core, header_vocabulary
from .roles import HEADER_WORDS, MAX_LABEL, RuleRoleTagger, tab_prefixed, text_verdict
from .types import ROLES, Cell

WINDOW = 2
KINDS = ("number", "blank", "text", "noise")
# The rules' header words and a few that also occur inside labels: a signal, not a verdict.
_HEADER_WORDS = (*HEADER_WORDS, "单位", "申请人情况", "行政复议", "行政诉讼")

CELL_FEATURES: tuple[str, ...] = (
    *(f"kind={k}" for k in KINDS),
    "layout_unusual",
    "separator_unusual",
    "gap_above_usual",
    "gap_below_usual",
    "fragment",
    "row_size=1",
    "row_size_below_usual",
    "row_size_above_usual",
    "col=0",
    "col_rel",
    "last_in_row",
    "width>1",
    "len_log",
    "cjk_share",
    "digit_share",
    "has_item_number",
    "opens_bracket",
    "ends_punct",
    "row_score",
    "column_score",
    "row_minus_column",
    "header_word",
    "in_header_vocabulary",
    "value_zero",
    "value_large",
    "value_float",
    "value_year_like",
    "position",
    "before_first_number",
    "numbers_before_share",
    "same_row_as_previous",
    "same_row_as_next",
    "merged_row_gain",
    "region_tab_prefixed",
    *(f"rule={r}" for r in ROLES),
    "rule_confidence",
)
_PAD = ("pad",)


def feature_names(window: int = WINDOW) -> list[str]:
    """Names of the columns of :func:`cell_matrix`, for inspection and metadata."""
    names = []
    for offset in range(-window, window + 1):
        prefix = "" if offset == 0 else f"{offset:+d}:"
        names += [prefix + n for n in CELL_FEATURES]
        if offset:
            names += [prefix + n for n in _PAD]
    return names


def _most_common(values: Iterable[str]) -> str:
    return Counter(values).most_common(1)[0][0]


def _own_features(cells: list[Cell], table: str, form: str) -> np.ndarray:
    return own_features(cells, table, form)[0]


_AT = {name: i for i, name in enumerate(CELL_FEATURES)}  # column of each feature
_KIND_AT = {k: _AT[f"kind={k}"] for k in KINDS}
_RULE_AT = {r: _AT[f"rule={r}"] for r in ROLES}


def _text_features(text: str, kind: str, table: str, form: str) -> tuple[tuple[int, float], ...]:
    """The features a cell's text and shape alone decide, as (column, value) pairs."""
    out: list[tuple[int, float]] = []
    length = len(text)
    out.append((_AT["len_log"], math.log1p(length)))
    if length:
        out.append((_AT["cjk_share"], len(CJK.findall(text)) / length))
        out.append((_AT["digit_share"], sum(ch.isdigit() for ch in text) / length))
    if kind == "text":
        text = text[:MAX_LABEL]  # no label is longer; a huge cell must not cost seconds
        row_score, col_score, numbered, _, _ = text_verdict(text, table, form)
        out += [
            (_AT["has_item_number"], numbered),
            (_AT["opens_bracket"], text[:1] in "（(【["),
            (_AT["ends_punct"], text[-1:] in "。；;：:，,"),
            (_AT["row_score"], row_score),
            (_AT["column_score"], col_score),
            (_AT["row_minus_column"], row_score - col_score),
            (_AT["header_word"], any(w in text for w in _HEADER_WORDS)),
            (_AT["in_header_vocabulary"], core(text) in header_vocabulary(table)),
        ]
    elif kind == "number":
        value = parse_number(text)
        if value is not None:
            out += [
                (_AT["value_zero"], value == 0),
                (_AT["value_large"], abs(value) >= 1000),
                (_AT["value_float"], isinstance(value, float)),
                (_AT["value_year_like"], isinstance(value, int) and 1990 <= value <= 2100),
            ]
    return tuple((at, float(value)) for at, value in out)


def _text_row(text: str, kind: str, table: str, form: str) -> tuple[np.ndarray, float]:
    """:func:`_text_features` as a read-only feature row, and the row-label score."""
    row = np.zeros(len(CELL_FEATURES), dtype=np.float32)
    row_score = 0.0
    for at, value in _text_features(text, kind, table, form):
        row[at] = value
        if at == _AT["row_score"]:
            row_score = value
    row.flags.writeable = False  # shared by every cell with this text
    return row, row_score


# Short texts (``0``, row labels, header words) recur in every report: their rows are kept.
_cached_text_row = lru_cache(maxsize=1 << 14)(_text_row)


def own_features(
    cells: list[Cell], table: str, form: str
) -> tuple[np.ndarray, list[tuple[str, float]]]:
    """Each cell's own features, and the rules' ``(role, confidence)`` computed on the way."""
    n = len(cells)
    if not n:
        return np.zeros((0, len(CELL_FEATURES)), dtype=np.float32), []
    prefixed = float(tab_prefixed(cells))
    # The rules' verdict is one input among many: the model learns where to overrule it.
    rule_roles = RuleRoleTagger().roles(cells, table, form)
    # Layout facts are compared with what is usual in this region, not taken as they are,
    # so that a layout the model never saw looks like the ones it did (every cell of a
    # blank-line layout has a blank line before it; what matters is a cell that differs).
    # The layout facts of every cell, read in one pass over the cells.
    layouts = [c.layout for c in cells]
    separators = [c.sep_before for c in cells]
    kind_at = [_KIND_AT[c.kind] for c in cells]
    facts = np.array([(c.gap_before, c.row_size, c.col, c.row, c.fragment, c.width) for c in cells])
    gap, size, col, row_of, fragment, width = facts.T
    usual_layout = _most_common(layouts)
    usual_separator = _most_common(separators)
    usual_gap = statistics.median_low(gap.tolist())
    usual_size = statistics.median_low(size.tolist())
    # What each text says (a cached row per short text; a huge cell is not kept) ...
    text_rows = [
        (_cached_text_row if len(c.text) <= MAX_LABEL else _text_row)(c.text, c.kind, table, form)
        for c in cells
    ]
    out = np.array([row for row, _ in text_rows])  # a writable copy of the shared rows
    # ... then the layout facts, column by column.
    number = np.array(kind_at) == _KIND_AT["number"]
    everywhere = np.arange(n)
    out[everywhere, kind_at] = 1
    out[:, _AT["layout_unusual"]] = [layout != usual_layout for layout in layouts]
    out[:, _AT["separator_unusual"]] = [sep != usual_separator for sep in separators]
    out[:, _AT["gap_above_usual"]] = gap > usual_gap
    out[:, _AT["gap_below_usual"]] = gap < usual_gap
    out[:, _AT["fragment"]] = fragment
    out[:, _AT["row_size=1"]] = size == 1
    out[:, _AT["row_size_below_usual"]] = size < usual_size
    out[:, _AT["row_size_above_usual"]] = size > usual_size
    out[:, _AT["col=0"]] = col == 0
    out[:, _AT["col_rel"]] = col / np.maximum(size - 1, 1)
    out[:, _AT["last_in_row"]] = col == size - 1
    out[:, _AT["width>1"]] = width > 1
    out[:, _AT["position"]] = everywhere / n
    first_number = int(np.argmax(number)) if number.any() else n
    out[:, _AT["before_first_number"]] = everywhere < first_number
    numbers_before = np.concatenate(([0], np.cumsum(number)[:-1]))
    out[:, _AT["numbers_before_share"]] = numbers_before / np.maximum(everywhere, 1)
    out[1:, _AT["same_row_as_previous"]] = row_of[1:] == row_of[:-1]
    out[:-1, _AT["same_row_as_next"]] = row_of[:-1] == row_of[1:]
    out[:, _AT["region_tab_prefixed"]] = prefixed
    rule_at = [_RULE_AT.get(role, -1) for role, _ in rule_roles]
    known = [i for i, at in enumerate(rule_at) if at >= 0]
    if known:
        out[known, [rule_at[i] for i in known]] = 1
    out[:, _AT["rule_confidence"]] = [confidence for _, confidence in rule_roles]
    # A text that completes the label begun by the text before it.
    for i in range(1, n):
        cell, previous = cells[i], cells[i - 1]
        if cell.kind == "text" and previous.kind == "text":
            merged_text = previous.text[:MAX_LABEL] + cell.text[:MAX_LABEL]
            merged = best_row_score(merged_text, table, form)
            out[i, _AT["merged_row_gain"]] = merged - text_rows[i][1]
    return out, rule_roles


def cell_matrix(cells: list[Cell], table: str, form: str, window: int = WINDOW) -> np.ndarray:
    """One row per cell: its own features, then each neighbour's, padded at the edges."""
    return windowed(_own_features(cells, table, form), window)


def windowed(own: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """Append each neighbour's features (and a padding flag) to every cell's own."""
    n, d = own.shape
    blocks = []
    for offset in range(-window, window + 1):
        if offset == 0:
            blocks.append(own)
            continue
        shifted = np.zeros((n, d), dtype=np.float32)
        pad = np.ones((n, 1), dtype=np.float32)
        lo, hi = max(0, -offset), min(n, n - offset)
        if lo < hi:
            shifted[lo:hi] = own[lo + offset : hi + offset]
            pad[lo:hi] = 0
        blocks += [shifted, pad]
    return np.hstack(blocks) if blocks else own


def region_vector(cells: list[Cell], table: str, form: str) -> np.ndarray:
    """One vector for a whole region: mean cell features plus its size (is it a table?)."""
    return region_summary(_own_features(cells, table, form))


def region_summary(own: np.ndarray) -> np.ndarray:
    """:func:`region_vector` from already computed own features."""
    mean = own.mean(axis=0) if len(own) else np.zeros(len(CELL_FEATURES), dtype=np.float32)
    return np.concatenate([mean, np.array([math.log1p(len(own))], dtype=np.float32)])

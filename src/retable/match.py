"""Fuzzy matching of printed labels to schema keys (rapidfuzz).

Labels arrive truncated (``行政机关不再处理其政府信息公``), split, with
section numbers garbled or missing, in traditional or simplified script.
Matching compares the *core* of a label (numbering and punctuation removed)
with every schema label and alias; the item number, when printed, is used as
extra evidence rather than as a key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz

from .lexical import leading_item_number
from .schema import TableSpec, load_schema

_NOISE = re.compile(r"[\s\"'“”‘’「」『』()（）\[\]【】,，.。、:：;；!！?？/／\\\-—_·•*#|]+")

ACCEPT = 0.62


@dataclass(frozen=True)
class LabelParts:
    number: int | None
    core: str


@lru_cache(maxsize=16384)
def split_label(text: str) -> LabelParts:
    """Separate the printed item number from the words of a label."""
    number, end = leading_item_number(text)
    # A second numbering level ("三、本年度办理结果（一）予以公开") keeps the last one.
    return LabelParts(number, _NOISE.sub("", text[end:]))


def core(text: str) -> str:
    return split_label(text).core


@dataclass(frozen=True)
class _Target:
    key: str
    number: int | None
    core: str


@cache
def _row_targets(table: str, form: str) -> tuple[_Target, ...]:
    spec = load_schema().table(table)
    out = []
    for row in spec.rows_for(form):
        parts = split_label(row.label)
        out.append(_Target(row.key, parts.number, parts.core))
        for alias in row.aliases:
            out.append(_Target(row.key, parts.number, core(alias)))
    return tuple(out)


@cache
def _column_targets(table: str, form: str) -> tuple[_Target, ...]:
    spec = load_schema().table(table)
    out = []
    for col in spec.columns_for(form):
        out.append(_Target(col.key, None, core(col.label)))
        for alias in col.aliases:
            out.append(_Target(col.key, None, core(alias)))
    return tuple(out)


def similarity(text_core: str, target: str) -> float:
    """Similarity in [0, 1] that tolerates truncated and fused labels."""
    if not text_core or not target:
        return 0.0
    if text_core == target:
        return 1.0
    full = fuzz.ratio(text_core, target) / 100
    if 3 <= len(text_core) <= len(target):
        # A fragment of a long label: score by how much of the label it covers.
        partial = fuzz.partial_ratio(text_core, target) / 100
        coverage = len(text_core) / len(target)
        if partial >= 0.9:
            full = max(full, 0.55 + 0.45 * coverage**0.5 * partial)
        # A label with extra words fused on ("本年度办理结果予以公开").
        if target in text_core and len(target) >= 2:
            full = max(full, 0.7 + 0.3 * len(target) / len(text_core))
    return full


def _score(text: str, targets: tuple[_Target, ...]) -> dict[str, float]:
    return dict(_score_targets(text, targets))


def _score_targets(text: str, targets: tuple[_Target, ...]) -> dict[str, float]:
    """Scores of one text against one target set (uncached; never change the result)."""
    parts = split_label(text)
    scores: dict[str, float] = {}
    for t in targets:
        s = similarity(parts.core, t.core)
        if s <= 0:
            continue
        if parts.number is not None and t.number is not None:
            s = s + 0.04 if parts.number == t.number else s - 0.12
        s = max(0.0, min(1.0, s))
        if s > scores.get(t.key, 0.0):
            scores[t.key] = s
    return scores


# Roles, assembly and features ask for the same texts repeatedly. The caches are
# keyed by the text and the table/form (cheap to hash), not by the target tuple;
# callers get a copy, so a cached dict is never changed.
@lru_cache(maxsize=16384)
def _row_scores(text: str, table: str, form: str) -> dict[str, float]:
    return _score_targets(text, _row_targets(table, form))


@lru_cache(maxsize=16384)
def _column_scores(text: str, table: str, form: str) -> dict[str, float]:
    return _score_targets(text, _column_targets(table, form))


def match_row(text: str, table: str, form: str) -> dict[str, float]:
    """Scores of every row key of ``table`` for a printed row label."""
    return dict(_row_scores(text, table, form))


def match_column(text: str, table: str, form: str) -> dict[str, float]:
    """Scores of every column key of ``table`` for a printed column header."""
    return dict(_column_scores(text, table, form))


@lru_cache(maxsize=16384)
def best_row_score(text: str, table: str, form: str) -> float:
    """The best score of any row of ``table`` for ``text``: what the rules and the
    features ask of a label joined to the text before it, once per pair of texts."""
    return best(_row_scores(text, table, form))[1]


def best(scores: dict[str, float]) -> tuple[str | None, float]:
    if not scores:
        return None, 0.0
    key = max(scores, key=scores.__getitem__)
    return key, scores[key]


@cache
def header_vocabulary(table: str) -> frozenset[str]:
    """Cores of words that only appear in the header area of a table."""
    spec: TableSpec = load_schema().table(table)
    words = {core(m) for m in spec.markers}
    words |= {core(h) for h in spec.headings}
    words |= {core(g) for g in spec.groups.values()}
    for col in spec.columns:
        words.add(core(col.label))
        words |= {core(a) for a in col.aliases}
    words |= {
        core(w)
        for w in (
            "信息内容",
            "申请人情况",
            "法人或其他组织",
            "行政复议",
            "行政诉讼",
            "第二十条",
            "单位：万元",
            "本列数据的勾稽关系为",
        )
    }
    return frozenset(w for w in words if w)


@cache
def plain_row_labels(table: str, form: str) -> tuple[str, ...]:
    """Row labels and aliases without their item numbers, as printed."""
    spec = load_schema().table(table)
    out = []
    for row in spec.rows_for(form):
        for text in (row.label, *row.aliases):
            out.append(text[leading_item_number(text)[1] :])
    return tuple(out)

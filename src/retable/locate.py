"""Document → one region per standard table.

Section numbers are unreliable (``1. 政府信息公开行政复议…`` for 四、), and the
introduction often lists all section titles in one sentence, so a heading only
counts when the table's own vocabulary (``第二十条``, ``申请人情况``,
``结果维持`` …) follows it closely. Positions are found in a whitespace-free
copy of the text (``社会公益 组织``) and mapped back to lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema import TABLES, load_schema
from .types import Document, Region

WINDOW = 700  # characters after a heading in which the table's vocabulary must appear
_END_MARKERS = (
    "存在的主要问题",
    "主要问题及改进情况",
    "其他需要报告的事项",
    "问题及改进情况",
    "存在问题及改进",
    "工作存在的问题",
    "需要说明的事项",
)
_STRONG_MARKERS = {
    "active_disclosure": (
        "第二十条",
        "信息内容",
        "本年制发件数",
        "本年新制作数量",
        "本年处理决定数量",
        "上一年项目数量",
        "现行有效件数",
        "本年收费金额",
    ),
    "requests": (
        "申请人情况",
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "予以公开",
        "本年度办理结果",
        "商业企业",
        "法律服务机构",
    ),
    "review_litigation": ("结果维持", "结果纠正", "尚未审结", "未经复议直接起诉", "复议后起诉"),
}


@dataclass
class _Flat:
    """The document as one whitespace-free string with a map back to lines."""

    compact: str
    line_of: list[int]
    char_of: list[int]
    line_starts: list[int]  # compact position where each line begins

    def position(self, i: int) -> tuple[int, int]:
        if i >= len(self.compact):
            return (len(self.line_starts) - 1, 10**9)
        return (self.line_of[i], self.char_of[i])


_KEPT = re.compile(r"[^\s|│]+")  # \s in a str pattern is exactly str.isspace()


def _flatten(doc: Document) -> _Flat:
    chunks: list[str] = []
    line_of: list[int] = []
    char_of: list[int] = []
    starts: list[int] = []
    size = 0
    for li, line in enumerate(doc.lines):
        starts.append(size)
        for m in _KEPT.finditer(line.text):
            a, b = m.span()
            chunks.append(m.group())
            line_of.extend([li] * (b - a))
            char_of.extend(range(a, b))
            size += b - a
    return _Flat("".join(chunks), line_of, char_of, starts)


def _find_all(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)]


def _vocabulary_after(flat: _Flat, pos: int, table: str) -> int:
    window = flat.compact[pos : pos + WINDOW]
    return sum(1 for m in _STRONG_MARKERS[table] if m in window)


def _gap_after(flat: _Flat, pos: int, table: str) -> int:
    """Characters between a heading and the first word of its table's vocabulary."""
    window = flat.compact[pos : pos + WINDOW]
    hits = [window.find(m) for m in _STRONG_MARKERS[table] if m in window]
    return min(hits) if hits else WINDOW


def _table_start(flat: _Flat, table: str) -> int | None:
    """Where the table's heading (or, failing that, its vocabulary) begins."""
    spec = load_schema().table(table)
    candidates: list[tuple[int, int]] = []
    for heading in spec.headings:
        for pos in _find_all(flat.compact, heading):
            if _vocabulary_after(flat, pos, table) >= 2:
                candidates.append((_gap_after(flat, pos, table), pos))
    if candidates:
        # The heading the table follows most closely (prose mentions are further away).
        return min(candidates)[1]
    # No usable heading: start at the first dense cluster of the table's vocabulary.
    for marker in _STRONG_MARKERS[table]:
        for pos in _find_all(flat.compact, marker):
            if _vocabulary_after(flat, pos, table) >= 3:
                return pos
    return None


def _end_after(flat: _Flat, start: int) -> int:
    ends = [p for m in _END_MARKERS for p in _find_all(flat.compact, m) if p > start]
    return min(ends) if ends else len(flat.compact)


def locate_tables(doc: Document) -> dict[str, Region]:
    """Find the region of every standard table present in ``doc``."""
    flat = _flatten(doc)
    starts = {t: _table_start(flat, t) for t in TABLES}
    found = sorted((pos, t) for t, pos in starts.items() if pos is not None)
    regions: dict[str, Region] = {}
    for i, (pos, table) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else _end_after(flat, pos)
        end = min(end, _end_after(flat, pos))
        start_line, start_char = flat.position(pos)
        # Begin at the start of the heading's line unless the document is flattened.
        line_text = doc.lines[start_line].text
        if len(line_text) < 200 or doc.lines[start_line].cells is not None:
            start_char = 0
        end_line, end_char = flat.position(end)
        if end < len(flat.compact):
            end_line_text = doc.lines[end_line].text
            if len(end_line_text) < 200 and end_char < 40 and end_line > start_line:
                # The end marker heads its own line: stop before that line.
                end_line, end_char = end_line - 1, len(doc.lines[end_line - 1].text)
        regions[table] = Region(table, (start_line, start_char), (end_line, end_char))
    return regions

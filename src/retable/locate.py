"""Document → one region per standard table.

Section numbers are unreliable (``1. 政府信息公开行政复议…`` for 四、), and the
introduction often lists all section titles in one sentence, so a heading only
counts when the table's own vocabulary (``第二十条``, ``申请人情况``,
``结果维持`` …) follows it closely. Positions are found in a whitespace-free
copy of the text (``社会公益 组织``) and mapped back to lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexical import ITEM_NUMBER, NUMERAL
from .schema import TABLES, load_schema
from .types import Document, Region

WINDOW = 700  # characters after a heading in which the table's vocabulary must appear
CLOSE = 80  # characters from a heading to its table's first word where a table follows
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
    """The document as one whitespace-free string with a map back to lines.

    The map is kept per run of kept characters (where each run starts in the
    compact string, on which line and at which character), not per character:
    only a handful of positions are ever looked up.
    """

    compact: str
    run_starts: list[int]  # compact position where each run begins
    run_lines: list[int]
    run_chars: list[int]
    lines: int

    def position(self, i: int) -> tuple[int, int]:
        if i >= len(self.compact):
            return (self.lines - 1, 10**9)
        k = bisect.bisect_right(self.run_starts, i) - 1
        return (self.run_lines[k], self.run_chars[k] + i - self.run_starts[k])


# Runs of text between spaces and cell borders (\s in a str pattern is exactly
# str.isspace()). A rule (``+------+``, ``───``) is left out: a grid table draws
# hundreds of its characters between two rows, which would push the table's words
# out of a heading's window.
_KEPT = re.compile(r"[^\s|│─━═┌┐└┘├┤┬┴┼╋╔╗╚╝╠╣╦╩╬]+")
_RULE_RUN = re.compile(r"[-=+:]+")


def _flatten(doc: Document) -> _Flat:
    chunks: list[str] = []
    run_starts: list[int] = []
    run_lines: list[int] = []
    run_chars: list[int] = []
    size = 0
    for li, line in enumerate(doc.lines):
        for m in _KEPT.finditer(line.text):
            chunk = m.group()
            if len(chunk) > 2 and _RULE_RUN.fullmatch(chunk):
                continue
            chunks.append(chunk)
            run_starts.append(size)
            run_lines.append(li)
            run_chars.append(m.start())
            size += len(chunk)
    return _Flat("".join(chunks), run_starts, run_lines, run_chars, len(doc.lines))


def _find_all(text: str, needle: str) -> list[int]:
    """Where ``needle`` begins in ``text``, not overlapping (as ``re.finditer`` finds it)."""
    found = []
    at = text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + (len(needle) or 1))
    return found


def _vocabulary_after(flat: _Flat, pos: int, table: str) -> int:
    window = flat.compact[pos : pos + WINDOW]
    return sum(1 for m in _STRONG_MARKERS[table] if m in window)


def _gap_after(flat: _Flat, pos: int, table: str) -> int:
    """Characters between a heading and the first word of its table's vocabulary."""
    window = flat.compact[pos : pos + WINDOW]
    hits = [window.find(m) for m in _STRONG_MARKERS[table] if m in window]
    return min(hits) if hits else WINDOW


def _table_start(doc: Document, flat: _Flat, table: str) -> tuple[int | None, int]:
    """Where the table's heading (or, failing that, its vocabulary) begins, and how
    many other copies of the table the document holds.

    A heading counts where two words of the table's vocabulary follow it, or one
    where it stands on a line of its own (a PDF's narrow columns break the others:
    ``一、本年新收政府信息 26 … 26`` / ``公开申请数量``); prose only mentions it.
    Where neither a heading nor a cluster of the table's words is found, a heading
    on a line of its own after its section number begins the table (a grid table
    wrapped two characters a line breaks all its words: ``结果`` / ``维持``); the
    last such heading, since a list of headings (Word's paragraphs written before
    its tables) comes first.
    A copy is a heading its table follows closely, more than a window away from
    every other (a page that holds several reports).
    """
    spec = load_schema().table(table)
    candidates: list[tuple[int, int]] = []
    bare: list[int] = []  # numbered headings on their own lines with no word after
    for heading in spec.headings:
        for pos in _find_all(flat.compact, heading):
            vocabulary = _vocabulary_after(flat, pos, table)
            if vocabulary >= 2 or (vocabulary == 1 and _own_line(doc, flat, pos, heading)):
                candidates.append((_gap_after(flat, pos, table), pos))
            elif vocabulary == 0 and _own_line(doc, flat, pos, heading, numbered=True):
                bare.append(pos)
    if candidates:
        # The heading the table follows most closely (prose mentions are further away).
        return min(candidates)[1], _other_copies(candidates)
    # No usable heading: start at the first dense cluster of the table's vocabulary,
    # whichever of its words comes first (a page may begin in the middle of a table).
    firsts = [
        next(
            (pos for pos in _find_all(flat.compact, m) if _vocabulary_after(flat, pos, table) >= 3),
            None,
        )
        for m in _STRONG_MARKERS[table]
    ]
    cluster = min((pos for pos in firsts if pos is not None), default=None)
    # No cluster either: the last heading of its own (tables whose words all wrap).
    return (cluster if cluster is not None else max(bare, default=None)), 0


def _other_copies(candidates: list[tuple[int, int]]) -> int:
    """Headings a table follows closely, beyond the first, each a window away from
    the one before (a heading and a caption right under it are one copy)."""
    copies = -1
    last = -WINDOW
    for pos in sorted(pos for gap, pos in candidates if gap <= CLOSE):
        if pos - last >= WINDOW:
            copies += 1
            last = pos
    return max(copies, 0)


# A heading's line: at most its numbering before the heading, or its numbering and a
# few words (``四、政府信息公开`` + 行政复议、行政诉讼情况), never a sentence.
_BEFORE_HEADING = re.compile(
    rf"^(?:(?:{NUMERAL}+[、.．]|[（(]{NUMERAL}+[)）]|\d+[、.．])"
    r"[\u4e00-\u9fff]{0,14})?$"
)


def _own_line(
    doc: Document, flat: _Flat, pos: int, heading: str, *, numbered: bool = False
) -> bool:
    """Whether the heading at ``pos`` is its line, with at most its numbering (and a
    few words after it) before it and 情况 or a colon after it; with ``numbered``,
    only where its section number is there. Markdown's emphasis and heading marks
    around the line (``**四、…**``, ``## 四、…``) and the bar of a reStructuredText
    line block or of a table row (``| 四、…``) are not part of it."""
    line, _ = flat.position(pos)
    text = "".join(doc.lines[line].text.split()).strip("*_#|")
    at = text.find(heading)
    if at < 0 or (numbered and at == 0):
        return False
    rest = text[at + len(heading) :]
    return _BEFORE_HEADING.match(text[:at]) is not None and rest in ("", "情况", "：", ":")


def _end_positions(flat: _Flat) -> list[int]:
    """Where an end marker begins in the flattened text, in order (found once a document)."""
    return sorted(p for m in _END_MARKERS for p in _find_all(flat.compact, m))


def _end_after(ends: list[int], start: int, size: int) -> int:
    """The first end marker after ``start`` (``size``: none)."""
    i = bisect.bisect_right(ends, start)
    return ends[i] if i < len(ends) else size


def _header_before(prefix: str, table: str) -> bool:
    """Whether the text before a table's first marker on its line is more of its
    header: no number and no other table's words, as in a CSV header row whose
    first cells hold the long 勾稽关系 note (a whole flattened document has both)."""
    if any(ch.isdigit() for ch in prefix):
        return False
    compact = "".join(prefix.split())
    return not any(
        m in compact
        for other, markers in _STRONG_MARKERS.items()
        if other != table
        for m in markers
    )


_NUMBERING = re.compile(rf"^\s*(?:{ITEM_NUMBER})")


# Cells of a row before the heading: text and a tab after it, or a value right
# before the heading.
_ROW_CELLS = re.compile(r"\S[^\t]*\t|(?:^|\s)[+-]?\d[\d,.]*\s*$")


def _values_before(prefix: str) -> bool:
    """Whether the text before a heading on its line is a table row (cells with a
    tab after them, or a value, other than the heading's own section number): the
    last row of the table above, run into the heading by a scraper that puts no
    line break after a table."""
    return _ROW_CELLS.search(_NUMBERING.sub("", prefix, count=1)) is not None


_NUMBERING_BEFORE = re.compile(
    rf"(?:{NUMERAL}+[、.．]|[（(]{NUMERAL}+[)）]|\d{{1,2}}[、.．])"
    r"\s*[\u4e00-\u9fff]{0,14}$"
)


NUMBERING_REACH = 200  # characters before a heading where its section number may begin


def _before_numbering(text: str, char: int) -> int:
    """Where the section number (and the few words after it) that ends
    ``text[:char]`` begins (``五、`` or ``五、政府信息公开工作`` before
    存在的主要问题), or ``char`` when there is none."""
    # Only the end of the text can hold it: searching a flattened page of 300,000
    # characters from its start tried the pattern at every place (minutes).
    m = _NUMBERING_BEFORE.search(text, max(0, char - NUMBERING_REACH), char)
    return m.start() if m else char


def _line_start(doc: Document, flat: _Flat, pos: int, table: str) -> tuple[int, int]:
    """Where a table found at ``pos`` begins: the start of its heading's line unless
    the document is flattened onto long lines or the line begins with the values of
    the table above."""
    line, char = flat.position(pos)
    text = doc.lines[line].text
    own_line = len(text) < 200 and not _values_before(text[:char])
    if own_line or doc.lines[line].cells is not None or _header_before(text[:char], table):
        char = 0
    return line, char


def locate_tables(doc: Document) -> dict[str, Region]:
    """Find the region of every standard table present in ``doc``."""
    flat = _flatten(doc)
    starts = {t: _table_start(doc, flat, t) for t in TABLES}
    found = sorted((pos, t) for t, (pos, _) in starts.items() if pos is not None)
    regions: dict[str, Region] = {}
    ends = _end_positions(flat)
    for i, (pos, table) in enumerate(found):
        end = _end_after(ends, pos, len(flat.compact))
        if i + 1 < len(found):
            end = min(found[i + 1][0], end)
        start_line, start_char = _line_start(doc, flat, pos, table)
        end_line, end_char = flat.position(end)
        # The next table's header row begins its line (its first cells before the
        # marker found): that whole line is the next table's.
        takes_line = (
            i + 1 < len(found)
            and end == found[i + 1][0]
            and _header_before(doc.lines[end_line].text[:end_char], found[i + 1][1])
        )
        heads_line = takes_line or (
            len(doc.lines[end_line].text) < 200
            and end_char < 40
            and not _values_before(doc.lines[end_line].text[:end_char])
        )
        if end < len(flat.compact) and end_line > start_line and heads_line:
            # The next table (or the end marker) takes its whole line: stop before it.
            end_line, end_char = end_line - 1, len(doc.lines[end_line - 1].text)
        elif end < len(flat.compact):
            # It begins in the middle of a line: its section number is not this table's.
            end_char = _before_numbering(doc.lines[end_line].text, end_char)
        regions[table] = Region(
            table, (start_line, start_char), (end_line, end_char), starts[table][1]
        )
    return regions

"""HTML → lines: paragraphs become text lines, table rows keep their cells.

The structure of a real ``<table>`` is the best evidence of where cells begin
and end, so table rows are handed on as pre-split cells (with colspan) instead
of being flattened to text. Everything else becomes one line per block.
"""

from __future__ import annotations

import bisect
import itertools
import re

from ..normalise import normalise
from ..types import BOX_ATTRIBUTE, CellBox, Line, SourceCell, Span

_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "center",
    "dt",
    "dd",
    "dl",
    "form",
    "title",
    "body",
    "html",
    "main",
    "nav",
    "aside",
    "address",
    "figure",
    "figcaption",
}
_SKIP = {"script", "style", "head", "noscript", "template", "iframe", "object"}
_TAG_RE = re.compile(r"<\s*(p|div|table|tr|td|th|span|br|html|body|h[1-6]|font|li)\b", re.I)
_CELL_TAG_RE = re.compile(r"<\s*t[dh]\b", re.I)
_CJK_GAP = re.compile(
    r"(?<=[\u3400-\u9fff，。、；：（）“”《》])\s+(?=[\u3400-\u9fff，。、；：（）“”《》])"
)
_WS = re.compile(r"\s+")


def looks_like_html(text: str) -> bool:
    """True when markup, not text, carries the structure of this input."""
    head = text[:200000]
    tags = len(_TAG_RE.findall(head))
    return tags >= 5 and (
        "<table" in head.lower() or "<p" in head.lower() or "<div" in head.lower()
    )


_TABLE_BLOCK = re.compile(r"<table\b.*?(?:</table\s*>|\Z)", re.IGNORECASE | re.DOTALL)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")  # opening or closing, any name
MAX_TAGS_AROUND = 2  # markup tags outside the tables of text that embeds HTML tables
MIN_LINES_AROUND = 5  # lines of text outside them


def embedded_tables(text: str) -> list[tuple[int, int]] | None:
    """Where the HTML tables are in text that only embeds them, or None.

    A markdown converter writes a table it cannot draw as raw HTML (pandoc's gfm
    for a table with merged cells) and the rest as text: there the line breaks
    of the text carry its structure (a pipe table's rows), which an HTML parser
    would run together. Not a page: around its tables a page has markup (if only
    the closing tags of a layout table the first ``</table>`` ends too early).
    """
    blocks: list[tuple[int, int]] = []
    tags = 0
    last = 0
    # Table by table, counting the tags in the text before each; a page gives
    # itself away in its first gap (<html>, <head>, <p> …), before the rest is read.
    for m in itertools.chain(_TABLE_BLOCK.finditer(text), [None]):
        gap_end = m.start() if m is not None else len(text)
        for _ in _ANY_TAG.finditer(text, last, gap_end):
            tags += 1
            if tags > MAX_TAGS_AROUND:
                return None
        if m is not None:
            blocks.append((m.start(), m.end()))
            last = m.end()
    if not blocks:
        return None
    starts = [0] + [end for _, end in blocks]
    gaps = zip(starts, [start for start, _ in blocks] + [len(text)], strict=True)
    lines = sum(1 for a, b in gaps for line in text[a:b].splitlines() if line.strip())
    return blocks if lines >= MIN_LINES_AROUND else None


def _clean(text: str) -> str:
    text = _WS.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


class _LineBuilder:
    def __init__(self, raw: str, traditional: bool, require_tone: bool) -> None:
        self.raw = raw
        self.traditional = traditional
        self.require_tone = require_tone
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.cell_tags = [m.start() for m in _CELL_TAG_RE.finditer(raw)]
        self.lines: list[Line] = []
        self.buffer: list[str] = []
        self.buffer_line = 1
        self.table_count = 0
        self.cell_index = 0

    def offset_of_line(self, number: int) -> int:
        return self.line_starts[min(max(number, 1), len(self.line_starts)) - 1]

    def flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer = []
        if not text:
            return
        start = self.offset_of_line(self.buffer_line)
        norm, offsets = normalise(
            text, [start] * len(text), traditional=self.traditional, require_tone=self.require_tone
        )
        if norm.strip():
            self.lines.append(Line(norm, self.buffer_line, offsets))

    def add_text(self, text: str | None, sourceline: int | None) -> None:
        if not text:
            return
        if not self.buffer and sourceline:
            self.buffer_line = sourceline
        self.buffer.append(text)

    def cell_offset(self, sourceline: int) -> int:
        """Offset of the next ``<td>`` tag at or after the element's source line."""
        line_start = self.offset_of_line(sourceline)
        i = bisect.bisect_left(self.cell_tags, line_start)
        i = max(i, self.cell_index)
        if i < len(self.cell_tags):
            self.cell_index = i + 1
            return self.cell_tags[i]
        return line_start


def _cell_text(el) -> str:
    """Text of a table cell; block boundaries become spaces only between digits."""
    pieces: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.split("}")[-1].lower()
        if tag in _SKIP:
            return
        if tag in _BLOCK or tag == "br":
            pieces.append("\x00")
        if node.text and tag not in _SKIP:
            pieces.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if tag in _BLOCK:
            pieces.append("\x00")

    walk(el)
    text = "".join(pieces)
    text = re.sub(r"(?<=\d)\s*\x00[\s\x00]*(?=\d)", " ", text)
    text = text.replace("\x00", "")
    return _clean(text)


def html_to_lines(raw: str, *, traditional: bool, require_tone: bool = True) -> list[Line]:
    """Parse HTML into :class:`Line` objects (table rows carry their cells)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(raw)
    except Exception:  # lxml raises several unrelated types on broken input
        root = lxml.html.fragment_fromstring(raw, create_parent="div")
    builder = _LineBuilder(raw, traditional, require_tone)

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        tag = tag.split("}")[-1].lower()
        if tag == "head":
            # Of the head, only the page title: often the one place naming the agency.
            for title in node.iter("title"):
                builder.flush()
                builder.add_text(title.text, title.sourceline)
                builder.flush()
            return
        if tag in _SKIP:
            return
        if tag == "table":
            builder.flush()
            if _holds_tables(node):
                # A layout table (the page's frame: navigation, the article, the footer):
                # its cells are blocks of the page, the tables inside them its data.
                for cell in _own_cells(node):
                    walk(cell)
                    builder.flush()
            else:
                emit_table(node)
            return
        if tag in _BLOCK or tag == "br":
            builder.flush()
        builder.add_text(node.text, node.sourceline)
        for child in node:
            walk(child)
            builder.add_text(child.tail, child.sourceline)
        if tag in _BLOCK:
            builder.flush()

    def emit_table(table) -> None:
        table_id = builder.table_count
        builder.table_count += 1
        for tr in table.iter("tr"):
            if _nearest_table(tr) is not table:
                continue
            cells = []
            for td in tr:
                tag = td.tag.lower() if isinstance(td.tag, str) else ""
                if tag not in ("td", "th"):
                    continue
                text = _cell_text(td)
                line_no = td.sourceline or tr.sourceline or 1
                offset = builder.cell_offset(line_no)
                norm, _ = normalise(text, traditional=traditional, require_tone=require_tone)
                try:
                    colspan = max(1, min(int(td.get("colspan", "1")), 50))
                except ValueError:
                    colspan = 1
                span = Span(line_no, offset, offset + 1)
                box = CellBox.parse(td.get(BOX_ATTRIBUTE))
                cells.append(SourceCell(norm, text, span, colspan, box))
            if cells:
                text = " | ".join(c.text for c in cells)
                number = tr.sourceline or 1
                start = builder.offset_of_line(number)
                builder.lines.append(
                    Line(text, number, [start] * len(text), tuple(cells), table_id)
                )

    walk(root)
    builder.flush()
    return builder.lines


def _holds_tables(table) -> bool:
    """Whether a table has another table inside it (a page laid out with tables)."""
    return next(itertools.islice(table.iter("table"), 1, None), None) is not None


def _own_cells(table) -> list:
    """The cells of a table's own rows, not of the tables inside it, in document order.

    Walked once, not descending into inner tables: asking each cell for its nearest
    table made tables nested a thousand deep (a fuzzed page) cubic in their depth."""
    out = []
    stack = list(reversed(table))
    while stack:
        el = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "table":
            continue
        if tag in ("td", "th"):
            out.append(el)
        stack.extend(reversed(el))
    return out


def _nearest_table(el):
    parent = el.getparent()
    while parent is not None:
        if isinstance(parent.tag, str) and parent.tag.lower() == "table":
            return parent
        parent = parent.getparent()
    return None

"""Rows written as comma-separated values or as JSON and Python lists.

Crawls keep tables the way their tools write them: ``pandas.read_html(...).to_csv()``
(a quoted field may hold a line break), or ``pdfplumber``'s ``extract_tables()`` dumped
row by row as ``["规章", "13", null, "524"]``. These functions find the cells of such a
line as positions in it, so every cell keeps its place in the source.
"""

from __future__ import annotations

import re

from ..types import Line


def list_bounds(text: str) -> list[tuple[int, int]]:
    """Items of a JSON or Python list on one line: a string without its quotes, a bare
    token (``null``, ``None``, a number) as it is."""
    i, end = text.index("[") + 1, text.rindex("]")
    bounds = []
    while i < end:
        while i < end and text[i] in " \t":
            i += 1
        if i < end and text[i] in "'\"":
            quote, j = text[i], i + 1
            while j < end and text[j] != quote:
                j += 2 if text[j] == "\\" else 1
            bounds.append((i + 1, min(j, end)))
            i = j + 1
        else:
            j = text.find(",", i, end)
            bounds.append((i, end if j < 0 else j))
            i = end if j < 0 else j
        comma = text.find(",", i, end)
        if comma < 0:
            break
        i = comma + 1
    return bounds


NULLS = frozenset({"null", "None"})
_QUOTED_EMPTY_ITEM = re.compile(r"""[\[,]\s*(?:""|'')\s*[,\]]""")


def null_spans(lines: list[tuple[Line, int, int]]) -> bool:
    """Whether list rows write an empty cell as ``""`` and so a ``null`` is no cell at
    all: the part of a merged cell past its first column (``pdfplumber``'s tables).
    Where no empty string appears, ``null`` is the empty cell (``pandas``)."""
    return any(
        line.cells is None and _QUOTED_EMPTY_ITEM.search(line.text[a:b]) for line, a, b in lines
    )


_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)")
_ESCAPED = {"n": "", "r": "", "t": " "}  # a line break inside a cell joins its lines


def unescape(text: str) -> str:
    """A JSON or Python string's escapes resolved: ``本年新\\n制作数量`` is one label."""
    return _ESCAPE.sub(_resolve, text)


def _resolve(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) == 5:  # uXXXX
        return chr(int(code[1:], 16))
    return _ESCAPED.get(code, code)


def comma_bounds(text: str) -> list[tuple[int, int]]:
    """Fields of one CSV row, a quoted field without its quotes (``"1,234"``)."""
    fields = []
    start = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            fields.append((start, i))
            start = i + 1
    fields.append((start, len(text)))
    bounds = []
    for a, b in fields:
        field = text[a:b]
        core = field.strip()
        if len(core) >= 2 and core[0] == core[-1] == '"':
            a += len(field) - len(field.lstrip()) + 1
            b = a + len(core) - 2
        elif core[:1] == '"' and core.count('"') % 2 == 1:  # a field a line break cut
            a += len(field) - len(field.lstrip()) + 1
        bounds.append((a, b))
    return bounds


def closing_quote(text: str) -> int:
    """Where the quoted field a line continues is closed (``""`` is a quote inside
    it), or -1 when the line does not close it."""
    i = 0
    while (i := text.find('"', i)) >= 0:
        if text[i + 1 : i + 2] != '"':
            return i
        i += 2
    return -1

"""AsciiDoc tables (``|===`` … ``|===``), as pandoc writes them: where their rows are.

A bar begins each cell and none ends one, so the pipe cutter reads the lines inside
such a table with ``bars_open`` (:mod:`retable.layouts.pipes`).
"""

from __future__ import annotations

from ..types import Line

ASCIIDOC_DELIMITER = "|==="


def asciidoc_tables(lines: list[tuple[Line, int, int]]) -> tuple[set[int], set[int]]:
    """Indices of the lines inside AsciiDoc tables (``|===`` … ``|===``), and of
    those that go on with the row above them.

    A bar begins each cell, so one that ends a line begins an empty cell. Where
    blank lines set the rows apart, as pandoc writes a table with any cell of
    several lines, a line right below another goes on with its row: further cells
    (``|0 |0``, a long row wrapped) or the rest of a cell's text (``法律服 +`` /
    ``务机构 |其他``). In a table without blank lines every line is a row.
    """
    inside: set[int] = set()
    continuing: set[int] = set()
    opened: int | None = None
    for i, (line, a, b) in enumerate(lines):
        if line.text[a:b].strip() != ASCIIDOC_DELIMITER:
            continue
        if opened is None:
            opened = i
            continue
        body = range(opened + 1, i)
        inside.update(body)
        filled = {j for j in body if lines[j][0].text[lines[j][1] : lines[j][2]].strip()}
        if len(filled) < len(body):  # blank lines set the rows apart
            continuing.update(j for j in filled if j - 1 in filled)
        opened = None
    return inside, continuing

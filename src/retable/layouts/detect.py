"""Layout detection: what a region's text lines mostly are, decided once per region.

The facts found here choose the cutter of each line (:mod:`retable.layouts.registry`)
and say which blank lines and spaces are empty cells. They are returned as a frozen
:class:`Layout`, which the cutting reads and nothing writes.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import NamedTuple

from ..lexical import shape
from ..normalise import source_char
from ..spaced_blanks import space_coded
from ..types import Document, Line
from .asciidoc import ASCIIDOC_DELIMITER, asciidoc_tables
from .delimited import null_spans
from .frames import numbered_rows

RegionLines = list[tuple[Line, int, int]]  # (line, start, end) slices of a region

PIPES = re.compile(r"[|│┃║¦]")
BORDER = re.compile(r"^[\s|│┃║─━═┌┐└┘├┤┬┴┼╋╔╗╚╝╠╣╦╩╬+:\-=]*$")
RULE = re.compile(r"[─━═]")  # a horizontal box-drawing line
ASCII_RULE = re.compile(r"-{3,}")  # ... or one drawn with hyphens (links, grid tables)
# A grid table's rule, ``+------+:----+``: it frames rows however many lines each
# row's wrapped cells take (pandoc's grid tables in narrow columns).
_GRID_RULE = re.compile(r"^\s*\+(?::?[-=]{2,}:?\+){2,}\s*$")
# ... or one drawn in box-drawing characters, ``├──────┼────┤`` (elinks, w3m).
_BOX_JUNCTION = re.compile(r"[┌┐└┘├┤┬┴┼╋╔╗╚╝╠╣╦╩╬]")
_TAB_RUN = re.compile(r"\t+")
# A comma between fields, not one that groups a number's thousands (2,293).
_FIELD_COMMA = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))")

# A line this long is a paragraph (or part of one), not a cell: compact text is told
# by paragraphs that follow each other with no blank line between.
PROSE_CHARS = 30
MIN_PROSE = 5  # paragraph lines a document needs before its blank lines are judged
# Runs of further blank lines that must all be even before spaced text is read as two
# blank lines per empty cell: fewer even runs happen by chance.
MIN_PAIRED_RUNS = 3
# The usual run of blank lines, at least, of a lattice read so over compact text.
MIN_LATTICE_OVER_COMPACT = 2
# Runs of further blank lines before a value that must fit the lattice's period,
# else only runs whose lines differ and repeat at one period tell it.
MIN_LATTICE_RUNS = 3
# Of the runs between cells, the share the usual run needs at least: rarer runs are
# empty cells, not the separator.
LATTICE_BASE_SHARE = 0.2
# Lines with tabs, every run even, before two tabs are one separator: a few lines of
# doubled tabs happen in any tab-separated text.
MIN_PAIRED_TAB_LINES = 3
# Rules (+---+, ├───┼) that make a region box-drawn however wrapped its rows, where
# fewer rules than piped lines would not.
MIN_GRID_RULES = 3
# Cells of compact text right after the one before, at least: below it blank lines
# are the separators, not empty cells.
MIN_ADJACENT_SHARE = 0.25
# Cells a region needs before its blank lines are read as empty cells: a short run
# of lines does not show a pattern.
MIN_SPACED = 8


@dataclass(frozen=True)
class Layout:
    """What a region's text lines mostly are (see :func:`detect_layout`).

    - *tab-prefixed*: one tab-prefixed cell per line (Word's one-cell-per-line
      export), where a line holding only its tab is an empty cell;
    - *single*: one cell per line (no tab, border or run of spaces), where a line
      of no-break spaces is an empty cell;
    - *boxed*: drawn with box borders (w3m) or hyphen rules (links, grid tables),
      where border lines, not line breaks, end the rows;
    - *spaced*: one cell per line with a blank line after each (lynx, html-text),
      where every further blank line is an empty cell;
    - *dense*: one trimmed cell per line and no empty line (PDF text of PyMuPDF or
      pypdf), where a line of spaces or a tab is an empty cell: what the space
      glyph of an empty cell becomes. Not where text lines carry the separator
      as padding (BeautifulSoup's ``get_text(" ")``): there such lines are the
      separators between text nodes;
    - *tab-separated*: one trimmed cell per line, blank lines around a line holding
      only a tab between cells (Chromium's ``innerText`` of cells that hold
      paragraphs), where two such lines with no cell between them enclose an empty
      cell;
    - *compact*: one trimmed cell per line, most right after the one before, and
      some blank lines, where a blank line between two cells is an empty cell if
      the document's paragraphs follow each other with no blank line between
      (:func:`_packed_prose`; LibreOffice's text export);
    - *paired blanks*: spaced, and every run of further blank lines is of an even
      length: two blank lines per empty cell (the npm package html-to-text);
    - *paired tabs*: every run of tabs between cells is of an even length, on enough
      lines: two tabs separate two cells (resiliparse), so ``\t\t \t\t`` holds one
      empty cell, not three;
    - *comma-separated*: most lines hold a comma (``pandas.read_html`` saved as CSV),
      where a line with a comma is a CSV row;
    - *blank lattice* (``blank_base`` and ``blank_period``, 0 if not): one cell per
      line, a usual run of blank lines before values (two or more, or one where
      spaced text's shape does not hold), and longer runs between values that are
      longer by whole periods (:func:`_blank_lattice`).
    """

    tab_prefixed: bool = False
    one_per_line: bool = False
    boxed: bool = False
    spaced: bool = False
    dense: bool = False
    tab_separated: bool = False
    # compact, and the document's paragraphs follow each other with no blank line
    compact: bool = False
    comma_separated: bool = False
    paired_blanks: bool = False
    paired_tabs: bool = False
    blank_base: int = 0
    blank_period: int = 0
    # Also worked out from the region's lines, for the cutters that read them:
    nulls_span: bool = False  # CSV where a null marker spans a cell (see delimited)
    numbered: frozenset[int] = frozenset()  # lines led by a data frame's row number
    isolated: frozenset[int] = frozenset()  # lines alone between single blank lines
    asciidoc: frozenset[int] = frozenset()  # lines inside AsciiDoc tables
    asciidoc_rows: frozenset[int] = frozenset()  # ... that go on with the row above
    space_coded: bool = False  # runs of spaces count empty cells (see spaced_blanks)


# The cutting of a line on its own, as if its region had no shape (what a line
# standing between blank lines of compact text is judged by).
PLAIN = Layout()


def detect_layout(doc: Document, lines: RegionLines, coded: bool | None) -> Layout:
    """The layout of a region's lines. ``coded`` is the document's decision whether
    runs of spaces count empty cells (from all its tables), None to decide from this
    region alone."""
    found = region_shape(lines, doc.raw_text)
    compact = found.compact and _packed_prose(doc.lines)
    inside, continuing = (
        asciidoc_tables(lines)
        if any(ASCIIDOC_DELIMITER in line.text for line, _, _ in lines)
        else (set(), set())
    )
    # Empty cells as runs of spaces (WebDriver's text): see spaced_blanks.
    other_separators = (
        found.tab_prefixed
        or found.boxed
        or found.comma_separated
        or found.tab_separated
        or found.paired_tabs
        or bool(inside)
    )
    return replace(
        found,
        compact=compact,
        nulls_span=found.comma_separated and null_spans(lines),
        numbered=frozenset(numbered_rows(lines)),
        isolated=frozenset(_isolated_lines(lines) if compact else ()),
        asciidoc=frozenset(inside),
        asciidoc_rows=frozenset(continuing),
        space_coded=not other_separators and (space_coded(lines) if coded is None else coded),
    )


def lone_tab(text: str) -> bool:
    """One leading tab and no other: a tab-prefixed cell (or, when blank, an empty one)."""
    return text.startswith("\t") and text.count("\t") == 1


# no-break, ideographic, en and em spaces
_EXPLICIT_SPACES = frozenset("\u00a0\u3000\u2002\u2003")


def explicit_space(raw: str, offsets: list[int]) -> bool:
    """The source line is only no-break or ideographic spaces, as characters or as
    references the text kept (``&nbsp;``): what converters print for an empty table
    cell, unlike a blank line, which is empty."""
    return bool(offsets) and all(source_char(raw, i) in _EXPLICIT_SPACES for i in offsets)


class _Counts(NamedTuple):
    """The counts :func:`region_shape` decides from."""

    filled: int
    commas: int
    prefixed: int
    single: int
    ruled: int
    piped: int
    adjacent: int
    one_blank: int
    empty: int
    padded: int
    grid_rules: int
    lone_tabs: int
    tabbed_spaces: int  # lines of a tab and spaces only
    tab_lines: int  # lines with a tab between cells
    odd_tabs: bool  # a run of tabs between cells of an odd length
    further: list[int]  # blank lines beyond the first in each run of two or more
    runs: Counter[int]  # blank lines before each value's line (the blank lattice)
    value_rows: list[list[tuple[str, ...]]]  # the runs between the values of each row


def _count(lines: RegionLines, raw: str) -> _Counts:
    """Count the region's text lines in one pass (local counters: this runs on every
    line of every table)."""
    filled = commas = prefixed = single = ruled = piped = adjacent = one_blank = empty = padded = 0
    grid_rules = lone_tabs = tabbed_spaces = tab_lines = 0
    odd_tabs = False
    blank_run = 0  # blank lines since the last line with text
    further: list[int] = []
    # For the blank lattice, where a line of no-break spaces is an empty cell:
    runs: Counter[int] = Counter()
    value_rows: list[list[tuple[str, ...]]] = []
    previous_kind = ""  # of the last cell's line; none yet
    cell_run: list[str] = []  # blank lines since the last cell's line
    for line, a, b in lines:
        if line.cells is not None:
            continue
        text = line.text[a:b]
        box_rule = RULE.search(text) is not None
        ruled += box_rule or (
            ASCII_RULE.search(text) is not None and BORDER.match(text) is not None
        )
        grid_rules += (
            box_rule and _BOX_JUNCTION.search(text) is not None and BORDER.match(text) is not None
        ) or (text[:1] in " +" and _GRID_RULE.match(text) is not None)
        has_pipe = PIPES.search(text) is not None
        piped += has_pipe
        stripped = text.strip()
        if not stripped:
            blank_run += 1
            empty += not text
            lone_tabs += lone_tab(text)
            tabbed_spaces += lone_tab(text) and len(text) > 1
            if text and explicit_space(raw, line.offsets[a:b]):
                previous_kind = _lattice_cell(runs, value_rows, cell_run, previous_kind, "")
                cell_run = []
            else:
                cell_run.append(text)
            continue
        adjacent += filled > 0 and blank_run == 0
        previous_kind = _lattice_cell(runs, value_rows, cell_run, previous_kind, stripped)
        cell_run = []
        if filled and blank_run >= 2:
            further.append(blank_run - 1)
        one_blank += blank_run == 1
        filled += 1
        blank_run = 0
        padded += len(stripped) != len(text)
        prefixed += lone_tab(text)
        single += not ("\t" in stripped or "  " in stripped or has_pipe)
        commas += (
            "," in stripped
            and _FIELD_COMMA.search(stripped) is not None
            and not ("\t" in stripped or has_pipe)
        )
        if "\t" in stripped:
            tab_lines += 1
            odd_tabs = odd_tabs or any(len(run) % 2 for run in _TAB_RUN.findall(stripped))
    return _Counts(
        filled, commas, prefixed, single, ruled, piped, adjacent, one_blank, empty, padded,
        grid_rules, lone_tabs, tabbed_spaces, tab_lines, odd_tabs, further, runs, value_rows,
    )  # fmt: skip


def region_shape(lines: RegionLines, raw: str) -> Layout:
    """What the region's text lines mostly are, in one pass over them (the fields
    of :class:`Layout` up to ``blank_period``)."""
    t = _count(lines, raw)
    filled = t.filled
    half = 0.5 * filled
    comma_separated = filled > 0 and t.commas >= half
    # An empty cell written as its tab and a space (DrissionPage) is a cell of its own.
    tab_prefixed = filled > 0 and t.prefixed + t.tabbed_spaces >= 0.5 * (filled + t.tabbed_spaces)
    one_per_line = filled > 0 and (tab_prefixed or t.single >= half) and not comma_separated
    boxed = t.piped > 0 and (t.ruled >= 0.3 * t.piped or t.grid_rules >= MIN_GRID_RULES)
    spaced = (
        one_per_line
        and not tab_prefixed
        and filled >= MIN_SPACED
        and t.adjacent <= 0.1 * filled
        and t.one_blank >= half  # one blank line is the separator, not two
    )
    dense = one_per_line and not tab_prefixed and t.empty == 0 and t.padded <= 0.1 * filled
    tab_separated = (
        one_per_line
        and not tab_prefixed
        and filled >= MIN_SPACED
        and t.lone_tabs >= 0.5 * filled
        and t.empty >= t.lone_tabs  # the separators stand between blank lines
        and t.padded <= 0.1 * filled  # and the cells' own lines carry no tabs
    )
    compact = (
        one_per_line
        and not (tab_prefixed or spaced or tab_separated)
        and filled >= MIN_SPACED
        and t.empty > 0
        # cells follow each other, not one blank line apart, nor all blank lines apart
        and t.adjacent >= max(2 * t.one_blank, MIN_ADJACENT_SHARE * filled)
        and t.padded <= 0.1 * filled
    )
    further = t.further
    paired_blanks = spaced and len(further) >= MIN_PAIRED_RUNS and all(n % 2 == 0 for n in further)
    paired_tabs = t.tab_lines >= MIN_PAIRED_TAB_LINES and not t.odd_tabs
    base, period = (
        _blank_lattice(t.runs, t.value_rows)
        if one_per_line and not (tab_prefixed or spaced or tab_separated)
        else (0, 0)
    )
    if compact and base < MIN_LATTICE_OVER_COMPACT:
        base, period = 0, 0
    # Cells runs of blank lines apart with empty cells whole periods longer are a
    # lattice, though the cells' pieces follow each other (get_text("\n") of spans:
    # 一 / 、本年新收…) as often as compact text's cells do.
    compact = compact and not base
    return Layout(
        tab_prefixed,
        one_per_line,
        boxed,
        spaced,
        dense,
        tab_separated,
        compact,
        comma_separated,
        paired_blanks,
        paired_tabs,
        base,
        period,
    )


def _repeats(lines: tuple[str, ...], period: int) -> bool:
    """Whether ``lines`` repeat every ``period`` lines."""
    return all(lines[i] == lines[i + period] for i in range(len(lines) - period))


def _lattice_cell(
    runs: Counter[int],
    value_rows: list[list[tuple[str, ...]]],
    run: list[str],
    previous_kind: str,
    text: str,
) -> str:
    """Count a cell's line and the blank run before it for :func:`_blank_lattice`;
    its kind. An empty cell (``text`` empty) holds the place of a value."""
    kind = shape(text) if text else "number"
    if not previous_kind:
        return kind  # the first cell: no run before it
    if kind == "number":
        runs[len(run)] += 1
        if previous_kind != "number":
            value_rows.append([])  # a row's first value: the run may hold row tags
        else:
            value_rows[-1].append(tuple(run))
    return kind


def _blank_lattice(runs: Counter[int], value_rows: list[list[tuple[str, ...]]]) -> tuple[int, int]:
    """The usual run of blank lines before a value and the lines an empty cell
    adds, or ``(0, 0)``.

    Tags stripped from pretty-printed HTML (``get_text()``, a regular expression)
    leave each cell's text on a line of its own between the lines its tags stood
    on: ``<td>`` and ``</td>``, two blank lines. An empty cell adds the lines of
    its tags, and of its paragraph if it has one: a period of the usual run, or
    one more. The period is the one every longer run between two values fits;
    runs before a row's first value may also hold the lines of row tags
    (``</tr>``, ``<tr>``), so they do not count. Where both fit (six lines:
    three empty cells of two, or two of three), the one at which the lines of
    every longer run repeat is taken (an empty paragraph's line differs from its
    tags' lines), else the one that makes more rows with empty cells as long as
    the rows without.
    """
    if not runs:
        return 0, 0
    # the shortest frequent run: where every row has empty cells in the same
    # columns, the runs that hold them can outnumber those that do not (a row's
    # label and first value are as far apart as two cells with none between)
    base = min(run for run, n in runs.items() if n >= LATTICE_BASE_SHARE * runs.total())
    if base < 1:
        return 0, 0  # cells on consecutive lines: compact text
    longer = [run for row in value_rows for run in row if len(run) > base]
    if not longer:
        return 0, 0
    periods = [p for p in (base + 1, base) if all((len(run) - base) % p == 0 for run in longer)]
    if base == 1:
        # One blank line between cells is spaced text's, whose rules (every
        # further blank line an empty cell) hold where its shape does; here only
        # runs all even tell two lines per empty cell (docx2txt, html-to-text),
        # and only where there are as many of them as pairing spaced text asks.
        paired = periods == [2, 1] and len(longer) >= MIN_PAIRED_RUNS
        return (base, 2) if paired else (0, 0)
    repeating = [p for p in periods if all(_repeats(run, p) for run in longer)]
    if len(longer) < MIN_LATTICE_RUNS:
        # Few runs: only lines that differ and repeat at one period tell.
        distinct = all(len(set(run)) > 1 for run in longer)
        return (base, repeating[0]) if distinct and len(repeating) == 1 else (0, 0)
    periods = repeating if len(periods) == 2 and repeating else periods
    if len(periods) < 2:
        return (base, periods[0]) if periods else (0, 0)
    full_widths = Counter(len(row) for row in value_rows if row and max(map(len, row)) <= base)
    if not full_widths:
        return 0, 0
    width = full_widths.most_common(1)[0][0]

    def rows_of_width(period: int) -> int:
        return sum(
            len(row) + sum((len(run) - base) // period for run in row if len(run) > base) == width
            for row in value_rows
        )

    return base, max(periods, key=rows_of_width)


def _packed_prose(lines: list[Line]) -> bool:
    """Whether the document's paragraphs follow each other with no blank line between.

    LibreOffice's text export writes a paragraph per line and a table cell per line,
    and nothing else: a blank line is an empty cell. PDF extractors end their text
    blocks with blank lines, and so do most HTML converters their paragraphs.
    """
    prose = followed = 0
    for line, after in itertools.pairwise(lines):
        if line.cells is None and len(line.text.strip()) >= PROSE_CHARS:
            prose += 1
            followed += not after.text.strip()
    return prose >= MIN_PROSE and followed <= 0.1 * prose


def _isolated_lines(lines: list[tuple[Line, int, int]]) -> set[int]:
    """Indices of the text lines with one blank line before and one after, as a
    page number between two page breaks has."""
    filled = [line.cells is not None or bool(line.text[a:b].strip()) for line, a, b in lines]
    pattern = (True, False, True, False, True)  # text, blank, the line, blank, text
    return {
        i
        for i in range(2, len(lines) - 2)
        if tuple(filled[i - 2 : i + 3]) == pattern and lines[i][0].cells is None
    }

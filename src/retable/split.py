"""Region → cells: find cell boundaries whatever the layout.

Layouts met in scraped reports: HTML rows, pipe rows (Markdown, converters,
box-drawing borders), tab rows, tab-prefixed one-cell-per-line, blank-line
separated cells, whitespace-aligned columns (text browsers), and runs of text
where labels and digits are fused (``规范性文件898989``). This stage only cuts;
deciding what a cell *is* happens in :mod:`retable.roles`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

from .delimited import NULLS, closing_quote, comma_bounds, list_bounds, null_spans, unescape
from .lexical import char_width, is_placeholder, shape
from .normalise import source_char
from .spaced_blanks import SPACES, cut_space_coded, space_coded
from .types import Cell, Document, Line, Region, Span

_PIPES = re.compile(r"[|│┃║¦]")
_BORDER = re.compile(r"^[\s|│┃║─━═┌┐└┘├┤┬┴┼╋╔╗╚╝╠╣╦╩╬+:\-=]*$")
_RULE = re.compile(r"[─━═]")  # a horizontal box-drawing line
_ASCII_RULE = re.compile(r"-{3,}")  # ... or one drawn with hyphens (links, grid tables)
# A grid table's rule, ``+------+:----+``: it frames rows however many lines each
# row's wrapped cells take (pandoc's grid tables in narrow columns).
_GRID_RULE = re.compile(r"^\s*\+(?::?[-=]{2,}:?\+){2,}\s*$")
# ... or one drawn in box-drawing characters, ``├──────┼────┤`` (elinks, w3m).
_BOX_JUNCTION = re.compile(r"[┌┐└┘├┤┬┴┼╋╔╗╚╝╠╣╦╩╬]")
# A rule beside a merged cell's text, ``│ 理结 ├────┼────┤``, read as the cells it
# closes: a junction that borders the row above is a border, the rest blank.
_RULE_AS_CELLS = str.maketrans(
    dict.fromkeys("─━═┬┌┐╦╔╗", " ") | dict.fromkeys("├┤┼┴└┘╋╠╣╬╩╚╝", "│")
)
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ALIGNED_GAP = re.compile(r"\s{2,}")
_TAB_RUN = re.compile(r"\t+")
# A comma between fields, not one that groups a number's thousands (2,293).
_FIELD_COMMA = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))")
_SPACE_RUN = re.compile(r"\s+")
_TOKEN = re.compile(
    r"(?P<bracket>[（(][^（()）]{0,60}[)）])"
    r"|(?P<number>[+-]?\d+(?:,\d{3})*(?:\.\d+)?\s?(?:万元|元)?)"
    r"|(?P<space>\s+)"
    r"|(?P<text>[^\d\s（()）]+)"
)
_ITEM_START = re.compile(r"^[.．、]\s*(?=[\u3400-\u9fff])")
_NUMBERING = re.compile(
    r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])"
)
_DATE_UNIT = re.compile(r"^[年月日号]")
_HEADER_WITH_INDEX = re.compile(r"^[\u3400-\u9fff]{1,4}\d{1,2}$")
PROSE_CHARS = 30  # a line this long is a paragraph (or part of one), not a cell
MIN_PROSE = 5  # paragraph lines a document needs before its blank lines are judged
MIN_INDEX_CELLS = 4  # cells a row of column numbers needs to be told from values
MIN_NUMBERED_ROWS = 3  # consecutive lines counting up before their first cell is a row number
MIN_PAIRED_RUNS = 3  # runs of further blank lines that must all be even to be paired
MIN_LATTICE_RUNS = 3  # runs of further blank lines before a value that must fit the period
LATTICE_BASE_SHARE = 0.2  # of the runs between cells, that the usual run needs at least
MIN_PAIRED_TAB_LINES = 3  # lines with tabs, every run even, before two tabs are one separator
MIN_GRID_RULES = 3  # rules (+---+, ├───┼) that make a region box-drawn, however wrapped
MIN_ADJACENT_SHARE = 0.25  # cells of compact text right after the one before, at least
CHAR_ALIGNED_SHARE = 0.5  # distinct column starts in characters vs display columns, at most
MIN_FUSED_HEAD = 8  # characters before a row label that make an aligned cell a fused run
MIN_SPACED = 8  # cells a region needs before its blank lines are read as empty cells


@lru_cache(maxsize=4096)
@lru_cache(maxsize=64)
def _char_positions(size: int) -> tuple[int, ...]:
    return tuple(range(size + 1))


_ALIGNED_START = re.compile(r"(?:^|\s{2,})(\S)")


def _padded_by_characters(lines: list[Line]) -> bool:
    """Whether the document's aligned columns line up in characters rather than in
    display columns: inscriptis pads a cell to a number of characters whatever their
    width, so after a CJK label the next column starts at the same character, not
    the same display column. Characters win only where they put the cells on at
    most half as many distinct start positions: PDF text, aligned in neither, keeps
    display columns."""
    chars: set[int] = set()
    columns: set[int] = set()
    for line in lines:
        text = line.text
        if line.cells is not None or text.isascii() or "  " not in text.strip():
            continue  # not aligned columns (an indented paragraph is not)
        widths = _prefix_widths(text)
        for m in _ALIGNED_START.finditer(text):
            chars.add(m.start(1))
            columns.add(widths[m.start(1)])
    return bool(columns) and len(chars) <= CHAR_ALIGNED_SHARE * len(columns)


@lru_cache(maxsize=256)
def _prefix_widths(text: str) -> tuple[int, ...]:
    """``out[i]`` = display width of ``text[:i]``: one pass per line, not one per cell."""
    if text.isascii():
        return tuple(range(len(text) + 1))
    return tuple(itertools.accumulate(map(char_width, text), initial=0))


def region_lines(doc: Document, region: Region) -> list[tuple[Line, int, int]]:
    """The (line, start, end) slices a region covers."""
    (l0, c0), (l1, c1) = region.start, region.end
    out = []
    for i in range(l0, min(l1, len(doc.lines) - 1) + 1):
        line = doc.lines[i]
        start = c0 if i == l0 else 0
        end = c1 if i == l1 else len(line.text)
        if line.cells is not None:
            start, end = 0, len(line.text)
        out.append((line, start, end))
    return out


def split_fused(text: str) -> list[tuple[str, int, int]]:
    """Cut a run like ``1.属于国家秘密00000002.其他`` into label and digit pieces.

    Returns ``(piece, start, end)`` triples relative to ``text`` (see
    :func:`_split_fused`; the same runs recur, so the cuts are cached).
    """
    return list(_split_fused(text))


@lru_cache(maxsize=8192)
def _split_fused(text: str) -> tuple[tuple[str, int, int], ...]:
    """Cut a run like ``1.属于国家秘密00000002.其他`` into label and digit pieces.

    Returns ``(piece, start, end)`` triples relative to ``text``. Item numbers
    glued to the preceding digits (``…00000002.其他``) go back to their label;
    numbers followed by 年/月/日 stay inside the text (dates are not values).
    """
    tokens: list[list] = []  # [kind, start, end]
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tokens.append([kind, m.start(), m.end()])
    # Give glued item numbers back to the label that follows.
    for i, tok in enumerate(tokens):
        if tok[0] != "number" or i + 1 >= len(tokens):
            continue
        nxt = tokens[i + 1]
        follow = text[nxt[1] : nxt[1] + 8]
        if nxt[0] == "text" and _ITEM_START.match(follow):
            num = text[tok[1] : tok[2]]
            if "." in num or len(num) == 0:
                continue
            if len(num) == 1:
                tok[0] = "item"
            else:
                tok[2] -= 1
                nxt[1] -= 1
        elif nxt[0] == "text" and _DATE_UNIT.match(follow):
            tok[0] = "text"
    tokens = [t for t in tokens if t[2] > t[1]]
    pieces: list[tuple[str, int, int]] = []
    current: list[int] | None = None  # [start, end] of a text piece being built

    def close() -> None:
        nonlocal current
        if current is not None:
            pieces.append((text[current[0] : current[1]], current[0], current[1]))
            current = None

    for kind, start, end in tokens:
        chunk = text[start:end]
        if kind == "space":
            continue
        if kind == "number":
            close()
            pieces.append((chunk.replace(" ", ""), start, end))
            continue
        # text, bracket or the item number of a label
        if current is not None and (kind == "item" or (kind == "text" and _NUMBERING.match(chunk))):
            close()
        if (
            current is not None
            and kind == "bracket"
            and _NUMBERING.match(chunk)
            and not _is_note(chunk)
        ):
            close()
        if current is None:
            current = [start, end]
        else:
            current[1] = end
    close()
    return tuple((p.strip(), s, e) for p, s, e in pieces if p.strip())


def _is_note(chunk: str) -> bool:
    return len(chunk) > 6


def _cut_line(
    text: str, commas: bool = False, paired_tabs: bool = False, bars_open: bool = False
) -> tuple[str, list[tuple[int, int]]]:
    """Split one text line into raw cell slices; return the layout name too.

    ``commas`` says the region is comma-separated values (``pandas.read_html`` saved
    with ``to_csv``): a line with a comma is then a CSV row, and a line in brackets a
    row written as a JSON or Python list (``["规章", "13", null, "524"]``, what
    ``pdfplumber``'s ``extract_tables`` gives). ``paired_tabs`` says two tabs make
    one separator (resiliparse). ``bars_open`` says a bar begins a cell and none ends
    one (AsciiDoc): a bar that ends the line begins an empty cell.
    """
    stripped = text.strip()
    if commas and stripped[:1] == "[" and stripped[-1:] == "]":
        return "csv", list_bounds(text)
    if (
        commas
        and ("," in text or stripped[:1] == '"')
        and "\t" not in text
        and not _PIPES.search(stripped)
    ):
        return "csv", comma_bounds(text)
    if _PIPES.search(stripped) and not (stripped.startswith("(") and stripped.endswith(")")):
        bounds = []
        start = 0
        for m in _PIPES.finditer(text):
            bounds.append((start, m.start()))
            start = m.end()
        bounds.append((start, len(text)))
        # Outer borders of "| a | b |" are not cells; a row without a leading
        # border (html2text) keeps its last, possibly empty, cell.
        if stripped[0] in "|│┃║¦":
            if bounds and not text[bounds[0][0] : bounds[0][1]].strip():
                bounds = bounds[1:]
            if bounds and not bars_open and not text[bounds[-1][0] : bounds[-1][1]].strip():
                bounds = bounds[:-1]
        return "pipe", bounds
    if "\t" in text and _tabs_between_spaces(text):
        return "aligned", _cut_aligned_with_tab_blanks(text)
    if "\t" in text:
        bounds = []
        start = 0
        separator = "\t\t" if paired_tabs else "\t"
        at = text.find(separator)
        while at >= 0:
            bounds.append((start, at))
            start = at + len(separator)
            at = text.find(separator, start)
        bounds.append((start, len(text)))
        if text.startswith("\t"):
            bounds = bounds[1:]  # a tab *prefix* marks a cell, it does not make one
        return "tab", bounds
    gaps = list(_ALIGNED_GAP.finditer(stripped))
    if gaps and len(stripped) < 400:
        return "aligned", _cut_at_gaps(text, 0)
    return "line", [(0, len(text))]


def _numbered_rows(lines: list[tuple[Line, int, int]]) -> set[int]:
    """Lines whose first cell counts the rows (0, 1, 2 … on consecutive lines), as
    ``DataFrame.to_csv()``, ``to_string()`` and ``to_markdown()`` write by default."""
    found: list[tuple[int, int]] = []  # (line index, number) of lines led by a number
    for i, (line, a, b) in enumerate(lines):
        if line.cells is None and (number := _leading_number(line.text[a:b])) is not None:
            found.append((i, number))
    numbered: set[int] = set()
    run: list[int] = []
    for k, (i, n) in enumerate(found):
        if k and n == found[k - 1][1] + 1:
            run.append(i)
        else:
            run = [i]
        if len(run) >= MIN_NUMBERED_ROWS:
            numbered.update(run)
    return numbered


def _leading_number(text: str) -> int | None:
    """The number a line begins with when a cell separator follows it (``3,``,
    ``| 3 |``, ``3  规章``); written without a regular expression, whose nested runs
    of spaces backtrack for seconds on a line of thousands of them."""
    rest = text.lstrip()
    if rest[:1] == "|":
        rest = rest[1:].lstrip()
    digits = len(rest) - len(rest.lstrip("0123456789"))
    if not 0 < digits <= 4:
        return None
    after = rest[digits:]
    if after[:1] in (",", "|", "\t") or after[:2] == "  " or after.lstrip(" ")[:1] in (",", "|"):
        return int(rest[:digits])
    return None


def _index_row(texts: list[str]) -> bool:
    """Cells that count 0, 1, 2 … or 1, 2, 3 …: the column numbers ``pandas``
    writes as the header of a table read without one (after an empty cell above its
    row numbers), or a printed 栏次 row."""
    if texts and not texts[0]:
        texts = texts[1:]
    if len(texts) < MIN_INDEX_CELLS or texts[0] not in ("0", "1"):
        return False
    first = int(texts[0])
    return all(t == str(first + i) for i, t in enumerate(texts))


def _cut_at_gaps(segment: str, offset: int) -> list[tuple[int, int]]:
    """Slices of ``segment`` between runs of two or more spaces, outer spaces left
    out, as positions ``offset`` further on."""
    stripped = segment.strip()
    lead = offset + len(segment) - len(segment.lstrip())
    bounds = []
    start = lead
    for m in _ALIGNED_GAP.finditer(stripped):
        bounds.append((start, lead + m.start()))
        start = lead + m.end()
    bounds.append((start, lead + len(stripped)))
    return bounds


_TAB_IN_SPACES = re.compile(r"(?<= )\t(?= |$)")
_TAB_IN_GAP = re.compile(r"  \t  ")


def _tabs_between_spaces(text: str) -> bool:
    """Columns aligned with spaces, each empty cell printed as a tab standing between
    them (pypdf's layout mode): ``821  35   \t    \t     2   1   859``. Tab-separated
    text puts a tab between the cells instead, with at most a space beside it."""
    return (
        len(_TAB_IN_SPACES.findall(text)) == text.count("\t")
        and _TAB_IN_GAP.search(text) is not None
    )


def _cut_aligned_with_tab_blanks(text: str) -> list[tuple[int, int]]:
    """Cut at runs of spaces; every tab is an empty cell of its own."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for end in [*(i for i, ch in enumerate(text) if ch == "\t"), len(text)]:
        if text[start:end].strip():
            bounds += _cut_at_gaps(text[start:end], start)
        if end < len(text):
            bounds.append((end, end + 1))
        start = end + 1
    return bounds


def _is_md_separator(text: str) -> bool:
    """A markdown ``|---|---|`` line; runs of spaces are collapsed first because
    the pattern backtracks quadratically over a long run of them."""
    if "--" not in text:  # collapsing spaces never joins two dashes
        return False
    return _MD_SEPARATOR.match(_SPACE_RUN.sub(" ", text.strip())) is not None


def note_space_coding(doc: Document, regions: Iterable[Region]) -> None:
    """Decide once for the document whether runs of spaces count empty cells, from
    the lines of all its tables: a small table alone has too few runs to tell."""
    doc.space_coded = doc.kind == "text" and space_coded(
        [piece for region in regions for piece in region_lines(doc, region)]
    )


def split_cells(doc: Document, region: Region) -> list[Cell]:
    """Cut a region into cells, in reading order."""
    cells: list[Cell] = []
    gap = 0
    row = 0
    lines = region_lines(doc, region)
    shape_ = _region_shape(lines, doc.raw_text)
    (
        prefixed,
        single,
        boxed,
        spaced,
        dense,
        tab_separated,
        compact,
        commas,
        paired,
        paired_tabs,
        blank_base,
        blank_period,
    ) = shape_
    nulls_span = commas and null_spans(lines)
    numbered = _numbered_rows(lines)
    compact = compact and _packed_prose(doc.lines)
    isolated = _isolated_lines(lines) if compact else set()
    asciidoc, asciidoc_rows = (
        _asciidoc_tables(lines)
        if any(_ASCIIDOC_DELIMITER in line.text for line, _, _ in lines)
        else (set(), set())
    )
    # Empty cells as runs of spaces (WebDriver's text): see spaced_blanks.
    coded = not (prefixed or boxed or commas or tab_separated or paired_tabs or asciidoc) and (
        space_coded(lines) if doc.space_coded is None else doc.space_coded
    )
    last_filled = -1  # index of the last line that held cells
    blank_lines: list[Line] = []
    separator_open = False  # a lone-tab separator line came after the last cell
    quote_open = False  # the last CSV line ended inside a quoted field
    last_row: list[Cell] = []  # the cells of the last row, which a CSV field may continue
    previous_gap = 0  # blank lines before the last line that held cells
    # The last row of a box-drawn table and where its borders are: the next line
    # continues it (a wrapped cell) unless a border line came between. Borders are
    # compared in display columns (w3m), in characters (links, which pads each
    # cell to a number of characters whatever their width) and in display columns
    # of the text as written (pandoc, whose markup normalisation takes out).
    open_row: tuple[list[list[Cell]], tuple[tuple[int, ...], ...]] | None = None
    for index, (line, start, end) in enumerate(lines):
        if line.cells is not None:
            for col, source_cell in enumerate(line.cells):
                text = source_cell.text
                cells.append(
                    Cell(
                        text,
                        source_cell.raw,
                        source_cell.span,
                        row,
                        col,
                        len(line.cells),
                        "html",
                        shape(text),
                        gap_before=gap if col == 0 else 0,
                        width=source_cell.colspan,
                        box=source_cell.box,
                    )
                )
            row += 1
            gap = 0
            continue
        text = line.text[start:end]
        continued: list[tuple[int, int]] | None = None
        rest = 0  # where the CSV fields of the line begin
        if quote_open and last_row:
            # A quoted CSV field holding a line break: the rest of the row follows.
            rest = _close_quoted_field(text, last_row[-1])
            if rest < 0:
                continue
            quote_open = False
            continued = [(a + rest, b + rest) for a, b in comma_bounds(text[rest:])][1:]
        if tab_separated and "\t" in text and not text.strip():
            # Tabs separate cells: nothing between two of them is an empty cell, and
            # so is a piece of no-break spaces (a cell that held &nbsp;).
            pos = start
            for i, piece in enumerate(text.split("\t")):
                if i > 0:  # the tab before this piece
                    if separator_open:
                        cells.append(_empty_line_cell(line.span(pos - 1, pos - 1), row))
                        row += 1
                    separator_open = True
                if piece and _explicit_space(doc.raw_text, line.offsets[pos : pos + len(piece)]):
                    cells.append(_empty_line_cell(line.span(pos, pos + len(piece)), row))
                    row += 1
                    separator_open = False
                pos += len(piece) + 1
            gap += 1
            continue
        if coded and cells and text and not text.strip(" "):
            # Spaces alone: the empty cells that end the row above (before the next
            # table's heading, where the region ends).
            blanks = _spaces_blanks(line, start, cut_space_coded(text)[0], row)
            cells += blanks
            row += len(blanks)
            continue
        if (
            continued is None
            and not text.strip()
            and not (
                (prefixed and (_lone_tab(text) or _spaces_only(text) or _spaced_tabs(text)))
                or (single and _explicit_space(doc.raw_text, line.offsets[start:end]))
                or (dense and text)
            )
        ):
            gap += 1
            blank_lines.append(line)
            open_row = None
            continue
        separator_open = False  # the line holds cells
        if (
            compact
            and blank_lines
            and cells
            and cells[-1].layout == "line"
            and _cell_lines(cells[-1].kind, text)
            and not {index, last_filled} & isolated
            and _cut_line(text)[0] == "line"
        ):
            # Cells follow each other line by line, so a blank line between two of
            # them is an empty cell (LibreOffice's text export); not next to a row of
            # delimited cells, nor around a line that stands alone between blank
            # lines, as a page number does.
            for blank in blank_lines:
                cells.append(_empty_line_cell(blank.span(0, 0), row))
                row += 1
            gap = 0
        if spaced and gap >= 2 and previous_gap and _cell_lines(cells[-1].kind, text):
            # One blank line ends each cell; every further one is an empty cell (lynx).
            # Not after a line that had no blank line before it: that one is out of
            # the pattern (a page number, a wrapped label).
            # html-to-text writes two blank lines per empty cell.
            for blank in blank_lines[1::2] if paired else blank_lines[1:]:
                cells.append(_empty_line_cell(blank.span(0, 0), row))
                row += 1
            gap = 1
        if (
            blank_period
            and gap >= blank_base + blank_period
            and cells
            and cells[-1].kind in ("number", "blank")
            and shape(text.strip()) == "number"
        ):
            # Each cell is a line between runs of structure lines (tags stripped
            # from pretty-printed HTML); a longer run between two values holds
            # the lines of empty cells, a period of lines each.
            for blank in blank_lines[: (gap - blank_base) // blank_period]:
                cells.append(_empty_line_cell(blank.span(0, 0), row))
                row += 1
            gap = blank_base
        blank_lines = []
        if text.strip() == _ASCIIDOC_DELIMITER:
            open_row = None
            continue
        if _is_md_separator(text) or (
            _BORDER.match(text) and _PIPES.search(text) is None and _RULE.search(text)
        ):
            open_row = None
            continue
        if _BORDER.match(text) and (
            re.search(r"[─━═┼├]", text) or (boxed and _ASCII_RULE.search(text))
        ):
            open_row = None
            continue
        closes_rows = False
        if boxed and _RULE.search(text):
            # The text continues a merged cell (its line is the open row's) and the
            # rule ends the rows of the other columns.
            text = text.translate(_RULE_AS_CELLS)
            closes_rows = True
        if continued is not None:
            layout, bounds = "csv", continued
        elif coded:
            leading, bounds = cut_space_coded(text)
            # Empty cells that end the row above or begin this one; none before the
            # region's first cell (they end the table before it).
            blanks = _spaces_blanks(line, start, leading, row) if cells else []
            cells += blanks
            row += len(blanks)
            layout = SPACES
        elif text.strip() or prefixed:
            layout, bounds = _cut_line(text, commas, paired_tabs, index in asciidoc)
            if layout == "csv" and nulls_span:
                bounds = [(a, b) for a, b in bounds if text[a:b].strip() not in NULLS]
            if layout != "line" and _index_row([text[a:b].strip() for a, b in bounds]):
                open_row = None  # column numbers, not values
                continue
            if index in numbered and layout != "line" and bounds:
                bounds = bounds[1:]  # the row number a data frame writes first
        else:  # a line of spaces or a tab in one-cell-per-line text: one empty cell
            layout, bounds = "line", [(0, len(text))]
        row_cells: list[Cell] = []
        full = line.text
        size = len(full)
        if layout == "aligned" and doc.char_columns is None:
            doc.char_columns = _padded_by_characters(doc.lines)
        by_chars = layout == "aligned" and bool(doc.char_columns)
        widths = _char_positions(size) if by_chars else _prefix_widths(full)
        for col, (b0, b1) in enumerate(bounds):
            piece = text[b0:b1]
            sep_before = _separator_before(text, b0, layout, col)
            if is_placeholder(piece):
                span = line.span(start + b0, start + max(b1, b0 + 1))
                row_cells.append(
                    Cell(
                        piece.strip(),
                        piece,
                        span,
                        row,
                        col,
                        0,
                        layout,
                        "blank",
                        # The centre within line.text[:end] is its centre within line.text.
                        x=_centre_in(widths, size, start + b0, start + b1)
                        if layout == "aligned"
                        else None,
                        sep_before=sep_before,
                        char_columns=by_chars,
                    )
                )
                continue
            if layout == "csv" and "\\" in piece:
                # A cell written as a JSON or Python string: one cell, escapes resolved.
                lead = len(piece) - len(piece.lstrip())
                fragments = [(unescape(piece.strip()), lead, lead + len(piece.strip()))]
            elif shape(piece) in ("number", "noise") or (
                layout != "line" and _HEADER_WITH_INDEX.match(piece.strip())
            ):
                # A whole number, a page footer ("— 4 —") or a header such as "数据1".
                lead = len(piece) - len(piece.lstrip())
                fragments = [(piece.strip(), lead, lead + len(piece.strip()))]
            else:
                fragments = split_fused(piece)
                if layout in ("line", "aligned"):
                    fragments = _split_slash_runs(fragments)
            for frag, f0, f1 in fragments:
                a, b = start + b0 + f0, start + b0 + f1
                row_cells.append(
                    Cell(
                        frag,
                        line.text[a:b],
                        line.span(a, b),
                        row,
                        col,
                        0,
                        layout,
                        shape(frag),
                        x=_centre_in(widths, size, a, b),
                        x0=widths[a],
                        fragment=len(fragments) > 1,
                        sep_before=sep_before,
                        char_columns=by_chars,
                    )
                )
                sep_before = "none"
        if layout == "csv" and text.lstrip()[:1] != "[":
            quote_open = text.count('"', rest) % 2 == 1
        if not row_cells:
            continue
        if index in asciidoc_rows and last_row:
            if not text.lstrip().startswith("|"):  # the rest of the last cell's text
                _join_text(last_row[-1], row_cells.pop(0))
            continued = []
        if continued is not None:
            last_row += row_cells
            _number_row(last_row, last_row[0].row)
            cells.extend(row_cells)
            continue
        if layout == "pipe" and (
            boxed or open_row is not None or _breaks_a_cell(doc.raw_text, line)
        ):
            groups: list[list[Cell]] = [[] for _ in bounds]
            for c in row_cells:  # one pass: a garbled line can hold thousands of cells
                groups[c.col].append(c)
            ends = tuple(min(start + b1, size) for _, b1 in bounds)
            borders = (tuple(widths[e] for e in ends), ends, _raw_columns(doc.raw_text, line, ends))
            if (
                open_row is not None
                and any(a == b for a, b in zip(open_row[1], borders, strict=True))
                and _fold_into_open_row(cells, open_row[0], groups)
            ):
                if closes_rows:
                    open_row = None
                continue
            keep_open = boxed or _breaks_a_cell(doc.raw_text, line)
            open_row = (groups, borders) if keep_open and not closes_rows else None
        else:
            open_row = None
        _number_row(row_cells, row)
        row_cells[0].gap_before = gap
        previous_gap = gap
        last_filled = index
        cells.extend(row_cells)
        last_row = row_cells
        row += 1
        gap = 0
    if coded and cells:
        cells += _blanks_after(doc, region, row)
    return cells


def _blanks_after(doc: Document, region: Region, row: int) -> list[Cell]:
    """The empty cells that end a space-coded table's last row: the spaces that
    begin the line after the region (see spaced_blanks)."""
    index, end = region.end
    if index + 1 >= len(doc.lines) or doc.lines[index].text[end:].strip():
        return []
    after = doc.lines[index + 1]
    if after.cells is not None:
        return []
    return _spaces_blanks(after, 0, cut_space_coded(after.text)[0], row)


def _close_quoted_field(text: str, last: Cell) -> int:
    """Add the line up to the quote that closes the field ``last`` holds open to that
    cell; return where the rest of the line begins, or -1 if the field goes on."""
    close = closing_quote(text)
    head = text if close < 0 else text[:close]
    if head.strip():
        last.text += head.strip()
        last.raw += "\n" + head
        last.kind = shape(last.text)
    return -1 if close < 0 else close + 1


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


_ASCIIDOC_DELIMITER = "|==="


def _asciidoc_tables(lines: list[tuple[Line, int, int]]) -> tuple[set[int], set[int]]:
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
        if line.text[a:b].strip() != _ASCIIDOC_DELIMITER:
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


def _empty_line_cell(span: Span, row: int) -> Cell:
    """An empty cell that a line (or a run of blank lines) stands for on its own."""
    return Cell("", "", span, row, 0, 1, "line", "blank", gap_before=1)


def _spaces_blanks(line: Line, start: int, slices: list[tuple[int, int]], row: int) -> list[Cell]:
    """The empty cells that runs of spaces stand for (spaced_blanks), one a row from
    ``row`` on: ``slices`` of ``line.text[start:]``, two spaces each."""
    return [
        Cell("", "", line.span(start + a, start + b), row + k, 0, 1, SPACES, "blank")
        for k, (a, b) in enumerate(slices)
    ]


def _cell_lines(previous_kind: str, text: str) -> bool:
    """Whether the blank lines between two lines can be empty cells: not next to a
    page footer ("— 4 —"), where a page break leaves blank lines of its own."""
    return previous_kind != "noise" and shape(text.strip()) != "noise"


def _raw_columns(raw: str, line: Line, ends: tuple[int, ...]) -> tuple[int, ...]:
    """The display columns in the text as written of positions ``ends`` of ``line``."""
    offsets = line.offsets
    if not offsets:
        return ends
    line_start = raw.rfind("\n", 0, offsets[0]) + 1
    line_end = offsets[-1] + 1
    widths = _prefix_widths(raw[line_start:line_end])
    return tuple(widths[(offsets[e] if e < len(offsets) else line_end) - line_start] for e in ends)


def _fold_into_open_row(
    cells: list[Cell], open_groups: list[list[Cell]], groups: list[list[Cell]]
) -> bool:
    """:func:`_continue_row`, then write the open row (the last cells) again: a fold
    can join pieces of a cell or fill a cell the row did not have."""
    before = [c for group in open_groups for c in group]
    if not _continue_row(open_groups, groups):
        return False
    after = [c for group in open_groups for c in group]
    changed = len(after) != len(before)
    if changed or any(a is not b for a, b in zip(after, before, strict=True)):
        first = before[0]
        del cells[len(cells) - len(before) :]
        _number_row(after, first.row)
        first.gap_before, after[0].gap_before = 0, first.gap_before
        cells.extend(after)
    return True


def _number_row(row_cells: list[Cell], row: int) -> None:
    """Make ``row_cells`` row ``row``, as its columns 0, 1, 2 … in this order."""
    for i, cell in enumerate(row_cells):
        cell.row, cell.col, cell.row_size = row, i, len(row_cells)


def _continue_row(previous: list[list[Cell]], groups: list[list[Cell]]) -> bool:
    """Fold a wrapped line into the row above it, cell by cell; False if they clash.

    Text continues text (``一、本年新收政`` + ``府信息公开申请数量``, and ``1.``
    + ``属于国家秘密``, cut in two pieces until joined), a printed value fills an
    empty cell above it, an empty cell adds nothing. A value above or below a
    filled cell, or text that stays in several pieces when joined, is a clash: the
    line stays a row of its own.
    """
    folds: list[tuple[list[Cell], list[Cell], str | None]] = []
    for above, below in zip(previous, groups, strict=True):
        if all(_empty_cell(c) for c in below):
            continue  # an empty cell (or none) adds nothing
        if len(below) != 1 and any(c.kind == "number" for c in below):
            return False
        filled = [c for c in above if not _empty_cell(c)]
        if not filled:
            if len(below) != 1:
                return False
            folds.append((above, below, None))
            continue
        if (_is_value(filled) and not _item_number_wrapped(filled, below)) or _is_value(below):
            return False
        joined = "".join(c.text for c in filled + below)
        if len(filled) == len(below) == 1:
            folds.append((above, below, joined))
            continue
        pieces = split_fused(joined)
        if len(pieces) != 1:
            return False
        folds.append((above, below, pieces[0][0]))
    for above, below, folded in folds:
        new = below[0]
        if folded is None:
            if not above:
                above.append(new)
                continue
            top = above[0]
            top.text, top.raw, top.span, top.kind = new.text, new.raw, new.span, new.kind
            top.x, top.x0 = new.x, new.x0
            continue
        top = next(c for c in above if not _empty_cell(c))
        top.raw = (
            "".join(c.raw for c in above if not _empty_cell(c))
            + "\n"
            + "".join(c.raw for c in below)
        )
        top.text, top.kind, top.fragment = folded, shape(folded), False
        above[:] = [top]
    return True


_CELL_BREAK = re.compile(r"\\[ \t]*[|│]")


def _breaks_a_cell(raw: str, line: Line) -> bool:
    """Whether a cell of ``line`` ends in a hard line break (``二、上年结转政府\\  |``):
    pandoc's org tables, one line per row, go on with the rest of such a cell on the
    next line, its other cells empty."""
    if not line.offsets:
        return False
    return _CELL_BREAK.search(raw, line.offsets[0], line.offsets[-1] + 2) is not None


def _join_text(cell: Cell, rest: Cell) -> None:
    """Give ``cell`` the text of ``rest`` too, the next line's piece of it."""
    cell.text += rest.text
    cell.raw = f"{cell.raw}\n{rest.raw}"
    cell.kind, cell.fragment = shape(cell.text), False


def _item_number_wrapped(above: list[Cell], below: list[Cell]) -> bool:
    """An item's number alone on the first line of its label cell, the label going
    on below it (``1`` / ``.属于`` / ``国家秘密``: a column two characters wide)."""
    return (
        len(above) == len(below) == 1
        and len(above[0].text) <= 2
        and _ITEM_START.match(below[0].text) is not None
    )


def _is_value(group: list[Cell]) -> bool:
    """A cell printed as a number, not text that happens to start with one."""
    return len(group) == 1 and group[0].kind == "number"


def _empty_cell(cell: Cell) -> bool:
    return cell.kind == "blank" and not cell.text


class Shape(NamedTuple):
    tab_prefixed: bool
    one_per_line: bool
    boxed: bool
    spaced: bool
    dense: bool
    tab_separated: bool
    compact: bool
    comma_separated: bool
    paired_blanks: bool
    paired_tabs: bool
    blank_base: int
    blank_period: int


def _region_shape(lines: list[tuple[Line, int, int]], raw: str) -> Shape:
    """What the region's text lines mostly are, in one pass over them:

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
    filled = commas = prefixed = single = ruled = piped = adjacent = one_blank = empty = padded = 0
    grid_rules = 0
    lone_tabs = 0
    tabbed_spaces = 0  # lines of a tab and spaces only
    tab_lines = 0  # lines with a tab between cells
    odd_tabs = False  # a run of tabs between cells of an odd length
    blank_run = 0  # blank lines since the last line with text
    further: list[int] = []  # blank lines beyond the first in each run of two or more
    # For the blank lattice, where a line of no-break spaces is an empty cell:
    runs: Counter[int] = Counter()  # blank lines before each value's line
    value_rows: list[list[tuple[str, ...]]] = []  # the runs between the values of each row
    previous_kind = ""  # of the last cell's line; none yet
    cell_run: list[str] = []  # blank lines since the last cell's line
    for line, a, b in lines:
        if line.cells is not None:
            continue
        text = line.text[a:b]
        box_rule = _RULE.search(text) is not None
        ruled += box_rule or (
            _ASCII_RULE.search(text) is not None and _BORDER.match(text) is not None
        )
        grid_rules += (
            box_rule and _BOX_JUNCTION.search(text) is not None and _BORDER.match(text) is not None
        ) or (text[:1] in " +" and _GRID_RULE.match(text) is not None)
        has_pipe = _PIPES.search(text) is not None
        piped += has_pipe
        stripped = text.strip()
        if not stripped:
            blank_run += 1
            empty += not text
            lone_tabs += _lone_tab(text)
            tabbed_spaces += _lone_tab(text) and len(text) > 1
            if text and _explicit_space(raw, line.offsets[a:b]):
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
        prefixed += _lone_tab(text)
        single += not ("\t" in stripped or "  " in stripped or has_pipe)
        commas += (
            "," in stripped
            and _FIELD_COMMA.search(stripped) is not None
            and not ("\t" in stripped or has_pipe)
        )
        if "\t" in stripped:
            tab_lines += 1
            odd_tabs = odd_tabs or any(len(run) % 2 for run in _TAB_RUN.findall(stripped))
    half = 0.5 * filled
    comma_separated = filled > 0 and commas >= half
    # An empty cell written as its tab and a space (DrissionPage) is a cell of its own.
    tab_prefixed = filled > 0 and prefixed + tabbed_spaces >= 0.5 * (filled + tabbed_spaces)
    one_per_line = filled > 0 and (tab_prefixed or single >= half) and not comma_separated
    boxed = piped > 0 and (ruled >= 0.3 * piped or grid_rules >= MIN_GRID_RULES)
    spaced = (
        one_per_line
        and not tab_prefixed
        and filled >= MIN_SPACED
        and adjacent <= 0.1 * filled
        and one_blank >= half  # one blank line is the separator, not two
    )
    dense = one_per_line and not tab_prefixed and empty == 0 and padded <= 0.1 * filled
    tab_separated = (
        one_per_line
        and not tab_prefixed
        and filled >= MIN_SPACED
        and lone_tabs >= 0.5 * filled
        and empty >= lone_tabs  # the separators stand between blank lines
        and padded <= 0.1 * filled  # and the cells' own lines carry no tabs
    )
    compact = (
        one_per_line
        and not (tab_prefixed or spaced or tab_separated)
        and filled >= MIN_SPACED
        and empty > 0
        # cells follow each other, not one blank line apart, nor all blank lines apart
        and adjacent >= max(2 * one_blank, MIN_ADJACENT_SHARE * filled)
        and padded <= 0.1 * filled
    )
    paired_blanks = spaced and len(further) >= MIN_PAIRED_RUNS and all(n % 2 == 0 for n in further)
    paired_tabs = tab_lines >= MIN_PAIRED_TAB_LINES and not odd_tabs
    lattice = (
        _blank_lattice(runs, value_rows)
        if one_per_line and not (tab_prefixed or spaced or tab_separated or compact)
        else (0, 0)
    )
    return Shape(
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
        *lattice,
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


# no-break, ideographic, en and em spaces
_EXPLICIT_SPACES = frozenset("\u00a0\u3000\u2002\u2003")


def _explicit_space(raw: str, offsets: list[int]) -> bool:
    """The source line is only no-break or ideographic spaces, as characters or as
    references the text kept (``&nbsp;``): what converters print for an empty table
    cell, unlike a blank line, which is empty."""
    return bool(offsets) and all(source_char(raw, i) in _EXPLICIT_SPACES for i in offsets)


_SLASHES = frozenset("/／\\")


def _split_slash_runs(fragments: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """``///`` between fused values is three blank cells: a slash is a one-character
    placeholder (dashes are not split: ``——`` is one)."""
    out: list[tuple[str, int, int]] = []
    for frag, f0, f1 in fragments:
        if len(frag) > 1 and f1 - f0 == len(frag) and all(ch in _SLASHES for ch in frag):
            out.extend((ch, f0 + i, f0 + i + 1) for i, ch in enumerate(frag))
        else:
            out.append((frag, f0, f1))
    return out


def _spaces_only(text: str) -> bool:
    """A line of plain spaces: among tab-prefixed cells, the empty cell that begins a
    row (DrissionPage's ``.text`` writes a row's first cell without the tab, and an
    empty cell's no-break space as a space)."""
    return bool(text) and not text.strip(" ")


def _spaced_tabs(text: str) -> bool:
    """Tab-prefixed empty cells that each held a space, on one line (``\t \t \t``)."""
    pieces = text.split("\t")
    return len(pieces) > 2 and not pieces[0] and all(p and not p.strip(" ") for p in pieces[1:])


def _lone_tab(text: str) -> bool:
    """One leading tab and no other: a tab-prefixed cell (or, when blank, an empty one)."""
    return text.startswith("\t") and text.count("\t") == 1


def _separator_before(text: str, start: int, layout: str, col: int) -> str:
    if layout == "tab":
        return "tab" if start > 0 and text[start - 1] == "\t" else "none"
    if layout == "pipe":
        return "pipe"
    if layout == "csv":
        return "comma" if col > 0 else "none"
    if layout in ("aligned", SPACES):
        return "space" if col > 0 else "none"
    return "none"


def _centre_in(widths: tuple[int, ...], size: int, start: int, end: int) -> int:
    """Display column of the centre of ``text[start:end]``, from the line's prefix widths."""
    if start > size:
        start = size
    if end > size:
        end = size
    return widths[start] + (widths[end] - widths[start]) // 2


def separate_labels(cells: list[Cell], labels: list[str]) -> list[Cell]:
    """Cut a known row label off the end of a fused text run.

    In flattened reports a header and the next row label arrive as one run
    (``第二十条第（五）项信息内容本年处理决定数量行政许可``); the label is only
    recognisable with the schema's vocabulary, which the caller passes in.
    """
    ordered = sorted({lab for lab in labels if len(lab) >= 2}, key=len, reverse=True)
    out: list[Cell] = []
    for cell in cells:
        text = cell.text.rstrip()
        hit = None
        if cell.kind == "text" and cell.layout in ("line", "aligned"):
            hit = next(
                (lab for lab in ordered if text.endswith(lab) and len(text) > len(lab)), None
            )
            # Between aligned columns only a long run is fused (a header and the next
            # row's label); ``3.其他`` or ``行政规范性文件`` is one cell.
            if hit is not None and cell.layout == "aligned":
                hit = hit if len(text) - len(hit) >= MIN_FUSED_HEAD else None
        if hit is None:
            out.append(cell)
            continue
        cut = len(text) - len(hit)
        width = len(cell.text)
        head_span = Span(cell.span.line, cell.span.start, cell.span.start + cut)
        tail_span = Span(cell.span.line, cell.span.start + cut, cell.span.start + width)
        out.append(
            replace(
                cell,
                text=text[:cut],
                raw=cell.raw[:cut],
                span=head_span,
                fragment=True,
                kind=shape(text[:cut]),
            )
        )
        out.append(
            replace(
                cell,
                text=hit,
                raw=cell.raw[cut:],
                span=tail_span,
                fragment=True,
                kind="text",
                gap_before=0,
            )
        )
    return out

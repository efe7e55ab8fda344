"""The rows of a region, line by line: each line cut by the cutter that takes it, and
what runs across lines followed (blank lines that are empty cells, quoted CSV fields
that hold a line break, wrapped rows of box-drawn tables, AsciiDoc rows that go on).
"""

from __future__ import annotations

from ..lexical import is_placeholder, shape
from ..types import Cell, Document, Line
from . import commas, pipes
from .aligned import centre_in, char_positions, padded_by_characters, prefix_widths
from .asciidoc import ASCIIDOC_DELIMITER
from .cutter import Bounds, LineCutter, number_row
from .detect import PLAIN, RULE, Layout
from .frames import index_row
from .fused import piece_fragments
from .lines import LINE, blank_is_cell, cell_lines, empty_line_cell, tab_separator_cells
from .registry import choose, cutters_for
from .spaces import line_blanks, spaces_blanks


class Cutting:
    """The cells of a region so far, and what the lines read so far leave open."""

    def __init__(self, doc: Document, layout: Layout) -> None:
        self.doc = doc
        self.raw = doc.raw_text
        self.layout = layout
        self.cells: list[Cell] = []
        self.gap = 0  # blank lines since the last line that held cells
        self.row = 0
        self.last_filled = -1  # index of the last line that held cells
        self.blank_lines: list[Line] = []
        self.separator_open = False  # a lone-tab separator line came after the last cell
        self.quote_open = False  # the last CSV line ended inside a quoted field
        self.last_row: list[Cell] = []  # the last row, which a CSV field may continue
        self.previous_gap = 0  # blank lines before the last line that held cells
        # The last row of a box-drawn table and where its borders are: the next line
        # continues it (a wrapped cell) unless a border line came between.
        self.open_row: pipes.OpenRow | None = None
        self.char_columns: bool | None = None  # aligned columns count characters
        self.cutters = cutters_for(layout)  # the line cutters that apply to the region
        self.plain_cutters = cutters_for(PLAIN)

    def html_row(self, line: Line) -> None:
        """A row whose cells the markup delimits."""
        assert line.cells is not None
        for col, source_cell in enumerate(line.cells):
            text = source_cell.text
            self.cells.append(
                Cell(
                    text,
                    source_cell.raw,
                    source_cell.span,
                    self.row,
                    col,
                    len(line.cells),
                    "html",
                    shape(text),
                    gap_before=self.gap if col == 0 else 0,
                    width=source_cell.colspan,
                    box=source_cell.box,
                )
            )
        self.row += 1
        self.gap = 0

    def text_line(self, index: int, line: Line, start: int, end: int) -> None:
        """A text line: blank lines and separators counted, or a row of cells."""
        layout = self.layout
        text = line.text[start:end]
        continued: tuple[int, Bounds] | None = None
        if self.quote_open and self.last_row:
            continued = commas.continued_fields(text, self.last_row[-1])
            if continued is None:
                return
            self.quote_open = False
        if layout.tab_separated and "\t" in text and not text.strip():
            blanks, self.separator_open = tab_separator_cells(
                self.raw, line, start, text, self.row, self.separator_open
            )
            self._add_blanks(blanks)
            self.gap += 1
            return
        if layout.space_coded and self.cells and text and not text.strip(" "):
            # Spaces alone: the empty cells that end the row above (before the next
            # table's heading, where the region ends).
            self._add_blanks(line_blanks(line, start, text, self.row))
            return
        if (
            continued is None
            and not text.strip()
            and not blank_is_cell(layout, self.raw, line, start, end)
        ):
            self.gap += 1
            self.blank_lines.append(line)
            self.open_row = None
            return
        self.separator_open = False  # the line holds cells
        if self.blank_lines or self.gap >= 2:  # else no blank line can be an empty cell
            self._blank_runs(index, text)
        self.blank_lines = []
        if text.strip() == ASCIIDOC_DELIMITER or pipes.border_line(text, layout.boxed):
            self.open_row = None
            return
        closes_rows = False
        if layout.boxed and RULE.search(text):
            # The text continues a merged cell (its line is the open row's) and the
            # rule ends the rows of the other columns.
            text = pipes.rule_as_cells(text)
            closes_rows = True
        self._cut_text(index, line, start, text, continued, closes_rows)

    def _cut_text(
        self,
        index: int,
        line: Line,
        start: int,
        text: str,
        continued: tuple[int, Bounds] | None,
        closes_rows: bool,
    ) -> None:
        """Cut a line that holds cells, by the cutter that takes it."""
        layout = self.layout
        rest = 0  # where the CSV fields of the line begin
        if continued is not None:
            cutter, (rest, bounds) = commas.FIELDS, continued
        elif layout.space_coded or text.strip() or layout.tab_prefixed:
            cutter = choose(text, layout, index in layout.asciidoc, self.cutters)
            cut = cutter.cut(text, layout, index in layout.asciidoc)
            bounds = cut.bounds
            # Empty cells that end the row above or begin this one; none before the
            # region's first cell (they end the table before it).
            if cut.leading and self.cells:
                self._add_blanks(spaces_blanks(line, start, cut.leading, self.row))
            if cutter.frames_rows:
                if index_row([text[a:b].strip() for a, b in bounds]):
                    self.open_row = None  # column numbers, not values
                    return
                if index in layout.numbered and bounds:
                    bounds = bounds[1:]  # the row number a data frame writes first
        else:  # a line of spaces or a tab in one-cell-per-line text: one empty cell
            cutter, bounds = LINE, [(0, len(text))]
        row_cells = self._row_cells(line, start, text, cutter, bounds)
        if cutter.layout == commas.LAYOUT:
            self.quote_open = commas.ends_in_field(text, rest, self.quote_open)
        if row_cells:
            self._add_row(index, line, start, text, row_cells, bounds, continued, closes_rows)

    def _add_row(
        self,
        index: int,
        line: Line,
        start: int,
        text: str,
        row_cells: list[Cell],
        bounds: Bounds,
        continued: tuple[int, Bounds] | None,
        closes_rows: bool,
    ) -> None:
        """Add a line's cells: to the row they go on with, or as a row of their own."""
        layout = self.layout
        goes_on = continued is not None
        if index in layout.asciidoc_rows and self.last_row:
            if not text.lstrip().startswith("|"):  # the rest of the last cell's text
                pipes.join_text(self.last_row[-1], row_cells.pop(0))
            goes_on = True
        if goes_on:
            self.last_row += row_cells
            number_row(self.last_row, self.last_row[0].row)
            self.cells.extend(row_cells)
            return
        if row_cells[0].layout == pipes.LAYOUT and self._box_row(
            line, start, row_cells, bounds, closes_rows
        ):
            return
        number_row(row_cells, self.row)
        row_cells[0].gap_before = self.gap
        self.previous_gap = self.gap
        self.last_filled = index
        self.cells.extend(row_cells)
        self.last_row = row_cells
        self.row += 1
        self.gap = 0

    def _box_row(
        self, line: Line, start: int, row_cells: list[Cell], bounds: Bounds, closes_rows: bool
    ) -> bool:
        """Fold a piped line into the open row of a box-drawn table where it goes on
        with it; whether it did. The row it leaves open is the next line's."""
        breaks = pipes.breaks_a_cell
        if not (self.layout.boxed or self.open_row is not None or breaks(self.raw, line)):
            self.open_row = None
            return False
        size = len(line.text)
        ends = tuple(min(start + b1, size) for _, b1 in bounds)
        borders = pipes.row_borders(self.raw, line, self._widths(line, pipes.LAYOUT)[0], ends)
        # Only between a box-drawn table's rules is a number above another one wrapped.
        boxed = self.layout.boxed
        written = pipes.written_widths(self.raw, line, start, bounds) if boxed else ()
        folded, row = pipes.fold_box_row(
            self.cells, row_cells, bounds, borders, self.open_row, written
        )
        if folded:
            if closes_rows:
                self.open_row = None
            return True
        keep_open = self.layout.boxed or breaks(self.raw, line)
        self.open_row = row if keep_open and not closes_rows else None
        return False

    def _widths(self, line: Line, layout: str) -> tuple[tuple[int, ...], bool]:
        """The display column of each position of ``line`` (its characters where
        aligned columns are padded by characters), and whether they are characters."""
        if layout == "aligned" and self.char_columns is None:
            self.char_columns = padded_by_characters(self.doc.lines)
        by_chars = layout == "aligned" and bool(self.char_columns)
        full = line.text
        return (char_positions(len(full)) if by_chars else prefix_widths(full)), by_chars

    def _row_cells(
        self, line: Line, start: int, text: str, cutter: LineCutter, bounds: Bounds
    ) -> list[Cell]:
        """The cells of a line's slices: a placeholder is one empty cell, other
        pieces are cut where labels and digits are fused."""
        layout = cutter.layout
        row_cells: list[Cell] = []
        size = len(line.text)
        widths, by_chars = self._widths(line, layout)
        for col, (b0, b1) in enumerate(bounds):
            piece = text[b0:b1]
            sep_before = cutter.separator(text, b0, col)
            if is_placeholder(piece):
                span = line.span(start + b0, start + max(b1, b0 + 1))
                row_cells.append(
                    Cell(
                        piece.strip(),
                        piece,
                        span,
                        self.row,
                        col,
                        0,
                        layout,
                        "blank",
                        # The centre within line.text[:end] is its centre within line.text.
                        x=centre_in(widths, size, start + b0, start + b1)
                        if layout == "aligned"
                        else None,
                        sep_before=sep_before,
                        char_columns=by_chars,
                    )
                )
                continue
            fragments = piece_fragments(piece, layout)
            for frag, f0, f1 in fragments:
                a, b = start + b0 + f0, start + b0 + f1
                row_cells.append(
                    Cell(
                        frag,
                        line.text[a:b],
                        line.span(a, b),
                        self.row,
                        col,
                        0,
                        layout,
                        shape(frag),
                        x=centre_in(widths, size, a, b),
                        x0=widths[a],
                        fragment=len(fragments) > 1,
                        sep_before=sep_before,
                        char_columns=by_chars,
                    )
                )
                sep_before = "none"
        return row_cells

    def _add_blanks(self, blanks: list[Cell]) -> None:
        """Empty cells standing for lines or spaces, each a row of its own."""
        self.cells += blanks
        self.row += len(blanks)

    def _blank_runs(self, index: int, text: str) -> None:
        """The blank lines before a line with cells that are empty cells: in compact
        text, in spaced text beyond the first, in a lattice the whole periods."""
        layout, cells, blank_lines = self.layout, self.cells, self.blank_lines
        if (
            layout.compact
            and blank_lines
            and cells
            and cells[-1].layout == LINE.layout
            and cell_lines(cells[-1].kind, text)
            and not {index, self.last_filled} & layout.isolated
            and choose(text, PLAIN, False, self.plain_cutters).layout == LINE.layout
        ):
            # Cells follow each other line by line, so a blank line between two of
            # them is an empty cell (LibreOffice's text export); not next to a row of
            # delimited cells, nor around a line that stands alone between blank
            # lines, as a page number does.
            self._empty_lines(blank_lines)
            self.gap = 0
        if (
            layout.spaced
            and self.gap >= 2
            and self.previous_gap
            and cell_lines(cells[-1].kind, text)
        ):
            # One blank line ends each cell; every further one is an empty cell (lynx).
            # Not after a line that had no blank line before it: that one is out of
            # the pattern (a page number, a wrapped label).
            # html-to-text writes two blank lines per empty cell.
            self._empty_lines(blank_lines[1::2] if layout.paired_blanks else blank_lines[1:])
            self.gap = 1
        base, period = layout.blank_base, layout.blank_period
        if (
            period
            and self.gap >= base + period
            and cells
            and cells[-1].kind in ("number", "blank")
            and shape(text.strip()) == "number"
        ):
            # Each cell is a line between runs of structure lines (tags stripped
            # from pretty-printed HTML); a longer run between two values holds
            # the lines of empty cells, a period of lines each.
            self._empty_lines(blank_lines[: (self.gap - base) // period])
            self.gap = base

    def _empty_lines(self, blank_lines: list[Line]) -> None:
        for blank in blank_lines:
            self.cells.append(empty_line_cell(blank.span(0, 0), self.row))
            self.row += 1

"""Small value types that cross the pipeline stages.

A :class:`Document` is read once; :class:`Region` slices of it are split into
:class:`Cell` objects; the assembler turns cells into :class:`GridCell` values.
Provenance (:class:`Span`) travels with every cell so a number can always be
traced back to the source line and characters it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

ROLES = ("label", "header", "value", "blank", "continuation", "noise")


class Span(NamedTuple):
    """Where a cell sits in the decoded source: 1-based line, character offsets.

    A named tuple rather than a frozen dataclass: a report makes one per cell,
    and a tuple is several times cheaper to build.
    """

    line: int
    start: int
    end: int


BOX_ATTRIBUTE = "data-retable-box"  # a cell's CellBox in the HTML written of a PDF or scan


class CellBox(NamedTuple):
    """Where a cell stands on a page of a PDF or an image: the 1-based page and the
    box (PDF points, from the page's top left; pixels for an image file)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def attribute(self) -> str:
        """The box as the ``data-retable-box`` attribute of a table cell in the HTML
        that retable writes of a PDF or a scan."""
        return " ".join(f"{v:g}" for v in (self.page, self.x0, self.top, self.x1, self.bottom))

    @classmethod
    def parse(cls, text: str | None) -> CellBox | None:
        """A ``data-retable-box`` attribute back as a box (None when absent or malformed)."""
        if not text:
            return None
        try:
            page, x0, top, x1, bottom = (float(v) for v in text.split())
        except ValueError:
            return None
        return cls(int(page), x0, top, x1, bottom)


@dataclass(frozen=True)
class SourceCell:
    """A cell delimited by markup (an HTML ``<td>``), before normalisation of layout."""

    text: str
    raw: str
    span: Span
    colspan: int = 1
    box: CellBox | None = None  # where a PDF's or an image's cell stands


@dataclass(frozen=True)
class Line:
    """One line of normalised text, or one HTML table row (then ``cells`` is set).

    ``offsets[i]`` is the source offset of ``text[i]``; it lets every later
    slice of the text report where it came from.
    """

    text: str
    number: int
    offsets: list[int]
    cells: tuple[SourceCell, ...] | None = None
    table_id: int | None = None

    def span(self, start: int, end: int) -> Span:
        """Source span of ``text[start:end]``."""
        offsets = self.offsets
        if not offsets:
            return Span(self.number, 0, 0)
        n = len(offsets)
        if end < start + 1:
            end = start + 1
        first = offsets[start if start < n - 1 else n - 1]
        last = offsets[(end if end < n else n) - 1] + 1
        return Span(self.number, first, last)


@dataclass(frozen=True)
class Document:
    """A decoded and normalised input, ready for locating tables."""

    source: str
    raw_text: str
    encoding: str
    kind: str  # "text" or "html"
    lines: list[Line]
    traditional: bool = False
    # The codec that had misread the input's bytes before retable saw them (the text
    # is then the repaired one: see mojibake), or None.
    misread_as: str | None = None
    # Read by OCR: the engine, and the confidence of each character of raw_text.
    ocr_engine: str | None = None
    ocr_confidence: tuple[float, ...] | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Region:
    """A slice of the document that holds one standard table.

    ``start``/``end`` are ``(line index, character index)`` positions; the end
    is exclusive. ``other_copies`` counts further places the document holds this
    table (a page with several reports); the region is the one read.
    """

    table: str
    start: tuple[int, int]
    end: tuple[int, int]
    other_copies: int = 0
    # Whether runs of spaces count empty cells (see spaced_blanks), decided from the
    # lines of all the document's tables once they are located; None to decide from
    # this region alone. A reading of the text, not where the table is: not compared.
    space_coded: bool | None = field(default=None, compare=False)


@dataclass
class Cell:
    """One cell of a located table, with the layout facts the role step needs."""

    text: str
    raw: str
    span: Span
    row: int  # physical row (line or <tr>) within the region
    col: int  # position within the physical row
    row_size: int  # number of cells in the physical row
    layout: str  # html | pipe | tab | csv | aligned | spaces | line
    kind: str  # lexical shape: number | blank | text | noise
    x: int | None = None  # display column of the cell centre (text layouts)
    x0: int | None = None  # display column where the cell starts
    gap_before: int = 0  # blank lines between this cell's line and the previous one
    fragment: bool = False  # produced by splitting a run of fused text
    width: int = 1  # columns spanned (HTML colspan)
    sep_before: str = "none"  # separator that opened the cell: tab | pipe | space | none
    char_columns: bool = False  # x, x0 count characters: the converter pads by characters
    role: str = ""
    confidence: float = 1.0
    box: CellBox | None = None  # where a PDF's or an image's cell stands

    @property
    def is_numeric(self) -> bool:
        return self.kind == "number"

    def with_role(self, role: str, confidence: float) -> Cell:
        """This cell with a role and its confidence: a new cell, so that the cells split
        cut stay untagged and one table can be read with several taggings. (Built field
        by field: several times cheaper than ``dataclasses.replace``, once per cell.)"""
        return Cell(
            self.text,
            self.raw,
            self.span,
            self.row,
            self.col,
            self.row_size,
            self.layout,
            self.kind,
            self.x,
            self.x0,
            self.gap_before,
            self.fragment,
            self.width,
            self.sep_before,
            self.char_columns,
            role,
            confidence,
            self.box,
        )


@dataclass(frozen=True)
class GridCell:
    """A recovered value and where it came from."""

    table: str
    row: str
    column: str
    value: int | float | None
    raw: str | None
    span: Span | None
    confidence: float = 1.0
    role_confidence: float = 1.0
    match_score: float = 1.0
    flags: tuple[str, ...] = ()
    box: CellBox | None = None  # where a PDF's or an image's cell stands


@dataclass(frozen=True)
class Check:
    """One arithmetic identity tested on the recovered grid."""

    name: str
    table: str
    where: str  # the row or column the identity was applied to
    status: str  # pass | fail | skip
    lhs: float | None
    rhs: float | None
    description: str = ""
    # For a failure, whose fault: "source_inconsistent" (the printed numbers
    # themselves break the identity), "rows_missing" (read as printed, but rows
    # the identity adds were not found) or "recovery_uncertain" (cells retable
    # recovered, split, guessed or placed by position are involved).
    verdict: str | None = None

    @property
    def passed(self) -> bool | None:
        return None if self.status == "skip" else self.status == "pass"


@dataclass(frozen=True)
class Warning_:
    """A machine-readable warning: a code, a message and an optional location."""

    code: str
    message: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        d: dict = {"code": self.code, "message": self.message}
        for key in ("table", "row", "column"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.detail:
            d["detail"] = self.detail
        return d

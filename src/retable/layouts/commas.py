"""Comma-separated rows (``pandas.read_html`` saved with ``to_csv``) and rows written
as JSON or Python lists (``["规章", "13", null, "524"]``, ``pdfplumber``'s
``extract_tables``): the cutters of a region whose lines mostly hold a comma.

The field positions come from :mod:`retable.layouts.delimited`; a quoted field may hold a
line break, so a row can go on on the next line (:func:`continued_fields`).
"""

from __future__ import annotations

from ..lexical import shape
from ..types import Cell
from .cutter import Bounds, Cut, LineCutter
from .delimited import NULLS, closing_quote, comma_bounds, list_bounds
from .detect import PIPES, Layout

LAYOUT = "csv"


def _comma_before(text: str, start: int, col: int) -> str:
    return "comma" if col > 0 else "none"


def _without_nulls(text: str, bounds: Bounds, layout: Layout) -> Cut:
    """Where a null marker spans a whole cell (``null``, ``None``), it is no cell."""
    if layout.nulls_span:
        bounds = [(a, b) for a, b in bounds if text[a:b].strip() not in NULLS]
    return Cut(bounds, [])


def _applies(layout: Layout) -> bool:
    return layout.comma_separated


def _takes_list(text: str, layout: Layout, bars_open: bool) -> bool:
    stripped = text.strip()
    return stripped[:1] == "[" and stripped[-1:] == "]"


def _cut_list(text: str, layout: Layout, bars_open: bool) -> Cut:
    return _without_nulls(text, list_bounds(text), layout)


def _takes_fields(text: str, layout: Layout, bars_open: bool) -> bool:
    stripped = text.strip()
    return ("," in text or stripped[:1] == '"') and "\t" not in text and not PIPES.search(stripped)


def _cut_fields(text: str, layout: Layout, bars_open: bool) -> Cut:
    return _without_nulls(text, comma_bounds(text), layout)


LIST = LineCutter("csv-list", LAYOUT, _takes_list, _cut_list, _comma_before, applies=_applies)
FIELDS = LineCutter("csv", LAYOUT, _takes_fields, _cut_fields, _comma_before, applies=_applies)


def continued_fields(text: str, last: Cell) -> tuple[int, Bounds] | None:
    """A quoted CSV field holding a line break: the line up to the closing quote
    goes to ``last``, the cell that field began; then where the rest of the line
    begins and the further fields of the row. None if the field goes on."""
    rest = _close_quoted_field(text, last)
    if rest < 0:
        return None
    return rest, [(a + rest, b + rest) for a, b in comma_bounds(text[rest:])][1:]


def ends_in_field(text: str, rest: int, quote_open: bool) -> bool:
    """Whether a CSV line (from ``rest`` on) ends inside a quoted field; a line
    written as a list keeps the state of the line before it."""
    if text.lstrip()[:1] == "[":
        return quote_open
    return text.count('"', rest) % 2 == 1


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

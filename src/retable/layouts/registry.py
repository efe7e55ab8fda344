"""The line cutters, in the order they are asked: the first that takes a line cuts it.

A new layout family is one cutter (:class:`~retable.layouts.cutter.LineCutter`)
registered here with :func:`register`, before the cutter whose lines it would
otherwise get. The order below is the one the families need: a space-coded region
cuts every line by its runs of spaces; CSV before bars (a CSV field may hold one);
bars before tabs and runs of spaces (a piped row may hold both); aligned columns
whose empty cells are tabs before tab rows; a single cell last.
"""

from __future__ import annotations

from .aligned import ALIGNED, TAB_BLANKS
from .commas import FIELDS, LIST
from .cutter import LineCutter
from .detect import Layout
from .lines import LINE
from .pipes import PIPE
from .spaces import SPACE_CODED
from .tabs import TABS

_CUTTERS: list[LineCutter] = [SPACE_CODED, LIST, FIELDS, PIPE, TAB_BLANKS, TABS, ALIGNED, LINE]


def cutters() -> tuple[LineCutter, ...]:
    """The registered cutters, in the order they are asked."""
    return tuple(_CUTTERS)


def register(cutter: LineCutter, before: str = LINE.name) -> None:
    """Ask ``cutter`` before the cutter named ``before`` (by default, before the
    single-cell cutter, which takes every line). A cutter of the same name is
    replaced."""
    unregister(cutter.name)
    at = next(i for i, c in enumerate(_CUTTERS) if c.name == before)
    _CUTTERS.insert(at, cutter)


def unregister(name: str) -> None:
    """Ask the cutter named ``name`` no more (the single-cell cutter stays)."""
    if name != LINE.name:
        _CUTTERS[:] = [c for c in _CUTTERS if c.name != name]


def cutters_for(layout: Layout) -> tuple[LineCutter, ...]:
    """The cutters that apply to a region of ``layout``, in the order they are asked."""
    return tuple(c for c in _CUTTERS if c.applies(layout))


def choose(
    text: str,
    layout: Layout,
    bars_open: bool = False,
    among: tuple[LineCutter, ...] | None = None,
) -> LineCutter:
    """The cutter of one line of a region of ``layout``, from ``among`` (the region's
    :func:`cutters_for`, worked out once a region) or else every registered one."""
    for cutter in among if among is not None else cutters_for(layout):
        if cutter.takes(text, layout, bars_open):
            return cutter
    return LINE

"""retable: rebuild the standard tables of 政府信息公开工作年度报告 from scraped text.

>>> import retable
>>> report = retable.parse("report.txt")          # doctest: +SKIP
>>> report.table("requests")                      # doctest: +SKIP

The names below are loaded on first use, so ``import retable`` (and the command
line's ``--help``) cost almost nothing; ``retable.parse`` loads the parser.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build_info import compiled
    from .errors import RetableError
    from .pipeline import parse, parse_document
    from .report import Report
    from .schema import load_schema

__version__ = "0.1.0"

__all__ = [
    "Report",
    "RetableError",
    "compiled",
    "load_schema",
    "parse",
    "parse_document",
    "parse_many",
    "read_panel",
]

_LAZY = {
    "Report": ".report",
    "RetableError": ".errors",
    "compiled": ".build_info",
    "load_schema": ".schema",
    "parse": ".pipeline",
    "parse_document": ".pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value  # once: later look-ups are plain attribute reads
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def parse_many(paths, **parse_options):
    """Parse every path into one panel DataFrame (see :func:`retable.panel.parse_many`)."""
    from .panel import parse_many as _parse_many

    return _parse_many(paths, **parse_options)


def read_panel(outdir):
    """The panel.parquet of a ``retable bulk`` output folder as a DataFrame."""
    from .panel import read_panel as _read_panel

    return _read_panel(outdir)

"""retable: rebuild the standard tables of 政府信息公开工作年度报告 from scraped text.

>>> import retable
>>> report = retable.parse("report.txt")          # doctest: +SKIP
>>> report.table("requests")                      # doctest: +SKIP
"""

from .build_info import compiled
from .errors import RetableError
from .pipeline import parse, parse_document
from .report import Report
from .schema import load_schema

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


def parse_many(paths, **parse_options):
    """Parse every path into one panel DataFrame (see :func:`retable.panel.parse_many`)."""
    from .panel import parse_many as _parse_many

    return _parse_many(paths, **parse_options)


def read_panel(outdir):
    """The panel.parquet of a ``retable bulk`` output folder as a DataFrame."""
    from .panel import read_panel as _read_panel

    return _read_panel(outdir)


__version__ = "0.1.0"

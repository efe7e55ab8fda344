"""Bulk normalisation: many inputs in, one tidy dataset out.

:func:`run_bulk` streams records from files, folders, globs or JSON Lines /
CSV / Parquet tables (:mod:`.sources`), parses each with the pure
:func:`.worker.parse_one` on an engine (:mod:`.local` processes or
:mod:`.dask_engine`), and commits fixed-size chunks atomically with a ledger
(:mod:`.writer`) so an interrupted run resumes without loss or duplicates.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .records import Record
    from .run import BulkSummary, run_bulk
    from .worker import parse_one

# Loaded on first use, so the command line's modules under bulk/ import without pyarrow.
_LAZY = {"Record": ".records", "BulkSummary": ".run", "run_bulk": ".run", "parse_one": ".worker"}

__all__ = ["BulkSummary", "Record", "parse_one", "run_bulk"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

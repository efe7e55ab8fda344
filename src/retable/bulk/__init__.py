"""Bulk normalisation: many inputs in, one tidy dataset out.

:func:`run_bulk` streams records from files, folders, globs or JSON Lines /
CSV / Parquet tables (:mod:`.sources`), parses each with the pure
:func:`.worker.parse_one` on an engine (:mod:`.local` processes or
:mod:`.dask_engine`), and commits fixed-size chunks atomically with a ledger
(:mod:`.writer`) so an interrupted run resumes without loss or duplicates.
"""

from .records import Record
from .run import BulkSummary, run_bulk
from .worker import parse_one

__all__ = ["BulkSummary", "Record", "parse_one", "run_bulk"]

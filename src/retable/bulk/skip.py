"""Inputs that are JSON but not a report: skipped with a reason, not parsed.

A folder made by ``retable synth`` holds each report next to its gold grid
(``0000_pipe.json``); a folder of ``retable parse`` outputs holds the grids retable
recovered. Both are JSON of numbers by table, row and column: parsing them finds no
table and would be counted as failures. A JSON file that holds no text at all (ids,
dates, numbers) cannot be a report either. Each is recorded as ``skipped`` with its
reason, so the run still accounts for every input.
"""

from __future__ import annotations

import json
import re

from ..inputs.jsontext import json_strings
from ..schema import TABLES

SKIPPED = "skipped"
REASONS = {
    "gold_grid": "a gold grid (as `retable synth` writes next to each report), not a report",
    "retable_output": "retable's own output (a recovered grid), not a report",
    "json_without_text": "JSON that holds no text, so no report",
}
_JSON_START = re.compile(rb"\s*[{\[]")


def not_a_report(data: bytes) -> str | None:
    """The reason ``data`` is JSON that is no report (a key of ``REASONS``), or None."""
    if _JSON_START.match(data) is None:
        return None
    try:
        text = data.decode("utf-8-sig")
        value = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None  # not JSON after all, or not UTF-8: the parser decides
    if _is_grid(value):
        return "retable_output" if "checks" in value or "warnings" in value else "gold_grid"
    return "json_without_text" if json_strings(text) is None else None


def _is_grid(value: object) -> bool:
    """``{"tables": {table: {row: {column: number}}}}`` with standard table names."""
    if not isinstance(value, dict):
        return False
    tables = value.get("tables")
    if not isinstance(tables, dict) or not tables or not set(tables) <= set(TABLES):
        return False
    return all(
        isinstance(rows, dict)
        and all(
            isinstance(cols, dict)
            and all(v is None or isinstance(v, int | float) for v in cols.values())
            for cols in rows.values()
        )
        for rows in tables.values()
    )

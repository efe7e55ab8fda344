"""The unit of work and the shape of its result, shared by every engine.

A :class:`Record` is small and picklable so it can cross process and network
boundaries; its ``seq`` (position in the input stream) fixes the chunk it
belongs to, which is what makes resumed and distributed runs write identical
outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# kind: "path" (payload = file path), "text" (payload = page text or HTML),
# "bytes" (payload = raw bytes), "error" (payload = message; failed before parsing).
RECORD_KINDS = ("path", "text", "bytes", "error")


@dataclass(frozen=True)
class Record:
    seq: int
    source_id: str
    kind: str
    payload: Any
    error_kind: str = ""

    def materialised(self) -> Record:
        """The same record with a file's bytes read, for workers without the filesystem."""
        if self.kind != "path":
            return self
        try:
            with open(self.payload, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            return Record(self.seq, self.source_id, "error", str(exc), "unreadable")
        return Record(self.seq, self.source_id, "bytes", data)


# One result per record: {"seq", "source_id", "ok", ...}. ok=True carries
# "report" (dict of REPORT_FIELDS), "cells" (tuples of CELL_FIELDS) and "wide"
# ({table: [tuples of wide columns]}); ok=False carries "kind" and "message".
# Each output column with its Arrow type name (see arrow.py): the one list of both.
CELL_COLUMNS = (
    ("source_id", "string"),
    ("agency", "string"),
    ("agency_id", "string"),
    ("year", "int32"),
    ("form", "string"),
    ("table", "string"),
    ("row", "string"),
    ("column", "string"),
    ("row_label", "string"),
    ("column_label", "string"),
    ("value", "int64"),  # counts; null for money and for what was not recovered
    ("amount", "float64"),  # money (金额 columns), in the unit the column names
    ("raw", "string"),  # the decoded source text[start:end]
    ("line", "int32"),
    ("start", "int64"),
    ("end", "int64"),
    ("page", "int32"),  # PDF and image inputs: where the cell's box is (null without one)
    ("bbox", "list<float64>"),
    ("confidence", "float64"),
    ("warnings", "list<string>"),  # codes of the report's warnings that name this cell
    ("method", "string"),  # read | split | recovered_by_arithmetic | resolved_by_panel
)
REPORT_COLUMNS = (
    ("source_id", "string"),
    ("agency", "string"),
    ("agency_id", "string"),
    ("agency_match", "string"),  # exact | fuzzy_region | fuzzy_body | unresolved
    ("year", "int32"),
    ("form", "string"),
    ("encoding", "string"),
    ("layout", "string"),
    ("tagger", "string"),
    ("tables_found", "int32"),
    ("cells", "int32"),
    ("values", "int32"),
    ("checks_passed", "int32"),
    ("checks_failed", "int32"),
    ("warnings", "int32"),
    ("warning_list", "list<warning>"),  # every warning: code, place, message, detail (JSON)
    ("failed_checks", "list<check>"),  # every failed check: name, place, both sides, verdict
    ("input_bytes", "int64"),
    ("parse_seconds", "float64"),
    # Read by OCR (a scan or a page image), and with which engine (else null).
    ("ocr", "bool_"),
    ("ocr_engine", "string"),
)
CELL_FIELDS = tuple(name for name, _ in CELL_COLUMNS)
REPORT_FIELDS = tuple(name for name, _ in REPORT_COLUMNS)
WIDE_LEADING = ("source_id", "agency", "year", "form", "row", "row_label")

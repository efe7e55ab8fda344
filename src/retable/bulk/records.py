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
CELL_FIELDS = (
    "source_id",
    "agency",
    "year",
    "form",
    "table",
    "row",
    "column",
    "row_label",
    "column_label",
    "value",
    "confidence",
)
REPORT_FIELDS = (
    "source_id",
    "agency",
    "year",
    "form",
    "encoding",
    "layout",
    "tagger",
    "tables_found",
    "cells",
    "values",
    "checks_passed",
    "checks_failed",
    "warnings",
    "input_bytes",
    "parse_seconds",
)
WIDE_LEADING = ("source_id", "agency", "year", "form", "row", "row_label")

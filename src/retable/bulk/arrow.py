"""Arrow schemas of the bulk outputs and conversion of result rows to tables."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .records import CELL_FIELDS, REPORT_FIELDS

CELLS_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("agency", pa.string()),
        ("year", pa.int32()),
        ("form", pa.string()),
        ("table", pa.string()),
        ("row", pa.string()),
        ("column", pa.string()),
        ("row_label", pa.string()),
        ("column_label", pa.string()),
        ("value", pa.float64()),
        ("confidence", pa.float64()),
    ]
)
REPORTS_SCHEMA = pa.schema(
    [
        ("source_id", pa.string()),
        ("agency", pa.string()),
        ("year", pa.int32()),
        ("form", pa.string()),
        ("encoding", pa.string()),
        ("layout", pa.string()),
        ("tagger", pa.string()),
        ("tables_found", pa.int32()),
        ("cells", pa.int32()),
        ("values", pa.int32()),
        ("checks_passed", pa.int32()),
        ("checks_failed", pa.int32()),
        ("warnings", pa.int32()),
        ("input_bytes", pa.int64()),
        ("parse_seconds", pa.float64()),
    ]
)
assert tuple(CELLS_SCHEMA.names) == CELL_FIELDS
assert tuple(REPORTS_SCHEMA.names) == REPORT_FIELDS


def cells_table(rows: list[tuple]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in CELL_FIELDS]
    return pa.table(
        [pa.array(col, type=f.type) for col, f in zip(columns, CELLS_SCHEMA, strict=True)],
        schema=CELLS_SCHEMA,
    )


def reports_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=REPORTS_SCHEMA)

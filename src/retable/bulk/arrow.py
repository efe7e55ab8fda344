"""Arrow schemas of the bulk outputs and conversion of result rows to tables."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from .records import CELL_COLUMNS, CELL_FIELDS, REPORT_COLUMNS

_NESTED = {
    "list<string>": pa.list_(pa.string()),
    "list<float64>": pa.list_(pa.float64()),
    "list<warning>": pa.list_(
        pa.struct(
            [(k, pa.string()) for k in ("code", "table", "row", "column", "message", "detail")]
        )
    ),
    "list<check>": pa.list_(
        pa.struct(
            [
                ("name", pa.string()),
                ("table", pa.string()),
                ("where", pa.string()),
                ("lhs", pa.float64()),
                ("rhs", pa.float64()),
                ("verdict", pa.string()),
            ]
        )
    ),
}


def arrow_type(type_name: str) -> pa.DataType:
    """The Arrow type of a column type name of records.py."""
    return _NESTED[type_name] if type_name in _NESTED else getattr(pa, type_name)()


def _schema(columns: tuple[tuple[str, str], ...]) -> pa.Schema:
    return pa.schema([(name, arrow_type(type_name)) for name, type_name in columns])


CELLS_SCHEMA = _schema(CELL_COLUMNS)
REPORTS_SCHEMA = _schema(REPORT_COLUMNS)


def cells_table(rows: list[tuple]) -> pa.Table:
    columns: list[Any] = list(zip(*rows, strict=True)) if rows else [[] for _ in CELL_FIELDS]
    return pa.table(
        [pa.array(col, type=f.type) for col, f in zip(columns, CELLS_SCHEMA, strict=True)],
        schema=CELLS_SCHEMA,
    )


def reports_table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=REPORTS_SCHEMA)

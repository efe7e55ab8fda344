"""Report → plain rows for the bulk outputs, without pandas.

``Report.to_long`` builds a DataFrame per report, which costs more than the
parse itself at bulk rates; these tuples go straight into Arrow per chunk.
"""

from __future__ import annotations

from functools import cache

from ..report import Report
from ..schema import load_schema
from .records import REPORT_FIELDS


@cache
def _labels(table: str) -> tuple[dict[str, str], dict[str, str]]:
    spec = load_schema().table(table)
    return {r.key: r.label for r in spec.rows}, {c.key: c.label for c in spec.columns}


@cache
def wide_columns(table: str) -> tuple[str, ...]:
    """Canonical column keys of a table across every form, in schema order."""
    return tuple(c.key for c in load_schema().table(table).columns)


def _number(value: int | float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    return float(value)  # int when integral in the report; float64 holds both exactly here


def cell_rows(report: Report, source_id: str) -> list[tuple]:
    rows = []
    for table, grid in report.tables.items():
        row_labels, col_labels = _labels(table)
        for row, cols in grid.items():
            for column, cell in cols.items():
                rows.append(
                    (
                        source_id,
                        report.agency,
                        report.year,
                        report.form,
                        table,
                        row,
                        column,
                        row_labels.get(row, row),
                        col_labels.get(column, column),
                        _number(cell.value),
                        float(cell.confidence),
                    )
                )
    return rows


def wide_rows(report: Report, source_id: str) -> dict[str, list[tuple]]:
    """Per table: one tuple per report row, values as printed ("" when blank)."""
    out: dict[str, list[tuple]] = {}
    for table, grid in report.tables.items():
        row_labels, _ = _labels(table)
        keys = wide_columns(table)
        lines = []
        for row, cols in grid.items():
            values = [_text(cols[k].value) if k in cols else "" for k in keys]
            lines.append(
                (
                    source_id,
                    report.agency or "",
                    "" if report.year is None else str(report.year),
                    report.form,
                    row,
                    row_labels.get(row, row),
                    *values,
                )
            )
        out[table] = lines
    return out


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _ocr_fields(encoding: str | None) -> dict:
    """``ocr`` and ``ocr_engine`` from an OCR'd report's encoding (``pdf+ocr/rapidocr``)."""
    kind, _, engine = (encoding or "").partition("/")
    ocr = kind.endswith("ocr")
    return {"ocr": ocr, "ocr_engine": engine if ocr else None}


def report_row(report: Report, source_id: str, input_bytes: int, seconds: float) -> dict:
    cells = report.cells()
    row = {
        "source_id": source_id,
        "agency": report.agency,
        "year": report.year,
        "form": report.form,
        "encoding": report.encoding,
        "layout": report.layout,
        "tagger": report.tagger,
        "tables_found": len(report.tables),
        "cells": len(cells),
        "values": sum(1 for c in cells if c.value is not None),
        "checks_passed": report.checks_passed,
        "checks_failed": report.checks_failed,
        "warnings": len(report.warnings),
        "input_bytes": input_bytes,
        "parse_seconds": seconds,
        **_ocr_fields(report.encoding),
    }
    assert tuple(row) == REPORT_FIELDS
    return row

"""Report → plain rows for the bulk outputs, without pandas.

``Report.to_long`` builds a DataFrame per report, which costs more than the
parse itself at bulk rates; these tuples go straight into Arrow per chunk.
"""

from __future__ import annotations

import json
from functools import cache

from ..agency import resolve_agency
from ..report import Report
from ..schema import load_schema
from ..types import Check, Warning_
from .audit import cell_warnings, method, money_columns, source_slice, warning_index
from .records import REPORT_FIELDS


@cache
def _labels(table: str) -> tuple[dict[str, str], dict[str, str]]:
    spec = load_schema().table(table)
    return {r.key: r.label for r in spec.rows}, {c.key: c.label for c in spec.columns}


@cache
def wide_columns(table: str) -> tuple[str, ...]:
    """Canonical column keys of a table across every form, in schema order."""
    return tuple(c.key for c in load_schema().table(table).columns)


def _count(value: int | float | None) -> int | None:
    """A count as an integer; None for no value or one that is not a whole number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    return int(value)


def _box(bbox) -> list[float] | None:
    return None if bbox is None else [float(x) for x in bbox]


def _amount(value: int | float | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    return float(value)


def cell_rows(report: Report, source_id: str, text: str | None = None) -> list[tuple]:
    """One tuple of CELL_FIELDS per cell; ``text`` is the decoded source the spans index."""
    agency_id = agency_of(report.agency)[0]
    money = money_columns()
    index = warning_index(report.warnings)
    rows = []
    for table, grid in report.tables.items():
        row_labels, col_labels = _labels(table)
        for row, cols in grid.items():
            for column, cell in cols.items():
                raw, line, start, end = source_slice(text, cell)
                codes = cell_warnings(index, cell)
                is_money = column in money
                value = None if is_money else _count(cell.value)
                if value is None and not is_money and cell.value is not None:
                    codes = [*codes, "not_a_whole_number"]
                rows.append(
                    (
                        source_id,
                        report.agency,
                        agency_id,
                        report.year,
                        report.form,
                        table,
                        row,
                        column,
                        row_labels.get(row, row),
                        col_labels.get(column, column),
                        value,
                        _amount(cell.value) if is_money else None,
                        raw,
                        line,
                        start,
                        end,
                        getattr(cell, "page", None),  # a cell with a box in a PDF or image
                        _box(getattr(cell, "bbox", None)),
                        float(cell.confidence),
                        codes,
                        method(cell.flags) if cell.value is not None else None,
                    )
                )
    return rows


@cache
def agency_of(name: str | None) -> tuple[str | None, str]:
    """(agency_id, how it was matched) of a printed agency name."""
    agency = resolve_agency(name)
    if agency is None:
        return None, "unresolved"
    return agency.agency_id, agency.how


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
    agency_id, agency_match = agency_of(report.agency)
    row = {
        "source_id": source_id,
        "agency": report.agency,
        "agency_id": agency_id,
        "agency_match": agency_match,
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
        "warning_list": [_warning(w) for w in report.warnings],
        "failed_checks": [_check(c) for c in report.checks if c.status == "fail"],
        "input_bytes": input_bytes,
        "parse_seconds": seconds,
        **_ocr_fields(report.encoding),
    }
    assert tuple(row) == REPORT_FIELDS
    return row


def _warning(w: Warning_) -> dict:
    detail = json.dumps(w.detail, ensure_ascii=False) if w.detail else None
    return {
        "code": w.code,
        "table": w.table,
        "row": w.row,
        "column": w.column,
        "message": w.message,
        "detail": detail,
    }


def _check(c: Check) -> dict:
    return {
        "name": c.name,
        "table": c.table,
        "where": c.where,
        "lhs": None if c.lhs is None else float(c.lhs),
        "rhs": None if c.rhs is None else float(c.rhs),
        "verdict": c.verdict,
    }

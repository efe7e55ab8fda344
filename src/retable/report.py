"""The :class:`Report`: recovered tables, checks, warnings and provenance.

``to_dict`` is the JSON contract; ``table`` gives a pandas DataFrame per table
and ``to_long`` one row per cell, so the report drops straight into analysis.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .cell_audit import cell_warnings, method, money_columns, warning_index
from .errors import SchemaError
from .report_view import report_html, report_summary
from .schema import TABLES, load_schema
from .types import Check, GridCell, Warning_

if TYPE_CHECKING:
    import pandas as pd

# Columns of Report.to_long() and of `retable parse --format csv`, in order, with their
# pandas dtypes: nullable integers for counts and places, Float64 for money, strings
# with <NA> (an empty CSV field) for what is missing.
LONG_DTYPES = {
    "source": "string",
    "agency": "string",
    "year": "Int64",
    "form": "string",
    "table": "string",
    "row": "string",
    "column": "string",
    "row_label": "string",
    "column_label": "string",
    "value": "Int64",  # counts; <NA> in money columns and where nothing was recovered
    "amount": "Float64",  # money (金额 columns), in the unit the column names
    "confidence": "Float64",
    "raw": "string",
    "line": "Int64",
    "start": "Int64",
    "end": "Int64",
    "page": "Int64",  # PDF and image inputs: the 1-based page of the cell's box ...
    "bbox": "string",  # ... and the box, "x0 top x1 bottom" (PDF points; pixels for images)
    "method": "string",  # read / split / recovered_by_arithmetic / resolved_by_panel
    "warnings": "string",  # codes of the warnings naming the cell, its row or its column
}
LONG_COLUMNS = tuple(LONG_DTYPES)
LOW_CONFIDENCE = 0.5


@dataclass(repr=False)
class Report:
    source: str
    form: str
    year: int | None
    agency: str | None
    tables: dict[str, dict[str, dict[str, GridCell]]]
    checks: list[Check] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    encoding: str | None = None
    layout: str | None = None
    tagger: str | None = None

    # -- plain values ---------------------------------------------------------
    def values(self, table: str) -> dict[str, dict[str, Any]]:
        """``{row: {column: value}}`` of one table."""
        if table not in self.tables:
            if table in TABLES:
                return {}
            raise SchemaError(f"unknown table {table!r}; expected one of {TABLES}")
        return {
            r: {c: cell.value for c, cell in cols.items()} for r, cols in self.tables[table].items()
        }

    def cells(self) -> list[GridCell]:
        return [cell for t in self.tables.values() for cols in t.values() for cell in cols.values()]

    @property
    def checks_failed(self) -> int:
        return sum(1 for c in self.checks if c.status == "fail")

    @property
    def checks_passed(self) -> int:
        return sum(1 for c in self.checks if c.status == "pass")

    # -- JSON -----------------------------------------------------------------
    def to_dict(self, provenance: bool = False) -> dict:
        out: dict[str, Any] = {
            "source": self.source,
            "form": self.form,
            "year": self.year,
            "agency": self.agency,
            "tables": {t: self.values(t) for t in self.tables},
            "checks": [_check_dict(c) for c in self.checks],
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if provenance:
            out["provenance"] = {
                t: {
                    r: {c: _cell_provenance(cell) for c, cell in cols.items()}
                    for r, cols in rows.items()
                }
                for t, rows in self.tables.items()
            }
            out["meta"] = {"encoding": self.encoding, "layout": self.layout, "tagger": self.tagger}
        return out

    def to_json(self, provenance: bool = False, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(provenance), ensure_ascii=False, indent=indent)

    # -- pandas ---------------------------------------------------------------
    def table(self, name: str, labels: bool = False) -> pd.DataFrame:
        """One table as a DataFrame: index = row keys, columns = column keys.

        Counts are nullable ``Int64`` (``<NA>`` where nothing was recovered), money
        columns ``Float64``. ``labels=True`` uses the Chinese labels instead;
        ``df.attrs`` always carries both mappings.
        """
        import pandas as pd

        spec = load_schema().table(name)
        values = self.values(name)
        columns = [c.key for c in spec.columns_for(self.form)]
        rows = [r.key for r in spec.rows_for(self.form)]
        money = money_columns()
        data = {}
        for c in columns:
            column = [values.get(r, {}).get(c) for r in rows]
            data[c] = pd.array(column, dtype=_dtype(c in money, column))
        df = pd.DataFrame(data, index=pd.Index(rows, name="row"))
        df.columns.name = "column"
        row_labels = {r.key: r.label for r in spec.rows}
        col_labels = {c.key: c.label for c in spec.columns}
        df.attrs.update(table=name, form=self.form, row_labels=row_labels, column_labels=col_labels)
        if labels:
            df = df.rename(index=row_labels, columns=col_labels)
        return df

    def to_long(self) -> pd.DataFrame:
        """One row per cell of the standard grid, with labels, confidence and provenance
        (columns and dtypes: :data:`LONG_DTYPES`)."""
        import pandas as pd

        schema = load_schema()
        money = money_columns()
        index = warning_index(self.warnings)
        records = []
        for cell in self.cells():
            spec = schema.table(cell.table)
            is_money = cell.column in money
            count = None if is_money else _count(cell.value)
            codes = cell_warnings(index, cell)
            if count is None and not is_money and cell.value is not None:
                codes = [*codes, "not_a_whole_number"]  # the text keeps it: see raw
            records.append(
                (
                    self.source,
                    self.agency,
                    self.year,
                    self.form,
                    cell.table,
                    cell.row,
                    cell.column,
                    spec.row(cell.row).label,
                    spec.column(cell.column).label,
                    count,
                    _amount(cell.value) if is_money else None,
                    cell.confidence,
                    cell.raw,
                    cell.span.line if cell.span else None,
                    cell.span.start if cell.span else None,
                    cell.span.end if cell.span else None,
                    cell.box.page if cell.box else None,
                    " ".join(f"{v:g}" for v in cell.box[1:]) if cell.box else None,
                    method(cell.flags),
                    ",".join(codes) or None,
                )
            )
        df = pd.DataFrame.from_records(records, columns=list(LONG_COLUMNS))
        return df.astype(LONG_DTYPES)

    def to_markdown(self) -> str:
        schema = load_schema()
        lines = [f"# {self.agency or '?'} {self.year or '?'} (form {self.form})", ""]
        for name in self.tables:
            spec = schema.table(name)
            values = self.values(name)
            columns = [c.key for c in spec.columns_for(self.form)]
            lines.append(f"## {spec.label}")
            lines.append("")
            header = ["row", *columns]
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            for row in spec.rows_for(self.form):
                got = values.get(row.key, {})
                cells = [_plain(got.get(c)) for c in columns]
                lines.append("| " + " | ".join([row.key, *cells]) + " |")
            lines.append("")
        failed = [c for c in self.checks if c.status == "fail"]
        lines.append(f"checks: {self.checks_passed} passed, {len(failed)} failed")
        for c in failed:
            lines.append(f"- FAIL {c.name} @ {c.where}: {c.lhs} != {c.rhs} ({c.verdict})")
        for w in self.warnings:
            lines.append(f"- warning [{w.code}] {w.message}")
        return "\n".join(lines) + "\n"

    # -- display --------------------------------------------------------------
    def __repr__(self) -> str:
        return report_summary(self)

    def _repr_html_(self) -> str:
        return report_html(self)


def _dtype(is_money: bool, values: list[Any]) -> str:
    """Int64 for a column of whole counts; Float64 for money (or a count misprinted
    with a fraction, kept rather than lost)."""
    if is_money or any(isinstance(v, float) and not v.is_integer() for v in values):
        return "Float64"
    return "Int64"


def _count(value: int | float | None) -> int | None:
    """A count as an integer; None for no value or one that is not a whole number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    return int(value)


def _amount(value: int | float | None) -> float | None:
    return None if value is None or isinstance(value, bool) else float(value)


def _plain(value: int | float | None) -> str:
    """A value as text: whole numbers without ``.0``, nothing for a missing one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_dict(c: Check) -> dict:
    return {
        "name": c.name,
        "table": c.table,
        "where": c.where,
        "status": c.status,
        "passed": c.passed,
        "lhs": c.lhs,
        "rhs": c.rhs,
        "verdict": c.verdict,
    }


def _cell_provenance(cell: GridCell) -> dict:
    d: dict[str, Any] = {"raw": cell.raw, "confidence": cell.confidence}
    if cell.span is not None:
        d.update(line=cell.span.line, start=cell.span.start, end=cell.span.end)
    if cell.box is not None:
        d.update(page=cell.box.page, bbox=[cell.box.x0, cell.box.top, cell.box.x1, cell.box.bottom])
    if cell.flags:
        d["flags"] = list(cell.flags)
    return d

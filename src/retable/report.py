"""The :class:`Report`: recovered tables, checks, warnings and provenance.

``to_dict`` is the JSON contract; ``table`` gives a pandas DataFrame per table
and ``to_long`` one row per cell, so the report drops straight into analysis.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import SchemaError
from .schema import TABLES, load_schema
from .types import Check, GridCell, Warning_

if TYPE_CHECKING:
    import pandas as pd

# Columns of Report.to_long() and of `retable parse --format csv`, in order.
LONG_COLUMNS = (
    "source",
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
    "raw",
    "line",
    "start",
    "end",
    "flags",
)
LOW_CONFIDENCE = 0.5


@dataclass
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

        ``labels=True`` uses the Chinese labels instead; ``df.attrs`` always
        carries both mappings.
        """
        import pandas as pd

        spec = load_schema().table(name)
        values = self.values(name)
        columns = [c.key for c in spec.columns_for(self.form)]
        rows = [r.key for r in spec.rows_for(self.form)]
        data = [[values.get(r, {}).get(c) for c in columns] for r in rows]
        df = pd.DataFrame(
            data,
            index=pd.Index(rows, name="row"),
            columns=pd.Index(columns, name="column"),
            dtype=object,
        )
        row_labels = {r.key: r.label for r in spec.rows}
        col_labels = {c.key: c.label for c in spec.columns}
        df.attrs.update(table=name, form=self.form, row_labels=row_labels, column_labels=col_labels)
        if labels:
            df = df.rename(index=row_labels, columns=col_labels)
        return df

    def to_long(self):
        """One row per recovered cell, with labels, confidence and provenance."""
        import pandas as pd

        schema = load_schema()
        records = []
        for cell in self.cells():
            spec = schema.table(cell.table)
            records.append(
                {
                    "source": self.source,
                    "agency": self.agency,
                    "year": self.year,
                    "form": self.form,
                    "table": cell.table,
                    "row": cell.row,
                    "column": cell.column,
                    "row_label": spec.row(cell.row).label,
                    "column_label": spec.column(cell.column).label,
                    "value": cell.value,
                    "confidence": cell.confidence,
                    "raw": cell.raw,
                    "line": cell.span.line if cell.span else None,
                    "start": cell.span.start if cell.span else None,
                    "end": cell.span.end if cell.span else None,
                    "flags": ",".join(cell.flags),
                }
            )
        return pd.DataFrame.from_records(records, columns=list(LONG_COLUMNS))

    def to_markdown(self) -> str:
        schema = load_schema()
        lines = [f"# {self.agency or '?'} {self.year or '?'} (form {self.form})", ""]
        for name in self.tables:
            spec = schema.table(name)
            df = self.table(name)
            lines.append(f"## {spec.label}")
            lines.append("")
            header = ["row", *df.columns]
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            for key, row in df.iterrows():
                cells = ["" if v is None else str(v) for v in row.tolist()]
                lines.append("| " + " | ".join([str(key), *cells]) + " |")
            lines.append("")
        failed = [c for c in self.checks if c.status == "fail"]
        lines.append(f"checks: {self.checks_passed} passed, {len(failed)} failed")
        for c in failed:
            lines.append(f"- FAIL {c.name} @ {c.where}: {c.lhs} != {c.rhs} ({c.verdict})")
        for w in self.warnings:
            lines.append(f"- warning [{w.code}] {w.message}")
        return "\n".join(lines) + "\n"


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
    if cell.flags:
        d["flags"] = list(cell.flags)
    return d

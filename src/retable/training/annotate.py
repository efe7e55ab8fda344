"""Automatic cell-role labels: align a document's cells with its gold grid.

Nobody labels cells by hand. For each table the rule tagger proposes roles;
when the assembled grid then disagrees with the gold grid, roles are changed
one cell at a time (hill climbing, within a budget of assemblies) wherever a
change reduces the number of wrong cells. The labels written are the roles
under which the parser reproduces the gold grid — the alignment of the cell
sequence with the grid, expressed in the parser's own terms.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from ..assemble import assemble_table
from ..classifier import ALLOWED
from ..inputs.document import load_document
from ..pipeline import describe_layout, region_cells, table_regions
from ..roles import RuleRoleTagger
from ..schema import TABLES, load_schema
from ..types import Cell, Document, GridCell, Region

BUDGET = 300  # assemblies per table before the search stops


def same_value(expected: object, got: object) -> bool:
    """Gold comparison: exact type and value, ``None`` only equals ``None``."""
    if expected is None or got is None:
        return expected is got
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return abs(expected - got) < 1e-9 and type(expected) is type(got)
    return expected == got


def excused_cells(gold: dict) -> set[tuple[str, str, str]]:
    """Cells the gold file documents as not determinable from the document."""
    out = {(e["table"], e["row"], e["column"]) for e in gold.get("unrecoverable", [])}
    for entry in gold.get("ambiguous", []):
        out |= {(entry["table"], entry["row"], col) for col in entry["columns"]}
    return out


MISSING = "<missing>"  # a gold cell the output does not have at all


def compare_cells(
    expected: Mapping[str, Mapping[str, Mapping[str, object]]],
    got: Mapping[str, Mapping[str, Mapping[str, object]]],
    excused: AbstractSet[tuple[str, str, str]] = frozenset(),
) -> Iterator[tuple[str, str, str, object, object, bool]]:
    """``(table, row, column, expected, got, correct)`` for every gold cell not excused."""
    for table, rows in expected.items():
        for row, cols in rows.items():
            for col, value in cols.items():
                if (table, row, col) in excused:
                    continue
                found = got.get(table, {}).get(row, {}).get(col, MISSING)
                yield (
                    table,
                    row,
                    col,
                    value,
                    found,
                    found is not MISSING and same_value(value, found),
                )


def wrong_cells(
    table: str,
    expected: dict[str, dict[str, object]],
    grid: dict[str, dict[str, GridCell]],
    excused: AbstractSet[tuple[str, str, str]] = frozenset(),
) -> list[tuple[str, str]]:
    """``(row, column)`` of every gold cell the grid gets wrong."""
    values = {row: {col: g.value for col, g in cols.items()} for row, cols in grid.items()}
    return [
        (row, col)
        for _, row, col, _, _, correct in compare_cells({table: expected}, {table: values}, excused)
        if not correct
    ]


@dataclass
class TableAnnotation:
    """Roles for the cells of one table and how well they reproduce the gold grid."""

    table: str
    cells: list[Cell]
    roles: list[str]
    wrong_with_rules: int
    wrong_with_labels: int
    evaluations: int = 0


@dataclass
class DocumentAnnotation:
    source: str
    form: str
    layout: str
    tables: dict[str, TableAnnotation] = field(default_factory=dict)
    document: Document | None = field(default=None, repr=False)
    regions: dict[str, Region] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "form": self.form,
            "layout": self.layout,
            "tables": {
                name: {
                    "wrong_with_rules": t.wrong_with_rules,
                    "wrong_with_labels": t.wrong_with_labels,
                    "cells": [
                        [c.span.line, c.span.start, c.span.end, c.text, role]
                        for c, role in zip(t.cells, t.roles, strict=True)
                    ],
                }
                for name, t in self.tables.items()
            },
        }


def annotate_table(
    cells: list[Cell],
    table: str,
    form: str,
    expected: dict[str, dict[str, object]],
    excused: AbstractSet[tuple[str, str, str]] = frozenset(),
    budget: int = BUDGET,
) -> TableAnnotation:
    """Find roles for ``cells`` under which the assembler reproduces ``expected``."""
    spec = load_schema().table(table)
    RuleRoleTagger().tag(cells, table, form)

    def wrong() -> tuple[tuple[int, int], dict[str, dict[str, GridCell]]]:
        """Wrong cells, then rows that left printed numbers out: a page number the
        arithmetic can skip is still noise, not a value."""
        result = assemble_table(cells, spec, form)
        extra = sum(1 for w in result.warnings if w.code == "extra_values")
        return (len(wrong_cells(table, expected, result.grid, excused)), extra), result.grid

    (errors, extra), grid = wrong()
    start = errors
    used = 1
    if errors or extra:
        correct_spans = {
            (g.span.line, g.span.start)
            for row, cols in grid.items()
            for col, g in cols.items()
            if g.span is not None and same_value(expected.get(row, {}).get(col, object()), g.value)
        }
        order = [i for i, c in enumerate(cells) if (c.span.line, c.span.start) not in correct_spans]
        improved = True
        while improved and (errors or extra) and used < budget:
            improved = False
            for i in order:
                cell = cells[i]
                current = cell.role
                for role in ALLOWED.get(cell.kind, ()):
                    if role == current or used >= budget:
                        continue
                    cell.role = role
                    trial, _ = wrong()
                    used += 1
                    if trial < (errors, extra):
                        (errors, extra), current, improved = trial, role, True
                        break
                cell.role = current
                if not (errors or extra) or used >= budget:
                    break
    return TableAnnotation(table, cells, [c.role for c in cells], start, errors, used)


def annotate_document(
    source: str | Path | bytes, gold: dict, *, name: str | None = None, budget: int = BUDGET
) -> DocumentAnnotation:
    """Annotate every gold table of one document."""
    doc = load_document(source, name=name)
    form = gold["form"]
    regions = table_regions(doc)
    excused = excused_cells(gold)
    out = DocumentAnnotation(doc.source, form, "unknown", document=doc, regions=regions)
    all_cells: list[Cell] = []
    for table in TABLES:
        if table not in regions or table not in gold["tables"]:
            continue
        cells = region_cells(doc, regions[table], form)
        out.tables[table] = annotate_table(
            cells, table, form, gold["tables"][table], excused, budget
        )
        all_cells += cells
    out.layout = gold.get("layout") or describe_layout(all_cells)
    return out


def write_annotation(annotation: DocumentAnnotation, path: Path, **extra: object) -> Path:
    """Write one annotation as JSON (one file per document, stable key order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {**extra, **annotation.to_json()}
    lines = ["{"]
    for key, value in data.items():
        if key != "tables":
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append('  "tables": {')
    tables = list(data["tables"].items())
    for t, (name, entry) in enumerate(tables):
        lines.append(f"    {json.dumps(name)}: {{")
        for key in ("wrong_with_rules", "wrong_with_labels"):
            lines.append(f"      {json.dumps(key)}: {entry[key]},")
        lines.append('      "cells": [')
        cells = [json.dumps(c, ensure_ascii=False) for c in entry["cells"]]
        lines += [f"        {c}," for c in cells[:-1]] + [f"        {c}" for c in cells[-1:]]
        lines.append("      ]")
        lines.append("    }" + ("," if t < len(tables) - 1 else ""))
    lines += ["  }", "}"]
    text = "\n".join(lines) + "\n"
    json.loads(text)  # the hand-laid-out file must stay valid JSON
    path.write_text(text, "utf-8")
    return path

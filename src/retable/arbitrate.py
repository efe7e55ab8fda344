"""When the classifier and the rules read a table differently, the report's arithmetic decides.

The classifier overrules the hand-written rules where it has learned to (a
page number between rows is noise, not a value). On a layout unlike anything
it was trained on it can also be confidently wrong. Both readings are
assembled and the one that fits the report better — fewer failed identities,
then fewer warnings, then fewer printed numbers dropped or split — is kept;
on a full tie the classifier's reading stands.
"""

from __future__ import annotations

from dataclasses import replace

from .assemble import TableResult, assemble_table
from .checks import run_checks
from .roles import RoleTagger, RuleRoleTagger
from .schema import TableSpec
from .types import Cell, Warning_


def reading_cost(result: TableResult, cells: list[Cell], form: str) -> tuple[int, int, int]:
    """How badly a reading fits: failed identities, warnings, then liberties taken.

    Liberties are printed numbers left out as noise and values split out of one
    printed number. When the arithmetic cannot tell two readings apart, the one
    that takes the source more literally wins: a value mistaken for a page
    number would otherwise vanish without a trace.
    """
    failed = sum(1 for c in run_checks({result.table: result.grid}, form) if c.status == "fail")
    dropped = sum(1 for c in cells if c.kind == "number" and c.role == "noise")
    split = sum(1 for cols in result.grid.values() for g in cols.values() if "fused" in g.flags)
    return failed, len(result.warnings), dropped + split


def _unresolved(result: TableResult) -> int:
    return sum(1 for cols in result.grid.values() for g in cols.values() if "unresolved" in g.flags)


def _keep_needed_numbers(
    result: TableResult, used: list[Cell], spec: TableSpec, form: str
) -> tuple[TableResult, list[Cell]]:
    """Read the numbers taken for page numbers as values again when leaving them out
    left cells of the table unresolved and keeping them does not: a value a row needs
    is kept, and a total it then contradicts is the report's misprint, which the checks
    report (``source_inconsistent``), rather than a table emptied around a lost cell."""
    ignored = [i for i, c in enumerate(used) if c.kind == "number" and c.role == "noise"]
    if not ignored or not _unresolved(result):
        return result, used
    restored = [replace(c, role="value") if i in set(ignored) else c for i, c in enumerate(used)]
    kept = assemble_table(restored, spec, form)
    if _unresolved(kept) < _unresolved(result):
        return kept, restored
    return result, used


def assemble_arbitrated(
    cells: list[Cell], spec: TableSpec, form: str, tagger: RoleTagger
) -> TableResult:
    """Assemble the table and say which printed numbers the chosen reading ignored."""
    result, used = _choose_reading(cells, spec, form, tagger)
    result, used = _keep_needed_numbers(result, used, spec, form)
    ignored = [c for c in used if c.kind == "number" and c.role == "noise"]
    if ignored:
        shown = ", ".join(f"{c.text} (line {c.span.line})" for c in ignored[:10])
        result.warnings.append(
            Warning_(
                "numbers_ignored",
                f"{len(ignored)} printed numbers inside {spec.key} were read as page numbers "
                f"or notes, not as values: {shown}",
                table=spec.key,
                detail={"numbers": [{"text": c.text, "line": c.span.line} for c in ignored]},
            )
        )
    return result


def _choose_reading(
    cells: list[Cell], spec: TableSpec, form: str, tagger: RoleTagger
) -> tuple[TableResult, list[Cell]]:
    """Assemble with the tagger's roles, and with the rules' if they differ; keep the better."""
    result = assemble_table(cells, spec, form)
    if isinstance(tagger, RuleRoleTagger):
        return result, cells
    rule_roles = _rule_roles(cells, spec.key, form, tagger)
    if all(c.role == role for c, (role, _) in zip(cells, rule_roles, strict=True)):
        return result, cells
    rule_cells = [
        replace(c, role=role, confidence=confidence)
        for c, (role, confidence) in zip(cells, rule_roles, strict=True)
    ]
    alternative = assemble_table(rule_cells, spec, form)
    if reading_cost(alternative, rule_cells, form) < reading_cost(result, cells, form):
        return alternative, rule_cells
    return result, cells


def _rule_roles(
    cells: list[Cell], table: str, form: str, tagger: RoleTagger
) -> list[tuple[str, float]]:
    """The rules' ``(role, confidence)`` per cell: from the tagger when it has them already."""
    known = getattr(tagger, "rule_roles", None)
    if known is not None:
        return known(cells, table, form)
    copies = [replace(c) for c in cells]
    RuleRoleTagger().tag(copies, table, form)
    return [(c.role, c.confidence) for c in copies]

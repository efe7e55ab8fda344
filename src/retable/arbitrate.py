"""When the classifier and the rules read a table differently, the report's arithmetic decides.

The classifier overrules the hand-written rules where it has learned to (a
page number between rows is noise, not a value). On a layout unlike anything
it was trained on it can also be confidently wrong. Both readings are
assembled and the one that fits the report better — fewer failed identities,
then fewer warnings, then fewer printed numbers dropped or split — is kept;
on a full tie the classifier's reading stands.

These are the pieces, each a value in and a value out: the readings to choose
between (:func:`tag_readings`), what a reading costs (:func:`reading_cost`), the
choice (:func:`preferred`), the numbers to read again (:func:`needed_numbers`,
:func:`fewer_unresolved`) and the warning of the numbers left out
(:func:`with_ignored_numbers`). :mod:`retable.pipeline` runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .assemble import TableResult
from .checks import run_checks
from .roles import Roles, RoleTagger, RuleRoleTagger, read_roles, with_roles
from .schema import TableSpec
from .types import Cell, Warning_

Cost = tuple[int, int, int]


@dataclass(frozen=True)
class Readings:
    """One table's cells as the tagger read them, and as the rules read them where that
    differs (None otherwise, and always with the rules as tagger)."""

    tagged: list[Cell]
    rules: list[Cell] | None = None


@dataclass(frozen=True)
class Reading:
    """A table assembled from cells with one tagging, and those cells."""

    result: TableResult
    cells: list[Cell]


def tag_readings(tagger: RoleTagger, cells: list[Cell], table: str, form: str) -> Readings:
    """The cells with the tagger's roles, and with the rules' if they differ."""
    tagged = with_roles(cells, read_roles(tagger, cells, table, form))
    if isinstance(tagger, RuleRoleTagger):
        return Readings(tagged)
    rule_roles = _rule_roles(cells, table, form, tagger)
    if all(c.role == role for c, (role, _) in zip(tagged, rule_roles, strict=True)):
        return Readings(tagged)
    return Readings(tagged, with_roles(cells, rule_roles))


def _rule_roles(cells: list[Cell], table: str, form: str, tagger: RoleTagger) -> Roles:
    """The rules' ``(role, confidence)`` per cell: from the tagger when it has them already."""
    known = getattr(tagger, "rule_roles", None)
    if known is not None:
        return known(cells, table, form)
    return RuleRoleTagger().roles(cells, table, form)


def reading_cost(result: TableResult, cells: list[Cell], form: str) -> Cost:
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


def preferred(tagged: Reading, tagged_cost: Cost, rules: Reading, rules_cost: Cost) -> Reading:
    """The rules' reading where it costs less, else the tagger's (which wins a tie)."""
    return rules if rules_cost < tagged_cost else tagged


def _unresolved(result: TableResult) -> int:
    return sum(1 for cols in result.grid.values() for g in cols.values() if "unresolved" in g.flags)


def _ignored(cells: list[Cell]) -> list[Cell]:
    return [c for c in cells if c.kind == "number" and c.role == "noise"]


def needed_numbers(reading: Reading) -> list[Cell] | None:
    """The cells with the numbers taken for page numbers read as values again, when the
    reading left cells of the table unresolved (None otherwise): a value a row needs is
    kept, and a total it then contradicts is the report's misprint, which the checks
    report (``source_inconsistent``), rather than a table emptied around a lost cell."""
    used = reading.cells
    ignored = {i for i, c in enumerate(used) if c.kind == "number" and c.role == "noise"}
    if not ignored or not _unresolved(reading.result):
        return None
    return [c.with_role("value", c.confidence) if i in ignored else c for i, c in enumerate(used)]


def fewer_unresolved(reading: Reading, restored: Reading) -> Reading:
    """The reading with the numbers read again where it leaves fewer cells unresolved."""
    if _unresolved(restored.result) < _unresolved(reading.result):
        return restored
    return reading


def with_ignored_numbers(reading: Reading, spec: TableSpec) -> TableResult:
    """The reading's table, with a warning naming the printed numbers it left out."""
    ignored = _ignored(reading.cells)
    if not ignored:
        return reading.result
    shown = ", ".join(f"{c.text} (line {c.span.line})" for c in ignored[:10])
    warning = Warning_(
        "numbers_ignored",
        f"{len(ignored)} printed numbers inside {spec.key} were read as page numbers "
        f"or notes, not as values: {shown}",
        table=spec.key,
        detail={"numbers": [{"text": c.text, "line": c.span.line} for c in ignored]},
    )
    return replace(reading.result, warnings=[*reading.result.warnings, warning])

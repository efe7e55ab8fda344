"""``parse``: the only place that knows the order of the stages.

normalise (:mod:`document`) → locate tables (:mod:`locate`) → cells
(:mod:`split`) → cell roles (:mod:`roles`) → label matching and grid
(:mod:`assemble`) → checks (:mod:`checks`). A failure inside a stage is
re-raised as a :class:`RetableError` that names the stage.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from .assemble import assemble_table
from .checks import run_checks
from .document import DEFAULT_MAX_BYTES, load_document
from .errors import NoTableError, RetableError
from .locate import locate_tables
from .match import plain_row_labels
from .meta import detect_agency, detect_form, detect_year
from .report import LOW_CONFIDENCE, Report
from .roles import RoleTagger, RuleRoleTagger, tab_prefixed
from .schema import TABLES, load_schema
from .split import separate_labels, split_cells
from .types import Cell, Document, Warning_

T = TypeVar("T")


def default_tagger() -> RoleTagger:
    """The role tagger ``parse`` uses when none is given."""
    return RuleRoleTagger()


def _stage(name: str, source: str, fn: Callable[[], T]) -> T:
    try:
        return fn()
    except RetableError:
        raise
    except RecursionError:
        raise RetableError(f"input too deeply nested (stage {name})", source) from None
    except Exception as exc:  # a bug or a dependency failure: name the stage, keep the cause
        raise RetableError(
            f"internal error in stage {name!r}: {type(exc).__name__}: {exc}", source
        ) from exc


def describe_layout(cells: list[Cell]) -> str:
    values = [c for c in cells if c.kind in ("number", "blank")]
    if not values:
        return "unknown"
    layout = Counter(c.layout for c in values).most_common(1)[0][0]
    if layout == "tab" and tab_prefixed(cells):
        return "tab-prefixed"
    if layout == "line":
        fused = sum(1 for c in values if c.fragment)
        if fused > 0.5 * len(values):
            return "fused"
        gaps = sum(1 for c in values if c.gap_before)
        return "blank-line" if gaps > 0.5 * len(values) else "one-per-line"
    return layout


def parse_document(doc: Document, tagger: RoleTagger | None = None) -> Report:
    """Run every stage after normalisation on a loaded document."""
    tagger = tagger or default_tagger()
    schema = load_schema()
    form, _ = _stage("metadata", doc.source, lambda: detect_form(doc.text))
    year = _stage("metadata", doc.source, lambda: detect_year(doc))
    agency = _stage("metadata", doc.source, lambda: detect_agency(doc))
    regions = _stage("locate", doc.source, lambda: locate_tables(doc))
    if not regions:
        raise NoTableError(
            "no standard table (主动公开 / 收到和处理申请 / 行政复议诉讼) was found", doc.source
        )
    tables = {}
    warnings: list[Warning_] = []
    layouts: Counter[str] = Counter()
    for table in TABLES:
        if table not in regions:
            warnings.append(
                Warning_(
                    "table_not_found",
                    f"table {table} ({schema.table(table).label}) was not found",
                    table=table,
                )
            )
            continue
        spec = schema.table(table)
        cells = _stage(
            "split",
            doc.source,
            lambda r=regions[table], t=table: separate_labels(
                split_cells(doc, r), list(plain_row_labels(t, form))
            ),
        )
        _stage("roles", doc.source, lambda c=cells, t=table: tagger.tag(c, t, form))
        result = _stage("assemble", doc.source, lambda c=cells, s=spec: assemble_table(c, s, form))
        layouts[describe_layout(cells)] += 1
        if result.rows_found == 0:
            warnings.append(
                Warning_(
                    "table_empty",
                    f"table {table} was located but no row was recovered",
                    table=table,
                )
            )
        tables[table] = result.grid
        warnings.extend(result.warnings)
    checks = _stage("checks", doc.source, lambda: run_checks(tables, form))
    low = [
        c
        for t in tables.values()
        for cols in t.values()
        for c in cols.values()
        if c.value is not None and c.confidence < LOW_CONFIDENCE and "ambiguous" not in c.flags
    ]
    if low:
        warnings.append(
            Warning_(
                "low_confidence",
                f"{len(low)} values have low confidence",
                detail={"cells": [f"{c.table}.{c.row}.{c.column}" for c in low[:20]]},
            )
        )
    if year is None:
        warnings.append(Warning_("year_not_found", "the report year could not be determined"))
    if agency is None:
        warnings.append(Warning_("agency_not_found", "the issuing agency could not be determined"))
    layout = layouts.most_common(1)[0][0] if layouts else None
    return Report(
        doc.source, form, year, agency, tables, checks, warnings, doc.encoding, layout, tagger.name
    )


def parse(
    source: str | os.PathLike | bytes,
    *,
    tagger: RoleTagger | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    """Parse one report: a path, raw bytes, or the text itself.

    Raises :class:`retable.RetableError` (or a subclass) when the input cannot
    be read or holds no standard table.
    """
    doc = _stage(
        "normalise",
        str(name or "<input>"),
        lambda: load_document(source, name=name, max_bytes=max_bytes),
    )
    return parse_document(doc, tagger)

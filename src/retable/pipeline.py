"""``parse``: the only place that knows the order of the stages.

normalise (:mod:`document`) → locate tables (:mod:`locate`) → cells
(:mod:`split`) → cell roles (:mod:`roles`, the tagger's and the rules') → label
matching and grid (:mod:`assemble`) for each reading, each checked, the better kept
(:mod:`arbitrate`) → checks (:mod:`checks`). A failure inside a stage is
re-raised as a :class:`RetableError` that names the stage.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

from .arbitrate import (
    Reading,
    Readings,
    fewer_unresolved,
    needed_numbers,
    preferred,
    reading_cost,
    tag_readings,
    with_ignored_numbers,
)
from .assemble import TableResult, assemble_table
from .calibration import calibrate
from .checks import check_warnings, run_checks
from .crosscheck import check_prose
from .errors import InternalError, ModelError, NoTableError, RetableError
from .inputs.decode import DAMAGE_SUFFIX, MIXED
from .inputs.document import load_document, looks_like_path
from .limits import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Deadline, time_limit
from .locate import locate_tables
from .match import plain_row_labels
from .meta import detect_agency, detect_form, detect_year
from .misread_digits import lettered_cells
from .ocr_confidence import ocr_cells
from .positioned_checks import absent_warning, cut_by_position, position_warnings
from .report import LOW_CONFIDENCE, Report
from .roles import RoleTagger, RuleRoleTagger, tab_prefixed
from .schema import TABLES, TableSpec, load_schema
from .split import separate_labels, space_coding, split_cells
from .suspicions import blank_cell_warnings, blank_side_warnings
from .types import Cell, Document, GridCell, Region, Warning_

T = TypeVar("T")
NOT_A_TABLE = 0.5  # below this table probability the region is reported as no table


def default_tagger() -> RoleTagger:
    """The role tagger ``parse`` uses when none is given: the trained classifier.

    The model is loaded once per process. Without an installed model the rules
    are used, with a Python warning; a model named by ``$RETABLE_MODEL`` that
    cannot be loaded is an error.
    """
    from .tagger import MODEL_ENV, shipped_tagger

    try:
        return shipped_tagger()
    except ModelError:
        if os.environ.get(MODEL_ENV):
            raise
        warnings.warn("no role model installed; using the rule-based tagger", stacklevel=2)
        return RuleRoleTagger()


def _stage(name: str, source: str, fn: Callable[[], T], deadline: Deadline | None = None) -> T:
    """Run one stage so that only a :class:`RetableError` can leave it."""
    if deadline is not None:
        deadline.check()
    try:
        result = fn()
    except RetableError:
        raise
    except RecursionError:
        raise RetableError(f"input too deeply nested (stage {name})", source) from None
    except MemoryError:
        raise RetableError(f"out of memory in stage {name!r}", source) from None
    except Exception as exc:  # a bug or a dependency failure: name the stage, keep the cause
        raise InternalError(
            f"internal error in stage {name!r}: {type(exc).__name__}: {exc}", source
        ) from exc
    if deadline is not None:
        deadline.check()
    return result


def table_regions(doc: Document) -> dict[str, Region]:
    """Where each standard table is, each region carrying what all their text says
    about its layout (see :func:`split.space_coding`)."""
    regions = locate_tables(doc)
    coded = space_coding(doc, regions.values())
    return {table: replace(region, space_coded=coded) for table, region in regions.items()}


def region_cells(doc: Document, region: Region, form: str) -> list[Cell]:
    """The cells of one located table, with known row labels cut off fused text."""
    return separate_labels(split_cells(doc, region), list(plain_row_labels(region.table, form)))


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


def parse_document(
    doc: Document,
    tagger: RoleTagger | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Report:
    """Run every stage after normalisation on a loaded document."""
    with time_limit(timeout, doc.source) as deadline:
        return _parse_document(doc, tagger, deadline)


def assemble_readings(readings: Readings, spec: TableSpec, form: str) -> TableResult:
    """Assemble the table from each reading of its cells, check each, keep the one the
    arithmetic prefers, then read again the numbers it left out if the table needs them."""
    tagged = Reading(assemble_table(readings.tagged, spec, form), readings.tagged)
    chosen = tagged
    if readings.rules is not None:
        rules = Reading(assemble_table(readings.rules, spec, form), readings.rules)
        rules_cost = reading_cost(rules.result, rules.cells, form)
        tagged_cost = reading_cost(tagged.result, tagged.cells, form)
        chosen = preferred(tagged, tagged_cost, rules, rules_cost)
    restored = needed_numbers(chosen)
    if restored is not None:
        chosen = fewer_unresolved(chosen, Reading(assemble_table(restored, spec, form), restored))
    return with_ignored_numbers(chosen, spec)


@dataclass(frozen=True)
class _Tables:
    """The grid of each table found, the warnings of reading them (table by table), how
    their values were laid out, and the tables whose values are placed by where they stand."""

    grids: dict[str, dict[str, dict[str, GridCell]]]
    warnings: list[Warning_]
    layouts: Counter[str]
    aligned: set[str]


def _read_tables(
    doc: Document, regions: dict[str, Region], form: str, tagger: RoleTagger, deadline: Deadline
) -> _Tables:
    """Cut, tag and assemble every standard table, in the schema's order."""
    schema = load_schema()
    out = _Tables({}, [], Counter(), set())
    for table in TABLES:
        if table not in regions:
            out.warnings.append(
                Warning_(
                    "table_not_found",
                    f"table {table} ({schema.table(table).label}) was not found",
                    table=table,
                )
            )
            out.warnings.extend(filter(None, [absent_warning(doc, table, None)]))
            continue
        _read_table(doc, regions[table], form, tagger, deadline, out)
    return out


def _read_table(
    doc: Document, region: Region, form: str, tagger: RoleTagger, deadline: Deadline, out: _Tables
) -> None:
    """Cut the table into cells, give them roles, assemble its grid; noted in ``out``."""
    table, spec, warnings = region.table, load_schema().table(region.table), out.warnings
    if region.other_copies:
        warnings.append(
            Warning_(
                "table_repeated",
                f"the document holds table {table} {region.other_copies + 1} "
                "times (several reports on one page?); one of them was read",
                table=table,
            )
        )
    cells = _stage("split", doc.source, partial(region_cells, doc, region, form), deadline)
    readings = _stage(
        "roles", doc.source, partial(tag_readings, tagger, cells, table, form), deadline
    )
    is_table = getattr(tagger, "table_probability", None)
    p_table = is_table(cells, table, form) if is_table else None
    if p_table is not None and p_table < NOT_A_TABLE:
        warnings.append(
            Warning_(
                "not_a_table",
                f"the text located as {table} does not look like a table "
                f"(model probability {p_table:.2f})",
                table=table,
            )
        )
    result = _stage(
        "assemble", doc.source, partial(assemble_readings, readings, spec, form), deadline
    )
    read_as = describe_layout(cells)
    out.layouts[read_as] += 1
    if read_as == "aligned":
        out.aligned.add(table)
    if result.rows_found == 0:
        warnings.append(
            Warning_(
                "table_empty", f"table {table} was located but no row was recovered", table=table
            )
        )
        warnings.extend(filter(None, [absent_warning(doc, table, region)]))
    out.grids[table] = result.grid
    warnings.extend(result.warnings)
    warnings.extend(blank_cell_warnings(table, result.grid))
    warnings.extend(blank_side_warnings(table, result.grid, form))


def _low_confidence(tables: dict[str, dict[str, dict[str, GridCell]]]) -> list[Warning_]:
    """The values of low confidence that no other flag explains (ambiguous ones are)."""
    low = [
        c
        for t in tables.values()
        for cols in t.values()
        for c in cols.values()
        if c.value is not None and c.confidence < LOW_CONFIDENCE and "ambiguous" not in c.flags
    ]
    if not low:
        return []
    return [
        Warning_(
            "low_confidence",
            f"{len(low)} values have low confidence",
            detail={"cells": [f"{c.table}.{c.row}.{c.column}" for c in low[:20]]},
        )
    ]


def _document_warnings(doc: Document, year: int | None, agency: str | None) -> list[Warning_]:
    """What the decoding repaired or could not, and the metadata not found."""
    warnings: list[Warning_] = []
    if doc.misread_as is not None:
        warnings.append(
            Warning_(
                "encoding_repaired",
                f"the text had been decoded as {doc.misread_as} although its bytes are "
                f"{doc.encoding.split('+')[0]}; it was read as they were meant, and positions "
                "refer to the text so read",
                detail={"misread_as": doc.misread_as, "encoding": doc.encoding},
            )
        )
    if doc.encoding.startswith(MIXED):
        warnings.append(
            Warning_(
                "encoding_mixed",
                "the input mixes UTF-8 and GB18030; the parts that are not UTF-8 were read as "
                "GB18030 (check the text near them)",
            )
        )
    if doc.encoding.endswith(DAMAGE_SUFFIX):
        lost = doc.raw_text.count("\ufffd")
        warnings.append(
            Warning_(
                "encoding_damaged",
                f"{lost} characters could not be decoded as {doc.encoding[: -len(DAMAGE_SUFFIX)]} "
                "and were replaced; numbers near them may be missing",
                detail={"replaced": lost},
            )
        )
    if year is None:
        warnings.append(Warning_("year_not_found", "the report year could not be determined"))
    if agency is None:
        warnings.append(Warning_("agency_not_found", "the issuing agency could not be determined"))
    return warnings


def _parse_document(doc: Document, tagger: RoleTagger | None, deadline: Deadline) -> Report:
    tagger = tagger or default_tagger()
    year = _stage("metadata", doc.source, lambda: detect_year(doc), deadline)
    form, _ = _stage("metadata", doc.source, lambda: detect_form(doc.text, year), deadline)
    agency = _stage("metadata", doc.source, lambda: detect_agency(doc), deadline)
    regions = _stage("locate", doc.source, lambda: table_regions(doc), deadline)
    if not regions:
        raise NoTableError(
            "no standard table (主动公开 / 收到和处理申请 / 行政复议诉讼) was found", doc.source
        )
    read = _read_tables(doc, regions, form, tagger, deadline)
    tables, warnings = read.grids, read.warnings
    checks = _stage("checks", doc.source, lambda: run_checks(tables, form), deadline)
    warnings.extend(check_warnings(checks))
    by_position = set(tables) if cut_by_position(doc) else read.aligned
    if by_position:
        placed = [c for c in checks if c.table in by_position]
        warnings.extend(position_warnings(tables, placed, form))
    if doc.ocr_confidence is not None:
        tables, ocr_warnings = ocr_cells(doc, tables, form)
        warnings.extend(ocr_warnings)
    tables, letter_warnings = lettered_cells(tables, form)
    warnings.extend(letter_warnings)
    prose = _stage(
        "narrative", doc.source, lambda: check_prose(doc, regions, tables, checks, form), deadline
    )
    checks.extend(prose.checks)
    warnings.extend(prose.warnings)
    warnings.extend(_low_confidence(tables))
    warnings.extend(_document_warnings(doc, year, agency))
    layout = read.layouts.most_common(1)[0][0] if read.layouts else None
    tables = _stage("calibrate", doc.source, lambda: calibrate(tables, checks, warnings, form))
    return Report(
        doc.source, form, year, agency, tables, checks, warnings, doc.encoding, layout, tagger.name
    )


def _source_label(source: str | os.PathLike | bytes) -> str:
    """How error messages name an input: its path, or ``<bytes>`` / ``<text>``."""
    if isinstance(source, bytes):
        return "<bytes>"
    if isinstance(source, os.PathLike) or looks_like_path(source):
        return str(source)
    return "<text>"


def parse(
    source: str | os.PathLike | bytes,
    *,
    tagger: RoleTagger | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Report:
    """Parse one report: a path, raw bytes, or the text itself.

    ``max_bytes`` refuses larger inputs before reading them; ``timeout``
    (seconds, None for no limit) bounds the whole parse. Raises
    :class:`retable.RetableError` (or a subclass) when the input cannot be
    read, holds no standard table, or exceeds a limit.
    """
    return parse_with_document(
        source, tagger=tagger, name=name, max_bytes=max_bytes, timeout=timeout
    )[0]


def parse_with_document(
    source: str | os.PathLike | bytes,
    *,
    tagger: RoleTagger | None = None,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[Report, Document]:
    """:func:`parse`, also giving the decoded document, whose ``raw_text`` the
    cells' span offsets index (the bulk audit trail slices it)."""
    label = name or _source_label(source)
    with time_limit(timeout, label) as deadline:
        doc = _stage(
            "normalise",
            label,
            lambda: load_document(source, name=name, max_bytes=max_bytes),
            deadline,
        )
        return _parse_document(doc, tagger, deadline), doc

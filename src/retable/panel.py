"""The panel: every report's cells on one set of keys, agency × year × table × row × column.

Built from the rows ``retable bulk`` writes (``cells.parquet``, ``reports.parquet``)
or from reports parsed in memory (:func:`parse_many`). Three things happen on
the way:

* **duplicates** — two sources of one agency's report for one year are
  reconciled: the report with fewer failed checks (then more values) is kept,
  cells it lacks are taken from the other, and cells on which they disagree are
  warned ``duplicate_disagrees``; ``n_sources`` says how many were merged;
* **cross-year checks** (:mod:`retable.crossyear`) — identities that link one
  year's report to the next are tested, disagreements warned, and fused digits
  that the report alone could not cut (``ambiguous_split``) are cut the one way
  the neighbouring year allows: ``method = resolved_by_panel``;
* **the crosswalk** (``schema/crosswalk.json``) puts 2019-form cells under the
  2021 key of the same quantity and adds the 2021 rows that the 2019 form holds
  as one; the key a cell had in its own form stays in ``form_row`` / ``form_column``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .agency import normalise_name
from .crossyear import CrossYear, linked_rows, resolve_years

if TYPE_CHECKING:
    import pandas as pd

PANEL_COLUMNS = (
    "agency_id",
    "agency",
    "year",
    "form",
    "table",
    "row",
    "column",
    "value",
    "amount",
    "method",
    "confidence",
    "warnings",
    "raw",
    "source_id",
    "n_sources",
    "form_row",
    "form_column",
    "crosswalk",
)
_DTYPES = {
    "year": "Int64",
    "value": "Int64",
    "amount": "Float64",
    "confidence": "Float64",
    "n_sources": "Int64",
}


@cache
def crosswalk() -> dict:
    text = resources.files("retable").joinpath("schema/crosswalk.json").read_text("utf-8")
    return json.loads(text)


def _agency_key(report: dict) -> str:
    """The agency_id, or for a name without a region its normalised name (marked ``?``)."""
    if report.get("agency_id"):
        return report["agency_id"]
    name = report.get("agency")
    return "?:" + (normalise_name(name) if name else report["source_id"])


def _readings(report: dict) -> dict[tuple[str, str], tuple[tuple[str, ...], list[tuple]]]:
    """Every complete set of readings of an ambiguous row, by (table, row)."""
    out = {}
    for w in report.get("warning_list") or ():
        if w["code"] != "ambiguous_split" or not w.get("detail"):
            continue
        detail = json.loads(w["detail"])
        if detail.get("complete") and detail.get("readings"):
            cols = tuple(detail["columns"])
            out[(w["table"], w["row"])] = (cols, [tuple(r) for r in detail["readings"]])
    return out


def _rank(report: dict) -> tuple:
    return (report.get("checks_failed") or 0, -(report.get("values") or 0), report["source_id"])


def _merge(
    group: list[dict], cells_by_source: dict[str, list[dict]]
) -> tuple[dict, dict[tuple, dict]]:
    """One report of duplicates: the best one's cells, filled and checked by the others."""
    group = sorted(group, key=_rank)
    best = group[0]
    grid = {
        (c["table"], c["row"], c["column"]): dict(c) for c in cells_by_source[best["source_id"]]
    }
    for other in group[1:]:
        for c in cells_by_source[other["source_id"]]:
            key = (c["table"], c["row"], c["column"])
            mine = grid.get(key)
            if mine is None or (mine["value"] is None and mine["amount"] is None):
                grid[key] = dict(c)
            elif (c["value"], c["amount"]) != (mine["value"], mine["amount"]) and (
                c["value"] is not None or c["amount"] is not None
            ):
                mine["warnings"] = [*mine["warnings"], "duplicate_disagrees"]
    for cell in grid.values():
        cell["n_sources"] = len(group)
    return best, grid


@dataclass
class PanelLog:
    """What building a panel found besides its rows (``df.attrs`` of the panel)."""

    duplicates: list[dict] = field(default_factory=list)
    cross_year_checks: list[dict] = field(default_factory=list)
    unresolved_agencies: list[str] = field(default_factory=list)


def panel_rows(
    reports: list[dict], cells_of: Callable[[list[str]], list[dict]], log: PanelLog
) -> Iterator[list[dict]]:
    """The panel's rows, one agency at a time; ``cells_of(source_ids)`` gives the
    cells of those reports, so that only one agency's cells are held at once."""
    agencies: dict[str, dict[Any, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in reports:
        agencies[_agency_key(r)][r.get("year")].append(r)
    log.unresolved_agencies = sorted(
        {r["agency"] for r in reports if r.get("agency") and not r.get("agency_id")}
    )
    for key in sorted(agencies):
        groups = agencies[key]
        by_source: dict[str, list[dict]] = defaultdict(list)
        for c in cells_of([r["source_id"] for g in groups.values() for r in g]):
            by_source[c["source_id"]].append(c)
        years: dict[int, CrossYear] = {}
        rows: list[dict] = []
        for year in sorted(groups, key=lambda y: (y is not None, y or 0)):
            group = groups[year]
            best, grid = _merge(group, by_source)
            if len(group) > 1:
                sources = sorted(g["source_id"] for g in group)
                log.duplicates.append({"agency": key, "year": year, "sources": sources})
            entry = CrossYear(best, grid, _readings(best))
            if year is None:
                rows.extend(_panel_rows(key, entry))
            else:
                years[year] = entry
        log.cross_year_checks.extend(resolve_years(key, years))
        for year in sorted(years):
            rows.extend(_panel_rows(key, years[year]))
        yield rows


def build_panel(cells: list[dict], reports: list[dict]) -> pd.DataFrame:
    """The panel of ``cells`` (rows of cells.parquet) and ``reports`` (of reports.parquet).

    ``df.attrs`` holds ``duplicates`` (agency key, year and the merged sources),
    ``unresolved_agencies`` and ``cross_year_checks`` (one dict per link tested).
    """
    import pandas as pd

    by_source: dict[str, list[dict]] = defaultdict(list)
    for c in cells:
        by_source[c["source_id"]].append(c)
    log = PanelLog()
    rows = [
        row
        for batch in panel_rows(reports, lambda ids: [c for i in ids for c in by_source[i]], log)
        for row in batch
    ]
    df = pd.DataFrame.from_records(rows, columns=list(PANEL_COLUMNS)).astype(_DTYPES)
    df.attrs.update(
        duplicates=log.duplicates,
        unresolved_agencies=log.unresolved_agencies,
        cross_year_checks=log.cross_year_checks,
    )
    return df


@cache
def _renames() -> dict[tuple[str, str, str], str]:
    return {
        (m["table"], row, m["from_column"]): m["to_column"]
        for m in crosswalk()["rename"]
        for row in m["rows"]
    }


def _panel_rows(key: str, entry: CrossYear) -> list[dict[str, Any]]:
    """The panel rows of one agency-year: its cells under crosswalk keys, then the
    sums the crosswalk adds. The cell dicts are the entry's own and become the rows."""
    report, grid = entry.report, entry.grid
    sums = _sums(grid)
    renames = _renames()
    common = {
        "agency_id": key,
        "agency": report.get("agency"),
        "year": report.get("year"),
        "form": report.get("form"),
    }
    out = []
    for (table, row, column), c in grid.items():
        to_column = renames.get((table, row, column))
        c.update(common)
        c["form_row"], c["form_column"] = row, column
        c["crosswalk"] = None
        if to_column:
            c["column"], c["crosswalk"] = to_column, "rename"
        if "n_sources" not in c:
            c["n_sources"] = 1
        out.append(c)
    for c in sums:
        c.update(common)
    return out + sums


def _sums(grid: dict[tuple, dict]) -> list[dict]:
    """The rows the crosswalk's sums add (each column of the parts, all of them printed)."""
    out = []
    for m in crosswalk()["sum"]:
        table = m["table"]
        columns = sorted({col for (t, r, col) in grid if t == table and r in m["from_rows"]})
        for col in columns:
            found = [grid.get((table, r, col)) for r in m["from_rows"]]
            pieces = [p for p in found if p is not None]
            if len(pieces) < len(found) or (table, m["to_row"], col) in grid:
                continue
            values = [p["value"] for p in pieces]
            methods = {p["method"] for p in pieces if p["method"]}
            out.append(
                {
                    **pieces[0],
                    "row": m["to_row"],
                    "value": None if any(v is None for v in values) else sum(values),
                    "raw": None,
                    "confidence": min(p["confidence"] for p in pieces),
                    "warnings": sorted({w for p in pieces for w in p["warnings"]}),
                    "method": methods.pop() if len(methods) == 1 else "recovered_by_arithmetic",
                    "n_sources": pieces[0].get("n_sources", 1),
                    "form_row": None,
                    "form_column": col,
                    "crosswalk": "sum",
                }
            )
    return out


def parse_many(paths, **parse_options) -> pd.DataFrame:
    """Parse every path and return their panel (the same rows ``retable bulk``
    writes to panel.parquet). A path that fails is listed in ``df.attrs["errors"]``."""
    from .bulk.flatten import cell_rows, report_row
    from .bulk.records import CELL_FIELDS
    from .errors import RetableError
    from .pipeline import parse_with_document

    cells: list[dict] = []
    reports: list[dict] = []
    errors = []
    for path in paths:
        source_id = Path(path).name
        try:
            report, doc = parse_with_document(path, name=source_id, **parse_options)
        except RetableError as exc:
            errors.append({"source_id": source_id, "kind": exc.code, "message": exc.message})
            continue
        reports.append(report_row(report, source_id, len(doc.raw_text), 0.0))
        cells.extend(
            dict(zip(CELL_FIELDS, row, strict=True))
            for row in cell_rows(report, source_id, doc.raw_text)
        )
    df = build_panel(cells, reports)
    df.attrs["errors"] = errors
    return df


def read_panel(outdir) -> pd.DataFrame:
    """The panel.parquet of a ``retable bulk`` output folder, with nullable dtypes."""
    import pandas as pd

    df = pd.read_parquet(Path(outdir) / "panel.parquet")
    return df.astype(_DTYPES)


_CELL_INPUTS = (
    "source_id",
    "table",
    "row",
    "column",
    "value",
    "amount",
    "raw",
    "confidence",
    "warnings",
    "method",
)
_REPORT_INPUTS = (
    "source_id",
    "agency",
    "agency_id",
    "year",
    "form",
    "values",
    "checks_failed",
    "warning_list",
)


def _python_rows() -> frozenset[tuple[str, str]]:
    """The (table, row)s the cross-year links or the crosswalk may change; every
    other cell of a report that has no duplicate goes to the panel as it is."""
    walk = crosswalk()
    rows = {(m["table"], r) for m in walk["sum"] for r in m["from_rows"]}
    rows |= {(m["table"], r) for m in walk["rename"] for r in m["rows"]}
    return frozenset(rows | linked_rows())


def write_panel(outdir) -> int:
    """Write panel.parquet from the cells.parquet and reports.parquet of ``outdir``.

    The cells stay in Arrow. Those of a report without duplicates, in rows that no
    cross-year link or crosswalk entry touches, go to the panel in Arrow; the rest
    become Python rows one agency at a time (:func:`panel_rows`). Memory follows the
    largest agency, not the run. Returns the number of panel rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    out = Path(outdir)
    reports = pq.read_table(out / "reports.parquet", columns=list(_REPORT_INPUTS)).to_pylist()
    cells = pq.read_table(out / "cells.parquet", columns=list(_CELL_INPUTS))
    per_group = defaultdict(list)
    for r in reports:
        per_group[(_agency_key(r), r.get("year"))].append(r["source_id"])
    dup_sources = [sid for ids in per_group.values() if len(ids) > 1 for sid in ids]
    keys = pc.binary_join_element_wise(cells.column("table"), cells.column("row"), "\x1f")
    special = pc.is_in(keys, pa.array(["\x1f".join(k) for k in _python_rows()]))
    special = pc.or_(
        special, pc.is_in(cells.column("source_id"), pa.array(dup_sources, pa.string()))
    )
    python_cells = cells.filter(special)
    python_cells = python_cells.take(pc.sort_indices(python_cells, [("source_id", "ascending")]))
    bounds: dict[str, tuple[int, int]] = {}
    at = 0
    for item in pc.value_counts(python_cells.column("source_id")).to_pylist():
        bounds[item["values"]] = (at, at + item["counts"])
        at += item["counts"]

    def cells_of(source_ids: list[str]) -> list[dict]:
        rows: list[dict] = []
        for sid in source_ids:
            if sid in bounds:
                a, b = bounds[sid]
                rows.extend(python_cells.slice(a, b - a).to_pylist())
        return rows

    schema = panel_schema()
    tmp = out / ".panel.parquet.tmp"
    total = 0
    log = PanelLog()
    buffer: list[dict] = []
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        plain = _as_read(cells.filter(pc.invert(special)), reports, schema)
        if plain.num_rows:
            writer.write_table(plain)
            total += plain.num_rows
        for batch in panel_rows(reports, cells_of, log):
            buffer.extend(batch)
            if len(buffer) >= 100_000:
                writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
                total, buffer = total + len(buffer), []
        if buffer or not total:
            writer.write_table(pa.Table.from_pylist(buffer, schema=schema))
            total += len(buffer)
    tmp.replace(out / "panel.parquet")
    return total


def _as_read(cells, reports: list[dict], schema):
    """Panel rows of cells that go to the panel unchanged, built in Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    index = {r["source_id"]: i for i, r in enumerate(reports)}
    at = pc.index_in(cells.column("source_id"), pa.array(list(index), pa.string()))
    columns = {
        "agency_id": pa.array([_agency_key(r) for r in reports], pa.string()),
        "agency": pa.array([r.get("agency") for r in reports], pa.string()),
        "year": pa.array([r.get("year") for r in reports], pa.int32()),
        "form": pa.array([r.get("form") for r in reports], pa.string()),
    }
    arrays = {name: pc.take(col, at) for name, col in columns.items()}
    n = cells.num_rows
    for name in ("table", "row", "column", "value", "amount", "method", "confidence"):
        arrays[name] = cells.column(name)
    arrays.update(
        warnings=cells.column("warnings"),
        raw=cells.column("raw"),
        source_id=cells.column("source_id"),
        n_sources=pa.array([1] * n, pa.int32()),
        form_row=cells.column("row"),
        form_column=cells.column("column"),
        crosswalk=pa.nulls(n, pa.string()),
    )
    return pa.table([arrays[f.name].cast(f.type) for f in schema], schema=schema)


def panel_schema():
    import pyarrow as pa

    types = {
        "year": pa.int32(),
        "value": pa.int64(),
        "amount": pa.float64(),
        "confidence": pa.float64(),
        "n_sources": pa.int32(),
        "warnings": pa.list_(pa.string()),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in PANEL_COLUMNS])

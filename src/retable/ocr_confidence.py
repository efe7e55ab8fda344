"""OCR'd values: each carries the engine's confidence, and is warned unless checked.

A value read from an image is only as sure as the engine's reading of its
characters. Each value's confidence becomes the lowest of its own and that of the
characters it was read from. A value whose OCR confidence is below
:data:`OCR_TRUSTED` is warned (``ocr_unconfirmed``, on its cell) unless a 勾稽
identity it takes part in passes: the report's arithmetic then vouches for it.
Values in failed identities are warned by the checks already.
"""

from __future__ import annotations

from dataclasses import replace

from .checks import check_identity
from .schema import load_schema
from .types import Document, GridCell, Warning_

OCR_TRUSTED = 0.95  # RapidOCR's score on digits it reads right is 0.96–1.0 (benchmarks)
Tables = dict[str, dict[str, dict[str, GridCell]]]


def span_confidence(doc: Document, cell: GridCell) -> float:
    """The lowest OCR confidence of the characters the cell was read from."""
    conf = doc.ocr_confidence
    if conf is None or cell.span is None or cell.raw is None:
        return 1.0
    piece = conf[cell.span.start : cell.span.end]
    return min(piece, default=1.0)


def confirmed(tables: Tables, form: str) -> set[tuple[str, str, str]]:
    """Cells that take part, with a value, in an identity that holds."""
    schema = load_schema()
    out: set[tuple[str, str, str]] = set()
    for table, grid in tables.items():
        columns = [c.key for c in schema.table(table).columns_for(form)]
        for ident in schema.identities_for(table, form):
            for check in check_identity(ident, grid, columns):
                if check.status != "pass":
                    continue
                for key in (*ident.lhs, *ident.rhs):
                    row, col = (check.where, key) if ident.axis == "row" else (key, check.where)
                    cell = grid.get(row, {}).get(col)
                    if cell is not None and cell.value is not None:
                        out.add((table, row, col))
    return out


FILLED = 0.5  # share of a column's rows with a value above which its empty cells are doubted


def missing_cells(tables: Tables) -> list[Warning_]:
    """Empty cells of OCR'd tables in columns that hold values in most rows: a lone
    digit the engine did not detect leaves nothing behind, so an empty cell there
    may be a lost value (the text of a PDF cannot lose one this way)."""
    out = []
    for table, grid in tables.items():
        rows = [
            cols
            for cols in grid.values()
            if not any("missing_row" in c.flags for c in cols.values())
        ]
        columns = {col for cols in rows for col in cols}
        for col in sorted(columns):
            cells = [cols[col] for cols in rows if col in cols]
            filled = sum(1 for c in cells if c.value is not None)
            if not cells or filled == len(cells) or filled < FILLED * len(cells):
                continue
            for cell in cells:
                if cell.value is None and not cell.flags:
                    out.append(
                        Warning_(
                            "ocr_missing",
                            f"{table}.{cell.row}.{col}: nothing was read where most rows of "
                            "the column hold a value; the OCR engine may have missed it",
                            table=table,
                            row=cell.row,
                            column=col,
                        )
                    )
    return out


def ocr_cells(doc: Document, tables: Tables, form: str) -> tuple[Tables, list[Warning_]]:
    """The tables with OCR confidence on each value, a warning for each value of low
    confidence that no identity confirms, and one for each cell that may have lost
    its value (:func:`missing_cells`)."""
    vouched = confirmed(tables, form)
    out: Tables = {}
    warnings = []
    for table, grid in tables.items():
        out[table] = {}
        for row, cells in grid.items():
            out[table][row] = {}
            for col, cell in cells.items():
                conf = span_confidence(doc, cell)
                if conf < cell.confidence:
                    cell = replace(cell, confidence=conf)
                if cell.value is not None and conf < OCR_TRUSTED:
                    if (table, row, col) in vouched:
                        cell = replace(cell, flags=(*cell.flags, "ocr_confirmed"))
                    else:
                        cell = replace(cell, flags=(*cell.flags, "ocr_unconfirmed"))
                        warnings.append(_warning(cell, conf, doc.ocr_engine))
                out[table][row][col] = cell
    return out, warnings + missing_cells(out)


def _warning(cell: GridCell, conf: float, engine: str | None) -> Warning_:
    return Warning_(
        "ocr_unconfirmed",
        f"{cell.table}.{cell.row}.{cell.column} = {cell.value} was read by OCR ({engine}) "
        f"with confidence {conf:.2f} from {cell.raw!r}, and no identity confirms it",
        table=cell.table,
        row=cell.row,
        column=cell.column,
        detail={"confidence": round(conf, 3), "raw": cell.raw, "engine": engine},
    )

"""``retable evaluate``: accuracy against gold grids, per layout, and the role confusion matrix.

Three numbers matter to users: the share of gold cells recovered exactly
(cell accuracy), the share of tables with every cell right, and the share of
documents with every cell right. Cells a gold file documents as not
determinable (``unrecoverable``/``ambiguous``) are left out, as in the tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import RetableError
from ..roles import RoleTagger
from ..types import ROLES
from .annotate import annotate_document, compare_cells, excused_cells


@dataclass
class GoldDocument:
    document: Path | bytes  # bytes: a synthetic document rendered in memory
    gold: dict
    gold_path: Path

    @property
    def layout(self) -> str:
        return self.gold.get("layout") or ""


def find_gold(gold_dir: Path, documents: Path | None = None) -> list[GoldDocument]:
    """Gold JSON files under ``gold_dir`` with the documents their ``source`` names.

    ``source`` is resolved against ``documents`` when given, else against the
    gold file's folder, ``gold_dir``, and a ``documents`` folder beside it.
    """
    out = []
    for path in sorted(Path(gold_dir).rglob("*.json")):
        gold = json.loads(path.read_text("utf-8"))
        if "tables" not in gold or "source" not in gold:
            continue
        bases = [documents] if documents else []
        bases += [path.parent, Path(gold_dir), Path(gold_dir).parent / "documents"]
        for base in bases:
            candidate = Path(base) / gold["source"]
            if candidate.exists():
                out.append(GoldDocument(candidate, gold, path))
                break
        else:
            raise FileNotFoundError(f"{path}: document {gold['source']!r} not found")
    return out


def _grid_rows(item: GoldDocument, tables: dict, layout: str) -> list[dict]:
    return [
        {
            "source": item.gold["source"],
            "layout": layout,
            "table": table,
            "row": row,
            "column": col,
            "expected": expected,
            "got": got,
            "correct": correct,
        }
        for table, row, col, expected, got, correct in compare_cells(
            item.gold["tables"], tables, excused_cells(item.gold)
        )
    ]


def cell_results(items: Iterable[GoldDocument], tagger: RoleTagger | None = None) -> pd.DataFrame:
    """One row per gold cell: expected, recovered, and whether they agree."""
    from ..pipeline import parse

    rows = []
    for item in items:
        try:
            report = parse(item.document, tagger=tagger)
            tables = report.to_dict()["tables"]
            layout = item.layout or (report.layout or "unknown")
        except RetableError:
            tables, layout = {}, item.layout or "unknown"
        rows += _grid_rows(item, tables, layout)
    # object columns keep ints as ints and blanks as None, as printed in the source
    frame = pd.DataFrame(rows, dtype=object)
    if frame.empty:
        return pd.DataFrame(columns=["source", "layout", "table", "row", "column", "correct"])
    return frame.astype({"correct": bool})


def summarise(cells: pd.DataFrame, by: str = "layout") -> pd.DataFrame:
    """Cell accuracy, table exact-match rate and document exact-match rate per ``by``."""
    if cells.empty:
        return pd.DataFrame()
    table_keys = list(dict.fromkeys([by, "source", "table"]))
    tables = cells.groupby(table_keys)["correct"].all().reset_index()
    documents = cells.groupby(list(dict.fromkeys([by, "source"])))["correct"].all().reset_index()
    out = pd.DataFrame(
        {
            "documents": cells.groupby(by)["source"].nunique(),
            "cells": cells.groupby(by)["correct"].size(),
            "wrong": cells.groupby(by)["correct"].apply(lambda s: int((~s).sum())),
            "cell_accuracy": cells.groupby(by)["correct"].mean(),
            "table_exact": tables.groupby(by)["correct"].mean(),
            "document_exact": documents.groupby(by)["correct"].mean(),
        }
    )
    total = pd.DataFrame(
        {
            "documents": [documents["source"].nunique()],
            "cells": [len(cells)],
            "wrong": [int((~cells["correct"]).sum())],
            "cell_accuracy": [cells["correct"].mean()],
            "table_exact": [tables["correct"].mean()],
            "document_exact": [documents["correct"].mean()],
        },
        index=["all"],
    )
    return pd.concat([out, total]).round(4)


def role_confusion(items: Iterable[GoldDocument], tagger: RoleTagger) -> pd.DataFrame:
    """Confusion matrix of the tagger's roles against the automatic gold-aligned labels."""
    counts = pd.DataFrame(0, index=list(ROLES), columns=list(ROLES))
    for item in items:
        annotation = annotate_document(item.document, item.gold)
        for t in annotation.tables.values():
            expected = list(t.roles)
            tagger.tag(t.cells, t.table, annotation.form)
            for truth, cell in zip(expected, t.cells, strict=True):
                counts.loc[truth, cell.role] += 1
    counts.index.name = "annotated"
    counts.columns.name = "predicted"
    return counts

"""Compare parser output with the hand-checked gold grids (shared by tests and scripts)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from retable.training.annotate import compare_cells, excused_cells

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents"
GOLD = HERE / "gold"


@dataclass
class Mismatch:
    table: str
    row: str
    column: str
    expected: object
    got: object

    def __str__(self) -> str:
        return (
            f"{self.table}.{self.row}.{self.column}: expected {self.expected!r}, got {self.got!r}"
        )


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*/*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def document_for(gold: dict) -> Path:
    return DOCUMENTS / gold["source"]


def compare(gold: dict, tables: dict) -> list[Mismatch]:
    return [
        Mismatch(table, row, col, expected, got)
        for table, row, col, expected, got, correct in compare_cells(
            gold["tables"], tables, excused_cells(gold)
        )
        if not correct
    ]

"""Compare parser output with the hand-checked gold grids (shared by tests and scripts)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from retable.training.annotate import excused_cells, same_value

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
    excused = excused_cells(gold)
    out = []
    for table, rows in gold["tables"].items():
        for row, cols in rows.items():
            for col, expected in cols.items():
                if (table, row, col) in excused:
                    continue
                got = tables.get(table, {}).get(row, {}).get(col, "<missing>")
                if not same_value(expected, got):
                    out.append(Mismatch(table, row, col, expected, got))
    return out

"""Compare parser output with the hand-checked gold grids (shared by tests and scripts)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

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


def excused_cells(gold: dict) -> set[tuple[str, str, str]]:
    """Cells the gold file documents as not determinable from the document."""
    out = set()
    for entry in gold.get("unrecoverable", []):
        out.add((entry["table"], entry["row"], entry["column"]))
    for entry in gold.get("ambiguous", []):
        for col in entry["columns"]:
            out.add((entry["table"], entry["row"], col))
    return out


def compare(gold: dict, tables: dict) -> list[Mismatch]:
    excused = excused_cells(gold)
    out = []
    for table, rows in gold["tables"].items():
        for row, cols in rows.items():
            for col, expected in cols.items():
                if (table, row, col) in excused:
                    continue
                got = tables.get(table, {}).get(row, {}).get(col, "<missing>")
                if not _same(expected, got):
                    out.append(Mismatch(table, row, col, expected, got))
    return out


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return abs(a - b) < 1e-9 and type(a) is type(b)
    return a == b

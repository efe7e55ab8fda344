"""Real inputs for the per-stage tests: documents run through the stages before the one tested.

Each stage test feeds its stage the value the pipeline would give it, built the way
:mod:`retable.pipeline` builds it (normalise → metadata → locate → split → roles).
Loading and splitting a document is done once per process; callers get fresh copies
of the cells, because tagging writes ``cell.role``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from retable.inputs.document import load_document
from retable.meta import detect_form, detect_year
from retable.pipeline import region_cells, table_regions
from retable.roles import RuleRoleTagger
from retable.tagger import shipped_tagger
from retable.types import Cell, Document, Region

HERE = Path(__file__).parent
DOCUMENTS = HERE / "documents"
TRAINING = HERE.parent / "training_data" / "real"


@dataclass(frozen=True)
class Located:
    """A normalised document with its form and the regions locate found in it."""

    doc: Document
    form: str
    regions: dict[str, Region]


@cache
def located(relative: str) -> Located:
    """Normalise and locate ``tests/documents/<relative>`` (once per process)."""
    doc = load_document(DOCUMENTS / relative)
    form, _ = detect_form(doc.text, detect_year(doc))
    return Located(doc, form, table_regions(doc))


@cache
def _split(relative: str, table: str) -> tuple[Cell, ...]:
    found = located(relative)
    return tuple(region_cells(found.doc, found.regions[table], found.form))


def cells(relative: str, table: str) -> list[Cell]:
    """The cells split cuts from one table of a document, before any role is set."""
    return [replace(c) for c in _split(relative, table)]


def rule_tagged(relative: str, table: str) -> list[Cell]:
    """The cells of one table with the roles of the hand-written rules."""
    out = cells(relative, table)
    RuleRoleTagger().tag(out, table, located(relative).form)
    return out


def model_tagged(relative: str, table: str) -> list[Cell]:
    """The cells of one table with the roles of the shipped classifier."""
    out = cells(relative, table)
    shipped_tagger().tag(out, table, located(relative).form)
    return out


def cell_at(cells_: list[Cell], line: int, text: str) -> Cell:
    """The one cell on 1-based source ``line`` whose text is ``text``."""
    found = [c for c in cells_ if c.span.line == line and c.text == text]
    assert len(found) == 1, f"{len(found)} cells {text!r} on line {line}"
    return found[0]

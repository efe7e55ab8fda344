"""The trained role tagger and the model it loads once per process.

:class:`ModelRoleTagger` implements :class:`retable.roles.RoleTagger` with the
model of :mod:`retable.classifier` (numpy only). The shipped model sits in the
package's ``models/role-classifier`` directory; ``RETABLE_MODEL`` points at
another one (for example a model retrained on a new layout).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import numpy as np

from .classifier import ALLOWED, RoleModel, RolePredictor
from .errors import ModelError
from .features import own_features, region_summary, windowed
from .roles import Roles, set_roles
from .types import ROLES, Cell

MODEL_ENV = "RETABLE_MODEL"
SHIPPED = Path(__file__).parent / "models" / "role-classifier"
REGION_DIR = "region"


def model_directory() -> Path:
    """Where the role model is read from: ``$RETABLE_MODEL`` or the shipped model."""
    return Path(os.environ.get(MODEL_ENV) or SHIPPED)


class ModelRoleTagger:
    """Assigns roles with the trained classifier; confidence is the model's probability."""

    name = "model"

    def __init__(
        self,
        model: RolePredictor,
        region_model: RolePredictor | None = None,
        metadata: dict | None = None,
    ) -> None:
        unknown = {str(c) for c in model.classes_} - set(ROLES)
        if unknown:
            raise ModelError(f"the model predicts unknown roles {sorted(unknown)}")
        self.model = model
        self.region_model = region_model
        self.metadata = metadata or {}
        classes = [str(c) for c in model.classes_]
        # Column mask per lexical shape: a number is never a row label, text never a value.
        # A shape that would rule out every class the model knows is not masked at all.
        self._unmasked = np.ones(len(classes), dtype=bool)
        masks = {
            kind: np.array([c in allowed for c in classes], dtype=bool)
            for kind, allowed in ALLOWED.items()
        }
        self._masks = {kind: m if m.any() else self._unmasked for kind, m in masks.items()}
        # The same masks as the rows of one matrix (the last row: no mask), so that a
        # region's mask is one indexing, not an array built of one array per cell.
        self._mask_rows = np.array([*self._masks.values(), self._unmasked])
        self._mask_row = {kind: i for i, kind in enumerate(self._masks)}
        self._noise = classes.index("noise") if "noise" in classes else None
        self._classes = classes
        # Features of the last region tagged: table_probability and rule_roles reuse them.
        self._last: tuple[list[Cell], np.ndarray, list[tuple[str, float]]] | None = None

    def _features(
        self, cells: list[Cell], table: str, form: str, fresh: bool = False
    ) -> tuple[np.ndarray, list[tuple[str, float]]]:
        last = self._last  # one read: safe when threads share the tagger
        if fresh or last is None or last[0] is not cells or len(last[1]) != len(cells):
            own, rules = own_features(cells, table, form)
            last = (cells, own, rules)
            self._last = last
        return last[1], last[2]

    def rule_roles(self, cells: list[Cell], table: str, form: str) -> Roles:
        """The rules' ``(role, confidence)`` for these cells (computed with the features)."""
        return self._features(cells, table, form)[1]

    @classmethod
    def load(cls, directory: str | Path | None = None) -> ModelRoleTagger:
        directory = Path(directory) if directory is not None else model_directory()
        model, meta = RoleModel.load(directory)
        region = None
        if (directory / REGION_DIR).exists():
            region, _ = RoleModel.load(directory / REGION_DIR)
        return cls(model, region, meta)

    def tag(self, cells: list[Cell], table: str, form: str) -> None:
        set_roles(cells, self.roles(cells, table, form))

    def roles(self, cells: list[Cell], table: str, form: str) -> Roles:
        """Each cell's ``(role, confidence)``: the most probable role its shape allows."""
        if not cells:
            return []
        own, _ = self._features(cells, table, form, fresh=True)
        proba = self.model.predict_proba(windowed(own))
        # Roles a cell's lexical shape rules out get probability 0 (one mask row per cell).
        unmasked = len(self._mask_row)
        masks = self._mask_rows[[self._mask_row.get(c.kind, unmasked) for c in cells]]
        if self._noise is not None:
            for i in _inside_rows(cells):
                masks[i, self._noise] = False
        proba = np.where(masks, proba, 0.0)
        best = np.argmax(proba, axis=1)
        totals = proba.sum(axis=1)
        chosen = proba[np.arange(len(cells)), best]
        classes = self._classes
        return [
            (classes[k], round(p / (total or 1.0), 4))
            for k, p, total in zip(best.tolist(), chosen.tolist(), totals.tolist(), strict=True)
        ]

    def table_probability(self, cells: list[Cell], table: str, form: str) -> float | None:
        """Probability that the region is a standard table at all (None without a region model)."""
        if self.region_model is None or not cells:
            return None
        own, _ = self._features(cells, table, form)
        p = self.region_model.predict_proba(region_summary(own)[None, :])[0]
        classes = [str(c) for c in self.region_model.classes_]
        return float(p[classes.index("table")]) if "table" in classes else None


@cache
def shipped_tagger() -> ModelRoleTagger:
    """The default tagger, loaded once per process."""
    return ModelRoleTagger.load()


def _inside_rows(cells: list[Cell]) -> list[int]:
    """Blank cells (empty, or a printed blank such as — or NaN) between a printed cell
    and a number on the same line: a table row's own blank cells, never structure or
    noise, whatever the classifier makes of them."""
    inside: list[int] = []
    pending: list[int] = []  # empty cells after a printed one, waiting for a number
    line = -1
    printed = False
    for i, cell in enumerate(cells):
        if cell.span.line != line:
            line, printed, pending = cell.span.line, False, []
        if cell.kind == "number":
            inside += pending
            pending = []
            printed = True
        elif cell.kind == "blank":  # empty, or a printed blank such as — or NaN
            if printed and cell.layout != "line":
                pending.append(i)
        elif cell.text:
            printed = True
    return inside

"""``retable train``: fit the role classifier and the table/no-table model from training_data/.

Training is deterministic: the synthetic reports come from the recipe's seed,
samples are processed in a fixed order and the estimators get a fixed
``random_state``, so the same data and seed give the same weights and the
same metrics.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..features import WINDOW, feature_names, region_vector
from ..schema import load_schema
from ..tagger import REGION_DIR
from ..types import ROLES
from .dataset import (
    REAL,
    TableSample,
    real_samples,
    synthetic_recipe,
    synthetic_samples,
    to_matrix,
)
from .estimator import CellRoleClassifier

DEFAULT_SYNTHETIC = {"seed": 0, "n": 220}
GENERATOR_MODULES = (
    "grid",
    "tables",
    "cells",
    "prose",
    "layouts",
    "htmlout",
    "perturb",
    "render",
    "synth",
)
HOLDOUT_SHARE = 5  # every fifth synthetic document (by a hash of its name) is held out
CORRECTION_WEIGHT = 10  # see emphasise_corrections
REAL_WEIGHT = 4  # real documents count this many times: they are few but they are the target


@dataclass
class TrainResult:
    model: CellRoleClassifier
    region_model: CellRoleClassifier
    metrics: dict
    fingerprint: str
    recipe: dict = field(default_factory=dict)
    samples: list[TableSample] = field(repr=False, default_factory=list)


def fingerprint(data_dir: Path, recipe: dict) -> str:
    """A hash of the real annotations and the synthetic recipe: the model's training data."""
    h = hashlib.sha256()
    for path in sorted((data_dir / REAL).glob("*.json")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(json.dumps(recipe, sort_keys=True).encode())
    # The synthetic reports are a function of the recipe and of the generator's code.
    for name in GENERATOR_MODULES:
        h.update((Path(__file__).parent / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


def _held_out(sample: TableSample) -> bool:
    """Every fifth synthetic document; real documents are too few to spare and always train."""
    digest = int(hashlib.sha1(sample.source.encode()).hexdigest(), 16)
    return sample.synthetic and digest % HOLDOUT_SHARE == 0


def load_samples(
    data_dir: Path, recipe: dict | None = None, progress: bool = False
) -> tuple[list[TableSample], dict]:
    recipe = {**DEFAULT_SYNTHETIC, **synthetic_recipe(data_dir), **(recipe or {})}
    samples = real_samples(data_dir)
    if recipe.get("n", 0) > 0:
        samples += synthetic_samples(
            recipe["n"], recipe["seed"], recipe.get("layouts"), progress=progress
        )
    return samples, recipe


def emphasise_corrections(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Repeat the cells whose gold-aligned role differs from the rules' role.

    They are the few cells where the classifier has something to add; without
    the emphasis the model learns to copy the rule features.
    """
    names = feature_names()
    rule_columns = [names.index(f"rule={r}") for r in ROLES]
    rule_roles = np.array(ROLES)[np.argmax(X[:, rule_columns], axis=1)]
    corrected = np.flatnonzero(rule_roles != y)
    if not len(corrected):
        return X, y
    extra = np.repeat(corrected, CORRECTION_WEIGHT - 1)
    return np.vstack([X, X[extra]]), np.concatenate([y, y[extra]])


def fit_models(
    samples: list[TableSample], params: dict | None = None
) -> tuple[CellRoleClassifier, CellRoleClassifier]:
    """Fit the cell-role model and the region model on ``samples``."""
    tables = [s for s in samples if s.is_table]
    tables += [s for s in tables if not s.synthetic] * (REAL_WEIGHT - 1)
    X, y, _ = to_matrix(tables, thin=True)
    X, y = emphasise_corrections(X, y)
    model = CellRoleClassifier(**(params or {})).fit(X, y)
    R = np.vstack([region_vector(s.cells, s.table, s.form) for s in samples])
    r = np.array(["table" if s.is_table else "not_table" for s in samples])
    region = CellRoleClassifier(hidden=0, alpha=1e-2, max_iter=500).fit(R, r)
    return model, region


def role_accuracy(model: CellRoleClassifier, samples: list[TableSample]) -> dict:
    """Accuracy of predicted roles against the annotated ones, overall and per layout."""
    tables = [s for s in samples if s.is_table]
    if not tables:
        return {}
    X, y, groups = to_matrix(tables)
    pred = model.predict(X)
    per_layout = {
        layout: round(float(np.mean(pred[groups == layout] == y[groups == layout])), 4)
        for layout in sorted(set(groups))
    }
    return {"role_accuracy": round(float(np.mean(pred == y)), 4), "per_layout": per_layout}


def train(
    data_dir: Path,
    *,
    recipe: dict | None = None,
    params: dict | None = None,
    progress: bool = False,
) -> TrainResult:
    """Train on the real documents and four fifths of the synthetic ones.

    Metrics come from the held-out fifth of the synthetic documents; accuracy on
    real documents is measured by ``retable evaluate`` and leave-one-layout-out.
    """
    started = time.perf_counter()
    samples, recipe = load_samples(data_dir, recipe, progress)
    train_part = [s for s in samples if not _held_out(s)]
    test_part = [s for s in samples if _held_out(s)]
    model, region = fit_models(train_part, params)
    held = role_accuracy(model, test_part)
    region_acc = None
    if test_part:
        R = np.vstack([region_vector(s.cells, s.table, s.form) for s in test_part])
        truth = np.array(["table" if s.is_table else "not_table" for s in test_part])
        region_acc = round(float(np.mean(region.predict(R) == truth)), 4)
    tables = [s for s in samples if s.is_table]
    counts = Counter(r for s in tables for r in s.roles if r is not None)
    metrics = {
        "heldout_role_accuracy": held.get("role_accuracy"),
        "heldout_per_layout": held.get("per_layout", {}),
        "heldout_region_accuracy": region_acc,
        "training_role_accuracy": role_accuracy(model, train_part).get("role_accuracy"),
        "documents": len({s.source for s in samples}),
        "heldout_documents": len({s.source for s in test_part}),
        "tables": len(tables),
        "cells": sum(counts.values()),
        "roles": dict(sorted(counts.items())),
        "layouts": dict(sorted(Counter(s.layout for s in tables).items())),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return TrainResult(model, region, metrics, fingerprint(data_dir, recipe), recipe, samples)


def library_versions() -> dict[str, str]:
    import numpy
    import sklearn

    return {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "sklearn": sklearn.__version__,
    }


def save(result: TrainResult, out_dir: Path) -> Path:
    """Write the cell model, the region model and the metadata into ``out_dir``."""
    metadata = {
        "training_data_fingerprint": result.fingerprint,
        "synthetic_recipe": result.recipe,
        "schema_version": load_schema().version,
        "feature_window": WINDOW,
        "features": len(feature_names()),
        "metrics": {k: v for k, v in result.metrics.items() if k != "seconds"},
        "libraries": library_versions(),
    }
    result.model.save(out_dir, metadata)
    result.region_model.save(out_dir / REGION_DIR, {"classes_meaning": "table / not_table"})
    return out_dir

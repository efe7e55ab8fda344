"""`retable train` on training_data/ reproduces the shipped model's metrics."""

from __future__ import annotations

import json
from pathlib import Path

from retable.tagger import SHIPPED
from retable.training.train import fingerprint, train

ROOT = Path(__file__).resolve().parent.parent


def test_training_reproduces_the_shipped_metrics():
    shipped = json.loads((SHIPPED / "model.json").read_text("utf-8"))
    recipe = shipped["synthetic_recipe"]
    assert fingerprint(ROOT / "training_data", recipe) == shipped["training_data_fingerprint"], (
        "training_data/ or the generator changed since the model was trained: run `retable "
        "train --out src/retable/models/role-classifier --overwrite-shipped`"
    )
    result = train(ROOT / "training_data", recipe=recipe)
    metrics = {k: v for k, v in result.metrics.items() if k != "seconds"}
    expected = shipped["metrics"]
    for key in ("documents", "heldout_documents", "tables", "cells", "roles", "layouts"):
        assert metrics[key] == expected[key], key
    # Floating-point sums may differ in the last bits between BLAS builds.
    for key in ("heldout_role_accuracy", "training_role_accuracy", "heldout_region_accuracy"):
        assert abs(metrics[key] - expected[key]) <= 0.002, key


def test_every_real_cell_still_has_its_label():
    """Labels are keyed by cell span and text: when splitting changes, re-annotate
    (`retable annotate DOCUMENT GOLD`) or the changed cells silently drop out of training."""
    from retable.training.dataset import load_annotation

    unlabelled = []
    for path in sorted((ROOT / "training_data" / "real").glob("*.json")):
        for sample in load_annotation(path):
            if sample.layout == "prose":
                continue
            unlabelled += [(path.name, sample.table) for r in sample.roles if r is None]
    assert unlabelled == []

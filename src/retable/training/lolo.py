"""Leave-one-layout-out: does the classifier beat the rules on a layout it never saw?

For each layout family the classifier is trained without any document of that
family (real or synthetic) and then parses documents of it: the real gold
documents of the family and fresh synthetic reports from a different seed.
The rule tagger parses the same documents. Both are scored on the grid cells
users get, not only on roles.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..roles import RuleRoleTagger
from ..tagger import ModelRoleTagger
from .dataset import TableSample
from .evaluate import GoldDocument, cell_results
from .train import fit_models, load_samples

TEST_SEED_OFFSET = 1000  # test reports come from another random stream than the training ones


def real_gold_documents(data_dir: Path) -> list[tuple[GoldDocument, str]]:
    """The annotated real documents with their gold grids and layout."""
    out = []
    for path in sorted((data_dir / "real").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        gold_path = (path.parent / data["gold"]).resolve()
        gold = json.loads(gold_path.read_text("utf-8"))
        document = (path.parent / data["document"]).resolve()
        out.append(
            (GoldDocument(document, {**gold, "layout": data["layout"]}, gold_path), data["layout"])
        )
    return out


def synthetic_test_documents(
    layouts: Iterable[str], per_layout: int, seed: int
) -> list[tuple[GoldDocument, str]]:
    import random

    from .synth import synthesize

    rng = random.Random(seed + TEST_SEED_OFFSET)
    out = []
    for i in range(per_layout):
        for layout in layouts:
            rendered, gold = synthesize(rng, layout)
            gold = {**gold, "source": f"test-{i:03d}-{layout}", "layout": layout}
            out.append((GoldDocument(rendered.text.encode("utf-8"), gold, Path()), layout))
    return out


def _wrong(cells: pd.DataFrame) -> int:
    return int((~cells["correct"]).sum()) if len(cells) else 0


def leave_one_layout_out(
    data_dir: Path,
    *,
    per_layout: int = 8,
    recipe: dict | None = None,
    layouts: list[str] | None = None,
    progress: bool = False,
) -> pd.DataFrame:
    """One row per held-out layout: cells, wrong cells and accuracy of rules and model."""
    samples, recipe = load_samples(data_dir, recipe, progress)
    families = layouts or sorted({s.layout for s in samples if s.is_table})
    synthetic_layouts = recipe.get("layouts") or sorted(
        {s.layout for s in samples if s.synthetic and s.is_table}
    )
    tests = real_gold_documents(data_dir) + synthetic_test_documents(
        [x for x in synthetic_layouts if x in families], per_layout, recipe["seed"]
    )
    rules = RuleRoleTagger()
    rows = []
    for layout in families:
        docs = [doc for doc, lay in tests if lay == layout]
        if not docs:
            continue
        # Nothing from a document of the held-out layout: its tables nor its prose.
        excluded = {s.source for s in samples if s.layout == layout}
        training: list[TableSample] = [s for s in samples if s.source not in excluded]
        model, region = fit_models(training)
        tagger = ModelRoleTagger(model, region)
        model_cells = cell_results(docs, tagger)
        rule_cells = cell_results(docs, rules)
        rules_wrong, model_wrong = _wrong(rule_cells), _wrong(model_cells)
        cells = len(model_cells)
        rows.append(
            {
                "layout": layout,
                "documents": len(docs),
                "cells": cells,
                "rules_wrong": rules_wrong,
                "model_wrong": model_wrong,
                "rules_accuracy": round(1 - rules_wrong / cells, 4),
                "model_accuracy": round(1 - model_wrong / cells, 4),
            }
        )
        if progress:
            print(rows[-1], flush=True)
    table = pd.DataFrame(rows).set_index("layout")
    total = table[["documents", "cells", "rules_wrong", "model_wrong"]].sum()
    table.loc["all"] = [
        *total.tolist(),
        round(1 - total["rules_wrong"] / total["cells"], 4),
        round(1 - total["model_wrong"] / total["cells"], 4),
    ]
    return table

"""Command-line entry points of the retraining loop: annotate, train, evaluate."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

DEFAULT_DATA = Path("training_data")
DEFAULT_MODEL = Path("models") / "role-classifier"


@click.command()
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Training data folder; the labels go to DATA/real/.",
)
def annotate(document: Path, gold: Path, data: Path) -> None:
    """Label every cell of DOCUMENT by aligning it with its GOLD grid (no hand labelling)."""
    from .annotate import annotate_document, write_annotation

    grid = json.loads(gold.read_text("utf-8"))
    annotation = annotate_document(document, grid)
    out = data / "real" / f"{document.stem}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_annotation(
        annotation,
        out,
        document=os.path.relpath(document.resolve(), out.parent.resolve()),
        gold=os.path.relpath(gold.resolve(), out.parent.resolve()),
    )
    for name, t in annotation.tables.items():
        roles = {r: t.roles.count(r) for r in sorted(set(t.roles))}
        click.echo(
            f"{name}: {len(t.cells)} cells {roles}; wrong cells with rule roles "
            f"{t.wrong_with_rules}, with the written labels {t.wrong_with_labels}"
        )
    click.echo(f"wrote {out}")


@click.command()
@click.option(
    "--data",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_MODEL,
    show_default=True,
)
@click.option("--synthetic", "n_synthetic", type=int, help="Synthetic reports (default: recipe).")
@click.option("--seed", type=int, help="Seed of the synthetic reports (default: recipe).")
def train(data: Path, out: Path, n_synthetic: int | None, seed: int | None) -> None:
    """Train the cell-role classifier from DATA and write it to OUT."""
    from .train import save
    from .train import train as run

    recipe = {}
    if n_synthetic is not None:
        recipe["n"] = n_synthetic
    if seed is not None:
        recipe["seed"] = seed
    result = run(data, recipe=recipe or None, progress=True)
    save(result, out)
    click.echo(json.dumps(result.metrics, ensure_ascii=False, indent=1))
    click.echo(f"model written to {out} (training data {result.fingerprint})")


@click.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--documents",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder the gold files' `source` paths are relative to.",
)
@click.option(
    "--model",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Model directory (default: $RETABLE_MODEL or the shipped model).",
)
@click.option("--rules", is_flag=True, help="Evaluate the rule-based tagger instead of the model.")
@click.option("--by", type=click.Choice(["layout", "table", "source"]), default="layout")
def evaluate(
    gold_dir: Path, documents: Path | None, model: Path | None, rules: bool, by: str
) -> None:
    """Cell accuracy, table and document exact-match per layout, and the role confusion matrix."""
    import pandas as pd

    from ..roles import RuleRoleTagger
    from ..tagger import ModelRoleTagger
    from .evaluate import cell_results, find_gold, role_confusion, summarise

    tagger = RuleRoleTagger() if rules else ModelRoleTagger.load(model)
    items = find_gold(gold_dir, documents)
    cells = cell_results(items, tagger)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        click.echo(f"tagger: {tagger.name}; {len(items)} documents\n")
        click.echo(summarise(cells, by).to_string())
        click.echo("\nrole confusion (rows: gold-aligned labels, columns: predicted)")
        click.echo(role_confusion(items, tagger).to_string())
        wrong = cells[~cells["correct"]]
        if len(wrong):
            click.echo(f"\n{len(wrong)} wrong cells (first 20):")
            click.echo(wrong.head(20).to_string(index=False))

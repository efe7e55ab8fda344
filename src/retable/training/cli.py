"""Command-line entry points of the retraining loop: annotate, train, evaluate."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

# The training data lives in the source checkout beside src/ (the annotations point at
# tests/documents), found from the package, never from the working directory.
CHECKOUT = Path(__file__).resolve().parents[3]
PACKAGE_DATA = CHECKOUT / "training_data"
# Where a model is shipped: inside the package, and the checkout's copy of it.
# (The package's path as tagger.SHIPPED has it, without importing the model code.)
SHIPPED_MODELS = (
    Path(__file__).resolve().parents[1] / "models" / "role-classifier",
    (CHECKOUT / "models" / "role-classifier").resolve(),
)
NEW_MODEL = "retable-model"  # `retable train` writes ./retable-model, -2, -3…: never over one


def data_folder(data: Path | None) -> Path:
    """The training data: ``--data``, else the checkout's training_data/ beside the package."""
    if data is not None:
        return data
    if (PACKAGE_DATA / "real").is_dir():
        return PACKAGE_DATA
    raise click.UsageError(
        f"no training data beside the package ({PACKAGE_DATA} does not exist: retable is "
        "installed from a wheel, not a source checkout); name a folder with --data"
    )


def new_model_folder(base: Path) -> Path:
    """The first of base/retable-model, retable-model-2, … that does not exist yet."""
    n = 1
    while True:
        out = base / (NEW_MODEL if n == 1 else f"{NEW_MODEL}-{n}")
        if not out.exists():
            return out
        n += 1


def is_shipped(out: Path) -> bool:
    """Whether ``out`` is (or lies inside) a folder the shipped model is kept in."""
    resolved = out.resolve()
    return any(resolved == m or resolved.is_relative_to(m) for m in SHIPPED_MODELS)


@click.command()
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Training data folder; the labels go to its real/ [the checkout's training_data].",
)
def annotate(document: Path, gold: Path, data: Path | None) -> None:
    """Label every cell of DOCUMENT by aligning it with its GOLD grid (no hand labelling)."""
    from .annotate import annotate_document, write_annotation

    data = data_folder(data)
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
    default=None,
    help="Training data folder [the checkout's training_data, wherever retable is run].",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help=f"Model folder to write [a new ./{NEW_MODEL}, ./{NEW_MODEL}-2, …].",
)
@click.option(
    "--overwrite-shipped",
    is_flag=True,
    help="Allow --out to be the shipped model (models/role-classifier): replace it.",
)
@click.option("--synthetic", "n_synthetic", type=int, help="Synthetic reports (default: recipe).")
@click.option("--seed", type=int, help="Seed of the synthetic reports (default: recipe).")
def train(
    data: Path | None,
    out: Path | None,
    overwrite_shipped: bool,
    n_synthetic: int | None,
    seed: int | None,
) -> None:
    """Train the cell-role classifier from --data and write it to a new folder (or --out).

    Use the model with RETABLE_MODEL=<folder>; the shipped model is replaced only
    with --out pointing at it and --overwrite-shipped.

    Example:

        retable train --synthetic 100 --out my-model
    """
    data = data_folder(data)
    if out is None:
        out = new_model_folder(Path.cwd())
    elif is_shipped(out) and not overwrite_shipped:
        raise click.UsageError(
            f"{out} is the shipped model; give another --out, or --overwrite-shipped to replace it"
        )
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
    click.echo(f"use it with RETABLE_MODEL={out}")


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

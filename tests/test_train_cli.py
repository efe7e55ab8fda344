"""`retable train`: a new folder by default, never over the shipped model unless asked,
and its data found from the package, whatever the working directory."""

from __future__ import annotations

import hashlib
import json

import click
import pytest
from click.testing import CliRunner
from gold_compare import DOCUMENTS

from retable.cli import main
from retable.training import cli as train_cli
from retable.training.dataset import load_annotation

SEED = "000_70eac6e8a2e0d3d2"


def _digest(folder) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


@pytest.fixture
def one_document_data(tmp_path):
    """A training folder of one real annotation (a seed report), its paths made absolute."""
    annotation = json.loads((train_cli.PACKAGE_DATA / "real" / f"{SEED}.json").read_text("utf-8"))
    annotation["document"] = str(DOCUMENTS / "seeds" / f"{SEED}.txt")
    annotation["gold"] = str(DOCUMENTS.parent / "gold" / "seeds" / f"{SEED}.json")
    data = tmp_path / "data"
    (data / "real").mkdir(parents=True)
    (data / "real" / "a.json").write_text(json.dumps(annotation, ensure_ascii=False), "utf-8")
    return data


def test_train_writes_a_new_folder_each_time_and_leaves_the_shipped_model(
    one_document_data, tmp_path, monkeypatch
):
    shipped = [_digest(m) for m in train_cli.SHIPPED_MODELS]
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    args = ["train", "--data", str(one_document_data), "--synthetic", "0"]
    first = CliRunner().invoke(main, args)
    second = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert f"model written to {work / 'retable-model'} " in first.stdout
    assert f"model written to {work / 'retable-model-2'} " in second.stdout
    for folder in ("retable-model", "retable-model-2"):
        meta = json.loads((work / folder / "model.json").read_text("utf-8"))
        assert meta["metrics"]["documents"] == 1 and meta["synthetic_recipe"]["n"] == 0
    assert [_digest(m) for m in train_cli.SHIPPED_MODELS] == shipped


@pytest.mark.parametrize("which", [0, 1])
def test_train_refuses_the_shipped_model_without_the_flag(one_document_data, which):
    shipped = train_cli.SHIPPED_MODELS[which]
    before = _digest(shipped)
    result = CliRunner().invoke(
        main, ["train", "--data", str(one_document_data), "--synthetic", "0", "--out", str(shipped)]
    )
    assert result.exit_code == 2
    assert "is the shipped model" in result.stderr and "--overwrite-shipped" in result.stderr
    assert _digest(shipped) == before


def test_training_data_is_found_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = train_cli.data_folder(None)
    assert data == train_cli.PACKAGE_DATA and (data / "real" / f"{SEED}.json").is_file()
    # the annotations point at their documents relative to themselves, not to the cwd
    samples = load_annotation(data / "real" / f"{SEED}.json")
    assert {s.table for s in samples if s.is_table} == {
        "active_disclosure",
        "requests",
        "review_litigation",
    }


def test_without_a_checkout_train_asks_for_data(tmp_path, monkeypatch):
    monkeypatch.setattr(train_cli, "PACKAGE_DATA", tmp_path / "missing")
    with pytest.raises(click.UsageError, match="name a folder with --data"):
        train_cli.data_folder(None)
    assert train_cli.data_folder(tmp_path) == tmp_path

"""The trained role classifier: estimator API, safe storage, default path, the retraining loop."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import retable
from retable.cli import main
from retable.features import cell_matrix, feature_names
from retable.pipeline import region_cells
from retable.roles import RuleRoleTagger
from retable.tagger import SHIPPED, ModelRoleTagger, shipped_tagger
from retable.training.annotate import annotate_document
from retable.training.dataset import load_annotation, to_matrix
from retable.training.estimator import CellRoleClassifier
from retable.training.train import fit_models

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training_data"
SEED = ROOT / "tests" / "documents" / "seeds" / "000_70eac6e8a2e0d3d2.txt"
GOLD = ROOT / "tests" / "gold" / "seeds" / "000_70eac6e8a2e0d3d2.json"


@pytest.fixture(scope="module")
def small_training_set():
    samples = []
    for name in ("000_70eac6e8a2e0d3d2", "001_19c900d0ac5df711", "005_pingtan-zone-2019"):
        samples += load_annotation(DATA / "real" / f"{name}.json")
    return samples


def test_estimator_api(small_training_set):
    X, y, _ = to_matrix([s for s in small_training_set if s.is_table])
    model = CellRoleClassifier(hidden=8, max_iter=50)
    assert model.get_params()["hidden"] == 8
    model.fit(X, y)
    proba = model.predict_proba(X)
    assert proba.shape == (len(X), len(model.classes_))
    assert np.allclose(proba.sum(axis=1), 1, atol=1e-5)
    assert (model.predict(X) == model.classes_[proba.argmax(axis=1)]).all()
    assert model.score(X, y) > 0.95


def test_training_is_deterministic(small_training_set):
    a, _ = fit_models(small_training_set, {"hidden": 8, "max_iter": 50})
    b, _ = fit_models(small_training_set, {"hidden": 8, "max_iter": 50})
    for wa, wb in zip(a.model_.coefs, b.model_.coefs, strict=True):
        assert np.array_equal(wa, wb)


def test_save_and_load_round_trip(tmp_path, small_training_set):
    X, y, _ = to_matrix([s for s in small_training_set if s.is_table])
    model = CellRoleClassifier(hidden=8, max_iter=50).fit(X, y)
    model.save(tmp_path, {"note": "test"})
    loaded, meta = CellRoleClassifier.load(tmp_path)
    assert meta["note"] == "test"
    assert np.allclose(model.predict_proba(X), loaded.predict_proba(X), atol=1e-6)


def test_shipped_model_is_arrays_and_json_only():
    with zipfile.ZipFile(SHIPPED / "weights.npz") as z:
        for name in z.namelist():
            assert name.endswith(".npy")
    with np.load(SHIPPED / "weights.npz", allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)
    size = sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file())
    assert size < 5_000_000
    meta = json.loads((SHIPPED / "model.json").read_text("utf-8"))
    for key in ("training_data_fingerprint", "schema_version", "metrics", "libraries", "params"):
        assert key in meta
    assert meta["features"] == len(feature_names())


def test_unreadable_model_is_a_model_error(tmp_path):
    (tmp_path / "model.json").write_text("{not json", "utf-8")
    with pytest.raises(retable.RetableError) as info:
        ModelRoleTagger.load(tmp_path)
    assert info.value.code == "model"


def test_model_is_the_default_tagger():
    report = retable.parse(SEED)
    assert report.tagger == "model"
    assert retable.parse(SEED, tagger=RuleRoleTagger()).tagger == "rules"


def test_confidence_flows_into_provenance():
    report = retable.parse(SEED)
    out = report.to_dict(provenance=True)
    assert out["tables"]["requests"]["new_received"]["total"] == 1
    cell = out["provenance"]["requests"]["new_received"]["total"]
    assert cell["raw"] == "1"
    assert 0.5 < cell["confidence"] <= 1
    grid_cell = report.tables["requests"]["new_received"]["total"]
    assert grid_cell.role_confidence > 0.9  # the classifier's probability for the value role


def test_context_decides_the_role_of_the_same_text():
    """「其他」 is a column header in the header rows and a row label among the rows."""
    doc = retable.inputs.document.load_document(SEED)
    regions = retable.locate.locate_tables(doc)

    cells = region_cells(doc, regions["requests"], "2021")
    shipped_tagger().tag(cells, "requests", "2021")
    roles = {c.role for c in cells if c.text.strip() == "其他"}
    assert {"header"} <= roles
    labels = [c for c in cells if "其他" in c.text and c.role == "label"]
    assert labels, "other_other's label 3.其他 is tagged as a row label"


def test_features_have_context_columns():
    names = feature_names()
    assert "-1:kind=number" in names and "+2:row_score" in names
    doc = retable.inputs.document.load_document(SEED)
    regions = retable.locate.locate_tables(doc)

    cells = region_cells(doc, regions["requests"], "2021")
    assert cell_matrix(cells, "requests", "2021").shape == (len(cells), len(names))


def test_annotation_reproduces_the_gold_grid():
    gold = json.loads(GOLD.read_text("utf-8"))
    annotation = annotate_document(SEED, gold)
    assert set(annotation.tables) == {"active_disclosure", "requests", "review_litigation"}
    for table in annotation.tables.values():
        assert table.wrong_with_labels == 0
        assert set(table.roles) <= {"label", "header", "value", "blank", "continuation", "noise"}


def test_annotation_fixes_roles_the_rules_get_wrong():
    """A bare page number between table rows: the rules read a value, the gold grid says noise."""
    text = SEED.read_text("utf-8").replace("\t(一)予以公开", "\t(一)予以公开\n\n7\n", 1)
    gold = json.loads(GOLD.read_text("utf-8"))
    annotation = annotate_document(text.encode("utf-8"), gold)
    requests = annotation.tables["requests"]
    assert requests.wrong_with_labels <= requests.wrong_with_rules
    assert requests.wrong_with_labels == 0


@pytest.mark.parametrize("tagger", [None, RuleRoleTagger()], ids=["model", "rules"])
def test_page_number_before_the_empty_header_cells_of_the_review_table(tagger):
    """Word's export prints the review table's empty header cells as lone tabs; with a
    page number before them they sit between printed cells and must not become values."""
    seed = "000_70eac6e8a2e0d3d2"
    gold = json.loads((ROOT / "tests" / "gold" / "seeds" / f"{seed}.json").read_text("utf-8"))
    lines = (ROOT / "tests" / "documents" / "seeds" / f"{seed}.txt").read_text("utf-8").split("\n")
    at = [i for i, line in enumerate(lines) if "复议后起诉" in line][-1]
    assert lines[at + 2 : at + 7] == ["\t"] * 5
    text = "\n".join([*lines[: at + 1], "7", *lines[at + 1 :]]).encode("utf-8")
    report = retable.parse(text, tagger=tagger)
    assert report.values("review_litigation") == gold["tables"]["review_litigation"]
    said = {w.code for w in report.warnings if w.table == "review_litigation"}
    assert said & {"extra_values", "numbers_ignored"}


def test_annotation_calls_a_page_number_noise_even_when_arithmetic_skips_it():
    """The assembler can leave a stray number out of a row by arithmetic; the label
    must still say what the number is, or the classifier learns page numbers as values."""
    seed = ROOT / "tests" / "documents" / "seeds" / "003_76f9b4547565cabc.txt"
    gold = json.loads((ROOT / "tests" / "gold" / "seeds" / f"{seed.stem}.json").read_text("utf-8"))
    lines = seed.read_text("utf-8").split("\n")
    at = [i for i, line in enumerate(lines) if "尚未审结" in line][-1]
    text = "\n".join([*lines[: at + 1], "7", *lines[at + 1 :]])
    review = annotate_document(text.encode("utf-8"), gold).tables["review_litigation"]
    assert review.wrong_with_rules == 0  # the rules' reading already gives the gold grid
    (page,) = [role for c, role in zip(review.cells, review.roles, strict=True) if c.text == "7"]
    assert page == "noise"


def test_annotate_command_writes_labels(tmp_path):
    result = CliRunner().invoke(main, ["annotate", str(SEED), str(GOLD), "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "real" / f"{SEED.stem}.json").read_text("utf-8"))
    assert (tmp_path / "real" / written["document"]).resolve() == SEED.resolve()
    roles = [c[-1] for c in written["tables"]["requests"]["cells"]]
    assert roles.count("value") >= 150


def test_evaluate_command_reports_accuracy_and_confusion():
    seeds = ROOT / "tests" / "gold" / "seeds"
    result = CliRunner().invoke(
        main, ["evaluate", str(seeds), "--documents", str(ROOT / "tests" / "documents")]
    )
    assert result.exit_code == 0, result.output
    assert "cell_accuracy" in result.output and "role confusion" in result.output
    line = next(x for x in result.output.splitlines() if x.startswith("all"))
    assert line.split()[1:4] == ["5", "998", "0"]


def test_train_command_small(tmp_path):
    data = tmp_path / "data"
    (data / "real").mkdir(parents=True)
    src = json.loads((DATA / "real" / f"{SEED.stem}.json").read_text("utf-8"))
    src["document"] = str(SEED)
    src["gold"] = str(GOLD)
    (data / "real" / f"{SEED.stem}.json").write_text(json.dumps(src), "utf-8")
    out = tmp_path / "model"
    result = CliRunner().invoke(
        main, ["train", "--data", str(data), "--out", str(out), "--synthetic", "4"]
    )
    assert result.exit_code == 0, result.output
    tagger = ModelRoleTagger.load(out)
    assert retable.parse(SEED, tagger=tagger).table("requests").loc["new_received", "total"] == 1


def test_region_model_tells_tables_from_prose():
    doc = retable.inputs.document.load_document(SEED)
    regions = retable.locate.locate_tables(doc)
    from retable.training.dataset import prose_samples

    tagger = shipped_tagger()
    cells = region_cells(doc, regions["requests"], "2021")
    assert tagger.table_probability(cells, "requests", "2021") > 0.9
    prose = prose_samples(doc, regions, "2021", "seed")
    assert prose
    assert all(tagger.table_probability(s.cells, s.table, "2021") < 0.5 for s in prose)


@pytest.mark.parametrize(
    "seed,after,occurrence",
    [("003_76f9b4547565cabc", "尚未审结", -1), ("004_6138bd5dad981167", "结果维持", 0)],
)
def test_page_number_inside_a_table_is_ignored_and_said(seed, after, occurrence):
    """A bare page number among the review table's header cells is left out, and said:
    as noise by the classifier, or as a value the row's arithmetic leaves out."""
    gold = json.loads((ROOT / "tests" / "gold" / "seeds" / f"{seed}.json").read_text("utf-8"))
    lines = (ROOT / "tests" / "documents" / "seeds" / f"{seed}.txt").read_text("utf-8").split("\n")
    at = [i for i, line in enumerate(lines) if after in line][occurrence]
    text = "\n".join([*lines[: at + 1], "7", *lines[at + 1 :]]).encode("utf-8")
    expected = gold["tables"]["review_litigation"]
    report = retable.parse(text)
    assert report.values("review_litigation") == expected
    ignored = [w for w in report.warnings if w.code == "numbers_ignored"]
    extra = [w.row for w in report.warnings if w.code == "extra_values"]
    assert [n["text"] for w in ignored for n in w.detail["numbers"]] == ["7"] or extra == ["cases"]
    # The rules read it as a value; the row's arithmetic leaves it out, and says so.
    rules = retable.parse(text, tagger=RuleRoleTagger())
    assert rules.values("review_litigation") == expected
    assert [w.row for w in rules.warnings if w.code == "extra_values"] == ["cases"]


def test_empty_cells_inside_a_row_are_never_noise():
    """``| 行政许可 |  |  | 282 |``: a row's own empty cells (between its label and a
    value on the same line) are kept from the noise class; empty cells after the last
    value, or in a header line, are not."""
    from retable.inputs.document import build_document
    from retable.tagger import _inside_rows
    from retable.types import Region

    text = "| 信息内容 |  | 本年增/减 |\n| 行政许可 |  |  | 282 |  |\n"
    doc = build_document("x.txt", text, "utf-8")
    end = (len(doc.lines) - 1, len(doc.lines[-1].text))
    cells = region_cells(doc, Region("active_disclosure", (0, 0), end), "2021")
    line = next(c.span.line for c in cells if c.text == "行政许可")
    inside = [(cells[i].span.line, cells[i].text) for i in _inside_rows(cells)]
    assert inside == [(line, ""), (line, "")]
    assert len([c for c in cells if c.span.line == line]) == 5


def test_printed_blanks_inside_a_row_are_never_noise():
    """``| 规章 | nan | nan | 88 |``: pandas' NaN (like — or /) is the row's own blank."""
    from retable.inputs.document import build_document
    from retable.tagger import _inside_rows
    from retable.types import Region

    text = "| 规章 | nan | — | 88 | 88 |\n"
    doc = build_document("x.txt", text, "utf-8")
    cells = region_cells(doc, Region("active_disclosure", (0, 0), (0, len(text) - 1)), "2021")
    assert [cells[i].text for i in _inside_rows(cells)] == ["nan", "—"]

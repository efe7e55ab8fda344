"""Stage roles (the trained tagger): the cells of a region → the shipped model's role each.

The expected roles are those written in ``training_data/real/<document>.json`` (by
``retable annotate``, which aligns the document's cells with its gold grid), matched
to today's cells by their source span. The region model says whether a region is a
table at all; the pipeline reports one it scores below 0.5 as ``not_a_table``.
"""

from __future__ import annotations

import json
import shutil

import pytest
from stage_inputs import DOCUMENTS, TRAINING, located, model_tagged

from retable.classifier import ALLOWED
from retable.errors import ModelError
from retable.pipeline import NOT_A_TABLE, region_cells
from retable.tagger import MODEL_ENV, SHIPPED, ModelRoleTagger, shipped_tagger
from retable.types import Region

SEED = "seeds/003_76f9b4547565cabc.txt"


def _annotated(name: str) -> tuple[str, dict[str, dict[tuple[int, int, int], tuple[str, str]]]]:
    """The document a training file names, and its annotated (text, role) per cell span."""
    data = json.loads((TRAINING / f"{name}.json").read_text("utf-8"))
    relative = (TRAINING / data["document"]).resolve().relative_to(DOCUMENTS.resolve())
    tables = {
        table: {(line, start, end): (text, role) for line, start, end, text, role in t["cells"]}
        for table, t in data["tables"].items()
    }
    return str(relative), tables


def _differences(name: str) -> dict[str, list]:
    relative, tables = _annotated(name)
    out = {}
    for table, expected in tables.items():
        got = {tuple(c.span): (c.text, c.role) for c in model_tagged(relative, table)}
        out[table] = sorted(
            (span, expected.get(span), got.get(span))
            for span in expected.keys() | got.keys()
            if expected.get(span) != got.get(span)
        )
    return out


@pytest.mark.parametrize(
    "name",
    [
        "000_70eac6e8a2e0d3d2",  # one cell a line after a tab
        "001_19c900d0ac5df711",  # pipes, traditional script
        "001_shanghai-govoffice-2019",  # HTML, 2019 form
        "004_shanghai-govoffice-2025",  # Markdown with rows cut by page breaks
        "012_shuyang-fgj-2023.pdf-pymupdf",  # a PDF's text
    ],
)
def test_the_model_gives_every_cell_its_annotated_role(name):
    assert _differences(name) == {
        "active_disclosure": [],
        "requests": [],
        "review_litigation": [],
    }


def test_on_a_flattened_report_only_the_next_sections_numbers_differ():
    # The annotation of the one-line 2019 report holds, at the end of each table,
    # the section number of the next one (三、 / 四、政府信息公开 / 五、), which locate
    # now leaves out of the region; every cell both have gets its annotated role.
    assert _differences("005_pingtan-zone-2019") == {
        "active_disclosure": [((1, 4538, 4540), ("三、", "noise"), None)],
        "requests": [((1, 5128, 5136), ("四、政府信息公开", "label"), None)],
        "review_litigation": [((1, 5238, 5240), ("五、", "noise"), None)],
    }


def test_a_cell_only_takes_a_role_its_shape_allows():
    for table in located(SEED).regions:
        for cell in model_tagged(SEED, table):
            assert cell.role in ALLOWED[cell.kind], (cell.text, cell.role)
            assert 0.0 < cell.confidence <= 1.0
            assert cell.confidence == round(cell.confidence, 4)


def test_the_region_model_tells_a_table_from_prose():
    found = located(SEED)
    tagger = shipped_tagger()
    for table in found.regions:
        tagged = model_tagged(SEED, table)
        assert tagger.table_probability(tagged, table, found.form) > 0.999
    # Lines 5-27 of the seed: the introduction, whose paragraphs speak of 主动公开
    # and 依申请公开, taken as if it were each table (whatever roles its cells get,
    # the region score is what tells the pipeline it is not a table).
    for table in found.regions:
        prose_region = Region(table, (4, 0), (27, 0), space_coded=found.regions[table].space_coded)
        prose = region_cells(found.doc, prose_region, found.form)
        tagger.tag(prose, table, found.form)
        assert tagger.table_probability(prose, table, found.form) < 0.001 < NOT_A_TABLE
        assert len(prose) == 57


def test_a_model_named_by_the_environment_is_loaded_or_refused(tmp_path, monkeypatch):
    copy = tmp_path / "model"
    shutil.copytree(SHIPPED, copy)
    monkeypatch.setenv(MODEL_ENV, str(copy))
    loaded = ModelRoleTagger.load()
    assert loaded.region_model is not None
    assert [str(c) for c in loaded.model.classes_] == [
        str(c) for c in shipped_tagger().model.classes_
    ]
    (copy / "weights.npz").unlink()
    with pytest.raises(ModelError, match="cannot load model"):
        ModelRoleTagger.load()
    meta = json.loads((SHIPPED / "model.json").read_text("utf-8"))
    shutil.copy(SHIPPED / "weights.npz", copy / "weights.npz")
    (copy / "model.json").write_text(json.dumps({**meta, "classes": ["value", "total"]}), "utf-8")
    with pytest.raises(ModelError, match=r"unknown roles \['total'\]"):
        ModelRoleTagger.load()

"""Synthetic reports: consistent grids, reproducible files, every layout, parser round trip."""

from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from gold_compare import compare
from hypothesis import given, settings
from hypothesis import strategies as st

import retable
from retable.cli import main
from retable.schema import load_schema
from retable.training.grid import grid_checks, random_grid
from retable.training.htmlout import available
from retable.training.render import LAYOUTS, render
from retable.training.synth import generate, synthesize

CLEAN = ("html", "pipe", "tab", "tab-prefixed", "markdown", "one-per-line", "blank-line")


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), form=st.sampled_from(["2021", "2019"]))
def test_grid_satisfies_every_identity(seed, form):
    grid = random_grid(random.Random(seed), form)
    checks = grid_checks(grid, form)
    assert [c for c in checks if c.status == "fail"] == []
    assert any(c.status == "pass" for c in checks)


@pytest.mark.parametrize("form", ["2021", "2019"])
def test_grid_has_the_schema_shape(form):
    schema = load_schema()
    grid = random_grid(random.Random(7), form)
    for key, rows in grid.items():
        spec = schema.table(key)
        assert list(rows) == [r.key for r in spec.rows_for(form)]
        for row in spec.rows_for(form):
            assert tuple(rows[row.key]) == spec.row_columns(row, form)


def test_values_look_like_reports():
    values = []
    for seed in range(40):
        grid = random_grid(random.Random(seed), "2021")
        values += [v for v in grid["requests"].values() for v in v.values()]
    numbers = [v for v in values if v is not None]
    assert sum(v == 0 for v in numbers) > len(numbers) / 2
    assert max(numbers) > 50


def test_generate_is_reproducible(tmp_path):
    a = generate(len(LAYOUTS), 11, tmp_path / "a")
    b = generate(len(LAYOUTS), 11, tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    for x, y in zip(a, b, strict=True):
        assert x.read_bytes() == y.read_bytes()


def test_gold_file_format(tmp_path):
    paths = generate(3, 5, tmp_path, ["pipe", "html", "tab"])
    golds = [json.loads(p.read_text("utf-8")) for p in paths if p.suffix == ".json"]
    for gold in golds:
        assert {"source", "form", "year", "agency", "tables", "recovered", "unrecoverable"} <= set(
            gold
        )
        assert (tmp_path / gold["source"]).exists()
        assert gold["layout"] in LAYOUTS
        assert isinstance(gold["perturbations"], list)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_renders(layout):
    if not available(layout):
        pytest.skip(f"{layout} converter not installed")
    for seed in range(3):
        rng = random.Random(seed)
        grid = random_grid(rng, "2021")
        text = render(grid, "2021", 2023, "柳州市科学技术局", layout, rng).text
        assert "收到和处理政府信息公开申请情况" in text or "收到和處理" in text


def _round_trip(layout: str, blanks: bool, seeds: range) -> list[str]:
    failures = []
    for seed in seeds:
        rendered, gold = synthesize(random.Random(seed), layout, blanks=blanks, perturb=False)
        name = "x.html" if layout == "html" else "x.txt"
        report = retable.parse(rendered.text, name=name)
        mismatches = compare(gold, {t: report.values(t) for t in report.tables})
        failures += [f"seed {seed}: {m}" for m in mismatches]
    return failures


@pytest.mark.parametrize("layout", CLEAN)
def test_round_trip_every_cell(layout):
    failures = _round_trip(layout, blanks=False, seeds=range(12))
    assert not failures, "\n".join(failures[:10])


@pytest.mark.parametrize("layout", [*CLEAN, "bs4-get-text", "html2text", "w3m"])
def test_round_trip_with_blank_cells(layout):
    # Blank (null) cells: empty cells at a row's edges, a printed "—", a lone tab,
    # an &nbsp; cell on a line of its own (bs4-get-text).
    if not available(layout):
        pytest.skip(f"{layout} converter not installed")
    failures = _round_trip(layout, blanks=True, seeds=range(0, 30))
    assert not failures, "\n".join(failures[:10])


@pytest.mark.parametrize(
    ("layout", "at_most"),
    [
        # each cell between the lines of its tags (re.sub of a CMS's indented HTML):
        # where the lines of tags are all alike and few runs hold empty cells, how
        # many a run holds is not certain
        ("tags-stripped", 10),
        # Selenium's element.text, an empty cell as two spaces: a report with too few
        # empty cells does not show that its spaces count them
        ("webdriver", 4),
    ],
)
def test_round_trip_where_empty_cells_may_be_uncertain(layout, at_most):
    failures = _round_trip(layout, blanks=False, seeds=range(12))
    assert not failures, "\n".join(failures[:10])
    # With empty cells, those the text leaves uncertain stay empty; none is wrong.
    failures = _round_trip(layout, blanks=True, seeds=range(30))
    assert len(failures) <= at_most
    assert all(f.endswith("got None") for f in failures), "\n".join(failures)


def test_cli_synth(tmp_path):
    result = CliRunner().invoke(
        main, ["synth", "-n", "2", "--seed", "4", "-o", str(tmp_path), "--layout", "pipe"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "0000_pipe.json",
        "0000_pipe.txt",
        "0001_pipe.json",
        "0001_pipe.txt",
    ]


def test_round_trip_of_drissionpage_text():
    # DrissionPage's .text: cells after a row's first one tab-prefixed, an empty one
    # that held &nbsp; as a tab and a space
    for blanks in (False, True):
        failures = _round_trip("drissionpage", blanks=blanks, seeds=range(20))
        assert not failures, "\n".join(failures[:10])


@pytest.mark.parametrize("name", ["001_shanghai-govoffice-2019", "012_shuyang-fgj-2023"])
@pytest.mark.parametrize("layout", ["webdriver", "drissionpage"])
def test_layout_is_what_the_tool_gives(layout, name):
    """The synthetic layouts render a page exactly as the real tool did (Selenium's
    element.text, DrissionPage's .text)."""
    from gold_compare import DOCUMENTS

    from retable.training.htmlout import convert

    page = (DOCUMENTS / "corpus" / f"{name}.html").read_text("utf-8")
    suffix = {"webdriver": "selenium", "drissionpage": "drission"}[layout]
    real = (DOCUMENTS / "converted" / f"{name}.{suffix}-text.txt").read_text("utf-8")
    assert convert(page, layout) == real

"""Stage features: the cells of a region → one numeric row per cell for the classifier.

The values asserted are those of cells of the tab-prefixed seed (one cell a line,
each after a tab), read off the document: its first row label, a value, the wrapped
half of a header, and a value pushed onto a line of its own.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stage_inputs import cell_at, cells, located, model_tagged

from retable.features import (
    CELL_FEATURES,
    WINDOW,
    cell_matrix,
    feature_names,
    own_features,
    region_vector,
)

SEED = "seeds/000_70eac6e8a2e0d3d2.txt"
PDFMINER = "converted/012_shuyang-fgj-2023.pdf-pdfminer.txt"
NAMES = feature_names()


@pytest.fixture(scope="module")
def seed():
    found = cells(SEED, "requests")
    return found, cell_matrix(found, "requests", located(SEED).form)


def _own(matrix: np.ndarray, i: int) -> dict[str, float]:
    """The cell's own features that are not zero, rounded to four places."""
    return {
        n: round(float(v), 4) for n, v in zip(NAMES, matrix[i], strict=True) if v and ":" not in n
    }


def test_one_row_per_cell_and_one_column_per_name(seed):
    found, matrix = seed
    assert len(NAMES) == (2 * WINDOW + 1) * len(CELL_FEATURES) + 2 * WINDOW == 229
    assert matrix.shape == (len(found), len(NAMES)) == (261, 229)
    assert matrix.dtype == np.float32
    assert np.isfinite(matrix).all()


LAYOUT = {"row_size=1": 1.0, "col=0": 1.0, "last_in_row": 1.0, "region_tab_prefixed": 1.0}
OWN = [
    (
        89,
        "一、本年新收政府信息公开申请数量",
        {
            "kind=text": 1.0,
            "gap_above_usual": 1.0,  # the blank line above the first row
            "len_log": round(math.log1p(16), 4),
            "cjk_share": 0.9375,  # 15 of 16 characters: 一 … 量, not 、
            "has_item_number": 1.0,
            "row_score": 1.0,
            "column_score": 0.1111,
            "row_minus_column": 0.8889,
            "position": round(17 / 261, 4),
            "before_first_number": 1.0,
            "rule=label": 1.0,
            "rule_confidence": 1.0,
        },
    ),
    (
        90,
        "1",
        {
            "kind=number": 1.0,
            "len_log": round(math.log1p(1), 4),
            "digit_share": 1.0,
            "position": round(18 / 261, 4),
            "rule=value": 1.0,
            "rule_confidence": 0.95,
        },
    ),
    (
        81,
        "企业",  # 商业\n企业: no tab before it, unlike the region's other lines
        {
            "kind=text": 1.0,
            "layout_unusual": 1.0,
            "separator_unusual": 1.0,
            "len_log": round(math.log1p(2), 4),
            "cjk_share": 1.0,
            "column_score": 0.6667,
            "row_minus_column": -0.6667,
            "position": round(10 / 261, 4),
            "before_first_number": 1.0,
            "rule=continuation": 1.0,
            "rule_confidence": 0.9,
        },
    ),
    (
        126,
        "0",  # pushed under its empty cell
        {
            "kind=number": 1.0,
            "layout_unusual": 1.0,
            "separator_unusual": 1.0,
            "len_log": round(math.log1p(1), 4),
            "digit_share": 1.0,
            "value_zero": 1.0,
            "position": round(51 / 261, 4),
            "numbers_before_share": round(27 / 51, 4),
            "rule=continuation": 1.0,
            "rule_confidence": 0.9,
        },
    ),
]


@pytest.mark.parametrize(("line", "text", "expected"), OWN)
def test_named_features_of_cells(seed, line, text, expected):
    found, matrix = seed
    i = found.index(cell_at(found, line, text))
    assert _own(matrix, i) == {**LAYOUT, **expected}


def test_neighbours_and_padding_at_the_edges(seed):
    found, matrix = seed
    at = {n: i for i, n in enumerate(NAMES)}
    first, last = matrix[0], matrix[len(found) - 1]
    assert (first[at["-1:pad"]], first[at["-2:pad"]], first[at["+1:pad"]]) == (1, 1, 0)
    assert (last[at["+1:pad"]], last[at["+2:pad"]], last[at["-1:pad"]]) == (1, 1, 0)
    # Cell 1 is the 勾稽关系 note, a header with a bracket: what cell 0 sees at +1.
    assert found[1].text.startswith("（本列数据的勾稽关系为")
    assert first[at["+1:rule=header"]] == 1 and first[at["+1:opens_bracket"]] == 1
    # Cell 0's +1 block is cell 1's own features.
    size, start, mine = len(CELL_FEATURES), at[f"+1:{CELL_FEATURES[0]}"], at[CELL_FEATURES[0]]
    assert np.array_equal(matrix[0, start : start + size], matrix[1, mine : mine + size])


def test_a_pdf_line_that_completes_the_label_above_gains_from_merging():
    found = cells(PDFMINER, "requests")
    matrix = cell_matrix(found, "requests", located(PDFMINER).form)
    head = cell_at(found, 323, "2.申请人逾期未按收")
    tail = cell_at(found, 325, "费通知要求缴纳费用、行")
    i = found.index(tail)
    assert found.index(head) == i - 1
    own = _own(matrix, i)
    assert (own["row_score"], own["merged_row_gain"]) == (0.794, 0.1234)


def test_features_leave_the_cells_roles_as_they_were():
    tagged = model_tagged(SEED, "review_litigation")
    before = [(c.role, c.confidence) for c in tagged]
    own, rules = own_features(tagged, "review_litigation", located(SEED).form)
    assert [(c.role, c.confidence) for c in tagged] == before
    assert own.shape == (len(tagged), len(CELL_FEATURES)) == (51, 45)
    assert len(rules) == 51


def test_a_region_vector_is_the_mean_row_and_the_region_size(seed):
    found, matrix = seed
    vector = region_vector(found, "requests", located(SEED).form)
    assert vector.shape == (len(CELL_FEATURES) + 1,)
    assert vector[-1] == pytest.approx(math.log1p(261))
    mine = NAMES.index(CELL_FEATURES[0])  # the cell's own block, after -2 and -1
    assert mine == 2 * (len(CELL_FEATURES) + 1)
    own = matrix[:, mine : mine + len(CELL_FEATURES)]
    assert np.allclose(vector[:-1], own.mean(axis=0))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(range(261)), min_size=1, max_size=30, unique=True))
def test_any_subset_of_cells_gives_a_finite_matrix_of_its_size(seed, picks):
    found, _ = seed
    subset = [found[i] for i in sorted(picks)]
    matrix = cell_matrix(subset, "requests", "2021")
    assert matrix.shape == (len(subset), len(NAMES))
    assert np.isfinite(matrix).all()

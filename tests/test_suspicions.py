"""Warnings for grids that pass every check but may hide a lost value."""

from __future__ import annotations

from retable.suspicions import blank_cell_warnings
from retable.types import GridCell

COLUMNS = ("natural_person", "commercial_enterprise", "total")


def _grid(rows: dict[str, tuple]) -> dict[str, dict[str, GridCell]]:
    """Rows of (value or None for a printed empty cell, …) per column."""
    return {
        row: {
            col: GridCell("requests", row, col, v, "" if v is None else str(v), None, 1.0, 1.0, 1.0)
            for col, v in zip(COLUMNS, values, strict=True)
        }
        for row, values in rows.items()
    }


def _warned(grid) -> dict[str, list[str]]:
    return {w.row: w.detail["columns"] for w in blank_cell_warnings("requests", grid)}


def test_one_empty_cell_where_the_table_prints_its_zeros():
    rows = {f"r{i}": (i, 0, i) for i in range(10)}
    rows["r3"] = (3, None, 3)
    assert _warned(_grid(rows)) == {"r3": ["commercial_enterprise"]}


def test_empty_cells_are_the_convention_of_a_table_that_prints_many():
    rows = {f"r{i}": (i, None, i) for i in range(10)}
    assert _warned(_grid(rows)) == {}


def test_an_empty_cell_in_a_column_filled_in_every_other_row_stands_out():
    # 012 prints 自然人 and 总计 and leaves the organisations blank: a row whose
    # 自然人 and 总计 are empty too lost its values (a row split by a page break)
    rows = {f"r{i}": (i, None, i) for i in range(10)}
    rows["r7"] = (None, None, None)
    assert _warned(_grid(rows)) == {"r7": ["natural_person", "total"]}


def test_a_cell_read_as_blank_with_nothing_printed_counts_as_empty():
    rows = {f"r{i}": (i, 0, i) for i in range(10)}
    grid = _grid(rows)
    grid["r5"]["total"] = GridCell("requests", "r5", "total", None, None, None, 0.5, 0.0, 1.0)
    assert _warned(grid) == {"r5": ["total"]}
    unresolved = GridCell(
        "requests", "r5", "total", None, None, None, 0.3, 0.0, 1.0, ("unresolved",)
    )
    grid["r5"]["total"] = unresolved  # already reported as unrecoverable
    assert _warned(grid) == {}


REVIEW = (
    "review_upheld",
    "review_corrected",
    "review_other",
    "review_pending",
    "review_total",
    "direct_suit_upheld",
    "direct_suit_corrected",
    "direct_suit_other",
    "direct_suit_pending",
    "direct_suit_total",
    "suit_after_review_upheld",
    "suit_after_review_corrected",
    "suit_after_review_other",
    "suit_after_review_pending",
    "suit_after_review_total",
)


def _review(values: tuple) -> dict[str, dict[str, GridCell]]:
    return {
        "cases": {
            col: GridCell("review_litigation", "cases", col, v, "" if v is None else str(v), None)
            for col, v in zip(REVIEW, values, strict=True)
        }
    }


def test_two_empty_cells_in_the_one_row_of_reviews_and_lawsuits():
    grid = _review((1, 0, 0, 0, 1, None, 0, 0, 0, 0, 0, 0, None, 0, 0))
    (warning,) = blank_cell_warnings("review_litigation", grid)
    assert warning.detail["columns"] == ["direct_suit_upheld", "suit_after_review_other"]


def test_a_lost_total_beside_its_printed_parts():
    """复议 总计 7 lost: the skipped identity still says a value is missing."""
    from retable.suspicions import blank_side_warnings

    grid = _review((5, 1, 0, 1, None, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    (warning,) = blank_side_warnings("review_litigation", grid, "2021")
    assert (warning.code, warning.detail) == (
        "blank_side",
        {"check": "review_litigation.review_total", "where": "cases"},
    )
    assert blank_side_warnings("review_litigation", _review((0,) * 15), "2021") == []


def test_a_value_lost_from_an_html_cell_under_its_printed_total():
    """001 prints 其他组织 予以公开 1 and （七） 1, the rest of the column empty: the 1 lost
    from its ``<td>`` leaves （一）至（六） empty under a total of 1, which no check sees."""
    from pathlib import Path

    import retable

    text = (Path(__file__).parent / "documents/corpus/001_shanghai-govoffice-2019.html").read_text(
        "utf-8"
    )
    row = text.index("（一）予以公开")
    cells = [text.index('<p align="center">1</p>', row)]
    cells.append(text.index('<p align="center">1</p>', cells[0] + 1))  # 法人, then 其他组织
    at = cells[1] + len('<p align="center">')
    clean = retable.parse(text, name="001.html")
    lost = retable.parse(text[:at] + text[at + 1 :], name="001.html")
    assert clean.values("requests")["granted"]["other_org"] == 1
    assert lost.values("requests")["granted"]["other_org"] is None
    assert not [w for w in clean.warnings if w.code == "blank_side"]
    assert [(w.code, w.column, w.detail) for w in lost.warnings if w.code == "blank_side"] == [
        (
            "blank_side",
            "other_org",
            {"check": "requests.processed_total", "where": "other_org"},
        )
    ]

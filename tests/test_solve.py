"""Fitting printed values to columns: fused digits, lost cells, ambiguity."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retable.solve import COST_EDGE_PIPE, cut_counts, fit_row, slot_from_text, split_token

ROW = [((6,), (0, 1, 2, 3, 4, 5))]


def slots(*texts):
    return [slot_from_text(t, i, t == "") for i, t in enumerate(texts)]


def bordered(*texts):
    """Cells with borders around them (pipe, tab): digits are never cut."""
    return [slot_from_text(t, i, t == "", splittable=False) for i, t in enumerate(texts)]


def test_fused_run_split_by_row_total():
    (cand,) = fit_row(slots("21710000218"), 7, ROW)
    assert cand.values == (217, 1, 0, 0, 0, 0, 218)
    assert cand.kind == "split"


def test_a_cut_the_row_total_cannot_confirm_is_not_made():
    # A PDF whose table ran off the page keeps four of seven cells: cutting 821 and
    # 35 into single digits would fill the row, but with its total lost nothing
    # confirms that reading, so the row stays unknown.
    printed = [
        slot_from_text(t, i, t == "\u00a0") for i, t in enumerate(("821", "35", "\u00a0", "\u00a0"))
    ]
    cands = fit_row(printed, 7, ROW)
    assert all(c.kind != "split" for c in cands)
    assert all(c.values[0] != 8 for c in cands)


def test_a_cut_with_a_printed_dash_total_is_confirmed_by_it():
    printed = [slot_from_text(t, i, t == "—") for i, t in enumerate(("00000", "0", "—"))]
    (cand,) = fit_row(printed, 7, ROW)
    assert cand.kind == "split"
    assert cand.values == (0, 0, 0, 0, 0, 0, None)


def test_space_separated_fused_runs():
    (cand,) = fit_row(slots("230", "000023"), 7, ROW)
    assert cand.values == (23, 0, 0, 0, 0, 0, 23)


def test_no_leading_zeros_and_sign_stays_first():
    assert list(split_token("-18538", 2)) == [(-1, 8538), (-18, 538), (-185, 38), (-1853, 8)]
    assert set(split_token("012", 2)) == {(0, 12)}  # never 01|2


def test_lost_cell_recovered_by_row_total():
    cands = fit_row(slots("1", "0", "0", "0", "0", "1"), 7, ROW)
    readings = {c.values for c in cands}
    assert (1, 0, 0, 0, 0, 0, 1) in readings
    assert all(c.kind == "missing" and c.derived for c in cands)


def test_exact_row_is_taken_as_printed_even_if_inconsistent():
    (cand,) = fit_row(slots("1", "0", "0", "0", "0", "0", "5"), 7, ROW)
    assert cand.values == (1, 0, 0, 0, 0, 0, 5)


def test_without_arithmetic_a_lost_cell_is_not_guessed():
    printed = [slot_from_text(t, i, False, splittable=False) for i, t in enumerate(("22", "235"))]
    (cand,) = fit_row(printed, 3)
    assert cand.values == (None, None, None)
    assert cand.unresolved == (0, 1, 2)


def test_without_arithmetic_fused_splits_are_all_offered():
    cands = fit_row(slots("898989"), 3)
    assert cands[0].values == (89, 89, 89)
    assert len(cands) > 1


def test_between_equal_cuts_the_smaller_counts_win_outside_cumulative_columns():
    # 上一年项目数量 | 本年增/减 | 处理决定数量 fused as "1402": 14 | 0 | 2, not 1 | 40 | 2
    cands = fit_row(slots("1402"), 3, cumulative=[True, False, False])
    assert cands[0].values == (14, 0, 2)
    assert (1, 40, 2) in [c.values for c in cands]
    # 本年新制作数量 | 本年新公开数量 | 对外公开总数量: the total is the large one
    assert fit_row(slots("4486"), 3, cumulative=[False, False, True])[0].values == (4, 4, 86)
    # the digits' lengths still come first: 898989 is 89 | 89 | 89
    assert fit_row(slots("898989"), 3, cumulative=[False, False, True])[0].values == (89, 89, 89)


def test_between_cuts_the_arithmetic_allows_the_smaller_counts_win():
    # 11 | 0 | 1 | 0 and 1 | 1 | 0 | 10 both sum to the printed 12
    row = [((4,), (0, 1, 2, 3))]
    cands = fit_row(slots("11010", "12"), 5, row)
    assert cands[0].values == (11, 0, 1, 0, 12)
    assert (1, 1, 0, 10, 12) in [c.values for c in cands]


def test_bordered_cells_are_never_split():
    cands = fit_row([slot_from_text("235", 0, False, splittable=False)], 2)
    assert all(c.kind != "split" for c in cands)


def test_empty_cells_on_both_sides_of_a_lone_value():
    # "| 其他对外管理服务事项 |  | 0 |  |" followed by the empty cells of a header row
    (cand, *_) = fit_row(bordered("", "0", "", "", "", ""), 3, edge_cost=COST_EDGE_PIPE)
    assert cand.values == (None, 0, None)
    assert cand.sources == (0, 1, 2)


def test_more_empty_cells_after_a_value_than_one():
    # "| 行政处罚 | 86 |  |  ||": two blanks and an empty cell made by a doubled border
    (cand, *_) = fit_row(bordered("86", "", "", ""), 3, edge_cost=COST_EDGE_PIPE)
    assert cand.values == (86, None, None)


def test_readings_with_more_empty_border_cells_cost_more():
    # the readings taken before (all empty cells of one side) keep their rank
    cands = fit_row(bordered("", "", "5", "", ""), 3)
    assert cands[0].values in {(None, None, 5), (5, None, None)}
    assert cands[0].cost < next(c for c in cands if c.values == (None, 5, None)).cost


def test_a_printed_dash_at_the_edge_is_a_blank_not_structure():
    # one cell per line: "—", "0", "47" is (blank, 0, 47), not 0 | 4 | 7 cut out of "47"
    printed = [slot_from_text(t, i, t == "—") for i, t in enumerate(("—", "0", "47"))]
    (cand, *rest) = fit_row(printed, 3)
    assert cand.values == (None, 0, 47)
    assert cand.kind == "exact"
    assert rest == []


def test_an_empty_cell_in_text_without_borders_was_printed():
    # a line holding only a no-break space (an empty <td> as text): (blank, 0, 47)
    (cand, *_) = fit_row(slots("", "0", "47"), 3)
    assert cand.values == (None, 0, 47)
    assert cand.kind == "exact"


def test_a_stray_number_before_the_values_is_left_out_by_arithmetic():
    # a page number "5" printed just before the row's values: 8 values for 7 columns
    cands = fit_row(bordered("5", "1", "0", "0", "0", "0", "2", "3"), 7, ROW)
    assert cands[0].values == (1, 0, 0, 0, 0, 2, 3)
    assert cands[0].kind == "left_out"
    assert cands[0].sources == (1, 2, 3, 4, 5, 6, 7)


def test_without_arithmetic_extra_values_are_cut_at_the_end():
    (cand,) = fit_row(bordered("5", "1", "2", "3"), 3)
    assert (cand.values, cand.kind) == ((5, 1, 2), "extra")


def test_extra_values_cut_against_the_arithmetic_stay_a_guess():
    # 8 values for 7 columns, no choice confirmed: the first seven, marked as a guess
    cands = fit_row(bordered("26", "0", "26", "0", "26", "0", "26", "0"), 7, ROW)
    assert (cands[0].values, cands[0].kind) == ((26, 0, 26, 0, 26, 0, 26), "extra")


def test_a_printed_dash_confirms_a_total_like_a_zero():
    """``4 0 — — — — — 0``: a garbled item number 4 before a row of zeros and dashes."""
    texts = ("4", "0", "—", "—", "—", "—", "—", "0")
    cands = fit_row([slot_from_text(t, i, t == "—") for i, t in enumerate(texts)], 7, ROW)
    assert cands[0].values == (0, None, None, None, None, None, 0)
    assert cands[0].sources == (1, 2, 3, 4, 5, 6, 7)


def test_empty_cells_padding_a_spanned_cell_are_left_out():
    """``| 规章 | 13 | 13 |  | 524 |``: a converter wrote one empty cell per spanned column."""
    cands = fit_row(bordered("13", "13", "", "524"), 3)
    assert cands[0].values == (13, 13, 524)
    assert cands[0].sources == (0, 1, 3)


def test_padding_is_not_left_out_against_the_arithmetic():
    cands = fit_row(bordered("1", "", "0", "0", "0", "0", "2", "4"), 7, ROW)
    assert (1, 0, 0, 0, 0, 2, 4) not in {c.values for c in cands}


def test_a_value_repeated_for_each_spanned_column_is_read_once():
    """python-docx writes a merged cell's text once per grid column: ``13 13 13 524``."""
    cands = fit_row(bordered("13", "13", "13", "524"), 3, one_line=True)
    assert (cands[0].values, cands[0].kind) == ((13, 13, 524), "repeated")
    cands = fit_row(bordered("6", "6", "251000", "251000"), 2, one_line=True)
    assert cands[0].values == (6, 251000)


def test_repeats_are_not_left_out_when_a_line_of_its_own_got_in():
    # a page number on the line after 0 0 0: the values of the row come first
    cands = fit_row(bordered("0", "0", "235", "5"), 3)
    assert cands[0].values == (0, 0, 235)


def test_repeats_are_not_left_out_when_which_ones_is_ambiguous():
    cands = fit_row(bordered("1", "1", "2", "2"), 3, one_line=True)
    assert cands[0].values == (1, 1, 2)


def test_dropped_empty_cells_keep_the_total_the_parts_add_up_to():
    """``821 35 2 1 859`` for seven columns: 859 is the 总计, the parts have no place."""
    (cand,) = fit_row(slots("821", "35", "2", "1", "859"), 7, ROW)
    assert cand.values == (None,) * 6 + (859,)
    assert cand.sources[6] == 4
    assert cand.unresolved == (0, 1, 2, 3, 4, 5)


def test_a_total_the_parts_do_not_add_up_to_is_not_placed():
    (cand,) = fit_row(slots("821", "35", "2", "1", "860"), 7, ROW)
    assert cand.values == (None,) * 7
    assert cand.unresolved == tuple(range(7))


REVIEW = [((4,), (0, 1, 2, 3)), ((9,), (5, 6, 7, 8)), ((14,), (10, 11, 12, 13))]


def test_each_block_keeps_its_total_when_the_runs_are_unambiguous():
    (cand,) = fit_row(slots("5", "2", "7", "8", "1", "9", "3", "3"), 15, REVIEW)
    assert [cand.values[j] for j in (4, 9, 14)] == [7, 9, 3]
    assert set(cand.unresolved) == {0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13}


def test_fewer_runs_than_blocks_place_nothing():
    """Two totals for three kinds of case: which kinds they belong to is unknown."""
    (cand,) = fit_row(slots("5", "2", "7", "8", "1", "9"), 15, REVIEW)
    assert cand.values == (None,) * 15


def test_empty_cells_of_a_grid_dump_are_never_padding():
    # pandas writes a value spanning two columns twice and an empty cell as one:
    # ", 0, 0" is a blank and one value, not padding before two values
    printed = [
        slot_from_text(t, i, t == "", splittable=False) for i, t in enumerate(("", "0", "0"))
    ]
    assert fit_row(printed, 2, edge_blanks_real=True, one_line=True)[0].values == (0, 0)
    (best, *_) = fit_row(printed, 2, edge_blanks_real=True, one_line=True, spans_filled=True)
    assert best.values == (None, 0)
    assert best.kind == "repeated"


def test_without_arithmetic_values_on_lines_of_their_own_are_not_cut():
    # turndown drops an empty cell: "0" and "13" on lines of their own are two cells
    # of three, not 0 | 1 | 3; on one line (fused text) the run may be cut
    printed = slots("0", "13")
    (cand,) = fit_row(printed, 3)
    assert cand.values == (None, None, None) and cand.unresolved == (0, 1, 2)
    assert fit_row(printed, 3, one_line=True)[0].values == (0, 1, 3)
    # ... unless spaces stand between them on that line: PDF text (规范性文件 0 13)
    # draws no empty cell, so one is lost, not fused
    (cand,) = fit_row(printed, 3, one_line=True, spaced=True)
    assert cand.values == (None, None, None) and cand.unresolved == (0, 1, 2)


def test_a_tools_nan_at_the_edge_is_structure_like_an_empty_cell():
    # pandas.read_excel: a merged label's further columns come out NaN, like empty cells
    printed = [
        slot_from_text(t, i, t in ("", "NaN"), splittable=False)
        for i, t in enumerate(("NaN", "NaN", "26", "", "", "", "", "", "26"))
    ]
    (best, *_) = fit_row(printed, 7, ROW)
    assert best.values == (26, None, None, None, None, None, 26)
    dash = [slot_from_text("—", 0, True, splittable=False), *printed[2:]]
    assert fit_row(dash, 7, ROW)[0].values != (26, None, None, None, None, None, 26)


@given(st.from_regex(r"-?[0-9]{1,9}(\.[0-9]{1,3})?(元)?", fullmatch=True))
def test_cut_counts_are_the_cuts_split_token_lists(text):
    counts = cut_counts(text, 6)
    assert counts[1:] == [min(len(list(split_token(text, k))), 2) for k in range(1, 7)]


def test_cut_counts_of_a_long_run_do_not_list_its_cuts():
    # 199 places to cut, C(199, 14) ways into 15 numbers: counted, never listed
    assert cut_counts("1" * 200, 15)[1:] == [1] + [2] * 14
    assert cut_counts("000", 3) == [0, 0, 0, 1]

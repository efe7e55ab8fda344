"""Assembly of whole tables: what the rows together say about the reading order."""

from __future__ import annotations

import retable

ZEROS = ["0"] * 5
HEADER = ["三、收到和处理政府信息公开申请情况", "申请人情况"]
HEADER += ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _row(natural: int) -> list[str]:
    return [str(natural), *ZEROS, str(natural)]


def test_values_of_several_rows_in_one_run_are_not_given_to_one_row():
    """PDF text in block order: three labels, then the three rows' values in one run."""
    lines = [
        *HEADER,
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "（一）予以公开",
        *_row(20),
        *_row(2),
        *_row(18),
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        *_row(1),
        "（七）总计",
        *_row(19),
        "四、结转下年度继续办理",
        *_row(3),
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    report = retable.parse("\n".join(lines).encode())
    values = report.values("requests")
    assert set(values["granted"].values()) == {None}  # 20 0 … 20 is new_received's
    assert values["partially_granted"]["total"] == 1  # a row of its own, confirmed
    assert values["carried_forward"]["total"] == 3
    (warning,) = [w for w in report.warnings if w.code == "reading_order"]
    assert warning.table == "requests"
    assert warning.detail["overflowing_rows"] == ["granted"]


def test_the_end_of_table_three_printed_after_heading_four_is_not_table_four():
    """Block order can put the last rows of 三 (（七）总计 …, 四、结转下年度继续办理 …)
    after heading 四, behind a row label of 三: their values are not table 四's."""
    review_header = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    lines = [
        *HEADER,
        "一、本年新收政府信息公开申请数量",
        *_row(20),
        "四、政府信息公开行政复议、行政诉讼情况",
        "5.要求行政机关确认或重新出具已获取信息",
        "（七）总计",
        *_row(19),
        "四、结转下年度继续办理",
        *_row(3),
        *review_header,
        *["1", "0", "0", "0", "1"],
        *["0"] * 10,
        "五、存在的主要问题及改进情况",
    ]
    report = retable.parse("\n".join(lines).encode())
    cases = report.values("review_litigation")["cases"]
    assert (cases["review_upheld"], cases["review_total"], cases["direct_suit_total"]) == (1, 1, 0)
    said = [w.message for w in report.warnings if w.code == "unplaced_values"]
    assert any("19 0 0 0 0 0 19 3" in m for m in said)

"""勾稽 checks: pass, fail, skip, and whose fault a failure is."""

from __future__ import annotations

from gold_compare import DOCUMENTS

import retable
from retable.checks import (
    RECOVERY_UNCERTAIN,
    ROWS_MISSING,
    SOURCE_INCONSISTENT,
    check_warnings,
    run_checks,
    verdict,
)
from retable.types import GridCell

COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)


def _row(label: str, values: list[int]) -> str:
    cells = "".join(f"<td>{v}</td>" for v in values)
    return f"<tr><td>{label}</td>{cells}</tr>"


def _requests_page(rows: list[tuple[str, list[int]]]) -> str:
    header = (
        "<tr><td></td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        "<td>法律服务机构</td><td>其他</td><td>总计</td></tr>"
    )
    body = "".join(_row(label, values) for label, values in rows)
    return (
        "<html><body><p>某区科学技术委员会2025年政府信息公开工作年度报告</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p><table>{header}{body}</table>"
        "</body></html>"
    )


def _cell(row: str, column: str, value, raw: str | None, flags: tuple[str, ...] = ()):
    return GridCell("requests", row, column, value, raw, None, 1.0, flags=flags)


def test_a_report_that_leaves_rows_out_is_told_apart_from_retable_being_unsure():
    """Rows （三）–（六） are not in the table: the printed （七） cannot add up, and the
    failure says rows are missing rather than that retable may have misread."""
    page = _requests_page(
        [
            ("一、本年新收政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
            ("二、上年结转政府信息公开申请数量", [0] * 7),
            ("（一）予以公开", [0] * 7),
            ("（二）部分公开", [0] * 7),
            ("（七）总计", [2, 0, 0, 0, 0, 0, 2]),
            ("四、结转下年度继续办理", [0] * 7),
        ]
    )
    report = retable.parse(page)
    assert report.values("requests")["total_processed"]["natural_person"] == 2
    failed = {(c.name, c.where): c.verdict for c in report.checks if c.status == "fail"}
    assert failed == {
        ("requests.processed_total", "natural_person"): ROWS_MISSING,
        ("requests.processed_total", "total"): ROWS_MISSING,
    }
    codes = [w.code for w in report.warnings]
    assert codes.count(ROWS_MISSING) == 2 and RECOVERY_UNCERTAIN not in codes
    assert "row_not_found" in codes


def test_printed_numbers_that_break_an_identity_are_the_report_s_fault():
    """Seed 002 prints （七）总计 0 although one request was handled."""
    report = retable.parse(DOCUMENTS / "seeds" / "002_7eb68c448bcdd812.txt")
    failed = [c for c in report.checks if c.status == "fail"]
    assert failed and {c.verdict for c in failed} == {SOURCE_INCONSISTENT}


def test_verdict_of_cells():
    printed = _cell("granted", "total", 3, "3")
    recovered = _cell("granted", "total", 3, None, ("derived",))
    lost = _cell("denied_state_secret", "total", None, None, ("missing_row",))
    blank = _cell("granted", "other_org", None, "")
    assert verdict([printed, blank]) == SOURCE_INCONSISTENT
    assert verdict([printed, lost]) == ROWS_MISSING
    assert verdict([recovered, lost]) == RECOVERY_UNCERTAIN
    assert verdict([printed, _cell("granted", "total", 30, "3")]) == RECOVERY_UNCERTAIN


def _grid(rows: dict[str, list[int | None]]) -> dict[str, dict[str, GridCell]]:
    return {
        row: {
            col: _cell(row, col, v, "" if v is None else str(v))
            for col, v in zip(COLUMNS, values, strict=True)
        }
        for row, values in rows.items()
    }


def test_row_total_passes_fails_and_skips():
    grid = _grid(
        {
            "granted": [1, 2, 0, 0, 0, 0, 3],
            "partially_granted": [1, 0, 0, 0, 0, 0, 5],
            "carried_forward": [None] * 7,
        }
    )
    checks = {
        c.where: c for c in run_checks({"requests": grid}, "2021") if c.name.endswith("row_total")
    }
    assert checks["granted"].status == "pass"
    assert (checks["partially_granted"].status, checks["partially_granted"].lhs) == ("fail", 5)
    assert checks["partially_granted"].verdict == SOURCE_INCONSISTENT
    assert checks["carried_forward"].status == "skip"
    (warning,) = check_warnings([checks["partially_granted"]])
    assert warning.code == SOURCE_INCONSISTENT and warning.row == "partially_granted"

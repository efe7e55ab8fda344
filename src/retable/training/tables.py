"""The three standard tables as logical cell grids with rowspan/colspan.

Every layout is drawn from this one structure, the way the real forms are
drawn from one Word template: the HTML renderer prints the spans, the text
renderers flatten them the way Word, browsers and PDF converters do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ..schema import load_schema
from .grid import APPLICANT_ORGS, REVIEW_GROUPS, Grid

Value = int | float | None


@dataclass
class TCell:
    """One printed cell: text (labels, headers) or a value with its grid key."""

    text: str
    kind: str = "label"  # label | header | value | note
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str, str] | None = None
    value: Value = None


Table = list[list[TCell]]

_ORG_HEADERS = {
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他",
}
_OUTCOME_HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_ITEMS = {
    "2021": (
        ("第二十条第（一）项", ("regulations", "normative_documents")),
        ("第二十条第（五）项", ("administrative_licensing",)),
        ("第二十条第（六）项", ("administrative_penalty", "administrative_coercion")),
        ("第二十条第（八）项", ("administrative_fees",)),
    ),
    "2019": (
        ("第二十条第（一）项", ("regulations", "normative_documents")),
        ("第二十条第（五）项", ("administrative_licensing", "other_management_services")),
        ("第二十条第（六）项", ("administrative_penalty", "administrative_coercion")),
        ("第二十条第（八）项", ("administrative_fees",)),
        ("第二十条第（九）项", ("centralized_procurement",)),
    ),
}
_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass
class Style:
    """Per-report wording choices, drawn once so a report stays self-consistent."""

    ascii_parens: bool = False
    fee_header: str = "本年收费金额（单位：万元）"
    normative_label: str = "行政规范性文件"
    partial_label: str = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    law_label: str = "2.其他法律行政法规禁止公开"
    decisions_header: str = "本年处理决定数量"
    balance_note: bool = True
    # Value columns of the active table's grid: 3, or 4 as in Word tables whose
    # items have different column counts (a cell then spans two grid columns).
    active_width: int = 3


def random_style(rng: random.Random, form: str) -> Style:
    """Wording variants seen across real reports of the same form."""
    return Style(
        ascii_parens=rng.random() < 0.2,
        fee_header=rng.choice(
            ("本年收费金额（单位：万元）", "本年收费金额（万元）", "本年收费金额（单位：万元）")
        ),
        normative_label=rng.choice(("行政规范性文件", "行政规范性文件", "规范性文件"))
        if form == "2021"
        else "规范性文件",
        partial_label=rng.choice(
            (
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "（二）部分公开",
            )
        ),
        law_label=rng.choice(
            ("2.其他法律行政法规禁止公开", "2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开")
        ),
        decisions_header="本年处理决定数量" if form == "2021" else "处理决定数量",
        balance_note=rng.random() < 0.9,
        active_width=rng.choice((3, 3, 4)),
    )


def _parens(text: str, style: Style) -> str:
    if not style.ascii_parens:
        return text
    return text.replace("（", "(").replace("）", ")")


def _val(grid: Grid, table: str, row: str, col: str, colspan: int = 1) -> TCell:
    value = grid[table][row][col]
    return TCell("", "value", 1, colspan, (table, row, col), value)


def active_table(grid: Grid, form: str, style: Style) -> Table:
    """二、主动公开政府信息情况: one sub-table per article item, four columns wide."""
    spec = load_schema().table("active_disclosure")
    labels = {r.key: r.label for r in spec.rows}
    labels["normative_documents"] = style.normative_label
    headers = {c.key: c.label for c in spec.columns}
    headers["fee_amount"] = style.fee_header
    headers["decisions"] = style.decisions_header
    out: Table = []
    for item, rows in _ITEMS[form]:
        out.append([TCell(_parens(item, style), "header", colspan=1 + style.active_width)])
        cols = spec.row_columns(spec.row(rows[0]), form)
        spans = _spans(len(cols), style.active_width)
        out.append(
            [TCell("信息内容", "header")]
            + [TCell(headers[c], "header", colspan=s) for c, s in zip(cols, spans, strict=True)]
        )
        for r in rows:
            out.append(
                [TCell(labels[r], "label")]
                + [
                    _val(grid, "active_disclosure", r, c, s)
                    for c, s in zip(cols, spans, strict=True)
                ]
            )
    return out


def _spans(n: int, width: int = 3) -> list[int]:
    """Spread ``n`` columns over the value columns of the active table."""
    if width == 4:
        return {1: [4], 2: [1, 3], 3: [1, 1, 2]}[n]
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def requests_table(grid: Grid, form: str, style: Style) -> Table:
    """三、收到和处理政府信息公开申请情况: three header rows, 3 label columns + 7 values."""
    spec = load_schema().table("requests")
    rows = spec.rows_for(form)
    cols = [c.key for c in spec.columns_for(form)]
    note = _BALANCE_NOTE if style.balance_note else ""
    out: Table = [
        [
            TCell(_parens(note, style), "note", rowspan=3, colspan=3),
            TCell("申请人情况", "header", colspan=7),
        ],
        [
            TCell("自然人", "header", rowspan=2),
            TCell("法人或其他组织", "header", colspan=5),
            TCell("总计", "header", rowspan=2),
        ],
        [TCell(_ORG_HEADERS[k], "header") for k in APPLICANT_ORGS],
    ]
    groups = spec.groups
    members: dict[str, list[str]] = {}
    for r in rows:
        members.setdefault(r.group or "", []).append(r.key)
    height = sum(1 for r in rows if r.group is not None)
    seen: set[str] = set()
    for r in rows:
        row: list[TCell] = []
        if r.group is None:
            out.append(
                [TCell(_label(spec, r.key, style), "label", colspan=3), *_vals(grid, r.key, cols)]
            )
            continue
        if "processing_results" not in seen:
            seen.add("processing_results")
            row.append(TCell(groups["processing_results"], "label", rowspan=height))
        if r.group == "processing_results":
            row.append(TCell(_label(spec, r.key, style), "label", colspan=2))
        else:
            if r.group not in seen:
                seen.add(r.group)
                row.append(
                    TCell(_parens(groups[r.group], style), "label", rowspan=len(members[r.group]))
                )
            row.append(TCell(_label(spec, r.key, style), "label"))
        out.append(row + _vals(grid, r.key, cols))
    return out


def _label(spec, key: str, style: Style) -> str:
    text = spec.row(key).label
    if key == "partially_granted":
        text = style.partial_label
    elif key == "denied_law_prohibited":
        text = style.law_label
    return _parens(text, style)


def _vals(grid: Grid, key: str, cols: list[str]) -> list[TCell]:
    return [_val(grid, "requests", key, c) for c in cols]


def review_table(grid: Grid, style: Style) -> Table:
    """四、行政复议、行政诉讼情况: 行政复议 (5) + 行政诉讼 (2 × 5) columns, one value row."""
    del style
    cols = [c.key for c in load_schema().table("review_litigation").columns]
    return [
        [TCell("行政复议", "header", colspan=5), TCell("行政诉讼", "header", colspan=10)],
        [TCell(h, "header", rowspan=2) for h in _OUTCOME_HEADERS]
        + [
            TCell("未经复议直接起诉", "header", colspan=5),
            TCell("复议后起诉", "header", colspan=5),
        ],
        [TCell(h, "header") for _ in REVIEW_GROUPS[1:] for h in _OUTCOME_HEADERS],
        [_val(grid, "review_litigation", "cases", c) for c in cols],
    ]


def build_tables(grid: Grid, form: str, style: Style) -> dict[str, Table]:
    return {
        "active_disclosure": active_table(grid, form, style),
        "requests": requests_table(grid, form, style),
        "review_litigation": review_table(grid, style),
    }


def width(table: Table) -> int:
    """Number of grid columns (from the first row's colspans)."""
    return sum(c.colspan for c in table[0])


def expand(table: Table) -> list[list[tuple[TCell | None, bool]]]:
    """Place cells on the full grid: (cell, is_origin); covered positions refer to their cell."""
    n = width(table)
    grid: list[list[tuple[TCell | None, bool]]] = [[(None, False)] * n for _ in range(len(table))]
    for i, row in enumerate(table):
        j = 0
        for cell in row:
            while j < n and grid[i][j][0] is not None:
                j += 1
            for di in range(cell.rowspan):
                for dj in range(cell.colspan):
                    if i + di < len(grid) and j + dj < n:
                        grid[i + di][j + dj] = (cell, di == 0 and dj == 0)
            j += cell.colspan
    return grid

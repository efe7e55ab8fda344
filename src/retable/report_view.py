"""How a :class:`~retable.report.Report` shows itself: a one-line ``repr`` and, in a
notebook, its three tables as HTML with every doubtful cell marked.

A report holds hundreds of cells; its dataclass ``repr`` ran to tens of thousands of
characters and flooded a notebook. The HTML marks a cell that a warning names, that
was not read as printed, or whose confidence is low, and says why in its tooltip.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from .cell_audit import cell_warnings, method, warning_index
from .schema import load_schema

if TYPE_CHECKING:
    from .report import Report

LOW = 0.5  # a cell below this confidence is marked even without a warning

_STYLE = (
    "<style>"
    ".retable-report table{border-collapse:collapse;margin:0 0 1em 0;font-size:90%}"
    ".retable-report td,.retable-report th{border:1px solid #ccc;padding:2px 6px;"
    "text-align:right}"
    ".retable-report th[scope=row]{text-align:left;font-weight:normal}"
    ".retable-report td.warned{background:#fff0c2;outline:1px solid #d9a400}"
    ".retable-report td.missing{color:#999}"
    "</style>"
)


def report_summary(report: Report) -> str:
    """One line: whose report, which form, how many cells were found and doubted."""
    cells = report.cells()
    found = sum(1 for c in cells if c.value is not None)
    index = warning_index(report.warnings)
    doubted = sum(1 for c in cells if _reasons(c, index))
    return (
        f"<Report {report.agency or '?'} {report.year or '?'} form {report.form}: "
        f"{len(report.tables)} tables, {found}/{len(cells)} cells found, {doubted} doubted, "
        f"checks {report.checks_passed} passed / {report.checks_failed} failed, "
        f"{len(report.warnings)} warnings>"
    )


def report_html(report: Report) -> str:
    """The report's tables as HTML, doubtful cells highlighted with their reasons."""
    schema = load_schema()
    index = warning_index(report.warnings)
    parts = [
        _STYLE,
        '<div class="retable-report">',
        f"<p>{html.escape(report_summary(report))}</p>",
    ]
    for name, rows in report.tables.items():
        spec = schema.table(name)
        columns = spec.columns_for(report.form)
        parts.append(f"<h4>{html.escape(spec.label)}</h4><table>")
        parts.append(
            "<tr><th></th>" + "".join(f"<th>{html.escape(c.label)}</th>" for c in columns) + "</tr>"
        )
        for row in spec.rows_for(report.form):
            tds = []
            for column in columns:
                cell = rows.get(row.key, {}).get(column.key)
                reasons = _reasons(cell, index) if cell is not None else []
                value = None if cell is None else cell.value
                classes = ["warned"] if reasons else []
                if value is None:
                    classes.append("missing")
                attrs = f' class="{" ".join(classes)}"' if classes else ""
                if reasons:
                    attrs += f' title="{html.escape("; ".join(reasons))}"'
                text = "—" if value is None else _number(value)
                tds.append(f"<td{attrs}>{text}</td>")
            parts.append(f'<tr><th scope="row">{html.escape(row.label)}</th>{"".join(tds)}</tr>')
        parts.append("</table>")
    failed = [c for c in report.checks if c.status == "fail"]
    if failed:
        items = "".join(
            f"<li>{html.escape(f'{c.name} @ {c.where}: {c.lhs} ≠ {c.rhs} ({c.verdict})')}</li>"
            for c in failed
        )
        parts.append(f"<p>Failed checks:</p><ul>{items}</ul>")
    parts.append("</div>")
    return "".join(parts)


def _reasons(cell, index: dict) -> list[str]:
    """Why a cell is doubtful: the warnings naming it, how it was got, low confidence."""
    reasons = list(cell_warnings(index, cell))
    how = method(cell.flags)
    if cell.value is not None and how != "read":
        reasons.append(how)
    if cell.value is not None and cell.confidence < LOW:
        reasons.append(f"confidence {cell.confidence:.2f}")
    return reasons


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return html.escape(str(value))

"""Identities that link one year's report of an agency to the next, and what they settle.

* ``carried_over`` — this year's 二、上年结转 equals last year's 四、结转下年度继续办理
  (every applicant column both print);
* ``previous_count`` — 2019 form: this year's 上一年项目数量 equals last year's
  上一年项目数量 plus its 本年增/减 (the count at the end of last year);
* ``in_force`` — 2021 form: this year's 现行有效件数 equals last year's plus this
  year's 本年制发件数 less its 本年废止件数.

A link whose two reports disagree, however their ambiguous rows are cut, warns
``cross_year_mismatch`` on the cells involved. Where a row's fused digits have
several readings that fit its own report (``ambiguous_split``), only the readings
that some reading of the neighbouring year satisfies are kept; a column on which
every kept reading agrees is settled (``method = resolved_by_panel``, the
``ambiguous_split`` code dropped); the rest stay warned. A reading is never chosen
on the strength of a link that no reading satisfies, nor from an incomplete list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Values = dict[str, int | None]


@dataclass
class CrossYear:
    """One agency-year of the panel: its report row, its cells and its ambiguous rows."""

    report: dict
    grid: dict[tuple, dict]
    readings: dict[tuple[str, str], tuple[tuple[str, ...], list[tuple]]] = field(
        default_factory=dict
    )


@dataclass(frozen=True)
class Link:
    name: str
    table: str
    prev_row: str
    cur_row: str
    holds: Callable[[Values, Values], bool | None]


def _carried(pv: Values, cv: Values) -> bool | None:
    shared = [c for c in pv if c in cv and pv[c] is not None and cv[c] is not None]
    return all(pv[c] == cv[c] for c in shared) if shared else None


def _previous(pv: Values, cv: Values) -> bool | None:
    now, before, change = cv.get("previous_count"), pv.get("previous_count"), pv.get("change")
    if now is None or before is None or change is None:
        return None
    return now == before + change


def _in_force(pv: Values, cv: Values) -> bool | None:
    now, before = cv.get("in_force"), pv.get("in_force")
    issued, repealed = cv.get("issued"), cv.get("repealed")
    if now is None or before is None or issued is None or repealed is None:
        return None
    return now == before + issued - repealed


_COUNTED_2019 = (
    "administrative_licensing",
    "other_management_services",
    "administrative_penalty",
    "administrative_coercion",
    "administrative_fees",
)


def links(prev_form: str | None, cur_form: str | None) -> list[Link]:
    out = [Link("carried_over", "requests", "carried_forward", "carried_over", _carried)]
    if prev_form == cur_form == "2019":
        out += [Link("previous_count", "active_disclosure", r, r, _previous) for r in _COUNTED_2019]
    if prev_form == cur_form == "2021":
        out += [
            Link("in_force", "active_disclosure", r, r, _in_force)
            for r in ("regulations", "normative_documents")
        ]
    return out


def linked_rows() -> frozenset[tuple[str, str]]:
    """Every (table, row) a link reads, whatever the forms."""
    rows = set()
    for forms in (("2019", "2019"), ("2021", "2021")):
        for link in links(*forms):
            rows |= {(link.table, link.prev_row), (link.table, link.cur_row)}
    return frozenset(rows)


def _options(entry: CrossYear, table: str, row: str) -> tuple[list[Values], bool]:
    """The row's possible values (every reading when ambiguous) and whether it is."""
    if (table, row) in entry.readings:
        cols, readings = entry.readings[(table, row)]
        return [dict(zip(cols, r, strict=False)) for r in readings], True
    values = {c: cell["value"] for (t, r, c), cell in entry.grid.items() if t == table and r == row}
    return ([values] if values else []), False


def _test(link: Link, prev: CrossYear, cur: CrossYear) -> dict | None:
    """One link of two years: the readings of each side that the other allows."""
    p_opts, p_amb = _options(prev, link.table, link.prev_row)
    c_opts, c_amb = _options(cur, link.table, link.cur_row)
    if not p_opts or not c_opts:
        return None
    verdicts = [[link.holds(p, c) for c in c_opts] for p in p_opts]
    if all(v is None for row in verdicts for v in row):
        return None
    p_ok = {i for i, row in enumerate(verdicts) if any(row)}
    c_ok = {j for j in range(len(c_opts)) if any(row[j] for row in verdicts)}
    return {
        "link": link,
        "as_read": bool(verdicts[0][0]),
        "p_ok": p_ok if p_amb else None,
        "c_ok": c_ok if c_amb else None,
    }


def _warn(entry: CrossYear, table: str, row: str, code: str) -> None:
    for (t, r, _), cell in entry.grid.items():
        if t == table and r == row and code not in cell["warnings"]:
            cell["warnings"] = [*cell["warnings"], code]


def _settle(entry: CrossYear, table: str, row: str, allowed: set[int]) -> None:
    cols, readings = entry.readings[(table, row)]
    if not allowed or len(allowed) == len(readings):
        return
    kept = [readings[i] for i in sorted(allowed)]
    for k, col in enumerate(cols):
        cell = entry.grid.get((table, row, col))
        if cell is None:
            continue
        cell["value"] = kept[0][k]
        if all(r[k] == kept[0][k] for r in kept):
            cell["method"] = "resolved_by_panel"
            cell["warnings"] = [w for w in cell["warnings"] if w != "ambiguous_split"]
            cell["confidence"] = max(cell["confidence"] or 0.0, 0.9)


def resolve_years(agency: str, by_year: dict[int, CrossYear]) -> list[dict]:
    """Test every link between consecutive years; narrow ambiguous rows; the checks made."""
    checks: list[dict] = []
    allowed: dict[tuple[int, str, str], set[int]] = {}
    for year in sorted(by_year):
        prev, cur = by_year.get(year - 1), by_year[year]
        if prev is None:
            continue
        for link in links(prev.report.get("form"), cur.report.get("form")):
            result = _test(link, prev, cur)
            if result is None:
                continue
            fits = bool(result["p_ok"] or result["c_ok"]) or result["as_read"]
            status = "pass" if result["as_read"] else "resolved" if fits else "fail"
            checks.append(
                {
                    "agency": agency,
                    "year": year,
                    "check": link.name,
                    "table": link.table,
                    "row": link.cur_row,
                    "status": status,
                }
            )
            if not fits:
                _warn(prev, link.table, link.prev_row, "cross_year_mismatch")
                _warn(cur, link.table, link.cur_row, "cross_year_mismatch")
                continue
            for side, y, row in (("p_ok", year - 1, link.prev_row), ("c_ok", year, link.cur_row)):
                if result[side] is not None:
                    key = (y, link.table, row)
                    allowed[key] = allowed.get(key, result[side]) & result[side]
    for (year, table, row), ok in allowed.items():
        _settle(by_year[year], table, row, ok)
    return checks

"""Random but internally consistent table values for synthetic reports.

Real reports are dominated by zeros and small counts, with a few large
agencies; the values here follow that shape so a model trained on them sees
the same number distribution it meets in scraped text. Every identity of the
schema holds by construction (totals are computed, never sampled).
"""

from __future__ import annotations

import random

from ..checks import run_checks
from ..schema import load_schema
from ..types import Check, GridCell

Grid = dict[str, dict[str, dict[str, int | float | None]]]

APPLICANT_ORGS = (
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)
APPLICANTS = ("natural_person", *APPLICANT_ORGS)
REVIEW_GROUPS = ("review", "direct_suit", "suit_after_review")
OUTCOMES = ("upheld", "corrected", "other", "pending")

# Agency size: (weight, typical applications per year by natural persons).
_SCALES = ((0.30, 0), (0.35, 4), (0.25, 40), (0.10, 600))


def _count(rng: random.Random, scale: float, p_zero: float = 0.6) -> int:
    """A skewed non-negative count: mostly 0, sometimes around ``scale``."""
    if scale <= 0 or rng.random() < p_zero:
        return 0
    return max(0, int(rng.expovariate(1.0 / max(scale, 0.5))))


def _money(rng: random.Random, high: float) -> int | float:
    """An amount as printed: often 0, else 1–2 decimals (integral floats become ints)."""
    if rng.random() < 0.5:
        return 0
    value = round(rng.uniform(0.01, high), rng.choice((0, 1, 2, 2)))
    return int(value) if float(value).is_integer() else value


def _processing_rows(form: str) -> list[str]:
    table = load_schema().table("requests")
    return [
        r.key for r in table.rows_for(form) if r.group is not None and r.key != "total_processed"
    ]


Table = dict[str, dict[str, int | float | None]]


def _requests(rng: random.Random, form: str, blanks: bool) -> Table:
    rows = [r.key for r in load_schema().table("requests").rows_for(form)]
    processing = _processing_rows(form)
    weight, scale = 0.0, 0
    pick = rng.random()
    for w, s in _SCALES:
        weight += w
        if pick <= weight:
            scale = s
            break
    # Share of each result among processed requests, skewed like real reports.
    favourites = {"granted": 4.0, "unable_not_held": 2.5, "partially_granted": 1.0}
    out: dict[str, dict[str, int | None]] = {r: {} for r in rows}
    for col in APPLICANTS:
        col_scale = scale if col == "natural_person" else scale * rng.choice((0, 0, 0.05, 0.2))
        col_scale = col_scale * rng.uniform(0.5, 1.5)
        processed = {
            r: _count(
                rng, col_scale * favourites.get(r, 0.15) / 4, 0.4 if r in favourites else 0.85
            )
            for r in processing
        }
        total_processed = sum(processed.values())
        carried_forward = _count(rng, col_scale / 10, 0.7)
        carried_over = min(_count(rng, col_scale / 10, 0.7), total_processed + carried_forward)
        out["new_received"][col] = total_processed + carried_forward - carried_over
        out["carried_over"][col] = carried_over
        for r, v in processed.items():
            out[r][col] = v
        out["total_processed"][col] = total_processed
        out["carried_forward"][col] = carried_forward
    for r in rows:
        out[r]["total"] = sum(out[r][c] or 0 for c in APPLICANTS)
    if rng.random() < 0.05 and blanks:
        # Some agencies leave the organisation columns blank when nobody applied.
        for col in APPLICANT_ORGS:
            if all(out[r][col] == 0 for r in rows):
                for r in rows:
                    out[r][col] = None
    return {r: {c: out[r][c] for c in (*APPLICANTS, "total")} for r in rows}


def _review(rng: random.Random) -> Table:
    row: dict[str, int] = {}
    busy = rng.random() < 0.35
    for group in REVIEW_GROUPS:
        parts = {o: _count(rng, 3 if busy else 0.6, 0.65) for o in OUTCOMES}
        if group == "review" and busy and rng.random() < 0.3:
            parts["upheld"] += rng.randint(5, 60)
        for o in OUTCOMES:
            row[f"{group}_{o}"] = parts[o]
        row[f"{group}_total"] = sum(parts.values())
    return {"cases": dict(row)}


def _active_value(rng: random.Random, row: str, col: str, big: bool) -> int | float:
    if col in ("fee_amount", "procurement_amount"):
        return _money(rng, 5000 if col == "procurement_amount" and big else 60)
    if col == "change":
        return rng.choice((0, 0, 0, rng.randint(-15, 15)))
    if col in ("decisions", "previous_count"):
        return _count(rng, 400 if big else 8, 0.5)
    return _count(rng, 30 if big and row == "normative_documents" else 3, 0.55)


def _active(
    rng: random.Random, form: str, blanks_ok: bool
) -> dict[str, dict[str, int | float | None]]:
    table = load_schema().table("active_disclosure")
    big = rng.random() < 0.3
    blanks = rng.random() < 0.12 and blanks_ok  # some reports leave unused cells blank
    out: dict[str, dict[str, int | float | None]] = {}
    for row in table.rows_for(form):
        cols = table.row_columns(row, form)
        vals: dict[str, int | float | None] = {c: _active_value(rng, row.key, c, big) for c in cols}
        # Keep the stock columns plausible: in force ≥ issued, published ≤ made.
        if "in_force" in vals:
            vals["in_force"] = (vals["issued"] or 0) + _count(rng, 40 if big else 6, 0.3)
        if "new_published" in vals:
            made = int(vals["new_made"] or 0)
            vals["new_published"] = made if rng.random() < 0.7 else rng.randint(0, made)
            vals["total_published"] = (vals["new_published"] or 0) + _count(rng, 60, 0.3)
        if "change" in vals and "previous_count" in vals:
            vals["change"] = max(vals["change"] or 0, -(vals["previous_count"] or 0))
        if blanks:
            for c in cols:
                if vals[c] == 0 and rng.random() < 0.5:
                    vals[c] = None
        out[row.key] = vals
    return out


def random_grid(rng: random.Random, form: str, *, blanks: bool = True) -> Grid:
    """All three tables of ``form`` with plausible values satisfying every identity.

    ``blanks=False`` never leaves a cell blank (null), for exact round-trip tests.
    """
    return {
        "active_disclosure": _active(rng, form, blanks),
        "requests": _requests(rng, form, blanks),
        "review_litigation": _review(rng),
    }


def to_cells(grid: Grid) -> dict[str, dict[str, dict[str, GridCell]]]:
    """Wrap plain values as :class:`GridCell` so the parser's checks can run on them."""
    return {
        t: {
            r: {c: GridCell(t, r, c, v, None, None) for c, v in cols.items()}
            for r, cols in rows.items()
        }
        for t, rows in grid.items()
    }


def grid_checks(grid: Grid, form: str) -> list[Check]:
    """The schema identities evaluated on a plain grid."""
    return run_checks(to_cells(grid), form)

"""Cross-checks of the prose's figures (:mod:`narrative`) against the recovered grid.

Each figure linked to cells the grid holds becomes a :class:`Check` named
``narrative.<concept>`` whose ``where`` names the cells (``row.column``, ``+`` between the
cells of a sum), ``lhs`` the prose's value and ``rhs`` the table's. Agreement confirms the
cells (the calibration raises their confidence). A disagreement says which side it
believes and why:

- ``narrative_disagrees``: every identity the cells take part in holds and they were read
  as printed, so the table is believed and the report contradicts itself (or the prose
  counts something else);
- ``parse_doubt``: an identity the cells take part in fails, or a cell was recovered, cut
  or placed by retable, so the prose is the better reading and the table's value is
  doubted (the detail says whether the prose's value would make the failing identity hold).

A share (予以公开258件，占33.9%) is checked against the bases a report may use (received,
received plus carried over, processed): one that fits confirms the base; one that fits
none is a ``narrative_disagrees`` warning only — two figures of the prose disagree with
each other, which says nothing against the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .checks import TOLERANCE, read_as_printed
from .narrative import Cells, Figure, find_figures
from .schema import Identity, load_schema
from .types import Check, Document, GridCell, Region, Warning_

NARRATIVE_DISAGREES = "narrative_disagrees"
PARSE_DOUBT = "parse_doubt"
Tables = dict[str, dict[str, dict[str, GridCell]]]
Key = tuple[str, str, str]
# Percentages are a share of one of these (the report's choice): the applications
# received, received plus carried over, or processed.
BASES: tuple[Cells, ...] = (
    (("requests", "new_received", "total"),),
    (("requests", "new_received", "total"), ("requests", "carried_over", "total")),
    (("requests", "total_processed", "total"),),
)


@dataclass(frozen=True)
class CrossCheck:
    """What the prose confirmed and doubted, as checks, warnings and cell keys."""

    checks: tuple[Check, ...]
    warnings: tuple[Warning_, ...]
    confirmed: frozenset[Key]
    doubted: frozenset[Key]


def _total(tables: Tables, cells: Cells) -> float | None:
    """The sum of the cells' values; None when a cell is absent or all are blank."""
    values = []
    for table, row, column in cells:
        cell = tables.get(table, {}).get(row, {}).get(column)
        if cell is None:
            return None
        values.append(cell.value)
    if all(v is None for v in values):
        return None
    return float(sum(v or 0 for v in values))


@cache
def _form_keys(table: str, form: str) -> tuple[frozenset[str], frozenset[str]]:
    spec = load_schema().table(table)
    rows = frozenset(r.key for r in spec.rows_for(form))
    return rows, frozenset(c.key for c in spec.columns_for(form))


def _in_form(cells: Cells, form: str) -> Cells:
    """The cells of a sum that the form has (the 2019 form's （六）其他处理 is one row)."""
    return tuple(
        (t, r, c)
        for t, r, c in cells
        if r in _form_keys(t, form)[0] and c in _form_keys(t, form)[1]
    )


def _where(cells: Cells) -> str:
    return "+".join(f"{row}.{column}" for _, row, column in cells)


@cache
def _identities(form: str) -> dict[tuple[str, str], Identity]:
    """The form's identities by name and table (the same for every report of the form)."""
    return {(i.name, i.table): i for i in load_schema().identities if form in i.forms}


def identity_cells(
    checks: list[Check], form: str
) -> list[tuple[Check, frozenset[Key], frozenset[Key]]]:
    """Each identity check that ran, with the cells of its two sides."""
    idents = _identities(form)
    out = []
    for c in checks:
        ident = idents.get((c.name, c.table))
        if ident is None or c.status == "skip":
            continue
        sides = []
        for keys in (ident.lhs, ident.rhs):
            if ident.axis == "row":
                sides.append(frozenset((c.table, c.where, k) for k in keys))
            else:
                sides.append(frozenset((c.table, k, c.where) for k in keys))
        out.append((c, sides[0], sides[1]))
    return out


def _shares(fig: Figure, tables: Tables) -> tuple[bool, float | None, Cells]:
    """Whether a percentage is the share its figure makes of one of the bases."""
    decimals = len(str(fig.value).split(".")[1]) if "." in str(fig.value) else 0
    if fig.value.is_integer():
        decimals = 0
    first: tuple[float | None, Cells] = (None, ())
    assert fig.base is not None
    missing = False
    for base in BASES:
        total = _total(tables, base)
        if not total:
            missing = True
            continue
        share = 100 * fig.base.value / total
        if first[0] is None:
            first = (share, base)
        step = 10.0**-decimals
        if abs(round(share, decimals) - fig.value) <= step / 2 or (
            0 <= share - fig.value < step  # printed cut off rather than rounded
        ):
            return True, share, base
    if missing:  # a base the share may be of was not read: no verdict against it
        return False, None, ()
    return False, first[0], first[1]


def cross_check(
    figures: list[Figure], tables: Tables, checks: list[Check], form: str
) -> CrossCheck:
    """Compare every linked figure with the grid (see the module docstring)."""
    involved: list | None = None  # the identities' cells, worked out at the first disagreement
    out_checks: list[Check] = []
    out_warnings: list[Warning_] = []
    confirmed: set[Key] = set()
    doubted: set[Key] = set()
    for fig in figures:
        if fig.is_percent:
            ok, table_value, cells = _shares(fig, tables)
            if table_value is None:
                continue
            # A share rests on two figures of the prose and a base the report chose: it
            # confirms when it fits, and when it fits no base it is the prose's own slip
            # (a warning), not a failed check of the table.
            if ok:
                out_checks.append(_check(fig, cells, True, fig.value, table_value, None))
                confirmed.update(cells)
            else:
                out_warnings.append(_share_warning(fig, cells, table_value))
            continue
        alternatives = [_in_form(cells, form) for cells in fig.alternatives]
        available: list[tuple[Cells, float]] = []
        for cells in alternatives:
            total = _total(tables, cells) if cells else None
            if total is not None:
                available.append((cells, total))
        if not available:
            continue
        agreeing = [cells for cells, v in available if abs(v - fig.value) <= _tolerance(fig)]
        if agreeing:
            out_checks.append(_check(fig, agreeing[0], True, fig.value, fig.value, None))
            confirmed.update(agreeing[0])
            continue
        if not alternatives[0] or available[0][0] != alternatives[0]:
            continue  # the likeliest cells were not found: a lesser reading proves nothing
        cells, table_value = available[0]
        if involved is None:
            involved = identity_cells(checks, form)
        verdict, fits = _judge(fig, cells, tables, involved)
        out_checks.append(_check(fig, cells, False, fig.value, table_value, verdict))
        out_warnings.append(_warning(fig, cells, table_value, verdict, fits))
        if verdict == PARSE_DOUBT:
            doubted.update(cells)
    return CrossCheck(
        tuple(out_checks), tuple(out_warnings), frozenset(confirmed), frozenset(doubted)
    )


def _tolerance(fig: Figure) -> float:
    return 0.005 if fig.unit == "万元" else TOLERANCE


def _judge(
    fig: Figure, cells: Cells, tables: Tables, involved: list[tuple[Check, frozenset, frozenset]]
) -> tuple[str, list[str]]:
    """The verdict on a disagreement, and the failing identities the prose's value fixes."""
    grid_cells = [tables[t][r][c] for t, r, c in cells]
    verified = _verified_rows(involved)
    failing = [
        (c, lhs, rhs) for c, lhs, rhs in involved if c.status == "fail" and (lhs | rhs) & set(cells)
    ]
    if not failing and all(read_as_printed(c, verified.get(c.table, _NONE)) for c in grid_cells):
        return NARRATIVE_DISAGREES, []
    fits = []
    if len(cells) == 1:
        delta = fig.value - (grid_cells[0].value or 0)
        for c, lhs, rhs in failing:
            if c.lhs is None or c.rhs is None:
                continue
            left = c.lhs + (delta if cells[0] in lhs else 0)
            right = c.rhs + (delta if cells[0] in rhs else 0)
            if abs(left - right) <= TOLERANCE:
                fits.append(f"{c.name}@{c.where}")
    return PARSE_DOUBT, fits


_NONE: frozenset[str] = frozenset()


def _verified_rows(involved: list[tuple[Check, frozenset, frozenset]]) -> dict[str, frozenset[str]]:
    """Per table, the rows whose own identities all hold (their fused cuts are pinned down)."""
    axis = {i.name: i.axis for i in load_schema().identities}
    passed: dict[str, set[str]] = {}
    failed: dict[str, set[str]] = {}
    for c, _, _ in involved:
        if axis.get(c.name) == "row":
            (passed if c.status == "pass" else failed).setdefault(c.table, set()).add(c.where)
    return {t: frozenset(rows - failed.get(t, set())) for t, rows in passed.items()}


def _check(
    fig: Figure, cells: Cells, ok: bool, prose: float, table: float, verdict: str | None
) -> Check:
    return Check(
        f"narrative.{fig.concept}",
        cells[0][0],
        _where(cells),
        "pass" if ok else "fail",
        _tidy(prose),
        _tidy(table),
        fig.text.strip()[:120],
        verdict,
    )


def _tidy(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


def _warning(
    fig: Figure, cells: Cells, table_value: float, verdict: str, fits: list[str]
) -> Warning_:
    table, row, column = cells[0]
    said = f"the text says {_tidy(fig.value)}{fig.unit} ({fig.text.strip()[:60]!r})"
    where = _where(cells)
    if verdict == NARRATIVE_DISAGREES:
        message = (
            f"{said} but the table's {where} is {_tidy(table_value)}; the table satisfies its "
            "own identities and its value is kept: the report contradicts itself"
        )
    else:
        reason = (
            f"and the text's value would make {', '.join(fits)} hold"
            if fits
            else "and identities involving these cells fail or the cells were recovered"
        )
        message = (
            f"{said} but the table's {where} reads {_tidy(table_value)}, {reason}: "
            "the table's reading is doubted"
        )
    return Warning_(
        verdict,
        message,
        table=table,
        row=row if len(cells) == 1 else None,
        column=column if len(cells) == 1 else None,
        detail={
            "check": f"narrative.{fig.concept}",
            "where": where,
            "text": _tidy(fig.value),
            "table": _tidy(table_value),
            "line": fig.span.line,
            "start": fig.span.start,
            "end": fig.span.end,
            "identities_fixed": fits,
        },
    )


def check_prose(
    doc: Document, regions: dict[str, Region], tables: Tables, checks: list[Check], form: str
) -> CrossCheck:
    """Find the prose's figures outside the located tables and check them against the grid."""
    return cross_check(find_figures(doc, regions), tables, checks, form)


def _share_warning(fig: Figure, base: Cells, share: float) -> Warning_:
    assert fig.base is not None
    return Warning_(
        NARRATIVE_DISAGREES,
        f"the text says {_tidy(fig.base.value)}{fig.base.unit} are {_tidy(fig.value)}%, "
        f"but that is {share:.2f}% of the table's {_where(base)} and no other total fits "
        "either: the report's own figures disagree (the prose with itself, not the table)",
        detail={
            "check": "narrative.share",
            "where": _where(base),
            "text": _tidy(fig.value),
            "table": round(share, 4),
            "line": fig.span.line,
            "start": fig.span.start,
            "end": fig.span.end,
        },
    )

"""One reading per row, chosen together so the table's column identities hold.

Each row brings its candidate readings (:mod:`.fit`); a reading's cost plus a
weight per failed column identity is minimised over all rows (exhaustively when
the combinations are few, else row by row). Readings as good as the chosen one
make their row ambiguous; rows that lost cells keep only what every reading
agrees on, and where the text does not keep the rows apart only readings the
arithmetic confirms are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..schema import RowSpec, TableSpec, load_schema
from ..solve import MAX_EXTRA, Candidate, confirms
from ..types import Warning_
from .fit import Fitted, row_groups
from .warnings import reading_order

TIE_TOLERANCE = 0.25  # readings this close in cost are equally plausible
IDENTITY_WEIGHT = 10.0
MAX_COMBINATIONS = 4096
BOUND_SLACK = 1e-6  # far more than summing a few dozen costs in another order can round

Objective = Callable[[dict[str, Candidate]], float]


@dataclass(frozen=True)
class Choice:
    """The reading chosen for each row, the rows' equally good alternatives, and the
    warning when rows had to be withheld."""

    chosen: dict[str, Candidate]
    ties: dict[str, list[Candidate]]
    warnings: list[Warning_]


def choose_readings(fitted: Fitted, spec: TableSpec, form: str) -> Choice:
    """The readings of all rows, chosen together, with what the arithmetic leaves open."""
    rows = spec.rows_for(form)
    table_columns = tuple(c.key for c in spec.columns_for(form))
    options = fitted.options
    chosen, ties = choose(options, spec, form, table_columns) if options else ({}, {})
    totals = {
        r.key: {
            g[0][0] for g in row_groups(spec, form, spec.row_columns(r, form)) if len(g[0]) == 1
        }
        for r in rows
    }
    chosen = _leave_undecided(chosen, ties, totals)
    # The values of several rows ran together (a converter's reading order) when a
    # row printed more values beyond its columns than a stray page number or two,
    # unexplained by its layout (padding, a repeated merged cell), or when runs of
    # values fit no row at all beside a row that printed too many.
    excess = {
        key: sum(c.role == "value" for c in rec.values) - len(chosen[key].values)
        for key, rec in fitted.sources.items()
        if key in chosen and chosen[key].kind in ("extra", "left_out")
    }
    overflowing = [key for key, n in excess.items() if n > MAX_EXTRA]
    if not (overflowing or (excess and fitted.runs_astray > MAX_EXTRA)):
        return Choice(chosen, ties, [])
    chosen = _withhold_unconfirmed(chosen, spec, form, {r.key: r for r in rows})
    ties = {k: v for k, v in ties.items() if chosen[k].kind != "withheld"}
    return Choice(chosen, ties, [reading_order(spec.key, excess, fitted.runs_astray)])


@cache
def _column_identities(
    table: str, form: str
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple(
        (i.lhs, i.rhs) for i in load_schema().identities_for(table, form) if i.axis == "column"
    )


def _violations(
    rows: dict[str, Candidate], lhs_keys: tuple[str, ...], rhs_keys: tuple[str, ...], width: int
) -> int:
    """In how many of the ``width`` columns sum(lhs) != sum(rhs); 0 when a row is missing."""
    try:
        lhs_rows = [rows[k].values for k in lhs_keys]
        rhs_rows = [rows[k].values for k in rhs_keys]
    except KeyError:
        return 0
    bad = 0
    # Column by column (every reading of a row has one value per column, ``width`` of
    # them): the values of the lhs rows, and of the rhs rows, in that column.
    for lhs, rhs in zip(zip(*lhs_rows), zip(*rhs_rows)):  # noqa: B905
        if lhs.count(None) == len(lhs) or rhs.count(None) == len(rhs):
            continue
        if abs(sum(v or 0 for v in lhs) - sum(v or 0 for v in rhs)) > 1e-6:
            bad += 1
    return bad


@dataclass(frozen=True)
class _Objective:
    """The objective, and the identity penalty every trial pays at least: the
    identities that involve no open row fail alike in every trial."""

    value: Objective
    penalty_floor: float


def _objective(
    choice: dict[str, Candidate], spec: TableSpec, form: str, open_set: set[str], width: int
) -> _Objective:
    """The cost of a choice: its readings' costs plus a weight per failed column identity.

    Identities that involve no open row fail the same way in every trial: they are
    counted once. The others depend only on the candidates of their own open rows, so
    each combination of those is counted once and remembered (an int, so sums stay exact).
    """
    fixed_bad = 0
    varying: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []
    for lhs, rhs in _column_identities(spec.key, form):
        open_rows = tuple(dict.fromkeys(k for k in (*lhs, *rhs) if k in open_set))
        if open_rows:
            varying.append((lhs, rhs, open_rows))
        else:
            fixed_bad += _violations(choice, lhs, rhs, width)
    counted: dict[tuple[int, ...], int] = {}

    def objective(ch: dict[str, Candidate]) -> float:
        bad = fixed_bad
        for n, (lhs, rhs, open_rows) in enumerate(varying):
            key = (n, *(id(ch[k]) for k in open_rows))
            found = counted.get(key)
            if found is None:
                found = counted[key] = _violations(ch, lhs, rhs, width)
            bad += found
        return sum(c.cost for c in ch.values()) + IDENTITY_WEIGHT * bad

    return _Objective(objective, IDENTITY_WEIGHT * fixed_bad)


def _search(
    options: dict[str, list[Candidate]],
    open_keys: list[str],
    choice: dict[str, Candidate],
    objective: _Objective,
) -> dict[str, Candidate]:
    """The best choice: every combination of the open rows' readings when they are
    few, else three rounds of improving one row at a time."""
    total = 1
    for k in open_keys:
        total *= len(options[k])
    if open_keys and total <= MAX_COMBINATIONS:
        return _exhaustive(options, open_keys, choice, objective)
    if open_keys:
        for _ in range(3):
            for k in open_keys:
                scored = []
                for cand in options[k]:
                    trial = dict(choice)
                    trial[k] = cand
                    scored.append((objective.value(trial), cand))
                choice[k] = min(scored, key=lambda t: t[0])[1]
    return choice


def _exhaustive(
    options: dict[str, list[Candidate]],
    open_keys: list[str],
    choice: dict[str, Candidate],
    objective: _Objective,
) -> dict[str, Candidate]:
    """The first combination of the open rows' readings, in ``itertools.product``
    order, that costs less than every one before it.

    A combination costs at least its readings' costs plus the penalty every trial
    pays, so the combinations under a partial one whose bound (its readings so far,
    the cheapest reading of each row still to choose) already reaches the best cost
    found cannot be chosen and are not tried. ``BOUND_SLACK`` exceeds the rounding
    of summing the costs in another order, so the bound never skips a combination
    the objective would have chosen.
    """
    varying = set(open_keys)
    fixed = objective.penalty_floor + sum(c.cost for k, c in choice.items() if k not in varying)
    rest = [0.0] * (len(open_keys) + 1)  # the cheapest readings of rows d.. together
    for d in range(len(open_keys) - 1, -1, -1):
        rest[d] = rest[d + 1] + min(c.cost for c in options[open_keys[d]])
    combo: list[Candidate] = []
    best_value, best = float("inf"), choice

    def visit(d: int, partial: float) -> None:
        nonlocal best_value, best
        if d == len(open_keys):
            trial = dict(choice)
            trial.update(zip(open_keys, combo, strict=True))
            value = objective.value(trial)
            if value < best_value - 1e-9:
                best_value, best = value, trial
            return
        for cand in options[open_keys[d]]:
            bound = fixed + partial + cand.cost + rest[d + 1]
            if bound - BOUND_SLACK >= best_value - 1e-9:
                continue
            combo.append(cand)
            visit(d + 1, partial + cand.cost)
            combo.pop()

    visit(0, 0.0)
    return best


def choose(
    options: dict[str, list[Candidate]], spec: TableSpec, form: str, columns: tuple[str, ...]
) -> tuple[dict[str, Candidate], dict[str, list[Candidate]]]:
    """Pick one candidate per row so that column identities hold; report ties."""
    keys = list(options)
    choice = {k: options[k][0] for k in keys}
    open_keys = [k for k in keys if len(options[k]) > 1]
    objective = _objective(choice, spec, form, set(open_keys), len(columns))
    choice = _search(options, open_keys, choice, objective)
    # Alternatives that are just as good (given the other rows) make a row ambiguous.
    ties: dict[str, list[Candidate]] = {}
    base = objective.value(choice)
    for k in open_keys:
        alts = []
        for cand in options[k]:
            if cand.values == choice[k].values:
                continue
            trial = dict(choice)
            trial[k] = cand
            if objective.value(trial) <= base + TIE_TOLERANCE:
                alts.append(cand)
        if alts:
            ties[k] = alts
    _shifted_ties(choice, options, open_keys, objective, base, ties)
    return choice, ties


def _holes(candidate: Candidate) -> tuple[int, ...]:
    return tuple(j for j, cell in enumerate(candidate.sources) if cell is None)


def _shifted_ties(
    choice: dict[str, Candidate],
    options: dict[str, list[Candidate]],
    open_keys: list[str],
    objective: _Objective,
    base: float,
    ties: dict[str, list[Candidate]],
) -> None:
    """Add the ties of rows that lost cells in the same columns: where a converter
    dropped a table's empty cells, the column identities hold wherever the lost
    cells are put, as long as every row puts them alike, so no one row's
    alternative looks as good, while all of them moved together do."""
    lost = [k for k in open_keys if choice[k].kind == "missing"]
    if len(lost) < 2:
        return
    patterns = {_holes(c) for k in lost for c in options[k] if c.kind == "missing"}
    for pattern in patterns:
        trial = dict(choice)
        for k in lost:
            trial[k] = next((c for c in options[k] if _holes(c) == pattern), choice[k])
        moved = [k for k in lost if trial[k].values != choice[k].values]
        if len(moved) >= 2 and objective.value(trial) <= base + TIE_TOLERANCE:
            for k in moved:
                ties.setdefault(k, []).append(trial[k])


def _leave_undecided(
    chosen: dict[str, Candidate],
    ties: dict[str, list[Candidate]],
    totals: dict[str, set[int]],
) -> dict[str, Candidate]:
    """Rows that lost cells and that the arithmetic lets be read several ways keep only
    what every reading agrees on: the columns the readings put different values in are
    left empty (unresolved), not filled as the first reading guessed (the lost cell as
    the first column, its value derived). Readings that change a row's 总计 are not
    weighed: the value the others add up to stays the total (see solve._anchored)."""
    out = dict(chosen)
    for key, alternatives in ties.items():
        cand = chosen[key]
        if cand.kind != "missing":
            continue
        keep = totals.get(key, set())
        same_totals = [a for a in alternatives if all(a.values[j] == cand.values[j] for j in keep)]
        differ = {j for a in same_totals for j, v in enumerate(a.values) if v != cand.values[j]}
        if not differ:
            continue
        out[key] = cand._replace(
            values=tuple(None if j in differ else v for j, v in enumerate(cand.values)),
            sources=tuple(None if j in differ else s for j, s in enumerate(cand.sources)),
            derived=tuple(j for j in cand.derived if j not in differ),
            unresolved=tuple(sorted({*cand.unresolved, *differ})),
        )
    return out


def _withhold_unconfirmed(
    chosen: dict[str, Candidate], spec: TableSpec, form: str, by_key: dict[str, RowSpec]
) -> dict[str, Candidate]:
    """Where values cannot be told apart by row, keep only readings that need no
    placing (every value printed, one per column) and that an identity confirms;
    the other rows' values are left unplaced."""
    out = {}
    for key, cand in chosen.items():
        columns = spec.row_columns(by_key[key], form)
        groups = row_groups(spec, form, columns)
        printed = [v is not None for v in cand.values]
        if cand.kind == "exact" and confirms(cand.values, printed, groups):
            out[key] = cand
        else:
            width = len(columns)
            out[key] = Candidate(
                (None,) * width,
                (None,) * width,
                cand.cost,
                "withheld",
                unresolved=tuple(range(width)),
            )
    return out

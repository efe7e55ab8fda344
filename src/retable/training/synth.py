"""Synthetic training reports: random grids rendered in every layout, with gold files.

``generate`` writes ``NNNN_<layout>.txt`` (``.html`` for markup) and a gold
JSON in the format of ``tests/gold`` next to it. Everything is drawn from one
``random.Random(seed)``, so a seed reproduces the files byte for byte.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from .grid import Grid, grid_checks, random_grid
from .htmlout import CONVERTERS, available
from .prose import random_agency
from .render import LAYOUTS, Rendered, render

__all__ = ["LAYOUTS", "generate", "gold_for", "random_grid", "synthesize"]


def random_form_year(rng: random.Random) -> tuple[str, int]:
    """The 2019 form was used for 2019–2020 reports (and a few later ones)."""
    if rng.random() < 0.3:
        return "2019", rng.choice((2019, 2020, 2020, 2021, 2022))
    return "2021", rng.choice((2021, 2022, 2023, 2024, 2025))


def synthesize(
    rng: random.Random, layout: str, *, blanks: bool = True, perturb: bool = True
) -> tuple[Rendered, dict]:
    """One report in ``layout`` and its gold dictionary (``source`` left for the caller).

    ``blanks=False`` prints every cell; ``perturb=False`` renders the layout clean.
    """
    form, year = random_form_year(rng)
    agency = random_agency(rng)
    grid = random_grid(rng, form, blanks=blanks)
    rendered = render(grid, form, year, agency, layout, rng, None if perturb else [])
    return rendered, gold_for(grid, form, year, agency, rendered)


def gold_for(grid: Grid, form: str, year: int, agency: str, rendered: Rendered) -> dict:
    dropped, recovered, unrecoverable = [], [], []
    for key in rendered.dropped:
        table, row, column = key
        value = grid[table][row][column]
        ambiguous = undetermined_cells(grid, form, key, rendered.dropped)
        dropped.append(
            {"table": table, "row": row, "column": column, "value": value,
             "derivable": not ambiguous}
        )  # fmt: skip
        if ambiguous:
            for col in ambiguous:
                unrecoverable.append(
                    {
                        "table": table,
                        "row": row,
                        "column": col,
                        "reason": f"a value of this row was lost ({column}); the identities "
                        "admit more than one placement of the printed values",
                    }
                )
        else:
            recovered.append(
                {
                    "table": table,
                    "row": row,
                    "column": column,
                    "value": value,
                    "reason": "lost from the printed row; the only placement that satisfies "
                    "the identities",
                }
            )
    return {
        "source": "",
        "form": form,
        "year": year,
        "agency": agency,
        "tables": grid,
        "recovered": recovered,
        "unrecoverable": unrecoverable,
        "dropped": dropped,
        "notes": "synthetic report",
        "layout": rendered.layout,
        "perturbations": rendered.perturbations,
    }


def undetermined_cells(
    grid: Grid, form: str, lost: tuple[str, str, str], all_lost: list[tuple[str, str, str]]
) -> list[str]:
    """Columns of the row whose value differs between grids consistent with what was printed.

    The printed row keeps its other values in order; the lost one may have sat at
    any position. A placement is consistent when every identity still holds with
    the lost value solved from them (other lost cells count as known).
    """
    table, row, _ = lost
    columns = list(grid[table][row])
    printed = [grid[table][row][c] for c in columns if (table, row, c) != lost]
    outcomes = []
    for pos in range(len(columns)):
        candidate = [*printed[:pos], None, *printed[pos:]]
        solved = _solve(grid, form, table, row, columns, candidate, pos)
        if solved is not None:
            outcomes.append(solved)
    if len(outcomes) <= 1:
        return []
    return [c for i, c in enumerate(columns) if len({o[i] for o in outcomes}) > 1]


def _solve(grid, form, table, row, columns, candidate, pos) -> tuple | None:
    """Fill the gap at ``pos`` so the identities hold; None when no value does."""
    original = grid[table][row]
    trial_values = sorted(
        {v for v in (original[columns[pos]], *_gap_guesses(candidate, columns)) if v is not None}
        | {0}
    )
    for value in trial_values:
        values = list(candidate)
        values[pos] = value
        trial = {t: {r: dict(cs) for r, cs in rows.items()} for t, rows in grid.items()}
        trial[table][row] = dict(zip(columns, values, strict=True))
        if all(c.status != "fail" for c in grid_checks(trial, form)):
            return tuple(values)
    return None


def _gap_guesses(candidate: list, columns: list[str]) -> list:
    """Values the gap might take: differences that make a row or group total add up."""
    nums = [v or 0 for v in candidate]
    out = []
    if "total" in columns:
        out += [nums[-1] - sum(nums[:-1]), sum(nums[:-1])]
    else:
        for start in range(0, len(nums) - 4, 5):
            group = nums[start : start + 5]
            out += [group[4] - sum(group[:4]), sum(group[:4])]
    return [v for v in out if v >= 0]


def file_name(index: int, layout: str) -> str:
    return f"{index:04d}_{layout}.{'html' if layout == 'html' else 'txt'}"


def generate(n: int, seed: int, out_dir: Path, layouts=None) -> list[Path]:
    """Write ``n`` reports cycling through ``layouts`` (default: every available one)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = [lay for lay in (layouts or LAYOUTS) if lay not in CONVERTERS or available(lay)]
    unknown = [lay for lay in chosen if lay not in LAYOUTS]
    if unknown:
        raise ValueError(f"unknown layouts {unknown}; expected some of {LAYOUTS}")
    if not chosen:
        raise ValueError("no requested layout is available here")
    rng = random.Random(seed)
    written: list[Path] = []
    for i in range(n):
        layout = chosen[i % len(chosen)]
        rendered, gold = synthesize(rng, layout)
        path = out_dir / file_name(i, layout)
        gold["source"] = path.name
        path.write_text(rendered.text, encoding="utf-8")
        gold_path = path.with_suffix(".json")
        gold_path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written += [path, gold_path]
    return written

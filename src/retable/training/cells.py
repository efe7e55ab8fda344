"""Cell text as printed: number formatting, padding, split headers and labels.

Kept apart from the layouts because every layout prints cells the same way;
only the separators differ.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..lexical import display_width
from .tables import TCell

PADS = (" ", "\u00a0", "\u3000", "\u00a0\u00a0", " \u3000")


@dataclass
class Ctx:
    """What a renderer needs besides the tables: randomness and the active perturbations."""

    rng: random.Random
    perturbations: set[str] = field(default_factory=set)
    blank: str = ""  # how a blank value prints where an empty cell would vanish
    dropped: list[tuple[str, str, str]] = field(default_factory=list)

    def on(self, name: str) -> bool:
        return name in self.perturbations


def fmt_number(value: int | float | None, rng: random.Random, blank: str = "") -> str:
    if value is None:
        return blank
    if isinstance(value, float):
        text = f"{value:.2f}" if rng.random() < 0.5 else repr(value)
        return text
    return str(value)


def split_two(text: str, rng: random.Random) -> str:
    """Break a header or label into two lines the way narrow Word columns do."""
    if len(text) < 4:
        return text
    cut = len(text) // 2 if len(text) <= 6 else rng.randint(len(text) // 3, 2 * len(text) // 3)
    return text[:cut] + "\n" + text[cut:]


def cell_text(cell: TCell, ctx: Ctx, newline: str = "\n") -> str:
    """Printed text of one cell; ``newline`` replaces in-cell breaks (space for row layouts)."""
    rng = ctx.rng
    if cell.kind == "value":
        text = fmt_number(cell.value, rng, ctx.blank)
        if text and ctx.on("padding") and rng.random() < 0.35:
            pad = rng.choice(PADS)
            text = pad + text if rng.random() < 0.5 else text + pad
        return text
    text = cell.text
    header = cell.kind == "header" and cell.colspan == 1 and ctx.on("header_split")
    label = cell.kind == "label" and ctx.on("label_split") and len(text) > 12
    if (header or label) and rng.random() < 0.5:
        text = split_two(text, rng)
    return text.replace("\n", newline)


def wrap(text: str, width: int) -> list[str]:
    """Wrap by display width; explicit newlines are kept."""
    out: list[str] = []
    for part in text.split("\n"):
        line, w = "", 0
        for ch in part:
            cw = display_width(ch)
            if w + cw > width and line:
                out.append(line)
                line, w = "", 0
            line += ch
            w += cw
        out.append(line)
    return out

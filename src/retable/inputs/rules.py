"""Ruling lines of a scanned page: the cells of its ruled tables, found with OpenCV.

Most reports are Word tables, ruled on every side. On a scan the rules are long
thin runs of dark pixels, which a morphological opening with a long horizontal
(and a long vertical) line keeps while it drops the text. Inside each ruled table
the regions the rules enclose are its cells, merged ones included, so the OCR'd
words can be put in the cell that holds them and the table written as HTML, as a
ruled PDF table is (see :mod:`retable.inputs.pdf`): no column is guessed from positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MIN_TABLE = 0.3  # a ruled table spans at least this share of the page's width
MIN_CELL = 12  # pixels: a region narrower or lower than this is a gap between rules


@dataclass(frozen=True)
class Box:
    x0: int
    top: int
    x1: int
    bottom: int

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass(frozen=True)
class RuledTable:
    """One ruled table: its box and its cells' boxes."""

    box: Box
    cells: tuple[Box, ...]


MAX_SKEW = 3.0  # degrees: a page turned further is not a slightly skewed scan


def skew(image: Any) -> float:
    """The page's rotation in degrees (counter-clockwise positive, as PIL turns),
    measured on its long horizontal rules; 0 where it has none."""
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    ink = cv2.adaptiveThreshold(
        255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -10
    )
    width = grey.shape[1]
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(width // 25, 10)), np.uint8))
    found = cv2.HoughLinesP(across, 1, np.pi / 1800, 200, minLineLength=width // 4, maxLineGap=20)
    if found is None:
        return 0.0
    angles = [
        float(np.degrees(np.arctan2(y0 - y1, x1 - x0)))
        for x0, y0, x1, y1 in found.reshape(-1, 4).tolist()
        if x1 != x0
    ]
    angles = [a for a in angles if abs(a) < MAX_SKEW]
    return float(np.median(angles)) if angles else 0.0


def deskewed(image: Any) -> Any:
    """The page turned upright by its rules' skew (unchanged when under 0.05°)."""
    from PIL import Image

    angle = skew(image)
    if abs(angle) < 0.05:
        return image
    fill = int(max(image.convert("L").getextrema()))
    return image.convert("L").rotate(
        -angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill
    )


def ruled_tables(image: Any) -> list[RuledTable]:
    """The ruled tables of a page image, top to bottom."""
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    ink = cv2.adaptiveThreshold(
        255 - grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -10
    )
    width, height = grey.shape[1], grey.shape[0]
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(width // 25, 10)), np.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(height // 60, 10), 1), np.uint8))
    rules = cv2.dilate(cv2.bitwise_or(across, down), np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if w < width * MIN_TABLE or h < MIN_CELL * 3:
            continue
        box = Box(int(x), int(y), int(x + w), int(y + h))
        cells = _cells(rules[y : y + h, x : x + w], x, y)
        if len(cells) >= 2:
            out.append(RuledTable(box, tuple(cells)))
    return sorted(out, key=lambda t: t.box.top)


def _cells(rules: Any, dx: int, dy: int) -> list[Box]:
    """The regions inside one table that its rules enclose."""
    import cv2

    free = (rules == 0).astype("uint8")
    count, _, stats, _ = cv2.connectedComponentsWithStats(free, connectivity=4)
    h, w = rules.shape
    cells = []
    for i in range(1, count):
        x, y, cw, ch, _ = stats[i]
        if cw < MIN_CELL or ch < MIN_CELL:
            continue
        if x == 0 or y == 0 or x + cw >= w or y + ch >= h:
            continue  # outside the table's frame (the page around a table left open)
        cells.append(Box(int(x + dx), int(y + dy), int(x + cw + dx), int(y + ch + dy)))
    return cells

"""Region → cells: find cell boundaries whatever the layout.

Layouts met in scraped reports: HTML rows, pipe rows (Markdown, converters,
box-drawing borders), tab rows, tab-prefixed one-cell-per-line, blank-line
separated cells, whitespace-aligned columns (text browsers), and runs of text
where labels and digits are fused (``规范性文件898989``). This stage only cuts;
deciding what a cell *is* happens in :mod:`retable.roles`.

The region's layout is detected once (:func:`retable.layouts.detect.detect_layout`);
each line is then cut by the first registered cutter that takes it
(:mod:`retable.layouts.registry`), with what runs across lines followed by
:class:`retable.layouts.text_rows.Cutting`.
"""

from __future__ import annotations

from collections.abc import Iterable

from .layouts.detect import RegionLines, detect_layout
from .layouts.fused import separate_labels, split_fused
from .layouts.spaces import blanks_after
from .layouts.text_rows import Cutting
from .schema import FORMS, load_schema
from .spaced_blanks import coded_width, space_coded
from .types import Cell, Document, Region

__all__ = [
    "region_lines",
    "separate_labels",
    "space_coding",
    "split_cells",
    "split_fused",
]


def region_lines(doc: Document, region: Region) -> RegionLines:
    """The (line, start, end) slices a region covers."""
    (l0, c0), (l1, c1) = region.start, region.end
    out = []
    for i in range(l0, min(l1, len(doc.lines) - 1) + 1):
        line = doc.lines[i]
        start = c0 if i == l0 else 0
        end = c1 if i == l1 else len(line.text)
        if line.cells is not None:
            start, end = 0, len(line.text)
        out.append((line, start, end))
    return out


def space_coding(doc: Document, regions: Iterable[Region]) -> bool:
    """Whether runs of spaces count empty cells, decided once for the document from
    the lines of all its tables: a small table alone has too few runs to tell."""
    regions = list(regions)
    lines = [piece for region in regions for piece in region_lines(doc, region)]
    return doc.kind == "text" and space_coded(lines) and not _too_wide(doc, regions)


# The share of the value lines that may be wider, read as space-coded, than their table's
# rows (a label and its columns); where more are, the runs are padding, not empty cells.
MAX_TOO_WIDE_SHARE = 0.5


def _too_wide(doc: Document, regions: list[Region]) -> bool:
    """Whether, read as space-coded, most value lines would have more cells than their
    table's rows: then the runs are a laid-out text's padding between aligned columns
    (``0   0   0`` of an all-zero table in ``pdftotext -layout``), not empty cells."""
    wide = lines = 0
    for region in regions:
        spec = load_schema().table(region.table)
        width = max((1 + len(spec.row_columns(r, f)) for f in FORMS for r in spec.rows), default=1)
        for line, a, b in region_lines(doc, region):
            text = line.text[a:b]
            if line.cells is not None or sum(t.isdigit() for t in text.split()) < 2:
                continue
            lines += 1
            wide += coded_width(text) > width
    return lines > 0 and wide > MAX_TOO_WIDE_SHARE * lines


def split_cells(doc: Document, region: Region) -> list[Cell]:
    """Cut a region into cells, in reading order."""
    lines = region_lines(doc, region)
    cutting = Cutting(doc, detect_layout(doc, lines, region.space_coded))
    for index, (line, start, end) in enumerate(lines):
        if line.cells is not None:
            cutting.html_row(line)
        else:
            cutting.text_line(index, line, start, end)
    if cutting.layout.space_coded and cutting.cells:
        cutting.cells += blanks_after(doc, region, cutting.row)
    return cutting.cells

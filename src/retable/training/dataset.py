"""Training examples: real annotated documents and generated synthetic reports.

A :class:`TableSample` is the cell sequence of one located table with one role
per cell (``None`` where no label is known). Real documents are annotated once
by ``retable annotate`` and stored as JSON in ``training_data/real``; synthetic
reports are generated from a seed at training time and annotated on the fly,
so only their recipe (``training_data/synthetic.json``) is kept.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..features import cell_matrix
from ..inputs.document import load_document
from ..pipeline import region_cells, table_regions
from ..types import Cell, Document, Region
from .annotate import annotate_document

REAL = "real"
SYNTHETIC = "synthetic.json"
THIN_EVERY = 5
PROSE_LINES = 12  # lines of running text per negative region


@dataclass
class TableSample:
    source: str
    layout: str
    table: str
    form: str
    cells: list[Cell]
    roles: list[str | None]
    is_table: bool = True
    synthetic: bool = False


def _resolve(base: Path, relative: str) -> Path:
    path = (base / relative).resolve()
    if not path.exists():
        raise FileNotFoundError(f"{relative} (from {base}) does not exist")
    return path


def load_annotation(path: Path) -> list[TableSample]:
    """Re-split the annotated document and attach the stored role to each cell."""
    data = json.loads(path.read_text("utf-8"))
    doc_path = _resolve(path.parent, data["document"])
    doc = load_document(doc_path)
    regions = table_regions(doc)
    out = []
    for table, entry in data["tables"].items():
        if table not in regions:
            continue
        labels = {(line, start, end, text): role for line, start, end, text, role in entry["cells"]}
        cells = region_cells(doc, regions[table], data["form"])
        roles = [labels.get((c.span.line, c.span.start, c.span.end, c.text)) for c in cells]
        out.append(TableSample(data["source"], data["layout"], table, data["form"], cells, roles))
    return out + prose_samples(doc, regions, data["form"], data["source"])


def prose_samples(doc: Document, regions: dict[str, Region], form: str, source: str) -> list:
    """Stretches of running text outside the tables: what a region that is no table looks like."""
    taken = set()
    for region in regions.values():
        taken |= set(range(region.start[0], region.end[0] + 1))
    free = [i for i in range(len(doc.lines)) if i not in taken and doc.lines[i].text.strip()]
    out = []
    for k in range(0, len(free) - PROSE_LINES + 1, PROSE_LINES):
        chunk = free[k : k + PROSE_LINES]
        if chunk[-1] - chunk[0] > 2 * PROSE_LINES:
            continue
        for table in regions:
            # read as the document's tables are read (runs of spaces, see split)
            coded = regions[table].space_coded
            region = Region(table, (chunk[0], 0), (chunk[-1] + 1, 0), space_coded=coded)
            cells = region_cells(doc, region, form)
            if cells:
                out.append(
                    TableSample(source, "prose", table, form, cells, [None] * len(cells), False)
                )
    return out


def real_samples(data_dir: Path) -> list[TableSample]:
    out = []
    for path in sorted((data_dir / REAL).glob("*.json")):
        out += load_annotation(path)
    return out


def samples_from_gold(document: Path | str | bytes, gold: dict, name: str) -> list[TableSample]:
    annotation = annotate_document(document, gold, name=name)
    out = [
        TableSample(name, annotation.layout, t.table, annotation.form, t.cells, list(t.roles))
        for t in annotation.tables.values()
    ]
    assert annotation.document is not None  # annotate_document always keeps it
    return out + prose_samples(annotation.document, annotation.regions, annotation.form, name)


def synthetic_recipe(data_dir: Path) -> dict:
    path = data_dir / SYNTHETIC
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def synthetic_samples(
    n: int, seed: int, layouts: Iterable[str] | None = None, progress: bool = False
) -> list[TableSample]:
    """Generate ``n`` synthetic reports from ``seed`` and annotate them against their grids.

    The reports are the same as ``retable synth -n N --seed S`` writes: one
    random stream, layouts taken in turn.
    """
    from .render import LAYOUTS
    from .synth import synthesize

    chosen = list(layouts or LAYOUTS)
    rng = random.Random(seed)
    jobs = []
    for i in range(n):
        layout = chosen[i % len(chosen)]
        rendered, gold = synthesize(rng, layout)
        jobs.append((rendered.text, gold, f"synthetic-{seed}-{i:05d}-{layout}", layout))
    out: list[TableSample] = []
    workers = min(os.cpu_count() or 1, 4)
    with ProcessPoolExecutor(workers) as pool:
        results = pool.map(_annotate_job, jobs, chunksize=4)
        for samples in _progress(results, progress, "annotating synthetic reports", n):
            out += samples
    return out


def _annotate_job(job: tuple[str, dict, str, str]) -> list[TableSample]:
    text, gold, name, layout = job
    samples = samples_from_gold(text.encode("utf-8"), gold, name)
    for sample in samples:
        sample.synthetic = True
        if sample.is_table:
            sample.layout = layout
    return samples


def _progress(items: Iterable, enabled: bool, desc: str, total: int | None = None) -> Iterator:
    if not enabled:
        return iter(items)
    from tqdm import tqdm

    return iter(tqdm(items, desc=desc, total=total, leave=False))


def _informative(cell: Cell, role: str, index: int) -> bool:
    """Keep every cell whose role is in doubt, and a fixed fifth of the obvious ones."""
    obvious = (cell.kind == "number" and role == "value") or (
        cell.kind == "blank" and role == "blank"
    )
    return not obvious or index % THIN_EVERY == 0


def to_matrix(
    samples: Iterable[TableSample], thin: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stack features of labelled cells: ``X``, role ``y`` and each row's layout.

    ``thin`` keeps only every fifth number that is a value and blank that is a
    blank: they are most of the cells, their role is rarely in doubt, and
    leaving them out makes training several times faster.
    """
    xs, ys, groups = [], [], []
    features: dict[int, np.ndarray] = {}  # a sample listed several times is featurised once
    for s in samples:
        if not s.cells:
            continue
        X = features.get(id(s))
        if X is None:
            X = features[id(s)] = cell_matrix(s.cells, s.table, s.form)
        keep = [
            i
            for i, (c, r) in enumerate(zip(s.cells, s.roles, strict=True))
            if r is not None and (not thin or _informative(c, r, i))
        ]
        if not keep:
            continue
        xs.append(X[keep])
        ys += [s.roles[i] for i in keep]
        groups += [s.layout] * len(keep)
    if not xs:
        raise ValueError("no labelled cells to train on")
    return np.vstack(xs), np.array(ys), np.array(groups)

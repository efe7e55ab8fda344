"""``run_bulk``: inputs → engine → chunks → committed parts → final outputs.

The orchestration only: reading inputs lives in :mod:`.sources`, parsing in
:mod:`.worker`, the engines in :mod:`.local` / :mod:`.dask_engine`, and
durability in :mod:`.writer`.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..limits import DEFAULT_MAX_BYTES
from .chunks import ChunkAssembler
from .defaults import CHUNK_SIZE
from .ledger import read_settings, write_settings
from .sources import SourceOptions, iter_records
from .worker import DEFAULT_TIME_LIMIT
from .writer import PARTS, PartWriter, compact

FINAL_FILES = (
    "cells.parquet",
    "reports.parquet",
    "panel.parquet",
    "errors.jsonl",
    "summary.json",
)


class BulkError(Exception):
    """The run cannot start (bad options, an unfinished run in the output folder)."""


@dataclass
class BulkSummary:
    documents: int
    reports: int
    errors: int
    cells: int
    tables_recovered: int
    checks_failed: int
    chunks: int
    parsed_now: int  # documents parsed by this invocation (not skipped by --resume)
    seconds: float
    engine: str
    skipped: int = 0  # inputs that are JSON but no report (gold grids…): in errors.jsonl
    skipped_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.parsed_now / self.seconds if self.seconds > 0 else 0.0

    def describe(self) -> str:
        return (
            f"{self.documents} documents: {self.reports} reports "
            f"({self.tables_recovered} tables recovered, {self.checks_failed} checks failed), "
            f"{self.errors} errors{self._skips()}; "
            f"{self.parsed_now} parsed in {self.seconds:.1f} s "
            f"({self.rate:.0f} reports/s, {self.engine})"
        )

    def _skips(self) -> str:
        if not self.skipped:
            return ""
        reasons = ", ".join(f"{n} {reason}" for reason, n in self.skipped_reasons.items())
        return f", {self.skipped} skipped ({reasons})"


def _make_engine(engine: str, jobs, scheduler, time_limit, max_bytes):
    if engine == "local":
        from .local import LocalEngine

        return LocalEngine(jobs, time_limit=time_limit, max_bytes=max_bytes)
    if engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(scheduler, jobs, time_limit=time_limit, max_bytes=max_bytes)
    raise BulkError(f"unknown engine {engine!r}; expected local or dask")


def _prepare(outdir: Path, resume: bool, overwrite: bool, settings: dict) -> dict:
    parts = outdir / PARTS
    previous = read_settings(parts) if parts.exists() else None
    if parts.exists() and any(parts.iterdir()) and not resume:
        if not overwrite:
            raise BulkError(
                f"{outdir} holds an earlier run; use --resume to continue it "
                "or --overwrite to start again"
            )
        shutil.rmtree(parts)
        for name in FINAL_FILES:
            (outdir / name).unlink(missing_ok=True)
        for csv_file in outdir.glob("*.csv"):
            csv_file.unlink()
        previous = None
    if previous is not None:
        if previous.get("inputs") != settings["inputs"]:
            raise BulkError("--resume with different inputs than the interrupted run")
        return previous  # the chunk size of the first run fixes the layout
    parts.mkdir(parents=True, exist_ok=True)
    write_settings(parts, settings)
    return settings


def _progress(enabled: bool | None):
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(unit="doc", dynamic_ncols=True, smoothing=0.05, file=sys.stderr)


def _count_in_background(inputs, options, bar) -> None:
    """Set the bar's total without delaying the run (the count needs a pass of its own)."""

    def count() -> None:
        n = sum(1 for _ in iter_records(inputs, options))
        bar.total = n
        bar.refresh()

    threading.Thread(target=count, daemon=True).start()


def run_bulk(
    inputs: Sequence[str],
    outdir: str | Path,
    *,
    jobs: int | None = None,
    resume: bool = False,
    overwrite: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    chunk_size: int = CHUNK_SIZE,
    progress: bool | None = None,
) -> BulkSummary:
    """Parse every input record into ``outdir``; see the README's "Bulk runs"."""
    if not inputs:
        raise BulkError("no inputs given")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    settings: dict[str, Any] = {
        "version": 1,
        "chunk_size": chunk_size,
        "inputs": list(inputs),
        "text_column": text_column,
        "id_column": id_column,
    }
    settings = _prepare(outdir, resume, overwrite, settings)
    options = SourceOptions(text_column, id_column, exclude=(str(outdir),))
    writer = PartWriter(outdir)
    assembler = ChunkAssembler(settings["chunk_size"], dict(writer.ledger.entries))
    runner = _make_engine(engine, jobs, scheduler, time_limit, max_bytes)
    max_open = 4 + 2 * getattr(runner, "jobs", 1)

    bar = _progress(progress)
    if bar is not None:
        _count_in_background(inputs, options, bar)
    start = time.perf_counter()
    parsed = 0
    try:
        records = assembler.feed(iter_records(inputs, options))
        for result in runner.run(records, hold=lambda: assembler.pending_chunks() > max_open):
            assembler.add(compact(result))
            parsed += 1
            if bar is not None:
                if parsed == 1 and assembler.skipped:
                    bar.update(assembler.skipped)
                bar.update(1)
            for chunk, results in assembler.take_ready():
                writer.write_chunk(chunk, results)
        for chunk, results in assembler.take_ready():
            writer.write_chunk(chunk, results)
    finally:
        if bar is not None:
            bar.close()
    elapsed = time.perf_counter() - start
    totals = writer.finalise()
    return BulkSummary(
        **{k: totals[k] for k in ("documents", "reports", "errors", "cells")},
        tables_recovered=totals["tables_recovered"],
        checks_failed=totals["checks_failed"],
        chunks=totals["chunks"],
        parsed_now=parsed,
        seconds=elapsed,
        engine=runner.description,
        skipped=totals["skipped"],
        skipped_reasons=totals["skipped_reasons"],
    )

"""Chunked, atomic, resumable outputs.

Each chunk of results becomes part files under ``OUTDIR/parts/`` (written to a
temporary name, fsynced, renamed) and then one ledger line. The final files
(``cells.parquet``, ``reports.parquet``, one CSV per table, ``errors.jsonl``)
are merged from the parts in chunk order, each again through a temporary
name, so a reader never sees a half-written file and the merged outputs do
not depend on which worker finished first.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..schema import TABLES
from .arrow import CELLS_SCHEMA, REPORTS_SCHEMA, cells_table, reports_table
from .flatten import wide_columns
from .ledger import Ledger, atomic_write_bytes, fsync_dir, tmp_name
from .records import WIDE_LEADING
from .skip import SKIPPED

PARTS = "parts"
BOM = "\ufeff".encode()


def part_name(chunk: int, suffix: str) -> str:
    return f"c{chunk:07d}.{suffix}"


def _parquet_atomic(table, path: Path, schema) -> None:
    tmp = tmp_name(path)
    pq.write_table(table.cast(schema), tmp, compression="zstd")
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def compact(result: dict[str, Any]) -> dict[str, Any]:
    """The result with its cells as one Arrow table: a chunk waits in memory for its last
    result, and a thousand reports' cells as Python tuples take a few hundred MB."""
    if not result["ok"] or isinstance(result["cells"], pa.Table):
        return result
    return {**result, "cells": cells_table(result["cells"])}


def _cells_of(ok: list[dict[str, Any]]) -> pa.Table:
    tables = [compact(r)["cells"] for r in ok]
    return pa.concat_tables(tables) if tables else cells_table([])


class PartWriter:
    """Writes and commits one chunk at a time; knows which chunks are done."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.parts = outdir / PARTS
        self.parts.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger(self.parts)
        self._clean_uncommitted()

    def _clean_uncommitted(self) -> None:
        """Drop temporary files and parts of chunks whose ledger line never landed."""
        for path in self.parts.iterdir():
            if self._stale(path.name):
                path.unlink(missing_ok=True)

    def _stale(self, name: str) -> bool:
        if name.startswith(".") and ".tmp-" in name:
            return True
        return name.startswith("c") and name[1:8].isdigit() and not self.ledger.done(int(name[1:8]))

    def write_chunk(self, chunk: int, results: list[dict[str, Any]]) -> dict:
        """Write one complete chunk (results in any order) and commit it."""
        results = sorted(results, key=lambda r: r["seq"])
        ok = [r for r in results if r["ok"]]
        errors = [r for r in results if not r["ok"]]
        skipped = Counter(r["reason"] for r in errors if r["kind"] == SKIPPED)
        cells = _cells_of(ok)
        _parquet_atomic(cells, self.parts / part_name(chunk, "cells.parquet"), CELLS_SCHEMA)
        _parquet_atomic(
            reports_table([r["report"] for r in ok]),
            self.parts / part_name(chunk, "reports.parquet"),
            REPORTS_SCHEMA,
        )
        lines = "".join(
            json.dumps(
                {"source_id": r["source_id"], "kind": r["kind"], "message": r["message"]}
                | ({"reason": r["reason"]} if "reason" in r else {}),
                ensure_ascii=False,
            )
            + "\n"
            for r in errors
        )
        atomic_write_bytes(self.parts / part_name(chunk, "errors.jsonl"), lines.encode("utf-8"))
        table_rows = {}
        for table in TABLES:
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            count = 0
            for r in ok:
                for line in r["wide"].get(table, ()):
                    writer.writerow(line)
                    count += 1
            table_rows[table] = count
            atomic_write_bytes(
                self.parts / part_name(chunk, f"{table}.csv"), buf.getvalue().encode("utf-8")
            )
        fsync_dir(self.parts)
        entry = {
            "chunk": chunk,
            "first_seq": results[0]["seq"] if results else None,
            "first_id": results[0]["source_id"] if results else None,
            "documents": len(results),
            "reports": len(ok),
            # A skipped input (JSON that is no report, see skip.py) is in errors.jsonl
            # but is no failure: counted apart, by reason.
            "errors": len(errors) - sum(skipped.values()),
            "skipped": dict(sorted(skipped.items())),
            "cells": cells.num_rows,
            "tables_recovered": sum(r["report"]["tables_found"] for r in ok),
            "checks_failed": sum(r["report"]["checks_failed"] for r in ok),
            "parse_seconds": sum(r["report"]["parse_seconds"] for r in ok),
            "wide_rows": table_rows,
        }
        self.ledger.commit(entry)
        return entry

    def finalise(self) -> dict:
        """Merge committed parts into the final outputs; return the run totals."""
        chunks = sorted(self.ledger.entries)
        out = self.outdir
        for name, schema in (("cells", CELLS_SCHEMA), ("reports", REPORTS_SCHEMA)):
            target = out / f"{name}.parquet"
            tmp = tmp_name(target)
            with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
                for chunk in chunks:
                    part = pq.read_table(self.parts / part_name(chunk, f"{name}.parquet"))
                    if part.num_rows:
                        writer.write_table(part.cast(schema))
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        self._concat(out / "errors.jsonl", "errors.jsonl", chunks, header=b"")
        for table in TABLES:
            header = ",".join((*WIDE_LEADING, *wide_columns(table))) + "\n"
            self._concat(
                out / f"{table}.csv", f"{table}.csv", chunks, header=BOM + header.encode("utf-8")
            )
        # The panel links the reports of one agency across years, so it is built
        # once, from the merged outputs (see retable.panel).
        from ..panel import write_panel

        write_panel(out)
        fsync_dir(out)
        totals = self.totals()
        atomic_write_bytes(
            out / "summary.json", json.dumps(totals, ensure_ascii=False, indent=1).encode("utf-8")
        )
        return totals

    def _concat(self, target: Path, suffix: str, chunks: list[int], header: bytes) -> None:
        tmp = tmp_name(target)
        with open(tmp, "wb") as dst:
            dst.write(header)
            for chunk in chunks:
                with open(self.parts / part_name(chunk, suffix), "rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)

    def totals(self) -> dict:
        keys = ("documents", "reports", "errors", "cells", "tables_recovered", "checks_failed")
        totals = {k: sum(e[k] for e in self.ledger.entries.values()) for k in keys}
        skipped: Counter[str] = Counter()
        for e in self.ledger.entries.values():
            skipped.update(e.get("skipped", {}))  # a ledger written before skips: none
        totals["skipped"] = sum(skipped.values())
        totals["skipped_reasons"] = dict(sorted(skipped.items()))
        totals["chunks"] = len(self.ledger.entries)
        return totals

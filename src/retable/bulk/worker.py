"""``parse_one``: one record in, one result dict out; it never raises.

It is a pure function of the record (plus limits), so the local process pool,
Dask, or anything else can call it and get identical results. The parser is
reached through :func:`retable.pipeline.parse_with_document` (:func:`retable.parse`
with the decoded text, for the cells' audit trail), which loads its tagger via
``default_tagger()``; :func:`warm_up` does that once per worker process.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import retable

from ..errors import RetableError
from ..inputs.scan import page_progress
from ..limits import DEFAULT_MAX_BYTES, size_pair
from ..pipeline import parse_with_document
from .defaults import DEFAULT_TIME_LIMIT
from .flatten import cell_rows, report_row, wide_rows
from .records import Record
from .skip import REASONS, SKIPPED, not_a_report
from .timelimit import DocumentTimeout, deadline


def warm_up() -> None:
    """Load the schema and the default tagger once, so no document pays for it.

    A failure here is not fatal: the same failure then surfaces as an error
    record of each document, which is where the user looks for it.
    """
    try:
        from ..pipeline import default_tagger
        from ..schema import load_schema

        load_schema()
        default_tagger()
        retable.parse("政府信息公开\n1\n".encode())
    except Exception:
        pass


def error_result(record: Record, kind: str, message: str) -> dict[str, Any]:
    return {
        "seq": record.seq,
        "source_id": record.source_id,
        "ok": False,
        "kind": kind,
        "message": message,
    }


def _read(record: Record, max_bytes: int) -> bytes | dict[str, Any]:
    if record.kind == "bytes":
        return record.payload
    if record.kind == "text":
        return record.payload.encode("utf-8", errors="surrogatepass")
    path = record.payload
    try:
        if os.path.isdir(path):
            return error_result(record, "unreadable", "is a directory")
        size = os.path.getsize(path)
        if size > max_bytes:
            got, limit = size_pair(size, max_bytes)
            return error_result(record, "too_large", f"{got}, above the limit of {limit}")
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return error_result(record, "unreadable", "no such file")
    except OSError as exc:
        return error_result(record, "unreadable", f"cannot read: {exc.strerror or exc}")


@contextmanager
def _page_progress() -> Iterator[None]:
    """OCR is slow: each page of a scan is reported on stderr as it is done."""

    def show(source: str, done: int, total: int, seconds: float) -> None:
        print(f"{source}: OCR page {done}/{total} ({seconds:.1f} s)", file=sys.stderr, flush=True)

    token = page_progress.set(show)
    try:
        yield
    finally:
        page_progress.reset(token)


def parse_one(
    record: Record,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Parse one record into a result dict (``ok`` True or False); never raises."""
    if record.kind == "error":
        return error_result(record, record.error_kind or "bad_record", str(record.payload))
    try:
        data = _read(record, max_bytes)
        if isinstance(data, dict):
            return data
        reason = not_a_report(data)
        if reason is not None:
            return dict(error_result(record, SKIPPED, REASONS[reason]), reason=reason)
        start = time.perf_counter()
        with deadline(time_limit), _page_progress():
            report, doc = parse_with_document(data, name=record.source_id, max_bytes=max_bytes)
            seconds = time.perf_counter() - start
            return {
                "seq": record.seq,
                "source_id": record.source_id,
                "ok": True,
                "report": report_row(report, record.source_id, len(data), seconds),
                "cells": cell_rows(report, record.source_id, doc.raw_text),
                "wide": wide_rows(report, record.source_id),
            }
    except DocumentTimeout:
        return error_result(record, "timeout", f"parsing took longer than {time_limit:g} s")
    except RetableError as exc:
        return error_result(record, exc.code, exc.message)
    except RecursionError:
        return error_result(record, "internal", "input too deeply nested")
    except MemoryError:
        return error_result(record, "internal", "out of memory")
    except Exception as exc:  # a bug must cost one record, never the run
        return error_result(record, "internal", f"{type(exc).__name__}: {exc}")


def parse_chunk(
    records: list[Record], time_limit: float | None, max_bytes: int
) -> list[dict[str, Any]]:
    """Results of a list of records, in order (the unit a Dask task runs)."""
    return [parse_one(r, time_limit=time_limit, max_bytes=max_bytes) for r in records]

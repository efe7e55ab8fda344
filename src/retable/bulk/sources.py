"""Input discovery and streaming: files, folders, globs and tables of pages.

Everything is a generator so a crawl of any size is never held in memory;
the order is deterministic (sorted walks, row order of tables) because a
record's position fixes the chunk it is written in.
"""

from __future__ import annotations

import csv
import glob
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .records import Record

TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".parquet")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# Payloads of a web archive that cannot hold a report: the page's images, styles,
# scripts and fonts. Everything else (pages, text, PDF and Word files) is a document.
NOT_DOCUMENTS = ("image/", "audio/", "video/", "font/", "text/css", "javascript", "ecmascript")
TEXT_COLUMNS = ("text", "html", "content", "body", "page", "raw", "document")
ID_COLUMNS = ("id", "source_id", "doc_id", "url", "source", "path", "name")


@dataclass(frozen=True)
class SourceOptions:
    text_column: str | None = None
    id_column: str | None = None
    exclude: tuple[str, ...] = ()  # folders never to descend into (the output folder)


def expand_inputs(inputs: Iterable[str], options: SourceOptions) -> Iterator[tuple[str, Path]]:
    """``(source id, path)`` of every input file, in a stable order."""
    excluded = {Path(p).resolve() for p in options.exclude}
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for file in _walk(path, excluded):
                yield file.relative_to(path).as_posix(), file
        elif path.exists():
            yield path.as_posix(), path
        elif glob.has_magic(item):
            matches = [Path(m) for m in sorted(glob.glob(item, recursive=True))]
            files = [p for p in matches if p.is_file() and not _inside(p, excluded)]
            if not files:
                yield item, path  # a pattern that matches nothing is reported, not ignored
            for p in files:
                yield p.as_posix(), p
        else:
            yield path.as_posix(), path  # reported as unreadable, never silently dropped


def _walk(root: Path, excluded: set[Path]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (here / d).resolve() not in excluded
        )
        for name in sorted(filenames):
            if not name.startswith("."):
                yield here / name


def _inside(path: Path, excluded: set[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(e) for e in excluded)


def iter_records(inputs: Iterable[str], options: SourceOptions | None = None) -> Iterator[Record]:
    """Every record of every input, numbered in stream order."""
    options = options or SourceOptions()
    seq = 0
    for source_id, path in expand_inputs(inputs, options):
        if path.suffix.lower() in TABLE_SUFFIXES and path.is_file():
            rows = _table_rows(source_id, path, options)
        elif path.name.lower().endswith(WARC_SUFFIXES) and path.is_file():
            rows = _warc_rows(source_id, path)
        else:
            rows = iter([(source_id, "path", str(path), "")])
        for sid, kind, payload, error_kind in rows:
            yield Record(seq, sid, kind, payload, error_kind)
            seq += 1


Row = tuple[str, str, object, str]  # source id, kind, payload, error kind


def _table_rows(name: str, path: Path, options: SourceOptions) -> Iterator[Row]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".ndjson"):
            yield from _jsonl_rows(name, path, options)
        elif suffix == ".csv":
            yield from _csv_rows(name, path, options)
        else:
            yield from _parquet_rows(name, path, options)
    except (OSError, ValueError) as exc:
        # The table itself is unreadable: one error record stands for it.
        yield name, "error", f"cannot read table: {exc}", "bad_table"


def _pick(columns: Iterable[str], wanted: str | None, defaults: tuple[str, ...]) -> str | None:
    columns = list(columns)
    if wanted:
        return wanted if wanted in columns else None
    lowered = {c.lower(): c for c in columns}
    return next((lowered[d] for d in defaults if d in lowered), None)


def _row(name: str, index: int, row: dict, text_col: str | None, id_col: str | None) -> Row:
    raw_id = row.get(id_col) if id_col else None
    sid = str(raw_id) if raw_id not in (None, "") else f"{name}#{index}"
    if text_col is None:
        return sid, "error", "no text column (choose one with --text-column)", "bad_record"
    text = row.get(text_col)
    if text is None:
        return sid, "error", f"column {text_col!r} is empty", "empty"
    if isinstance(text, bytes):
        return sid, "bytes", text, ""
    if not isinstance(text, str):
        return sid, "error", f"column {text_col!r} holds {type(text).__name__}", "bad_record"
    return sid, "text", text, ""


def _jsonl_rows(name: str, path: Path, options: SourceOptions) -> Iterator[Row]:
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        index = 0
        for line in fh:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield f"{name}#{index}", "error", f"invalid JSON: {exc}", "bad_record"
                index += 1
                continue
            if not isinstance(obj, dict):
                yield f"{name}#{index}", "error", "a JSON line is not an object", "bad_record"
            else:
                text_col = _pick(obj, options.text_column, TEXT_COLUMNS)
                id_col = _pick(obj, options.id_column, ID_COLUMNS)
                yield _row(name, index, obj, text_col, id_col)
            index += 1


def _csv_rows(name: str, path: Path, options: SourceOptions) -> Iterator[Row]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        text_col = _pick(fields, options.text_column, TEXT_COLUMNS)
        if text_col is None and options.text_column is None:
            # No column of pages: the file is a report's table saved as CSV
            # (pandas.read_html(...).to_csv), one document.
            yield name, "path", str(path), ""
            return
        id_col = _pick(fields, options.id_column, ID_COLUMNS)
        for index, row in enumerate(reader):
            yield _row(name, index, row, text_col, id_col)


def _parquet_rows(name: str, path: Path, options: SourceOptions) -> Iterator[Row]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    fields = pf.schema_arrow.names
    text_col = _pick(fields, options.text_column, TEXT_COLUMNS)
    id_col = _pick(fields, options.id_column, ID_COLUMNS)
    columns = [c for c in (text_col, id_col) if c]
    index = 0
    for batch in pf.iter_batches(batch_size=512, columns=columns or None):
        for row in batch.to_pylist():
            yield _row(name, index, row, text_col, id_col)
            index += 1


def _warc_rows(name: str, path: Path) -> Iterator[Row]:
    """The documents of a web archive (WARC or ARC, gzipped or not): every response
    or resource record whose payload can be a report, named by its URL, its body as
    served (de-chunked and decompressed). Requests, metadata and revisits are the
    crawl's bookkeeping; images, styles, scripts and fonts are no documents. A record
    cut short (a crawl interrupted) or whose digest does not match is an error."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    index = 0
    with open(path, "rb") as fh:
        try:
            for record in ArchiveIterator(fh, arc2warc=True, check_digests=True):
                if record.rec_type not in ("response", "resource"):
                    continue
                headers = record.http_headers if record.rec_type == "response" else None
                source = headers if headers is not None else record.rec_headers
                content_type = (source.get_header("Content-Type") or "").lower()
                if any(kind in content_type for kind in NOT_DOCUMENTS):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                sid = uri or f"{name}#{index}"
                body = record.content_stream().read()
                missing = getattr(record.raw_stream, "limit", 0)  # bytes never read
                if missing > 0:
                    message = f"web archive record cut short ({missing} bytes missing)"
                    yield sid, "error", message, "bad_record"
                elif record.digest_checker.passed is False:
                    problems = "; ".join(record.digest_checker.problems)
                    yield sid, "error", f"damaged web archive record ({problems})", "bad_record"
                else:
                    yield sid, "bytes", body, ""
                index += 1
        except ArchiveLoadFailed as exc:
            yield f"{name}#{index}", "error", f"cannot read web archive: {exc}", "bad_table"

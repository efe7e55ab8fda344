"""retable bulk: inputs of every kind, counts that add up, resume, Dask, time limits."""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from gold_compare import DOCUMENTS

import retable
from retable.bulk import run_bulk
from retable.bulk.records import Record
from retable.bulk.worker import parse_one
from retable.bulk.writer import PartWriter
from retable.cli import main

SEEDS = sorted((DOCUMENTS / "seeds").glob("*.txt"))
FAST = [*SEEDS, DOCUMENTS / "corpus" / "003_shanghai-stcsm-2024.md"]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "crawl"
    (root / "sub").mkdir(parents=True)
    for i, path in enumerate(FAST):
        target = root / ("sub" if i % 2 else ".") / path.name
        shutil.copy(path, target)
    (root / "empty.txt").write_bytes(b"")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "notes.txt").write_text("no tables here, just prose\n", encoding="utf-8")
    return root


def outputs(outdir: Path) -> dict:
    """Everything a run wrote, minus the timing column, for identity checks."""
    reports = pq.read_table(outdir / "reports.parquet").drop(["parse_seconds"]).to_pylist()
    return {
        "cells": pq.read_table(outdir / "cells.parquet").to_pylist(),
        "reports": reports,
        "errors": (outdir / "errors.jsonl").read_text(encoding="utf-8"),
        "csv": {p.name: p.read_bytes() for p in sorted(outdir.glob("*.csv"))},
    }


def error_lines(outdir: Path) -> list[dict]:
    text = (outdir / "errors.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_folder_counts_add_up(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_bulk([str(folder)], out, jobs=2, progress=False)
    files = [p for p in folder.rglob("*") if p.is_file()]
    reports = pq.read_table(out / "reports.parquet")
    errors = error_lines(out)
    assert summary.documents == len(files) == reports.num_rows + len(errors)
    kinds = {e["source_id"]: e["kind"] for e in errors}
    assert kinds["empty.txt"] == "empty"
    assert kinds["image.png"] == "binary"
    assert kinds["notes.txt"] == "no_table"
    ids = reports.column("source_id").to_pylist()
    assert len(ids) == len(set(ids)) == len(FAST)
    # Cells agree with the single-document API.
    cells = pq.read_table(out / "cells.parquet").to_pylist()
    report = retable.parse(SEEDS[0])
    # Counts are integers in "value"; money is a float in "amount" (never both).
    assert not any(c["value"] is not None and c["amount"] is not None for c in cells)
    mine = {
        (c["table"], c["row"], c["column"]): c["amount"] if c["amount"] is not None else c["value"]
        for c in cells
        if c["source_id"] == SEEDS[0].name
    }
    expected = {
        (t, r, c): v
        for t in report.tables
        for r, cols in report.values(t).items()
        for c, v in cols.items()
    }
    assert mine == expected
    with open(out / "requests.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and rows[0]["source_id"] and "total" in rows[0]
    assert (out / "requests.csv").read_bytes().startswith("\ufeff".encode())


def test_glob_input(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_bulk([str(folder / "**" / "*.txt")], out, jobs=1, progress=False)
    txt = [p for p in folder.rglob("*.txt")]
    assert summary.documents == len(txt)
    assert summary.reports + summary.errors == len(txt)


def _pages() -> list[dict]:
    return [{"id": f"page-{i}", "text": p.read_text(encoding="utf-8")} for i, p in enumerate(FAST)]


def test_table_inputs(tmp_path: Path) -> None:
    pages = _pages()
    jsonl = tmp_path / "pages.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for page in pages:
            fh.write(json.dumps(page, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "no-text"}) + "\n")
    csv_path = tmp_path / "pages.csv"
    with open(csv_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["url", "html"])
        writer.writeheader()
        for page in pages:
            writer.writerow({"url": page["id"], "html": page["text"]})
    parquet = tmp_path / "pages.parquet"
    pq.write_table(
        pa.table({"doc": [p["id"] for p in pages], "body": [p["text"] for p in pages]}), parquet
    )
    results = {}
    for path, extra in ((jsonl, {}), (csv_path, {}), (parquet, {"id_column": "doc"})):
        out = tmp_path / f"out-{path.suffix[1:]}"
        summary = run_bulk([str(path)], out, jobs=1, progress=False, **extra)
        results[path.suffix] = outputs(out)
        assert summary.reports + summary.errors == summary.documents
    assert len(error_lines(tmp_path / "out-jsonl")) == 2
    assert results[".jsonl"]["cells"] == results[".csv"]["cells"] == results[".parquet"]["cells"]
    ids = [r["source_id"] for r in results[".csv"]["reports"]]
    assert ids == [p["id"] for p in pages]


def _write_warc(path: Path, pages: list[dict], compress: bool = True) -> None:
    """A crawl as a crawler archives it: a request and a response per page (bodies
    in GB18030 and gzip-encoded, as servers send them), an image, a PDF."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=compress)

        def response(uri: str, body: bytes, headers: list[tuple[str, str]]) -> None:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            request = writer.create_warc_record(
                uri, "request", payload=BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
            writer.write_record(request)
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=http)
            )

        for page in pages:
            body = gzip.compress(page["text"].encode("gb18030"))
            headers = [("Content-Type", "text/html; charset=gbk"), ("Content-Encoding", "gzip")]
            response(page["id"], body, headers)
        response(
            "https://example.gov.cn/logo.png",
            b"\x89PNG\r\n\x1a\n" * 8,
            [("Content-Type", "image/png")],
        )
        response(
            "https://example.gov.cn/report.pdf",
            b"%PDF-1.7\n" * 8,
            [("Content-Type", "application/pdf")],
        )


def _urls(pages: list[dict]) -> list[dict]:
    return [{**page, "id": f"https://example.gov.cn/{page['id']}.html"} for page in pages]


def test_a_web_archive_is_read_record_by_record(tmp_path: Path) -> None:
    pages = _urls(_pages())
    warc = tmp_path / "crawl.warc.gz"
    _write_warc(warc, pages)
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), "utf-8")
    summary = run_bulk([str(warc)], tmp_path / "out-warc", jobs=1, progress=False)
    # every page and the PDF are documents; the image is none, the requests are bookkeeping
    assert (summary.documents, summary.reports, summary.errors) == (len(pages) + 1, len(pages), 1)
    (error,) = error_lines(tmp_path / "out-warc")
    assert error["source_id"] == "https://example.gov.cn/report.pdf"
    assert error["kind"] == "binary"
    run_bulk([str(jsonl)], tmp_path / "out-jsonl", jobs=1, progress=False)
    from_warc, from_jsonl = outputs(tmp_path / "out-warc"), outputs(tmp_path / "out-jsonl")
    assert from_warc["cells"] == from_jsonl["cells"]
    assert [r["source_id"] for r in from_warc["reports"]] == [p["id"] for p in pages]
    assert {r["encoding"] for r in from_warc["reports"]} == {"gb18030"}


def test_a_truncated_web_archive_keeps_its_records_and_says_what_is_lost(tmp_path: Path) -> None:
    pages = _urls(_pages()[:3])
    warc = tmp_path / "crawl.warc"
    _write_warc(warc, pages)
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) // 2] + b"not a record\r\n\r\n")
    summary = run_bulk([str(warc)], tmp_path / "out", jobs=1, progress=False)
    assert summary.reports + summary.errors == summary.documents
    assert summary.reports >= 1
    (error,) = error_lines(tmp_path / "out")
    assert error["kind"] == "bad_record" and "cut short" in error["message"]


def test_a_web_archive_record_whose_bytes_changed_is_caught_by_its_digest(tmp_path: Path) -> None:
    pages = _urls(_pages()[:2])
    warc = tmp_path / "crawl.warc"
    _write_warc(warc, pages, compress=False)
    data = warc.read_bytes()
    body = gzip.compress(pages[0]["text"].encode("gb18030"))
    start = data.index(body)
    warc.write_bytes(data[: start + 100] + bytes([data[start + 100] ^ 1]) + data[start + 101 :])
    summary = run_bulk([str(warc)], tmp_path / "out", jobs=1, progress=False)
    assert (summary.documents, summary.reports, summary.errors) == (3, 1, 2)
    damaged, pdf = error_lines(tmp_path / "out")
    assert damaged["source_id"] == pages[0]["id"] and "digest" in damaged["message"]
    assert pdf["kind"] == "binary"


def test_a_csv_without_a_column_of_pages_is_one_document(tmp_path: Path) -> None:
    """A report's table saved as CSV (pandas.read_html(...).to_csv) is parsed as a
    report; naming a text column it lacks is an error per row, as before."""
    table = DOCUMENTS / "converted" / "001_shanghai-govoffice-2019.pandas-tables-csv.txt"
    path = tmp_path / "report.csv"
    path.write_bytes(table.read_bytes())
    summary = run_bulk([str(path)], tmp_path / "out", jobs=1, progress=False)
    assert (summary.documents, summary.reports, summary.errors) == (1, 1, 0)
    (report,) = outputs(tmp_path / "out")["reports"]
    assert report["source_id"] == path.as_posix()
    named = run_bulk([str(path)], tmp_path / "named", jobs=1, progress=False, text_column="page")
    assert named.errors == named.documents > 1


class _Interrupt(KeyboardInterrupt):
    pass


def test_resume_after_interruption(folder: Path, tmp_path: Path, monkeypatch) -> None:
    full = tmp_path / "full"
    run_bulk([str(folder)], full, jobs=2, chunk_size=2, progress=False)

    out = tmp_path / "resumed"
    original = PartWriter.write_chunk
    calls = {"n": 0}

    def crash_after_two(self, chunk, results):
        if calls["n"] == 2:
            # Die half-way through a chunk: a stray temporary and an uncommitted part remain.
            (self.parts / ".c0000099.cells.parquet.tmp-1").write_bytes(b"half")
            (self.parts / f"c{chunk:07d}.cells.parquet").write_bytes(b"torn")
            with open(self.ledger.path, "a", encoding="utf-8") as fh:
                fh.write('{"chunk": 99, "torn')
            raise _Interrupt
        calls["n"] += 1
        return original(self, chunk, results)

    monkeypatch.setattr(PartWriter, "write_chunk", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        run_bulk([str(folder)], out, jobs=2, chunk_size=2, progress=False)
    monkeypatch.setattr(PartWriter, "write_chunk", original)
    assert not (out / "cells.parquet").exists()
    with pytest.raises(Exception, match="--resume"):
        run_bulk([str(folder)], out, jobs=2, chunk_size=2, progress=False)

    summary = run_bulk([str(folder)], out, jobs=2, resume=True, progress=False)
    assert summary.parsed_now < summary.documents
    assert outputs(out) == outputs(full)
    ids = [r["source_id"] for r in outputs(out)["reports"]]
    assert len(ids) == len(set(ids))
    assert not list((out / "parts").glob(".*tmp-*"))


def test_dask_engine_matches_local(folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_bulk([str(folder)], local, jobs=2, chunk_size=3, progress=False)
    summary = run_bulk([str(folder)], dask, engine="dask", jobs=1, chunk_size=3, progress=False)
    assert "dask" in summary.engine
    assert outputs(dask) == outputs(local)


def _slow_parse(mode: str):
    from retable.bulk import worker

    real = worker.parse_with_document

    def parse(source, **kwargs):
        if kwargs.get("name") == "hang.txt":
            if mode == "busy":
                while True:
                    pass
            time.sleep(60)  # stuck outside Python bytecode: only a kill stops it
        return real(source, **kwargs)

    return parse


@pytest.mark.parametrize("mode", ["busy", "sleep"])
def test_time_limit_turns_a_hang_into_an_error(mode, folder, tmp_path, monkeypatch) -> None:
    (folder / "hang.txt").write_text("anything\n", encoding="utf-8")
    from retable.bulk import worker

    monkeypatch.setattr(worker, "parse_with_document", _slow_parse(mode))
    out = tmp_path / "out"
    start = time.monotonic()
    # The limit is far above a real document's cost even on a slow, loaded machine,
    # and far below the hang's.
    summary = run_bulk([str(folder)], out, jobs=2, time_limit=2.0, progress=False)
    assert time.monotonic() - start < 30
    errors = {e["source_id"]: e["kind"] for e in error_lines(out)}
    assert errors["hang.txt"] == "timeout"
    assert summary.reports == len(FAST)
    assert summary.reports + summary.errors == summary.documents


def test_parse_one_never_raises() -> None:
    for record in (
        Record(0, "missing", "path", "/no/such/file.txt"),
        Record(1, "bytes", "bytes", b"\x00\x01\x02" * 100),
        Record(2, "failed", "error", "bad line", "bad_record"),
        Record(3, "text", "text", SEEDS[0].read_text(encoding="utf-8")),
    ):
        result = parse_one(record)
        assert result["seq"] == record.seq and result["source_id"] == record.source_id
    assert parse_one(Record(3, "t", "text", SEEDS[0].read_text(encoding="utf-8")))["ok"]


def test_cli_bulk(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["bulk", str(folder), "-o", str(out), "--jobs", "1"])
    # The folder holds an empty file, an image and prose: some inputs failed.
    assert result.exit_code == 1, result.output
    assert "documents" in result.output
    assert (out / "cells.parquet").exists()
    assert error_lines(out)
    again = CliRunner().invoke(main, ["bulk", str(folder), "-o", str(out)])
    assert again.exit_code == 2 and "--resume" in again.output


def test_cli_bulk_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    for path in SEEDS[:2]:
        shutil.copy(path, good / path.name)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["bulk", str(good), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output  # every input parsed
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
    (good / "empty.txt").write_bytes(b"")
    failed = CliRunner().invoke(
        main, ["bulk", str(good), "-o", str(tmp_path / "out2"), "--jobs", "1"]
    )
    assert failed.exit_code == 1, failed.output  # one input failed
    assert [e["source_id"] for e in error_lines(tmp_path / "out2")] == ["empty.txt"]
    usage = CliRunner().invoke(main, ["bulk", str(good), "-o", str(out), "--scheduler", "x"])
    assert usage.exit_code == 2
    missing_output = CliRunner().invoke(main, ["bulk", str(good)])
    assert missing_output.exit_code == 2

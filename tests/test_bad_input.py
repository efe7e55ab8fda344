"""Bad input through every way in: a Report with warnings, or a documented RetableError.

The table of cases mirrors the failure modes of scraped inputs; each case is
run through ``retable.parse``, ``retable parse`` and ``retable bulk``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from gold_compare import DOCUMENTS
from opencc import OpenCC

import retable
from retable import errors
from retable.cli import main

SEED = DOCUMENTS / "seeds" / "000_70eac6e8a2e0d3d2.txt"
HTML = DOCUMENTS / "corpus" / "012_shuyang-fgj-2023.html"
TEXT = SEED.read_text("utf-8")
REQUESTS_AT = TEXT.index("三、收到和处理")
REVIEW_AT = TEXT.index("四、")


def _cut_mid_row() -> bytes:
    """The text stops in the middle of the requests table's rows."""
    at = TEXT.index("（二）部分公开")
    return TEXT[: at + 12].encode("utf-8")


def _nested_html() -> bytes:
    inner = "<table><tr><td>" * 300 + "1" + "</td></tr></table>" * 300
    page = HTML.read_text("utf-8")
    return (page[:5000] + inner + page[5000:]).encode("utf-8")


def _malformed_html() -> bytes:
    page = HTML.read_text("utf-8")
    return page.replace("</td>", "").replace("</tr>", "<tr>", 40).encode("utf-8")


# name -> (bytes, outcome): "report" or the RetableError subclass expected.
CASES: dict[str, tuple[bytes, object]] = {
    "empty": (b"", errors.EmptyInputError),
    "whitespace": (b" \n\t\r\n ", errors.EmptyInputError),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, errors.BinaryInputError),
    "pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8, errors.BinaryInputError),
    "zip": (b"PK\x03\x04" + bytes(range(256)) * 8, errors.BinaryInputError),
    "random_binary": (bytes((i * 7919) % 256 for i in range(5000)), errors.RetableError),
    "gb18030": (TEXT.encode("gb18030"), "report"),
    "big5": (OpenCC("s2t").convert(TEXT).encode("big5", errors="replace"), "report"),
    "utf16": (TEXT.encode("utf-16"), "report"),
    "mixed_encodings": (
        TEXT[:REQUESTS_AT].encode("utf-8") + TEXT[REQUESTS_AT:].encode("gb18030"),
        "report",
    ),
    "prose_only": ("本年度报告根据条例编制。\n没有任何表格。\n" * 50).encode("utf-8"),
    "one_table_of_three": (TEXT[REQUESTS_AT:REVIEW_AT].encode("utf-8"), "report"),
    "cut_mid_row": (_cut_mid_row(), "report"),
    "nested_html": (_nested_html(), "report"),
    "malformed_html": (_malformed_html(), "report"),
    "long_line": (TEXT.encode("utf-8") + b" " * 300_000 + b"1" * 100_000 + b"\n", "report"),
    "nul_and_controls": (TEXT.replace("\n", "\x00\n\x07\x1b").encode("utf-8"), "report"),
    "nul_bytes_only": (b"\x00" * 4000, errors.RetableError),
}
CASES["prose_only"] = (CASES["prose_only"], errors.NoTableError)  # type: ignore[assignment]
WARNS = {
    "one_table_of_three": "table_not_found",
    "cut_mid_row": "row_not_found",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_parse(name: str) -> None:
    data, outcome = CASES[name]
    if outcome == "report":
        report = retable.parse(data)
        assert isinstance(report, retable.Report)
        if name in WARNS:
            assert WARNS[name] in {w.code for w in report.warnings}
    else:
        with pytest.raises(outcome) as info:  # type: ignore[call-overload]
            retable.parse(data)
        assert isinstance(info.value, retable.RetableError)
        assert info.value.code != "internal"


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli(name: str, tmp_path: Path) -> None:
    data, outcome = CASES[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if outcome == "report":
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["source"] == str(path)
    else:
        assert result.exit_code == 1
        assert path.name in result.stderr and "Traceback" not in result.stderr


def test_bulk(tmp_path: Path) -> None:
    from retable.bulk import run_bulk

    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _) in CASES.items():
        (folder / f"{name}.txt").write_bytes(data)
    out = tmp_path / "out"
    summary = run_bulk([str(folder)], out, jobs=1, progress=False)
    assert summary.documents == len(CASES)
    lines = (out / "errors.jsonl").read_text("utf-8").splitlines()
    failed = {json.loads(line)["source_id"] for line in lines}
    expected = {f"{n}.txt" for n, (_, o) in CASES.items() if o != "report"}
    assert failed == expected
    assert "internal" not in {json.loads(line)["kind"] for line in lines}


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(60 * 1024 * 1024)  # 60 MB, sparse
    with pytest.raises(errors.InputTooLargeError):
        retable.parse(big, max_bytes=50 * 1024 * 1024)
    result = CliRunner().invoke(main, ["parse", str(big), "--max-bytes", str(50 * 1024 * 1024)])
    assert result.exit_code == 1 and "big.txt" in result.stderr


def test_large_input_under_the_limit_parses() -> None:
    """A report padded to several MB of prose still parses within the time limit."""
    data = (TEXT + "\n" + "说明文字。" * 400_000).encode("utf-8")
    assert len(data) > 5_000_000
    report = retable.parse(data, timeout=60)
    assert report.values("requests")["granted"]["natural_person"] == 1


def test_timeout_is_a_documented_error(monkeypatch) -> None:
    import retable.pipeline as pipeline

    def slow(*args, **kwargs):
        time.sleep(5)

    monkeypatch.setattr(pipeline, "locate_tables", slow)
    started = time.monotonic()
    with pytest.raises(errors.ParseTimeoutError):
        retable.parse(SEED, timeout=0.5)
    assert time.monotonic() - started < 3


def test_cli_timeout_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(SEED), "--timeout", "30"])
    assert result.exit_code == 0
    assert CliRunner().invoke(main, ["parse", str(SEED), "--timeout", "-1"]).exit_code == 2


def test_internal_errors_are_wrapped(monkeypatch) -> None:
    import retable.pipeline as pipeline

    def broken(*args, **kwargs):
        raise KeyError("bug")

    monkeypatch.setattr(pipeline, "locate_tables", broken)
    with pytest.raises(errors.InternalError) as info:
        retable.parse(SEED)
    assert "locate" in str(info.value) and SEED.name in str(info.value)


def test_damaged_utf8_is_parsed_with_a_warning() -> None:
    data = bytearray(TEXT.encode("utf-8"))
    data[50] = 0xFF  # one corrupt byte in the prose
    report = retable.parse(bytes(data))
    assert "encoding_damaged" in {w.code for w in report.warnings}
    assert report.values("requests")["granted"]["natural_person"] == 1


def test_a_long_run_of_numerals_is_read_in_linear_time():
    """A table's end found in mid-line looks back for the next heading's section
    number; a report flattened onto one line with a run of numerals (一一一…) after
    its first heading took that pattern quadratic time from the line's start (a fuzzed
    input: 108 s; 20,000 numerals here took 5.8 s, 60,000 about a minute)."""
    flat = SEED.read_text("utf-8").replace("\n", "")
    at = flat.index("一、") + 2
    flat = flat[:at] + "一" * 60_000 + flat[at:]
    report = retable.parse(flat, timeout=20)  # ParseTimeoutError if it is quadratic again
    assert report.tables["requests"]["new_received"]["total"].value is not None


def test_tables_nested_deep_around_a_wide_table_are_read_in_linear_time():
    """Each layout table's own cells were found by asking every cell below it for its
    nearest table: 60 nested tables around one of 60,000 cells took 8 s (a fuzzed page
    of 26 levels and 120,000 cells over a minute); now one walk each, about 1 s."""
    inner = "<table><tr>" + "<td>1</td>" * 60_000 + "</tr></table>"
    page = "<html><body>" + "<table><tr><td>" * 60 + inner + "</td></tr></table>" * 60
    with pytest.raises(errors.NoTableError):  # not ParseTimeoutError
        retable.parse(page + "</body></html>", timeout=5)

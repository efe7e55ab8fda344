"""A page saved as one file (MHTML) is read as the page it holds."""

from __future__ import annotations

import base64
import quopri

import pytest
from gold_compare import DOCUMENTS, GOLD, compare, load_gold

import retable

STEM = "012_shuyang-fgj-2023"
BOUNDARY = "----MultipartBoundary--7dGNKmVZVgcoV8F3Pbxk0cRqyXYAWvAB3L1ksc0YxY----"


def _blink(page: bytes) -> bytes:
    """What Chrome's "Save as: Webpage, single file" writes: the page in UTF-8,
    quoted-printable, with no charset on its part, then an image."""
    head = (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://example.gov.cn/art/2024/1/1/art_1.html\r\n"
        "Subject: =?utf-8?Q?2023=E5=B9=B4=E6=8A=A5=E5=91=8A?=\r\n"
        "Date: Mon, 1 Jan 2024 08:00:00 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/related;\r\n"
        '\ttype="text/html";\r\n'
        f'\tboundary="{BOUNDARY}"\r\n\r\n\r\n'
        f"--{BOUNDARY}\r\n"
        "Content-Type: text/html\r\n"
        "Content-ID: <frame-0@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: https://example.gov.cn/art/2024/1/1/art_1.html\r\n\r\n"
    ).encode()
    image = (
        f"\r\n--{BOUNDARY}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: https://example.gov.cn/logo.png\r\n\r\n"
    ).encode() + base64.encodebytes(b"\x89PNG\r\n\x1a\n" * 20)
    return head + quopri.encodestring(page) + image + f"\r\n--{BOUNDARY}--\r\n".encode()


def _mismatches(report: retable.Report) -> list:
    gold = load_gold(GOLD / "corpus" / f"{STEM}.json")
    return compare(gold, {t: report.values(t) for t in report.tables})


def test_a_page_saved_by_a_browser_as_one_file_is_read(tmp_path):
    page = (DOCUMENTS / "corpus" / f"{STEM}.html").read_bytes()
    path = tmp_path / "report.mhtml"
    path.write_bytes(_blink(page))
    report = retable.parse(path)
    assert _mismatches(report) == []
    assert report.encoding == "utf-8"
    assert retable.parse(_blink(page)).to_dict()["tables"] == report.to_dict()["tables"]


def test_the_charset_of_the_page_part_is_used():
    # Internet Explorer's .mht keeps the page's own charset on its part
    page = (DOCUMENTS / "corpus" / f"{STEM}.html").read_text("utf-8").encode("gb18030")
    saved = _blink(page).replace(
        b"Content-Type: text/html\r\n", b'Content-Type: text/html; charset="gb2312"\r\n', 1
    )
    report = retable.parse(saved)
    assert report.encoding == "gb2312" or report.encoding == "gb18030"
    assert _mismatches(report) == []


def test_a_saved_page_without_its_page_is_a_clear_error():
    saved = _blink(b"").replace(b"Content-Type: text/html\r\n", b"Content-Type: text/css\r\n", 1)
    with pytest.raises(retable.errors.InputError, match="MHTML"):
        retable.parse(saved)

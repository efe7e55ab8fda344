"""Encodings are detected, binary and empty inputs refused with a clear error."""

from __future__ import annotations

import re

import pytest
from gold_compare import DOCUMENTS

import retable
from retable.errors import BinaryInputError, EmptyInputError, InputError, InputTooLargeError
from retable.inputs.decode import decode_bytes

SEED = DOCUMENTS / "seeds" / "002_7eb68c448bcdd812.txt"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le"]
)
def test_encodings_give_identical_reports(tmp_path, encoding):
    text = SEED.read_text("utf-8")
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(text.encode(encoding, errors="strict"))
    assert retable.parse(path).to_dict()["tables"] == retable.parse(SEED).to_dict()["tables"]


def test_big5_traditional_report(tmp_path):
    text = (DOCUMENTS / "seeds" / "001_19c900d0ac5df711.txt").read_text("utf-8")
    from retable.normalise import strip_pinyin

    plain = strip_pinyin(text, list(range(len(text))))[0]
    path = tmp_path / "big5.txt"
    path.write_bytes(plain.encode("big5", errors="replace"))
    report = retable.parse(path)
    assert report.encoding == "big5"
    assert report.agency == "柳北区政务服务监督管理办公室"
    assert report.values("requests")["total_processed"]["total"] == 0


@pytest.mark.parametrize(
    "data,error",
    [
        (b"", EmptyInputError),
        (b"   \n\t ", EmptyInputError),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", BinaryInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError),
        (b"PK\x03\x04\x14\x00\x06\x00", BinaryInputError),
        (bytes(range(256)) * 8, BinaryInputError),
    ],
)
def test_bad_bytes(data, error):
    with pytest.raises(error):
        decode_bytes(data, "x")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        retable.parse(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        retable.parse(tmp_path)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(InputTooLargeError):
        retable.parse(path, max_bytes=1000)


def test_prose_without_tables():
    with pytest.raises(retable.RetableError, match="no standard table"):
        retable.parse(
            "2023年，我局认真贯彻落实《条例》，主动公开政府信息。\n六、其他需要报告的事项\n无。"
        )


@pytest.mark.parametrize(
    "data,says",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "this looks like a PDF document,"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "this looks like an OLE document (doc/xls?),"),
        (bytes(range(256)) * 8, "this looks like binary data,"),
    ],
)
def test_binary_inputs_are_named_in_plain_words(data, says):
    with pytest.raises(BinaryInputError, match=re.escape(says)):
        decode_bytes(data, "x")

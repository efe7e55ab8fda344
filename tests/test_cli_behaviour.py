"""The command line as the README promises it: errors as records, sizes in words,
options named as they are, `bulk` skipping JSON that is no report."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from gold_compare import DOCUMENTS

from retable.bulk.skip import not_a_report
from retable.cli import main
from retable.limits import human_size, size_pair

SEED = DOCUMENTS / "seeds" / "000_70eac6e8a2e0d3d2.txt"


def test_parse_a_folder_is_an_unreadable_error_not_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["parse", str(tmp_path), str(SEED)])
    assert result.exit_code == 1  # some inputs failed; the report still printed
    assert f"error [unreadable]: {tmp_path}: is a directory" in result.stderr
    assert json.loads(result.stdout.splitlines()[0])["agency"] == "柳州市柳江区发展和改革局"


def test_parse_a_missing_file_is_an_unreadable_error(tmp_path):
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "error [unreadable]:" in result.stderr and "no such file" in result.stderr


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1023 bytes"),
        (1024, "1.0 KiB"),
        (850 * 1024, "850 KiB"),
        (int(12.3 * 2**20), "12.3 MiB"),
        (64 * 2**20, "64.0 MiB"),
        (2**20 - 1, "1.0 MiB"),
        (3 * 2**30, "3.0 GiB"),
    ],
)
def test_human_size(n, words):
    assert human_size(n) == words


def test_sizes_that_read_alike_give_their_bytes():
    assert size_pair(2 * 2**20, 2**20) == ("2.0 MiB", "1.0 MiB")
    assert size_pair(2**20 + 1, 2**20) == (
        "1.0 MiB (1,048,577 bytes)",
        "1.0 MiB (1,048,576 bytes)",
    )


def test_max_bytes_error_in_words():
    size = SEED.stat().st_size  # 8 KiB or so: it was "0.0 MB"
    result = CliRunner().invoke(main, ["parse", str(SEED), "--max-bytes", "1000"])
    assert result.exit_code == 1
    assert f"input is {human_size(size)}, above the limit of 1000 bytes" in result.stderr
    assert "0.0 MB" not in result.stderr and "KiB" in result.stderr


def test_bulk_too_large_in_words(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["bulk", str(SEED), "-o", str(out), "--max-bytes", "1000", "--no-progress"]
    )
    assert result.exit_code == 1
    (error,) = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert error["kind"] == "too_large"
    assert error["message"] == f"{human_size(SEED.stat().st_size)}, above the limit of 1000 bytes"


def test_bulk_help_names_the_output_option():
    text = CliRunner().invoke(main, ["bulk", "--help"]).stdout
    assert "OUTDIR" not in text
    assert "-o/--output" in text and "-o, --output DIRECTORY" in text


def test_one_name_for_the_time_limit_and_the_old_one_still_works(tmp_path):
    parse_help = CliRunner().invoke(main, ["parse", "--help"]).stdout
    bulk_help = CliRunner().invoke(main, ["bulk", "--help"]).stdout
    assert "--timeout" in parse_help and "--timeout" in bulk_help
    assert "--time-limit" not in bulk_help  # hidden: a deprecated alias
    result = CliRunner().invoke(
        main, ["bulk", str(SEED), "-o", str(tmp_path / "o"), "--time-limit", "5", "--no-progress"]
    )
    assert result.exit_code == 0
    assert "--time-limit is deprecated; use --timeout" in result.stderr
    result = CliRunner().invoke(
        main, ["bulk", str(SEED), "-o", str(tmp_path / "n"), "--timeout", "5", "--no-progress"]
    )
    assert result.exit_code == 0 and "deprecated" not in result.stderr


def test_bulk_skips_gold_grids_of_a_synth_folder_with_a_counted_reason(tmp_path):
    folder, out = tmp_path / "synth", tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["synth", "-n", "2", "-o", str(folder)]).exit_code == 0
    shutil.copy(SEED, folder / "seed.txt")
    (folder / "meta.json").write_text('{"id": 7, "fetched": "2024-05-01"}', "utf-8")
    parsed = runner.invoke(main, ["parse", str(SEED)]).stdout
    (folder / "parsed.json").write_text(parsed, "utf-8")
    # A scraped API response is JSON too, and is a report: it must still be parsed.
    page = {"data": {"title": "年度报告", "content": SEED.read_text("utf-8")}}
    (folder / "api.json").write_text(json.dumps(page, ensure_ascii=False), "utf-8")

    result = runner.invoke(main, ["bulk", str(folder), "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.stderr  # skipped inputs are no failures
    records = [json.loads(x) for x in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert sorted((r["source_id"], r["kind"], r["reason"]) for r in records) == [
        ("0000_pipe.json", "skipped", "gold_grid"),
        ("0001_markdown.json", "skipped", "gold_grid"),
        ("meta.json", "skipped", "json_without_text"),
        ("parsed.json", "skipped", "retable_output"),
    ]
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["documents"] == 8 and summary["reports"] == 4 and summary["errors"] == 0
    assert summary["skipped"] == 4
    assert summary["skipped_reasons"] == {
        "gold_grid": 2,
        "json_without_text": 1,
        "retable_output": 1,
    }
    assert "4 skipped (2 gold_grid, 1 json_without_text, 1 retable_output)" in result.stderr


def test_not_a_report_leaves_other_inputs_to_the_parser():
    assert not_a_report(SEED.read_bytes()) is None
    assert not_a_report(b"[1, 2") is None  # broken JSON: the parser says what it is
    assert not_a_report('{"tables": {"other": {"r": {"c": "年度报告"}}}}'.encode()) is None
    assert not_a_report('{"content": "二、主动公开政府信息情况"}'.encode()) is None
    assert not_a_report(b'{"tables": {"requests": {"granted": {"total": 3}}}}') == "gold_grid"

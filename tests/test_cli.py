"""The command line: formats, exit codes, messages naming the file."""

from __future__ import annotations

import json

from click.testing import CliRunner
from gold_compare import DOCUMENTS

from retable.cli import main

SEED = str(DOCUMENTS / "seeds" / "000_70eac6e8a2e0d3d2.txt")
HTML = str(DOCUMENTS / "corpus" / "001_shanghai-govoffice-2019.html")


def test_parse_json_one_object():
    result = CliRunner().invoke(main, ["parse", SEED])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["agency"] == "柳州市柳江区发展和改革局"
    assert data["tables"]["requests"]["granted"]["natural_person"] == 1
    assert {"source", "form", "year", "agency", "tables", "checks", "warnings"} <= set(data)


def test_parse_several_files_is_json_lines_with_provenance():
    result = CliRunner().invoke(main, ["parse", SEED, HTML, "--provenance"])
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 2
    cell = lines[1]["provenance"]["requests"]["new_received"]["natural_person"]
    assert cell["raw"] == "821" and cell["line"] == 1 and cell["start"] > 0


def test_csv_and_markdown():
    runner = CliRunner()
    csv_out = runner.invoke(main, ["parse", SEED, "--format", "csv"]).stdout.splitlines()
    assert csv_out[0].startswith("source,agency,year,form,table,row,column")
    assert len(csv_out) == 1 + 200
    md = runner.invoke(main, ["parse", SEED, "--format", "markdown"]).stdout
    assert "| granted | 1 |" in md


def test_failures_name_the_file_and_exit_1(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["parse", SEED, str(empty)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_usage_error_exits_2():
    assert CliRunner().invoke(main, ["parse"]).exit_code == 2
    assert CliRunner().invoke(main, ["parse", SEED, "--format", "xml"]).exit_code == 2

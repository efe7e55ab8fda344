"""The README's promises hold: its example output is what the example gives, every
command it lists exists, its Python API runs, and the documents it points to exist."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

import retable
from retable.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
EXAMPLE = ROOT / "examples" / "liujiang-fgj-2022.txt"


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_the_before_and_after_example_is_what_the_example_gives():
    shown = _section("Before and after")
    out = CliRunner().invoke(main, ["parse", str(EXAMPLE), "--format", "markdown"]).stdout
    rows = [line for line in shown.splitlines() if line.startswith("| ")]
    assert len(rows) == 4  # the header and three rows of 三
    for line in rows:
        assert line in out.splitlines(), line
    checks = re.search(r"checks: \d+ passed, \d+ failed", shown).group(0)
    assert checks in out
    broken = shown.split("```")[1]
    text = EXAMPLE.read_text("utf-8").replace("\xa0", " ")
    for line in broken.strip().splitlines():
        if line.strip() != "...":
            assert line in text, line


def test_every_command_the_readme_lists_exists():
    listed = re.findall(r"^retable (\w+) ", _section("Command line"), flags=re.M)
    assert set(listed) == {"parse", "bulk", "review", "evaluate", "annotate", "train", "synth"}
    for command in listed:
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.stdout, command


def test_the_python_api_runs_as_written(tmp_path):
    report = retable.parse(EXAMPLE)
    assert repr(report).startswith("<Report 柳州市柳江区发展和改革局 2022 form 2021")
    df = report.table("requests")
    assert str(df.dtypes.iloc[0]) == "Int64"
    assert (
        report.table("requests", labels=True).loc["一、本年新收政府信息公开申请数量", "总计"] == 1
    )
    long = report.to_long()
    assert {"value", "raw", "start", "end", "warnings"} <= set(long.columns)
    panel = retable.parse_many([EXAMPLE])
    assert set(panel.year) == {2022}


def test_the_documents_the_readme_points_to_exist():
    for path in re.findall(r"`((?:docs|notebooks|benchmarks|examples)/[\w./-]+)`", README):
        assert (ROOT / path).exists(), path
    for name in re.findall(r"`(\w+\.ipynb)`", README):
        assert (ROOT / "notebooks" / name).exists(), name

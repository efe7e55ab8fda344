"""The pipeline: the order of the stages, what a failing stage becomes, time limits, and
that the same input always gives the same report.

The stages are watched by wrapping the names :mod:`retable.pipeline` calls them by,
so a real document runs through every real stage.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from functools import wraps

import pytest
from stage_inputs import DOCUMENTS

import retable.pipeline as pipeline
from retable import parse
from retable.errors import InternalError, NoTableError, ParseTimeoutError, RetableError
from retable.schema import TABLES
from retable.tagger import shipped_tagger

SEED = DOCUMENTS / "seeds" / "003_76f9b4547565cabc.txt"
HTML_2019 = DOCUMENTS / "corpus" / "001_shanghai-govoffice-2019.html"

# The stage each name of pipeline.py is called in.
STAGES = {
    "load_document": "normalise",
    "detect_year": "metadata",
    "detect_form": "metadata",
    "detect_agency": "metadata",
    "table_regions": "locate",
    "region_cells": "split",
    "assemble_readings": "assemble",
    "run_checks": "checks",
    "check_prose": "narrative",
    "calibrate": "calibrate",
}


class WatchedTagger:
    """The shipped tagger, noting when it is asked for roles."""

    def __init__(self, log: list[str]) -> None:
        self._inner = shipped_tagger()
        self._log = log
        self.name = self._inner.name

    def tag(self, cells, table, form):
        self._log.append(f"roles:{table}")
        return self._inner.tag(cells, table, form)

    def roles(self, cells, table, form):
        self._log.append(f"roles:{table}")
        return self._inner.roles(cells, table, form)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _watch(monkeypatch, log: list[str]) -> None:
    for name, stage in STAGES.items():
        fn = getattr(pipeline, name)

        @wraps(fn)
        def watched(*args, _fn=fn, _stage=stage, **kwargs):
            log.append(_stage)
            return _fn(*args, **kwargs)

        monkeypatch.setattr(pipeline, name, watched)


def test_the_stages_run_in_order_once_per_table(monkeypatch):
    log: list[str] = []
    _watch(monkeypatch, log)
    report = parse(SEED, tagger=WatchedTagger(log))
    assert log == [
        "normalise",
        *["metadata"] * 3,  # year, form, agency
        "locate",
        *[step for t in TABLES for step in ("split", f"roles:{t}", "assemble")],
        "checks",
        "narrative",
        "calibrate",
    ]
    assert report.tagger == "model"


@pytest.mark.parametrize(
    "name",
    [
        "load_document",
        "table_regions",
        "region_cells",
        "assemble_readings",
        "run_checks",
        "check_prose",
        "calibrate",
    ],
)
def test_a_failing_stage_is_an_internal_error_that_names_it(monkeypatch, name):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, name, broken)
    with pytest.raises(InternalError) as info:
        parse(SEED)
    assert str(info.value) == f"{SEED}: internal error in stage {STAGES[name]!r}: ValueError: boom"
    assert isinstance(info.value.__cause__, ValueError)


def test_a_failing_tagger_is_an_internal_error_of_stage_roles():
    class Broken:
        name = "broken"

        def tag(self, cells, table, form):
            raise KeyError(table)

    with pytest.raises(InternalError, match=r"in stage 'roles': KeyError: 'active_disclosure'"):
        parse(SEED, tagger=Broken())


@pytest.mark.parametrize(
    ("exc", "message"),
    [
        (RecursionError(), "input too deeply nested (stage split)"),
        (MemoryError(), "out of memory in stage 'split'"),
        (NoTableError("a stage's own error"), "a stage's own error"),
    ],
)
def test_errors_that_are_not_bugs_keep_their_meaning(monkeypatch, exc, message):
    def failing(*args, **kwargs):
        raise exc

    monkeypatch.setattr(pipeline, "region_cells", failing)
    with pytest.raises(RetableError) as info:
        parse(SEED)
    assert not isinstance(info.value, InternalError)
    assert message in str(info.value)


def test_a_document_without_tables_is_no_table_error():
    intro = "\n".join(SEED.read_text("utf-8").split("\n")[:28])
    with pytest.raises(NoTableError, match="no standard table"):
        parse(intro)


def test_a_missing_table_is_a_warning_and_the_others_are_read():
    lines = SEED.read_text("utf-8").split("\n")
    report = parse("\n".join(lines[:77] + lines[84:]))  # table four's heading and rows cut
    assert "table_not_found" in [w.code for w in report.warnings]
    assert [w.table for w in report.warnings if w.code == "table_not_found"] == [
        "review_litigation"
    ]
    assert report.values("requests")["new_received"]["natural_person"] == 1


def test_a_slow_stage_times_out_at_the_next_stage_boundary(monkeypatch):
    # In a thread no interval timer can interrupt a stage: the deadline is checked
    # when the stage returns, and no later stage runs.
    log: list[str] = []
    _watch(monkeypatch, log)
    locate = pipeline.table_regions

    def slow(doc):
        time.sleep(0.4)
        return locate(doc)

    monkeypatch.setattr(pipeline, "table_regions", slow)
    caught: list[BaseException] = []

    def run():
        try:
            parse(SEED, timeout=0.1)
        except BaseException as exc:
            caught.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(10)
    assert len(caught) == 1 and isinstance(caught[0], ParseTimeoutError)
    assert "longer than the limit of 0.1 s" in str(caught[0])
    assert "split" not in log


def test_no_time_limit_lets_a_slow_stage_finish(monkeypatch):
    locate = pipeline.table_regions

    def slow(doc):
        time.sleep(0.2)
        return locate(doc)

    monkeypatch.setattr(pipeline, "table_regions", slow)
    report = parse(SEED, timeout=None)
    assert report.values("requests")["new_received"]["natural_person"] == 1


@pytest.mark.parametrize("path", [SEED, HTML_2019], ids=["tabs", "html-2019"])
def test_the_same_input_twice_gives_the_same_report(path):
    first = parse(path).to_dict(provenance=True)
    second = parse(path).to_dict(provenance=True)
    assert first == second
    # From its bytes the report differs only in how it names its source.
    from_bytes = parse(path.read_bytes(), name=str(path)).to_dict(provenance=True)
    assert from_bytes == first


_DUMP = (
    "import json, sys, retable\n"
    "report = retable.parse(sys.argv[1])\n"
    "print(json.dumps(report.to_dict(provenance=True), ensure_ascii=False, default=str))\n"
)


def test_the_report_does_not_depend_on_the_hash_seed():
    # Set and dict orders of strings change with PYTHONHASHSEED: no output may follow them.
    path = DOCUMENTS / "corpus" / "005_pingtan-zone-2019.txt"
    expected = json.dumps(parse(path).to_dict(provenance=True), ensure_ascii=False, default=str)
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", _DUMP, str(path)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        assert out.stdout.strip() == expected

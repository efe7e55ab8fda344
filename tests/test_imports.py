"""What each entry point imports: the parser never pays for the libraries it does not use.

scikit-learn is for training only, spaCy for its components only, pandas and pyarrow
for DataFrames and bulk outputs; the command line's ``--help`` needs none of the parser.
Each check runs in a fresh interpreter, so the modules this test session imported do
not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "liujiang-fgj-2022.txt"
HEAVY = ("sklearn", "scipy", "spacy", "pandas", "pyarrow", "torch", "matplotlib")


def _imported_after(code: str) -> set[str]:
    """Top-level packages imported by ``code`` in a fresh interpreter."""
    report = "import json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    script = f"{code}\n{report}"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_import_retable_is_light():
    loaded = _imported_after("import retable")
    assert not loaded & {*HEAVY, "numpy", "lxml", "click"}


def test_parse_with_the_trained_model_imports_no_training_library():
    loaded = _imported_after(
        f"import retable\nreport = retable.parse({str(EXAMPLE)!r})\n"
        "assert report.tagger == 'model', report.tagger\nreport.to_json()"
    )
    assert "numpy" in loaded  # the model's arrays
    assert not loaded & set(HEAVY)


def test_cli_help_imports_neither_the_parser_nor_its_libraries():
    loaded = _imported_after(
        "from retable.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert not loaded & {*HEAVY, "numpy", "rapidfuzz", "opencc"}


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_cli_parse_imports_no_training_library(fmt):
    loaded = _imported_after(
        "from retable.cli import main\n"
        f"try:\n    main(['parse', {str(EXAMPLE)!r}, '--format', {fmt!r}])\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code"
    )
    assert not loaded & {"sklearn", "scipy", "spacy", "torch", "matplotlib"}

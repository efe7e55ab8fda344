"""The plain install: ``pip install retable`` (no extras) in a fresh virtual environment
parses text, Word and PDF with the shipped model and brings nothing heavy.

The venv is built once per session (about 20 s from pip's cache), from this checkout.
"""

from __future__ import annotations

import json
import subprocess
import venv
from pathlib import Path

import pytest

import retable

ROOT = Path(__file__).resolve().parent.parent
CONVERTED = ROOT / "tests" / "documents" / "converted"
DOCUMENTS = [
    ROOT / "examples" / "liujiang-fgj-2022.txt",
    CONVERTED / "001_shanghai-govoffice-2019.libreoffice-docx.pdf",
    next(iter(sorted(CONVERTED.glob("*.docx")))),
]
NOT_INSTALLED = ("scikit-learn", "spacy", "dask", "matplotlib", "rapidocr-onnxruntime", "torch")


@pytest.fixture(scope="session")
def plain_env(tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("plain-install")
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(ROOT)],
        check=True,
        capture_output=True,
    )
    return env


def test_plain_install_has_no_extra_packages(plain_env):
    listed = subprocess.run(
        [plain_env / "bin" / "python", "-m", "pip", "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert "retable" in names
    assert not names & set(NOT_INSTALLED)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.suffix)
def test_plain_install_parses_text_word_and_pdf(plain_env, document, tmp_path):
    # From another folder: the installed package, not this checkout, does the work.
    result = subprocess.run(
        [plain_env / "bin" / "retable", "parse", str(document)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    # The same report as this checkout's full install gives (every extra, in-process).
    assert json.loads(result.stdout) == json.loads(retable.parse(document).to_json())


def test_plain_install_import_is_light(plain_env):
    code = (
        "import sys, retable\n"
        f"retable.parse({str(DOCUMENTS[0])!r})\n"
        "import json\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run(
        [plain_env / "bin" / "python", "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(out.stdout))
    assert "rapidfuzz" in loaded and "numpy" in loaded  # the parser and the model ran
    assert not loaded & {"sklearn", "scipy", "spacy", "pandas", "pyarrow"}

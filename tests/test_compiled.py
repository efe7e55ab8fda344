"""The mypyc-compiled core (RETABLE_COMPILE=1) parses every gold document exactly as pure Python.

The build is the real one (setup.py with RETABLE_COMPILE=1, run on a copy of the current
source, models dereferenced), without pip, so no download is needed. It takes about a minute;
deselect with ``-m "not compiled"``.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest
from gold_compare import document_for, gold_files, load_gold

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "retable"
with open(ROOT / "pyproject.toml", "rb") as _f:
    MODULES: list[str] = tomllib.load(_f)["tool"]["retable"]["compiled-modules"]
# Top-level modules that stay pure Python: thin layers around the core, not worth compiling,
# and the exception classes (a compiled exception class loses its class attributes, such as
# ``NoTableError.code``, which callers and bulk error records read).
NOT_COMPILED = {
    "retable.__init__",
    "retable.build_info",
    "retable.cli",
    "retable.spacy_component",
    "retable.spacy_narrative",
    "retable.errors",
    # Across reports, after parsing: agency names (looked up once each, cached), the
    # panel and its cross-year links (once per run, mostly in Arrow).
    "retable.agency",
    "retable.crossyear",
    "retable.panel",
    # The review page: HTML written once per run, after parsing.
    "retable.review",
}
# The cutter of positioned words (PDF words, OCR): pure Python, unlike the cutters of text
# layouts beside it in layouts/.
POSITIONED_CUTTER = {
    "retable.layouts.__init__",
    "retable.layouts.bands",
    "retable.layouts.positioned",
    "retable.layouts.rows",
}
# The readers of text, markup and documents in inputs/ are compiled like the core; the
# readers of positioned words, images and scans beside them (NumPy, OpenCV, OCR) are not.
TEXT_READERS = {
    "retable.inputs.decode",
    "retable.inputs.document",
    "retable.inputs.html",
    "retable.inputs.jsontext",
    "retable.inputs.mhtml",
    "retable.inputs.mojibake",
    "retable.inputs.pdf",
    "retable.inputs.word",
}
# Inputs that must fail, and fail the same way in both builds: type, code and message.
BAD_INPUTS = {
    "empty": "",
    "no_table": "政府信息公开工作年度报告\n本年度无相关数据。\n",
    "binary": "\x00\x01\x02PK\x03\x04" * 64,
}

# Run in a fresh interpreter with TREE first on sys.path: where the modules came from,
# whether retable.compiled() says so, and each gold document's report as JSON.
RUN = """
import importlib, json, sys
tree, modules = sys.argv[1], json.loads(sys.argv[2])
sys.path.insert(0, tree)
import retable
from retable.tagger import SHIPPED
out = {
    "package": retable.__file__,
    "compiled": retable.compiled(),
    "files": {m: importlib.import_module(m).__file__ for m in modules},
    "model": SHIPPED.is_dir(),
    "reports": {},
    "errors": {},
}
given = json.load(sys.stdin)
for name, path in given["documents"].items():
    report = retable.parse(path).to_dict(provenance=True)
    out["reports"][name] = json.dumps(report, ensure_ascii=False)
for name, text in given["bad"].items():
    try:
        retable.parse(text.encode("utf-8", "surrogatepass"), name=name)
        out["errors"][name] = None
    except retable.RetableError as exc:
        out["errors"][name] = [type(exc).__name__, exc.code, exc.message, exc.source]
print(json.dumps(out))
"""


def _missing_toolchain() -> str | None:
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    compiler = shlex.split(cc)[0]
    if shutil.which(compiler) is None:
        return f"no C compiler: {compiler!r} not found"
    include = Path(sysconfig.get_paths()["include"])
    if not (include / "Python.h").exists():
        return f"no C headers for this Python: {include / 'Python.h'} missing"
    return None


def _check(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode:
        pytest.fail(f"{shlex.join(cmd)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def _copy_package(dest: Path) -> None:
    # symlinks=False: the models symlink becomes a real folder, as in a wheel.
    shutil.copytree(
        PACKAGE, dest, symlinks=False, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.c")
    )


def _run(tree: Path, documents: dict[str, str]) -> dict:
    result = _check(
        [sys.executable, "-c", RUN, str(tree), json.dumps(MODULES)],
        input=json.dumps({"documents": documents, "bad": BAD_INPUTS}),
        cwd=tree,
    )
    return json.loads(result.stdout)


# Packages of the core whose modules (all but __init__) are compiled like top-level ones.
CORE_PACKAGES = ("assembly",)


def test_compiled_modules_are_the_core():
    """A new top-level module is compiled unless it is listed here as a thin outer layer;
    so is a new cutter of text layouts."""
    top_level = {f"retable.{p.stem}" for p in PACKAGE.glob("*.py")}
    packaged = {
        f"retable.{package}.{p.stem}"
        for package in CORE_PACKAGES
        for p in (PACKAGE / package).glob("*.py")
        if p.stem != "__init__"
    }
    cutters = {f"retable.layouts.{p.stem}" for p in (PACKAGE / "layouts").glob("*.py")}
    assert (
        set(MODULES)
        == (top_level - NOT_COMPILED) | packaged | (cutters - POSITIONED_CUTTER) | TEXT_READERS
    )
    assert len(MODULES) == len(set(MODULES))


@pytest.mark.compiled
def test_compiled_core_matches_pure_python(tmp_path):
    missing = _missing_toolchain()
    if missing:
        pytest.skip(f"cannot build the compiled core: {missing}")
    pure, build = tmp_path / "pure", tmp_path / "compiled"
    _copy_package(pure / "retable")
    _copy_package(build / "src" / "retable")
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, build / name)
    _check(
        [sys.executable, "setup.py", "-q", "build_ext", "--inplace"],
        cwd=build,
        env={**os.environ, "RETABLE_COMPILE": "1"},
        timeout=900,
    )

    documents = {}
    for path in gold_files():
        documents[f"{path.parent.name}/{path.stem}"] = str(document_for(load_gold(path)))
    expected = _run(pure, documents)
    got = _run(build / "src", documents)

    assert not expected["compiled"]
    assert all(f.endswith(".py") for f in expected["files"].values())
    assert got["compiled"]
    assert Path(got["package"]).is_relative_to(build)
    for module, file in got["files"].items():
        assert Path(file).is_relative_to(build), module
        assert file.endswith(tuple(EXTENSION_SUFFIXES)), (module, file)
    assert expected["model"] and got["model"]

    assert got["reports"].keys() == expected["reports"].keys() == documents.keys()
    differ = [name for name in documents if got["reports"][name] != expected["reports"][name]]
    for name in differ:  # the first difference, as a readable diff
        assert json.loads(got["reports"][name]) == json.loads(expected["reports"][name]), name
    assert not differ, f"same values, different JSON text: {differ}"

    assert got["errors"] == expected["errors"]
    assert {name: error[1] for name, error in got["errors"].items()} == {
        name: name for name in BAD_INPUTS
    }

"""Build script. All metadata lives in pyproject.toml; this file only adds the compiled core.

Without RETABLE_COMPILE=1 the package is pure Python. With it, the modules listed under
[tool.retable] compiled-modules in pyproject.toml are compiled with mypyc into C extensions
(needs mypy and a C compiler; the build backend in build_backend/ adds mypy to the build
requirements and keeps editable installs pure Python).
"""

from __future__ import annotations

import os
import shutil
import tomllib
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent

# Third-party packages are typed as Any in the compiled core, whatever is installed in the
# build environment (pip's isolated build has none of them), so every build compiles alike.
MYPYC_OPTIONS = ["--no-site-packages", "--ignore-missing-imports"]


def compiled_modules() -> list[str]:
    with open(HERE / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["retable"]["compiled-modules"]


def ext_modules() -> list:
    if os.environ.get("RETABLE_COMPILE") != "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # only without build isolation: the backend asks for mypy otherwise
        raise SystemExit("RETABLE_COMPILE=1 needs mypy (mypyc): pip install 'mypy>=1.10'") from None

    paths = [os.path.join("src", *m.split(".")) + ".py" for m in compiled_modules()]
    return mypycify([*MYPYC_OPTIONS, *paths], opt_level="3")


def clear_stale_outputs() -> None:
    """Empty build/lib*: setuptools reuses it, so a wheel would otherwise carry compiled
    modules of an earlier build (one left out of the list since, or all of them when the
    earlier build compiled and this one does not)."""
    for stale in (HERE / "build").glob("lib*"):
        shutil.rmtree(stale, ignore_errors=True)


clear_stale_outputs()
setup(ext_modules=ext_modules())

"""Which build of retable is running: the pure-Python core or the mypyc-compiled one.

``RETABLE_COMPILE=1 pip install .`` compiles the parser core (the modules listed under
``[tool.retable]`` in pyproject.toml) into C extensions; a normal install is pure Python.
Both give identical outputs.
"""

from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES


def compiled() -> bool:
    """True when the parser core is the compiled build, False when it is pure Python."""
    from . import pipeline

    return (pipeline.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))

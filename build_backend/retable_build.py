"""PEP 517 backend: setuptools.build_meta, aware of RETABLE_COMPILE=1 (see setup.py).

- ``build_wheel`` is the only hook that sees RETABLE_COMPILE, and only then does the
  wheel need mypy (which ships mypyc): a normal install does not download it.
- Metadata and sdists are the same either way, so those hooks run without the variable
  (setup.py would otherwise compile the core just to write metadata).
- Editable installs stay pure Python even with the variable set: compiled modules next
  to the sources would silently shadow every later edit of them.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from setuptools import build_meta as _setuptools

COMPILE = "RETABLE_COMPILE"
MYPY = "mypy>=1.10"
T = TypeVar("T")


def _compile() -> bool:
    return os.environ.get(COMPILE) == "1"


@contextmanager
def _pure() -> Iterator[None]:
    """Run a hook with RETABLE_COMPILE unset."""
    saved = os.environ.pop(COMPILE, None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ[COMPILE] = saved


def _pure_hook(hook: Callable[..., T]) -> Callable[..., T]:
    """setuptools' ``hook``, run with RETABLE_COMPILE unset (frontends look hooks up by name)."""

    @functools.wraps(hook)
    def run(*args: Any, **kwargs: Any) -> T:
        with _pure():
            return hook(*args, **kwargs)

    return run


def get_requires_for_build_wheel(config_settings=None):
    with _pure():
        requires = _setuptools.get_requires_for_build_wheel(config_settings)
    return [*requires, MYPY] if _compile() else requires


prepare_metadata_for_build_wheel = _pure_hook(_setuptools.prepare_metadata_for_build_wheel)


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


get_requires_for_build_sdist = _pure_hook(_setuptools.get_requires_for_build_sdist)
build_sdist = _pure_hook(_setuptools.build_sdist)


def _editable_notice() -> None:
    if _compile():
        print(
            f"retable: {COMPILE}=1 ignored: an editable install stays pure Python "
            "(use a regular install, `pip install .`, for the compiled core)",
            file=sys.stderr,
        )


get_requires_for_build_editable = _pure_hook(_setuptools.get_requires_for_build_editable)
prepare_metadata_for_build_editable = _pure_hook(_setuptools.prepare_metadata_for_build_editable)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _editable_notice()
    with _pure():
        return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)

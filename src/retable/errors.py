"""Exceptions raised by retable.

Every failure that reaches a caller is a :class:`RetableError`, so callers need
one ``except`` clause; the subclasses say what went wrong and carry the source.
"""

from __future__ import annotations


class RetableError(Exception):
    """Base class of every error retable raises on purpose."""

    code = "error"

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}" if source else message)


class InputError(RetableError):
    """The input cannot be read at all (missing file, directory, permission)."""

    code = "unreadable"


class EmptyInputError(RetableError):
    """The input holds no text."""

    code = "empty"


class BinaryInputError(RetableError):
    """The input is a binary file (image, PDF, archive) rather than text or HTML."""

    code = "binary"


class EncodingError(RetableError):
    """The bytes could not be decoded with any supported encoding."""

    code = "encoding"


class InputTooLargeError(RetableError):
    """The input exceeds the configured size limit."""

    code = "too_large"


class NoTableError(RetableError):
    """None of the three standard tables was found."""

    code = "no_table"


class SchemaError(RetableError):
    """An unknown table, row or column key was requested."""

    code = "schema"


class ModelError(RetableError):
    """A model file is missing, corrupt or of an incompatible version."""

    code = "model"


class ParseTimeoutError(RetableError):
    """Parsing took longer than the configured time limit."""

    code = "timeout"


class InternalError(RetableError):
    """A stage failed unexpectedly (a bug); the message names the stage."""

    code = "internal"

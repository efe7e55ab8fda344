"""Time limit of one parse: a wall-clock deadline, enforced two ways.

Where possible (POSIX, main thread, no timer already running) an interval
timer interrupts a stage that runs too long; everywhere the deadline is also
checked at every stage boundary, so a thread or a platform without signals
still stops at the next stage.

Sizes are the other limit; :func:`human_size` writes them for the messages that refuse
an input as too large.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import ParseTimeoutError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # bytes; the largest real report seen is a few MB
DEFAULT_TIMEOUT = 60.0  # seconds; a real report parses in well under one
# Sizes in messages, in binary units as the limits are set (64 MiB): "850 KiB", never "0.0 MB".
UNITS = ("KiB", "MiB", "GiB", "TiB")


def human_size(n: int | float) -> str:
    """``n`` bytes in the largest unit that keeps at least 1 of it, 3 significant digits."""
    if n < 1024:
        return f"{int(n)} bytes" if n != 1 else "1 byte"
    value = float(n)
    for unit in UNITS:
        value /= 1024
        if round(value, 1) < 1000 or unit == UNITS[-1]:
            return f"{value:.0f} {unit}" if value >= 99.95 else f"{value:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def size_pair(size: int, limit: int) -> tuple[str, str]:
    """Both sizes in words, with the bytes when the words alone would read the same."""
    a, b = human_size(size), human_size(limit)
    if a == b:
        return f"{a} ({size:,} bytes)", f"{b} ({limit:,} bytes)"
    return a, b


class Deadline:
    """A point in time after which a parse is abandoned."""

    def __init__(self, seconds: float | None, source: str) -> None:
        self.seconds = seconds
        self.source = source
        self.at = time.monotonic() + seconds if seconds else None

    def expired(self) -> bool:
        return self.at is not None and time.monotonic() >= self.at

    def check(self) -> None:
        """Raise :class:`ParseTimeoutError` once the deadline has passed."""
        if self.expired():
            raise self.error()

    def error(self) -> ParseTimeoutError:
        return ParseTimeoutError(
            f"parsing took longer than the limit of {self.seconds:g} s "
            "(raise it with timeout= or --timeout)",
            self.source,
        )


def _can_use_timer() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )


@contextmanager
def time_limit(seconds: float | None, source: str) -> Iterator[Deadline]:
    """Run the body under a deadline of ``seconds`` (None or 0: no limit)."""
    deadline = Deadline(seconds, source)
    if not seconds or not _can_use_timer():
        yield deadline
        return

    def _expire(signum, frame):
        raise deadline.error()

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

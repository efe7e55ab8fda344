"""A per-document time limit that works in any thread (process pools and Dask).

Signals only reach the main thread, and Dask runs tasks in worker threads, so
one watchdog thread per process raises :class:`DocumentTimeout` in the
parsing thread with ``PyThreadState_SetAsyncExc``. That interrupts Python
code at the next bytecode; a hang inside C code is left to the local engine's
hard kill of the worker process.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class DocumentTimeout(BaseException):
    """Raised inside the parsing thread when its document runs out of time."""


class _Watchdog:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}  # thread id -> (deadline, token)
        self._fired: set[int] = set()  # tokens whose exception was raised
        self._token = 0
        self._thread = threading.Thread(target=self._run, name="retable-watchdog", daemon=True)
        self._thread.start()

    def arm(self, seconds: float) -> int:
        with self._cond:
            self._token += 1
            self._armed[threading.get_ident()] = (time.monotonic() + seconds, self._token)
            self._cond.notify()
            return self._token

    def disarm(self, token: int) -> bool:
        """Stop watching; True when the limit fired (a pending exception is cleared)."""
        tid = threading.get_ident()
        with self._cond:
            if self._armed.get(tid, (0, None))[1] == token:
                del self._armed[tid]
            if token not in self._fired:
                return False
            self._fired.discard(token)
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)
        return True

    def _run(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for tid, (deadline, token) in list(self._armed.items()):
                    if deadline <= now:
                        del self._armed[tid]
                        self._fired.add(token)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(tid), ctypes.py_object(DocumentTimeout)
                        )
                wait = min((d for d, _ in self._armed.values()), default=now + 3600) - now
                self._cond.wait(timeout=max(wait, 0.001))


_lock = threading.Lock()
_watchdog: _Watchdog | None = None


def _get() -> _Watchdog:
    global _watchdog
    with _lock:
        if _watchdog is None or not _watchdog._thread.is_alive():  # new after a fork
            _watchdog = _Watchdog()
        return _watchdog


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in this thread if the body runs longer than ``seconds``."""
    if not seconds:
        yield
        return
    dog = _get()
    token = dog.arm(seconds)
    fired = False
    try:
        yield
    except DocumentTimeout:
        fired = True
        dog.disarm(token)
        raise
    finally:
        if not fired and dog.disarm(token):
            raise DocumentTimeout

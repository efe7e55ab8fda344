"""The local engine: a pool of worker processes fed small batches.

Each worker loads the parser once, then parses batch after batch. The parent
watches a shared "current document started at" stamp per worker: a document
that outlives the soft limit inside the worker (which fails it cleanly) by
the grace period is stuck in C code, so the worker is killed, that document
becomes a ``timeout`` error, and the rest of its batch goes to another worker.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from typing import Any

from .records import Record
from .worker import error_result, parse_one, warm_up

BATCH = 8


def _worker_main(conn, stamp, time_limit: float | None, max_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    # A forked worker inherits the parent's whole heap: without this its first full
    # collection walks (and copies, page by page) every inherited object.
    gc.freeze()
    warm_up()
    while True:
        try:
            batch = conn.recv()
        except EOFError:
            return
        if batch is None:
            return
        results = []
        for i, record in enumerate(batch):
            stamp[1] = i
            stamp[0] = time.monotonic()
            results.append(parse_one(record, time_limit=time_limit, max_bytes=max_bytes))
        stamp[0] = 0.0
        conn.send(results)


class _Worker:
    def __init__(self, ctx, time_limit: float | None, max_bytes: int) -> None:
        self.stamp = ctx.RawArray("d", 2)
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_worker_main, args=(child, self.stamp, time_limit, max_bytes), daemon=True
        )
        self.proc.start()
        child.close()
        self.batch: list[Record] | None = None

    def send(self, batch: list[Record]) -> None:
        self.batch = batch
        self.conn.send(batch)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(timeout=5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self.conn.send(None)
        self.proc.join(timeout=2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


def _context():
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


class LocalEngine:
    def __init__(
        self,
        jobs: int | None = None,
        *,
        time_limit: float | None = 30.0,
        max_bytes: int,
        grace: float | None = None,
        batch: int = BATCH,
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.time_limit = time_limit
        self.max_bytes = max_bytes
        self.grace = grace if grace is not None else max(2.0, 0.5 * (time_limit or 0))
        self.batch = batch

    @property
    def description(self) -> str:
        return f"local, {self.jobs} worker processes"

    def run(
        self, records: Iterable[Record], hold: Callable[[], bool] = lambda: False
    ) -> Iterator[dict[str, Any]]:
        """Results of ``records`` in completion order; ``hold()`` pauses reading input."""
        ctx = _context()
        if ctx.get_start_method() == "fork":
            # Forked workers inherit the loaded parser and model instead of each
            # importing and loading them again (about a second of CPU per worker).
            warm_up()
        workers = [_Worker(ctx, self.time_limit, self.max_bytes) for _ in range(self.jobs)]
        source = iter(records)
        pending: deque[list[Record]] = deque()
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < 2 * self.jobs:
                    in_flight = pending or any(w.batch is not None for w in workers)
                    if in_flight and hold():
                        break
                    batch = [r for _, r in zip(range(self.batch), source, strict=False)]
                    if not batch:
                        exhausted = True
                        break
                    pending.append(batch)
                for w in workers:
                    if w.batch is None and pending:
                        w.send(pending.popleft())
                busy = [w for w in workers if w.batch is not None]
                if not busy:
                    if exhausted and not pending:
                        return
                    continue
                ready = wait([w.conn for w in busy], timeout=0.1)
                for w in busy:
                    if w.conn in ready:
                        try:
                            results = w.conn.recv()
                        except (EOFError, OSError):
                            yield from self._replace(workers, w, ctx, pending, "crashed")
                            continue
                        w.batch = None
                        yield from results
                    elif self._overdue(w):
                        yield from self._replace(workers, w, ctx, pending, "timeout")
        finally:
            for w in workers:
                w.stop() if w.batch is None else w.kill()

    def _overdue(self, w: _Worker) -> bool:
        if not self.time_limit:
            return not w.proc.is_alive()
        started = w.stamp[0]
        if started and time.monotonic() - started > self.time_limit + self.grace:
            return True
        return not w.proc.is_alive()

    def _replace(self, workers, w: _Worker, ctx, pending, why: str) -> Iterator[dict[str, Any]]:
        """Kill ``w``; fail its current document; requeue the rest of its batch."""
        batch = w.batch or []
        index = int(w.stamp[1]) if w.stamp[0] else 0
        w.kill()
        if batch:
            index = min(index, len(batch) - 1)
            culprit = batch[index]
            if why == "timeout" or w.proc.exitcode not in (0, None):
                kind = "timeout" if why == "timeout" else "crashed"
                message = (
                    f"parsing took longer than {self.time_limit:g} s (worker killed)"
                    if kind == "timeout"
                    else f"the worker process died (exit code {w.proc.exitcode})"
                )
                yield error_result(culprit, kind, message)
                rest = batch[:index] + batch[index + 1 :]
            else:
                rest = batch
            if rest:
                pending.appendleft(rest)
        workers[workers.index(w)] = _Worker(ctx, self.time_limit, self.max_bytes)

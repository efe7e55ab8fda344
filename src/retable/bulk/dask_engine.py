"""The Dask engine: the same ``parse_one`` on a distributed cluster.

Records travel to the workers with their bytes (the client reads files), so
workers need retable installed but not the client's filesystem. Results come
back to the client, which writes the same chunks as the local engine, so the
outputs are identical. Without a scheduler address a LocalCluster is started.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .records import Record
from .worker import error_result, parse_chunk

TASK = 64  # records per task: large enough to amortise scheduling, small to balance


class DaskEngine:
    def __init__(
        self,
        scheduler: str | None = None,
        jobs: int | None = None,
        *,
        time_limit: float | None = 30.0,
        max_bytes: int,
        task_size: int = TASK,
    ) -> None:
        self.scheduler = scheduler
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.time_limit = time_limit
        self.max_bytes = max_bytes
        self.task_size = task_size

    @property
    def description(self) -> str:
        where = self.scheduler or f"LocalCluster of {self.jobs} processes"
        return f"dask ({where})"

    def _client(self):
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError(
                "the dask engine needs dask[distributed]: pip install 'retable[dask]'"
            ) from exc
        if self.scheduler:
            return Client(self.scheduler), None
        cluster = LocalCluster(
            n_workers=self.jobs,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        return Client(cluster), cluster

    def run(
        self, records: Iterable[Record], hold: Callable[[], bool] = lambda: False
    ) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        client, cluster = self._client()
        try:
            threads = sum(client.nthreads().values()) or self.jobs
            limit = 2 * threads
            source = iter(records)
            exhausted = False
            queue = as_completed()
            in_flight = 0
            batches: dict[str, list[Record]] = {}

            def submit_more() -> None:
                nonlocal exhausted, in_flight
                while not exhausted and in_flight < limit and not (in_flight and hold()):
                    batch = [
                        r.materialised()
                        for _, r in zip(range(self.task_size), source, strict=False)
                    ]
                    if not batch:
                        exhausted = True
                        return
                    future = client.submit(
                        parse_chunk, batch, self.time_limit, self.max_bytes, pure=False
                    )
                    batches[future.key] = batch
                    queue.add(future)
                    in_flight += 1

            submit_more()
            while in_flight:
                future = next(queue)
                in_flight -= 1
                batch = batches.pop(future.key)
                try:
                    results = future.result()
                except Exception as exc:  # a lost worker or a task failure costs only its records
                    message = f"dask task failed: {type(exc).__name__}: {exc}"
                    results = [error_result(r, "crashed", message) for r in batch]
                future.release()
                yield from results
                submit_more()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

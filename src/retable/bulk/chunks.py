"""Grouping results back into the fixed chunks they were numbered into.

Chunk ``k`` holds records ``k*size .. (k+1)*size-1`` of the input stream (the
skipped, already committed chunks included), so the chunk layout is the same
in every run and on every engine. A chunk is complete once the stream has
moved past it and every record handed out has a result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .records import Record


class InputsChanged(Exception):
    """A resumed run met different inputs where a committed chunk starts."""


class ChunkAssembler:
    def __init__(self, size: int, done: dict[int, dict]) -> None:
        self.size = size
        self.done = done
        self.expected: dict[int, int] = {}
        self.closed: set[int] = set()
        self.results: dict[int, list[dict[str, Any]]] = {}
        self.ready: list[tuple[int, list[dict[str, Any]]]] = []
        self.skipped = 0
        self._current: int | None = None

    def feed(self, records: Iterable[Record]) -> Iterator[Record]:
        """Pass on the records of uncommitted chunks, tracking what each chunk expects."""
        for record in records:
            chunk = record.seq // self.size
            if chunk != self._current:
                if self._current is not None:
                    self._close(self._current)
                self._current = chunk
            if chunk in self.done:
                entry = self.done[chunk]
                if record.seq == entry.get("first_seq") and record.source_id != entry["first_id"]:
                    raise InputsChanged(
                        f"chunk {chunk} started with {entry['first_id']!r}, now "
                        f"{record.source_id!r}: the inputs changed since the interrupted run"
                    )
                self.skipped += 1
                continue
            self.expected[chunk] = self.expected.get(chunk, 0) + 1
            yield record
        if self._current is not None:
            self._close(self._current)

    def _close(self, chunk: int) -> None:
        self.closed.add(chunk)
        self._check(chunk)

    def add(self, result: dict[str, Any]) -> None:
        chunk = result["seq"] // self.size
        self.results.setdefault(chunk, []).append(result)
        self._check(chunk)

    def _check(self, chunk: int) -> None:
        expected = self.expected.get(chunk)
        if chunk in self.closed and expected and len(self.results.get(chunk, ())) == expected:
            self.ready.append((chunk, self.results.pop(chunk, [])))
            del self.expected[chunk]

    def take_ready(self) -> list[tuple[int, list[dict[str, Any]]]]:
        ready, self.ready = self.ready, []
        return ready

    def pending_chunks(self) -> int:
        return len(self.results)

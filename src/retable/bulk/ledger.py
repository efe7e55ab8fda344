"""The ledger of committed chunks: the only state a resumed run trusts.

One JSON line per chunk, appended and fsynced *after* the chunk's part files
were renamed into place. A chunk without a complete ledger line was never
committed, so after ``kill -9`` it is simply written again; a torn last line
is cut off before appending.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

LEDGER = "_ledger.jsonl"
SETTINGS = "_settings.json"


class Ledger:
    def __init__(self, parts: Path) -> None:
        self.path = parts / LEDGER
        self.entries: dict[int, dict] = {}
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        good = 0
        with open(self.path, "rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    break
                self.entries[entry["chunk"]] = entry
                good += len(line)
        if good != self.path.stat().st_size:
            with open(self.path, "r+b") as fh:
                fh.truncate(good)

    def done(self, chunk: int) -> bool:
        return chunk in self.entries

    def commit(self, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        self.entries[entry["chunk"]] = entry


def read_settings(parts: Path) -> dict | None:
    path = parts / SETTINGS
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_settings(parts: Path, settings: dict) -> None:
    atomic_write_bytes(
        parts / SETTINGS, json.dumps(settings, ensure_ascii=False, indent=1).encode("utf-8")
    )


def tmp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = tmp_name(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

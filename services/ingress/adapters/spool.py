"""An append-only disk spool for events the broker could not take.

Each spooled request is one file of JSON lines, written to a temporary name, fsync'd, renamed into
place and the directory fsync'd: once `append` returns, a crash or restart loses nothing. Files are
never modified; the drainer deletes a file only after every event in it was confirmed by the broker.
Names start with a nanosecond timestamp and a sequence number, so sorting them is oldest-first.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Sequence
from pathlib import Path

from shared.events import Envelope

_SUFFIX = ".jsonl"
_TMP_SUFFIX = ".tmp"


class SpoolFull(Exception):
    """The spool is over its size cap; the caller answers 503 so LINE redelivers later."""


class DiskSpool:
    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self._sequence = itertools.count()
        self._bytes = 0
        self._files = 0

    def open(self) -> None:
        """Create the directory, drop half-written files (never acknowledged), count what waits."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for leftover in self.directory.glob(f"*{_TMP_SUFFIX}"):
            leftover.unlink()
        files = self.pending()
        self._files = len(files)
        self._bytes = sum(path.stat().st_size for path in files)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    @property
    def file_count(self) -> int:
        return self._files

    def is_empty(self) -> bool:
        return self._files == 0

    def pending(self) -> list[Path]:
        """Spooled files, oldest first."""
        return sorted(self.directory.glob(f"*{_SUFFIX}"))

    async def append(self, envelopes: Sequence[Envelope]) -> Path:
        payload = b"".join(envelope.to_bytes() + b"\n" for envelope in envelopes)
        if self._bytes + len(payload) > self.max_bytes:
            raise SpoolFull(f"spool holds {self._bytes} bytes, cap {self.max_bytes}")
        name = f"{time.time_ns():020d}-{next(self._sequence):08d}-{os.getpid()}"
        path = await asyncio.to_thread(self._write_durably, name, payload)
        self._bytes += len(payload)
        self._files += 1
        return path

    def _write_durably(self, name: str, payload: bytes) -> Path:
        tmp = self.directory / f"{name}{_TMP_SUFFIX}"
        final = self.directory / f"{name}{_SUFFIX}"
        with open(tmp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, final)
        directory_fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(directory_fd)
        finally:
            os.close(directory_fd)
        return final

    @staticmethod
    def read(path: Path) -> list[Envelope]:
        return [Envelope.from_bytes(line) for line in path.read_bytes().splitlines() if line.strip()]

    def remove(self, path: Path) -> None:
        size = path.stat().st_size
        path.unlink()
        self._bytes -= size
        self._files -= 1

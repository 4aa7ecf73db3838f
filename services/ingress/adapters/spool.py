"""An append-only disk spool for events the broker could not take, and its quarantine.

Each spooled request is one file of JSON lines, written to a temporary name, fsync'd, renamed into
place and the directory fsync'd: once `append` returns, a crash or restart loses nothing. Files are
never modified; the drainer deletes a file only after every event in it was confirmed by the broker.
Names start with a nanosecond timestamp and a sequence number, so sorting them is oldest-first.

What can never be published (see `shared.messaging.Unpublishable`) or read goes to `quarantine/`
beside the spool files, written as durably, so it neither blocks the events behind it nor is lost:
operations see it (metrics, /readyz, logs) and decide. Everything in both is sealed as it was
spooled; the file name carries the reason, never content.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from shared.events import Envelope

_SUFFIX = ".jsonl"
_TMP_SUFFIX = ".tmp"
QUARANTINE = "quarantine"


class SpoolFull(Exception):
    """The spool is over its size cap; the caller answers 503 so LINE redelivers later."""


class UnreadableSpoolFile(Exception):
    """A spool file whose lines are not envelopes (damaged on disk, or written by a foreign tool)."""


class DiskSpool:
    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.quarantine_dir = directory / QUARANTINE
        self.max_bytes = max_bytes
        self._sequence = itertools.count()
        self._bytes = 0
        self._files = 0
        self._quarantined = 0

    def open(self) -> None:
        """Create the directories, drop half-written files (never acknowledged), count what waits."""
        self.quarantine_dir.mkdir(parents=True, exist_ok=True)
        for leftover in [
            *self.directory.glob(f"*{_TMP_SUFFIX}"),
            *self.quarantine_dir.glob(f"*{_TMP_SUFFIX}"),
        ]:
            leftover.unlink()
        files = self.pending()
        self._files = len(files)
        self._bytes = sum(path.stat().st_size for path in files)
        self._quarantined = len(list(self.quarantine_dir.glob(f"*{_SUFFIX}")))

    @property
    def size_bytes(self) -> int:
        return self._bytes

    @property
    def file_count(self) -> int:
        return self._files

    @property
    def quarantined_files(self) -> int:
        return self._quarantined

    def is_empty(self) -> bool:
        return self._files == 0

    def pending(self) -> list[Path]:
        """Spooled files, oldest first."""
        return sorted(self.directory.glob(f"*{_SUFFIX}"))

    async def append(self, envelopes: Sequence[Envelope]) -> Path:
        payload = _lines(envelopes)
        if self._bytes + len(payload) > self.max_bytes:
            raise SpoolFull(f"spool holds {self._bytes} bytes, cap {self.max_bytes}")
        path = await asyncio.to_thread(_write_durably, self.directory, self.new_stem() + _SUFFIX, payload)
        self._bytes += len(payload)
        self._files += 1
        return path

    @staticmethod
    def read(path: Path) -> list[Envelope]:
        try:
            return [Envelope.from_bytes(line) for line in path.read_bytes().splitlines() if line.strip()]
        except ValidationError as exc:
            raise UnreadableSpoolFile(f"{path.name}: {exc.error_count()} invalid line(s)") from None

    def remove(self, path: Path) -> None:
        size = path.stat().st_size
        path.unlink()
        self._bytes -= size
        self._files -= 1

    async def quarantine_file(self, path: Path, reason: str) -> Path:
        """Move a whole spool file aside (it cannot be read); it no longer counts as waiting."""
        target = self.quarantine_dir / f"{path.stem}.{reason}{_SUFFIX}"
        size = await asyncio.to_thread(_move_durably, path, target)
        self._bytes -= size
        self._files -= 1
        self._quarantined += 1
        return target

    async def quarantine(self, stem: str, refused: Sequence[tuple[Envelope, str]]) -> dict[str, int]:
        """Keep `refused` (envelope, reason) aside: one file per reason, named `<stem>.<reason>.jsonl`
        (`stem`: the spool file they came from, or `new_stem()`). Returns how many per reason."""
        groups: dict[str, list[Envelope]] = {}
        for envelope, reason in refused:
            groups.setdefault(reason, []).append(envelope)
        for reason, group in groups.items():
            name = f"{stem}.{reason}{_SUFFIX}"
            # A drain retried after a crash rewrites the same file: count files, not writes.
            existed = await asyncio.to_thread((self.quarantine_dir / name).exists)
            await asyncio.to_thread(_write_durably, self.quarantine_dir, name, _lines(group))
            self._quarantined += 0 if existed else 1
        return {reason: len(group) for reason, group in groups.items()}

    def new_stem(self) -> str:
        """A spool-style name (timestamp, sequence, pid), for events kept aside without being spooled."""
        return f"{time.time_ns():020d}-{next(self._sequence):08d}-{os.getpid()}"


def _lines(envelopes: Sequence[Envelope]) -> bytes:
    return b"".join(envelope.to_bytes() + b"\n" for envelope in envelopes)


def _write_durably(directory: Path, name: str, payload: bytes) -> Path:
    tmp = directory / f"{name}{_TMP_SUFFIX}"
    final = directory / name
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    _fsync_directory(directory)
    return final


def _move_durably(source: Path, target: Path) -> int:
    size = source.stat().st_size
    os.replace(source, target)
    _fsync_directory(target.parent)
    _fsync_directory(source.parent)
    return size


def _fsync_directory(directory: Path) -> None:
    directory_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(directory_fd)
    finally:
        os.close(directory_fd)

"""Draining the spool into the broker, oldest first, once the broker is back.

A file is deleted only after all its events are confirmed; if publishing fails midway, the file stays
and is tried again later (its confirmed events are published twice, which consumers de-duplicate).

A failure is either transient or permanent, and they are handled apart so that one bad event never
holds up the ones behind it:
- transient (`PublishFailed`: broker away, nack, no confirm in time): stop, keep the order, try the
  same file again later; `stalled_for` tells readiness how long nothing has drained.
- permanent (`Unpublishable`, or a file that cannot be read): the rest of the file is published,
  what cannot be is quarantined (sealed, counted, never retried), and draining goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path

import structlog

from services.ingress.adapters.spool import DiskSpool, UnreadableSpoolFile
from services.ingress.domain.legacy import Quarantine
from shared.events import Envelope
from shared.messaging import PublishFailed, Unpublishable
from shared.service_runtime import BrokerSupervisor

log = structlog.get_logger(__name__)

Upgrade = Callable[[Envelope], Envelope]
"""Brings a spooled envelope to the current contract (seals a v1 event), or raises `Quarantine`."""


class SpoolDrainer:
    def __init__(
        self,
        spool: DiskSpool,
        broker: BrokerSupervisor,
        *,
        on_published: Callable[[int], None],
        on_quarantined: Callable[[str, int], None],
        on_failed: Callable[[], None] = lambda: None,
        upgrade: Upgrade = lambda envelope: envelope,
        idle_check_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._spool = spool
        self._broker = broker
        self._on_published = on_published
        self._on_quarantined = on_quarantined
        self._on_failed = on_failed
        self._upgrade = upgrade
        self._idle_check_s = idle_check_s
        self._clock = clock
        self._wakeup = asyncio.Event()
        self._waiting_since: float | None = None
        self.drained = asyncio.Event()

    def wake(self) -> None:
        self._wakeup.set()

    def stalled_for(self) -> float:
        """Seconds since the spool last drained anything while files wait (0 when empty)."""
        if self._spool.is_empty() or self._waiting_since is None:
            return 0.0
        return self._clock() - self._waiting_since

    async def run(self) -> None:
        while True:
            # Woken by a new spool file or a reconnect; the periodic check covers a missed wake-up.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=self._idle_check_s)
            self._wakeup.clear()
            try:
                await self.drain_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                # A disk error, a file gone under us: the files stay, the next round tries again. The
                # drainer itself must never die, or the spool would silently stop draining.
                self._on_failed()
                log.exception("spool_drain_failed", waiting_files=self._spool.file_count)

    async def drain_once(self) -> int:
        """Publish spooled files until the spool is empty or the broker fails; returns events sent."""
        sent = 0
        for path in self._spool.pending():
            if not self._broker.connected:
                break
            try:
                sent += await self._drain_file(path)
            except PublishFailed as exc:
                self._on_failed()
                log.warning("spool_drain_paused", error=str(exc), waiting_files=self._spool.file_count)
                break
            self._waiting_since = None  # progress: a file left the spool
        if sent:
            log.info("spool_drained", events=sent, waiting_files=self._spool.file_count)
        if self._spool.is_empty():
            self._waiting_since = None
            self.drained.set()
        else:
            if self._waiting_since is None:
                self._waiting_since = self._clock()
            self.drained.clear()
        return sent

    async def _drain_file(self, path: Path) -> int:
        try:
            spooled = self._spool.read(path)
        except UnreadableSpoolFile:
            await self._spool.quarantine_file(path, "unreadable")
            self._quarantined("unreadable", 0, path)
            return 0
        envelopes, aside = self._upgraded(spooled)
        try:
            await self._broker.publisher.publish_all(envelopes)
        except Unpublishable as exc:
            aside.extend(exc.refused)
            envelopes = [e for e in envelopes if all(e is not bad for bad, _ in exc.refused)]
        # Only now, with the rest confirmed: a transient failure above leaves the file as it was.
        if aside:
            for reason, count in (await self._spool.quarantine(path.stem, aside)).items():
                self._quarantined(reason, count, path)
        self._spool.remove(path)
        self._on_published(len(envelopes))
        return len(envelopes)

    def _upgraded(self, spooled: list[Envelope]) -> tuple[list[Envelope], list[tuple[Envelope, str]]]:
        ready: list[Envelope] = []
        aside: list[tuple[Envelope, str]] = []
        for envelope in spooled:
            try:
                ready.append(self._upgrade(envelope))
            except Quarantine as exc:
                aside.append((envelope, exc.reason))
        return ready, aside

    def _quarantined(self, reason: str, events: int, path: Path) -> None:
        self._on_quarantined(reason, events)
        # The file name is a timestamp and a sequence number: no content, safe to log.
        log.error("spool_quarantined", reason=reason, events=events, file=path.name)

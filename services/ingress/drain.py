"""Draining the spool into the broker, oldest first, once the broker is back.

A file is deleted only after all its events are confirmed; if publishing fails midway, the file stays
and is tried again later (its confirmed events are published twice, which consumers de-duplicate).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog

from services.ingress.adapters.spool import DiskSpool
from shared.messaging import PublishFailed
from shared.service_runtime import BrokerSupervisor

log = structlog.get_logger(__name__)


class SpoolDrainer:
    def __init__(
        self,
        spool: DiskSpool,
        broker: BrokerSupervisor,
        *,
        on_published: Callable[[int], None],
        idle_check_s: float = 1.0,
    ) -> None:
        self._spool = spool
        self._broker = broker
        self._on_published = on_published
        self._idle_check_s = idle_check_s
        self._wakeup = asyncio.Event()
        self.drained = asyncio.Event()

    def wake(self) -> None:
        self._wakeup.set()

    async def run(self) -> None:
        while True:
            # Woken by a new spool file or a reconnect; the periodic check covers a missed wake-up.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=self._idle_check_s)
            self._wakeup.clear()
            await self.drain_once()

    async def drain_once(self) -> int:
        """Publish spooled files until the spool is empty or the broker fails; returns events sent."""
        sent = 0
        publisher = self._broker.publisher
        while not self._spool.is_empty() and self._broker.connected and publisher is not None:
            path = self._spool.pending()[0]
            envelopes = self._spool.read(path)
            try:
                await publisher.publish_all(envelopes)
            except PublishFailed as exc:
                log.warning("spool_drain_paused", error=str(exc), waiting_files=self._spool.file_count)
                return sent
            self._spool.remove(path)
            sent += len(envelopes)
            self._on_published(len(envelopes))
        if sent:
            log.info("spool_drained", events=sent, waiting_files=self._spool.file_count)
        if self._spool.is_empty():
            self.drained.set()
        else:
            self.drained.clear()
        return sent

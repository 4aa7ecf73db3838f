"""The summariser's round: every REPORTS_REFRESH_S, recompute the yearly reports if an event arrived
since the last run. A failed round is logged and tried again next time (the facts are safe)."""

from __future__ import annotations

import asyncio
import contextlib

import structlog

from services.reports.workflows.summarise import Summariser

log = structlog.get_logger(__name__)


class RefreshRound:
    def __init__(self, summariser: Summariser, interval_s: float) -> None:
        self._summariser = summariser
        self._interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="reports-refresh")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self._summariser.refresh()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("reports_refresh_failed")
            await asyncio.sleep(self._interval_s)  # the round's period, not a wait for a result

"""Runs the rounds (workflows/rounds.py) every OUTREACH_ROUND_S in the background; tests call the
rounds themselves with the periodic loop off. A failing round is logged and tried at the next tick:
one bad visit must not stop the reminders of the others."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

log = structlog.get_logger(__name__)


class PeriodicWork:
    def __init__(
        self,
        *,
        reminders: Callable[[], Awaitable[Any]],
        overdue: Callable[[], Awaitable[Any]],
        sweep: Callable[[], Awaitable[Any]],
        interval_s: float,
    ) -> None:
        self.reminder_round = reminders
        self.overdue_round = overdue
        self.sweep_round = sweep
        self._interval = interval_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outreach-rounds")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def tick(self) -> None:
        for name, round_ in (
            ("reminders", self.reminder_round),
            ("overdue", self.overdue_round),
            ("sweep", self.sweep_round),
        ):
            try:
                await round_()
            except Exception:
                log.exception("outreach_round_failed", round=name)

    async def _run(self) -> None:
        while True:
            await self.tick()
            await asyncio.sleep(self._interval)

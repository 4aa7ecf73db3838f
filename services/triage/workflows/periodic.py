"""Triage's periodic work, one `tick` per job so tests drive it with an injected clock:

- `assignment_tick` (every ASSIGN_INTERVAL_S): re-publish events left in case outboxes, then assign
  the waiting queue (counselors come on shift, seats free up);
- `sla_tick` (every SLA_CHECK_INTERVAL_S): the first-response check (`sla_check.py`);
- `reconcile_tick` (every RECONCILE_INTERVAL_S): seat ledgers against assigned cases (`seats.py`).

`PeriodicWork.run_forever` runs them as tasks; a failing round is logged with its job name and the
next round tries again (every job is idempotent and safe with several triage processes).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import structlog

from services.triage.context import TriageContext
from services.triage.domain.sla import Breach
from services.triage.workflows.assign import Assigner
from services.triage.workflows.sla_check import SlaChecker

log = structlog.get_logger(__name__)


async def assignment_tick(ctx: TriageContext) -> list[dict[str, Any]]:
    now = ctx.clock()
    await ctx.outbox.sweep(ctx.publisher, now - timedelta(seconds=ctx.settings.outbox_grace_s))
    return await Assigner(ctx, ctx.publisher).run(now)


async def sla_tick(ctx: TriageContext) -> list[Breach]:
    return await SlaChecker(ctx, ctx.publisher).tick()


async def reconcile_tick(ctx: TriageContext) -> list[str]:
    corrected = await ctx.seats.reconcile(await ctx.assignments.active_counts())
    if corrected:
        log.warning("seats_reconciled", counselors=corrected)
    return corrected


class PeriodicWork:
    def __init__(self, ctx: TriageContext) -> None:
        self._ctx = ctx
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        s = self._ctx.settings
        jobs: list[tuple[str, float, Callable[[TriageContext], Awaitable[object]]]] = [
            ("assignment", s.assign_interval_s, assignment_tick),
            ("sla", s.sla_check_interval_s, sla_tick),
            ("seat_reconciliation", s.reconcile_interval_s, reconcile_tick),
        ]
        for name, every, job in jobs:
            self._tasks.append(asyncio.create_task(self._loop(name, every, job), name=f"triage-{name}"))

    async def _loop(self, name: str, every: float, job: Callable[[TriageContext], Awaitable[object]]) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await job(self._ctx)
            except asyncio.CancelledError:
                raise
            except Exception:  # the next round retries; a stuck job shows in the logs every round
                log.exception("periodic_job_failed", job=name)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

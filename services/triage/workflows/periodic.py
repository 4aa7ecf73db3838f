"""Triage's periodic rounds, each safe with several triage processes and idempotent:

- `assignment_round` (every ASSIGN_INTERVAL_S): re-publish what waits in case outboxes, then assign
  the waiting queue (counselors come on shift, seats free up);
- `sla_round` (every SLA_CHECK_INTERVAL_S): the first-response check (`sla_check.py`), then the
  next-response check (`next_response.py`);
- `seat_round` (every RECONCILE_INTERVAL_S): seat ledgers against assigned cases (`seats.py`);
- `retention_round` (every RETENTION_INTERVAL_S): purge what closed long ago (`retention.py`);
- `metrics_round` (with the SLA check): refresh the waiting and load gauges (`metrics.py`);
- `reseal_round` (every RESEAL_INTERVAL_S): after a key rotation, re-seal a batch (`reseal.py`).

`start()` runs them as tasks until `stop()`; a failing round is logged with its job name and the
next round tries again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog

from services.triage.adapters.assignments import AssignmentStore
from services.triage.adapters.case_outbox import CaseOutbox
from services.triage.adapters.retention import Purged
from services.triage.adapters.seats import SeatLedger
from services.triage.domain.ports import Clock
from services.triage.domain.sla import Breach
from services.triage.workflows.assign import Assigner
from services.triage.workflows.next_response import NextResponseCheck
from services.triage.workflows.reseal import ResealRound
from services.triage.workflows.retention import RetentionPurge
from services.triage.workflows.sla_check import SlaChecker
from shared.db_cost import working_on

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Intervals:
    assignment_s: float
    sla_s: float
    seats_s: float
    outbox_grace_s: float
    retention_s: float
    reseal_s: float


class PeriodicWork:
    def __init__(
        self,
        *,
        assigner: Assigner,
        sla: SlaChecker,
        next_response: NextResponseCheck,
        outbox: CaseOutbox,
        assignments: AssignmentStore,
        seats: SeatLedger,
        retention: RetentionPurge,
        refresh_metrics: Callable[[], Awaitable[None]],
        reseal: ResealRound,
        clock: Clock,
        intervals: Intervals,
    ) -> None:
        self._assigner = assigner
        self._sla = sla
        self._next_response = next_response
        self._outbox = outbox
        self._assignments = assignments
        self._seats = seats
        self._retention = retention
        self._refresh_metrics = refresh_metrics
        self._reseal = reseal
        self._clock = clock
        self._intervals = intervals
        self._tasks: list[asyncio.Task[None]] = []

    async def assignment_round(self) -> list[dict[str, Any]]:
        now = self._clock()
        await self._outbox.sweep(now - timedelta(seconds=self._intervals.outbox_grace_s))
        return await self._assigner.run(now)

    async def sla_round(self) -> list[Breach]:
        return [*await self._sla.tick(), *await self._next_response.tick()]

    async def seat_round(self) -> list[str]:
        corrected = await self._seats.reconcile(await self._assignments.active_counts())
        if corrected:
            log.warning("seats_reconciled", counselors=corrected)
        return corrected

    async def retention_round(self) -> Purged:
        return await self._retention.run()

    async def metrics_round(self) -> None:
        await self._refresh_metrics()

    async def reseal_round(self) -> int:
        return await self._reseal.run()

    def start(self) -> None:
        every = self._intervals
        jobs: list[tuple[str, float, Callable[[], Awaitable[object]]]] = [
            ("assignment", every.assignment_s, self.assignment_round),
            ("sla", every.sla_s, self.sla_round),
            ("seat_reconciliation", every.seats_s, self.seat_round),
            ("retention", every.retention_s, self.retention_round),
            ("metrics", every.sla_s, self.metrics_round),
            ("reseal", every.reseal_s, self.reseal_round),
        ]
        for name, seconds, job in jobs:
            self._tasks.append(asyncio.create_task(self._loop(name, seconds, job), name=f"triage-{name}"))

    async def _loop(self, name: str, every: float, job: Callable[[], Awaitable[object]]) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                with working_on(f"periodic:{name}"):
                    await job()
            except asyncio.CancelledError:
                raise
            except Exception:  # the next round retries; a stuck job shows in the logs every round
                log.exception("periodic_job_failed", job=name)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

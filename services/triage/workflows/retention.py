"""The periodic retention round: purge what closed more than RETENTION_DAYS ago (adapters/retention.py
says what goes and what stays) and record the run, so a supervisor sees that it happened and how much.

A run with nothing due records nothing: the record of runs shows purges, not an hourly heartbeat.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta

import structlog

from services.triage.adapters.retention import Purged, RetentionStore
from services.triage.domain.ports import Clock

log = structlog.get_logger(__name__)


class RetentionPurge:
    def __init__(self, store: RetentionStore, clock: Clock, period: timedelta, batch: int = 200) -> None:
        self._store = store
        self._clock = clock
        self._period = period
        self._batch = batch

    async def run(self) -> Purged:
        started = self._clock()
        cutoff = started - self._period
        total = Purged()
        for case_id in await self._store.due(cutoff, self._batch):
            purged = await self._store.purge(case_id, cutoff, self._clock())
            if purged is not None:
                total += purged
        total += Purged(postbacks=await self._store.purge_old_postbacks(cutoff))
        if total.cases or total.postbacks:
            await self._store.record_run(started, self._clock(), cutoff, total)
            log.info("retention_purged", **asdict(total))
        return total

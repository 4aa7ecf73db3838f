"""The background re-seal round: after ENCRYPTION_KEYS gained a new first key, move what is sealed
with older keys to it, a batch per round, and show what remains (`tsunagari_triage_sealed_with_old_keys`)
so operations know when an old key can be dropped. Nothing to do costs one count per field."""

from __future__ import annotations

from collections.abc import Callable

import structlog

from services.triage.adapters.reseal import Resealer

log = structlog.get_logger(__name__)


class ResealRound:
    def __init__(self, resealer: Resealer, report: Callable[[int], None], batch: int = 500) -> None:
        self._resealer = resealer
        self._report = report
        self._batch = batch

    async def run(self) -> int:
        moved = await self._resealer.batch(self._batch)
        remaining = await self._resealer.remaining()
        self._report(remaining)
        if moved:
            log.info("resealed", values=moved, remaining=remaining)
        return moved

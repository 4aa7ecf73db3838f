"""Rebuilding the read model from scratch: replay the archive into fresh facts, then summarise.

Because every event's effect is idempotent and independent of order (domain/writes.py), folding the
archive in memory with `apply_write` gives exactly the facts the live consumer wrote, whatever order
and however many times the events arrived. The facts are then replaced in one go and every year
summarised. Link-visit counters are kept (they are not made from events).

Run it with the consumer stopped (`python -m services.reports.rebuild`, docs/reports.md): events
arriving meanwhile wait in `reports.events` and are applied once it restarts. The service also
runs it at start when the archive is ahead of the facts' projection version (PROJECTION_VERSION:
raised whenever what an event records changes).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterable
from dataclasses import dataclass
from typing import Any

import structlog

from services.reports.adapters.facts import COLLECTIONS, facts_from_docs
from services.reports.adapters.stores import ReportStores
from services.reports.domain.projection import project
from services.reports.domain.writes import Collection, apply_write
from services.reports.workflows.summarise import Summariser
from shared.events import Envelope, read_data

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RebuildResult:
    events: int
    facts: int
    years: tuple[int, ...]
    seconds: float


class Rebuild:
    def __init__(self, stores: ReportStores, summariser: Summariser) -> None:
        self._stores = stores
        self._summariser = summariser

    async def run(self, events_from: AsyncIterable[Envelope] | None = None) -> RebuildResult:
        """Replay the archive (or `events_from`: the benchmark's events, where the in-process
        substitute cannot read a million-event archive back in reasonable time)."""
        started = time.perf_counter()
        docs: dict[Collection, dict[str, dict[str, Any]]] = {c: {} for c in COLLECTIONS}
        events = 0
        async for envelope in events_from if events_from is not None else self._stores.archive.stream():
            for write in project(envelope.id, envelope.occurred_at, read_data(envelope)):
                apply_write(docs[write.collection].setdefault(write.key, {}), write)
            events += 1
        await self._stores.facts.replace_all(docs)
        await self._stores.summaries.clear()
        visits = await self._stores.visits.all()
        reports = await self._summariser.store(facts_from_docs(docs, visits), upto=0)
        result = RebuildResult(
            events, sum(len(d) for d in docs.values()), tuple(sorted(reports)), time.perf_counter() - started
        )
        log.info("reports_rebuilt", events=result.events, facts=result.facts, seconds=round(result.seconds, 2))
        return result

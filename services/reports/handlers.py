"""The handler of `reports.events`: one event in → kept in the archive, its facts recorded.

Order of work: archive (an upsert on the event id) → facts (idempotent writes) → "something changed"
→ the consumer marks the inbox and acks. A crash anywhere redelivers the event and repeats the same
writes with the same result, so nothing is lost and nothing counted twice; the summariser turns the
facts into the yearly reports a moment later.

Demo events (producer `demo`, from `python -m services.reports.demo`) are acked and ignored unless
REPORTS_ACCEPT_DEMO_EVENTS is set (the development profile sets it; production never does).
"""

from __future__ import annotations

import structlog

from services.reports.adapters.stores import ReportStores
from services.reports.domain.projection import PROJECTIONS, project
from shared.events import Envelope, EventData
from shared.messaging import Rejected

log = structlog.get_logger(__name__)
DEMO_PRODUCER = "demo"


class ReportEventHandler:
    """`Handler` for `EventConsumer` on `reports.events`."""

    def __init__(self, stores: ReportStores, *, accept_demo: bool) -> None:
        self._stores = stores
        self._accept_demo = accept_demo

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if type(data) not in PROJECTIONS:
            raise Rejected(f"reports.events does not take {envelope.type}")
        if envelope.producer == DEMO_PRODUCER and not self._accept_demo:
            log.warning("demo_event_ignored", event_type=envelope.type)
            return
        await self._stores.archive.keep(envelope)
        await self._stores.facts.apply(project(envelope.id, envelope.occurred_at, data))
        await self._stores.summaries.mark_changed()

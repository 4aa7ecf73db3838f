"""The reports service's one consumer: `reports.events`, de-duplicated by envelope id through the
Mongo inbox. No ordering is needed: every event's effect is independent of the others' order."""

from __future__ import annotations

from aio_pika.abc import AbstractRobustConnection
from prometheus_client import CollectorRegistry

from services.reports.handlers import ReportEventHandler
from shared.messaging import EventConsumer, Inbox, Topology, service_queue


class ReportConsumers:
    def __init__(
        self,
        *,
        handler: ReportEventHandler,
        inbox: Inbox,
        topology: Topology,
        prefetch: int,
        registry: CollectorRegistry,
    ) -> None:
        self._handler = handler
        self._inbox = inbox
        self._topology = topology
        self._prefetch = prefetch
        self._registry = registry

    async def __call__(self, connection: AbstractRobustConnection) -> list[EventConsumer]:
        consumer = EventConsumer(
            connection,
            service_queue("reports.events"),
            self._handler,
            topology=self._topology,
            inbox=self._inbox,
            prefetch=self._prefetch,
            registry=self._registry,
        )
        await consumer.start()
        return [consumer]

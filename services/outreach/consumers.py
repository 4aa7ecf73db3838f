"""Outreach's one consumer: `outreach.requests`, de-duplicated by envelope id through the Mongo inbox.
Several outreach replicas consume it as competing consumers; the handlers' conditional writes make
that safe (workflows/)."""

from __future__ import annotations

from aio_pika.abc import AbstractRobustConnection
from prometheus_client import CollectorRegistry

from services.outreach.handlers import OutreachHandlers
from shared.messaging import EventConsumer, Inbox, Topology, service_queue


class OutreachConsumers:
    def __init__(
        self,
        *,
        handlers: OutreachHandlers,
        inbox: Inbox,
        topology: Topology,
        prefetch: int,
        registry: CollectorRegistry,
    ) -> None:
        self._handlers = handlers
        self._inbox = inbox
        self._topology = topology
        self._prefetch = prefetch
        self._registry = registry

    async def __call__(self, connection: AbstractRobustConnection) -> list[EventConsumer]:
        consumer = EventConsumer(
            connection,
            service_queue("outreach.requests"),
            self._handlers,
            topology=self._topology,
            inbox=self._inbox,
            prefetch=self._prefetch,
            registry=self._registry,
        )
        await consumer.start()
        return [consumer]

"""Which handler runs on which queue, once `shared.service_runtime.BrokerSupervisor` has connected:
`notifier.line-outbound` → `LineRequestHandler`, `notifier.partner-alerts` → `AlertRequestHandler`,
both de-duplicated by envelope id through the Mongo inbox. Then the scheduler is woken, so results
that waited in MongoDB for the broker are published."""

from __future__ import annotations

from collections.abc import Callable

from aio_pika.abc import AbstractRobustConnection
from prometheus_client import CollectorRegistry

from services.notifier.handlers import AlertRequestHandler, LineRequestHandler
from shared.messaging import EventConsumer, Handler, Inbox, Topology, service_queue


class NotifierConsumers:
    def __init__(
        self,
        *,
        line: LineRequestHandler,
        alerts: AlertRequestHandler,
        inbox: Inbox,
        topology: Topology,
        prefetch: int,
        registry: CollectorRegistry,
        on_started: Callable[[], None],
    ) -> None:
        self._line = line
        self._alerts = alerts
        self._inbox = inbox
        self._topology = topology
        self._prefetch = prefetch
        self._registry = registry
        self._on_started = on_started

    def _consumer(
        self, connection: AbstractRobustConnection, queue: str, handler: Handler, attempts: int
    ) -> EventConsumer:
        return EventConsumer(
            connection,
            service_queue(queue),
            handler,
            topology=self._topology,
            inbox=self._inbox,
            registry=self._registry,
            prefetch=self._prefetch,
            attempts=attempts,
        )

    async def __call__(self, connection: AbstractRobustConnection) -> list[EventConsumer]:
        # The LINE handler retries on its own (bounded, with backoff); the consumer must not multiply it.
        line = self._consumer(connection, "notifier.line-outbound", self._line, attempts=1)
        alerts = self._consumer(connection, "notifier.partner-alerts", self._alerts, attempts=3)
        for consumer in (line, alerts):
            await consumer.start()
        self._on_started()
        return [line, alerts]

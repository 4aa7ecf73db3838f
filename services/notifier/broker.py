"""The notifier's link to RabbitMQ: connect (retrying while the broker is down), declare the topology,
publish with confirms, and run the two consumers.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from aio_pika.abc import AbstractRobustConnection

from services.notifier.alert_delivery import AlertDelivery
from services.notifier.config import Settings
from services.notifier.handlers import Handlers
from services.notifier.metrics import Metrics
from shared.events import Envelope
from shared.messaging import EventConsumer, EventPublisher, MongoInbox, PublishFailed, connect, service_queue

log = structlog.get_logger(__name__)


class DeferredPublisher:
    """Publishes through the broker once connected; until then every publish fails (and is retried)."""

    def __init__(self) -> None:
        self.target: EventPublisher | None = None

    async def publish(self, envelope: Envelope) -> None:
        if self.target is None:
            raise PublishFailed("broker not connected yet")
        await self.target.publish(envelope)


class BrokerLink:
    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self._settings, self._metrics = settings, metrics
        self.db: Any = None
        self.connection: AbstractRobustConnection | None = None
        self.consumers: list[EventConsumer] = []
        self.publisher: EventPublisher | None = None
        self.ready = False

    async def run(
        self, handlers: Handlers, deferred: DeferredPublisher, delivery: AlertDelivery, wake: asyncio.Event
    ) -> None:
        delay = 0.5
        while not self.ready:
            try:
                await self._start(handlers)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("broker_unavailable", error=type(exc).__name__, retry_in_s=delay)
                await self.close()
                await asyncio.sleep(delay)  # a background reconnect loop, not a test wait
                delay = min(delay * 2, 15.0)
                continue
            deferred.target = delivery.publisher = self.publisher
            wake.set()  # publish results that waited for the broker
            log.info("broker_connected")
        # Connected: the task ends here; aio-pika's robust connection reconnects by itself from now on.

    async def _start(self, handlers: Handlers) -> None:
        settings, topology = self._settings, self._settings.topology
        self.connection = await connect(settings.amqp_url, name="notifier")
        channel = await self.connection.channel()
        await topology.declare_all(channel)
        await channel.close()
        self.publisher = EventPublisher(self.connection, topology)
        await self.publisher.start()
        inbox = MongoInbox(self.db)
        common: dict[str, Any] = {"topology": topology, "inbox": inbox, "registry": self._metrics.registry}
        # The LINE handler retries on its own (bounded, with backoff); the consumer must not multiply it.
        line = EventConsumer(
            self.connection,
            service_queue("notifier.line-outbound"),
            handlers.on_line_requested,
            prefetch=settings.prefetch,
            attempts=1,
            **common,
        )
        alerts = EventConsumer(
            self.connection,
            service_queue("notifier.partner-alerts"),
            handlers.on_alert_requested,
            prefetch=settings.prefetch,
            **common,
        )
        self.consumers = [line, alerts]
        for consumer in self.consumers:
            await consumer.start()
        self.ready = True

    async def readiness(self) -> dict[str, Any]:
        return {
            "ready": self.ready and self.db is not None,
            "broker": self.ready,
            "mongodb": self.db is not None,
        }

    async def close(self) -> None:
        for consumer in self.consumers:
            await consumer.close()
        self.consumers = []
        if self.connection is not None and not self.connection.is_closed:
            await self.connection.close()
        self.connection, self.ready = None, False

"""What the notifier runs on RabbitMQ once `shared.service_runtime.BrokerSupervisor` has connected:
its two consumers, and a publisher that results can use even before the broker first answered.
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
from shared.messaging import EventConsumer, EventPublisher, MongoInbox, PublishFailed, service_queue
from shared.service_runtime import OnConnected, SupervisedPublisher

log = structlog.get_logger(__name__)


class DeferredPublisher:
    """Publishes through the broker once connected; until then every publish fails (and is retried)."""

    def __init__(self) -> None:
        self.target: EventPublisher | None = None

    async def publish(self, envelope: Envelope) -> None:
        if self.target is None:
            raise PublishFailed("broker not connected yet")
        await self.target.publish(envelope)


def consumers_on_connect(
    settings: Settings,
    metrics: Metrics,
    db: Any,
    handlers: Handlers,
    deferred: DeferredPublisher,
    delivery: AlertDelivery,
    wake: asyncio.Event,
    supervised: SupervisedPublisher,
) -> OnConnected:
    """What the notifier starts once the broker answers: its two consumers; then results that waited
    for the broker are published (`wake`)."""

    async def start(connection: AbstractRobustConnection) -> list[EventConsumer]:
        common: dict[str, Any] = {
            "topology": settings.topology,
            "inbox": MongoInbox(db),
            "registry": metrics.registry,
            "prefetch": settings.prefetch,
        }
        # The LINE handler retries on its own (bounded, with backoff); the consumer must not multiply it.
        line = EventConsumer(
            connection,
            service_queue("notifier.line-outbound"),
            handlers.on_line_requested,
            attempts=1,
            **common,
        )
        alerts = EventConsumer(
            connection, service_queue("notifier.partner-alerts"), handlers.on_alert_requested, **common
        )
        for consumer in (line, alerts):
            await consumer.start()
        deferred.target = delivery.publisher = supervised  # type: ignore[assignment]
        wake.set()
        return [line, alerts]

    return start

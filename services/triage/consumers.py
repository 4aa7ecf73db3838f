"""Triage's two consumers: `triage.line-events` (ordered per chat: one consulter's messages in order,
different consulters concurrently) and `triage.feedback` (delivery and outcome reports). Both
de-duplicate by envelope id through the Mongo inbox."""

from __future__ import annotations

from typing import Any

from aio_pika.abc import AbstractRobustConnection
from prometheus_client import CollectorRegistry

from services.triage.config import Settings
from services.triage.context import Publisher, TriageContext
from services.triage.domain.line_events import chat_key
from services.triage.handlers import LineEventHandler
from services.triage.handlers.feedback import FeedbackHandler
from shared.events import Envelope
from shared.messaging import EventConsumer, MongoInbox, service_queue


def consulter_order_key(envelope: Envelope) -> str | None:
    """Order `line.event.received` per chat; the key is used in memory only, never logged."""
    event = envelope.data.get("event")
    return chat_key(event) if isinstance(event, dict) else None


async def start_consumers(
    connection: AbstractRobustConnection,
    ctx: TriageContext,
    publisher: Publisher,
    settings: Settings,
    db: Any,
    registry: CollectorRegistry,
) -> tuple[EventConsumer, EventConsumer]:
    """Start (line events, feedback); the feedback consumer first, so no report waits on a slow chat."""
    common: dict[str, Any] = {
        "topology": settings.topology,
        "inbox": MongoInbox(db),
        "prefetch": settings.prefetch,
        "registry": registry,
    }
    feedback = EventConsumer(connection, service_queue("triage.feedback"), FeedbackHandler(ctx), **common)
    await feedback.start()
    line_events = EventConsumer(
        connection,
        service_queue("triage.line-events"),
        LineEventHandler(ctx, publisher),
        order_key=consulter_order_key,
        **common,
    )
    await line_events.start()
    return line_events, feedback

"""Turning a verified LINE webhook body into `line.event.received` envelopes (pure, no I/O).

Every event becomes an envelope, whatever its type: an event type LINE adds tomorrow is forwarded and
recorded downstream, never dropped here. The envelope id is derived from the destination and LINE's
`webhookEventId`, so a redelivery of the same event (LINE's, or our own spool's) carries the same id
and consumers de-duplicate it.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.events import Envelope, LineEventReceived, derived_event_id, envelope_for

PRODUCER = "ingress"


class MalformedWebhook(ValueError):
    """The body is signed but is not a LINE webhook (bad JSON or wrong shape)."""


@dataclass(frozen=True)
class WebhookBatch:
    destination: str
    events: tuple[dict[str, Any], ...]


def parse_webhook(body: bytes) -> WebhookBatch:
    """Check the shape LINE documents: `{"destination": str, "events": [object, ...]}`."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedWebhook(f"body is not JSON: {exc.__class__.__name__}") from None
    if not isinstance(document, dict):
        raise MalformedWebhook("body must be a JSON object")
    destination = document.get("destination")
    events = document.get("events")
    if not isinstance(destination, str) or not destination:
        raise MalformedWebhook("`destination` must be a non-empty string")
    if not isinstance(events, list):
        raise MalformedWebhook("`events` must be a list")
    for index, event in enumerate(events):
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise MalformedWebhook(f"events[{index}] must be an object with a string `type`")
    return WebhookBatch(destination, tuple(events))


def envelope_id(destination: str, event: dict[str, Any]) -> str:
    webhook_event_id = event.get("webhookEventId")
    if isinstance(webhook_event_id, str) and webhook_event_id:
        return derived_event_id("line.event.received", destination, webhook_event_id)
    return str(uuid.uuid4())


def to_envelopes(batch: WebhookBatch, received_at: datetime) -> list[Envelope]:
    envelopes = []
    for event in batch.events:
        webhook_event_id = event.get("webhookEventId")
        delivery = event.get("deliveryContext")
        data = LineEventReceived(
            destination=batch.destination,
            event=event,
            webhook_event_id=webhook_event_id if isinstance(webhook_event_id, str) else None,
            is_redelivery=bool(isinstance(delivery, dict) and delivery.get("isRedelivery")),
            event_type=str(event["type"]),
            received_at=received_at,
        )
        envelopes.append(
            envelope_for(
                data,
                producer=PRODUCER,
                correlation_id=data.webhook_event_id or "unidentified",
                event_id=envelope_id(batch.destination, event),
            )
        )
    return envelopes

"""Turning a verified LINE webhook body into sealed `line.event.received` envelopes (pure, no I/O).

What is acceptable is `shared.line_input`'s to say (triage reads with the same rules). Every
acceptable event becomes an envelope, whatever its type: an event type LINE adds tomorrow is
forwarded and recorded downstream, never dropped here. The envelope id is derived from the
destination and LINE's `webhookEventId`, so a redelivery of the same event (LINE's, or our own
spool's) carries the same id and consumers de-duplicate it. The event itself is sealed before it
leaves this module: nothing downstream of ingress but triage can read it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from shared.crypto import Keyring
from shared.events import Envelope, LineEventReceived, derived_event_id, envelope_for
from shared.line_input import Webhook, chat_id
from shared.line_sealing import seal_line_event
from shared.pseudonym import consulter_pseudonym

PRODUCER = "ingress"


def envelope_id(destination: str, event: dict[str, Any]) -> str:
    webhook_event_id = event.get("webhookEventId")
    if isinstance(webhook_event_id, str) and webhook_event_id:
        return derived_event_id("line.event.received", destination, webhook_event_id)
    return str(uuid.uuid4())


def to_envelopes(
    webhook: Webhook, received_at: datetime, *, keyring: Keyring, pseudonym_key: str
) -> list[Envelope]:
    envelopes = []
    for event in webhook.events:
        event_id = envelope_id(webhook.destination, event)
        webhook_event_id = event.get("webhookEventId")  # a checked string, or absent
        delivery = event.get("deliveryContext")
        chat = chat_id(event)
        data = LineEventReceived(
            destination=webhook.destination,
            sealed_event=seal_line_event(keyring, event, envelope_id=event_id),
            chat_ref=consulter_pseudonym(chat, pseudonym_key) if chat else None,
            webhook_event_id=webhook_event_id,
            is_redelivery=bool(isinstance(delivery, dict) and delivery.get("isRedelivery")),
            event_type=event["type"],
            received_at=received_at,
        )
        envelopes.append(
            envelope_for(
                data,
                producer=PRODUCER,
                correlation_id=webhook_event_id or "unidentified",
                event_id=event_id,
            )
        )
    return envelopes

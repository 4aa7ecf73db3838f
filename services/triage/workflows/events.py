"""Envelopes for events triage publishes outside a LINE event (periodic work, console actions)."""

from __future__ import annotations

from shared.events import Envelope, EventData, envelope_for

PRODUCER = "triage"


def system_envelope(
    data: EventData, *, event_id: str, correlation_id: str, causation_id: str | None = None
) -> Envelope:
    """`event_id` is derived from what caused it (see `derived_event_id`), so a retry repeats it."""
    return envelope_for(
        data, producer=PRODUCER, correlation_id=correlation_id, causation_id=causation_id, event_id=event_id
    )

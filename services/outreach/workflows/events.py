"""Envelopes outreach publishes: producer `outreach`, the request id as correlation id (one flow per
request), ids derived from what caused them, so a retried change re-publishes the same ids."""

from __future__ import annotations

from shared.events import Envelope, EventData, derived_event_id, envelope_for

PRODUCER = "outreach"


def outreach_envelope(data: EventData, *parts: str, correlation_id: str, causation_id: str | None = None) -> Envelope:
    return envelope_for(
        data,
        producer=PRODUCER,
        correlation_id=correlation_id,
        causation_id=causation_id,
        event_id=derived_event_id(*parts, data.TYPE),
    )

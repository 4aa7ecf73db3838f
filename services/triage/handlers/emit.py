"""Outgoing events of one incoming LINE event, with ids derived from their cause.

`cause_id` is the id of the first envelope that carried the LINE event (see `LineEventLog.claim`);
for a redelivery of the same envelope it is that envelope's id. Handling the event again — a retry
after a crash, a redelivery, a second envelope for the same webhookEventId — therefore derives the
same ids, and consumers, which de-duplicate by id, see each effect once.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.events import Envelope, EventData, derived_event_id, envelope_for

PRODUCER = "triage"


@dataclass(frozen=True, slots=True)
class Emitter:
    cause_id: str  # the first envelope of this LINE event
    causation_id: str  # the envelope being handled now
    correlation_id: str  # the LINE webhookEventId

    def derive(self, *parts: str) -> str:
        """A stable id for something this event creates (a case, a message, a send request)."""
        return derived_event_id(self.cause_id, *parts)

    def envelope(self, data: EventData, discriminator: str = "") -> Envelope:
        return envelope_for(
            data,
            producer=PRODUCER,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            event_id=derived_event_id(self.cause_id, data.TYPE, discriminator),
        )

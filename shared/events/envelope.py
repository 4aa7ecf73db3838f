"""The envelope every event travels in (DESIGN §3), and how ids are made.

One envelope per AMQP message. `id` is what consumers de-duplicate on, so an event that is re-derived
from the same cause (a redelivered message handled again) gets the same id: see `derived_event_id`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Fixed namespace for name-based (uuid5) event ids; changing it would break de-duplication.
EVENT_ID_NAMESPACE = uuid.UUID("6f1c2b0e-2d7a-4c55-9a51-7473756e6167")


def utcnow() -> datetime:
    return datetime.now(UTC)


def derived_event_id(*parts: str) -> str:
    """A deterministic event id from what caused the event (e.g. cause id, event type, a key).

    Handling the same incoming event twice then publishes the same ids, and downstream consumers,
    which de-duplicate by id, see one event. This replaces a transactional outbox.
    """
    return str(uuid.uuid5(EVENT_ID_NAMESPACE, "\x1f".join(parts)))


class Envelope(BaseModel):
    """The JSON envelope of DESIGN §3; `data` is the typed payload of `type` at `version`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="Unique event id (uuid); consumers de-duplicate on it.")
    type: str = Field(description="Event type, also the routing key, e.g. `case.assigned`.")
    version: int = Field(ge=1, description="Schema version of `data` for this type.")
    occurred_at: datetime = Field(description="When it happened (UTC, ISO 8601).")
    producer: str = Field(description="The service that published it.")
    correlation_id: str = Field(description="The LINE webhookEventId or other originating id of the flow.")
    causation_id: str | None = Field(None, description="Id of the event that caused this one.")
    data: dict[str, Any] = Field(description="The payload; its schema is given by `type` and `version`.")

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode("utf-8")

    @classmethod
    def from_bytes(cls, body: bytes) -> Envelope:
        return cls.model_validate_json(body)

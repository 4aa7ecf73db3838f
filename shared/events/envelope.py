"""The envelope every event travels in (DESIGN §3), and how ids are made.

One envelope per AMQP message. `id` is what consumers de-duplicate on, so an event that is re-derived
from the same cause (a redelivered message handled again) gets the same id: see `derived_event_id`.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Fixed namespace for name-based (uuid5) event ids; changing it would break de-duplication.
EVENT_ID_NAMESPACE = uuid.UUID("6f1c2b0e-2d7a-4c55-9a51-7473756e6167")


def utcnow() -> datetime:
    return datetime.now(UTC)


_NAMESPACE_BYTES = EVENT_ID_NAMESPACE.bytes


def derived_event_id(*parts: str) -> str:
    """A deterministic event id from what caused the event (e.g. cause id, event type, a key).

    Handling the same incoming event twice then publishes the same ids, and downstream consumers,
    which de-duplicate by id, see one event. This replaces a transactional outbox.

    The value is `str(uuid.uuid5(EVENT_ID_NAMESPACE, "\\x1f".join(parts)))`, computed without
    building a `UUID` object (ingress derives one per LINE event; a test keeps the two equal).
    """
    name = _NAMESPACE_BYTES + "\x1f".join(parts).encode()
    digest = bytearray(hashlib.sha1(name, usedforsecurity=False).digest()[:16])  # uuid5 is SHA-1 by definition
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


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

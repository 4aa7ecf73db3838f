"""Idempotency by event id: a consumer records each event it has finished with.

Handlers are written so that running one twice has the effect of running it once (upserts keyed on
ids derived from the event, outgoing events with derived ids); the inbox makes the common case —
a redelivered message whose handling already finished — a cheap no-op.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol


class Inbox(Protocol):
    async def seen(self, event_id: str) -> bool: ...

    async def mark(self, event_id: str, event_type: str) -> None: ...


class MongoInbox:
    """Processed event ids in a collection of the consumer's own database (`_id` = event id)."""

    def __init__(self, db: Any, collection: str = "inbox") -> None:
        self._collection = db[collection]

    async def seen(self, event_id: str) -> bool:
        return await self._collection.find_one({"_id": event_id}, {"_id": 1}) is not None

    async def mark(self, event_id: str, event_type: str) -> None:
        await self._collection.update_one(
            {"_id": event_id},
            {"$setOnInsert": {"type": event_type, "processed_at": datetime.now(UTC)}},
            upsert=True,
        )


class MemoryInbox:
    """For tests and for consumers with no database."""

    def __init__(self) -> None:
        self.ids: set[str] = set()

    async def seen(self, event_id: str) -> bool:
        return event_id in self.ids

    async def mark(self, event_id: str, event_type: str) -> None:
        self.ids.add(event_id)

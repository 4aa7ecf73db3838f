"""`event_archive`: every event the read model was made from, kept as it arrived (`_id` = event id).

The archive is what a rebuild replays (workflows/rebuild.py): the facts and the yearly reports can
be thrown away and made again from it, exactly, because each event's effect is idempotent and
order-independent. The events reports consumes carry no text, no LINE id and no names (the
catalogue forbids them), so keeping them is keeping counts and pseudonyms, nothing more. Keeping an
event twice is one document (an upsert on its id).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from shared.events import Envelope

COLLECTION = "event_archive"


class EventArchive:
    def __init__(self, db: Any) -> None:
        self._events = db[COLLECTION]

    async def keep(self, envelope: Envelope) -> None:
        doc = envelope.model_dump(mode="python")
        event_id = doc.pop("id")
        await self._events.update_one({"_id": event_id}, {"$setOnInsert": doc}, upsert=True)

    async def keep_many(self, envelopes: list[Envelope]) -> None:
        """Bulk load (the benchmark and the tests' archive fixtures); ids must be new."""
        docs = []
        for envelope in envelopes:
            doc = envelope.model_dump(mode="python")
            doc["_id"] = doc.pop("id")
            docs.append(doc)
        if docs:
            await self._events.insert_many(docs, ordered=False)

    async def stream(self) -> AsyncIterator[Envelope]:
        """Every archived event, in storage order (the projection does not depend on order); the
        driver's cursor fetches in batches, so memory stays bounded whatever the archive's size."""
        async for doc in self._events.find({}):
            event_id = doc.pop("_id")
            yield Envelope.model_validate({"id": event_id, **doc})

    async def count(self) -> int:
        result: int = await self._events.count_documents({})
        return result

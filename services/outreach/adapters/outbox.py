"""Events that must follow a change to a request or a visit, kept in that document until the broker
confirms them: a per-document outbox, correct on a replica set without transactions.

The change and its events are one single-document update (`$push` onto `outbox`), so a crash or a
broker outage after the change cannot lose them: `deliver` publishes and removes them, and the
periodic `sweep` re-publishes whatever is still there after a grace period (the same envelope ids,
so consumers de-duplicate a repeat). Outreach's events carry ids and codes only (no text, no LINE
id, no address), so the entries are kept as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog

from services.outreach.domain.ports import Publisher
from shared.events import Envelope

log = structlog.get_logger(__name__)


def push(envelopes: Sequence[Envelope], at: datetime) -> dict[str, Any]:
    """The `$push` entry to merge into the update that makes the change."""
    return {"outbox": {"$each": [{"id": e.id, "at": at, "envelope": e.model_dump(mode="json")} for e in envelopes]}}


class Outbox:
    def __init__(self, db: Any, publisher: Publisher) -> None:
        self._db = db
        self._publisher = publisher

    async def deliver(self, collection: str, doc_id: str, envelopes: Sequence[Envelope]) -> bool:
        """Publish and clear; False (logged) leaves them to the sweep, e.g. while the broker is down."""
        if not envelopes:
            return True
        try:
            await self._publisher.publish_all(envelopes)
        except Exception as exc:  # durable in the document; the sweep retries
            log.warning("outbox_deferred", collection=collection, reason=type(exc).__name__, count=len(envelopes))
            return False
        await self._db[collection].update_one(
            {"_id": doc_id}, {"$pull": {"outbox": {"id": {"$in": [e.id for e in envelopes]}}}}
        )
        return True

    async def sweep(self, older_than: datetime, limit: int = 200) -> int:
        """Re-publish entries pending since before `older_than`; returns how many went out."""
        sent = 0
        for collection in ("requests", "visits", "alerts"):
            docs = (
                await self._db[collection]
                .find({"outbox.at": {"$lt": older_than}}, {"outbox": 1})
                .limit(limit)
                .to_list(None)
            )
            for doc in docs:
                envelopes = [Envelope.model_validate(entry["envelope"]) for entry in doc["outbox"]]
                if await self.deliver(collection, doc["_id"], envelopes):
                    sent += len(envelopes)
        return sent

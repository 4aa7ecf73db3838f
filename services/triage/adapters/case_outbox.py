"""Events that must follow a change to a case, kept in the case document until the broker confirms.

The change and its events are one single-document update (`$push` onto `pending_events`), so a crash
or a broker outage after the change cannot lose them: `deliver` publishes and removes them, and the
periodic `sweep` re-publishes whatever is still pending after a grace period (same envelope ids, so
consumers de-duplicate a repeat). Each entry is sealed (context `outbox:<case>:<event>`): an
outbound LINE request carries her LINE id and a counselor's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog

from services.triage.domain.ports import Publisher
from shared.crypto import Keyring, Sealed
from shared.events import Envelope

log = structlog.get_logger(__name__)


def _context(case_id: str, event_id: str) -> str:
    return f"outbox:{case_id}:{event_id}"


class CaseOutbox:
    """The outbox of every case, and the publisher its events go out through."""

    def __init__(self, db: Any, keyring: Keyring, publisher: Publisher) -> None:
        self._cases = db["cases"]
        self._keyring = keyring
        self._publisher = publisher

    def push(self, case_id: str, envelopes: Sequence[Envelope], at: datetime) -> dict[str, Any]:
        """The `$push` to merge into the update that makes the change (`at`: the service's clock)."""
        entries = [
            {
                "id": e.id,
                "at": at,
                "sealed": self._keyring.seal(
                    e.model_dump_json(), context=_context(case_id, e.id)
                ).to_document(),
            }
            for e in envelopes
        ]
        return {"$push": {"pending_events": {"$each": entries}}}

    def _open(self, case_id: str, entry: dict[str, Any]) -> Envelope:
        sealed = Sealed.from_document(entry["sealed"])
        return Envelope.model_validate_json(
            self._keyring.open(sealed, context=_context(case_id, entry["id"]))
        )

    async def deliver(self, case_id: str, envelopes: Sequence[Envelope]) -> bool:
        """Publish and clear; False (logged) leaves them to the sweep, e.g. while the broker is down."""
        if not envelopes:
            return True
        try:
            await self._publisher.publish_all(envelopes)
        except Exception as exc:  # the events are durable in the case document; the sweep retries
            log.warning("outbox_deferred", case_id=case_id, reason=type(exc).__name__, count=len(envelopes))
            return False
        await self._cases.update_one(
            {"_id": case_id}, {"$pull": {"pending_events": {"id": {"$in": [e.id for e in envelopes]}}}}
        )
        return True

    async def sweep(self, older_than: datetime, limit: int = 100) -> int:
        """Re-publish entries pending since before `older_than`; returns how many went out."""
        docs = (
            await self._cases.find({"pending_events.at": {"$lt": older_than}}, {"pending_events": 1})
            .limit(limit)
            .to_list(None)
        )
        sent = 0
        for doc in docs:
            envelopes = [self._open(doc["_id"], entry) for entry in doc["pending_events"]]
            if await self.deliver(doc["_id"], envelopes):
                sent += len(envelopes)
        return sent

"""`messages`: what a consulter sent, per case. Text and the risk reasons' matched words are sealed
(AES-GCM, context = kind:case:message, so a ciphertext cannot be moved to another record); other
kinds keep only their kind. Unsend deletes every ciphertext of the message and keeps a marker.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.triage.risk.levels import Assessment
from shared.crypto import Keyring, Sealed

SEALED_FIELDS = ("text", "edited_text", "risk_detail")


class InsertResult(StrEnum):
    INSERTED = "inserted"
    EXISTED = "existed"  # the same message id: a retry of the same event
    DUPLICATE = "duplicate"  # the same LINE message or webhook event under another id


@dataclass(frozen=True, slots=True)
class StoredText:
    message_id: str
    at: datetime
    text: str


def _context(field: str, case_id: str, message_id: str) -> str:
    return f"{field}:{case_id}:{message_id}"


class MessageRepository:
    def __init__(self, db: Any, keyring: Keyring) -> None:
        self._messages = db["messages"]
        self._keyring = keyring

    def seal_field(self, field: str, value: str, case_id: str, message_id: str) -> dict[str, object]:
        return self._keyring.seal(value, context=_context(field, case_id, message_id)).to_document()

    def open_field(self, doc: dict[str, Any], field: str) -> str | None:
        """The plaintext of a sealed field of a stored message (for the counselor's view)."""
        if not doc.get(field):
            return None
        sealed = Sealed.from_document(doc[field])
        return self._keyring.open(sealed, context=_context(field, doc["case_id"], doc["_id"]))

    async def insert_inbound(
        self,
        *,
        message_id: str,
        case_id: str,
        consulter_id: str,
        kind: str,
        at: datetime,
        text: str | None,
        line_message_id: str,
        webhook_event_id: str,
        assessment: Assessment | None,
    ) -> InsertResult:
        """Store her message, its assessment included (one write: fewer round trips per message)."""
        doc: dict[str, Any] = {
            "_id": message_id,
            "case_id": case_id,
            "consulter_id": consulter_id,
            "direction": "in",
            "kind": kind,
            "at": at,
            "line_message_id": line_message_id,
            "webhook_event_id": webhook_event_id,
            "hidden": False,
            "text": self.seal_field("text", text, case_id, message_id) if text is not None else None,
        }
        if assessment is not None:
            doc.update(self._assessment_fields(case_id, message_id, assessment))
        try:
            await self._messages.insert_one(doc)
        except DuplicateKeyError:
            # Our own id: an earlier attempt of this event stored it. Another id: the same LINE
            # message reached us under another webhook event.
            existing = await self._messages.find_one({"_id": message_id}, {"_id": 1})
            return InsertResult.EXISTED if existing else InsertResult.DUPLICATE
        return InsertResult.INSERTED

    async def exists_line_message(self, line_message_id: str) -> str | None:
        """The id of the stored message with this LINE id, if any."""
        doc = await self._messages.find_one({"line_message_id": line_message_id}, {"_id": 1})
        return str(doc["_id"]) if doc else None

    async def get(self, message_id: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._messages.find_one({"_id": message_id})
        return result

    async def recent_texts(self, case_id: str, *, until: datetime, exclude: str, limit: int) -> list[str]:
        """Up to `limit` of her visible texts in the case written up to `until`, oldest first."""
        return [text for text, _at in await self.recent_messages(case_id, until=until, exclude=exclude, limit=limit)]

    async def recent_messages(
        self, case_id: str, *, until: datetime, exclude: str, limit: int
    ) -> list[tuple[str, datetime]]:
        """Up to `limit` of her visible texts in the case written up to `until`, with their times,
        oldest first (the risk assessment's case view reads them together)."""
        if limit <= 0:
            return []
        query = {
            "case_id": case_id,
            "direction": "in",
            "kind": "text",
            "hidden": False,
            "at": {"$lte": until},
            "_id": {"$ne": exclude},
        }
        cursor = self._messages.find(query).sort([("at", -1), ("_id", -1)]).limit(limit)
        docs = await cursor.to_list(None)
        found = [
            (self.open_field(doc, "edited_text") or self.open_field(doc, "text"), _aware(doc["at"])) for doc in docs
        ]
        return [(text, at) for text, at in reversed(found) if text]

    async def latest_assessment(self, case_id: str) -> dict[str, Any] | None:
        """The level and rule ids of her latest assessed message (never the matched words)."""
        doc = await self._messages.find_one(
            {"case_id": case_id, "direction": "in", "risk": {"$ne": None}}, {"risk": 1}, sort=[("at", -1)]
        )
        found: dict[str, Any] | None = doc.get("risk") if doc else None
        return found

    def _assessment_fields(self, case_id: str, message_id: str, assessment: Assessment) -> dict[str, Any]:
        """The level and rule ids in clear (for queries), the full reasons with spans sealed."""
        detail = json.dumps(
            [
                {
                    "rule_id": r.rule_id,
                    "level": r.level.value,
                    "span": r.span,
                    "start": r.start,
                    "end": r.end,
                    "flags": list(r.flags),
                    "description": r.description,
                }
                for r in assessment.reasons
            ],
            ensure_ascii=False,
        )
        return {
            "risk": {
                "level": assessment.level.value,
                "rule_ids": [r.rule_id for r in assessment.reasons],
                "uncertain": assessment.uncertain,
                "alternative": assessment.alternative.value if assessment.alternative else None,
            },
            "risk_detail": self.seal_field("risk_detail", detail, case_id, message_id),
        }

    async def store_assessment(self, doc: dict[str, Any], assessment: Assessment) -> None:
        """Replace a stored message's assessment (after she edited it)."""
        fields = self._assessment_fields(doc["case_id"], doc["_id"], assessment)
        await self._messages.update_one({"_id": doc["_id"], "hidden": False}, {"$set": fields})

    async def edit(self, line_message_id: str, text: str, at: datetime) -> dict[str, Any] | None:
        """Keep her edited text beside the original (both sealed); None if we never stored it."""
        doc = await self._messages.find_one({"line_message_id": line_message_id, "hidden": False})
        if doc is None:
            return None
        sealed = self.seal_field("edited_text", text, doc["case_id"], doc["_id"])
        result: dict[str, Any] | None = await self._messages.find_one_and_update(
            {"_id": doc["_id"]},
            {"$set": {"edited_text": sealed, "edited_at": at}},
            return_document=ReturnDocument.AFTER,
        )
        return result

    async def hide(self, line_message_id: str, at: datetime) -> dict[str, Any] | None:
        """She unsent it: delete every ciphertext, keep that a message was there and was unsent."""
        result: dict[str, Any] | None = await self._messages.find_one_and_update(
            {"line_message_id": line_message_id},
            {"$set": {"hidden": True, "unsent_at": at, **dict.fromkeys(SEALED_FIELDS)}},
            return_document=ReturnDocument.AFTER,
        )
        return result


def _aware(value: datetime) -> datetime:
    # The substitute (and a client without tz_aware) hands back naive UTC datetimes.
    return value if value.tzinfo else value.replace(tzinfo=UTC)

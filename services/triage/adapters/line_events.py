"""`line_events`: one record per LINE event (`_id` = webhookEventId), whatever its type.

It is the ledger of what triage received — type, source kind, mode, what was done — never the
content (no text, no raw ids, no reply token). Claiming it tells a handler whether a second envelope
carries an event already handled, and which envelope first carried it: outgoing event ids derive
from that first envelope, so every retry publishes the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from shared.crypto import Keyring, Sealed


@dataclass(frozen=True, slots=True)
class Claim:
    cause_id: str  # id of the first envelope that carried this LINE event
    done: bool  # its handling finished and its events were confirmed


class LineEventLog:
    def __init__(self, db: Any, keyring: Keyring) -> None:
        self._events = db["line_events"]
        self._keyring = keyring

    async def claim(
        self,
        key: str,
        *,
        envelope_id: str,
        event_type: str,
        source_kind: str,
        mode: str,
        at: datetime,
        received_at: datetime,
    ) -> Claim:
        record = {
            "_id": key,
            "envelope_id": envelope_id,
            "event_type": event_type,
            "source_kind": source_kind,
            "mode": mode,
            "at": at,
            "received_at": received_at,
            "done": False,
        }
        try:
            # Nearly always the first delivery: one insert, no read.
            await self._events.insert_one(record)
            return Claim(cause_id=envelope_id, done=False)
        except DuplicateKeyError:
            doc = await self._events.find_one({"_id": key}, {"envelope_id": 1, "done": 1})
        if doc is None:  # deleted in between (retention purge): handle as new
            return Claim(cause_id=envelope_id, done=False)
        return Claim(cause_id=str(doc["envelope_id"]), done=bool(doc.get("done")))

    async def finish(self, key: str, *, outcome: str, consulter_id: str | None, case_id: str | None) -> None:
        """Mark the event handled: its effects are stored and its outgoing events confirmed."""
        await self._events.update_one(
            {"_id": key},
            {"$set": {"done": True, "outcome": outcome, "consulter_id": consulter_id, "case_id": case_id}},
        )

    async def attach_postback(self, key: str, data: str) -> None:
        """Keep a postback's data (intake answers, part 2), sealed: it can say something about her."""
        sealed = self._keyring.seal(data, context=f"postback:{key}")
        await self._events.update_one({"_id": key}, {"$set": {"postback": sealed.to_document()}})

    async def postback(self, key: str) -> str | None:
        doc = await self._events.find_one({"_id": key}, {"postback": 1})
        if not doc or not doc.get("postback"):
            return None
        return self._keyring.open(Sealed.from_document(doc["postback"]), context=f"postback:{key}")

    async def get(self, key: str) -> dict[str, Any] | None:
        result: dict[str, Any] | None = await self._events.find_one({"_id": key})
        return result

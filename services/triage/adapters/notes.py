"""`notes`: counselors' notes on a case, sealed (context `note:<case>:<note>`). Insert-only: a
correction is a new note, so the record of what was known when stays intact."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from shared.crypto import Keyring, Sealed


class NoteRepository:
    def __init__(self, db: Any, keyring: Keyring) -> None:
        self._notes = db["notes"]
        self._keyring = keyring

    async def add(self, case_id: str, author_id: str, text: str, at: datetime, kind: str = "note") -> str:
        note_id = str(uuid.uuid4())
        sealed = self._keyring.seal(text, context=f"note:{case_id}:{note_id}")
        await self._notes.insert_one(
            {
                "_id": note_id,
                "case_id": case_id,
                "author_id": author_id,
                "kind": kind,
                "at": at,
                "text": sealed.to_document(),
            }
        )
        return note_id

    async def for_case(self, case_id: str) -> list[dict[str, Any]]:
        docs = await self._notes.find({"case_id": case_id}).sort("at", 1).to_list(None)
        return [
            {
                "id": d["_id"],
                "author_id": d["author_id"],
                "kind": d.get("kind", "note"),
                "at": d["at"],
                "text": self._keyring.open(
                    Sealed.from_document(d["text"]), context=f"note:{case_id}:{d['_id']}"
                ),
            }
            for d in docs
        ]

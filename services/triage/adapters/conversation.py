"""A case's conversation for the console: her messages, the counselors' replies and what the system
sent her (acknowledgements, the out-of-hours reply, the satisfaction question), opened.

Replies and system texts are stored in `messages` beside hers (`direction: "out"`, text sealed with
the same context scheme as hers, `request_id` linking the LINE send to its delivery record). A system
text has no author and says which text it was (`system`: its purpose) and in which language it went
(`lang`), so a Japanese gloss can be joined to it. A reply sent again after a failure keeps its
earlier request ids in `previous_request_ids`. Opening happens only here, for a counselor's or
supervisor's view that the API has already audited.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from services.triage.adapters.messages import MessageRepository


class Conversation:
    def __init__(self, db: Any, messages: MessageRepository) -> None:
        self._messages_col = db["messages"]
        self._messages = messages

    async def add_reply(
        self,
        *,
        message_id: str,
        case_id: str,
        consulter_id: str,
        author_id: str,
        text: str,
        at: datetime,
        request_id: str,
    ) -> None:
        sealed = self._messages.seal_field("text", text, case_id, message_id)
        await self._messages_col.insert_one(
            {
                "_id": message_id,
                "case_id": case_id,
                "consulter_id": consulter_id,
                "direction": "out",
                "kind": "text",
                "at": at,
                "author_id": author_id,
                "request_id": request_id,
                "hidden": False,
                "text": sealed,
            }
        )

    async def add_system(
        self,
        *,
        message_id: str,
        case_id: str,
        consulter_id: str,
        purpose: str,
        text: str,
        at: datetime,
        request_id: str,
        lang: str = "ja",
        gloss: str | None = None,
    ) -> None:
        """A text the system sent her; idempotent (`message_id` derives from its cause). `gloss`:
        the same text in Japanese, for the counselor, when it went in another language (the
        system's own words, so not sealed)."""
        doc = {
            "_id": message_id,
            "case_id": case_id,
            "consulter_id": consulter_id,
            "direction": "out",
            "kind": "text",
            "at": at,
            "author_id": None,
            "system": purpose,
            "lang": lang,
            "gloss": gloss,
            "request_id": request_id,
            "hidden": False,
            "text": self._messages.seal_field("text", text, case_id, message_id),
        }
        try:
            await self._messages_col.insert_one(doc)
        except DuplicateKeyError:
            pass  # a retry of the same event stored it already

    async def reply_of(self, case_id: str, message_id: str) -> dict[str, Any] | None:
        """A counselor's reply in this case (not hers, not a system text), with its text opened."""
        doc = await self._messages_col.find_one(
            {"_id": message_id, "case_id": case_id, "direction": "out", "author_id": {"$ne": None}}
        )
        return {**doc, "text": self._messages.open_field(doc, "text")} if doc else None

    async def switch_request(self, message_id: str, old: str, new: str) -> bool:
        """Point the reply at its new send; False when another resend won (or it changed)."""
        result = await self._messages_col.update_one(
            {"_id": message_id, "request_id": old},
            {"$set": {"request_id": new}, "$push": {"previous_request_ids": old}},
        )
        return bool(result.modified_count == 1)

    async def timeline(self, case_id: str) -> list[dict[str, Any]]:
        docs = await self._messages_col.find({"case_id": case_id}).sort([("at", 1), ("_id", 1)]).to_list(None)
        return [self._view(doc) for doc in docs]

    def _view(self, doc: dict[str, Any]) -> dict[str, Any]:
        detail = self._messages.open_field(doc, "risk_detail")
        return {
            "id": doc["_id"],
            "direction": doc["direction"],
            "kind": doc["kind"],
            "at": doc["at"],
            "text": self._messages.open_field(doc, "text"),
            "edited_text": self._messages.open_field(doc, "edited_text"),
            "hidden": bool(doc.get("hidden")),
            "author_id": doc.get("author_id"),
            "system": doc.get("system"),
            "lang": doc.get("lang"),
            "gloss": doc.get("gloss"),
            "request_id": doc.get("request_id"),
            "previous_request_ids": doc.get("previous_request_ids", []),
            "risk": doc.get("risk"),
            # The reasons with the matched words (spans): for the counselor, never for a log.
            "risk_reasons": json.loads(detail) if detail else [],
        }

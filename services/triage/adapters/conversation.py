"""A case's conversation for the console: her messages and the counselors' replies, opened.

Counselor replies are stored in `messages` beside hers (`direction: "out"`, text sealed with the same
context scheme as hers, `request_id` linking the LINE send to its delivery record). Opening happens
only here, for a counselor's or supervisor's view that the API has already audited.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

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
            "request_id": doc.get("request_id"),
            "risk": doc.get("risk"),
            # The reasons with the matched words (spans): for the counselor, never for a log.
            "risk_reasons": json.loads(detail) if detail else [],
        }

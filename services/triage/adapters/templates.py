"""`reply_templates`: canned replies supervisors keep for counselors (a title and a text). They hold
no consulter data, so they are not sealed; a counselor inserts one into the reply box and edits it
before sending. Removing one only hides it (`active: false`): what was sent stays explainable."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

FIELDS = {"_id": 1, "title": 1, "text": 1, "updated_at": 1, "updated_by": 1}


class ReplyTemplates:
    def __init__(self, db: Any) -> None:
        self._templates = db["reply_templates"]

    async def active(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._templates.find({"active": True}, FIELDS).sort("title", 1).to_list(None)
        )
        return [{"id": d.pop("_id"), **d} for d in found]

    async def add(self, title: str, text: str, at: datetime, by: str) -> str:
        template_id = str(uuid.uuid4())
        await self._templates.insert_one(
            {"_id": template_id, "title": title, "text": text, "active": True, "updated_at": at, "updated_by": by}
        )
        return template_id

    async def change(self, template_id: str, title: str, text: str, at: datetime, by: str) -> bool:
        result = await self._templates.update_one(
            {"_id": template_id, "active": True},
            {"$set": {"title": title, "text": text, "updated_at": at, "updated_by": by}},
        )
        return bool(result.matched_count == 1)

    async def remove(self, template_id: str, at: datetime, by: str) -> bool:
        result = await self._templates.update_one(
            {"_id": template_id, "active": True}, {"$set": {"active": False, "updated_at": at, "updated_by": by}}
        )
        return bool(result.matched_count == 1)
